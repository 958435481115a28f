//! The HTTP client: configuration, authentication, per-request options, retries, sending a
//! request and reading its response. Part of the runtime that `flex-codegen` copies into every
//! crate it generates; the generated operations (one method each, in `operations/`) all go
//! through `Client::send`.
//!
//! The same text serves every spec, so `lib.rs` allows dead code in this module: a spec with no
//! operations, or none without a response body, leaves some crate-private helpers unused.

use crate::error::{ApiError, DecodeError, Error};
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tracing::Instrument;

/// How long a request may take, from sending it to reading the last byte of the response,
/// unless [`ClientBuilder::timeout`] says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The largest response body the client reads, unless [`ClientBuilder::max_response_bytes`]
/// says otherwise: larger ones are an [`Error::ResponseTooLarge`].
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// How many times a failed request is tried again, unless [`ClientBuilder::max_retries`] or
/// [`RequestOptions::max_retries`] says otherwise.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// The wait before the first retry; it doubles for each retry after it, up to
/// [`DEFAULT_MAX_BACKOFF`] (see [`ClientBuilder::retry_backoff`]).
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(500);

/// The longest wait between two tries that the backoff computes.
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(8);

/// The longest wait a server may ask for with `Retry-After` or `retry-after-ms` and have it
/// honored; a longer (or unreadable) one is ignored and the backoff used instead.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Response headers that carry the server's ID for a request, in the order they are tried.
const REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "request-id", "x-amzn-requestid"];

/// The header that lets the server recognize a request it has already carried out.
const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// A client for the API. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Options for every request made through this handle (see [`Client::with_options`]).
    options: RequestOptions,
}

struct Inner {
    http: reqwest::Client,
    base_url: url::Url,
    /// `Bearer <key>`, marked sensitive so that the HTTP stack never logs it.
    authorization: Option<HeaderValue>,
    mode: KeyMode,
    user_agent: HeaderValue,
    timeout: Duration,
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    idempotency_keys: bool,
    max_response_bytes: usize,
}

/// Whether the API key acts on test data or live data, from its prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyMode {
    /// A test key: nothing it does moves real money.
    Test,
    /// A live key.
    Live,
    /// The spec names no key prefixes (or the client has no key), so the mode is not known.
    Unknown,
}

