//! Errors the client returns. Part of the runtime that `flex-codegen` copies into every crate it
//! generates.
//!
//! No variant ever holds the API key or the `Authorization` header: requests are not kept, only
//! the URL (which never carries the key), the status, headers we name, and the response body.
//! An API error's `Display` ends with the server's request ID whenever the response had one.

use crate::retry::Failure;
use std::fmt;
use std::time::Duration;

/// How much of a response body a [`DecodeError`] shows.
const EXCERPT_CHARS: usize = 200;

/// Everything that can go wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status (4xx or 5xx).
    #[error(transparent)]
    Api(Box<ApiError>),
    /// No complete response came within the configured timeout, or the call's deadline
    /// (`ClientBuilder::deadline`, `RequestOptions::deadline`) came first.
    #[error("the request to {url} timed out after {timeout:?}")]
    Timeout {
        /// The URL of the request (without credentials: the key travels in a header).
        url: String,
        /// The timeout that ran out (what was left of the deadline, when that came first).
        timeout: Duration,
        /// The `Idempotency-Key` the request was sent with, when it had one.
        idempotency_key: Option<String>,
    },
    /// No connection could be made to the server (DNS, refused connection, TLS handshake, ...).
    #[error("could not connect to {url}: {}", source_chain(.source))]
    Connection {
        /// The URL of the request.
        url: String,
        /// What the HTTP stack reported.
        #[source]
        source: reqwest::Error,
        /// The `Idempotency-Key` the request was to be sent with, when it had one.
        idempotency_key: Option<String>,
    },
    /// The request could not be sent or the response not read once connected (the connection
    /// closed early, a body could not be read, ...).
    #[error("could not complete the request to {url}: {}", source_chain(.source))]
    Transport {
        /// The URL of the request.
        url: String,
        /// What the HTTP stack reported.
        #[source]
        source: reqwest::Error,
        /// The `Idempotency-Key` the request was sent with, when it had one.
        idempotency_key: Option<String>,
    },
    /// The response body was larger than the client's limit
    /// (`ClientBuilder::max_response_bytes`); reading stopped there.
    #[error("the response from {url} (HTTP {status}) is larger than the limit of {limit} bytes")]
    ResponseTooLarge {
        /// The URL of the request.
        url: String,
        /// The HTTP status of the response.
        status: u16,
        /// The limit.
        limit: usize,
        /// The `Idempotency-Key` the request was sent with, when it had one.
        idempotency_key: Option<String>,
    },
    /// The API answered with success, but the body is not what the spec says it is.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// The request was refused before it was sent (for example an empty path parameter).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The client could not be built from the configuration given.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// A list's stream of items cannot follow the list further (a full page whose last item has
    /// no ID, or a server that sent the same cursor twice); the items before it were all yielded.
    #[error("cannot read the next page of the list: {0}")]
    Pagination(String),
}

