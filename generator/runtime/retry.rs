//! When to try a request again, and how long to wait first. Part of the runtime that
//! `flex-codegen` copies into every crate it generates.
//!
//! A pure policy: every decision is a function of what it is given (a summary of the failure,
//! the request's method and idempotency key, the try's number, the settings, a random fraction,
//! the time left before the call's deadline and, for `Retry-After` dates, the time). Nothing here sends, sleeps or reads the clock, so the
//! unit tests below cover it without a server; `Client::execute` does the waiting.

use reqwest::Method;
use reqwest::header::HeaderMap;
use std::time::{Duration, SystemTime};

/// How many times a failed request is tried again, unless [`crate::ClientBuilder::max_retries`]
/// or [`crate::RequestOptions::max_retries`] says otherwise.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// The wait before the first retry; it doubles for each retry after it, up to
/// [`DEFAULT_MAX_BACKOFF`] (see [`crate::ClientBuilder::retry_backoff`]).
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(500);

/// The longest wait between two tries that the backoff computes.
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(8);

/// The longest wait a server may ask for with `Retry-After` or `retry-after-ms` and be retried
/// after it. A server that asks for longer is not tried again: the call returns its error at
/// once, with the wait it asked for in [`crate::ApiError::retry_after`], for the caller to
/// schedule (an unreadable value is ignored and the backoff used).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// What went wrong with one try, as far as the policy needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The server answered with this status (not 2xx), asking to wait `retry_after` when it said,
    /// and saying whether to retry at all when it sent `x-should-retry`.
    Status {
        status: u16,
        retry_after: Option<Duration>,
        should_retry: Option<bool>,
    },
    /// No complete response came within the timeout.
    Timeout,
    /// No connection could be made.
    Connection,
    /// The request was sent but not completed: the connection closed, or the response body
    /// could not be read.
    Interrupted,
    /// Anything that a retry cannot fix: a transport error before sending, a body that does not
    /// decode or is too large, a request refused before it was sent, a bad configuration.
    Permanent,
}

impl Failure {
    /// Whether trying again may succeed: connection errors, timeouts, interrupted requests, and
    /// the statuses [`status_is_retryable`] names, unless the server said otherwise with
    /// `x-should-retry`.
    pub(crate) fn is_retryable(self) -> bool {
        match self {
            Failure::Status {
                should_retry: Some(should_retry),
                ..
            } => should_retry,
            Failure::Status { status, .. } => status_is_retryable(status),
            Failure::Timeout | Failure::Connection | Failure::Interrupted => true,
            Failure::Permanent => false,
        }
    }
}

/// Whether a response with this status may be followed by a success when the same request is
/// sent again: 408 (request timeout), 409 (conflict, such as a concurrent request with the same
/// idempotency key), 429 (rate limited) and every 5xx but 501 (not implemented) and 505 (HTTP
/// version not supported), which say the same to every try.
pub(crate) fn status_is_retryable(status: u16) -> bool {
    matches!(status, 408 | 409 | 429 | 500 | 502..=504 | 506..=599)
}

/// Methods that change nothing on the server, so that sending them twice is harmless; every
/// other request needs an idempotency key to be retried.
pub(crate) fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The retry settings of a client (or of one [`crate::Client::with_options`] handle).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    /// How many times a failed request is tried again (0: never).
    pub(crate) max_retries: u32,
    /// The wait before the first retry.
    pub(crate) initial_backoff: Duration,
    /// The longest wait the backoff computes.
    pub(crate) max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: DEFAULT_MAX_RETRIES,
            initial_backoff: DEFAULT_INITIAL_BACKOFF,
            max_backoff: DEFAULT_MAX_BACKOFF,
        }
    }
}

/// What to do after a failed try.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Wait this long, then send the request again.
    Retry(Duration),
    /// Return the error.
    Stop(Stop),
}

/// Why a failed request is not tried again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The failure is not one that a retry can fix.
    NotRetryable,
    /// Every retry allowed has been made.
    NoRetriesLeft,
    /// The request may change data and carries no idempotency key, so the server could not tell
    /// a second copy from a new request.
    NotIdempotent,
    /// The server asked to wait longer than [`MAX_RETRY_AFTER`].
    RetryAfterTooLong,
    /// The wait before the next try would reach the call's deadline.
    DeadlineReached,
}

