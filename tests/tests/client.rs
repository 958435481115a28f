//! The generated client against a local HTTP server (wiremock): what it sends, what it decodes,
//! and what it returns when the server says no.

mod common;

use common::{
    KEY, closed_url, flex, flex_at, received, serve, serve_json, serve_raw, without_nulls,
};
use flex_client::types::{
    CheckoutSessionMode, CheckoutSessionStatus, HsaFsaEligibility, RefundReason,
    RetrieveCheckoutSessionParams, VisitType,
};
use flex_client::{Client, Error, Expandable};
use serde_json::{Value, json};
use std::time::Duration;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SESSION_PATH: &str = "/v1/checkout/sessions/fcs_01HACMPD";

fn expanded() -> Value {
    serde_json::from_str(include_str!("../data/checkout_session_expanded.json"))
        .expect("test data is JSON")
}

/// The same session as the API sends it without `expand_*`: IDs instead of objects.
fn unexpanded() -> Value {
    let mut body = expanded();
    let session = &mut body["checkout_session"];
    session["customer"] = json!("fcus_01HACM7FZ1084XB1GB6053VM0D");
    session["payment_intent"] = json!("fpi_01HACMNC");
    session["subscription"] = json!("fsub_01HACMH7");
    body
}

#[test]
fn the_user_agent_names_the_crate_and_its_version() {
    let manifest = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../generated-client/Cargo.toml"
    ))
    .expect("generated-client/Cargo.toml");
    let version = manifest
        .lines()
        .find_map(|line| line.strip_prefix("version = "))
        .map(|v| v.trim_matches('"'))
        .expect("a version");
    assert_eq!(
        flex_client::USER_AGENT,
        format!("flex-client-rust/{version}")
    );
}

#[tokio::test]
async fn sends_the_request_the_spec_describes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SESSION_PATH))
        .and(header("authorization", format!("Bearer {KEY}").as_str()))
        .and(header("accept", "application/json"))
        .and(header("user-agent", flex_client::USER_AGENT))
        .and(query_param("expand_customer", "true"))
        .and(query_param("expand_payment_intent", "false"))
        .and(query_param("expand", "captures"))
        .respond_with(ResponseTemplate::new(200).set_body_json(expanded()))
        .expect(1)
        .mount(&server)
        .await;
    let params = RetrieveCheckoutSessionParams::new()
        .expand_customer(true)
        .expand_payment_intent(false)
        .expand("captures");
    flex(&server)
        .retrieve_checkout_session("fcs_01HACMPD", &params)
        .await
        .expect("call succeeds");
    let requests = received(&server).await;
    let query = requests[0].url.query().expect("query sent");
    // Only the parameters that were set, in spec order; `expand_subscription` was not set.
    assert_eq!(
        query,
        "expand_customer=true&expand_payment_intent=false&expand=captures"
    );
}

