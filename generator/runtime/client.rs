//! The HTTP client: [`Client`], its per-request handles, and the loop that sends a request,
//! traces each try and tries again as the retry policy says. Part of the runtime that
//! `flex-codegen` copies into every crate it generates; the generated operations (one method
//! each, in `operations/`) build a [`Request`] and all go through `Client::send`.
//!
//! The rest of a call lives next door: settings in `config`, when to retry in `retry`, the
//! request's encoding in `request`, reading and decoding the response in `response`.
//!
//! The same text serves every spec, so `lib.rs` allows dead code in this module: a spec with no
//! operations, or none without a response body, leaves some crate-private helpers unused.

use crate::config::{ClientBuilder, Config, KeyMode, RequestOptions};
use crate::error::Error;
use crate::request::{IDEMPOTENCY_KEY, Request};
use crate::response::{RawResponse, ResponseMeta};
use crate::retry::{Decision, RetryPolicy, Stop};
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// A client for the API. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Config>,
    /// Options for every request made through this handle (see [`Client::with_options`]).
    pub(crate) options: RequestOptions,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("timeout", &self.inner.timeout)
            .field("max_retries", &self.inner.retry.max_retries)
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

    /// How long a whole call may take, all tries and waits included, if there is a limit.
    pub fn deadline(&self) -> Option<Duration> {
        self.options.deadline.or(self.inner.deadline)
    }

    /// How many times a failed request is tried again.
    pub fn max_retries(&self) -> u32 {
        self.options
            .max_retries
            .unwrap_or(self.inner.retry.max_retries)
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
    pub(crate) async fn send<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        let response = self.execute(request).await?;
        self.decode(&response)
    }

    /// Sends one request whose JSON response is either the envelope `E` (a one-member object
    /// whose member is `key`) or the bare `T` it wraps, and returns the `T` (`unwrap` takes it
    /// out of the envelope). The spec says so with a `oneOf` of the two.
    pub(crate) async fn send_enveloped_or_bare<E: DeserializeOwned, T: DeserializeOwned>(
        &self,
        request: Request,
        key: &str,
        unwrap: impl FnOnce(E) -> T,
    ) -> Result<T, Error> {
        let response = self.execute(request).await?;
        if response.is_enveloped(key) {
            self.decode(&response).map(unwrap)
        } else {
            self.decode(&response)
        }
    }

    /// Decodes a response body strictly or leniently, as the client is configured.
    fn decode<T: DeserializeOwned>(&self, response: &RawResponse) -> Result<T, Error> {
        if self.inner.strict_decoding {
            return response.decode();
        }
        let (value, skipped) = response.decode_lenient()?;
        if !skipped.is_empty() {
            if let Some(capture) = &self.options.capture {
                capture.add_skipped(skipped);
            }
        }
        Ok(value)
    }

    /// Sends one request and hands back the raw response, for bodies that are not JSON and for
    /// operations whose success statuses have different bodies.
    pub(crate) async fn send_raw(&self, request: Request) -> Result<RawResponse, Error> {
        self.execute(request).await
    }

    /// Sends one request whose successful response has no body the caller needs.
    pub(crate) async fn send_empty(&self, request: Request) -> Result<(), Error> {
        self.execute(request).await.map(|_| ())
    }

    /// Sends a request, trying it again while the retry policy says so, and returns the first
    /// successful response. Each try is a `request` span.
    async fn execute(&self, request: Request) -> Result<RawResponse, Error> {
        let options = &self.options;
        let url = request.url(&self.inner.base_url)?;
        let timeout = self.timeout();
        if timeout.is_zero() {
            return Err(Error::InvalidRequest(
                "the timeout must be longer than zero".to_owned(),
            ));
        }
        let body = request.body.to_bytes();
        let key = request.idempotency_key(&self.inner, options, &url, body.as_ref())?;
        let headers = request.headers(&self.inner, options, key.as_deref())?;
        // A request that changes something is sent again only when the server can recognize
        // it as the same request, by its idempotency key (ours, or one the caller's headers set).
        let key = headers
            .get(IDEMPOTENCY_KEY)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let has_idempotency_key = key.is_some();
        let policy = RetryPolicy {
            max_retries: self.max_retries(),
            ..self.inner.retry
        };
        let deadline = self.deadline().map(|deadline| Instant::now() + deadline);
        let remaining =
            || deadline.map(|deadline| deadline.saturating_duration_since(Instant::now()));
        let mut attempt: u32 = 0;
        loop {
            attempt = attempt.saturating_add(1);
            // Each try gets its timeout, or what is left of the deadline when that is less.
            let try_timeout = match remaining() {
                Some(left) if left.is_zero() => {
                    return Err(Error::Timeout {
                        url: url.to_string(),
                        timeout: Duration::ZERO,
                        idempotency_key: key,
                    });
                }
                Some(left) => timeout.min(left),
                None => timeout,
            };
            let span = tracing::info_span!(
                "request",
                api = crate::API.name,
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
                .attempt(&request.method, &url, &headers, body.clone(), try_timeout)
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
                            request_id,
                            attempts: attempt,
                            idempotency_key: key.clone(),
                            skipped_fields: Vec::new(),
                        });
                    }
                    let mut response = response;
                    response.idempotency_key = key.clone();
                    if response.is_success() {
                        return Ok(response);
                    }
                    response.into_error()
                }
                Err(error) => error.with_idempotency_key(key.as_deref()),
            };
            let failure = error.failure();
            let jitter = crate::support::random_fraction();
            let decision = policy.decide(
                &request.method,
                has_idempotency_key,
                failure,
                attempt,
                jitter,
                remaining(),
            );
            match decision {
                Decision::Retry(delay) => {
                    tracing::info!(
                        parent: &span,
                        error = %error,
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        retry = attempt,
                        max_retries = policy.max_retries,
                        "request failed; retrying"
                    );
                    tokio::time::sleep(delay).await;
                }
                Decision::Stop(Stop::NotIdempotent) => {
                    tracing::debug!(
                        parent: &span,
                        error = %error,
                        "request failed; not retried: it changes data and has no idempotency key"
                    );
                    return Err(error);
                }
                Decision::Stop(Stop::RetryAfterTooLong) => {
                    tracing::debug!(
                        parent: &span,
                        error = %error,
                        "request failed; not retried: the server asked to wait longer than the client waits"
                    );
                    return Err(error);
                }
                Decision::Stop(Stop::DeadlineReached) => {
                    tracing::debug!(
                        parent: &span,
                        error = %error,
                        "request failed; not retried: the deadline would pass first"
                    );
                    return Err(error);
                }
                Decision::Stop(Stop::NotRetryable | Stop::NoRetriesLeft) => {
                    tracing::debug!(parent: &span, error = %error, "request failed");
                    return Err(error);
                }
            }
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
        let response = builder
            .send()
            .await
            .map_err(|e| Error::from_reqwest(e, url, timeout))?;
        RawResponse::read(response, self.inner.max_response_bytes, url, timeout).await
    }
}
