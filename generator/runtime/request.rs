//! The request a generated operation builds: [`Request`], its [`Query`] and its [`Body`], each
//! encoded once, up front, so that a retry sends the same bytes. Part of the runtime that
//! `flex-codegen` copies into every crate it generates.
//!
//! A generated operation reads like this:
//!
//! ```text
//! let mut path = String::from("/v1/checkout/sessions/");
//! path.push_str(&path_segment("id", id)?);
//! let query = Query::new().form("expand_customer", &params.expand_customer)?;
//! let request = Request::new(Method::GET, "retrieveCheckoutSession", "/v1/checkout/sessions/{id}", path)
//!     .query(query)
//!     .header("x-trace-id", &params.x_trace_id)?;
//! self.send(request).await
//! ```
//!
//! Values go through `serde`, so enums, arrays, objects and unions are written the way their
//! JSON is.

use crate::config::{Config, RequestOptions};
use crate::error::Error;
use crate::multipart::Multipart;
use crate::params::{Encoding, Query, cookie_pairs, encode, scalar_text, to_json};
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use serde::ser::{Serialize, SerializeMap, Serializer};

pub(crate) use reqwest::Method;

/// The header that lets the server recognize a request it has already carried out.
pub(crate) const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// One request, as a generated operation describes it.
pub(crate) struct Request {
    pub(crate) method: Method,
    /// The spec's `operationId`, for tracing.
    pub(crate) operation: &'static str,
    /// The path as the spec writes it (`/v1/things/{id}`), for tracing: unlike the path sent, it
    /// holds no IDs.
    pub(crate) path_template: &'static str,
    /// The path with its parameters already percent-encoded.
    pub(crate) path: String,
    /// Query parameters that were set, in spec order.
    pub(crate) query: Query,
    /// Header parameters that were set, in spec order.
    pub(crate) header_params: Vec<(&'static str, String)>,
    /// Cookie parameters that were set, as `name=value` pairs (values escaped), in spec order:
    /// sent as one `Cookie` header.
    pub(crate) cookies: Vec<String>,
    pub(crate) body: Body,
}

impl Request {
    /// A request without query, header parameters or body. `path` is the path to send, its
    /// parameters encoded with [`path_segment`]; `path_template` the spec's, for tracing.
    pub(crate) fn new(
        method: Method,
        operation: &'static str,
        path_template: &'static str,
        path: impl Into<String>,
    ) -> Self {
        Request {
            method,
            operation,
            path_template,
            path: path.into(),
            query: Query::new(),
            header_params: Vec::new(),
            cookies: Vec::new(),
            body: Body::Empty,
        }
    }

    /// The query parameters.
    pub(crate) fn query(mut self, query: Query) -> Self {
        self.query = query;
        self
    }

    /// A header parameter, written the way OpenAPI's `simple` style says: a scalar as it is, an
    /// array comma-joined. `None` (JSON `null`) adds nothing, so optional headers are sent only
    /// when set. The value is checked when the request is sent.
    pub(crate) fn header<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Self, Error> {
        self.header_as(name, value, Encoding::Joined)
    }

    /// A header parameter written as `encoding` says (an object exploded, or as JSON).
    pub(crate) fn header_as<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        encoding: Encoding,
    ) -> Result<Self, Error> {
        if let Some(value) = encode(name, value, encoding)? {
            self.header_params.push((name, value));
        }
        Ok(self)
    }

