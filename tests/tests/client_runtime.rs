//! The runtime's behaviour around a call, against a local server (wiremock): retries and their
//! waits, idempotency keys, per-request options, raw response access, typed errors, test mode
//! and tracing. Requests other than GET go through `runtime-client`, the client of
//! `tests/fixtures/runtime.yaml` (the Flex spec has only a GET).
//!
//! Waits are configured in milliseconds, so no test sleeps for long; the waits the client chose
//! are read from its tracing output (`delay_ms` of each "retrying" event).

use flex_client::{
    ApiErrorKind, Client, Error, KeyMode, RequestOptions, ResponseCapture,
    types::CheckoutSessionStatus,
};
use runtime_client::types::NewPet;
use serde_json::{Value, json};
use std::cell::RefCell;
use std::future::Future;
use std::io;
use std::sync::Once;
use std::time::{Duration, Instant, SystemTime};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "fsk_test_4eC39HqLyjWDarjtT1zdp7dc";
const SESSION_ID: &str = "fcs_01HACMPD";

fn session() -> Value {
    json!({"checkout_session": {"checkout_session_id": SESSION_ID, "status": "complete"}})
}

fn pet() -> Value {
    json!({"pet": {"pet_id": "pet_1", "name": "Rex", "status": "available"}})
}

fn ok_session() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(session())
        .insert_header("x-request-id", "req_ok")
}

fn error(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(json!({"error": {"code": format!("code_{status}"), "message": "no"}}))
        .insert_header("x-request-id", format!("req_{status}"))
}

/// A server that answers every request with `failure` `times` times, then with `success`.
async fn fails_then_succeeds(
    failure: ResponseTemplate,
    times: u64,
    success: ResponseTemplate,
) -> MockServer {
    let server = MockServer::start().await;
    if times > 0 {
        Mock::given(wiremock::matchers::any())
            .respond_with(failure)
            .up_to_n_times(times)
            .with_priority(1)
            .mount(&server)
            .await;
    }
    Mock::given(wiremock::matchers::any())
        .respond_with(success)
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

/// A Flex client for `server` whose backoff starts at `initial` and stops at `max`.
fn flex(server: &MockServer, initial_ms: u64, max_ms: u64) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .retry_backoff(
            Duration::from_millis(initial_ms),
            Duration::from_millis(max_ms),
        )
        .build()
        .expect("valid configuration")
}

fn pets(server: &MockServer) -> runtime_client::ClientBuilder {
    runtime_client::Client::builder()
        .api_key("any-key-at-all")
        .base_url(server.uri())
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(1))
}

fn new_pet() -> NewPet {
    NewPet::new("Rex".to_owned())
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

async fn retrieve(client: &Client) -> Result<flex_client::types::CheckoutSession, Error> {
    client
        .retrieve_checkout_session(SESSION_ID, &Default::default())
        .await
}

// ---- Capturing tracing output ----
//
// One global subscriber (so that no callsite's interest is decided without it) writes to a
// buffer of the current thread; `#[tokio::test]` runs each test, and the client's futures, on
// its own thread, so a test reads only what its own calls logged.

thread_local! {
    static LOGS: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
}

struct ThreadBuffer;

impl io::Write for ThreadBuffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        LOGS.with(|logs| {
            if let Some(buffer) = logs.borrow_mut().as_mut() {
                buffer.extend_from_slice(bytes);
            }
        });
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Runs `future` and returns its output with everything logged meanwhile, at every level,
/// with a line for each span as it closes (which shows the fields recorded on it).
async fn logged<F: Future>(future: F) -> (F::Output, String) {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        use tracing_subscriber::util::SubscriberInitExt;
        tracing_subscriber::fmt()
            .with_writer(|| ThreadBuffer)
            .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .finish()
            .try_init()
            .expect("no other global subscriber");
    });
    LOGS.with(|logs| *logs.borrow_mut() = Some(Vec::new()));
    let output = future.await;
    let bytes = LOGS
        .with(|logs| logs.borrow_mut().take())
        .unwrap_or_default();
    (output, String::from_utf8_lossy(&bytes).into_owned())
}

