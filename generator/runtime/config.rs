//! Configuration: what the generated crate says about its API ([`ApiInfo`]), the
//! [`ClientBuilder`] and its checks (API key, key mode, base URL), the environment
//! ([`ClientBuilder::from_env`]), and the per-request [`RequestOptions`]. Part of the runtime that
//! `flex-codegen` copies into every crate it generates.

use crate::client::Client;
use crate::error::Error;
use crate::response::ResponseCapture;
use crate::retry::{
    DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MAX_RETRIES, RetryPolicy,
};
use reqwest::header::HeaderValue;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long a request may take, from sending it to reading the last byte of the response,
/// unless [`ClientBuilder::timeout`] says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The largest response body the client reads, unless [`ClientBuilder::max_response_bytes`]
/// says otherwise: larger ones are an [`Error::ResponseTooLarge`].
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// How long making a connection may take unless [`ClientBuilder::connect_timeout`] says
/// otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// What the spec says about the API, as the generated `lib.rs` writes it in its one constant
/// `crate::API`: all that the runtime reads from the crate it is copied into.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ApiInfo {
    /// The API's name (the spec's `info.title`), as error messages and traces give it.
    pub(crate) name: &'static str,
    /// Where requests go unless [`ClientBuilder::base_url`] says otherwise: the spec's first
    /// server, when it is an absolute URL.
    pub(crate) default_base_url: Option<&'static str>,
    /// The `User-Agent` sent unless [`ClientBuilder::user_agent`] says otherwise.
    pub(crate) user_agent: &'static str,
    /// Whether the spec requires authentication, so that a client without an API key is refused.
    pub(crate) auth_required: bool,
    /// How test and live API keys begin (the spec's `x-api-key-prefixes`), when it says.
    pub(crate) key_prefixes: Option<KeyPrefixes>,
    /// The environment variable [`ClientBuilder::from_env`] reads the API key from.
    pub(crate) api_key_env: &'static str,
    /// The environment variable [`ClientBuilder::from_env`] reads the base URL from.
    pub(crate) base_url_env: &'static str,
    /// The wire names of the fields the spec marks secret (`format: password`), whose values
    /// error texts leave out.
    pub(crate) secret_fields: &'static [&'static str],
    /// The leading path segment every operation's path shares (`/v1`), when they share one: a
    /// base URL that ends with it has it taken off, so that `https://api.example.com/v1` does not
    /// send requests to `/v1/v1/...`.
    pub(crate) path_prefix: Option<&'static str>,
}

/// The key prefixes of test and live keys, from the spec's `x-api-key-prefixes`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct KeyPrefixes {
    pub(crate) test: &'static str,
    pub(crate) live: &'static str,
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

/// A client's settings, checked: what [`ClientBuilder::build`] makes and every handle on the
/// client shares.
pub(crate) struct Config {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: url::Url,
    /// `Bearer <key>`, marked sensitive so that the HTTP stack never logs it.
    pub(crate) authorization: Option<HeaderValue>,
    pub(crate) mode: KeyMode,
    pub(crate) user_agent: HeaderValue,
    pub(crate) timeout: Duration,
    /// How long a whole call may take, all tries and waits included, when there is a limit.
    pub(crate) deadline: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    pub(crate) idempotency_keys: bool,
    pub(crate) max_response_bytes: usize,
    /// Whether a field that does not fit its type fails the whole response.
    pub(crate) strict_decoding: bool,
}