impl RetryPolicy {
    /// Whether to try again after try number `attempt` (1 for the first) failed with `failure`,
    /// and after how long. `fraction`, in `[0, 1)`, is the random part of the backoff;
    /// `remaining` the time left before the call's deadline, when it has one.
    pub(crate) fn decide(
        &self,
        method: &Method,
        has_idempotency_key: bool,
        failure: Failure,
        attempt: u32,
        fraction: f64,
        remaining: Option<Duration>,
    ) -> Decision {
        if !failure.is_retryable() {
            return Decision::Stop(Stop::NotRetryable);
        }
        if attempt > self.max_retries {
            return Decision::Stop(Stop::NoRetriesLeft);
        }
        if !is_safe(method) && !has_idempotency_key {
            return Decision::Stop(Stop::NotIdempotent);
        }
        if let Failure::Status {
            retry_after: Some(after),
            ..
        } = failure
        {
            if after > MAX_RETRY_AFTER {
                return Decision::Stop(Stop::RetryAfterTooLong);
            }
        }
        let delay = self.delay(failure, attempt, fraction);
        // A wait that leaves no time for the try after it is not worth starting.
        if remaining.is_some_and(|remaining| delay >= remaining) {
            return Decision::Stop(Stop::DeadlineReached);
        }
        Decision::Retry(delay)
    }

    /// How long to wait before the retry after try number `attempt`: what the server asked for,
    /// but never less than the first step of the backoff (so that `Retry-After: 0`, or a date
    /// already past, cannot make a burst of tries); the backoff when it did not ask.
    pub(crate) fn delay(&self, failure: Failure, attempt: u32, fraction: f64) -> Duration {
        match failure {
            Failure::Status {
                retry_after: Some(after),
                ..
            } => after.max(self.backoff(1, fraction)),
            _ => self.backoff(attempt, fraction),
        }
    }

    /// The wait before retry number `attempt` (1 for the first): the initial backoff doubled
    /// for each retry before it, at most the maximum, less up to a quarter at random (`fraction`
    /// in `[0, 1)`) so that clients that failed together do not all come back at the same moment.
    pub(crate) fn backoff(&self, attempt: u32, fraction: f64) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        let delay = self
            .initial_backoff
            .saturating_mul(1 << doublings)
            .min(self.max_backoff);
        delay.mul_f64(1.0 - 0.25 * fraction.clamp(0.0, 1.0))
    }
}

