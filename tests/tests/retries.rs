//! Retries and their waits, against a local server (wiremock): the backoff, its cap and its
//! defaults, `max_retries` per client and per request, which statuses and failures are retried,
//! `Retry-After` in its three forms, and requests other than GET, which are retried with their
//! idempotency key only. Those go through `runtime-client`, the client of
//! `tests/fixtures/runtime.yaml` (the Flex spec has only a GET).
//!
//! Waits are configured in milliseconds, so no test sleeps for long; the waits the client chose
//! are read from its tracing output (`delay_ms` of each "retrying" event).

mod common;

use common::{
    SESSION_ID, closed_url, created_pet, error, fails_then_succeeds, flex, flex_at,
    flex_with_backoff, logged, new_pet, ok_session, pets, received, request_header, retrieve,
};
use flex_client::{Error, RequestOptions, ResponseCapture};
use serde_json::{Value, json};
use std::time::{Duration, Instant, SystemTime};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer};

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

#[tokio::test]
async fn a_get_that_fails_twice_is_retried_with_exponential_backoff() {
    let server = fails_then_succeeds(error(503), 2, ok_session()).await;
    let client = flex_with_backoff(&server, 20, 1000);
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
    let client =
        flex_with_backoff(&server, 10, 25).with_options(RequestOptions::new().max_retries(4));
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
    let client = flex(&server);
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
    let client = flex_at(server.uri()).build().expect("valid");
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

    let off = flex(&server).with_options(RequestOptions::new().max_retries(0));
    retrieve(&off).await.expect_err("503");
    assert_eq!(received(&server).await.len(), 1);

    let client = flex_at(server.uri())
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
        retrieve(&flex(&server))
            .await
            .unwrap_or_else(|e| panic!("{status} then 200: {e}"));
        assert_eq!(received(&server).await.len(), 2, "{status} is retried");
    }
    for status in [400, 401, 403, 404, 422] {
        let server = fails_then_succeeds(error(status), 1, ok_session()).await;
        let failed = retrieve(&flex(&server)).await.expect_err("not retried");
        assert_eq!(failed.status(), Some(status));
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
    let client = flex_at(server.uri())
        .timeout(Duration::from_millis(100))
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(1))
        .build()
        .expect("valid");
    retrieve(&client).await.expect("the second try is fast");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_refused_connection_is_retried() {
    let client = flex_at(closed_url())
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(2))
        .build()
        .expect("valid");
    let (result, logs) = logged(retrieve(&client)).await;
    let error = result.expect_err("nothing listens");
    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
    assert_eq!(waits(&logs).len(), 2, "{logs}");
}

/// A GET whose first try is answered with `status` and the header `name: value`, on a backoff of
/// `backoff_ms`: the waits before its second try, which succeeds, and how long the call took.
async fn waits_after(
    status: u16,
    name: &str,
    value: &str,
    backoff_ms: u64,
) -> (Vec<u64>, Duration) {
    let server =
        fails_then_succeeds(error(status).insert_header(name, value), 1, ok_session()).await;
    let client = flex_with_backoff(&server, backoff_ms, backoff_ms);
    let started = Instant::now();
    let (result, logs) = logged(retrieve(&client)).await;
    result.expect("second try succeeds");
    (waits(&logs), started.elapsed())
}

#[tokio::test]
async fn retry_after_ms_overrides_the_backoff() {
    let (waits, took) = waits_after(429, "retry-after-ms", "30", 1).await;
    assert_eq!(waits, [30]);
    assert!(took >= Duration::from_millis(30));
}

#[tokio::test]
async fn retry_after_in_seconds_overrides_the_backoff() {
    // Fractional seconds are read too: 0.12 s, where the backoff would have waited 8 to 10 ms.
    let (waits, took) = waits_after(503, "retry-after", "0.12", 10).await;
    assert_eq!(waits, [120]);
    assert!(took >= Duration::from_millis(120));
}

#[tokio::test]
async fn a_zero_retry_after_waits_at_least_the_first_backoff_step() {
    // `Retry-After: 0`, `retry-after-ms: 0` and a date already past would otherwise be a burst.
    let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(10));
    for (name, value) in [
        ("retry-after", "0"),
        ("retry-after-ms", "0"),
        ("retry-after", past.as_str()),
    ] {
        let (waits, _) = waits_after(503, name, value, 200).await;
        assert!(
            waits.len() == 1 && (150..=200).contains(&waits[0]),
            "{name}: {value}: {waits:?}"
        );
    }
}