/// The `delay_ms` of every "retrying" event, in order.
fn waits(logs: &str) -> Vec<u64> {
    logs.lines()
        .filter(|line| line.contains("retrying"))
        .filter_map(|line| {
            let rest = &line[line.find("delay_ms=")? + "delay_ms=".len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect()
}

// ---- 1. Retries ----

#[tokio::test]
async fn a_get_that_fails_twice_is_retried_with_exponential_backoff() {
    let server = fails_then_succeeds(error(503), 2, ok_session()).await;
    let client = flex(&server, 20, 1000);
    let capture = ResponseCapture::new();
    let started = Instant::now();
    let (result, logs) = logged(retrieve(
        &client.with_options(RequestOptions::new().capture_response(&capture)),
    ))
    .await;
    let session = result.expect("the third try succeeds");
    assert_eq!(session.checkout_session_id, SESSION_ID);
    assert_eq!(received(&server).await.len(), 3);
    assert_eq!(capture.get().expect("captured").attempts, 3);
    // 20 ms, then 40 ms, each less up to a quarter of jitter.
    let waits = waits(&logs);
    assert_eq!(waits.len(), 2, "{logs}");
    assert!((15..=20).contains(&waits[0]), "{waits:?}");
    assert!((30..=40).contains(&waits[1]), "{waits:?}");
    assert!(started.elapsed() >= Duration::from_millis(45));
}

#[tokio::test]
async fn the_backoff_is_capped() {
    let server = fails_then_succeeds(error(500), 4, ok_session()).await;
    let client = flex(&server, 10, 25).with_options(RequestOptions::new().max_retries(4));
    let (result, logs) = logged(retrieve(&client)).await;
    result.expect("the fifth try succeeds");
    let waits = waits(&logs);
    // 10, 20, then 40 and 80 capped at 25; jitter takes off up to a quarter.
    assert_eq!(waits.len(), 4, "{logs}");
    assert!((7..=10).contains(&waits[0]), "{waits:?}");
    assert!((15..=20).contains(&waits[1]), "{waits:?}");
    assert!(
        waits[2..].iter().all(|w| (18..=25).contains(w)),
        "{waits:?}"
    );
}

#[tokio::test]
async fn retries_are_on_by_default_and_stop_after_two() {
    let server = fails_then_succeeds(error(500), 100, ok_session()).await;
    let client = flex(&server, 1, 1);
    assert_eq!(client.max_retries(), flex_client::DEFAULT_MAX_RETRIES);
    assert_eq!(flex_client::DEFAULT_MAX_RETRIES, 2);
    let error = retrieve(&client).await.expect_err("always 500");
    assert_eq!(error.status(), Some(500));
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn the_default_backoff_starts_at_half_a_second_and_stops_at_eight() {
    assert_eq!(
        flex_client::DEFAULT_INITIAL_BACKOFF,
        Duration::from_millis(500)
    );
    assert_eq!(flex_client::DEFAULT_MAX_BACKOFF, Duration::from_secs(8));
    // A client without `retry_backoff` waits about half a second before its first retry.
    let server = fails_then_succeeds(error(503), 1, ok_session()).await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .build()
        .expect("valid");
    let (result, logs) = logged(retrieve(&client)).await;
    result.expect("second try succeeds");
    let waits = waits(&logs);
    assert!(
        waits.len() == 1 && (375..=500).contains(&waits[0]),
        "{waits:?}"
    );
}

#[tokio::test]
async fn max_retries_is_set_per_client_and_per_request_and_zero_turns_retries_off() {
    let server = fails_then_succeeds(error(503), 100, ok_session()).await;

    let off = flex(&server, 1, 1).with_options(RequestOptions::new().max_retries(0));
    retrieve(&off).await.expect_err("503");
    assert_eq!(received(&server).await.len(), 1);

    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(1))
        .max_retries(0)
        .build()
        .expect("valid");
    retrieve(&client).await.expect_err("503");
    assert_eq!(received(&server).await.len(), 2);

    // Per request, over the client's 0.
    let more = client.with_options(RequestOptions::new().max_retries(3));
    retrieve(&more).await.expect_err("503");
    assert_eq!(received(&server).await.len(), 6);
    // The handle with options leaves the client as it was.
    assert_eq!(client.max_retries(), 0);
    assert_eq!(more.max_retries(), 3);
}

#[tokio::test]
async fn which_statuses_are_retried() {
    for status in [408, 409, 429, 500, 502, 503, 504] {
        let server = fails_then_succeeds(error(status), 1, ok_session()).await;
        retrieve(&flex(&server, 1, 1))
            .await
            .unwrap_or_else(|e| panic!("{status} then 200: {e}"));
        assert_eq!(received(&server).await.len(), 2, "{status} is retried");
    }
    for status in [400, 401, 403, 404, 422] {
        let server = fails_then_succeeds(error(status), 1, ok_session()).await;
        let error = retrieve(&flex(&server, 1, 1))
            .await
            .expect_err("not retried");
        assert_eq!(error.status(), Some(status));
        assert_eq!(received(&server).await.len(), 1, "{status} is not retried");
    }
}

#[tokio::test]
async fn a_timeout_is_retried() {
    let server = fails_then_succeeds(
        ok_session().set_delay(Duration::from_millis(500)),
        1,
        ok_session(),
    )
    .await;
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(100))
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(1))
        .build()
        .expect("valid");
    retrieve(&client).await.expect("the second try is fast");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_refused_connection_is_retried() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind")
        .port();
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(2))
        .build()
        .expect("valid");
    let (result, logs) = logged(retrieve(&client)).await;
    let error = result.expect_err("nothing listens");
    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
    assert_eq!(waits(&logs).len(), 2, "{logs}");
}