#[tokio::test]
async fn unset_query_parameters_are_not_sent() {
    let server = serve_json(200, expanded()).await;
    flex(&server)
        .retrieve_checkout_session("fcs_01HACMPD", &Default::default())
        .await
        .expect("call succeeds");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.path(), SESSION_PATH);
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn decodes_the_expanded_session_field_by_field() {
    let server = serve_json(200, expanded()).await;
    let session = flex(&server)
        .retrieve_checkout_session("fcs_01HACMPD", &Default::default())
        .await
        .expect("call succeeds");

    assert_eq!(session.checkout_session_id, "fcs_01HACMPD");
    assert_eq!(session.amount_total, Some(12999));
    assert_eq!(session.created_at, Some(1_714_564_800));
    assert_eq!(session.status, Some(CheckoutSessionStatus::Complete));
    assert_eq!(session.mode, Some(CheckoutSessionMode::Payment));
    assert_eq!(
        session
            .metadata
            .as_ref()
            .and_then(|m| m.get("channel"))
            .map(String::as_str),
        Some("web")
    );
    assert_eq!(session.setup_future_use, Some(json!("off_session")));

    let capture = session.captures.as_ref().expect("captures")[0]
        .as_object()
        .expect("capture expanded");
    assert_eq!(capture.capture_id, "fcap_01HACMLA");
    let item = &capture.items.as_ref().expect("items")[0];
    // Capture items carry the payment intent as an ID.
    assert_eq!(
        item.payment_intent.as_ref().and_then(Expandable::id),
        Some("fpi_01HACMNC")
    );
    let product = item
        .price
        .as_ref()
        .and_then(Expandable::as_object)
        .and_then(|p| p.product.as_ref())
        .and_then(Expandable::as_object)
        .expect("product");
    assert_eq!(product.visit_type, Some(VisitType::CbtSleep));
    assert_eq!(
        product.hsa_fsa_eligibility,
        Some(HsaFsaEligibility::NotEligible)
    );
    assert_eq!(
        item.price
            .as_ref()
            .and_then(Expandable::as_object)
            .and_then(|p| p.type_.as_ref())
            .map(|t| t.as_str()),
        Some("one_time")
    );

    let customer = session
        .customer
        .as_ref()
        .and_then(Expandable::as_object)
        .expect("customer expanded");
    assert_eq!(customer.email.as_deref(), Some("john.doe@example.com"));
    assert_eq!(
        customer.shipping.as_ref().and_then(|s| s.city.as_deref()),
        Some("New York")
    );
    assert_eq!(
        session.customer.as_ref().and_then(Expandable::id),
        Some("fcus_01HACM7FZ1084XB1GB6053VM0D")
    );

    let eligible = session
        .split_cart
        .as_ref()
        .and_then(Expandable::as_object)
        .and_then(|s| s.eligible_cart.as_ref())
        .expect("eligible cart");
    let buyer = eligible
        .payment_intent
        .as_ref()
        .and_then(Expandable::as_object)
        .and_then(|p| p.customer.as_ref())
        .and_then(Expandable::as_object)
        .expect("customer");
    assert_eq!(buyer.email.as_deref(), Some("hsa.buyer@example.com"));

    let subscription = session
        .subscription
        .as_ref()
        .and_then(Expandable::as_object)
        .expect("subscription expanded");
    let invoice = subscription
        .latest_invoice
        .as_ref()
        .and_then(Expandable::as_object)
        .expect("latest invoice");
    assert_eq!(invoice.invoice_id, "fin_01HACMD3");
    // The recursion: the invoice's subscription is a Subscription again.
    let back = invoice
        .subscription
        .as_ref()
        .and_then(Expandable::as_object)
        .expect("invoice subscription");
    assert_eq!(back.subscription_id.as_deref(), Some("fsub_01HACMH7"));
    assert_eq!(back.status.as_ref().map(|s| s.as_str()), Some("incomplete"));

    assert_eq!(
        session.refunds.as_ref().expect("refunds")[0]
            .as_object()
            .and_then(|refund| refund.reason.clone()),
        Some(RefundReason::RequestedByCustomer)
    );
    assert_eq!(
        session.total_details.as_ref().and_then(|t| t.amount_iias),
        Some(8999)
    );

    // What decodes re-encodes to the same JSON (less the nulls, which encode as absent fields).
    let reencoded = serde_json::to_value(&session).expect("encodes");
    assert_eq!(reencoded, without_nulls(&expanded()["checkout_session"]));
}

#[tokio::test]
async fn decodes_ids_when_nothing_is_expanded() {
    let server = serve_json(200, unexpanded()).await;
    let session = flex(&server)
        .retrieve_checkout_session("fcs_01HACMPD", &Default::default())
        .await
        .expect("call succeeds");
    let customer = session.customer.expect("customer");
    assert_eq!(
        customer,
        Expandable::Id("fcus_01HACM7FZ1084XB1GB6053VM0D".to_owned())
    );
    assert_eq!(customer.id(), Some("fcus_01HACM7FZ1084XB1GB6053VM0D"));
    assert!(customer.as_object().is_none());
    assert_eq!(
        session.payment_intent.as_ref().and_then(Expandable::id),
        Some("fpi_01HACMNC")
    );
    assert_eq!(
        session.subscription.as_ref().and_then(Expandable::id),
        Some("fsub_01HACMH7")
    );
}

#[tokio::test]
async fn keeps_unknown_enum_values_and_ignores_unknown_fields() {
    let mut body = unexpanded();
    body["checkout_session"]["status"] = json!("archived");
    body["checkout_session"]["visit_type"] = json!("dermatology");
    body["checkout_session"]["brand_new_field"] = json!({"nested": [1, 2, 3]});
    body["new_envelope_field"] = json!(true);
    let server = serve_json(200, body).await;
    let session = flex(&server)
        .retrieve_checkout_session("fcs_01HACMPD", &Default::default())
        .await
        .expect("call succeeds");
    let status = session.status.clone().expect("status");
    assert_eq!(
        status,
        CheckoutSessionStatus::Unknown("archived".to_owned())
    );
    assert!(status.is_unknown());
    assert_eq!(status.to_string(), "archived");
    assert_eq!(
        session.visit_type,
        Some(VisitType::Unknown("dermatology".to_owned()))
    );
    // Written back unchanged.
    let encoded = serde_json::to_value(&session).expect("encodes");
    assert_eq!(encoded["status"], json!("archived"));
    assert_eq!(encoded["visit_type"], json!("dermatology"));
}

