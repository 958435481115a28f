//! Every operation of the generated client, called once against Steady: a mock server that
//! validates each request against spec/flex.yaml (answering an invalid one with HTTP 400 and
//! what is wrong with it) and answers a valid one with data generated from the spec's schemas,
//! which the client must decode. A second, independent reading of the spec: what the client
//! sends must be what the spec describes, and what the spec describes must be what it decodes.
//! (Steady 0.22 leaves optional properties out of the responses it generates, so what is
//! decoded here is the envelopes and the required fields only.)
//!
//! Steady is installed by `cargo xtask install-tools` (and `cargo xtask test`) into
//! `target/tools/steady`; without it this test fails rather than skips.

mod common;

use common::{flex_at, metadata, own as s};
use flex_client::types::*;
use flex_client::{Error, Expandable, Multipart, RequestOptions, ResponseCapture, ResponseMeta};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs::{self, File};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const STARTUP: Duration = Duration::from_secs(20);

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
}

/// The server binary of Steady's platform package, rather than the npm wrapper `.bin/steady`
/// (a Node script that spawns it): killing the wrapper would leave the server running.
fn steady_binary() -> PathBuf {
    let modules = root().join("target/tools/steady/node_modules");
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        other => other,
    };
    let exe = std::env::consts::EXE_SUFFIX;
    let platform = modules.join(format!("@stdy/cli-{os}-{arch}/bin/steady{exe}"));
    let wrapper = modules.join(".bin/steady");
    if platform.exists() {
        platform
    } else if wrapper.exists() {
        wrapper
    } else {
        panic!(
            "Steady (the mock server this test runs) is not installed: {} is missing. \
             Run `cargo xtask install-tools` (or `cargo xtask test`, which installs it).",
            wrapper.display()
        )
    }
}