#[tokio::test]
async fn retry_after_ms_overrides_the_backoff() {
    let server = fails_then_succeeds(
        error(429).insert_header("retry-after-ms", "30"),
        1,
        ok_session(),
    )
    .await;
    let started = Instant::now();
    let (result, logs) = logged(retrieve(&flex(&server, 1, 1))).await;
    result.expect("second try succeeds");
    assert_eq!(waits(&logs), [30]);
    assert!(started.elapsed() >= Duration::from_millis(30));
}

#[tokio::test]
async fn retry_after_in_seconds_overrides_the_backoff() {
    // 0 seconds, where the backoff would have waited 150 to 200 ms.
    let server = fails_then_succeeds(
        error(503).insert_header("retry-after", "0"),
        1,
        ok_session(),
    )
    .await;
    let (result, logs) = logged(retrieve(&flex(&server, 200, 200))).await;
    result.expect("second try succeeds");
    assert_eq!(waits(&logs), [0]);
}

#[tokio::test]
async fn retry_after_as_an_http_date_in_the_past_means_no_wait() {
    let date = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(10));
    let server = fails_then_succeeds(
        error(503).insert_header("retry-after", date),
        1,
        ok_session(),
    )
    .await;
    let (result, logs) = logged(retrieve(&flex(&server, 200, 200))).await;
    result.expect("second try succeeds");
    assert_eq!(waits(&logs), [0]);
}

#[tokio::test]
async fn a_retry_after_over_sixty_seconds_is_ignored() {
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
    for value in ["3600".to_owned(), date] {
        let server = fails_then_succeeds(
            error(429).insert_header("retry-after", value.as_str()),
            1,
            ok_session(),
        )
        .await;
        let (result, logs) = logged(retrieve(&flex(&server, 5, 5))).await;
        result.expect("second try succeeds");
        let waits = waits(&logs);
        assert!(waits.len() == 1 && waits[0] <= 5, "{value}: {waits:?}");
    }
}