/// The key prefixes of test and live keys, from the spec's `x-api-key-prefixes`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct KeyPrefixes {
    pub(crate) test: &'static str,
    pub(crate) live: &'static str,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("timeout", &self.inner.timeout)
            .field("max_retries", &self.inner.max_retries)
            .field("mode", &self.inner.mode)
            .field(
                "api_key",
                &self.inner.authorization.as_ref().map(|_| "<redacted>"),
            )
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client with the given API key and every other setting at its default.
    pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
        Client::builder().api_key(api_key).build()
    }

    /// A client configured from the environment: the API key from [`crate::API_KEY_ENV`] and,
    /// when it is set, the base URL from [`crate::BASE_URL_ENV`].
    pub fn from_env() -> Result<Self, Error> {
        Client::builder().from_env()?.build()
    }

    /// A builder for a client with settings other than the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The same client (sharing its connection pool and settings) with `options` applied to
    /// every request made through the handle it returns:
    ///
    /// ```text
    /// client.with_options(RequestOptions::new().max_retries(0)).retrieve_checkout_session(..)
    /// ```
    ///
    /// Options set here take the place of the same options set before; headers add up.
    pub fn with_options(&self, options: RequestOptions) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            options: self.options.merged(options),
        }
    }

    /// The URL that request paths are appended to.
    pub fn base_url(&self) -> &url::Url {
        &self.inner.base_url
    }

    /// How long one request may take.
    pub fn timeout(&self) -> Duration {
        self.options.timeout.unwrap_or(self.inner.timeout)
    }

    /// How many times a failed request is tried again.
    pub fn max_retries(&self) -> u32 {
        self.options.max_retries.unwrap_or(self.inner.max_retries)
    }

    /// Whether the key is a test key, a live key, or of a mode the spec does not tell.
    pub fn mode(&self) -> KeyMode {
        self.inner.mode
    }

    /// Whether the key is a test key (`false` for live keys and when the mode is unknown).
    pub fn is_test_mode(&self) -> bool {
        self.inner.mode == KeyMode::Test
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

    /// Sends a request, trying it again while it fails in a way that may pass and retries are
    /// left, and returns the first successful response.
    async fn execute<B>(&self, request: Request<'_, B>) -> Result<RawResponse, Error>
    where
        B: Serialize + ?Sized,
    {
        let options = &self.options;
        let url = self.url(&request.path, &request.query)?;
        let timeout = self.timeout();
        if timeout.is_zero() {
            return Err(Error::InvalidRequest(
                "the timeout must be longer than zero".to_owned(),
            ));
        }
        let headers = self.headers(&request)?;
        let body = match (request.body, &request.raw_body) {
            (_, Some(raw)) => Some(raw.bytes.clone()),
            (Some(body), None) => Some(bytes::Bytes::from(serde_json::to_vec(body).map_err(
                |e| Error::InvalidRequest(format!("could not encode the request body: {e}")),
            )?)),
            (None, None) => None,
        };
        // A request that changes something is sent again only when the server can recognize
        // it as the same request, by its idempotency key.
        let may_retry = is_safe(&request.method) || headers.contains_key(IDEMPOTENCY_KEY);
        let max_retries = self.max_retries();
        let mut attempt: u32 = 0;
        loop {
            attempt = attempt.saturating_add(1);
            let span = tracing::info_span!(
                "request",
                api = crate::API_NAME,
                operation = request.operation,
                method = %request.method,
                path = request.path_template,
                attempt,
                status = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
                request_id = tracing::field::Empty,
            );
            let started = Instant::now();
            let result = self
                .attempt(&request.method, &url, &headers, body.clone(), timeout)
                .instrument(span.clone())
                .await;
            let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
            span.record("duration_ms", duration_ms);
            let error = match result {
                Ok(response) => {
                    let request_id = response.request_id();
                    span.record("status", response.status);
                    if let Some(id) = &request_id {
                        span.record("request_id", id.as_str());
                    }
                    tracing::debug!(
                        parent: &span,
                        status = response.status,
                        duration_ms,
                        request_id = request_id.as_deref(),
                        "response received"
                    );
                    if let Some(capture) = &options.capture {
                        capture.set(ResponseMeta {
                            status: response.status,
                            headers: response.headers.clone(),
                            request_id: request_id.clone(),
                            attempts: attempt,
                        });
                    }
                    if (200..300).contains(&response.status) {
                        return Ok(response);
                    }
                    let mut api_error = ApiError::from_response(
                        response.status,
                        request_id,
                        response.retry_after(),
                        &response.body,
                    );
                    if (300..400).contains(&response.status) && api_error.message.is_none() {
                        // Redirects are not followed (see `ClientBuilder::build`); say where the
                        // server pointed, which is usually the fix for the base URL.
                        let location = response
                            .headers
                            .get(header::LOCATION)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("nowhere");
                        api_error.message = Some(format!(
                            "redirected to {location}; the client does not follow redirects, so set the base URL to where the API is"
                        ));
                    }
                    Error::Api(Box::new(api_error))
                }
                Err(error) => error,
            };
            if !error.is_retryable() || attempt > max_retries {
                tracing::debug!(parent: &span, error = %error, "request failed");
                return Err(error);
            }
            if !may_retry {
                tracing::debug!(
                    parent: &span,
                    error = %error,
                    "request failed; not retried: it changes data and has no idempotency key"
                );
                return Err(error);
            }
            let delay = self.retry_delay(&error, attempt);
            tracing::info!(
                parent: &span,
                error = %error,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                retry = attempt,
                max_retries,
                "request failed; retrying"
            );
            tokio::time::sleep(delay).await;
        }
    }

    /// One try: sends the request and reads the whole response, whatever its status.
    async fn attempt(
        &self,
        method: &reqwest::Method,
        url: &url::Url,
        headers: &HeaderMap,
        body: Option<bytes::Bytes>,
        timeout: Duration,
    ) -> Result<RawResponse, Error> {
        let mut builder = self
            .inner
            .http
            .request(method.clone(), url.clone())
            .timeout(timeout)
            .headers(headers.clone());
        if let Some(body) = body {
            builder = builder.body(body);
        }
        let transport = |source: reqwest::Error| {
            if source.is_timeout() {
                Error::Timeout {
                    url: url.to_string(),
                    timeout,
                }
            } else if source.is_connect() {
                Error::Connection {
                    url: url.to_string(),
                    source,
                }
            } else {
                Error::Transport {
                    url: url.to_string(),
                    source,
                }
            }
        };
        let mut response = builder.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        // The body is read chunk by chunk against the limit, so a huge (or endless) response
        // fails early instead of filling memory; a declared length over the limit fails at once.
        let limit = self.inner.max_response_bytes;
        let too_large = || Error::ResponseTooLarge {
            url: url.to_string(),
            status,
            limit,
        };
        if response
            .content_length()
            .is_some_and(|length| length > limit as u64)
        {
            return Err(too_large());
        }
        let mut body = bytes::BytesMut::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse {
            status,
            headers,
            body: body.freeze(),
        })
    }

    /// Every header of a request: the client's, the idempotency key, then the caller's extra
    /// headers, which take the place of any of ours with the same name.
    fn headers<B: ?Sized>(&self, request: &Request<'_, B>) -> Result<HeaderMap, Error> {
        let inner = &*self.inner;
        let mut headers = HeaderMap::new();
        headers.insert(header::USER_AGENT, inner.user_agent.clone());
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(authorization) = &inner.authorization {
            headers.insert(header::AUTHORIZATION, authorization.clone());
        }
        let content_type = match (&request.raw_body, request.body.is_some()) {
            (Some(raw), _) => Some(raw.content_type.as_str()),
            (None, true) => Some(request.content_type),
            (None, false) => None,
        };
        if let Some(content_type) = content_type {
            // From the spec; checked here rather than trusted, since `from_static` would panic.
            let value = HeaderValue::from_str(content_type).map_err(|_| {
                Error::InvalidRequest(format!("`{content_type}` is not a valid Content-Type"))
            })?;
            headers.insert(header::CONTENT_TYPE, value);
        }
        // Header parameters of the operation.
        for (name, value) in &request.headers {
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
        // One key per logical request, made here once and so the same on every retry.
        let idempotency_key = match &self.options.idempotency_key {
            Some(key) => Some(key.clone()),
            None if inner.idempotency_keys && !is_safe(&request.method) => {
                Some(new_idempotency_key())
            }
            None => None,
        };
        if let Some(key) = idempotency_key {
            let value = HeaderValue::from_str(&key).map_err(|_| {
                Error::InvalidRequest(format!(
                    "idempotency key {key:?} cannot be sent in a header (it must be visible ASCII)"
                ))
            })?;
            headers.insert(IDEMPOTENCY_KEY, value);
        }
        let mut extra = HeaderMap::new();
        for (name, value) in &self.options.headers {
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

    /// How long to wait before the next try: what the server asked for when that is at most
    /// [`MAX_RETRY_AFTER`], the backoff otherwise.
    fn retry_delay(&self, error: &Error, attempt: u32) -> Duration {
        if let Error::Api(api) = error {
            if let Some(after) = api.retry_after.filter(|after| *after <= MAX_RETRY_AFTER) {
                return after;
            }
        }
        backoff(
            self.inner.initial_backoff,
            self.inner.max_backoff,
            attempt,
            random_fraction(),
        )
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

/// Methods that change nothing on the server, so that sending them twice is harmless.
fn is_safe(method: &reqwest::Method) -> bool {
    matches!(
        *method,
        reqwest::Method::GET | reqwest::Method::HEAD | reqwest::Method::OPTIONS
    )
}

/// The wait before retry number `attempt` (1 for the first): `initial` doubled for each retry
/// before it, at most `max`, less up to a quarter at random (`fraction` in `[0, 1)`) so that
/// clients that failed together do not all come back at the same moment.
fn backoff(initial: Duration, max: Duration, attempt: u32, fraction: f64) -> Duration {
    let doublings = attempt.saturating_sub(1).min(31);
    let delay = initial.saturating_mul(1 << doublings).min(max);
    delay.mul_f64(1.0 - 0.25 * fraction.clamp(0.0, 1.0))
}

/// 64 random bits, good enough for jitter and for idempotency keys (which must be unique, not
/// secret): the standard library's randomly seeded SipHash over a counter and the clock.
fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    if let Ok(now) = SystemTime::now().duration_since(UNIX_EPOCH) {
        hasher.write_u128(now.as_nanos());
    }
    hasher.finish()
}

/// A random number in `[0, 1)`.
fn random_fraction() -> f64 {
    (random_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A new idempotency key: a random (version 4) UUID.
fn new_idempotency_key() -> String {
    let (a, b) = (random_u64(), random_u64());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

/// Options for the requests made through a [`Client::with_options`] handle. Every option not
/// set here keeps the client's setting.
#[derive(Clone, Default)]
pub struct RequestOptions {
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    idempotency_key: Option<String>,
    headers: Vec<(String, String)>,
    capture: Option<ResponseCapture>,
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may be credentials: only their names are shown.
        let header_names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("idempotency_key", &self.idempotency_key)
            .field("headers", &header_names)
            .field("capture_response", &self.capture.is_some())
            .finish()
    }
}

impl RequestOptions {
    /// No options: every request as the client is configured.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// How long each try may take, instead of the client's timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many times a failed request is tried again, instead of the client's setting; 0 turns
    /// retries off.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// The `Idempotency-Key` to send instead of a generated one (for a request this program may
    /// send again after a restart, say). Sent on every retry; makes a request that changes data
    /// retryable even when the client does not generate keys. Use a handle with a key for one
    /// logical request only: the server answers a second request with the same key as the first.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// A header to send with each request, in place of any the client sends of the same name.
    /// Names and values are checked when the request is made: one that cannot be sent (a line
    /// break in a value, say) fails the call with [`Error::InvalidRequest`], before anything is
    /// sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Where to put the status, headers and request ID of the response: after a call,
    /// `capture.get()` holds those of its last response.
    pub fn capture_response(mut self, capture: &ResponseCapture) -> Self {
        self.capture = Some(capture.clone());
        self
    }

    /// `self`, with every option that `other` sets taken from `other`; headers add up.
    fn merged(&self, other: RequestOptions) -> RequestOptions {
        let mut headers = self.headers.clone();
        headers.extend(other.headers);
        RequestOptions {
            timeout: other.timeout.or(self.timeout),
            max_retries: other.max_retries.or(self.max_retries),
            idempotency_key: other
                .idempotency_key
                .or_else(|| self.idempotency_key.clone()),
            headers,
            capture: other.capture.or_else(|| self.capture.clone()),
        }
    }
}

/// A place for the status, headers and request ID of a response, for callers that need more
/// than the decoded body. Clones share one slot.
///
/// ```text
/// let capture = ResponseCapture::new();
/// let session = client
///     .with_options(RequestOptions::new().capture_response(&capture))
///     .retrieve_checkout_session("fcs_..", &Default::default())
///     .await?;
/// let meta = capture.get();   // Some(ResponseMeta { status: 200, request_id, headers, .. })
/// ```
#[derive(Clone, Debug, Default)]
pub struct ResponseCapture {
    slot: Arc<Mutex<Option<ResponseMeta>>>,
}

impl ResponseCapture {
    /// An empty capture.
    pub fn new() -> Self {
        ResponseCapture::default()
    }

    /// The last response captured, if a call has received one.
    pub fn get(&self) -> Option<ResponseMeta> {
        self.slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The last response captured, leaving the capture empty.
    pub fn take(&self) -> Option<ResponseMeta> {
        self.slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    fn set(&self, meta: ResponseMeta) {
        *self.slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(meta);
    }
}

/// What a response was, besides its body.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ResponseMeta {
    /// The HTTP status.
    pub status: u16,
    /// Every response header.
    pub headers: HeaderMap,
    /// The server's ID for the request (`x-request-id`), if it sent one.
    pub request_id: Option<String>,
    /// How many tries the call took (1 when it was not retried).
    pub attempts: u32,
}

/// One request, as a generated operation describes it.
pub(crate) struct Request<'a, B: ?Sized> {
    /// The spec's `operationId`, for tracing.
    pub(crate) operation: &'static str,
    /// The path as the spec writes it (`/v1/things/{id}`), for tracing: unlike the path sent, it
    /// holds no IDs.
    pub(crate) path_template: &'static str,
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

/// A response, its body read.
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

    /// How long the server asked the client to wait: `retry-after-ms` (milliseconds), else
    /// `Retry-After` in seconds or as an HTTP date (a date in the past means no wait).
    fn retry_after(&self) -> Option<Duration> {
        let header = |name: &str| {
            self.headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::trim)
        };
        let millis = header("retry-after-ms")
            .and_then(|value| value.parse::<f64>().ok())
            .and_then(|ms| Duration::try_from_secs_f64(ms / 1000.0).ok());
        if millis.is_some() {
            return millis;
        }
        let value = header("retry-after")?;
        if let Ok(seconds) = value.parse::<u64>() {
            return Some(Duration::from_secs(seconds));
        }
        let date = httpdate::parse_http_date(value).ok()?;
        Some(
            date.duration_since(SystemTime::now())
                .unwrap_or(Duration::ZERO),
        )
    }

    /// Decodes the body, naming the path of the field that failed (`a.b[0].c`) when one does.
    pub(crate) fn decode<T: DeserializeOwned>(&self) -> Result<T, Error> {
        // Tracking the path halves the speed of decoding, so it is done only for a body that
        // failed to decode without it (trailing bytes after the document fail here too).
        if let Ok(value) = serde_json::from_slice(&self.body) {
            return Ok(value);
        }
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
    max_response_bytes: Option<usize>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    max_retries: Option<u32>,
    backoff: Option<(Duration, Duration)>,
    no_idempotency_keys: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("max_retries", &self.max_retries)
            .field("backoff", &self.backoff)
            .field("idempotency_keys", &!self.no_idempotency_keys)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The API key, sent as `Authorization: Bearer <key>`.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// Takes the API key from [`crate::API_KEY_ENV`] and, when it is set, the base URL from
    /// [`crate::BASE_URL_ENV`] (surrounding whitespace removed; empty counts as not set). Fails
    /// when the key variable is not set and no key was given, or a variable is not Unicode.
    pub fn from_env(mut self) -> Result<Self, Error> {
        if let Some(key) = env_var(crate::API_KEY_ENV)? {
            self.api_key = Some(key);
        } else if self.api_key.is_none() && crate::AUTH_REQUIRED {
            return Err(Error::Config(format!(
                "the environment variable {} is not set: it must hold the API key",
                crate::API_KEY_ENV
            )));
        }
        if let Some(base_url) = env_var(crate::BASE_URL_ENV)? {
            self.base_url = Some(base_url);
        }
        Ok(self)
    }

    /// Where requests go, instead of [`crate::DEFAULT_BASE_URL`] (a mock server in tests, say).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// How long one try of a request may take, from sending it to reading the whole response;
    /// [`DEFAULT_TIMEOUT`] if not set.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The largest response body to read; [`DEFAULT_MAX_RESPONSE_BYTES`] if not set.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// How many times a request that failed in a way that may pass is tried again
    /// ([`DEFAULT_MAX_RETRIES`] if not set; 0 turns retries off). Retried: connection errors,
    /// timeouts, and the statuses 408, 409, 429 and 5xx; a request other than GET only when it
    /// carries an idempotency key.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// The wait before the first retry, doubled for each retry after it up to `max`, less up
    /// to a quarter at random; [`DEFAULT_INITIAL_BACKOFF`] and [`DEFAULT_MAX_BACKOFF`] if not
    /// set. A server's `Retry-After` of at most [`MAX_RETRY_AFTER`] is used instead.
    pub fn retry_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.backoff = Some((initial, max));
        self
    }

    /// Whether requests other than GET get a generated `Idempotency-Key` (on by default). Off,
    /// such requests carry a key, and are retried, only when the call sets one with
    /// [`RequestOptions::idempotency_key`]; for APIs that refuse the header.
    pub fn idempotency_keys(mut self, enabled: bool) -> Self {
        self.no_idempotency_keys = !enabled;
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
        let (authorization, mode) = match self.api_key {
            Some(key) => (Some(authorization(&key)?), key_mode(&key)?),
            None if crate::AUTH_REQUIRED => {
                return Err(Error::Config(format!(
                    "an API key is required: call `ClientBuilder::api_key`, or set {} and use `Client::from_env`",
                    crate::API_KEY_ENV
                )));
            }
            None => (None, KeyMode::Unknown),
        };
        let base_url = match self.base_url.as_deref().or(crate::DEFAULT_BASE_URL) {
            Some(base_url) => parse_base_url(base_url, authorization.is_some())?,
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
        let (initial_backoff, max_backoff) = self
            .backoff
            .unwrap_or((DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF));
        let http = match self.http {
            Some(http) => http,
            // Redirects are not followed: an API that redirects is misconfigured (an `http://`
            // base URL, a moved host), following would resend the body, and a redirect loop
            // would cost ten requests. The 3xx comes back as an `Error::Api` naming the target.
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| Error::Config(format!("could not set up the HTTP client: {e}")))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                authorization,
                mode,
                user_agent,
                timeout,
                max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
                initial_backoff,
                max_backoff,
                idempotency_keys: !self.no_idempotency_keys,
                max_response_bytes: self
                    .max_response_bytes
                    .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            }),
            options: RequestOptions::default(),
        })
    }
}

/// An environment variable's value, trimmed; `None` when it is not set or blank.
fn env_var(name: &str) -> Result<Option<String>, Error> {
    match std::env::var(name) {
        Ok(value) => {
            let value = value.trim();
            Ok((!value.is_empty()).then(|| value.to_owned()))
        }
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::Config(format!(
            "the environment variable {name} is not valid Unicode"
        ))),
    }
}

/// The mode of a key, from the spec's key prefixes. A key that has neither prefix is refused
/// here, so that a key for another API (or a mangled one) fails at build time rather than with
/// a 401 at the first call. The error never repeats the key.
fn key_mode(key: &str) -> Result<KeyMode, Error> {
    let Some(prefixes) = crate::KEY_PREFIXES else {
        return Ok(KeyMode::Unknown);
    };
    // The longer prefix first: `fsk_test_` keys also start with `fsk_`.
    let mut candidates = [
        (prefixes.test, KeyMode::Test),
        (prefixes.live, KeyMode::Live),
    ];
    candidates.sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.len()));
    match candidates
        .iter()
        .find(|(prefix, _)| key.starts_with(*prefix))
    {
        Some((prefix, _)) if key.len() == prefix.len() => Err(Error::Config(format!(
            "the API key has nothing after its prefix `{prefix}`"
        ))),
        Some((_, mode)) => Ok(*mode),
        None => Err(Error::Config(format!(
            "the API key is not a {} key: test keys start with `{}`, live keys with `{}`",
            crate::API_NAME,
            prefixes.test,
            prefixes.live
        ))),
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

/// The base URL, checked: http or https, no query or fragment, and, when a key is sent, no plain
/// `http://` except to this machine (the key would cross the network readable by anyone on it).
fn parse_base_url(base_url: &str, sends_key: bool) -> Result<url::Url, Error> {
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
    if sends_key && url.scheme() == "http" && !is_loopback(&url) {
        return Err(Error::Config(format!(
            "base URL `{base_url}` is plain http: the API key is only sent over https, or over http to this machine (localhost, 127.0.0.0/8, [::1])"
        )));
    }
    Ok(url)
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => {
            domain.eq_ignore_ascii_case("localhost")
                || domain.to_ascii_lowercase().ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}
