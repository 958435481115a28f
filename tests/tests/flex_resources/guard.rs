//! The guard: every operation of the client as `docs` calls it (with an example's request body,
//! giving back what it decoded, re-encoded and checked by `checks::untyped`), and a test that
//! every operation of the spec has an entry.

use super::*;

/// Calls one operation (with arbitrary path and query arguments, and the request body given as
/// JSON, or `{}`) and re-encodes what it decoded.
pub type Call =
    fn(Client, Option<Value>) -> Pin<Box<dyn Future<Output = Result<Decoded, String>> + Send>>;

/// What a call decoded: encoded again, and what of it is not typed (`checks::untyped`).
pub struct Decoded {
    pub json: Value,
    pub untyped: Vec<String>,
}

/// An operation as the guard calls it: the request to answer, and the call.
pub struct Operation {
    pub id: &'static str,
    pub resource: &'static str,
    pub method: &'static str,
    pub path: &'static str,
    pub call: Call,
}

macro_rules! operation {
    ($id:literal, $resource:literal, $method:literal, $path:literal, |$c:ident, $b:ident| $call:expr) => {
        Operation {
            id: $id,
            resource: $resource,
            method: $method,
            path: $path,
            call: |$c: Client, $b: Option<Value>| {
                Box::pin(async move {
                    let _ = &$b;
                    let value = $call.map_err(|e| e.to_string())?;
                    Ok(Decoded {
                        json: serde_json::to_value(&value).expect("decoded values encode"),
                        untyped: untyped(&value),
                    })
                })
            },
        }
    };
}

/// The request body of a call: the example's, or `{}` when the test has none; an example that
/// does not fit the body type fails the call, naming the field.
fn body<T: serde::de::DeserializeOwned>(example: Option<Value>) -> Result<T, String> {
    let example = example.unwrap_or_else(|| json!({}));
    serde_path_to_error::deserialize(example).map_err(|e| {
        format!(
            "the request body does not fit its type at `{}`: {}",
            e.path(),
            e.inner()
        )
    })
}

