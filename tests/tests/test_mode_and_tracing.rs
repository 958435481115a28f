//! Test mode, told by the key's prefix (and unknown for a spec without key prefixes), and
//! tracing, against a local server (wiremock): a span for each try with its fields, never the key
//! or credentials, and a warning for an enum value the spec does not list.

mod common;

use common::{
    KEY, SESSION_ID, created_pet, error, fails_then_succeeds, flex, logged, new_pet, ok_session,
    retrieve, session,
};
use flex_client::types::CheckoutSessionStatus;
use flex_client::{Client, Error, KeyMode};
use serde_json::json;
use std::time::Duration;
use wiremock::ResponseTemplate;

// ---- Test mode ----

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

// ---- Tracing ----

#[tokio::test]
async fn each_try_is_a_span_with_its_fields_and_the_key_never_shows() {
    let server = fails_then_succeeds(error(503), 1, ok_session()).await;
    let (result, logs) = logged(retrieve(&flex(&server))).await;
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
    let server = fails_then_succeeds(error(500), 1, created_pet()).await;
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
    let (result, logs) = logged(retrieve(&flex(&server))).await;
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
    let (result, logs) = logged(retrieve(&flex(&server))).await;
    result.expect("decodes");
    assert!(!logs.contains("WARN"), "{logs}");
}