#[tokio::test]
async fn a_retry_after_over_sixty_seconds_ends_the_retries_with_the_wait_asked_for() {
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
    for value in ["3600".to_owned(), date] {
        let server = fails_then_succeeds(
            error(429).insert_header("retry-after", value.as_str()),
            1,
            ok_session(),
        )
        .await;
        let client = flex_with_backoff(&server, 1, 1);
        let failed = retrieve(&client).await.expect_err("not retried");
        let Error::Api(api) = &failed else {
            panic!("{value}: expected the 429, got {failed:?}")
        };
        assert_eq!(api.status, 429);
        let asked = api.retry_after.expect("the wait the server asked for");
        assert!(
            asked > Duration::from_secs(3590) && asked <= Duration::from_secs(3600),
            "{value}: {asked:?}"
        );
        assert_eq!(received(&server).await.len(), 1, "{value}");
    }
}

#[tokio::test]
async fn x_should_retry_overrides_the_status() {
    // `false` on a 503, which would be retried: one try.
    let server = fails_then_succeeds(
        error(503).insert_header("x-should-retry", "false"),
        1,
        ok_session(),
    )
    .await;
    let failed = retrieve(&flex(&server)).await.expect_err("not retried");
    assert_eq!(failed.status(), Some(503));
    assert!(!failed.is_retryable());
    assert_eq!(received(&server).await.len(), 1);
    // `true` on a 400, which would not be: retried, and the second try succeeds.
    let server = fails_then_succeeds(
        error(400).insert_header("x-should-retry", "true"),
        1,
        ok_session(),
    )
    .await;
    retrieve(&flex(&server)).await.expect("retried");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn statuses_501_and_505_are_final() {
    for status in [501, 505] {
        let server = fails_then_succeeds(error(status), 1, ok_session()).await;
        let failed = retrieve(&flex(&server)).await.expect_err("not retried");
        assert_eq!(failed.status(), Some(status));
        assert_eq!(received(&server).await.len(), 1, "{status}");
    }
}

#[tokio::test]
async fn the_deadline_ends_the_retries_that_would_pass_it() {
    // The server asks for 2 s before the next try; the call's deadline is 500 ms: no wait is
    // started that would pass it, so the 503 comes back after one try.
    let asks_for_two_seconds = error(503).insert_header("retry-after-ms", "2000");
    let server = fails_then_succeeds(asks_for_two_seconds.clone(), 10, ok_session()).await;
    let client = flex_at(server.uri())
        .deadline(Duration::from_millis(500))
        .build()
        .expect("valid");
    let started = Instant::now();
    let (result, logs) = logged(retrieve(&client)).await;
    let failed = result.expect_err("the deadline comes first");
    assert_eq!(failed.status(), Some(503));
    assert_eq!(received(&server).await.len(), 1);
    assert!(logs.contains("the deadline would pass first"), "{logs}");
    assert!(started.elapsed() < Duration::from_secs(2));
    // A wait that fits is waited: with 10 s, the second try comes and succeeds.
    let server = fails_then_succeeds(
        error(503).insert_header("retry-after-ms", "50"),
        1,
        ok_session(),
    )
    .await;
    let client = flex_at(server.uri())
        .deadline(Duration::from_secs(10))
        .build()
        .expect("valid");
    retrieve(&client)
        .await
        .expect("retried within the deadline");
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_try_under_way_when_the_deadline_passes_times_out() {
    // The server takes 2 s; the try's own timeout is 60 s, the call's deadline 200 ms.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok_session().set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let client =
        flex(&server).with_options(RequestOptions::new().deadline(Duration::from_millis(200)));
    let failed = retrieve(&client).await.expect_err("times out");
    let Error::Timeout { timeout, .. } = &failed else {
        panic!("expected a timeout, got {failed:?}")
    };
    assert!(*timeout <= Duration::from_millis(200), "{timeout:?}");
    // The tries left have no time: the first was the only one.
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_post_is_retried_with_the_same_idempotency_key() {
    let server = fails_then_succeeds(error(503), 2, created_pet()).await;
    let client = pets(&server).build().expect("valid");
    let pet = client.create_pet(&new_pet()).await.expect("third try");
    assert_eq!(pet.pet_id, "pet_1");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    let keys: Vec<&str> = requests
        .iter()
        .map(|r| request_header(r, "idempotency-key").expect("every try has the key"))
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
    let server = fails_then_succeeds(error(503), 2, created_pet()).await;
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
    assert_eq!(request_header(&requests[0], "idempotency-key"), None);

    // With a key of the caller's, the same request is retried.
    let keyed =
        client.with_options(runtime_client::RequestOptions::new().idempotency_key("order-42-pet"));
    keyed.create_pet(&new_pet()).await.expect("retried");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    assert_eq!(
        request_header(&requests[2], "idempotency-key"),
        Some("order-42-pet")
    );
}
