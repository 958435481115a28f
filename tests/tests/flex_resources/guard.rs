//! The guard: every example file decodes as its operation's response, and every operation of the
//! spec has an entry.

use super::*;

/// Calls one operation (with arbitrary arguments) and re-encodes what it decoded.
type Call = fn(Client) -> Pin<Box<dyn Future<Output = Result<Value, Error>> + Send>>;

/// An operation as the guard calls it: the request to answer, and the call.
struct Operation {
    id: &'static str,
    resource: &'static str,
    method: &'static str,
    path: &'static str,
    call: Call,
}

macro_rules! operation {
    ($id:literal, $resource:literal, $method:literal, $path:literal, |$c:ident| $call:expr) => {
        Operation {
            id: $id,
            resource: $resource,
            method: $method,
            path: $path,
            call: |$c: Client| {
                Box::pin(async move {
                    $call.map(|v| serde_json::to_value(&v).expect("decoded values encode"))
                })
            },
        }
    };
}

/// Every operation of the client (list operations turn their `Page` into a `Vec`).
fn operations() -> Vec<Operation> {
    vec![
        operation!(
            "listBalanceTransactions",
            "balance_transactions",
            "GET",
            "/v1/balance_transactions",
            |c| c
                .list_balance_transactions(&Default::default())
                .await
                .map(Vec::from)
        ),
        operation!("listCaptures", "captures", "GET", "/v1/captures", |c| c
            .list_captures(&Default::default())
            .await),
        operation!(
            "retrieveCapture",
            "captures",
            "GET",
            "/v1/captures/fcap_1",
            |c| c.retrieve_capture("fcap_1", &Default::default()).await
        ),
        operation!(
            "updateCapture",
            "captures",
            "PATCH",
            "/v1/captures/fcap_1",
            |c| c
                .update_capture("fcap_1", &Default::default(), &Default::default())
                .await
        ),
        operation!(
            "listCheckoutSessions",
            "checkout_sessions",
            "GET",
            "/v1/checkout/sessions",
            |c| c
                .list_checkout_sessions(&Default::default())
                .await
                .map(Vec::from)
        ),
        operation!(
            "createCheckoutSession",
            "checkout_sessions",
            "POST",
            "/v1/checkout/sessions",
            |c| c.create_checkout_session(&Default::default()).await
        ),
        operation!(
            "retrieveCheckoutSession",
            "checkout_sessions",
            "GET",
            "/v1/checkout/sessions/fcs_1",
            |c| c
                .retrieve_checkout_session("fcs_1", &Default::default())
                .await
        ),
        operation!(
            "cancelCheckoutSessionAuthorization",
            "checkout_sessions",
            "POST",
            "/v1/checkout/sessions/fcs_1/cancel",
            |c| c.cancel_checkout_session_authorization("fcs_1").await
        ),
        operation!(
            "captureCheckoutSession",
            "checkout_sessions",
            "POST",
            "/v1/checkout/sessions/fcs_1/capture",
            |c| c
                .capture_checkout_session("fcs_1", &Default::default())
                .await
        ),
        operation!(
            "previewCheckoutSessionCaptureAllocation",
            "checkout_sessions",
            "POST",
            "/v1/checkout/sessions/fcs_1/capture_allocation",
            |c| c
                .preview_checkout_session_capture_allocation("fcs_1", &Default::default())
                .await
        ),
        operation!(
            "listCheckoutSessionLineItems",
            "checkout_sessions",
            "GET",
            "/v1/checkout/sessions/fcs_1/line_items",
            |c| c.list_checkout_session_line_items("fcs_1").await
        ),
        operation!(
            "reauthorizeCheckoutSession",
            "checkout_sessions",
            "POST",
            "/v1/checkout/sessions/fcs_1/reauth",
            |c| c.reauthorize_checkout_session("fcs_1").await
        ),
        operation!(
            "refundCheckoutSession",
            "checkout_sessions",
            "POST",
            "/v1/checkout/sessions/fcs_1/refund",
            |c| c
                .refund_checkout_session("fcs_1", &Default::default())
                .await
        ),
        operation!(
            "previewCheckoutSessionRefundAllocation",
            "checkout_sessions",
            "POST",
            "/v1/checkout/sessions/fcs_1/refund_allocation",
            |c| c
                .preview_checkout_session_refund_allocation("fcs_1", &Default::default())
                .await
        ),
        operation!("listCoupons", "coupons", "GET", "/v1/coupons", |c| c
            .list_coupons()
            .await),
        operation!("createCoupon", "coupons", "POST", "/v1/coupons", |c| c
            .create_coupon(&Default::default())
            .await),
        operation!(
            "retrieveCoupon",
            "coupons",
            "GET",
            "/v1/coupons/fcoup_1",
            |c| c.retrieve_coupon("fcoup_1").await
        ),
        operation!("listCustomers", "customers", "GET", "/v1/customers", |c| c
            .list_customers(&Default::default())
            .await
            .map(Vec::from)),
        operation!(
            "createCustomer",
            "customers",
            "POST",
            "/v1/customers",
            |c| c.create_customer(&Default::default()).await
        ),
        operation!(
            "retrieveCustomer",
            "customers",
            "GET",
            "/v1/customers/fcus_1",
            |c| c.retrieve_customer("fcus_1").await
        ),
        operation!(
            "updateCustomer",
            "customers",
            "PATCH",
            "/v1/customers/fcus_1",
            |c| c.update_customer("fcus_1", &Default::default()).await
        ),
        operation!(
            "listCustomerPaymentMethods",
            "customers",
            "GET",
            "/v1/customers/fcus_1/payment_methods",
            |c| c
                .list_customer_payment_methods("fcus_1", &Default::default())
                .await
        ),
        operation!(
            "retrieveCustomerPaymentMethod",
            "customers",
            "GET",
            "/v1/customers/fcus_1/payment_methods/fpm_1",
            |c| c.retrieve_customer_payment_method("fcus_1", "fpm_1").await
        ),
        operation!("listDisputes", "disputes", "GET", "/v1/disputes", |c| c
            .list_disputes(&Default::default())
            .await
            .map(Vec::from)),
        operation!(
            "retrieveDispute",
            "disputes",
            "GET",
            "/v1/disputes/fdsp_1",
            |c| c.retrieve_dispute("fdsp_1").await
        ),
        operation!(
            "updateDispute",
            "disputes",
            "POST",
            "/v1/disputes/fdsp_1",
            |c| c.update_dispute("fdsp_1", &Default::default()).await
        ),
        operation!(
            "closeDispute",
            "disputes",
            "POST",
            "/v1/disputes/fdsp_1/close",
            |c| c.close_dispute("fdsp_1").await
        ),
        operation!(
            "retryEvent",
            "events",
            "POST",
            "/v1/events/fevt_1/retry",
            |c| c.retry_event("fevt_1", &Default::default()).await
        ),
        operation!("createExport", "exports", "POST", "/v1/exports", |c| c
            .create_export(&Default::default())
            .await),
        operation!(
            "retrieveExport",
            "exports",
            "GET",
            "/v1/exports/fexp_1",
            |c| c.retrieve_export("fexp_1").await
        ),
        operation!(
            "cancelExport",
            "exports",
            "POST",
            "/v1/exports/fexp_1/cancel",
            |c| c.cancel_export("fexp_1").await
        ),
        operation!("listFiles", "files", "GET", "/v1/files", |c| c
            .list_files(&Default::default())
            .await
            .map(Vec::from)),
        operation!("createFile", "files", "POST", "/v1/files", |c| c
            .create_file(Multipart::new().text("purpose", "dispute_evidence"))
            .await),
        operation!("retrieveFile", "files", "GET", "/v1/files/file_1", |c| c
            .retrieve_file("file_1")
            .await),
        operation!("listInvoices", "invoices", "GET", "/v1/invoices", |c| c
            .list_invoices(&Default::default())
            .await
            .map(Vec::from)),
        operation!(
            "retrieveInvoice",
            "invoices",
            "GET",
            "/v1/invoices/fin_1",
            |c| c.retrieve_invoice("fin_1").await
        ),
        operation!(
            "listPaymentIntents",
            "payment_intents",
            "GET",
            "/v1/payment_intents",
            |c| c
                .list_payment_intents(&Default::default())
                .await
                .map(Vec::from)
        ),
        operation!(
            "retrievePaymentIntent",
            "payment_intents",
            "GET",
            "/v1/payment_intents/fpi_1",
            |c| c
                .retrieve_payment_intent("fpi_1", &Default::default())
                .await
        ),
        operation!(
            "cancelPaymentIntent",
            "payment_intents",
            "POST",
            "/v1/payment_intents/fpi_1/cancel",
            |c| c.cancel_payment_intent("fpi_1").await
        ),
        operation!(
            "listPaymentLinks",
            "payment_links",
            "GET",
            "/v1/payment_links",
            |c| c
                .list_payment_links(&Default::default())
                .await
                .map(Vec::from)
        ),
        operation!(
            "createPaymentLink",
            "payment_links",
            "POST",
            "/v1/payment_links",
            |c| c.create_payment_link(&Default::default()).await
        ),
        operation!(
            "retrievePaymentLink",
            "payment_links",
            "GET",
            "/v1/payment_links/fplink_1",
            |c| c.retrieve_payment_link("fplink_1").await
        ),
        operation!("listPayouts", "payouts", "GET", "/v1/payouts", |c| c
            .list_payouts(&Default::default())
            .await),
        operation!("listPrices", "prices", "GET", "/v1/prices", |c| c
            .list_prices(&Default::default())
            .await
            .map(Vec::from)),
        operation!("createPrice", "prices", "POST", "/v1/prices", |c| c
            .create_price(&CreatePrice::new("fprod_1".to_owned()))
            .await),
        operation!(
            "retrievePrice",
            "prices",
            "GET",
            "/v1/prices/fprice_1",
            |c| c.retrieve_price("fprice_1", &Default::default()).await
        ),
        operation!(
            "updatePrice",
            "prices",
            "POST",
            "/v1/prices/fprice_1",
            |c| c.update_price("fprice_1", &Default::default()).await
        ),
        operation!("listProducts", "products", "GET", "/v1/products", |c| c
            .list_products(&Default::default())
            .await
            .map(Vec::from)),
        operation!("createProduct", "products", "POST", "/v1/products", |c| c
            .create_product(&Default::default())
            .await),
        operation!(
            "retrieveProduct",
            "products",
            "GET",
            "/v1/products/fprod_1",
            |c| c.retrieve_product("fprod_1").await
        ),
        operation!(
            "updateProduct",
            "products",
            "PATCH",
            "/v1/products/fprod_1",
            |c| c.update_product("fprod_1", &Default::default()).await
        ),
        operation!(
            "listPromoCodes",
            "promo_codes",
            "GET",
            "/v1/promo_codes",
            |c| c.list_promo_codes(&Default::default()).await
        ),
        operation!(
            "createPromoCode",
            "promo_codes",
            "POST",
            "/v1/promo_codes",
            |c| c.create_promo_code(&Default::default()).await
        ),
        operation!(
            "updatePromoCode",
            "promo_codes",
            "POST",
            "/v1/promo_codes/fpromo_1",
            |c| c.update_promo_code("fpromo_1", &Default::default()).await
        ),
        operation!("listRefunds", "refunds", "GET", "/v1/refunds", |c| c
            .list_refunds(&Default::default())
            .await
            .map(Vec::from)),
        operation!("createRefund", "refunds", "POST", "/v1/refunds", |c| c
            .create_refund(&Default::default())
            .await),
        operation!(
            "retrieveRefund",
            "refunds",
            "GET",
            "/v1/refunds/fre_1",
            |c| c.retrieve_refund("fre_1").await
        ),
        operation!(
            "updateRefund",
            "refunds",
            "PATCH",
            "/v1/refunds/fre_1",
            |c| c.update_refund("fre_1", &Default::default()).await
        ),
        operation!(
            "listSetupIntents",
            "setup_intents",
            "GET",
            "/v1/setup_intents",
            |c| c
                .list_setup_intents(&Default::default())
                .await
                .map(Vec::from)
        ),
        operation!(
            "createSetupIntent",
            "setup_intents",
            "POST",
            "/v1/setup_intents",
            |c| c.create_setup_intent(&Default::default()).await
        ),
        operation!(
            "retrieveSetupIntent",
            "setup_intents",
            "GET",
            "/v1/setup_intents/fsi_1",
            |c| c.retrieve_setup_intent("fsi_1", &Default::default()).await
        ),
        operation!(
            "createShippingRate",
            "shipping_rates",
            "POST",
            "/v1/shipping_rates",
            |c| c.create_shipping_rate(&Default::default()).await
        ),
        operation!(
            "retrieveShippingRate",
            "shipping_rates",
            "GET",
            "/v1/shipping_rates/fshr_1",
            |c| c.retrieve_shipping_rate("fshr_1").await
        ),
        operation!(
            "updateShippingRate",
            "shipping_rates",
            "PUT",
            "/v1/shipping_rates/fshr_1",
            |c| c.update_shipping_rate("fshr_1", &Default::default()).await
        ),
        operation!(
            "listSubscriptions",
            "subscriptions",
            "GET",
            "/v1/subscriptions",
            |c| c
                .list_subscriptions(&Default::default())
                .await
                .map(Vec::from)
        ),
        operation!(
            "createSubscription",
            "subscriptions",
            "POST",
            "/v1/subscriptions",
            |c| c.create_subscription(&Default::default()).await
        ),
        operation!(
            "retrieveSubscription",
            "subscriptions",
            "GET",
            "/v1/subscriptions/fsub_1",
            |c| c.retrieve_subscription("fsub_1", &Default::default()).await
        ),
        operation!(
            "cancelSubscription",
            "subscriptions",
            "DELETE",
            "/v1/subscriptions/fsub_1",
            |c| c.cancel_subscription("fsub_1", None).await
        ),
        operation!(
            "updateSubscription",
            "subscriptions",
            "PATCH",
            "/v1/subscriptions/fsub_1",
            |c| c
                .update_subscription("fsub_1", &Default::default(), &Default::default())
                .await
        ),
        operation!(
            "retrieveSubscriptionRefundPreview",
            "subscriptions",
            "GET",
            "/v1/subscriptions/fsub_1/refund_preview",
            |c| c.retrieve_subscription_refund_preview("fsub_1").await
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

#[tokio::test]
async fn every_docs_example_decodes() {
    let operations = operations();
    let lb = Loopback::start().await;
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in std::fs::read_dir(docs_dir()).expect("tests/data/flex-docs") {
        let dir = dir.expect("directory entry").path();
        if dir.is_dir() {
            for file in std::fs::read_dir(&dir).expect("resource directory") {
                files.push(file.expect("directory entry").path());
            }
        }
    }
    files.sort();

    let mut failures = Vec::new();
    for file in &files {
        let resource = file
            .parent()
            .and_then(Path::file_name)
            .and_then(|n| n.to_str())
            .expect("resource directory name");
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .expect("file name");
        let label = format!("{resource}/{name}");
        let mut parts = name.split('.');
        let (Some(id), Some(generation), Some("json"), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            failures.push(format!("{label}: not named operationId.gN.json"));
            continue;
        };
        if !["g1", "g2", "g3"].contains(&generation) {
            failures.push(format!("{label}: unknown generation {generation}"));
        }
        let Some(operation) = operations.iter().find(|o| o.id == id) else {
            failures.push(format!("{label}: no operation `{id}` in the client"));
            continue;
        };
        if operation.resource != resource {
            failures.push(format!("{label}: `{id}` belongs to {}", operation.resource));
        }
        let text = std::fs::read_to_string(file).expect("example is readable");
        let body: Value = match serde_json::from_str(&text) {
            Ok(body) => body,
            Err(e) => {
                failures.push(format!("{label}: not JSON: {e}"));
                continue;
            }
        };
        lb.server.reset().await;
        Mock::given(method(operation.method))
            .and(path(operation.path))
            .respond_with(ResponseTemplate::new(200).set_body_json(&body))
            .mount(&lb.server)
            .await;
        if let Err(e) = (operation.call)(lb.client.clone()).await {
            failures.push(format!("{label}: {e}"));
        }
    }
    assert!(files.len() >= 110, "only {} examples found", files.len());
    assert!(
        failures.is_empty(),
        "{} of {} examples fail:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}
