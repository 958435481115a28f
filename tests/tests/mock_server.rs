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

use common::{flex_at, map};
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
    let params = ListCheckoutSessionsParams::new()
        .limit(25)
        .offset(0)
        .interval(30)
        .status(CheckoutSessionStatus::Complete)
        .customer(CUSTOMER)
        .email("jane.doe@example.com")
        .client_reference_id("order-1042")
        .expand_customer(true)
        .expand_payment_intent(true)
        .starting_after("fcs_01J9XR0000000000000000000A");
    calls.check(
        "listCheckoutSessions",
        c.list_checkout_sessions(&params).await,
    );
    let body = CreateCheckoutSession::new()
        .mode(CheckoutSessionMode::Payment)
        .capture_method(CaptureMethod::Manual)
        .line_items(vec![
            CreateCheckoutSessionLineItem::new()
                .price(PRICE)
                .quantity(2),
            CreateCheckoutSessionLineItem::new()
                .price_data(
                    CreateCheckoutSessionPriceData::new()
                        .product(PRODUCT)
                        .unit_amount(4_999)
                        .description("Massage gun, one-time")
                        .metadata(map(&[("sku", "MG-200")])),
                )
                .quantity(1),
        ])
        .success_url("https://shop.example/thanks?session={CHECKOUT_SESSION_ID}")
        .cancel_url("https://shop.example/cart")
        .customer(CUSTOMER)
        .allow_promotion_codes(true)
        .client_reference_id("order-1042")
        .defaults(
            CheckoutSessionDefaultsParams::new()
                .email("jane.doe@example.com")
                .first_name("Jane")
                .last_name("Doe")
                .phone("+14155550123"),
        )
        .metadata(map(&[("order_id", "1042"), ("channel", "web")]))
        .shipping_address_collection(true)
        .shipping_options(
            ShippingOptionsParams::new()
                .shipping_rate_data(ShippingRateData::new().display_name("Ground").amount(599)),
        )
        .tax_rate(TaxRateParams::new().amount(412));
    calls.check(
        "createCheckoutSession",
        c.create_checkout_session(&body).await,
    );
    let params = RetrieveCheckoutSessionParams::new()
        .expand_customer(true)
        .expand_payment_intent(true)
        .expand_subscription(false)
        .expand("payment_intent,customer");
    calls.check(
        "retrieveCheckoutSession",
        c.retrieve_checkout_session(SESSION, &params).await,
    );
    calls.check(
        "cancelCheckoutSessionAuthorization",
        c.cancel_checkout_session_authorization(SESSION).await,
    );
    let capture = CaptureCheckoutSession::new()
        .final_capture(false)
        .line_items(vec![CaptureCheckoutSessionLineItem::new().price(PRICE)])
        .metadata(map(&[("warehouse", "oakland")]))
        .capture_metadata(map(&[("shipment", "1Z999AA10123456784")]))
        .amount_shipping(599)
        .amount_tax(412);
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
    let refund = RefundCheckoutSession::new()
        .line_items(vec![
            RefundCheckoutSessionLineItem::new()
                .price(PRICE)
                .amount_to_refund(2_500),
        ])
        .amount_tax(206)
        .refund_metadata(map(&[("reason", "damaged in transit")]))
        .payment_methods(vec![
            RefundPaymentMethodAmount::new()
                .payment_method_id(PAYMENT_METHOD)
                .amount(2_706),
        ]);
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
    let params = ListCustomersParams::new()
        .limit(10)
        .offset(20)
        .email("jane.doe@example.com")
        .ending_before("fcus_01J9XQ0000000000000000000B");
    calls.check("listCustomers", c.list_customers(&params).await);
    let address = ShippingAddressParams::new()
        .line1("1 Market St")
        .line2("Suite 300")
        .city("San Francisco")
        .state("CA")
        .postal_code("94105")
        .country("US");
    let body = CreateCustomer::new()
        .first_name("Jane")
        .last_name("Doe")
        .email("jane.doe@example.com")
        .phone("+14155550123")
        .employer("Acme Health")
        .shipping(address.clone())
        .checkout_session_id(SESSION)
        .metadata(map(&[("crm_id", "C-88231")]));
    calls.check("createCustomer", c.create_customer(&body).await);
    calls.check("retrieveCustomer", c.retrieve_customer(CUSTOMER).await);
    let body = UpdateCustomer::new()
        .phone("+14155550199")
        .shipping(address.line2("Suite 400"))
        .metadata(map(&[("crm_id", "C-88231"), ("tier", "gold")]));
    calls.check("updateCustomer", c.update_customer(CUSTOMER, &body).await);
    let params = ListCustomerPaymentMethodsParams::new().limit(5).offset(0);
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
    let params = ListProductsParams::new()
        .limit(50)
        .active(true)
        .client_reference_id("sku-MG-200")
        .metadata(map(&[("category", "recovery"), ("brand", "acme")]))
        .starting_after("fprod_01J9XP0000000000000000000C");
    calls.check("listProducts", c.list_products(&params).await);
    let body = CreateProduct::new()
        .name("Massage gun")
        .description("Percussive massage device for muscle recovery")
        .upc_code("036000291452")
        .gtin("00036000291452")
        .url("https://shop.example/products/massage-gun")
        .client_reference_id("sku-MG-200")
        .metadata(map(&[("category", "recovery")]))
        .image_urls(vec!["https://shop.example/img/mg-200.png".to_owned()])
        .categories(vec!["physical_therapy".to_owned()])
        .visit_type(VisitType::Gym)
        .hsa_fsa_eligibility(HsaFsaEligibility::LetterOfMedicalNecessity);
    calls.check("createProduct", c.create_product(&body).await);
    calls.check("retrieveProduct", c.retrieve_product(PRODUCT).await);
    let body = UpdateProduct::new()
        .description("Percussive massage device, 6 speeds")
        .active(true)
        .metadata(map(&[("category", "recovery"), ("season", "fall")]))
        .categories(vec![
            "physical_therapy".to_owned(),
            "pain_relief".to_owned(),
        ]);
    calls.check("updateProduct", c.update_product(PRODUCT, &body).await);

    // ---- Prices ----
    let params = ListPricesParams::new()
        .limit(20)
        .active(true)
        .product(PRODUCT)
        .expand_product(true);
    calls.check("listPrices", c.list_prices(&params).await);
    let body = CreatePrice::new(PRODUCT)
        .unit_amount(19_900)
        .description("Massage gun, monthly plan")
        // `daily` is the only interval the spec allows (a monthly plan is 30 of them).
        .recurring(
            RecurringParams::new()
                .interval(RecurringInterval::Daily)
                .interval_count(30)
                .trial_period_days(7),
        )
        .metadata(map(&[("plan", "monthly")]));
    calls.check("createPrice", c.create_price(&body).await);
    let params = RetrievePriceParams::new().expand_product(true);
    calls.check("retrievePrice", c.retrieve_price(PRICE, &params).await);
    let body = UpdatePrice::new()
        .description("Massage gun, monthly plan (2025)")
        .active(false);
    calls.check("updatePrice", c.update_price(PRICE, &body).await);

    // ---- Payment intents ----
    let params = ListPaymentIntentsParams::new()
        .expand("customer")
        .expand_customer(true)
        .interval(7)
        .customer(CUSTOMER)
        .checkout_session(SESSION)
        .limit(10);
    calls.check("listPaymentIntents", c.list_payment_intents(&params).await);
    let params = RetrievePaymentIntentParams::new()
        .expand("customer")
        .expand_customer(true);
    calls.check(
        "retrievePaymentIntent",
        c.retrieve_payment_intent(PAYMENT_INTENT, &params).await,
    );
    calls.check(
        "cancelPaymentIntent",
        c.cancel_payment_intent(PAYMENT_INTENT).await,
    );

    // ---- Refunds ----
    let params = ListRefundsParams::new()
        .status(RefundStatus::Succeeded)
        .payment_intent(PAYMENT_INTENT)
        .checkout_session(SESSION)
        .limit(10)
        .starting_after("fre_01J9XU0000000000000000000D");
    calls.check("listRefunds", c.list_refunds(&params).await);
    let body = CreateRefund::new()
        .payment_intent_id(PAYMENT_INTENT)
        .amount(1_500)
        .reason(RefundReason::RequestedByCustomer)
        .metadata(map(&[("ticket", "SUP-5521")]));
    calls.check("createRefund", c.create_refund(&body).await);
    let refund_id = "fre_01J9XU4W6X8Y0Z2A4B6C8D0E2F";
    calls.check("retrieveRefund", c.retrieve_refund(refund_id).await);
    let body = UpdateRefund::new()
        .reason(RefundReason::Duplicate)
        .metadata(map(&[("ticket", "SUP-5521"), ("agent", "mo")]));
    calls.check("updateRefund", c.update_refund(refund_id, &body).await);

    // ---- Captures ----
    let params = ListCapturesParams::new()
        .expand("payment_intent")
        .checkout_session(SESSION);
    calls.check("listCaptures", c.list_captures(&params).await);
    let capture_id = "fcap_01J9XV5X7Y9Z1A3B5C7D9E1F3G";
    let params = RetrieveCaptureParams::new().expand("payment_intent");
    calls.check(
        "retrieveCapture",
        c.retrieve_capture(capture_id, &params).await,
    );
    let body = UpdateCapture::new().metadata(map(&[
        ("shipment", "1Z999AA10123456784"),
        ("carrier", "ups"),
    ]));
    let params = UpdateCaptureParams::new().expand("payment_intent");
    calls.check(
        "updateCapture",
        c.update_capture(capture_id, &body, &params).await,
    );

    // ---- Subscriptions ----
    let params = ListSubscriptionsParams::new()
        .customer(CUSTOMER)
        .expand_customer(true)
        .status(SubscriptionStatus::Active)
        .offset(0)
        .limit(10)
        .expand("customer");
    calls.check("listSubscriptions", c.list_subscriptions(&params).await);
    let body = CreateSubscription::new()
        .customer(CUSTOMER)
        .items(vec![CreateSubscriptionItem::new().price(PRICE).quantity(1)])
        .default_payment_method(PAYMENT_METHOD)
        .trial_period_days(14)
        .cancel_at_period_end(false)
        .proration_behavior(ProrationBehavior::AlwaysInvoice)
        .coupon(COUPON)
        .metadata(map(&[("plan", "monthly")]));
    calls.check("createSubscription", c.create_subscription(&body).await);
    let params = RetrieveSubscriptionParams::new()
        .expand_customer(true)
        .expand("customer");
    calls.check(
        "retrieveSubscription",
        c.retrieve_subscription(SUBSCRIPTION, &params).await,
    );
    let body = CancelSubscription::new()
        .cancel_at_period_end(false)
        .refund(CancelSubscriptionRefund::None)
        .refund_amount(0);
    calls.check(
        "cancelSubscription",
        c.cancel_subscription(SUBSCRIPTION, Some(&body)).await,
    );
    let body = UpdateSubscription::new()
        .cancel_at_period_end(true)
        .trial_end("2025-11-01T00:00:00Z")
        .items(vec![UpdateSubscriptionItem::new().price(PRICE)])
        .proration_behavior(ProrationBehavior::AlwaysInvoice)
        .metadata(map(&[("plan", "monthly"), ("upgraded", "true")]));
    let params = UpdateSubscriptionParams::new()
        .expand_customer(true)
        .expand("customer");
    calls.check(
        "updateSubscription",
        c.update_subscription(SUBSCRIPTION, &body, &params).await,
    );
    calls.check(
        "retrieveSubscriptionRefundPreview",
        c.retrieve_subscription_refund_preview(SUBSCRIPTION).await,
    );

    // ---- Invoices ----
    let params = ListInvoicesParams::new()
        .customer(CUSTOMER)
        .limit(12)
        .starting_after("fin_01J9XW0000000000000000000E");
    calls.check("listInvoices", c.list_invoices(&params).await);
    calls.check(
        "retrieveInvoice",
        c.retrieve_invoice("fin_01J9XW6Y8Z0A2B4C6D8E0F2G4H").await,
    );

    // ---- Disputes ----
    let params = ListDisputesParams::new()
        .limit(10)
        .payment_intent(PAYMENT_INTENT)
        .statuses(vec![DisputeStatus::NeedsResponse, DisputeStatus::Lost]);
    calls.check("listDisputes", c.list_disputes(&params).await);
    let dispute = "fdsp_01J9XX7Z9A1B3C5D7E9F1G3H5J";
    calls.check("retrieveDispute", c.retrieve_dispute(dispute).await);
    let body = UpdateDispute::new()
        .evidence(
            UpdateDisputeEvidence::new()
                .customer_name("Jane Doe")
                .customer_email_address("jane.doe@example.com")
                .product_description("Percussive massage device, shipped 2025-09-02")
                .receipt("file_01J9XY8A0B2C4D6E8F0G2H4J6K")
                .shipping_tracking_number("1Z999AA10123456784")
                .shipping_date("2025-09-02"),
        )
        .submit(false);
    calls.check("updateDispute", c.update_dispute(dispute, &body).await);
    calls.check("closeDispute", c.close_dispute(dispute).await);

    // ---- Coupons and promo codes ----
    calls.check("listCoupons", c.list_coupons().await);
    let body = CreateCoupon::new()
        .name("Fall sale")
        .percent_off(15.0)
        .duration(CouponDuration::Repeating)
        .duration_in_months(3)
        .max_redemptions(500)
        .applies_to(CreateCouponAppliesTo::new().products(vec![PRODUCT.to_owned()]))
        .metadata(map(&[("campaign", "fall-2025")]));
    calls.check("createCoupon", c.create_coupon(&body).await);
    calls.check("retrieveCoupon", c.retrieve_coupon(COUPON).await);
    let params = ListPromoCodesParams::new().active(true);
    calls.check("listPromoCodes", c.list_promo_codes(&params).await);
    let body = CreatePromoCode::new()
        .coupon_id(COUPON)
        .code("FALL15")
        .max_redemptions(100)
        .customer(CUSTOMER)
        .metadata(map(&[("campaign", "fall-2025")]));
    calls.check("createPromoCode", c.create_promo_code(&body).await);
    let body = UpdatePromoCode::new()
        .active(false)
        .metadata(map(&[("campaign", "fall-2025"), ("ended", "early")]));
    calls.check(
        "updatePromoCode",
        c.update_promo_code("fpromo_01J9XZ9B1C3D5E7F9G1H3J5K7M", &body)
            .await,
    );

    // ---- Payment links ----
    let params = ListPaymentLinksParams::new().limit(10).offset(10);
    calls.check("listPaymentLinks", c.list_payment_links(&params).await);
    let body = CreatePaymentLink::new()
        .label("Massage gun")
        .line_items(vec![
            CreatePaymentLinkLineItem::new().price(PRICE).quantity(1),
        ])
        .shipping_address_collection(true)
        .shipping_options(
            CreatePaymentLinkShippingOptions::new().shipping_rate_data(
                CreatePaymentLinkShippingRateData::new()
                    .display_name("Ground")
                    .amount(599),
            ),
        )
        .metadata(map(&[("campaign", "instagram")]))
        .payment_intent_data(
            CreatePaymentLinkPaymentIntentData::new()
                .capture_method(CaptureMethod::Automatic)
                .metadata(map(&[("source", "link")])),
        )
        .after_completion(
            CreatePaymentLinkAfterCompletion::new()
                .type_(AfterCompletionType::Redirect)
                .redirect(CreatePaymentLinkRedirect::new().url("https://shop.example/thanks")),
        )
        .allow_promotion_codes(true)
        .discounts(vec![Expandable::Id(COUPON.to_owned())])
        .mode(PaymentLinkMode::Payment);
    calls.check("createPaymentLink", c.create_payment_link(&body).await);
    calls.check(
        "retrievePaymentLink",
        c.retrieve_payment_link("fplink_01J9Y0A2C4D6E8F0G2H4J6K8M0")
            .await,
    );

    // ---- Shipping rates ----
    let body = CreateShippingRate::new()
        .display_name("Two-day")
        .amount(1_299)
        .metadata(map(&[("carrier", "ups")]));
    calls.check("createShippingRate", c.create_shipping_rate(&body).await);
    let rate = "fshr_01J9Y1B3D5E7F9G1H3J5K7M9N1";
    calls.check("retrieveShippingRate", c.retrieve_shipping_rate(rate).await);
    let body = UpdateShippingRate::new()
        .metadata(map(&[("carrier", "fedex")]))
        .active(false);
    calls.check(
        "updateShippingRate",
        c.update_shipping_rate(rate, &body).await,
    );

    // ---- Setup intents ----
    let params = ListSetupIntentsParams::new()
        .limit(10)
        .customer(CUSTOMER)
        .expand("customer");
    calls.check("listSetupIntents", c.list_setup_intents(&params).await);
    let body = CreateSetupIntent::new().checkout_session(SESSION);
    calls.check("createSetupIntent", c.create_setup_intent(&body).await);
    let params = RetrieveSetupIntentParams::new().expand("payment_method");
    calls.check(
        "retrieveSetupIntent",
        c.retrieve_setup_intent("fsi_01J9Y2C4E6F8G0H2J4K6M8N0P2", &params)
            .await,
    );

    // ---- Files ----
    let params = ListFilesParams::new()
        .purpose(FilePurpose::DisputeEvidence)
        .limit(10);
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
    let body = CreateExport::new()
        .description("Monthly export for finance")
        .filters(
            CreateExportFilters::new().payment(
                CreateExportPaymentFilters::new()
                    .limit(1_000)
                    .customer(CUSTOMER),
            ),
        )
        .metadata(map(&[("requested_by", "finance")]))
        .type_(ExportType::Product);
    calls.check("createExport", c.create_export(&body).await);
    let export = "fexp_01J9Y3D5F7G9H1J3K5M7N9P1Q3";
    calls.check("retrieveExport", c.retrieve_export(export).await);
    calls.check("cancelExport", c.cancel_export(export).await);

    // ---- Payouts, balance transactions, events ----
    let params = ListPayoutsParams::new()
        .payout_id("fpo_01J9Y4E6G8H0J2K4M6N8P0Q2R4")
        .start_date("2025-09-01T00:00:00Z")
        .end_date("2025-10-01T00:00:00Z")
        .limit(10);
    calls.check("listPayouts", c.list_payouts(&params).await);
    let params = ListBalanceTransactionsParams::new()
        .payout_id("fpo_01J9Y4E6G8H0J2K4M6N8P0Q2R4")
        .reporting_category("charge")
        .type_("payment")
        .limit(25);
    calls.check(
        "listBalanceTransactions",
        c.list_balance_transactions(&params).await,
    );
    let body = RetryEvent::new().webhook_id("fwh_01J9Y5F7H9J1K3M5N7P9Q1R3S5");
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

// The checkout example of `flex-client` (`generated-client/examples/checkout.rs`), run here
// against the spec-driven mock so that it cannot rot; its `main` is for `cargo run`.
#[path = "../../generated-client/examples/checkout.rs"]
#[allow(dead_code)]
mod checkout_example;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_checkout_example_runs_against_the_spec_driven_mock() {
    let steady = Steady::start();
    let client = flex_at(format!("http://{}", steady.addr))
        .max_retries(0)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("valid configuration");
    if let Err(error) = checkout_example::run(&client, PRICE).await {
        panic!("{}\n\nSteady's log:\n{}", describe(&error), steady.log());
    }
}
