//! Nothing Flex sends is lost: fields the spec does not name are kept and written back, at every
//! depth; and secrets stay out of `Debug` and of the client's tracing output.

mod common;

use common::{KEY, flex, serve_json, serve_raw, without_nulls};
use serde_json::json;
use std::io;
use std::sync::{Arc, Mutex};

const SECRET: &str = "fpi_01J9XR8M_secret_Qm9vIGJvbyBzZWNyZXQ";
const SETUP_SECRET: &str = "fseti_secret_c2V0dXAgc2VjcmV0";

#[tokio::test]
async fn unknown_fields_at_every_depth_are_kept_and_written_back() {
    let session = json!({
        "checkout_session_id": "fcs_01J9XR8M3K7VZ8N2YB4WJ6T0RA",
        "status": "complete",
        "loyalty_points": 120,
        "fees": [{"fee_id": "ffee_1", "amount": 250, "kind_added_later": "lmn"}],
        "customer": {
            "customer_id": "fcus_01J9XR8M3K7VZ8N2YB4WJ6T0RA",
            "email": "jane@example.com",
            "preferred_language": "en",
            "shipping": {"city": "Austin", "geo": {"lat": 30.27, "lng": -97.74}}
        }
    });
    let server = serve_json(
        200,
        json!({"checkout_session": session.clone(), "request_latency_ms": 12}),
    )
    .await;
    let decoded = flex(&server)
        .retrieve_checkout_session("fcs_1", &Default::default())
        .await
        .expect("call succeeds");

    // Depth 1: the session itself.
    assert_eq!(decoded.extra.get("loyalty_points"), Some(&json!(120)));
    // Depth 2: the expanded customer, and an item of an array.
    let customer = decoded
        .customer
        .as_ref()
        .and_then(|c| c.as_object())
        .expect("customer expanded");
    assert_eq!(customer.extra.get("preferred_language"), Some(&json!("en")));
    let fees = serde_json::to_value(&decoded.fees).expect("encodes");
    assert_eq!(fees[0]["kind_added_later"], json!("lmn"));
    // Depth 3: the customer's shipping address.
    let shipping = customer.shipping.as_ref().expect("shipping");
    assert_eq!(
        shipping.extra.get("geo"),
        Some(&json!({"lat": 30.27, "lng": -97.74}))
    );

    // Written back, nothing is lost.
    assert_eq!(
        serde_json::to_value(&decoded).expect("encodes"),
        without_nulls(&session)
    );
}

/// A writer into a shared buffer, for a tracing subscriber.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl io::Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| io::Error::other("poisoned"))?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_never_appear_in_debug_or_in_the_logs() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    use tracing_subscriber::util::SubscriberInitExt;
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .finish();
    let _guard = subscriber.set_default();

    let intent = json!({
        "payment_intent_id": "fpi_01J9XR8M3K7VZ8N2YB4WJ6T0RA",
        "amount": 12999,
        "client_secret": SECRET,
        // An unknown enum value, which the client logs a warning about.
        "status": "requires_capture_later",
        "invoice": {
            "invoice_id": "fin_1",
            "subscription": {
                "subscription_id": "fsub_1",
                "client_secret": {"setup_secret": SETUP_SECRET, "payment_secret": SECRET}
            }
        }
    });
    let server = serve_json(200, json!({"payment_intent": intent})).await;
    let decoded = flex(&server)
        .retrieve_payment_intent("fpi_1", &Default::default())
        .await
        .expect("call succeeds");
    assert_eq!(
        decoded.client_secret.as_deref(),
        Some(SECRET),
        "still readable"
    );

    let debug = format!("{decoded:?} {decoded:#?}");
    assert!(debug.contains("[redacted]"), "{debug}");
    assert!(
        debug.contains("fpi_01J9XR8M3K7VZ8N2YB4WJ6T0RA"),
        "other fields show"
    );
    for secret in [SECRET, SETUP_SECRET] {
        assert!(!debug.contains(secret), "Debug shows a secret: {debug}");
    }
    let logs = String::from_utf8_lossy(&buffer.0.lock().expect("not poisoned")).into_owned();
    assert!(!logs.is_empty(), "the call was traced");
    for secret in [SECRET, SETUP_SECRET, KEY] {
        assert!(!logs.contains(secret), "the logs show a secret: {logs}");
    }
}

