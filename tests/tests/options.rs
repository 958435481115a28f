//! What a caller sets or reads around one call, against a local server (wiremock): idempotency
//! keys (through `runtime-client`, the client of `tests/fixtures/runtime.yaml`, since the Flex
//! spec has only a GET), per-request options on a handle of the client, and the status, headers
//! and request ID of a response.

mod common;

use common::{
    created_pet, error, fails_then_succeeds, flex, new_pet, ok_session, pet, pets, received,
    request_header, retrieve,
};
use flex_client::types::CheckoutSessionStatus;
use flex_client::{Error, RequestOptions, ResponseCapture};
use std::time::Duration;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

// ---- Idempotency keys ----

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
        .respond_with(created_pet())
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
        .map(|r| request_header(r, "idempotency-key"))
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
        .respond_with(created_pet())
        .mount(&server)
        .await;
    let client = pets(&server).build().expect("valid");
    client
        .with_options(runtime_client::RequestOptions::new().idempotency_key("order-42"))
        .create_pet(&new_pet())
        .await
        .expect("created");
    assert_eq!(
        request_header(&received(&server).await[0], "idempotency-key"),
        Some("order-42")
    );
}

// ---- Per-request options ----

#[tokio::test]
async fn options_apply_to_the_handle_they_make_only() {
    let server = fails_then_succeeds(ok_session(), 0, ok_session()).await;
    let client = flex(&server);
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
    assert_eq!(request_header(&requests[0], "x-flex-tenant"), Some("acme"));
    // A header of the caller's takes the place of the client's own.
    let agents: Vec<_> = requests[0].headers.get_all("user-agent").iter().collect();
    assert_eq!(agents, ["my-app/1.0"]);
    assert_eq!(request_header(&requests[1], "x-flex-tenant"), None);
    assert!(
        request_header(&requests[1], "user-agent")
            .is_some_and(|ua| ua.starts_with("flex-client-rust/"))
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
    let client = flex(&server);
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
    let client = flex(&server);
    let cases = [
        RequestOptions::new().header("x-a", "b\r\nx-injected: 1"),
        RequestOptions::new().header("x-a", "b\nc"),
        RequestOptions::new().header("bad name", "b"),
        RequestOptions::new().header("x-a\r\nx-b", "c"),
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

// ---- An idempotency key for one call ----

/// A server that answers POSTs with `failure` `times` times, then creates the pet; GETs with it.
async fn pet_server(failure: ResponseTemplate, times: u64) -> MockServer {
    let server = fails_then_succeeds(failure, times, created_pet()).await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(pet()))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn the_key_a_failed_call_used_is_on_its_error_and_in_the_capture() {
    let server = pet_server(error(503), 10).await;
    let capture = runtime_client::ResponseCapture::new();
    let client = pets(&server)
        .max_retries(1)
        .build()
        .expect("valid")
        .with_options(runtime_client::RequestOptions::new().capture_response(&capture));
    let error = client.create_pet(&new_pet()).await.expect_err("503 twice");
    let requests = received(&server).await;
    let sent = request_header(&requests[0], "idempotency-key").expect("a generated key");
    assert_eq!(error.idempotency_key(), Some(sent));
    assert_eq!(
        capture.get().expect("captured").idempotency_key.as_deref(),
        Some(sent)
    );

    // The safe pattern: the call again, later, with that key; the server sees one request.
    let key = error.idempotency_key().expect("a key").to_owned();
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(created_pet())
        .mount(&server)
        .await;
    client
        .with_options(runtime_client::RequestOptions::new().idempotency_key(&key))
        .create_pet(&new_pet())
        .await
        .expect("created");
    let again = received(&server).await;
    assert_eq!(
        request_header(&again[0], "idempotency-key"),
        Some(key.as_str())
    );
}

#[tokio::test]
async fn a_transport_error_carries_the_key_too() {
    let client = runtime_client::Client::builder()
        .api_key("any")
        .base_url(common::closed_url())
        .max_retries(0)
        .build()
        .expect("valid");
    let error = client
        .with_options(runtime_client::RequestOptions::new().idempotency_key("order-42"))
        .create_pet(&new_pet())
        .await
        .expect_err("nothing listens");
    assert!(
        matches!(error, runtime_client::Error::Connection { .. }),
        "{error:?}"
    );
    assert_eq!(error.idempotency_key(), Some("order-42"));
}

#[tokio::test]
async fn a_key_given_for_one_call_is_not_sent_with_another() {
    let server = pet_server(error(503), 0).await;
    let client = pets(&server).build().expect("valid");
    let keyed =
        client.with_options(runtime_client::RequestOptions::new().idempotency_key("order-42"));
    keyed.create_pet(&new_pet()).await.expect("created");
    // The same call again (a retry by the caller) keeps the key.
    keyed.create_pet(&new_pet()).await.expect("created again");
    // A GET through the handle never carries it.
    keyed.get_pet("pet_1").await.expect("fetched");
    // Another request that changes data is refused before it is sent.
    let other = runtime_client::types::NewPet::new("Fido");
    let refused = keyed.create_pet(&other).await.expect_err("refused");
    assert!(
        matches!(refused, runtime_client::Error::InvalidRequest(_)),
        "{refused:?}"
    );
    let requests = received(&server).await;
    let keys: Vec<Option<&str>> = requests
        .iter()
        .map(|r| request_header(r, "idempotency-key"))
        .collect();
    assert_eq!(keys.len(), 3, "the refused one was not sent");
    assert_eq!(keys[..2], [Some("order-42"), Some("order-42")]);
    assert_eq!(keys[2], None);
    // A key that cannot be sent in a header is refused before anything is sent.
    let server = pet_server(error(503), 0).await;
    let unsendable = pets(&server)
        .build()
        .expect("valid")
        .with_options(runtime_client::RequestOptions::new().idempotency_key("key\r\nx-injected: 1"))
        .create_pet(&new_pet())
        .await
        .expect_err("refused");
    assert!(
        matches!(unsendable, runtime_client::Error::InvalidRequest(_)),
        "{unsendable:?}"
    );
    assert!(received(&server).await.is_empty());
}

// ---- Raw response access ----

#[tokio::test]
async fn the_status_headers_and_request_id_of_a_success_can_be_captured() {
    let server = fails_then_succeeds(
        ok_session(),
        0,
        ok_session().insert_header("x-ratelimit-remaining", "99"),
    )
    .await;
    let client = flex(&server);
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
        let client = flex(&server).with_options(RequestOptions::new().max_retries(0));
        let error = retrieve(&client).await.expect_err("error status");
        let request_id = format!("req_{status}");
        assert_eq!(error.request_id(), Some(request_id.as_str()));
        assert!(error.to_string().contains(&request_id), "{error}");
    }
}