#[tokio::test]
async fn a_post_is_retried_with_the_same_idempotency_key() {
    let server = fails_then_succeeds(
        error(503),
        2,
        ResponseTemplate::new(201).set_body_json(pet()),
    )
    .await;
    let client = pets(&server).build().expect("valid");
    let pet = client.create_pet(&new_pet()).await.expect("third try");
    assert_eq!(pet.pet_id, "pet_1");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    let keys: Vec<&str> = requests
        .iter()
        .map(|r| header(r, "idempotency-key").expect("every try has the key"))
        .collect();
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
    // Every try sends the body again.
    assert!(
        requests
            .iter()
            .all(|r| serde_json::from_slice::<Value>(&r.body).ok() == Some(json!({"name": "Rex"})))
    );
}

#[tokio::test]
async fn a_post_without_an_idempotency_key_is_not_retried() {
    let server = fails_then_succeeds(
        error(503),
        2,
        ResponseTemplate::new(201).set_body_json(pet()),
    )
    .await;
    let client = pets(&server)
        .idempotency_keys(false)
        .build()
        .expect("valid");
    let error = client
        .create_pet(&new_pet())
        .await
        .expect_err("not retried");
    assert_eq!(error.status(), Some(503));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(header(&requests[0], "idempotency-key"), None);

    // With a key of the caller's, the same request is retried.
    let keyed =
        client.with_options(runtime_client::RequestOptions::new().idempotency_key("order-42-pet"));
    keyed.create_pet(&new_pet()).await.expect("retried");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    assert_eq!(
        header(&requests[2], "idempotency-key"),
        Some("order-42-pet")
    );
}

// ---- 2. Idempotency keys ----

fn is_uuid_v4(key: &str) -> bool {
    let groups: Vec<&str> = key.split('-').collect();
    groups.iter().map(|g| g.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && key.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
        && groups[2].starts_with('4')
}

#[tokio::test]
async fn every_request_but_get_sends_its_own_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(pet()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(pet()))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = pets(&server).build().expect("valid");
    client.create_pet(&new_pet()).await.expect("created");
    client.create_pet(&new_pet()).await.expect("created");
    client.delete_pet("pet_1").await.expect("deleted");
    client.get_pet("pet_1").await.expect("fetched");
    let requests = received(&server).await;
    let keys: Vec<Option<&str>> = requests
        .iter()
        .map(|r| header(r, "idempotency-key"))
        .collect();
    let [Some(first), Some(second), Some(delete), None] = keys[..] else {
        panic!("{keys:?}")
    };
    assert!(
        is_uuid_v4(first) && is_uuid_v4(second) && is_uuid_v4(delete),
        "{keys:?}"
    );
    assert!(first != second && second != delete, "{keys:?}");
}

#[tokio::test]
async fn the_caller_can_set_the_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(pet()))
        .mount(&server)
        .await;
    let client = pets(&server).build().expect("valid");
    client
        .with_options(runtime_client::RequestOptions::new().idempotency_key("order-42"))
        .create_pet(&new_pet())
        .await
        .expect("created");
    assert_eq!(
        header(&received(&server).await[0], "idempotency-key"),
        Some("order-42")
    );
}

// ---- 3. Per-request options ----

#[tokio::test]
async fn options_apply_to_the_handle_they_make_only() {
    let server = fails_then_succeeds(ok_session(), 0, ok_session()).await;
    let client = flex(&server, 1, 1);
    let with = client.with_options(
        RequestOptions::new()
            .header("x-flex-tenant", "acme")
            .header("user-agent", "my-app/1.0")
            .timeout(Duration::from_secs(5)),
    );
    assert_eq!(with.timeout(), Duration::from_secs(5));
    assert_eq!(client.timeout(), flex_client::DEFAULT_TIMEOUT);
    retrieve(&with).await.expect("ok");
    retrieve(&client).await.expect("ok");
    let requests = received(&server).await;
    assert_eq!(header(&requests[0], "x-flex-tenant"), Some("acme"));
    // A header of the caller's takes the place of the client's own.
    let agents: Vec<_> = requests[0].headers.get_all("user-agent").iter().collect();
    assert_eq!(agents, ["my-app/1.0"]);
    assert_eq!(header(&requests[1], "x-flex-tenant"), None);
    assert!(
        header(&requests[1], "user-agent").is_some_and(|ua| ua.starts_with("flex-client-rust/"))
    );
}