/// How long the server asked the client to wait: `retry-after-ms` (milliseconds), else
/// `Retry-After` in seconds (fractions too: `1.5`) or as an HTTP date (a date before `now` means
/// no wait). Negative and unreadable values are ignored.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let header = |name: &str| {
        headers
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
    if let Ok(seconds) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).ok();
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Whether the server said to retry (`x-should-retry: true`) or not (`false`), overriding what
/// the status alone would decide; `None` when it did not say or said something else.
pub(crate) fn should_retry(headers: &HeaderMap) -> Option<bool> {
    let value = headers.get("x-should-retry")?.to_str().ok()?.trim();
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    const MS: Duration = Duration::from_millis(1);

    fn policy(max_retries: u32, initial_ms: u64, max_ms: u64) -> RetryPolicy {
        RetryPolicy {
            max_retries,
            initial_backoff: MS * initial_ms as u32,
            max_backoff: MS * max_ms as u32,
        }
    }

    fn status(status: u16) -> Failure {
        Failure::Status {
            status,
            retry_after: None,
            should_retry: None,
        }
    }

    fn asked(retry_after: Duration) -> Failure {
        Failure::Status {
            status: 429,
            retry_after: Some(retry_after),
            should_retry: None,
        }
    }

    fn told(status: u16, should_retry: bool) -> Failure {
        Failure::Status {
            status,
            retry_after: None,
            should_retry: Some(should_retry),
        }
    }

    /// The decision for a GET after its first try, with no jitter.
    fn get(failure: Failure) -> Decision {
        RetryPolicy::default().decide(&Method::GET, false, failure, 1, 0.0, None)
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).expect("valid value"));
        }
        map
    }

    #[test]
    fn statuses_that_may_pass_are_retried_and_the_others_are_not() {
        for code in [408, 409, 429, 500, 502, 503, 504, 506, 599] {
            assert_eq!(get(status(code)), Decision::Retry(500 * MS), "{code}");
        }
        // 501 and 505 say the same to every try.
        for code in [
            300, 400, 401, 402, 403, 404, 405, 410, 422, 499, 501, 505, 600,
        ] {
            assert_eq!(
                get(status(code)),
                Decision::Stop(Stop::NotRetryable),
                "{code}"
            );
        }
    }

    #[test]
    fn network_failures_are_retried_and_permanent_ones_are_not() {
        for failure in [Failure::Timeout, Failure::Connection, Failure::Interrupted] {
            assert!(matches!(get(failure), Decision::Retry(_)), "{failure:?}");
        }
        assert_eq!(get(Failure::Permanent), Decision::Stop(Stop::NotRetryable));
    }

    #[test]
    fn a_request_that_changes_data_is_retried_only_with_an_idempotency_key() {
        let policy = RetryPolicy::default();
        for method in [Method::POST, Method::PATCH, Method::PUT, Method::DELETE] {
            assert_eq!(
                policy.decide(&method, false, status(503), 1, 0.0, None),
                Decision::Stop(Stop::NotIdempotent),
                "{method}"
            );
            assert_eq!(
                policy.decide(&method, true, status(503), 1, 0.0, None),
                Decision::Retry(500 * MS),
                "{method}"
            );
        }
        for method in [Method::GET, Method::HEAD, Method::OPTIONS] {
            assert!(matches!(
                policy.decide(&method, false, status(503), 1, 0.0, None),
                Decision::Retry(_)
            ));
        }
        // Not retryable comes first: a 400 is not a matter of idempotency.
        assert_eq!(
            policy.decide(&Method::POST, false, status(400), 1, 0.0, None),
            Decision::Stop(Stop::NotRetryable)
        );
    }

    #[test]
    fn retries_stop_after_max_retries() {
        let policy = policy(2, 10, 1000);
        assert!(matches!(
            policy.decide(&Method::GET, false, status(503), 1, 0.0, None),
            Decision::Retry(_)
        ));
        assert!(matches!(
            policy.decide(&Method::GET, false, status(503), 2, 0.0, None),
            Decision::Retry(_)
        ));
        assert_eq!(
            policy.decide(&Method::GET, false, status(503), 3, 0.0, None),
            Decision::Stop(Stop::NoRetriesLeft)
        );
        assert_eq!(
            self::policy(0, 10, 1000).decide(&Method::GET, false, status(503), 1, 0.0, None),
            Decision::Stop(Stop::NoRetriesLeft)
        );
    }

    #[test]
    fn the_backoff_doubles_up_to_its_cap() {
        let policy = policy(10, 100, 1000);
        let waits: Vec<Duration> = (1..=6).map(|n| policy.backoff(n, 0.0)).collect();
        assert_eq!(
            waits,
            [100 * MS, 200 * MS, 400 * MS, 800 * MS, 1000 * MS, 1000 * MS]
        );
        // The defaults: 0.5 s, 1 s, 2 s, 4 s, 8 s, 8 s.
        let defaults = RetryPolicy::default();
        assert_eq!(defaults.backoff(1, 0.0), 500 * MS);
        assert_eq!(defaults.backoff(5, 0.0), Duration::from_secs(8));
        assert_eq!(defaults.backoff(6, 0.0), Duration::from_secs(8));
        // A huge attempt number neither overflows nor passes the cap.
        assert_eq!(policy.backoff(u32::MAX, 0.0), 1000 * MS);
        let unbounded = RetryPolicy {
            max_backoff: Duration::MAX,
            ..policy
        };
        assert!(unbounded.backoff(u32::MAX, 0.0) > Duration::from_secs(1 << 20));
    }

    #[test]
    fn jitter_takes_off_at_most_a_quarter() {
        let policy = policy(10, 400, 400);
        assert_eq!(policy.backoff(1, 0.0), 400 * MS);
        assert_eq!(policy.backoff(1, 0.5), 350 * MS);
        // Never less than three quarters (a fraction just under 1 rounds to it, in nanoseconds).
        let shortest = policy.backoff(1, 1.0 - f64::EPSILON);
        assert!(shortest >= 300 * MS && shortest < 301 * MS, "{shortest:?}");
        // Fractions outside [0, 1) are clamped rather than trusted.
        assert_eq!(policy.backoff(1, -3.0), 400 * MS);
        assert_eq!(policy.backoff(1, 7.0), 300 * MS);
        for step in 0..100 {
            let wait = policy.backoff(3, f64::from(step) / 100.0);
            assert!(wait >= 300 * MS && wait <= 400 * MS, "{wait:?}");
        }
    }

    #[test]
    fn a_retry_after_up_to_the_cap_replaces_the_backoff() {
        let policy = policy(5, 100, 1000);
        assert_eq!(
            policy.decide(&Method::GET, false, asked(700 * MS), 1, 0.9, None),
            Decision::Retry(700 * MS)
        );
        assert_eq!(
            policy.delay(asked(MAX_RETRY_AFTER), 1, 0.0),
            MAX_RETRY_AFTER
        );
        // Only a response can ask; other failures always back off.
        assert_eq!(policy.delay(Failure::Timeout, 1, 0.0), 100 * MS);
    }

    #[test]
    fn a_zero_or_short_retry_after_waits_at_least_the_first_backoff_step() {
        let policy = policy(5, 100, 1000);
        // Zero (or a date already past): the first step, whichever retry this is.
        assert_eq!(policy.delay(asked(Duration::ZERO), 1, 0.0), 100 * MS);
        assert_eq!(policy.delay(asked(Duration::ZERO), 3, 0.0), 100 * MS);
        assert_eq!(policy.delay(asked(7 * MS), 1, 0.0), 100 * MS);
        // With its jitter, never below three quarters of it.
        assert_eq!(
            policy.delay(asked(Duration::ZERO), 1, 0.5),
            87_500 * MS / 1000
        );
    }

    #[test]
    fn a_retry_after_above_the_cap_ends_the_retries() {
        let policy = policy(5, 100, 1000);
        assert_eq!(
            policy.decide(
                &Method::GET,
                false,
                asked(MAX_RETRY_AFTER + MS),
                1,
                0.0,
                None
            ),
            Decision::Stop(Stop::RetryAfterTooLong)
        );
        assert_eq!(
            policy.decide(
                &Method::GET,
                false,
                asked(Duration::from_secs(3600)),
                1,
                0.0,
                None
            ),
            Decision::Stop(Stop::RetryAfterTooLong)
        );
    }

    #[test]
    fn x_should_retry_overrides_the_status_rule() {
        let policy = RetryPolicy::default();
        // `true` retries a status that is otherwise final; `false` stops one that is retried.
        assert!(matches!(
            policy.decide(&Method::GET, false, told(400, true), 1, 0.0, None),
            Decision::Retry(_)
        ));
        assert_eq!(
            policy.decide(&Method::GET, false, told(503, false), 1, 0.0, None),
            Decision::Stop(Stop::NotRetryable)
        );
        // It does not lift the other limits: retries left, and idempotency.
        assert_eq!(
            policy.decide(&Method::GET, false, told(400, true), 3, 0.0, None),
            Decision::Stop(Stop::NoRetriesLeft)
        );
        assert_eq!(
            policy.decide(&Method::POST, false, told(400, true), 1, 0.0, None),
            Decision::Stop(Stop::NotIdempotent)
        );
        let read = |value: &str| should_retry(&headers(&[("x-should-retry", value)]));
        assert_eq!(read("true"), Some(true));
        assert_eq!(read(" FALSE "), Some(false));
        assert_eq!(read("maybe"), None);
        assert_eq!(should_retry(&HeaderMap::new()), None);
    }

    #[test]
    fn no_wait_starts_that_would_reach_the_deadline() {
        let policy = policy(5, 100, 1000);
        assert_eq!(
            policy.decide(&Method::GET, false, status(503), 1, 0.0, Some(101 * MS)),
            Decision::Retry(100 * MS)
        );
        assert_eq!(
            policy.decide(&Method::GET, false, status(503), 1, 0.0, Some(100 * MS)),
            Decision::Stop(Stop::DeadlineReached)
        );
        assert_eq!(
            policy.decide(
                &Method::GET,
                false,
                asked(2000 * MS),
                1,
                0.0,
                Some(1000 * MS)
            ),
            Decision::Stop(Stop::DeadlineReached)
        );
    }

    #[test]
    fn retry_after_headers_are_read_in_milliseconds_seconds_or_as_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let read = |pairs: &[(&'static str, &str)]| retry_after(&headers(pairs), now);
        assert_eq!(read(&[]), None);
        assert_eq!(read(&[("retry-after-ms", "250")]), Some(250 * MS));
        assert_eq!(
            read(&[("retry-after-ms", " 1.5 ")]),
            Some(Duration::from_micros(1500))
        );
        assert_eq!(read(&[("retry-after", "3")]), Some(Duration::from_secs(3)));
        assert_eq!(read(&[("retry-after", "1.5")]), Some(1500 * MS));
        assert_eq!(read(&[("retry-after", "0")]), Some(Duration::ZERO));
        assert_eq!(read(&[("retry-after", "-1")]), None);
        // `retry-after-ms` wins over `Retry-After`; an unreadable one falls back to it.
        assert_eq!(
            read(&[("retry-after-ms", "20"), ("retry-after", "3")]),
            Some(20 * MS)
        );
        assert_eq!(
            read(&[("retry-after-ms", "soon"), ("retry-after", "3")]),
            Some(Duration::from_secs(3))
        );
        assert_eq!(read(&[("retry-after-ms", "-5")]), None);
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            read(&[("retry-after", &later)]),
            Some(Duration::from_secs(30))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(read(&[("retry-after", &earlier)]), Some(Duration::ZERO));
        assert_eq!(read(&[("retry-after", "tomorrow")]), None);
    }
}
