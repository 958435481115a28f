//! The loopback server: a mock server and a client pointed at it, the request each call must
//! send, and the typed checks (`checks::typed`) of what each call decoded.

use super::*;

/// The body a call must send.
pub enum Body {
    /// No body at all.
    None,
    /// This JSON, exactly.
    Json(Value),
    /// Something else (multipart), checked by the test itself.
    Other,
}

/// The request one call must send.
pub struct Expect {
    pub method: &'static str,
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    pub body: Body,
}

impl Expect {
    pub fn new(method: &'static str, path: impl Into<String>) -> Self {
        Expect {
            method,
            path: path.into(),
            query: Vec::new(),
            body: Body::None,
        }
    }

    pub fn get(path: impl Into<String>) -> Self {
        Self::new("GET", path)
    }

    pub fn post(path: impl Into<String>) -> Self {
        Self::new("POST", path)
    }

    pub fn patch(path: impl Into<String>) -> Self {
        Self::new("PATCH", path)
    }

    pub fn put(path: impl Into<String>) -> Self {
        Self::new("PUT", path)
    }

    pub fn delete(path: impl Into<String>) -> Self {
        Self::new("DELETE", path)
    }

    /// A query parameter, in the order the client sends them (the spec's).
    pub fn query(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.query.push((name, value.into()));
        self
    }

    pub fn json(mut self, body: Value) -> Self {
        self.body = Body::Json(body);
        self
    }

    pub fn other_body(mut self) -> Self {
        self.body = Body::Other;
        self
    }
}

/// A mock server and a client pointed at it, reused for every call of a test (building a client
/// loads TLS roots, which is slow enough to matter here).
pub struct Loopback {
    pub server: MockServer,
    pub client: Client,
}

impl Loopback {
    pub async fn start() -> Self {
        let server = MockServer::start().await;
        let client = flex(&server);
        Loopback { server, client }
    }

    /// Answers `response` to the request `expect` describes (only that request matches), runs
    /// `call`, checks what it sent and returns what it decoded, once [`typed`] has looked at it
    /// (no field outside its type's named ones, no enum value its type does not know).
    pub async fn exchange<T: Debug>(
        &self,
        label: &str,
        expect: &Expect,
        response: &Value,
        call: impl Future<Output = flex_client::Result<T>>,
    ) -> T {
        self.server.reset().await;
        let mut mock = Mock::given(method(expect.method)).and(path(expect.path.as_str()));
        for (name, value) in &expect.query {
            mock = mock.and(query_param(*name, value.as_str()));
        }
        if let Body::Json(body) = &expect.body {
            mock = mock.and(body_json(body));
        }
        mock.respond_with(ResponseTemplate::new(200).set_body_json(response))
            .mount(&self.server)
            .await;

        let result = call.await;

        let request = self.last_request(label).await;
        assert_eq!(request.method.as_str(), expect.method, "{label}: method");
        assert_eq!(request.url.path(), expect.path, "{label}: path");
        let sent: Vec<(String, String)> = request
            .url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let wanted: Vec<(String, String)> = expect
            .query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        assert_eq!(
            sent,
            wanted,
            "{label}: query string {:?}",
            request.url.query()
        );
        let content_type = request_header(&request, "content-type");
        match &expect.body {
            Body::None => assert!(
                request.body.is_empty(),
                "{label}: no body expected, sent {}",
                String::from_utf8_lossy(&request.body)
            ),
            Body::Json(body) => {
                assert_eq!(content_type, Some("application/json"), "{label}");
                let sent: Value = serde_json::from_slice(&request.body)
                    .unwrap_or_else(|e| panic!("{label}: the body is not JSON: {e}"));
                assert_eq!(&sent, body, "{label}: body");
            }
            Body::Other => {}
        }
        let decoded = result.unwrap_or_else(|e| panic!("{label}: the call failed: {e}"));
        typed(label, &decoded);
        decoded
    }

    /// The one request the server received since the last `exchange` began.
    pub async fn last_request(&self, label: &str) -> wiremock::Request {
        let mut requests = received(&self.server).await;
        assert_eq!(requests.len(), 1, "{label}: one request, no retries");
        requests.remove(0)
    }
}