#[tokio::test]
async fn a_per_request_timeout_replaces_the_clients() {
    let server = fails_then_succeeds(
        ok_session().set_delay(Duration::from_millis(500)),
        100,
        ok_session(),
    )
    .await;
    let client = flex(&server, 1, 1);
    let error = retrieve(
        &client.with_options(
            RequestOptions::new()
                .timeout(Duration::from_millis(50))
                .max_retries(0),
        ),
    )
    .await
    .expect_err("times out");
    assert!(
        matches!(error, Error::Timeout { timeout, .. } if timeout == Duration::from_millis(50)),
        "{error:?}"
    );
}

#[tokio::test]
async fn headers_that_cannot_be_sent_are_refused_before_sending() {
    let server = fails_then_succeeds(ok_session(), 0, ok_session()).await;
    let client = flex(&server, 1, 1);
    let cases = [
        RequestOptions::new().header("x-a", "b\r\nx-injected: 1"),
        RequestOptions::new().header("x-a", "b\nc"),
        RequestOptions::new().header("bad name", "b"),
        RequestOptions::new().header("x-a\r\nx-b", "c"),
        RequestOptions::new().idempotency_key("key\r\nx-injected: 1"),
        RequestOptions::new().timeout(Duration::ZERO),
    ];
    for options in cases {
        let shown = format!("{options:?}");
        let error = retrieve(&client.with_options(options))
            .await
            .expect_err("refused");
        assert!(
            matches!(error, Error::InvalidRequest(_)),
            "{shown}: {error:?}"
        );
    }
    assert!(received(&server).await.is_empty());
}

// ---- 4. Raw response access ----

#[tokio::test]
async fn the_status_headers_and_request_id_of_a_success_can_be_captured() {
    let server = fails_then_succeeds(
        ok_session(),
        0,
        ok_session().insert_header("x-ratelimit-remaining", "99"),
    )
    .await;
    let client = flex(&server, 1, 1);
    let capture = ResponseCapture::new();
    assert!(capture.get().is_none());
    let session = retrieve(&client.with_options(RequestOptions::new().capture_response(&capture)))
        .await
        .expect("ok");
    assert_eq!(session.status, Some(CheckoutSessionStatus::Complete));
    let meta = capture.take().expect("captured");
    assert_eq!(meta.status, 200);
    assert_eq!(meta.request_id.as_deref(), Some("req_ok"));
    assert_eq!(
        meta.headers
            .get("x-ratelimit-remaining")
            .and_then(|v| v.to_str().ok()),
        Some("99")
    );
    assert_eq!(meta.attempts, 1);
    assert!(capture.get().is_none(), "take empties the capture");
}

#[tokio::test]
async fn every_api_error_shows_its_request_id() {
    for status in [400, 401, 403, 404, 409, 422, 429, 500, 503] {
        let server = fails_then_succeeds(error(status), 100, ok_session()).await;
        let client = flex(&server, 1, 1).with_options(RequestOptions::new().max_retries(0));
        let error = retrieve(&client).await.expect_err("error status");
        let request_id = format!("req_{status}");
        assert_eq!(error.request_id(), Some(request_id.as_str()));
        assert!(error.to_string().contains(&request_id), "{error}");
    }
}

// ---- 5. Typed errors ----

#[tokio::test]
async fn api_errors_have_a_kind_to_match_on() {
    let cases = [
        (400, ApiErrorKind::BadRequest, false),
        (401, ApiErrorKind::Authentication, false),
        (403, ApiErrorKind::Permission, false),
        (404, ApiErrorKind::NotFound, false),
        (409, ApiErrorKind::Conflict, true),
        (422, ApiErrorKind::Unprocessable, false),
        (429, ApiErrorKind::RateLimited { retry_after: None }, true),
        (500, ApiErrorKind::Server, true),
        (502, ApiErrorKind::Server, true),
        (408, ApiErrorKind::Other, true),
        (402, ApiErrorKind::Other, false),
    ];
    for (status, kind, retryable) in cases {
        let server = fails_then_succeeds(error(status), 100, ok_session()).await;
        let client = flex(&server, 1, 1).with_options(RequestOptions::new().max_retries(0));
        let error = retrieve(&client).await.expect_err("error status");
        let Error::Api(api) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(api.kind(), kind, "{status}");
        assert_eq!(error.api_kind(), Some(kind), "{status}");
        assert_eq!(error.is_retryable(), retryable, "{status}");
        assert_eq!(error.status(), Some(status));
        let code = format!("code_{status}");
        assert_eq!(error.code(), Some(code.as_str()));
    }
}