#[tokio::test]
async fn nulls_and_missing_fields_decode() {
    let body = json!({"checkout_session": {
        "checkout_session_id": "fcs_1",
        "customer": null, "status": null, "metadata": null, "captures": null, "amount_total": null,
        "subscription": {"latest_invoice": {"invoice_id": "fin_1", "subscription": {}}}
    }});
    let server = serve_json(200, body).await;
    let session = flex(&server)
        .retrieve_checkout_session("fcs_1", &Default::default())
        .await
        .expect("call succeeds");
    assert_eq!(session.customer, None);
    assert_eq!(session.status, None);
    assert_eq!(session.amount_total, None);
    let subscription = session
        .subscription
        .as_ref()
        .and_then(Expandable::as_object)
        .expect("subscription");
    // The reference page shows an invoice's subscription as `{}`: it decodes.
    assert_eq!(
        subscription
            .latest_invoice
            .as_ref()
            .and_then(Expandable::as_object)
            .and_then(|i| i.subscription.as_ref())
            .and_then(Expandable::as_object)
            .map(|s| s.subscription_id.clone()),
        Some(None)
    );
}

#[tokio::test]
async fn error_statuses_become_api_errors_with_code_message_and_request_id() {
    for (status, code) in [
        (400, "invalid_request"),
        (401, "unauthorized"),
        (404, "not_found"),
        (429, "rate_limited"),
        (500, "internal_error"),
    ] {
        let body = json!({"error": {"code": code, "message": format!("message for {status}")}});
        let server = serve_json(status, body.clone()).await;
        let error = flex(&server)
            .retrieve_checkout_session("fcs_01HACMPD", &Default::default())
            .await
            .expect_err("error status");
        assert_eq!(error.status(), Some(status));
        assert_eq!(error.code(), Some(code));
        assert_eq!(error.request_id(), Some("req_8f3a"));
        let Error::Api(api) = &error else {
            panic!("expected an API error, got {error:?}")
        };
        assert_eq!(
            api.message.as_deref(),
            Some(format!("message for {status}").as_str())
        );
        assert_eq!(
            serde_json::from_str::<Value>(&api.body).expect("raw body kept"),
            body
        );
        let shown = error.to_string();
        assert!(
            shown.contains(&status.to_string())
                && shown.contains(code)
                && shown.contains("req_8f3a"),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn an_html_error_page_keeps_its_body_out_of_the_message() {
    let server = serve_raw(502, "<html><body>Bad gateway</body></html>", "text/html").await;
    let error = flex(&server)
        .retrieve_checkout_session("fcs_1", &Default::default())
        .await
        .expect_err("502");
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!(api.status, 502);
    assert_eq!(api.code, None);
    assert!(api.body.contains("Bad gateway"));
    // The body stays on the error as data; the message, which ends up in logs, never holds it.
    let shown = error.to_string();
    assert!(!shown.contains("Bad gateway"), "{shown}");
    assert!(
        shown.contains("HTTP 502") && shown.contains("no error message"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_malformed_body_names_the_field_that_failed() {
    let mut body = expanded();
    body["checkout_session"]["captures"][0]["created_at"] = json!(1714564800);
    let server = serve_json(200, body).await;
    // With strict decoding; by default such a field is left empty (tests/tests/fidelity.rs).
    let error = flex_at(server.uri())
        .strict_decoding(true)
        .build()
        .expect("valid configuration")
        .retrieve_checkout_session("fcs_01HACMPD", &Default::default())
        .await
        .expect_err("bad body");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}")
    };
    assert_eq!(decode.status, 200);
    assert_eq!(
        decode.path.as_deref(),
        Some("checkout_session.captures[0].created_at")
    );
    assert_eq!(decode.request_id.as_deref(), Some("req_8f3a"));
    assert!(
        error
            .to_string()
            .contains("checkout_session.captures[0].created_at"),
        "{error}"
    );
}

#[tokio::test]
async fn html_instead_of_json_is_a_decode_error_with_an_excerpt() {
    let server = serve_raw(
        200,
        "<!doctype html><title>Maintenance</title>",
        "text/html",
    )
    .await;
    let error = flex(&server)
        .retrieve_checkout_session("fcs_1", &Default::default())
        .await
        .expect_err("html");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}")
    };
    assert_eq!(decode.content_type.as_deref(), Some("text/html"));
    assert!(decode.body_excerpt.starts_with("<!doctype html>"));
}

#[tokio::test]
async fn path_parameters_stay_inside_their_segment() {
    let cases = [
        ("a/b", "/v1/checkout/sessions/a%2Fb"),
        ("a?b=c", "/v1/checkout/sessions/a%3Fb%3Dc"),
        ("a#b", "/v1/checkout/sessions/a%23b"),
        ("a..b", "/v1/checkout/sessions/a..b"),
        (
            "../../v2/admin",
            "/v1/checkout/sessions/..%2F..%2Fv2%2Fadmin",
        ),
        ("with space", "/v1/checkout/sessions/with%20space"),
        ("ünï", "/v1/checkout/sessions/%C3%BCn%C3%AF"),
    ];
    let server = serve_json(200, unexpanded()).await;
    let client = flex(&server);
    for (id, _) in cases {
        client
            .retrieve_checkout_session(id, &Default::default())
            .await
            .expect("call succeeds");
    }
    let requests = received(&server).await;
    let paths: Vec<&str> = requests.iter().map(|r| r.url.path()).collect();
    let expected: Vec<&str> = cases.iter().map(|(_, p)| *p).collect();
    assert_eq!(paths, expected);
    assert!(
        requests
            .iter()
            .all(|r| r.url.query().is_none() && r.url.fragment().is_none())
    );
}

#[tokio::test]
async fn empty_and_dot_ids_are_refused_before_any_request() {
    let server = serve_json(200, unexpanded()).await;
    // `.` and `..` cannot be kept in a segment: URL parsing resolves them even when encoded.
    for id in ["", ".", ".."] {
        let error = flex(&server)
            .retrieve_checkout_session(id, &Default::default())
            .await
            .expect_err("refused");
        assert!(
            matches!(&error, Error::InvalidRequest(m) if m.contains("`id`")),
            "{error:?}"
        );
    }
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn a_slow_server_gives_a_timeout_error() {
    let server = serve(
        ResponseTemplate::new(200)
            .set_body_json(unexpanded())
            .set_delay(Duration::from_secs(5)),
    )
    .await;
    let client = flex_at(server.uri())
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .expect("valid");
    let error = client
        .retrieve_checkout_session("fcs_1", &Default::default())
        .await
        .expect_err("timeout");
    assert!(
        matches!(error, Error::Timeout { timeout, .. } if timeout == Duration::from_millis(200)),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_connection_error() {
    let client = flex_at(closed_url()).max_retries(0).build().expect("valid");
    let error = client
        .retrieve_checkout_session("fcs_1", &Default::default())
        .await
        .expect_err("refused");
    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
    assert!(!error.to_string().contains(KEY));
}

#[tokio::test]
async fn a_base_url_with_a_path_prefix_keeps_it() {
    let server = serve_json(200, unexpanded()).await;
    let client = flex_at(format!("{}/proxy/", server.uri()))
        .build()
        .expect("valid");
    client
        .retrieve_checkout_session("fcs_1", &Default::default())
        .await
        .expect("call succeeds");
    let requests = received(&server).await;
    assert_eq!(requests[0].url.path(), "/proxy/v1/checkout/sessions/fcs_1");
}

#[tokio::test]
async fn a_base_url_that_ends_with_the_api_version_is_not_doubled() {
    // Flex's introduction gives `https://api.withflex.com/v1`; every path starts with `/v1`.
    let server = serve_json(200, unexpanded()).await;
    for base in [
        format!("{}/v1", server.uri()),
        format!("{}/v1/", server.uri()),
        format!("{}/proxy/v1", server.uri()),
    ] {
        let client = flex_at(base.as_str()).build().expect("valid");
        client
            .retrieve_checkout_session("fcs_1", &Default::default())
            .await
            .unwrap_or_else(|e| panic!("{base}: {e}"));
    }
    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "/v1/checkout/sessions/fcs_1",
            "/v1/checkout/sessions/fcs_1",
            "/proxy/v1/checkout/sessions/fcs_1"
        ]
    );
    let documented = Client::builder()
        .api_key(KEY)
        .base_url("https://api.withflex.com/v1")
        .build()
        .expect("valid");
    assert_eq!(documented.base_url().as_str(), "https://api.withflex.com/");
}

#[test]
fn a_base_url_with_a_user_name_or_password_is_refused_without_repeating_it() {
    for base in [
        "https://user:hunter2@api.withflex.com",
        "https://hunter2@api.withflex.com",
        "https://user:hunter2@",
    ] {
        let error = Client::builder()
            .api_key(KEY)
            .base_url(base)
            .build()
            .expect_err("userinfo");
        assert!(matches!(error, Error::Config(_)), "{base}: {error:?}");
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
    }
}

/// The client goes into shared state (an `Arc`, an axum `State`) and its calls into
/// `tokio::spawn`: checked here at compile time. That every operation's future is `Send` is
/// checked by the generated crate's own `operations/send_check.rs`, built by `cargo test`.
#[test]
fn the_client_and_what_it_returns_can_cross_threads() {
    fn shared<T: Send + Sync + Clone + 'static>() {}
    fn sent<T: Send + 'static>(_: T) {}
    shared::<Client>();
    shared::<flex_client::RequestOptions>();
    shared::<flex_client::ResponseCapture>();
    shared::<flex_client::webhooks::Webhook>();
    shared::<flex_client::types::WebhookEvent>();
    // Errors go into `Box<dyn Error + Send + Sync>` and `anyhow::Error`.
    fn error<E: std::error::Error + Send + Sync + 'static>() {}
    error::<Error>();
    error::<flex_client::webhooks::WebhookError>();
    let client = Client::new(KEY).expect("valid");
    sent(async move {
        let session = client
            .retrieve_checkout_session("fcs_1", &Default::default())
            .await;
        // A stream held across an `.await` is part of the future too.
        let mut customers = std::pin::pin!(client.list_customers_stream(&Default::default()));
        let first = futures::StreamExt::next(&mut customers).await;
        (session, first.is_some())
    });
}

#[test]
fn the_key_never_shows_in_debug_output_or_errors() {
    let client = Client::builder().api_key(KEY).build().expect("valid");
    let shown = format!("{client:?}");
    assert!(
        !shown.contains(KEY) && shown.contains("<redacted>"),
        "{shown}"
    );
    assert_eq!(client.base_url().as_str(), "https://api.withflex.com/");

    let builder = Client::builder().api_key(KEY);
    assert!(!format!("{builder:?}").contains(KEY));

    let bad_key = "fsk_test_bad\nkey";
    let error = Client::builder()
        .api_key(bad_key)
        .build()
        .expect_err("newline in key");
    assert!(
        !error.to_string().contains("fsk_test_bad")
            && !format!("{error:?}").contains("fsk_test_bad"),
        "{error}"
    );
}

#[test]
fn configuration_errors_are_clear() {
    let missing = Client::builder().build().expect_err("no key");
    assert!(
        matches!(&missing, Error::Config(m) if m.contains("API key")),
        "{missing}"
    );
    let empty = Client::new("  ").expect_err("empty key");
    assert!(matches!(empty, Error::Config(_)));
    let bad_url = Client::builder()
        .api_key(KEY)
        .base_url("not a url")
        .build()
        .expect_err("bad url");
    assert!(bad_url.to_string().contains("not a url"), "{bad_url}");
    let ftp = Client::builder()
        .api_key(KEY)
        .base_url("ftp://example.com")
        .build()
        .expect_err("ftp");
    assert!(matches!(ftp, Error::Config(_)));
    let zero = Client::builder()
        .api_key(KEY)
        .timeout(Duration::ZERO)
        .build()
        .expect_err("zero timeout");
    assert!(matches!(zero, Error::Config(_)));
    for builder in [
        Client::builder().connect_timeout(Duration::ZERO),
        Client::builder().deadline(Duration::ZERO),
    ] {
        let zero = builder.api_key(KEY).build().expect_err("zero");
        assert!(
            matches!(&zero, Error::Config(m) if m.contains("longer than zero")),
            "{zero}"
        );
    }
    assert_eq!(
        flex_client::DEFAULT_CONNECT_TIMEOUT,
        Duration::from_secs(10)
    );
    let with_deadline = Client::builder()
        .api_key(KEY)
        .deadline(Duration::from_secs(30))
        .build()
        .expect("valid");
    assert_eq!(with_deadline.deadline(), Some(Duration::from_secs(30)));
    assert_eq!(Client::new(KEY).expect("valid").deadline(), None);
    let default = Client::new(KEY).expect("valid");
    assert_eq!(default.timeout(), flex_client::DEFAULT_TIMEOUT);
}

#[test]
fn enums_convert_from_and_to_strings() {
    assert_eq!(
        "off_session".parse::<CheckoutSessionMode>(),
        Ok(CheckoutSessionMode::OffSession)
    );
    assert_eq!(
        CheckoutSessionMode::from("later"),
        CheckoutSessionMode::Unknown("later".to_owned())
    );
    assert_eq!(VisitType::CbtSleep.as_str(), "cbtSleep");
    assert_eq!(
        serde_json::to_string(&RefundReason::ExpiredUncapturedCharge).expect("encodes"),
        "\"expired_uncaptured_charge\""
    );
    assert!(serde_json::from_str::<VisitType>("7").is_err());
}
