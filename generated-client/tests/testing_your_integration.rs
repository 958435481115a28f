//! How a service tests its own code that calls Flex, without Flex: a local server stands in for
//! it (wiremock here), answering with values built from the client's own types, and a webhook
//! delivery is signed with the test secret as Flex would sign it. Copy what you need; see
//! "Testing your integration" in the guide (`GUIDE.md`).

use flex_client::types::{
    CheckoutSession, CheckoutSessionEvent, CheckoutSessionMode, CheckoutSessionStatus,
    CreateCheckoutSession, CreateCheckoutSessionLineItem, WebhookEvent,
};
use flex_client::webhooks::{Webhook, WebhookError};
use flex_client::{Client, RequestOptions, ResponseCapture};
use serde_json::json;
use std::time::{SystemTime, UNIX_EPOCH};
use wiremock::matchers::{body_partial_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The service's code under test: starts a checkout for a cart, returns where to send the
/// customer.
async fn start_checkout(
    client: &Client,
    price: &str,
    quantity: i64,
) -> flex_client::Result<String> {
    let line = CreateCheckoutSessionLineItem::new()
        .price(price)
        .quantity(quantity);
    let body = CreateCheckoutSession::new()
        .mode(CheckoutSessionMode::Payment)
        .line_items([line])
        .success_url("https://shop.example/thanks")
        .cancel_url("https://shop.example/cart");
    let session = client.create_checkout_session(&body).await?;
    Ok(session.redirect_url.unwrap_or_default())
}

/// A session as Flex would return it: built with the type's constructor (its required fields),
/// then the fields the test cares about.
fn session(id: &str) -> CheckoutSession {
    let mut session = CheckoutSession::new(id.to_owned());
    session.redirect_url = Some(format!("https://checkout.withflex.com/pay/{id}"));
    session.status = Some(CheckoutSessionStatus::Open);
    session
}

#[tokio::test]
async fn the_service_starts_a_checkout_and_sends_what_it_should() {
    // The stand-in for Flex, on loopback (plain `http` is allowed there, and only there).
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/checkout/sessions"))
        .and(header("authorization", "Bearer fsk_test_integration"))
        // What the service must send: the line item, inside Flex's envelope.
        .and(body_partial_json(json!({"checkout_session": {
            "line_items": [{"price": "fprice_test", "quantity": 3}],
        }})))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"checkout_session": session("fcs_test_1")}))
                .insert_header("x-request-id", "req_test_1"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("fsk_test_integration")
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("a client for the stand-in");

    // A capture records the response's status and request ID, to assert on or to log.
    let capture = ResponseCapture::new();
    let captured = client.with_options(RequestOptions::new().capture_response(&capture));
    let url = start_checkout(&captured, "fprice_test", 3)
        .await
        .expect("the stand-in answers");
    assert_eq!(url, "https://checkout.withflex.com/pay/fcs_test_1");
    let meta = capture.get().expect("a response was captured");
    assert_eq!(meta.status, 200);
    assert_eq!(meta.request_id.as_deref(), Some("req_test_1"));
    // `expect(1)` above is checked when the server is dropped: exactly one such request.
}

#[tokio::test]
async fn an_error_from_flex_reaches_the_service_as_a_typed_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/checkout/sessions"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "error": {"type": "invalid_request_error", "message": "price fprice_gone does not exist"},
        })))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key("fsk_test_integration")
        .base_url(server.uri())
        .build()
        .expect("a client");
    let error = start_checkout(&client, "fprice_gone", 1)
        .await
        .expect_err("the stand-in refuses");
    assert_eq!(error.status(), Some(422));
}

/// The handler's verification, as the service's webhook endpoint does it.
fn receive(
    webhook: &Webhook,
    headers: &[(&str, String)],
    body: &[u8],
) -> Result<WebhookEvent, WebhookError> {
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    webhook.construct_event(header, body)
}

#[test]
fn a_delivery_signed_with_the_test_secret_is_accepted_and_a_forged_one_is_not() {
    // The endpoint's secret from the dashboard (a test one here: `whsec_` and base64).
    let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("a secret");
    let event = CheckoutSessionEvent::new(
        "evt_test_1".to_owned(),
        "checkout.session.completed".to_owned(),
        session("fcs_test_1"),
    );
    let body = serde_json::to_vec(&event).expect("JSON");
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let signature = webhook.sign("msg_test_1", now, &body);
    let headers = [
        ("svix-id", "msg_test_1".to_owned()),
        ("svix-timestamp", now.to_string()),
        ("svix-signature", signature),
    ];
    match receive(&webhook, &headers, &body).expect("a signed delivery is accepted") {
        WebhookEvent::CheckoutSessionCompleted(event) => {
            assert_eq!(event.object.checkout_session_id, "fcs_test_1");
        }
        other => panic!("another event: {other:?}"),
    }
    // The same headers on another body: refused.
    let forged =
        serde_json::to_vec(&json!({"event_type": "checkout.session.completed"})).expect("JSON");
    assert!(matches!(
        receive(&webhook, &headers, &forged),
        Err(WebhookError::NoMatchingSignature)
    ));
}