#[tokio::test]
async fn rate_limited_errors_carry_the_retry_after_they_were_given() {
    let in_thirty = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
    for (header, value, expected) in [
        ("retry-after", "7".to_owned(), 7_000),
        ("retry-after-ms", "1500".to_owned(), 1_500),
        ("retry-after", in_thirty, 30_000),
        ("retry-after", "3600".to_owned(), 3_600_000),
    ] {
        let server = fails_then_succeeds(
            error(429).insert_header(header, value.as_str()),
            100,
            ok_session(),
        )
        .await;
        let client = flex(&server, 1, 1).with_options(RequestOptions::new().max_retries(0));
        let error = retrieve(&client).await.expect_err("429");
        let Some(ApiErrorKind::RateLimited {
            retry_after: Some(after),
        }) = error.api_kind()
        else {
            panic!("{header}: {value}: {error:?}")
        };
        let millis = after.as_millis();
        // An HTTP date has whole seconds, and a little time passes before it is read.
        assert!(
            millis <= expected && millis + 2_000 > expected,
            "{header}: {value}: {after:?}"
        );
    }
}

#[tokio::test]
async fn timeouts_and_connection_errors_are_their_own_retryable_variants() {
    let slow = fails_then_succeeds(
        ok_session().set_delay(Duration::from_millis(500)),
        100,
        ok_session(),
    )
    .await;
    let timeout = retrieve(
        &flex(&slow, 1, 1).with_options(
            RequestOptions::new()
                .timeout(Duration::from_millis(50))
                .max_retries(0),
        ),
    )
    .await
    .expect_err("timeout");
    assert!(matches!(timeout, Error::Timeout { .. }), "{timeout:?}");
    assert!(timeout.is_retryable());
    assert_eq!(timeout.status(), None);

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind")
        .port();
    let refused = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .max_retries(0)
        .build()
        .expect("valid");
    let connection = retrieve(&refused).await.expect_err("refused");
    assert!(
        matches!(connection, Error::Connection { .. }),
        "{connection:?}"
    );
    assert!(connection.is_retryable());
    assert!(
        connection.to_string().contains("could not connect"),
        "{connection}"
    );

    let empty_id = refused
        .retrieve_checkout_session("", &Default::default())
        .await
        .expect_err("refused");
    assert!(!empty_id.is_retryable());
}

#[tokio::test]
async fn a_decode_error_is_not_retried() {
    let server = fails_then_succeeds(
        ResponseTemplate::new(200).set_body_raw("<html>", "text/html"),
        100,
        ok_session(),
    )
    .await;
    let error = retrieve(&flex(&server, 1, 1)).await.expect_err("html");
    assert!(matches!(error, Error::Decode(_)) && !error.is_retryable());
    assert_eq!(received(&server).await.len(), 1);
}

// ---- 6. Test mode ----

#[test]
fn the_key_prefix_tells_test_mode_from_live_mode() {
    let test = Client::new(KEY).expect("test key");
    assert_eq!(test.mode(), KeyMode::Test);
    assert!(test.is_test_mode());
    assert!(format!("{test:?}").contains("Test"));
    let live = Client::new("fsk_4eC39HqLyjWDarjtT1zdp7dc").expect("live key");
    assert_eq!(live.mode(), KeyMode::Live);
    assert!(!live.is_test_mode());
}