/// Settings for a [`Client`]. Every setting but the API key has a default.
#[derive(Default)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    deadline: Option<Duration>,
    max_response_bytes: Option<usize>,
    strict_decoding: bool,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    max_retries: Option<u32>,
    backoff: Option<(Duration, Duration)>,
    /// Whether requests that change data carry an `Idempotency-Key` (`None`: the default, yes).
    idempotency_keys: Option<bool>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("deadline", &self.deadline)
            .field("user_agent", &self.user_agent)
            .field("max_retries", &self.max_retries)
            .field("backoff", &self.backoff)
            .field("idempotency_keys", &self.idempotency_keys.unwrap_or(true))
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
        let api = crate::API;
        if let Some(key) = env_var(api.api_key_env)? {
            self.api_key = Some(key);
        } else if self.api_key.is_none() && api.auth_required {
            return Err(Error::Config(format!(
                "the environment variable {} is not set: it must hold the API key",
                api.api_key_env
            )));
        }
        if let Some(base_url) = env_var(api.base_url_env)? {
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

    /// How long making a connection (DNS, TCP and TLS) may take; [`DEFAULT_CONNECT_TIMEOUT`]
    /// if not set. Part of each try's [`timeout`](Self::timeout), not added to it; it fails a
    /// try to an unreachable host early, and that try is retried like any connection error.
    /// Ignored with [`http_client`](Self::http_client), whose own setting applies.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How long a whole call may take: every try, and every wait between tries. None by
    /// default (the limit is then the timeout of each try times the tries, plus the waits).
    /// No try starts, and no wait, that the deadline would cut short; a try under way when it
    /// passes ends with [`Error::Timeout`]. [`RequestOptions::deadline`] sets it per call.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The largest response body to read; [`DEFAULT_MAX_RESPONSE_BYTES`] if not set.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Whether one field whose JSON does not fit its type fails the whole response with
    /// [`Error::Decode`](crate::Error::Decode) (`true`), or is left empty (the default): the rest
    /// of the object is kept, a `tracing` warning names the field's path, and
    /// [`ResponseMeta::skipped_fields`](crate::ResponseMeta::skipped_fields) holds its JSON.
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.strict_decoding = strict;
        self
    }

    /// How many times a request that failed in a way that may pass is tried again
    /// ([`DEFAULT_MAX_RETRIES`] if not set; 0 turns retries off). Retried: connection errors,
    /// timeouts, and the statuses 408, 409, 429 and 5xx but 501 and 505, unless the response's
    /// `x-should-retry` says otherwise; a request other than GET only when it carries an
    /// idempotency key.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// The wait before the first retry, doubled for each retry after it up to `max`, less up
    /// to a quarter at random; [`DEFAULT_INITIAL_BACKOFF`] and [`DEFAULT_MAX_BACKOFF`] if not
    /// set. A server's `Retry-After` of at most [`crate::MAX_RETRY_AFTER`] is used instead (but
    /// never less than the first step of the backoff); a longer one ends the retries.
    pub fn retry_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.backoff = Some((initial, max));
        self
    }

    /// Whether requests other than GET get a generated `Idempotency-Key` (on by default). Off,
    /// such requests carry a key, and are retried, only when the call sets one with
    /// [`RequestOptions::idempotency_key`]; for APIs that refuse the header.
    pub fn idempotency_keys(mut self, enabled: bool) -> Self {
        self.idempotency_keys = Some(enabled);
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
        let api = crate::API;
        let (authorization, mode) = match self.api_key {
            Some(key) => (Some(authorization(&key)?), key_mode(&key)?),
            None if api.auth_required => {
                return Err(Error::Config(format!(
                    "an API key is required: call `ClientBuilder::api_key`, or set {} and use `Client::from_env`",
                    api.api_key_env
                )));
            }
            None => (None, KeyMode::Unknown),
        };
        let base_url = match self.base_url.as_deref().or(api.default_base_url) {
            Some(base_url) => parse_base_url(base_url, authorization.is_some())?,
            None => {
                return Err(Error::Config(
                    "the spec names no absolute server URL: call `ClientBuilder::base_url`"
                        .to_owned(),
                ));
            }
        };
        let user_agent = self.user_agent.as_deref().unwrap_or(api.user_agent);
        let user_agent = HeaderValue::from_str(user_agent).map_err(|_| {
            Error::Config(format!(
                "`{user_agent}` cannot be sent as a User-Agent header"
            ))
        })?;
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        for (name, value) in [
            ("timeout", Some(timeout)),
            ("connect timeout", Some(connect_timeout)),
            ("deadline", self.deadline),
        ] {
            if value.is_some_and(|value| value.is_zero()) {
                return Err(Error::Config(format!(
                    "the {name} must be longer than zero"
                )));
            }
        }
        let (initial_backoff, max_backoff) = self
            .backoff
            .unwrap_or((DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF));
        let http = match self.http {
            Some(http) => http,
            // Redirects are not followed: an API that redirects is misconfigured (an `http://`
            // base URL, a moved host), following would resend the body, and a redirect loop
            // would cost ten requests. The 3xx comes back as an `Error::Api` naming the target.
            None => {
                install_tls_provider();
                reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .connect_timeout(connect_timeout)
                    .build()
                    .map_err(|e| Error::Config(format!("could not set up the HTTP client: {e}")))?
            }
        };
        Ok(Client {
            inner: Arc::new(Config {
                http,
                base_url,
                authorization,
                mode,
                user_agent,
                timeout,
                deadline: self.deadline,
                retry: RetryPolicy {
                    max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
                    initial_backoff,
                    max_backoff,
                },
                idempotency_keys: self.idempotency_keys.unwrap_or(true),
                max_response_bytes: self
                    .max_response_bytes
                    .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
                strict_decoding: self.strict_decoding,
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
    let Some(prefixes) = crate::API.key_prefixes else {
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
            crate::API.name,
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

/// The base URL, checked: http or https, no user name or password, no query or fragment, and,
/// when a key is sent, no plain `http://` except to this machine (the key would cross the network
/// readable by anyone on it). A path that ends with the segment every operation's path starts
/// with (`/v1`, as `https://api.example.com/v1`) has it taken off, so that it is not sent twice.
fn parse_base_url(base_url: &str, sends_key: bool) -> Result<url::Url, Error> {
    let mut url = url::Url::parse(base_url).map_err(|e| {
        // The text may hold a password (`https://user:pw@host`): shown only when it cannot.
        if base_url.contains('@') {
            Error::Config(format!("the base URL is not a valid URL: {e}"))
        } else {
            Error::Config(format!("base URL `{base_url}` is not a valid URL: {e}"))
        }
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        // Credentials in a URL end up in logs and error messages; the API key is the credential.
        return Err(Error::Config(
            "the base URL must not have a user name or password (the API key is sent in a header)"
                .to_owned(),
        ));
    }
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
    if let Some(prefix) = crate::API.path_prefix {
        let path = url.path().trim_end_matches('/');
        if let Some(rest) = path.strip_suffix(prefix) {
            let rest = rest.to_owned();
            url.set_path(&rest);
        }
    }
    Ok(url)
}

/// Whether a URL's host is this machine: `localhost` itself, `127.0.0.0/8` or `[::1]`. Names
/// under `.localhost` are not: resolvers that do not treat them specially send them to a DNS
/// server, and the request (with the key) across the network.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Options for the requests made through a [`Client::with_options`] handle. Every option not
/// set here keeps the client's setting.
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) idempotency_key: Option<CallKey>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) capture: Option<ResponseCapture>,
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may be credentials: only their names are shown.
        let header_names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("max_retries", &self.max_retries)
            .field(
                "idempotency_key",
                &self.idempotency_key.as_ref().map(|key| &*key.key),
            )
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

    /// How long the whole call may take, all tries and waits included, instead of the client's
    /// [`deadline`](crate::ClientBuilder::deadline).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// How many times a failed request is tried again, instead of the client's setting; 0 turns
    /// retries off.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// The `Idempotency-Key` of one call that changes data, instead of a generated one: the key
    /// of an earlier try of the same call ([`Error::idempotency_key`]), or one this program keeps
    /// (to send the call again after a restart). Sent on each retry of the call; makes it
    /// retryable even when the client does not generate keys.
    ///
    /// The key belongs to one call. The first request that changes data made through the handle
    /// takes it; the same request sent again through the handle (same method, URL and body, as
    /// a retry after an error) is sent with it again; any other request that changes data is
    /// refused with [`Error::InvalidRequest`] before it is sent, since the server would answer
    /// it with the first one's response. Requests that change nothing (GET) never carry it.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(CallKey {
            key: key.into().into(),
            owner: Arc::default(),
        });
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
    pub(crate) fn merged(&self, other: RequestOptions) -> RequestOptions {
        let mut headers = self.headers.clone();
        headers.extend(other.headers);
        RequestOptions {
            timeout: other.timeout.or(self.timeout),
            deadline: other.deadline.or(self.deadline),
            max_retries: other.max_retries.or(self.max_retries),
            idempotency_key: other
                .idempotency_key
                .or_else(|| self.idempotency_key.clone()),
            headers,
            capture: other.capture.or_else(|| self.capture.clone()),
        }
    }
}

/// An idempotency key given for one call ([`RequestOptions::idempotency_key`]), and the request
/// that took it: the first one that changes data made through the handle (or a clone of it).
#[derive(Clone)]
pub(crate) struct CallKey {
    pub(crate) key: Arc<str>,
    /// A fingerprint of the request that took the key (its method, URL and body), once one has.
    owner: Arc<Mutex<Option<u64>>>,
}

impl CallKey {
    /// The key for a request with this fingerprint: the first request takes it, the same request
    /// again keeps it, and any other is refused.
    pub(crate) fn claim(&self, fingerprint: u64) -> Result<&str, Error> {
        // A poisoned lock means a thread panicked while holding it; the value is still valid.
        let mut owner = self
            .owner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match *owner {
            Some(taken) if taken != fingerprint => Err(Error::InvalidRequest(
                "the idempotency key of this handle belongs to another request made through it: give each call its own key (`RequestOptions::idempotency_key`)".to_owned(),
            )),
            _ => {
                *owner = Some(fingerprint);
                Ok(&self.key)
            }
        }
    }
}

// A crate built with no TLS backend could only talk to `http://localhost`: say so at build time
// rather than with an error on the first request.
#[cfg(not(any(
    feature = "rustls-ring",
    feature = "rustls-aws-lc",
    feature = "native-tls"
)))]
compile_error!(
    "choose a TLS backend: enable one of the features `rustls-ring` (the default), `rustls-aws-lc` or `native-tls`"
);

/// With the `rustls-ring` feature, reqwest is built without a crypto provider
/// (`rustls-no-provider`) and takes the process's default one: install ring's unless the
/// application has installed its own, which is then used as it is. With `rustls-aws-lc` also on
/// (two features chosen by different crates), reqwest's own aws-lc-rs default applies instead.
#[cfg(all(feature = "rustls-ring", not(feature = "rustls-aws-lc")))]
fn install_tls_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // An error means another thread installed one first: that one is used, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

#[cfg(not(all(feature = "rustls-ring", not(feature = "rustls-aws-lc"))))]
fn install_tls_provider() {}