/// Every operation of the client (list operations turn their `Page` into a `Vec`).
pub fn operations() -> Vec<Operation> {
    vec![
        operation!(
            "listBalanceTransactions",
            "balance_transactions",
            "GET",
            "/v1/balance_transactions",
            |c, b| c
                .list_balance_transactions(&Default::default())
                .await
                .map(Vec::from)
        ),
        operation!("listCaptures", "captures", "GET", "/v1/captures", |c, b| c
            .list_captures(&Default::default())
            .await),
        operation!(
            "retrieveCapture",
            "captures",
            "GET",
            "/v1/captures/fcap_1",
            |c, b| c.retrieve_capture("fcap_1", &Default::default()).await
        ),
        operation!(
            "updateCapture",
            "captures",
            "PATCH",
            "/v1/captures/fcap_1",
            |c, b| c
                .update_capture("fcap_1", &body(b)?, &Default::default())
                .await
        ),
        operation!(
            "listCheckoutSessions",
            "checkout_sessions",
            "GET",
            "/v1/checkout/sessions",
            |c, b| c
                .list_checkout_sessions(&Default::default())
                .await
                .map(Vec::from)
        ),
        operation!(
            "createCheckoutSession",
            "checkout_sessions",
            "POST",
            "/v1/checkout/sessions",
            |c, b| c.create_checkout_session(&body(b)?).await
        ),
        operation!(
            "retrieveCheckoutSession",
            "checkout_sessions",
            "GET",
            "/v1/checkout/sessions/fcs_1",
            |c, b| c
                .retrieve_checkout_session("fcs_1", &Default::default())
                .await
        ),
        operation!(
            "cancelCheckoutSessionAuthorization",
            "checkout_sessions",
            "POST",
            "/v1/checkout/sessions/fcs_1/cancel",
            |c, b| c.cancel_checkout_session_authorization("fcs_1").await
        ),
        operation!(
            "captureCheckoutSession",
            "checkout_sessions",
            "POST",
            "/v1/checkout/sessions/fcs_1/capture",
            |c, b| c.capture_checkout_session("fcs_1", &body(b)?).await
        ),
        operation!(
            "previewCheckoutSessionCaptureAllocation",
            "checkout_sessions",
            "POST",
            "/v1/checkout/sessions/fcs_1/capture_allocation",
            |c, b| c
                .preview_checkout_session_capture_allocation("fcs_1", &body(b)?)
                .await
        ),
        operation!(
            "listCheckoutSessionLineItems",
            "checkout_sessions",
            "GET",
            "/v1/checkout/sessions/fcs_1/line_items",
            |c, b| c.list_checkout_session_line_items("fcs_1").await
        ),
        operation!(
            "reauthorizeCheckoutSession",
            "checkout_sessions",
            "POST",
            "/v1/checkout/sessions/fcs_1/reauth",
            |c, b| c.reauthorize_checkout_session("fcs_1").await
        ),
        operation!(
            "refundCheckoutSession",
            "checkout_sessions",
            "POST",
            "/v1/checkout/sessions/fcs_1/refund",
            |c, b| c.refund_checkout_session("fcs_1", &body(b)?).await
        ),
        operation!(
            "previewCheckoutSessionRefundAllocation",
            "checkout_sessions",
            "POST",
            "/v1/checkout/sessions/fcs_1/refund_allocation",
            |c, b| c
                .preview_checkout_session_refund_allocation("fcs_1", &body(b)?)
                .await
        ),
        operation!("listCoupons", "coupons", "GET", "/v1/coupons", |c, b| c
            .list_coupons()
            .await),
        operation!("createCoupon", "coupons", "POST", "/v1/coupons", |c, b| c
            .create_coupon(&body(b)?)
            .await),
        operation!(
            "retrieveCoupon",
            "coupons",
            "GET",
            "/v1/coupons/fcoup_1",
            |c, b| c.retrieve_coupon("fcoup_1").await
        ),
        operation!(
            "listCustomers",
            "customers",
            "GET",
            "/v1/customers",
            |c, b| c.list_customers(&Default::default()).await.map(Vec::from)
        ),
        operation!(
            "createCustomer",
            "customers",
            "POST",
            "/v1/customers",
            |c, b| c.create_customer(&body(b)?).await
        ),
        operation!(
            "retrieveCustomer",
            "customers",
            "GET",
            "/v1/customers/fcus_1",
            |c, b| c.retrieve_customer("fcus_1").await
        ),
        operation!(
            "updateCustomer",
            "customers",
            "PATCH",
            "/v1/customers/fcus_1",
            |c, b| c.update_customer("fcus_1", &body(b)?).await
        ),
        operation!(
            "listCustomerPaymentMethods",
            "customers",
            "GET",
            "/v1/customers/fcus_1/payment_methods",
            |c, b| c
                .list_customer_payment_methods("fcus_1", &Default::default())
                .await
        ),
        operation!(
            "retrieveCustomerPaymentMethod",
            "customers",
            "GET",
            "/v1/customers/fcus_1/payment_methods/fpm_1",
            |c, b| c.retrieve_customer_payment_method("fcus_1", "fpm_1").await
        ),
        operation!("listDisputes", "disputes", "GET", "/v1/disputes", |c, b| c
            .list_disputes(&Default::default())
            .await
            .map(Vec::from)),
        operation!(
            "retrieveDispute",
            "disputes",
            "GET",
            "/v1/disputes/fdsp_1",
            |c, b| c.retrieve_dispute("fdsp_1").await
        ),
        operation!(
            "updateDispute",
            "disputes",
            "POST",
            "/v1/disputes/fdsp_1",
            |c, b| c.update_dispute("fdsp_1", &body(b)?).await
        ),
        operation!(
            "closeDispute",
            "disputes",
            "POST",
            "/v1/disputes/fdsp_1/close",
            |c, b| c.close_dispute("fdsp_1").await
        ),
        operation!(
            "retryEvent",
            "events",
            "POST",
            "/v1/events/fevt_1/retry",
            |c, b| c.retry_event("fevt_1", &body(b)?).await
        ),
        operation!("createExport", "exports", "POST", "/v1/exports", |c, b| c
            .create_export(&body(b)?)
            .await),
        operation!(
            "retrieveExport",
            "exports",
            "GET",
            "/v1/exports/fexp_1",
            |c, b| c.retrieve_export("fexp_1").await
        ),
        operation!(
            "cancelExport",
            "exports",
            "POST",
            "/v1/exports/fexp_1/cancel",
            |c, b| c.cancel_export("fexp_1").await
        ),
        operation!("listFiles", "files", "GET", "/v1/files", |c, b| c
            .list_files(&Default::default())
            .await
            .map(Vec::from)),
        operation!("createFile", "files", "POST", "/v1/files", |c, b| c
            .create_file(Multipart::new().text("purpose", "dispute_evidence"))
            .await),
        operation!(
            "retrieveFile",
            "files",
            "GET",
            "/v1/files/file_1",
            |c, b| c.retrieve_file("file_1").await
        ),
        operation!("listInvoices", "invoices", "GET", "/v1/invoices", |c, b| c
            .list_invoices(&Default::default())
            .await
            .map(Vec::from)),
        operation!(
            "retrieveInvoice",
            "invoices",
            "GET",
            "/v1/invoices/fin_1",
            |c, b| c.retrieve_invoice("fin_1").await
        ),
        operation!(
            "listPaymentIntents",
            "payment_intents",
            "GET",
            "/v1/payment_intents",
            |c, b| c
                .list_payment_intents(&Default::default())
                .await
                .map(Vec::from)
        ),
        operation!(
            "retrievePaymentIntent",
            "payment_intents",
            "GET",
            "/v1/payment_intents/fpi_1",
            |c, b| c
                .retrieve_payment_intent("fpi_1", &Default::default())
                .await
        ),
        operation!(
            "cancelPaymentIntent",
            "payment_intents",
            "POST",
            "/v1/payment_intents/fpi_1/cancel",
            |c, b| c.cancel_payment_intent("fpi_1").await
        ),
        operation!(
            "listPaymentLinks",
            "payment_links",
            "GET",
            "/v1/payment_links",
            |c, b| c
                .list_payment_links(&Default::default())
                .await
                .map(Vec::from)
        ),
        operation!(
            "createPaymentLink",
            "payment_links",
            "POST",
            "/v1/payment_links",
            |c, b| c.create_payment_link(&body(b)?).await
        ),
        operation!(
            "retrievePaymentLink",
            "payment_links",
            "GET",
            "/v1/payment_links/fplink_1",
            |c, b| c.retrieve_payment_link("fplink_1").await
        ),
        operation!("listPayouts", "payouts", "GET", "/v1/payouts", |c, b| c
            .list_payouts(&Default::default())
            .await),
        operation!("listPrices", "prices", "GET", "/v1/prices", |c, b| c
            .list_prices(&Default::default())
            .await
            .map(Vec::from)),
        operation!("createPrice", "prices", "POST", "/v1/prices", |c, b| c
            .create_price(&body(b)?)
            .await),
        operation!(
            "retrievePrice",
            "prices",
            "GET",
            "/v1/prices/fprice_1",
            |c, b| c.retrieve_price("fprice_1", &Default::default()).await
        ),
        operation!(
            "updatePrice",
            "prices",
            "POST",
            "/v1/prices/fprice_1",
            |c, b| c.update_price("fprice_1", &body(b)?).await
        ),
        operation!("listProducts", "products", "GET", "/v1/products", |c, b| c
            .list_products(&Default::default())
            .await
            .map(Vec::from)),
        operation!(
            "createProduct",
            "products",
            "POST",
            "/v1/products",
            |c, b| c.create_product(&body(b)?).await
        ),
        operation!(
            "retrieveProduct",
            "products",
            "GET",
            "/v1/products/fprod_1",
            |c, b| c.retrieve_product("fprod_1").await
        ),
        operation!(
            "updateProduct",
            "products",
            "PATCH",
            "/v1/products/fprod_1",
            |c, b| c.update_product("fprod_1", &body(b)?).await
        ),
        operation!(
            "listPromoCodes",
            "promo_codes",
            "GET",
            "/v1/promo_codes",
            |c, b| c.list_promo_codes(&Default::default()).await
        ),
        operation!(
            "createPromoCode",
            "promo_codes",
            "POST",
            "/v1/promo_codes",
            |c, b| c.create_promo_code(&body(b)?).await
        ),
        operation!(
            "updatePromoCode",
            "promo_codes",
            "POST",
            "/v1/promo_codes/fpromo_1",
            |c, b| c.update_promo_code("fpromo_1", &body(b)?).await
        ),
        operation!("listRefunds", "refunds", "GET", "/v1/refunds", |c, b| c
            .list_refunds(&Default::default())
            .await
            .map(Vec::from)),
        operation!("createRefund", "refunds", "POST", "/v1/refunds", |c, b| c
            .create_refund(&body(b)?)
            .await),
        operation!(
            "retrieveRefund",
            "refunds",
            "GET",
            "/v1/refunds/fre_1",
            |c, b| c.retrieve_refund("fre_1").await
        ),
        operation!(
            "updateRefund",
            "refunds",
            "PATCH",
            "/v1/refunds/fre_1",
            |c, b| c.update_refund("fre_1", &body(b)?).await
        ),
        operation!(
            "listSetupIntents",
            "setup_intents",
            "GET",
            "/v1/setup_intents",
            |c, b| c
                .list_setup_intents(&Default::default())
                .await
                .map(Vec::from)
        ),
        operation!(
            "createSetupIntent",
            "setup_intents",
            "POST",
            "/v1/setup_intents",
            |c, b| c.create_setup_intent(&body(b)?).await
        ),
        operation!(
            "retrieveSetupIntent",
            "setup_intents",
            "GET",
            "/v1/setup_intents/fsi_1",
            |c, b| c.retrieve_setup_intent("fsi_1", &Default::default()).await
        ),
        operation!(
            "createShippingRate",
            "shipping_rates",
            "POST",
            "/v1/shipping_rates",
            |c, b| c.create_shipping_rate(&body(b)?).await
        ),
        operation!(
            "retrieveShippingRate",
            "shipping_rates",
            "GET",
            "/v1/shipping_rates/fshr_1",
            |c, b| c.retrieve_shipping_rate("fshr_1").await
        ),
        operation!(
            "updateShippingRate",
            "shipping_rates",
            "PUT",
            "/v1/shipping_rates/fshr_1",
            |c, b| c.update_shipping_rate("fshr_1", &body(b)?).await
        ),
        operation!(
            "listSubscriptions",
            "subscriptions",
            "GET",
            "/v1/subscriptions",
            |c, b| c
                .list_subscriptions(&Default::default())
                .await
                .map(Vec::from)
        ),
        operation!(
            "createSubscription",
            "subscriptions",
            "POST",
            "/v1/subscriptions",
            |c, b| c.create_subscription(&body(b)?).await
        ),
        operation!(
            "retrieveSubscription",
            "subscriptions",
            "GET",
            "/v1/subscriptions/fsub_1",
            |c, b| c.retrieve_subscription("fsub_1", &Default::default()).await
        ),
        operation!(
            "cancelSubscription",
            "subscriptions",
            "DELETE",
            "/v1/subscriptions/fsub_1",
            |c, b| c.cancel_subscription("fsub_1", Some(&body(b)?)).await
        ),
        operation!(
            "updateSubscription",
            "subscriptions",
            "PATCH",
            "/v1/subscriptions/fsub_1",
            |c, b| c
                .update_subscription("fsub_1", &body(b)?, &Default::default())
                .await
        ),
        operation!(
            "retrieveSubscriptionRefundPreview",
            "subscriptions",
            "GET",
            "/v1/subscriptions/fsub_1/refund_preview",
            |c, b| c.retrieve_subscription_refund_preview("fsub_1").await
        ),
    ]
}

#[test]
fn the_guard_knows_every_operation_of_the_spec() {
    let spec =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/flex.yaml"))
            .expect("spec/flex.yaml");
    let mut in_spec: Vec<&str> = spec
        .lines()
        .filter_map(|line| line.trim().strip_prefix("operationId:"))
        .map(str::trim)
        .collect();
    in_spec.sort_unstable();
    let mut known: Vec<&str> = operations().iter().map(|o| o.id).collect();
    known.sort_unstable();
    assert_eq!(known, in_spec);
    assert_eq!(known.len(), 70);
}