#[test]
fn a_key_of_neither_kind_is_refused_at_build_time() {
    for key in [
        "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
        "4eC39HqLyjWDarjtT1zdp7dc",
        "FSK_x",
    ] {
        let error = Client::new(key).expect_err("not a Flex key");
        let shown = error.to_string();
        assert!(matches!(error, Error::Config(_)), "{error:?}");
        assert!(
            shown.contains("`fsk_test_`") && shown.contains("`fsk_`"),
            "{shown}"
        );
        assert!(!shown.contains("4eC39") && !format!("{error:?}").contains("4eC39"));
    }
    for key in ["fsk_test_", "fsk_"] {
        let error = Client::new(key).expect_err("prefix alone");
        assert!(error.to_string().contains("nothing after"), "{error}");
    }
}

#[test]
fn without_key_prefixes_in_the_spec_any_key_is_accepted_and_the_mode_is_unknown() {
    let client = runtime_client::Client::new("whatever-key").expect("any key");
    assert_eq!(client.mode(), runtime_client::KeyMode::Unknown);
    assert!(!client.is_test_mode());
    assert!(runtime_client::Client::new(" ").is_err());
}

// ---- 7. Tracing ----

#[tokio::test]
async fn each_try_is_a_span_with_its_fields_and_the_key_never_shows() {
    let server = fails_then_succeeds(error(503), 1, ok_session()).await;
    let (result, logs) = logged(retrieve(&flex(&server, 1, 1))).await;
    result.expect("second try succeeds");
    for expected in [
        "request{",
        "operation=\"retrieveCheckoutSession\"",
        "method=GET",
        "path=\"/v1/checkout/sessions/{id}\"",
        "attempt=1",
        "attempt=2",
        "status=503",
        "status=200",
        "request_id=\"req_503\"",
        "request_id=\"req_ok\"",
        "duration_ms=",
        "retrying",
    ] {
        assert!(logs.contains(expected), "missing {expected:?} in:\n{logs}");
    }
    // The path template, not the path: IDs stay out of span names and fields.
    assert!(!logs.contains(SESSION_ID), "{logs}");
    assert!(
        !logs.contains(KEY) && !logs.contains("Bearer") && !logs.contains("fsk_test_"),
        "{logs}"
    );
}

#[tokio::test]
async fn a_post_is_traced_without_its_key_or_credentials() {
    let server = fails_then_succeeds(
        error(500),
        1,
        ResponseTemplate::new(201).set_body_json(pet()),
    )
    .await;
    let client = runtime_client::Client::builder()
        .api_key("secret-key-value")
        .base_url(server.uri())
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(1))
        .build()
        .expect("valid");
    let (result, logs) = logged(client.create_pet(&new_pet())).await;
    result.expect("second try succeeds");
    assert!(
        logs.contains("operation=\"createPet\"") && logs.contains("method=POST"),
        "{logs}"
    );
    assert!(
        !logs.contains("secret-key-value") && !logs.contains("Bearer"),
        "{logs}"
    );
}

#[tokio::test]
async fn an_unknown_enum_value_logs_a_warning() {
    let mut body = session();
    body["checkout_session"]["status"] = json!("archived");
    let server = fails_then_succeeds(
        ok_session(),
        0,
        ResponseTemplate::new(200).set_body_json(body),
    )
    .await;
    let (result, logs) = logged(retrieve(&flex(&server, 1, 1))).await;
    let session = result.expect("decodes");
    assert_eq!(
        session.status,
        Some(CheckoutSessionStatus::Unknown("archived".to_owned()))
    );
    let warnings: Vec<&str> = logs.lines().filter(|l| l.contains("WARN")).collect();
    assert_eq!(warnings.len(), 1, "{logs}");
    assert!(
        warnings[0].contains("enum_type=\"CheckoutSessionStatus\"")
            && warnings[0].contains("value=\"archived\""),
        "{logs}"
    );

    // A known value logs nothing.
    let server = fails_then_succeeds(ok_session(), 0, ok_session()).await;
    let (result, logs) = logged(retrieve(&flex(&server, 1, 1))).await;
    result.expect("decodes");
    assert!(!logs.contains("WARN"), "{logs}");
}
