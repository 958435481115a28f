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
