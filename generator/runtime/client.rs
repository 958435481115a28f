//! The HTTP client: configuration, authentication, sending a request and reading its response.
//! Part of the runtime that `flex-codegen` copies into every crate it generates; the generated
//! operations (one method each, in `operations/`) all go through `Client::send`.
//!
//! The same text serves every spec, so `lib.rs` allows dead code in this module: a spec with no
//! operations, or none without a response body, leaves some crate-private helpers unused.

use crate::error::{ApiError, DecodeError, Error};
use reqwest::header::{self, HeaderMap, HeaderValue};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// How long a request may take, from sending it to reading the last byte of the response,
/// unless [`ClientBuilder::timeout`] says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Response headers that carry the server's ID for a request, in the order they are tried.
const REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "request-id", "x-amzn-requestid"];

/// A client for the API. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: url::Url,
    /// `Bearer <key>`, marked sensitive so that the HTTP stack never logs it.
    authorization: Option<HeaderValue>,
    user_agent: HeaderValue,
    timeout: Duration,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("timeout", &self.inner.timeout)
            .field(
                "api_key",
                &self.inner.authorization.as_ref().map(|_| "<redacted>"),
            )
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client with the given API key and every other setting at its default.
    pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
        Client::builder().api_key(api_key).build()
    }

    /// A builder for a client with settings other than the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The URL that request paths are appended to.
    pub fn base_url(&self) -> &url::Url {
        &self.inner.base_url
    }

    /// How long one request may take.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// Sends one request and decodes a JSON response body into `T`.
    pub(crate) async fn send<B, T>(&self, request: Request<'_, B>) -> Result<T, Error>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        let response = self.execute(request).await?;
        response.decode()
    }

    /// Sends one request and hands back the raw response, for bodies that are not JSON and for
    /// operations whose success statuses have different bodies.
    pub(crate) async fn send_raw<B>(&self, request: Request<'_, B>) -> Result<RawResponse, Error>
    where
        B: Serialize + ?Sized,
    {
        self.execute(request).await
    }

    /// Sends one request whose successful response has no body the caller needs.
    pub(crate) async fn send_empty<B>(&self, request: Request<'_, B>) -> Result<(), Error>
    where
        B: Serialize + ?Sized,
    {
        self.execute(request).await.map(|_| ())
    }

    async fn execute<B>(&self, request: Request<'_, B>) -> Result<RawResponse, Error>
    where
        B: Serialize + ?Sized,
    {
        let inner = &*self.inner;
        let url = self.url(&request.path, &request.query)?;
        let mut builder = inner
            .http
            .request(request.method, url.clone())
            .timeout(inner.timeout)
            .header(header::USER_AGENT, inner.user_agent.clone())
            .header(header::ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(authorization) = &inner.authorization {
            builder = builder.header(header::AUTHORIZATION, authorization.clone());
        }
        for (name, value) in &request.headers {
            let value = HeaderValue::from_str(value).map_err(|_| {
                Error::InvalidRequest(format!("header `{name}` has a value that cannot be sent"))
            })?;
            builder = builder.header(*name, value);
        }
        if let Some(raw) = request.raw_body {
            let content_type = HeaderValue::from_str(&raw.content_type).map_err(|_| {
                Error::InvalidRequest(format!(
                    "`{}` is not a valid Content-Type",
                    raw.content_type
                ))
            })?;
            builder = builder
                .header(header::CONTENT_TYPE, content_type)
                .body(raw.bytes);
        }
        if let Some(body) = request.body {
            // From the spec; checked here rather than trusted, since `from_static` would panic.
            let content_type = HeaderValue::from_str(request.content_type).map_err(|_| {
                Error::InvalidRequest(format!(
                    "`{}` is not a valid Content-Type",
                    request.content_type
                ))
            })?;
            let bytes = serde_json::to_vec(body).map_err(|e| {
                Error::InvalidRequest(format!("could not encode the request body: {e}"))
            })?;
            builder = builder
                .header(header::CONTENT_TYPE, content_type)
                .body(bytes);
        }
        let transport = |source: reqwest::Error| {
            if source.is_timeout() {
                Error::Timeout {
                    url: url.to_string(),
                    timeout: inner.timeout,
                }
            } else {
                Error::Transport {
                    url: url.to_string(),
                    source,
                }
            }
        };
        let response = builder.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport)?;
        let raw = RawResponse {
            status,
            headers,
            body,
        };
        if (200..300).contains(&status) {
            Ok(raw)
        } else {
            Err(Error::Api(Box::new(ApiError::from_response(
                status,
                raw.request_id(),
                &raw.body,
            ))))
        }
    }

    /// The base URL, then the (already percent-encoded) path, then the query.
    fn url(&self, path: &str, query: &[(String, String)]) -> Result<url::Url, Error> {
        let base = self.inner.base_url.as_str().trim_end_matches('/');
        let mut url = url::Url::parse(&format!("{base}{path}")).map_err(|e| {
            Error::InvalidRequest(format!("`{base}{path}` is not a valid URL: {e}"))
        })?;
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        }
        Ok(url)
    }
}

/// One request, as a generated operation describes it.
pub(crate) struct Request<'a, B: ?Sized> {
    pub(crate) method: reqwest::Method,
    /// The path with its parameters already percent-encoded.
    pub(crate) path: String,
    /// Query parameters that were set, in spec order.
    pub(crate) query: Vec<(String, String)>,
    /// Header parameters that were set, in spec order.
    pub(crate) headers: Vec<(&'static str, String)>,
    /// A body to send as JSON.
    pub(crate) body: Option<&'a B>,
    /// The media type of a JSON body, as the spec names it.
    pub(crate) content_type: &'static str,
    /// A body already encoded (form, multipart, text, bytes).
    pub(crate) raw_body: Option<RawBody>,
}

/// A request body in its final bytes, with its media type. Cheap to clone, so a request can be
/// sent again.
#[derive(Clone, Debug)]
pub(crate) struct RawBody {
    content_type: String,
    bytes: bytes::Bytes,
}

impl RawBody {
    pub(crate) fn new(content_type: impl Into<String>, bytes: impl Into<bytes::Bytes>) -> Self {
        RawBody {
            content_type: content_type.into(),
            bytes: bytes.into(),
        }
    }
}

/// A response with a success status, its body read.
pub(crate) struct RawResponse {
    status: u16,
    headers: HeaderMap,
    body: bytes::Bytes,
}

impl RawResponse {
    pub(crate) fn status(&self) -> u16 {
        self.status
    }

    pub(crate) fn into_bytes(self) -> bytes::Bytes {
        self.body
    }

    /// The body as text; a body that is not UTF-8 is a decode error.
    pub(crate) fn into_text(self) -> Result<String, Error> {
        match String::from_utf8(self.body.to_vec()) {
            Ok(text) => Ok(text),
            Err(e) => Err(Error::Decode(Box::new(DecodeError::new(
                self.status,
                None,
                format!("the body is not UTF-8 text: {e}"),
                self.content_type(),
                self.request_id(),
                &self.body,
            )))),
        }
    }

    /// A success status the spec does not list for this operation.
    pub(crate) fn unexpected_status(&self) -> Error {
        Error::Decode(Box::new(DecodeError::new(
            self.status,
            None,
            format!(
                "HTTP {} is not a status this operation documents",
                self.status
            ),
            self.content_type(),
            self.request_id(),
            &self.body,
        )))
    }

    fn content_type(&self) -> Option<String> {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    fn request_id(&self) -> Option<String> {
        REQUEST_ID_HEADERS
            .iter()
            .find_map(|name| self.headers.get(*name))
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    }

    /// Decodes the body, naming the path of the field that failed (`a.b[0].c`) when one does.
    pub(crate) fn decode<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        let value = match serde_path_to_error::deserialize(&mut deserializer) {
            Ok(value) => value,
            Err(error) => {
                let path = error.path().to_string();
                let path = (path != ".").then_some(path);
                return Err(self.decode_error(path, error.into_inner()));
            }
        };
        // Trailing bytes after the document mean the body is not the JSON we expect either.
        match deserializer.end() {
            Ok(()) => Ok(value),
            Err(error) => Err(self.decode_error(None, error)),
        }
    }

    fn decode_error(&self, path: Option<String>, error: serde_json::Error) -> Error {
        Error::Decode(Box::new(DecodeError::new(
            self.status,
            path,
            error.to_string(),
            self.content_type(),
            self.request_id(),
            &self.body,
        )))
    }
}

/// Settings for a [`Client`]. Every setting but the API key has a default.
#[derive(Default)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The API key, sent as `Authorization: Bearer <key>`.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// Where requests go, instead of [`crate::DEFAULT_BASE_URL`] (a mock server in tests, say).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// How long one request may take, from sending it to reading the whole response;
    /// [`DEFAULT_TIMEOUT`] if not set.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// A `User-Agent` to send instead of the crate's own (`<crate>-rust/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// A `reqwest::Client` of the caller's (to share a connection pool or set a proxy). The
    /// timeout, user agent and authorization of this builder still apply to every request.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let authorization = match self.api_key {
            Some(key) => Some(authorization(&key)?),
            None if crate::AUTH_REQUIRED => {
                return Err(Error::Config(
                    "an API key is required: call `ClientBuilder::api_key`".to_owned(),
                ));
            }
            None => None,
        };
        let base_url = match self.base_url.as_deref().or(crate::DEFAULT_BASE_URL) {
            Some(base_url) => parse_base_url(base_url)?,
            None => {
                return Err(Error::Config(
                    "the spec names no absolute server URL: call `ClientBuilder::base_url`"
                        .to_owned(),
                ));
            }
        };
        let user_agent = self.user_agent.as_deref().unwrap_or(crate::USER_AGENT);
        let user_agent = HeaderValue::from_str(user_agent).map_err(|_| {
            Error::Config(format!(
                "`{user_agent}` cannot be sent as a User-Agent header"
            ))
        })?;
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        if timeout.is_zero() {
            return Err(Error::Config(
                "the timeout must be longer than zero".to_owned(),
            ));
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .build()
                .map_err(|e| Error::Config(format!("could not set up the HTTP client: {e}")))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                authorization,
                user_agent,
                timeout,
            }),
        })
    }
}

/// The `Authorization` header for a key. Errors never repeat the key.
fn authorization(key: &str) -> Result<HeaderValue, Error> {
    if key.trim().is_empty() {
        return Err(Error::Config("the API key is empty".to_owned()));
    }
    let mut value = HeaderValue::from_str(&format!("Bearer {key}")).map_err(|_| {
        Error::Config("the API key contains characters that cannot be sent in a header".to_owned())
    })?;
    value.set_sensitive(true);
    Ok(value)
}

fn parse_base_url(base_url: &str) -> Result<url::Url, Error> {
    let url = url::Url::parse(base_url)
        .map_err(|e| Error::Config(format!("base URL `{base_url}` is not a valid URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(Error::Config(format!(
            "base URL `{base_url}` must be an http or https URL"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!(
            "base URL `{base_url}` must not have a query or fragment"
        )));
    }
    Ok(url)
}