impl Error {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(error) => Some(error.status),
            Error::Decode(error) => Some(error.status),
            Error::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API's machine-readable error code (`invalid_request`), for API errors that have one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api(error) => error.code.as_deref(),
            _ => None,
        }
    }

    /// The request ID the server sent with its response, when it sent one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(error) => error.request_id.as_deref(),
            Error::Decode(error) => error.request_id.as_deref(),
            _ => None,
        }
    }

    /// The `Idempotency-Key` the failed request was sent with (generated, or the one given with
    /// `RequestOptions::idempotency_key`), for every error that can follow a sent request.
    ///
    /// When a call that changes data fails in a way that leaves its outcome unknown (a timeout,
    /// a broken connection, a 5xx after the retries), send it again later with this key: the
    /// server then carries it out at most once.
    pub fn idempotency_key(&self) -> Option<&str> {
        match self {
            Error::Api(error) => error.idempotency_key.as_deref(),
            Error::Decode(error) => error.idempotency_key.as_deref(),
            Error::Timeout {
                idempotency_key, ..
            }
            | Error::Connection {
                idempotency_key, ..
            }
            | Error::Transport {
                idempotency_key, ..
            }
            | Error::ResponseTooLarge {
                idempotency_key, ..
            } => idempotency_key.as_deref(),
            Error::InvalidRequest(_) | Error::Config(_) | Error::Pagination(_) => None,
        }
    }

    /// The same error, with the idempotency key of the request it followed.
    pub(crate) fn with_idempotency_key(mut self, key: Option<&str>) -> Error {
        let Some(key) = key else {
            return self;
        };
        let slot = match &mut self {
            Error::Api(error) => &mut error.idempotency_key,
            Error::Decode(error) => &mut error.idempotency_key,
            Error::Timeout {
                idempotency_key, ..
            }
            | Error::Connection {
                idempotency_key, ..
            }
            | Error::Transport {
                idempotency_key, ..
            }
            | Error::ResponseTooLarge {
                idempotency_key, ..
            } => idempotency_key,
            Error::InvalidRequest(_) | Error::Config(_) | Error::Pagination(_) => return self,
        };
        *slot = Some(key.to_owned());
        self
    }

    /// What kind of API error this is, for API errors (`None` for every other variant).
    pub fn api_kind(&self) -> Option<ApiErrorKind> {
        match self {
            Error::Api(error) => Some(error.kind()),
            _ => None,
        }
    }

    /// Whether trying the same request again may succeed: connection errors, timeouts, a
    /// connection that broke mid-request, and the statuses 408, 409, 429 and 5xx but 501 and
    /// 505, unless the response's `x-should-retry` said otherwise. The client retries these
    /// itself (see `ClientBuilder::max_retries`); this is what it decides by.
    pub fn is_retryable(&self) -> bool {
        self.failure().is_retryable()
    }

    /// An error of the HTTP stack, sorted into a timeout, a failure to connect, or another
    /// transport error.
    pub(crate) fn from_reqwest(source: reqwest::Error, url: &url::Url, timeout: Duration) -> Error {
        // A connection not made in time (`ClientBuilder::connect_timeout`) is a failure to
        // connect, whose cause says it timed out; `timeout` is the try's, not the connect's.
        if source.is_connect() {
            Error::Connection {
                url: url.to_string(),
                source,
                idempotency_key: None,
            }
        } else if source.is_timeout() {
            Error::Timeout {
                url: url.to_string(),
                timeout,
                idempotency_key: None,
            }
        } else {
            Error::Transport {
                url: url.to_string(),
                source,
                idempotency_key: None,
            }
        }
    }
}

/// What an [`ApiError`] means, from its HTTP status, for callers to match on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400: the request was malformed or a parameter was invalid.
    BadRequest,
    /// 401: the API key is missing, wrong or revoked.
    Authentication,
    /// 403: the key may not do this.
    Permission,
    /// 404: no such object or endpoint.
    NotFound,
    /// 409: the request conflicts with another one (retried, with its idempotency key).
    Conflict,
    /// 422: the request was understood but cannot be carried out.
    Unprocessable,
    /// 429: too many requests.
    RateLimited {
        /// How long the server asked to wait (`Retry-After` or `retry-after-ms`), when it said.
        retry_after: Option<Duration>,
    },
    /// 5xx: the server failed.
    Server,
    /// Any other error status (408, 402, ...).
    Other,
}

/// An error response from the API.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status code.
    pub status: u16,
    /// The machine-readable code from the body (`{"error": {"code": ...}}`), if it had one.
    pub code: Option<String>,
    /// The human-readable message from the body, if it had one.
    pub message: Option<String>,
    /// The request ID header of the response, if present.
    pub request_id: Option<String>,
    /// How long the server asked the client to wait before trying again (`retry-after-ms`, or
    /// `Retry-After` in seconds or as an HTTP date), when it said.
    pub retry_after: Option<Duration>,
    /// Whether the server said to retry the request (`x-should-retry: true` or `false`), which
    /// the client obeys over its own rule for the status.
    pub should_retry: Option<bool>,
    /// The `Idempotency-Key` the request was sent with, when it had one.
    pub idempotency_key: Option<String>,
    /// The whole response body, as text (lossily decoded if it was not UTF-8). Never part of
    /// the error's `Display`, since it may hold anything.
    pub body: String,
}

impl ApiError {
    /// What the error means, from its status.
    pub fn kind(&self) -> ApiErrorKind {
        match self.status {
            400 => ApiErrorKind::BadRequest,
            401 => ApiErrorKind::Authentication,
            403 => ApiErrorKind::Permission,
            404 => ApiErrorKind::NotFound,
            409 => ApiErrorKind::Conflict,
            422 => ApiErrorKind::Unprocessable,
            429 => ApiErrorKind::RateLimited {
                retry_after: self.retry_after,
            },
            500..=599 => ApiErrorKind::Server,
            _ => ApiErrorKind::Other,
        }
    }