/// A running Steady, killed when dropped; its output goes to a file, for failure messages.
struct Steady {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl Steady {
    fn start() -> Steady {
        let binary = steady_binary();
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let log = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("steady-{}-{port}.log", std::process::id()));
        let out = File::create(&log).expect("a log file for Steady");
        let err = out.try_clone().expect("a second handle on the log file");
        let child = Command::new(&binary)
            .args(["--host", "127.0.0.1", "-p", &port.to_string()])
            .args(["--log-format", "text"])
            .arg(root().join("spec/flex.yaml"))
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let mut steady = Steady { child, addr, log };
        let deadline = Instant::now() + STARTUP;
        loop {
            if let Ok(Some(status)) = steady.child.try_wait() {
                panic!(
                    "Steady exited ({status}) before accepting connections:\n{}",
                    steady.log()
                );
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return steady;
            }
            if Instant::now() > deadline {
                panic!(
                    "Steady did not accept connections on {addr} within {STARTUP:?}:\n{}",
                    steady.log()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_else(|e| format!("(no log: {e})"))
    }
}

impl Drop for Steady {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if !std::thread::panicking() {
            let _ = fs::remove_file(&self.log);
        }
    }
}

/// The operations called, and what went wrong with them.
struct Calls {
    /// Where the client puts the headers of each response, for Steady's diagnostics.
    capture: ResponseCapture,
    called: Vec<&'static str>,
    failures: Vec<String>,
}

impl Calls {
    fn check<T>(&mut self, operation: &'static str, result: Result<T, Error>) {
        self.called.push(operation);
        let diagnostics = self
            .capture
            .take()
            .map(|meta| diagnostics(&meta))
            .unwrap_or_default();
        match result {
            Err(error) => self
                .failures
                .push(format!("{operation}: {}", describe(&error))),
            // Steady answers some requests that do not match the spec (a query parameter it
            // does not define, say) with success, and says so only in its headers.
            Ok(_) if !diagnostics.is_empty() => self.failures.push(format!(
                "{operation}: answered, but Steady says the request is not what the spec says:{}",
                diagnostics.concat()
            )),
            Ok(_) => {}
        }
    }
}

/// Steady's `x-steady-error-<n>-{code,path,message}` response headers, one line each.
fn diagnostics(meta: &ResponseMeta) -> Vec<String> {
    let headers = &meta.headers;
    let header = |name: String| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("?")
            .to_owned()
    };
    let count: usize = headers
        .get("x-steady-error-count")
        .and_then(|v| v.to_str().ok()?.parse().ok())
        .unwrap_or(0);
    (1..=count)
        .map(|n| {
            format!(
                "\n    {} at {}: {}",
                header(format!("x-steady-error-{n}-code")),
                header(format!("x-steady-error-{n}-path")),
                header(format!("x-steady-error-{n}-message")),
            )
        })
        .collect()
}

/// An error, with Steady's list of what is wrong with the request when it rejected one.
fn describe(error: &Error) -> String {
    let Error::Api(api) = error else {
        return error.to_string();
    };
    let problems = serde_json::from_str::<Value>(&api.body)
        .ok()
        .and_then(|body| body["steady"]["errors"].as_array().cloned());
    match problems {
        Some(problems) => {
            let lines: Vec<String> = problems
                .iter()
                .map(|p| {
                    format!(
                        "\n    {} at {}: {} (expected {}, actual {})",
                        p["code"].as_str().unwrap_or("?"),
                        p["path"].as_str().unwrap_or("?"),
                        p["message"].as_str().unwrap_or("?"),
                        p["expected"],
                        p["actual"],
                    )
                })
                .collect();
            format!(
                "HTTP {} (x-steady-request-valid: false), the request is not what the spec says:{}",
                api.status,
                lines.concat()
            )
        }
        None => format!("HTTP {}: {}", api.status, api.body),
    }
}

/// The first bytes of a PNG (signature and the start of an IHDR chunk): enough to look like one.
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

const SESSION: &str = "fcs_01J9XR8M3K7VZ8N2YB4WJ6T0RA";
const CUSTOMER: &str = "fcus_01J9XQ4T2B6N8M3K7VZ8YB4WJ6";
const PAYMENT_INTENT: &str = "fpi_01J9XRB2C4D6F8G0H2J4K6M8N0";
const PRODUCT: &str = "fprod_01J9XP7Q3R5S7T9V1W3X5Y7Z9A";
const PRICE: &str = "fprice_01J9XP9B1C3D5E7F9G1H3J5K7M9";
const SUBSCRIPTION: &str = "fsub_01J9XS1A3B5C7D9E1F3G5H7J9K";
const COUPON: &str = "fcoup_01J9XT2M4N6P8Q0R2S4T6V8W0X";
const PAYMENT_METHOD: &str = "fpm_01J9XQ8E0F2G4H6J8K0M2N4P6Q";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_is_accepted_by_the_spec_driven_mock_and_decoded() {
    let started = Instant::now();
    let steady = Steady::start();
    let client = flex_at(format!("http://{}", steady.addr))
        .max_retries(0)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("valid configuration");
    let mut calls = Calls {
        capture: ResponseCapture::new(),
        called: Vec::new(),
        failures: Vec::new(),
    };
    let client = client.with_options(RequestOptions::new().capture_response(&calls.capture));
    let c = &client;

    // ---- Checkout sessions ----
    let params = ListCheckoutSessionsParams {
        limit: Some(25),
        offset: Some(0),
        interval: Some(30),
        status: Some(CheckoutSessionStatus::Complete),
        customer: s(CUSTOMER),
        email: s("jane.doe@example.com"),
        client_reference_id: s("order-1042"),
        expand_customer: Some(true),
        expand_payment_intent: Some(true),
        starting_after: s("fcs_01J9XR0000000000000000000A"),
        ..Default::default()
    };
    calls.check(
        "listCheckoutSessions",
        c.list_checkout_sessions(&params).await,
    );
    let body = CreateCheckoutSession {
        mode: Some(CheckoutSessionMode::Payment),
        capture_method: Some(CaptureMethod::Manual),
        line_items: Some(vec![
            CreateCheckoutSessionLineItem {
                price: s(PRICE),
                quantity: Some(2),
                ..Default::default()
            },
            CreateCheckoutSessionLineItem {
                price_data: Some(CreateCheckoutSessionPriceData {
                    product: s(PRODUCT),
                    unit_amount: Some(4_999),
                    description: s("Massage gun, one-time"),
                    metadata: metadata(&[("sku", "MG-200")]),
                    ..Default::default()
                }),
                quantity: Some(1),
                ..Default::default()
            },
        ]),
        success_url: s("https://shop.example/thanks?session={CHECKOUT_SESSION_ID}"),
        cancel_url: s("https://shop.example/cart"),
        customer: s(CUSTOMER),
        allow_promotion_codes: Some(true),
        client_reference_id: s("order-1042"),
        defaults: Some(CheckoutSessionDefaultsParams {
            email: s("jane.doe@example.com"),
            first_name: s("Jane"),
            last_name: s("Doe"),
            phone: s("+14155550123"),
            ..Default::default()
        }),
        metadata: metadata(&[("order_id", "1042"), ("channel", "web")]),
        shipping_address_collection: Some(true),
        shipping_options: Some(ShippingOptionsParams {
            shipping_rate_data: Some(ShippingRateData {
                display_name: s("Ground"),
                amount: Some(599),
                ..Default::default()
            }),
            ..Default::default()
        }),
        tax_rate: Some(TaxRateParams { amount: Some(412) }),
        ..Default::default()
    };
    calls.check(
        "createCheckoutSession",
        c.create_checkout_session(&body).await,
    );
    let params = RetrieveCheckoutSessionParams {
        expand_customer: Some(true),
        expand_payment_intent: Some(true),
        expand_subscription: Some(false),
        expand: s("payment_intent,customer"),
    };
    calls.check(
        "retrieveCheckoutSession",
        c.retrieve_checkout_session(SESSION, &params).await,
    );
    calls.check(
        "cancelCheckoutSessionAuthorization",
        c.cancel_checkout_session_authorization(SESSION).await,
    );
    let capture = CaptureCheckoutSession {
        final_capture: Some(false),
        line_items: Some(vec![CaptureCheckoutSessionLineItem {
            price: s(PRICE),
            ..Default::default()
        }]),
        metadata: metadata(&[("warehouse", "oakland")]),
        capture_metadata: metadata(&[("shipment", "1Z999AA10123456784")]),
        amount_shipping: Some(599),
        amount_tax: Some(412),
        ..Default::default()
    };
    calls.check(
        "captureCheckoutSession",
        c.capture_checkout_session(SESSION, &capture).await,
    );
    calls.check(
        "previewCheckoutSessionCaptureAllocation",
        c.preview_checkout_session_capture_allocation(SESSION, &capture)
            .await,
    );
    calls.check(
        "listCheckoutSessionLineItems",
        c.list_checkout_session_line_items(SESSION).await,
    );
    calls.check(
        "reauthorizeCheckoutSession",
        c.reauthorize_checkout_session(SESSION).await,
    );
    let refund = RefundCheckoutSession {
        line_items: Some(vec![RefundCheckoutSessionLineItem {
            price: s(PRICE),
            amount_to_refund: Some(2_500),
            ..Default::default()
        }]),
        amount_tax: Some(206),
        refund_metadata: metadata(&[("reason", "damaged in transit")]),
        payment_methods: Some(vec![RefundPaymentMethodAmount {
            payment_method_id: s(PAYMENT_METHOD),
            amount: Some(2_706),
        }]),
        ..Default::default()
    };
    calls.check(
        "refundCheckoutSession",
        c.refund_checkout_session(SESSION, &refund).await,
    );
    calls.check(
        "previewCheckoutSessionRefundAllocation",
        c.preview_checkout_session_refund_allocation(SESSION, &refund)
            .await,
    );

    // ---- Customers ----
    let params = ListCustomersParams {
        limit: Some(10),
        offset: Some(20),
        email: s("jane.doe@example.com"),
        ending_before: s("fcus_01J9XQ0000000000000000000B"),
        ..Default::default()
    };
    calls.check("listCustomers", c.list_customers(&params).await);
    let address = ShippingAddressParams {
        line1: s("1 Market St"),
        line2: s("Suite 300"),
        city: s("San Francisco"),
        state: s("CA"),
        postal_code: s("94105"),
        country: s("US"),
    };
    let body = CreateCustomer {
        first_name: s("Jane"),
        last_name: s("Doe"),
        email: s("jane.doe@example.com"),
        phone: s("+14155550123"),
        employer: s("Acme Health"),
        shipping: Some(address.clone()),
        checkout_session_id: s(SESSION),
        metadata: metadata(&[("crm_id", "C-88231")]).map(MetadataParam::Metadata),
    };
    calls.check("createCustomer", c.create_customer(&body).await);
    calls.check("retrieveCustomer", c.retrieve_customer(CUSTOMER).await);
    let body = UpdateCustomer {
        phone: s("+14155550199"),
        shipping: Some(ShippingAddressParams {
            line2: s("Suite 400"),
            ..address
        }),
        metadata: metadata(&[("crm_id", "C-88231"), ("tier", "gold")]).map(MetadataParam::Metadata),
        ..Default::default()
    };
    calls.check("updateCustomer", c.update_customer(CUSTOMER, &body).await);
    let params = ListCustomerPaymentMethodsParams {
        limit: Some(5),
        offset: Some(0),
    };
    calls.check(
        "listCustomerPaymentMethods",
        c.list_customer_payment_methods(CUSTOMER, &params).await,
    );
    calls.check(
        "retrieveCustomerPaymentMethod",
        c.retrieve_customer_payment_method(CUSTOMER, PAYMENT_METHOD)
            .await,
    );

    // ---- Products ----
    let params = ListProductsParams {
        limit: Some(50),
        active: Some(true),
        client_reference_id: s("sku-MG-200"),
        metadata: metadata(&[("category", "recovery"), ("brand", "acme")]),
        starting_after: s("fprod_01J9XP0000000000000000000C"),
        ..Default::default()
    };
    calls.check("listProducts", c.list_products(&params).await);
    let body = CreateProduct {
        name: s("Massage gun"),
        description: s("Percussive massage device for muscle recovery"),
        upc_code: s("036000291452"),
        gtin: s("00036000291452"),
        url: s("https://shop.example/products/massage-gun"),
        client_reference_id: s("sku-MG-200"),
        metadata: metadata(&[("category", "recovery")]),
        image_urls: Some(vec!["https://shop.example/img/mg-200.png".to_owned()]),
        categories: Some(vec!["physical_therapy".to_owned()]),
        visit_type: Some(VisitType::Gym),
        hsa_fsa_eligibility: Some(HsaFsaEligibility::LetterOfMedicalNecessity),
        ..Default::default()
    };
    calls.check("createProduct", c.create_product(&body).await);
    calls.check("retrieveProduct", c.retrieve_product(PRODUCT).await);
    let body = UpdateProduct {
        description: s("Percussive massage device, 6 speeds"),
        active: Some(true),
        metadata: metadata(&[("category", "recovery"), ("season", "fall")]),
        categories: Some(vec![
            "physical_therapy".to_owned(),
            "pain_relief".to_owned(),
        ]),
        ..Default::default()
    };
    calls.check("updateProduct", c.update_product(PRODUCT, &body).await);

    // ---- Prices ----
    let params = ListPricesParams {
        limit: Some(20),
        active: Some(true),
        product: s(PRODUCT),
        expand_product: Some(true),
        ..Default::default()
    };
    calls.check("listPrices", c.list_prices(&params).await);
    let body = CreatePrice {
        unit_amount: Some(19_900),
        description: s("Massage gun, monthly plan"),
        // `daily` is the only interval the spec allows (a monthly plan is 30 of them).
        recurring: Some(RecurringParams {
            interval: Some(RecurringInterval::Daily),
            interval_count: Some(30),
            trial_period_days: Some(7),
        }),
        metadata: metadata(&[("plan", "monthly")]),
        ..CreatePrice::new(PRODUCT.to_owned())
    };
    calls.check("createPrice", c.create_price(&body).await);
    let params = RetrievePriceParams {
        expand_product: Some(true),
    };
    calls.check("retrievePrice", c.retrieve_price(PRICE, &params).await);
    let body = UpdatePrice {
        description: s("Massage gun, monthly plan (2025)"),
        active: Some(false),
    };
    calls.check("updatePrice", c.update_price(PRICE, &body).await);

    // ---- Payment intents ----
    let params = ListPaymentIntentsParams {
        expand: s("customer"),
        expand_customer: Some(true),
        interval: Some(7),
        customer: s(CUSTOMER),
        checkout_session: s(SESSION),
        limit: Some(10),
        ..Default::default()
    };
    calls.check("listPaymentIntents", c.list_payment_intents(&params).await);
    let params = RetrievePaymentIntentParams {
        expand: s("customer"),
        expand_customer: Some(true),
    };
    calls.check(
        "retrievePaymentIntent",
        c.retrieve_payment_intent(PAYMENT_INTENT, &params).await,
    );
    calls.check(
        "cancelPaymentIntent",
        c.cancel_payment_intent(PAYMENT_INTENT).await,
    );

    // ---- Refunds ----
    let params = ListRefundsParams {
        status: Some(RefundStatus::Succeeded),
        payment_intent: s(PAYMENT_INTENT),
        checkout_session: s(SESSION),
        limit: Some(10),
        starting_after: s("fre_01J9XU0000000000000000000D"),
        ..Default::default()
    };
    calls.check("listRefunds", c.list_refunds(&params).await);
    let body = CreateRefund {
        payment_intent_id: s(PAYMENT_INTENT),
        amount: Some(1_500),
        reason: Some(RefundReason::RequestedByCustomer),
        metadata: metadata(&[("ticket", "SUP-5521")]),
    };
    calls.check("createRefund", c.create_refund(&body).await);
    let refund_id = "fre_01J9XU4W6X8Y0Z2A4B6C8D0E2F";
    calls.check("retrieveRefund", c.retrieve_refund(refund_id).await);
    let body = UpdateRefund {
        reason: Some(RefundReason::Duplicate),
        metadata: metadata(&[("ticket", "SUP-5521"), ("agent", "mo")]),
    };
    calls.check("updateRefund", c.update_refund(refund_id, &body).await);

    // ---- Captures ----
    let params = ListCapturesParams {
        expand: s("payment_intent"),
        checkout_session: s(SESSION),
    };
    calls.check("listCaptures", c.list_captures(&params).await);
    let capture_id = "fcap_01J9XV5X7Y9Z1A3B5C7D9E1F3G";
    let params = RetrieveCaptureParams {
        expand: s("payment_intent"),
    };
    calls.check(
        "retrieveCapture",
        c.retrieve_capture(capture_id, &params).await,
    );
    let body = UpdateCapture {
        metadata: metadata(&[("shipment", "1Z999AA10123456784"), ("carrier", "ups")]),
    };
    let params = UpdateCaptureParams {
        expand: s("payment_intent"),
    };
    calls.check(
        "updateCapture",
        c.update_capture(capture_id, &body, &params).await,
    );

    // ---- Subscriptions ----
    let params = ListSubscriptionsParams {
        customer: s(CUSTOMER),
        expand_customer: Some(true),
        status: Some(SubscriptionStatus::Active),
        offset: Some(0),
        limit: Some(10),
        expand: s("customer"),
        ..Default::default()
    };
    calls.check("listSubscriptions", c.list_subscriptions(&params).await);
    let body = CreateSubscription {
        customer: s(CUSTOMER),
        items: Some(vec![CreateSubscriptionItem {
            price: s(PRICE),
            quantity: Some(1),
        }]),
        default_payment_method: s(PAYMENT_METHOD),
        trial_period_days: Some(14),
        cancel_at_period_end: Some(false),
        proration_behavior: Some(ProrationBehavior::AlwaysInvoice),
        coupon: s(COUPON),
        metadata: metadata(&[("plan", "monthly")]),
        ..Default::default()
    };
    calls.check("createSubscription", c.create_subscription(&body).await);
    let params = RetrieveSubscriptionParams {
        expand_customer: Some(true),
        expand: s("customer"),
    };
    calls.check(
        "retrieveSubscription",
        c.retrieve_subscription(SUBSCRIPTION, &params).await,
    );
    let body = CancelSubscription {
        cancel_at_period_end: Some(false),
        refund: Some(CancelSubscriptionRefund::None),
        refund_amount: Some(0),
    };
    calls.check(
        "cancelSubscription",
        c.cancel_subscription(SUBSCRIPTION, Some(&body)).await,
    );
    let body = UpdateSubscription {
        cancel_at_period_end: Some(true),
        trial_end: s("2025-11-01T00:00:00Z"),
        items: Some(vec![UpdateSubscriptionItem { price: s(PRICE) }]),
        proration_behavior: Some(ProrationBehavior::AlwaysInvoice),
        metadata: metadata(&[("plan", "monthly"), ("upgraded", "true")]),
        ..Default::default()
    };
    let params = UpdateSubscriptionParams {
        expand_customer: Some(true),
        expand: s("customer"),
    };
    calls.check(
        "updateSubscription",
        c.update_subscription(SUBSCRIPTION, &body, &params).await,
    );
    calls.check(
        "retrieveSubscriptionRefundPreview",
        c.retrieve_subscription_refund_preview(SUBSCRIPTION).await,
    );

    // ---- Invoices ----
    let params = ListInvoicesParams {
        customer: s(CUSTOMER),
        limit: Some(12),
        starting_after: s("fin_01J9XW0000000000000000000E"),
        ..Default::default()
    };
    calls.check("listInvoices", c.list_invoices(&params).await);
    calls.check(
        "retrieveInvoice",
        c.retrieve_invoice("fin_01J9XW6Y8Z0A2B4C6D8E0F2G4H").await,
    );

    // ---- Disputes ----
    let params = ListDisputesParams {
        limit: Some(10),
        payment_intent: s(PAYMENT_INTENT),
        statuses: Some(vec![DisputeStatus::NeedsResponse, DisputeStatus::Lost]),
        ..Default::default()
    };
    calls.check("listDisputes", c.list_disputes(&params).await);
    let dispute = "fdsp_01J9XX7Z9A1B3C5D7E9F1G3H5J";
    calls.check("retrieveDispute", c.retrieve_dispute(dispute).await);
    let body = UpdateDispute {
        evidence: Some(UpdateDisputeEvidence {
            customer_name: s("Jane Doe"),
            customer_email_address: s("jane.doe@example.com"),
            product_description: s("Percussive massage device, shipped 2025-09-02"),
            receipt: s("file_01J9XY8A0B2C4D6E8F0G2H4J6K"),
            shipping_tracking_number: s("1Z999AA10123456784"),
            shipping_date: s("2025-09-02"),
            ..Default::default()
        }),
        submit: Some(false),
    };
    calls.check("updateDispute", c.update_dispute(dispute, &body).await);
    calls.check("closeDispute", c.close_dispute(dispute).await);

    // ---- Coupons and promo codes ----
    calls.check("listCoupons", c.list_coupons().await);
    let body = CreateCoupon {
        name: s("Fall sale"),
        percent_off: Some(15.0),
        duration: Some(CouponDuration::Repeating),
        duration_in_months: Some(3),
        max_redemptions: Some(500),
        applies_to: Some(CreateCouponAppliesTo {
            products: Some(vec![PRODUCT.to_owned()]),
        }),
        metadata: metadata(&[("campaign", "fall-2025")]),
        ..Default::default()
    };
    calls.check("createCoupon", c.create_coupon(&body).await);
    calls.check("retrieveCoupon", c.retrieve_coupon(COUPON).await);
    let params = ListPromoCodesParams { active: Some(true) };
    calls.check("listPromoCodes", c.list_promo_codes(&params).await);
    let body = CreatePromoCode {
        coupon_id: s(COUPON),
        code: s("FALL15"),
        max_redemptions: Some(100),
        customer: s(CUSTOMER),
        metadata: metadata(&[("campaign", "fall-2025")]),
    };
    calls.check("createPromoCode", c.create_promo_code(&body).await);
    let body = UpdatePromoCode {
        active: Some(false),
        metadata: metadata(&[("campaign", "fall-2025"), ("ended", "early")]),
    };
    calls.check(
        "updatePromoCode",
        c.update_promo_code("fpromo_01J9XZ9B1C3D5E7F9G1H3J5K7M", &body)
            .await,
    );

    // ---- Payment links ----
    let params = ListPaymentLinksParams {
        limit: Some(10),
        offset: Some(10),
        ..Default::default()
    };
    calls.check("listPaymentLinks", c.list_payment_links(&params).await);
    let body = CreatePaymentLink {
        label: s("Massage gun"),
        line_items: Some(vec![CreatePaymentLinkLineItem {
            price: s(PRICE),
            quantity: Some(1),
            ..Default::default()
        }]),
        shipping_address_collection: Some(true),
        shipping_options: Some(CreatePaymentLinkShippingOptions {
            shipping_rate_data: Some(CreatePaymentLinkShippingRateData {
                display_name: s("Ground"),
                amount: Some(599),
                ..Default::default()
            }),
            ..Default::default()
        }),
        metadata: metadata(&[("campaign", "instagram")]),
        payment_intent_data: Some(CreatePaymentLinkPaymentIntentData {
            capture_method: Some(CaptureMethod::Automatic),
            metadata: metadata(&[("source", "link")]),
        }),
        after_completion: Some(CreatePaymentLinkAfterCompletion {
            type_: Some(AfterCompletionType::Redirect),
            redirect: Some(CreatePaymentLinkRedirect {
                url: s("https://shop.example/thanks"),
            }),
            ..Default::default()
        }),
        allow_promotion_codes: Some(true),
        discounts: Some(vec![Expandable::Id(COUPON.to_owned())]),
        mode: Some(PaymentLinkMode::Payment),
        ..Default::default()
    };
    calls.check("createPaymentLink", c.create_payment_link(&body).await);
    calls.check(
        "retrievePaymentLink",
        c.retrieve_payment_link("fplink_01J9Y0A2C4D6E8F0G2H4J6K8M0")
            .await,
    );

    // ---- Shipping rates ----
    let body = CreateShippingRate {
        display_name: s("Two-day"),
        amount: Some(1_299),
        metadata: metadata(&[("carrier", "ups")]),
    };
    calls.check("createShippingRate", c.create_shipping_rate(&body).await);
    let rate = "fshr_01J9Y1B3D5E7F9G1H3J5K7M9N1";
    calls.check("retrieveShippingRate", c.retrieve_shipping_rate(rate).await);
    let body = UpdateShippingRate {
        metadata: metadata(&[("carrier", "fedex")]),
        active: Some(false),
    };
    calls.check(
        "updateShippingRate",
        c.update_shipping_rate(rate, &body).await,
    );

    // ---- Setup intents ----
    let params = ListSetupIntentsParams {
        limit: Some(10),
        customer: s(CUSTOMER),
        expand: s("customer"),
        ..Default::default()
    };
    calls.check("listSetupIntents", c.list_setup_intents(&params).await);
    let body = CreateSetupIntent {
        checkout_session: s(SESSION),
        ..Default::default()
    };
    calls.check("createSetupIntent", c.create_setup_intent(&body).await);
    let params = RetrieveSetupIntentParams {
        expand: s("payment_method"),
    };
    calls.check(
        "retrieveSetupIntent",
        c.retrieve_setup_intent("fsi_01J9Y2C4E6F8G0H2J4K6M8N0P2", &params)
            .await,
    );

    // ---- Files ----
    let params = ListFilesParams {
        purpose: Some(FilePurpose::DisputeEvidence),
        limit: Some(10),
        ..Default::default()
    };
    calls.check("listFiles", c.list_files(&params).await);
    let upload = Multipart::new().text("purpose", "dispute_evidence").file(
        "file",
        "receipt.png",
        "image/png",
        PNG,
    );
    calls.check("createFile", c.create_file(upload).await);
    calls.check(
        "retrieveFile",
        c.retrieve_file("file_01J9XY8A0B2C4D6E8F0G2H4J6K").await,
    );

    // ---- Exports ----
    let body = CreateExport {
        description: s("Monthly export for finance"),
        filters: Some(CreateExportFilters {
            payment: Some(CreateExportPaymentFilters {
                limit: Some(1_000),
                customer: s(CUSTOMER),
            }),
        }),
        metadata: metadata(&[("requested_by", "finance")]),
        type_: Some(ExportType::Product),
    };
    calls.check("createExport", c.create_export(&body).await);
    let export = "fexp_01J9Y3D5F7G9H1J3K5M7N9P1Q3";
    calls.check("retrieveExport", c.retrieve_export(export).await);
    calls.check("cancelExport", c.cancel_export(export).await);

    // ---- Payouts, balance transactions, events ----
    let params = ListPayoutsParams {
        payout_id: s("fpo_01J9Y4E6G8H0J2K4M6N8P0Q2R4"),
        start_date: s("2025-09-01T00:00:00Z"),
        end_date: s("2025-10-01T00:00:00Z"),
        limit: Some(10),
    };
    calls.check("listPayouts", c.list_payouts(&params).await);
    let params = ListBalanceTransactionsParams {
        payout_id: s("fpo_01J9Y4E6G8H0J2K4M6N8P0Q2R4"),
        reporting_category: s("charge"),
        type_: s("payment"),
        limit: Some(25),
        ..Default::default()
    };
    calls.check(
        "listBalanceTransactions",
        c.list_balance_transactions(&params).await,
    );
    let body = RetryEvent {
        webhook_id: s("fwh_01J9Y5F7H9J1K3M5N7P9Q1R3S5"),
    };
    calls.check(
        "retryEvent",
        c.retry_event("fevt_01J9Y6G8J0K2M4N6P8Q0R2S4T6", &body)
            .await,
    );

    // ---- Every operation of the spec, once ----
    let spec_text = fs::read_to_string(root().join("spec/flex.yaml")).expect("spec/flex.yaml");
    let api = flex_codegen::lower(&spec_text)
        .expect("the spec lowers")
        .api;
    let in_spec: BTreeSet<&str> = api
        .operations
        .iter()
        .map(|op| op.operation_id.as_str())
        .collect();
    let mut seen = BTreeSet::new();
    for id in &calls.called {
        if !seen.insert(*id) {
            calls
                .failures
                .push(format!("{id}: called twice by this test"));
        }
        if !in_spec.contains(id) {
            calls
                .failures
                .push(format!("{id}: called by this test, but not in the spec"));
        }
    }
    for id in in_spec.difference(&seen) {
        calls.failures.push(format!(
            "{id}: in the spec but not called by this test (add a call)"
        ));
    }

    let elapsed = started.elapsed();
    assert!(
        calls.failures.is_empty(),
        "{} of {} operations failed against Steady (log: {}):\n{}\n\nSteady's log:\n{}",
        calls.failures.len(),
        in_spec.len(),
        steady.log.display(),
        calls.failures.join("\n"),
        steady.log(),
    );
    eprintln!(
        "{} operations accepted by Steady and decoded in {elapsed:?}",
        calls.called.len()
    );
}