    /// A cookie parameter, written in `form` style (or as JSON) with its value escaped; every
    /// cookie parameter set goes into one `Cookie` header. `None` adds nothing.
    pub(crate) fn cookie<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        encoding: Encoding,
    ) -> Result<Self, Error> {
        self.cookies.extend(cookie_pairs(name, value, encoding)?);
        Ok(self)
    }

    /// The body.
    pub(crate) fn body(mut self, body: Body) -> Self {
        self.body = body;
        self
    }

    /// The base URL, then the (already percent-encoded) path, then the query.
    pub(crate) fn url(&self, base_url: &url::Url) -> Result<url::Url, Error> {
        let base = base_url.as_str().trim_end_matches('/');
        let path = &self.path;
        let mut url = url::Url::parse(&format!("{base}{path}")).map_err(|e| {
            Error::InvalidRequest(format!("`{base}{path}` is not a valid URL: {e}"))
        })?;
        let pairs = self.query.pairs();
        if !pairs.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        }
        Ok(url)
    }

    /// The `Idempotency-Key` to send, if any: none for a request that changes nothing (GET);
    /// the key given for the call ([`RequestOptions::idempotency_key`]) if the request may take
    /// it; otherwise a new one, unless the client generates none.
    pub(crate) fn idempotency_key(
        &self,
        config: &Config,
        options: &RequestOptions,
        url: &url::Url,
        body: Option<&bytes::Bytes>,
    ) -> Result<Option<String>, Error> {
        if crate::retry::is_safe(&self.method) {
            return Ok(None);
        }
        match &options.idempotency_key {
            Some(key) => {
                let mut hasher = std::hash::DefaultHasher::new();
                std::hash::Hash::hash(&(self.method.as_str(), url.as_str(), body), &mut hasher);
                key.claim(std::hash::Hasher::finish(&hasher))
                    .map(|key| Some(key.to_owned()))
            }
            None if config.idempotency_keys => Ok(Some(crate::support::new_idempotency_key())),
            None => Ok(None),
        }
    }

    /// Every header of the request: the client's, the body's content type, the header
    /// parameters, the idempotency key (see [`Request::idempotency_key`]), then the caller's
    /// extra headers, which take the place of any of ours with the same name.
    pub(crate) fn headers(
        &self,
        config: &Config,
        options: &RequestOptions,
        idempotency_key: Option<&str>,
    ) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::new();
        headers.insert(header::USER_AGENT, config.user_agent.clone());
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(authorization) = &config.authorization {
            headers.insert(header::AUTHORIZATION, authorization.clone());
        }
        if let Some(content_type) = self.body.content_type() {
            // From the spec; checked here rather than trusted, since `from_static` would panic.
            let value = HeaderValue::from_str(content_type).map_err(|_| {
                Error::InvalidRequest(format!("`{content_type}` is not a valid Content-Type"))
            })?;
            headers.insert(header::CONTENT_TYPE, value);
        }
        // Header parameters of the operation.
        for (name, value) in &self.header_params {
            // The name comes from the spec: checked, since an invalid one would panic as a
            // `&'static str` header name.
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::InvalidRequest(format!("{name:?} is not a valid header name"))
            })?;
            let value = HeaderValue::from_str(value).map_err(|_| {
                Error::InvalidRequest(format!(
                    "header parameter `{name}` has a value that cannot be sent (line breaks and other control characters are not allowed)"
                ))
            })?;
            headers.insert(name, value);
        }
        if !self.cookies.is_empty() {
            // Escaped by `cookie_pairs`, so always a valid header value.
            let value = HeaderValue::from_str(&self.cookies.join("; ")).map_err(|_| {
                Error::InvalidRequest("a cookie parameter cannot be sent".to_owned())
            })?;
            headers.insert(header::COOKIE, value);
        }
        // One key per logical request, made here once and so the same on every retry.
        if let Some(key) = idempotency_key {
            let value = HeaderValue::from_str(key).map_err(|_| {
                Error::InvalidRequest(format!(
                    "idempotency key {key:?} cannot be sent in a header (it must be visible ASCII)"
                ))
            })?;
            headers.insert(IDEMPOTENCY_KEY, value);
        }
        let mut extra = HeaderMap::new();
        for (name, value) in &options.headers {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::InvalidRequest(format!("{name:?} is not a valid header name"))
            })?;
            // The value is not repeated: it may be a credential.
            let mut value = HeaderValue::from_str(value).map_err(|_| {
                Error::InvalidRequest(format!(
                    "the value of header `{name}` cannot be sent (line breaks and other control characters are not allowed)"
                ))
            })?;
            if name == header::AUTHORIZATION || name == header::PROXY_AUTHORIZATION {
                value.set_sensitive(true);
            }
            extra.append(name, value);
        }
        // `extend` replaces all of our values for a name the caller set, and keeps every value
        // the caller gave for it.
        headers.extend(extra);
        Ok(headers)
    }
}