    /// Whether the same request may succeed later: what the server said with `x-should-retry`,
    /// or else by the status: 408, 409, 429 and 5xx but 501 and 505.
    pub fn is_retryable(&self) -> bool {
        self.should_retry
            .unwrap_or_else(|| crate::retry::status_is_retryable(self.status))
    }

    /// Reads an error response: the code and message come from `{"error": {"code", "message"}}`,
    /// `{"error": "message"}` or `{"code", "message"}`; any other body is kept only as text.
    pub(crate) fn from_response(
        status: u16,
        request_id: Option<String>,
        retry_after: Option<Duration>,
        body: &[u8],
    ) -> Self {
        let text = String::from_utf8_lossy(body).into_owned();
        let (code, message) = match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(value) => {
                let detail = match value.get("error") {
                    Some(serde_json::Value::String(message)) => {
                        return ApiError {
                            status,
                            code: None,
                            message: Some(message.clone()),
                            request_id,
                            retry_after,
                            should_retry: None,
                            idempotency_key: None,
                            body: text,
                        };
                    }
                    Some(detail @ serde_json::Value::Object(_)) => detail,
                    _ => &value,
                };
                let field =
                    |name: &str| detail.get(name).and_then(|v| v.as_str()).map(str::to_owned);
                (field("code"), field("message"))
            }
            Err(_) => (None, None),
        };
        ApiError {
            status,
            code,
            message,
            request_id,
            retry_after,
            should_retry: None,
            idempotency_key: None,
            body: text,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} returned HTTP {}", crate::API.name, self.status)?;
        if let Some(code) = &self.code {
            write!(f, " ({code})")?;
        }
        // Safe to log: the server's message, never the body, which may hold anything (an HTML
        // page, a customer's details); the body stays on the error as data.
        match &self.message {
            Some(message) => write!(f, ": {message}")?,
            None if !self.body.is_empty() => write!(
                f,
                ": no error message in the body ({} bytes)",
                self.body.len()
            )?,
            None => {}
        }
        if let Some(after) = self.retry_after {
            write!(f, " (retry after {after:?})")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id: {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// Decodes the error body into the type the operation's docs name for this status.
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.body)
    }
}

/// A successful response whose body could not be decoded into the expected type.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status code.
    pub status: u16,
    /// Where in the body decoding failed (`checkout_session.captures[0].created_at`), when the
    /// failure was inside the document rather than at its start.
    pub path: Option<String>,
    /// What the JSON decoder said.
    pub message: String,
    /// The response's `Content-Type`, if it had one.
    pub content_type: Option<String>,
    /// The request ID header of the response, if present.
    pub request_id: Option<String>,
    /// The first 200 characters of the body, with the values of fields the spec marks secret
    /// left out.
    pub body_excerpt: String,
    /// The `Idempotency-Key` the request was sent with, when it had one.
    pub idempotency_key: Option<String>,
}

impl DecodeError {
    pub(crate) fn new(
        status: u16,
        path: Option<String>,
        message: String,
        content_type: Option<String>,
        request_id: Option<String>,
        body: &[u8],
    ) -> Self {
        DecodeError {
            status,
            path,
            message,
            content_type,
            request_id,
            body_excerpt: excerpt(body),
            idempotency_key: None,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the response of {} (HTTP {})",
            crate::API.name,
            self.status
        )?;
        if let Some(path) = &self.path {
            write!(f, " at `{path}`")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(content_type) = &self.content_type {
            write!(f, "; content type {content_type}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id: {id}]")?;
        }
        write!(f, "; body starts: {:?}", self.body_excerpt)
    }
}

impl std::error::Error for DecodeError {}

/// The first [`EXCERPT_CHARS`] characters of a body, lossily decoded, cut at a character
/// boundary, with the value of every field the spec marks secret replaced by `[redacted]`.
fn excerpt(body: &[u8]) -> String {
    let text = redact_secrets(&String::from_utf8_lossy(body), crate::API.secret_fields);
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text,
    }
}