#[tokio::test]
async fn a_body_that_fails_to_decode_does_not_show_its_secrets() {
    // Cut off: no decoding can succeed, and the error shows the start of the body.
    let body = format!(
        r#"{{"payment_intent": {{"payment_intent_id": "fpi_1", "client_secret": "{SECRET}", "amount": 12"#
    );
    let server = serve_raw(200, &body, "application/json").await;
    let error = flex(&server)
        .retrieve_payment_intent("fpi_1", &Default::default())
        .await
        .expect_err("a truncated body does not decode");
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("fpi_1"), "the excerpt is there: {shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
    assert!(!shown.contains(SECRET), "the error shows a secret: {shown}");
}

// ---- One field that does not fit never fails the whole response ----

fn odd_session() -> serde_json::Value {
    json!({"checkout_session": {
        "checkout_session_id": "fcs_1",
        "status": "complete",
        "split_cart": 42,
        "amount_total": 12999.0,
        "amount_subtotal": "12999",
        "metadata": {"channel": "web", "attempt": 2},
        "captures": [{"capture_id": "fcap_1"}, null]
    }})
}

#[tokio::test]
async fn fields_that_do_not_fit_are_left_empty_and_the_rest_is_kept() {
    let server = serve_json(200, odd_session()).await;
    let capture = flex_client::ResponseCapture::new();
    let (session, logs) = common::logged(
        flex(&server)
            .with_options(flex_client::RequestOptions::new().capture_response(&capture))
            .retrieve_checkout_session("fcs_1", &Default::default()),
    )
    .await;
    let session = session.expect("the rest of the session decodes");
    assert_eq!(session.checkout_session_id, "fcs_1");
    assert_eq!(
        session.status,
        Some(flex_client::types::CheckoutSessionStatus::Complete)
    );
    assert_eq!(session.split_cart, None);
    assert_eq!(session.amount_total, None);
    assert_eq!(session.amount_subtotal, None);
    assert_eq!(
        session.metadata,
        common::metadata(&[("channel", "web")]),
        "only the entry that is not a string is left out"
    );
    assert_eq!(
        session.captures.as_ref().map(Vec::len),
        Some(1),
        "the null item is dropped"
    );

    let skipped = capture.get().expect("captured").skipped_fields;
    let paths: Vec<&str> = skipped.iter().map(|s| s.path.as_str()).collect();
    for path in [
        "checkout_session.split_cart",
        "checkout_session.amount_total",
        "checkout_session.amount_subtotal",
        "checkout_session.metadata.attempt",
        "checkout_session.captures[1]",
    ] {
        assert!(paths.contains(&path), "{path} in {paths:?}");
        assert!(logs.contains(path), "a warning names {path}: {logs}");
    }
    let split_cart = skipped.iter().find(|s| s.path.ends_with("split_cart"));
    assert_eq!(
        split_cart.map(|s| &s.raw),
        Some(&json!(42)),
        "its JSON is kept"
    );
}

#[tokio::test]
async fn strict_decoding_fails_the_whole_response_with_the_path() {
    let server = serve_json(200, odd_session()).await;
    let error = common::flex_at(server.uri())
        .strict_decoding(true)
        .build()
        .expect("valid configuration")
        .retrieve_checkout_session("fcs_1", &Default::default())
        .await
        .expect_err("strict");
    let flex_client::Error::Decode(decode) = &error else {
        panic!("a decode error: {error:?}");
    };
    assert!(
        decode
            .path
            .as_deref()
            .is_some_and(|p| p.starts_with("checkout_session.")),
        "{decode:?}"
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_or_lacks_its_object_is_still_an_error() {
    for body in [
        "<html>502</html>",
        "{}",
        r#"{"checkout_session": {"status": "open"}}"#,
    ] {
        let server = serve_raw(200, body, "application/json").await;
        let error = flex(&server)
            .retrieve_checkout_session("fcs_1", &Default::default())
            .await
            .expect_err(body);
        assert!(
            matches!(error, flex_client::Error::Decode(_)),
            "{body}: {error:?}"
        );
    }
}