/// A request body, encoded, with its media type. Cheap to clone, so a request can be sent again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Body {
    /// No body (and no `Content-Type`).
    #[default]
    Empty,
    /// JSON, as the media type says (`application/json`, `application/merge-patch+json`, ...).
    Json {
        content_type: &'static str,
        bytes: bytes::Bytes,
    },
    /// `application/x-www-form-urlencoded`.
    Form(bytes::Bytes),
    /// `multipart/form-data`, with its boundary in the media type.
    Multipart {
        content_type: String,
        bytes: bytes::Bytes,
    },
    /// Text, sent as it is.
    Text {
        content_type: &'static str,
        bytes: bytes::Bytes,
    },
    /// Bytes, sent as they are.
    Bytes {
        content_type: &'static str,
        bytes: bytes::Bytes,
    },
}

impl Body {
    /// `value` as `application/json`.
    pub(crate) fn json<T: Serialize + ?Sized>(value: &T) -> Result<Body, Error> {
        let bytes = serde_json::to_vec(value).map_err(|e| {
            Error::InvalidRequest(format!("could not encode the request body: {e}"))
        })?;
        Ok(Body::Json {
            content_type: "application/json",
            bytes: bytes.into(),
        })
    }

    /// `value` wrapped in the one-property envelope the API expects, as `application/json`:
    /// `{"checkout_session": {...}}` for `key` `checkout_session`. Operations take the inner
    /// value and send it wrapped.
    pub(crate) fn enveloped<T: Serialize + ?Sized>(key: &str, value: &T) -> Result<Body, Error> {
        Body::json(&Enveloped { key, value })
    }

    /// The same JSON, sent as another JSON media type (`application/merge-patch+json`, say).
    pub(crate) fn with_content_type(self, media_type: &'static str) -> Body {
        match self {
            Body::Json { bytes, .. } => Body::Json {
                content_type: media_type,
                bytes,
            },
            other => other,
        }
    }

    /// An `application/x-www-form-urlencoded` body from a value's properties (nested objects as
    /// `key[sub]`, arrays as repeated keys).
    pub(crate) fn form<T: Serialize + ?Sized>(value: &T) -> Result<Body, Error> {
        fn add(
            form: &mut url::form_urlencoded::Serializer<String>,
            key: &str,
            value: &serde_json::Value,
        ) {
            match value {
                serde_json::Value::Null => {}
                serde_json::Value::Array(items) => {
                    items.iter().for_each(|item| add(form, key, item))
                }
                serde_json::Value::Object(map) => {
                    for (sub, value) in map {
                        add(form, &format!("{key}[{sub}]"), value);
                    }
                }
                scalar => {
                    if let Some(text) = scalar_text(scalar) {
                        form.append_pair(key, &text);
                    }
                }
            }
        }
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        match to_json("body", value)? {
            serde_json::Value::Object(map) => {
                for (key, value) in &map {
                    add(&mut form, key, value);
                }
            }
            serde_json::Value::Null => {}
            _ => {
                return Err(Error::InvalidRequest(
                    "a form body must be an object".to_owned(),
                ));
            }
        }
        Ok(Body::Form(form.finish().into()))
    }

    /// A `multipart/form-data` body.
    pub(crate) fn multipart(body: Multipart) -> Body {
        let (boundary, bytes) = body.encode();
        Body::Multipart {
            content_type: format!("multipart/form-data; boundary={boundary}"),
            bytes: bytes.into(),
        }
    }

    /// Text, sent as it is with the media type the spec names.
    pub(crate) fn text(content_type: &'static str, text: impl Into<String>) -> Body {
        Body::Text {
            content_type,
            bytes: text.into().into(),
        }
    }

    /// Bytes, sent as they are with the media type the spec names.
    pub(crate) fn bytes(content_type: &'static str, bytes: impl Into<bytes::Bytes>) -> Body {
        Body::Bytes {
            content_type,
            bytes: bytes.into(),
        }
    }

    /// The `Content-Type` to send, when there is a body.
    pub(crate) fn content_type(&self) -> Option<&str> {
        match self {
            Body::Empty => None,
            Body::Json { content_type, .. }
            | Body::Text { content_type, .. }
            | Body::Bytes { content_type, .. } => Some(content_type),
            Body::Form(_) => Some("application/x-www-form-urlencoded"),
            Body::Multipart { content_type, .. } => Some(content_type),
        }
    }