/// `text` with the string value of each `"name": "..."` pair whose name is in `secrets` replaced
/// by `[redacted]`. Text, not JSON: the body may be cut short or not JSON at all, and whatever it
/// is, the value must not reach a message. (An object or array value is left as it is; secret
/// fields are strings, and the strings inside such a value are redacted by their own names.)
fn redact_secrets(text: &str, secrets: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'outer: while let Some(quote) = rest.find('"') {
        out.push_str(&rest[..=quote]);
        rest = &rest[quote + 1..];
        for name in secrets {
            let Some(after_name) = rest.strip_prefix(name).and_then(|r| r.strip_prefix('"')) else {
                continue;
            };
            let after_colon = after_name.trim_start();
            let Some(value) = after_colon.strip_prefix(':').map(str::trim_start) else {
                continue;
            };
            let Some(string) = value.strip_prefix('"') else {
                continue;
            };
            // The end of the string: the first quote not escaped by a backslash.
            let mut escaped = false;
            let end = string.char_indices().find_map(|(i, c)| match c {
                '\\' if !escaped => {
                    escaped = true;
                    None
                }
                '"' if !escaped => Some(i),
                _ => {
                    escaped = false;
                    None
                }
            });
            out.push_str(name);
            out.push_str("\": \"[redacted]");
            match end {
                Some(end) => {
                    out.push('"');
                    rest = &string[end + 1..];
                }
                // Cut off inside the secret: nothing of it is shown.
                None => rest = "",
            }
            continue 'outer;
        }
    }
    out.push_str(rest);
    out
}

/// An error and its causes, joined with `: ` (reqwest's own message is rarely the useful part).
fn source_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

impl Error {
    /// What the retry policy needs to know of an error: a summary of what a retry could change.
    pub(crate) fn failure(&self) -> Failure {
        match self {
            Error::Api(api) => Failure::Status {
                status: api.status,
                retry_after: api.retry_after,
                should_retry: api.should_retry,
            },
            Error::Timeout { .. } => Failure::Timeout,
            Error::Connection { .. } => Failure::Connection,
            // Sent but not completed: the connection closed, or the body could not be read.
            // (reqwest reports a body that breaks while being read as a decode error wrapping a
            // body error; the JSON decoding is ours and never reaches this variant.)
            Error::Transport { source, .. }
                if source.is_request() || source.is_body() || source.is_decode() =>
            {
                Failure::Interrupted
            }
            Error::Transport { .. }
            | Error::Decode(_)
            | Error::ResponseTooLarge { .. }
            | Error::InvalidRequest(_)
            | Error::Config(_)
            | Error::Pagination(_) => Failure::Permanent,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn errors_are_summed_up_by_what_a_retry_could_change() {
        let invalid = Error::InvalidRequest("bad".to_owned());
        assert_eq!(invalid.failure(), Failure::Permanent);
        let timeout = Error::Timeout {
            url: "https://api.example.com/".to_owned(),
            timeout: Duration::from_secs(1),
            idempotency_key: None,
        };
        assert_eq!(timeout.failure(), Failure::Timeout);
        let mut api = crate::error::ApiError::from_response(503, None, Some(3 * MS), b"");
        api.should_retry = Some(false);
        assert_eq!(
            Error::Api(Box::new(api)).failure(),
            Failure::Status {
                status: 503,
                retry_after: Some(3 * MS),
                should_retry: Some(false),
            }
        );
    }

    #[test]
    fn secret_values_are_left_out_of_excerpts() {
        let secrets = &["client_secret"];
        assert_eq!(
            redact_secrets(
                r#"{"id": "pi_1", "client_secret":"pi_1_secret_abc", "n": 1}"#,
                secrets
            ),
            r#"{"id": "pi_1", "client_secret": "[redacted]", "n": 1}"#
        );
        // Escaped quotes inside the value, and a body cut off inside a secret.
        assert_eq!(
            redact_secrets(
                r#"{"client_secret" : "a\"b", "x": "client_secret"}"#,
                secrets
            ),
            r#"{"client_secret": "[redacted]", "x": "client_secret"}"#
        );
        assert_eq!(
            redact_secrets(r#"{"client_secret": "pi_1_sec"#, secrets),
            r#"{"client_secret": "[redacted]"#
        );
        assert_eq!(
            redact_secrets("<html>oops</html>", secrets),
            "<html>oops</html>"
        );
    }
}