    /// The bytes to send (a cheap clone), when there is a body.
    pub(crate) fn to_bytes(&self) -> Option<bytes::Bytes> {
        match self {
            Body::Empty => None,
            Body::Json { bytes, .. }
            | Body::Form(bytes)
            | Body::Multipart { bytes, .. }
            | Body::Text { bytes, .. }
            | Body::Bytes { bytes, .. } => Some(bytes.clone()),
        }
    }
}

/// A value inside a one-property object (see [`Body::enveloped`]).
struct Enveloped<'a, T: ?Sized> {
    key: &'a str,
    value: &'a T,
}

impl<T: Serialize + ?Sized> Serialize for Enveloped<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.key, self.value)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn header_parameters_are_simple_and_none_is_left_out() {
        let request = Request::new(Method::GET, "op", "/x", "/x")
            .header("x-one", &Some("a"))
            .and_then(|r| r.header("x-none", &None::<String>))
            .and_then(|r| r.header("x-list", &[1, 2, 3]))
            .and_then(|r| r.header_as("x-point", &json!({"x": 1}), Encoding::Exploded))
            .and_then(|r| r.header_as("x-json", &json!({"x": 1}), Encoding::Json))
            .expect("encodes");
        assert_eq!(
            request.header_params,
            [
                ("x-one", "a".to_owned()),
                ("x-list", "1,2,3".to_owned()),
                ("x-point", "x=1".to_owned()),
                ("x-json", r#"{"x":1}"#.to_owned())
            ]
        );
    }

    #[test]
    fn cookie_parameters_make_one_cookie_header() {
        // A test key of whatever API this runtime was copied into.
        let key = crate::API
            .key_prefixes
            .map_or("key".to_owned(), |prefixes| format!("{}key", prefixes.test));
        let client = crate::Client::builder()
            .api_key(key)
            .base_url("http://localhost")
            .build()
            .expect("a client");
        let config = &client.inner;
        let request = Request::new(Method::GET, "op", "/x", "/x")
            .cookie("session", "a b", Encoding::Joined)
            .and_then(|r| r.cookie("unset", &None::<String>, Encoding::Joined))
            .and_then(|r| r.cookie("lang", "en", Encoding::Joined))
            .expect("encodes");
        let headers = request
            .headers(config, &RequestOptions::default(), None)
            .expect("headers");
        assert_eq!(headers[header::COOKIE], "session=a%20b; lang=en");
        let none = Request::new(Method::GET, "op", "/x", "/x")
            .headers(config, &RequestOptions::default(), None)
            .expect("headers");
        assert!(none.get(header::COOKIE).is_none());
    }

    #[test]
    fn bodies_are_encoded_once_with_their_media_type() {
        let value = json!({"name": "Rex", "tags": ["a", "b"], "owner": {"id": 7}, "gone": null});
        let body = Body::enveloped("pet", &value).expect("encodes");
        assert_eq!(body.content_type(), Some("application/json"));
        let sent: serde_json::Value =
            serde_json::from_slice(&body.to_bytes().expect("a body")).expect("JSON");
        assert_eq!(sent, json!({"pet": value}));

        let patch = Body::json(&value)
            .expect("encodes")
            .with_content_type("application/merge-patch+json");
        assert_eq!(patch.content_type(), Some("application/merge-patch+json"));

        let form = Body::form(&value).expect("encodes");
        let bytes = form.to_bytes().expect("a body");
        let mut fields: Vec<(String, String)> =
            url::form_urlencoded::parse(&bytes).into_owned().collect();
        fields.sort();
        let expected = [
            ("name", "Rex"),
            ("owner[id]", "7"),
            ("tags", "a"),
            ("tags", "b"),
        ];
        assert_eq!(fields, expected.map(|(k, v)| (k.to_owned(), v.to_owned())));
        assert_eq!(
            form.content_type(),
            Some("application/x-www-form-urlencoded")
        );
        assert!(Body::form(&[1]).is_err());

        assert_eq!(
            Body::text("text/plain", "hi").content_type(),
            Some("text/plain")
        );
        assert_eq!(Body::Empty.content_type(), None);
        assert_eq!(Body::Empty.to_bytes(), None);
    }
}
