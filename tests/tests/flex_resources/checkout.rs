//! The checkout resources: checkout sessions and payment links.
//!
//! Each call checks what it sent (method, path, query string, body) and reads hand-picked fields
//! of what it decoded by their Rust types (ID or expanded object, enum variant, integer, nested
//! struct, page cursor); `docs.rs` round-trips every vendored example in full, and `lossless!`
//! the responses written here for the calls the docs show no example of.

use super::*;

#[tokio::test]
async fn checkout_sessions() {
    let lb = Loopback::start().await;
    let one = format!("/v1/checkout/sessions/{SESSION}");

    // listCheckoutSessions: a full page (one item, page size one) points at its last item.
    let params = ListCheckoutSessionsParams::new()
        .limit(1)
        .status(CheckoutSessionStatus::Complete)
        .customer(CUSTOMER)
        .expand_customer(true)
        .starting_after("fcs_01HACM00");
    let expect = Expect::get("/v1/checkout/sessions")
        .query("limit", "1")
        .query("status", "complete")
        .query("customer", CUSTOMER)
        .query("expand_customer", "true")
        .query("starting_after", "fcs_01HACM00");
    for ex in examples("checkout_sessions", "listCheckoutSessions", &["g2"]) {
        let at = ex.file.as_str();
        let page = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client.list_checkout_sessions(&params),
            )
            .await;
        assert_eq!(page.limit(), Some(1));
        assert_eq!(page.next_cursor(), Some(G2_ID));
        let s = &page[0];
        assert_eq!(s.status, Some(CheckoutSessionStatus::Open));
        assert_eq!(s.mode, Some(CheckoutSessionMode::Payment));
        assert_eq!(s.origin, Some(CheckoutSessionOrigin::Shopify));
        assert_eq!(s.visit_type, Some(VisitType::CbtSleep));
        assert_eq!(s.tax_calculation_mode, Some(TaxCalculationMode::Exclusive));
        assert_eq!(s.invoice, Some(Expandable::Id(G2_ID.to_owned())));
        assert_eq!(s.setup_intent, Some(Expandable::Id("string".to_owned())));
        // The list example leaves the customer out and shows its nested objects as `{}`.
        assert_eq!(s.customer, None);
        assert_eq!(s.defaults, Some(CheckoutSessionDefaults::default()));
        assert_eq!(s.total_details, Some(TotalDetails::default()));
        assert_eq!(s.payment_intents.as_deref(), Some(&[][..]));
    }

    // createCheckoutSession: no example in the docs, so a minimal one.
    let body = CreateCheckoutSession::new()
        .mode(CheckoutSessionMode::Payment)
        .capture_method(CaptureMethod::Manual)
        .line_items(vec![
            CreateCheckoutSessionLineItem::new()
                .price(PRICE)
                .quantity(2),
        ])
        .success_url("https://shop.example/thanks?session={CHECKOUT_SESSION_ID}")
        .cancel_url("https://shop.example/cart")
        .metadata(map(&[("channel", "web")]))
        .shipping_options(ShippingOptionsParams::new().shipping_rate_id(SHIPPING_RATE));
    let expect = Expect::post("/v1/checkout/sessions").json(json!({"checkout_session": {
        "line_items": [{"price": PRICE, "quantity": 2}],
        "mode": "payment",
        "success_url": "https://shop.example/thanks?session={CHECKOUT_SESSION_ID}",
        "cancel_url": "https://shop.example/cart",
        "capture_method": "manual",
        "metadata": {"channel": "web"},
        "shipping_options": {"shipping_rate_id": SHIPPING_RATE},
    }}));
    let response = json!({"checkout_session": {
        "checkout_session_id": SESSION,
        "status": "open",
        "mode": "payment",
        "capture_method": "manual",
        "amount_total": 12999,
        "created_at": 1_714_564_800,
        "expires_at": 1_714_651_200,
        "redirect_url": format!("https://checkout.withflex.com/pay/c/{SESSION}"),
        "line_items": [{"line_item_id": "fli_01HACMP0", "price": PRICE, "quantity": 2, "amount_total": 12999}],
    }});
    let at = "createCheckoutSession (inline example)";
    let s = lb
        .exchange(
            at,
            &expect,
            &response,
            lb.client.create_checkout_session(&body),
        )
        .await;
    lossless!(at, s, &response["checkout_session"]);
    assert_eq!(
        s.redirect_url.as_deref(),
        Some("https://checkout.withflex.com/pay/c/fcs_01HACMPD")
    );
    assert_eq!(s.created_at, Some(1_714_564_800));
    let line = &s.line_items.as_ref().expect("line items")[0];
    assert_eq!(line.price, Some(Expandable::Id(PRICE.to_owned())));

    // retrieveCheckoutSession: the G1 example expands everything.
    let params = RetrieveCheckoutSessionParams::new()
        .expand_customer(true)
        .expand_payment_intent(true)
        .expand_subscription(true);
    let expect = Expect::get(&one)
        .query("expand_customer", "true")
        .query("expand_payment_intent", "true")
        .query("expand_subscription", "true");
    for ex in examples("checkout_sessions", "retrieveCheckoutSession", &["g1"]) {
        let at = ex.file.as_str();
        let s = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client.retrieve_checkout_session(SESSION, &params),
            )
            .await;
        assert_eq!(s.checkout_session_id, "<string>");
        assert_eq!(s.status, Some(CheckoutSessionStatus::Open));
        let customer = s
            .customer
            .as_ref()
            .and_then(Expandable::as_object)
            .expect("customer expanded");
        assert_eq!(customer.email.as_deref(), Some("joh.doe@example.com"));
        assert_eq!(s.customer.as_ref().and_then(Expandable::id), Some(CUSTOMER));
        let intent = s
            .payment_intent
            .as_ref()
            .and_then(Expandable::as_object)
            .expect("payment intent expanded");
        assert_eq!(intent.status, Some(PaymentIntentStatus::Canceled));
        assert_eq!(intent.invoice, Some(Expandable::Id("<string>".to_owned())));
        let buyer = s
            .split_cart
            .as_ref()
            .and_then(Expandable::as_object)
            .and_then(|c| c.non_eligible_cart.as_ref())
            .and_then(|c| c.payment_intent.as_ref())
            .and_then(Expandable::as_object)
            .and_then(|p| p.customer.as_ref())
            .and_then(Expandable::as_object)
            .expect("split cart buyer");
        assert_eq!(buyer.employer.as_deref(), Some("Flex"));
        let subscription = s
            .subscription
            .as_ref()
            .and_then(Expandable::as_object)
            .expect("subscription expanded");
        let invoice = subscription
            .latest_invoice
            .as_ref()
            .and_then(Expandable::as_object)
            .expect("latest invoice expanded");
        assert_eq!(invoice.status, Some(InvoiceStatus::Draft));
        // The docs show the invoice's subscription as `{}`.
        assert_eq!(
            invoice.subscription,
            Some(Expandable::Object(Box::default()))
        );
        let product = subscription.items.as_ref().expect("items")[0]
            .price
            .as_ref()
            .and_then(Expandable::as_object)
            .and_then(|p| p.product.as_ref())
            .and_then(Expandable::as_object)
            .expect("product expanded");
        assert_eq!(product.visit_type, Some(VisitType::CbtSleep));
        let item = &s.captures.as_ref().expect("captures")[0]
            .as_object()
            .expect("capture expanded")
            .items
            .as_ref()
            .expect("items")[0];
        assert_eq!(
            item.payment_intent,
            Some(Expandable::Id("<string>".to_owned()))
        );
        assert_eq!(s.setup_future_use, Some(json!("<any>")));
        assert_eq!(
            s.total_details.as_ref().and_then(|t| t.amount_iias),
            Some(123)
        );
    }

    // cancelCheckoutSessionAuthorization: no body.
    let expect = Expect::post(format!("{one}/cancel"));
    for ex in examples(
        "checkout_sessions",
        "cancelCheckoutSessionAuthorization",
        &["g1", "g2"],
    ) {
        let at = ex.file.as_str();
        let s = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client.cancel_checkout_session_authorization(SESSION),
            )
            .await;
        assert_eq!(s.capture_method, Some(CaptureMethod::Automatic));
        if ex.generation == "g1" {
            let product = s.captures.as_ref().expect("captures")[0]
                .as_object()
                .expect("capture expanded")
                .items
                .as_ref()
                .expect("items")[0]
                .price
                .as_ref()
                .and_then(Expandable::as_object)
                .and_then(|p| p.product.as_ref())
                .and_then(Expandable::as_object)
                .expect("product expanded");
            assert_eq!(product.eligibility_rationale.as_deref(), Some("<string>"));
            let refund = s.refunds.as_ref().expect("refunds")[0]
                .as_object()
                .expect("refund expanded");
            assert_eq!(
                refund.reference_type,
                Some(RefundReferenceType::AcquirerReferenceNumber)
            );
            assert_eq!(refund.reason, Some(RefundReason::Duplicate));
        } else {
            assert_eq!(s.checkout_session_id, G2_ID);
            assert_eq!(s.customer, Some(Expandable::Id("string".to_owned())));
            assert_eq!(s.split_cart, Some(Expandable::Id("string".to_owned())));
            assert_eq!(s.payment_intent, Some(Expandable::Id("string".to_owned())));
            assert_eq!(
                s.shipping_details.as_ref().and_then(|a| a.city.as_deref()),
                Some("San Francisco")
            );
            assert_eq!(
                s.defaults.as_ref().and_then(|d| d.email.as_deref()),
                Some("john.doe@example.com")
            );
            assert_eq!(s.fees, Some(vec![Fee::default()]));
            assert_eq!(
                s.subscription_data
                    .as_ref()
                    .and_then(|d| d.cancel_at.as_deref()),
                Some("2024-01-01T00:00:00Z")
            );
        }
    }

    // captureCheckoutSession: no example in the docs. Part of the authorization, then all of it
    // with an empty body.
    let body = CaptureCheckoutSession::new()
        .final_capture(false)
        .line_items(vec![CaptureCheckoutSessionLineItem::new().price(PRICE)])
        .amount_shipping(500)
        .capture_metadata(map(&[("warehouse", "sfo-1")]));
    let response = json!({"checkout_session": {
        "checkout_session_id": SESSION,
        "status": "complete",
        "capture_method": "manual",
        "amount_total": 12999,
        "captures": [{
            "capture_id": CAPTURE,
            "amount_captured": 6499,
            "amount_shipping_captured": 500,
            "created_at": "2024-05-01T12:00:00Z",
            "metadata": {"warehouse": "sfo-1"},
            "items": [{"capture_item_id": "fcapi_01HACMLB", "amount_captured": 5999, "price": PRICE, "payment_intent": PAYMENT_INTENT}],
        }],
    }});
    for (at, body, sent) in [
        (
            "captureCheckoutSession (inline, partial)",
            body,
            json!({"checkout_session": {
                "final_capture": false,
                "line_items": [{"price": PRICE}],
                "capture_metadata": {"warehouse": "sfo-1"},
                "amount_shipping": 500,
            }}),
        ),
        (
            "captureCheckoutSession (inline, everything)",
            CaptureCheckoutSession::default(),
            json!({"checkout_session": {}}),
        ),
    ] {
        let expect = Expect::post(format!("{one}/capture")).json(sent);
        let s = lb
            .exchange(
                at,
                &expect,
                &response,
                lb.client.capture_checkout_session(SESSION, &body),
            )
            .await;
        lossless!(at, s, &response["checkout_session"]);
        let capture = s.captures.as_ref().expect("captures")[0]
            .as_object()
            .expect("capture expanded");
        assert_eq!(capture.capture_id, CAPTURE);
        assert_eq!(capture.amount_shipping_captured, Some(500));
        let item = &capture.items.as_ref().expect("items")[0];
        assert_eq!(
            item.payment_intent.as_ref().and_then(Expandable::id),
            Some(PAYMENT_INTENT)
        );
    }

    // previewCheckoutSessionCaptureAllocation: the capture body, answered with allocations.
    let body = CaptureCheckoutSession::new()
        .final_capture(true)
        .line_items(vec![CaptureCheckoutSessionLineItem::new().product(PRODUCT)])
        .amount_tax(100);
    let expect =
        Expect::post(format!("{one}/capture_allocation")).json(json!({"checkout_session": {
            "final_capture": true,
            "line_items": [{"product": PRODUCT}],
            "amount_tax": 100,
        }}));
    for ex in examples(
        "checkout_sessions",
        "previewCheckoutSessionCaptureAllocation",
        &["g2"],
    ) {
        let at = ex.file.as_str();
        let allocations = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client
                    .preview_checkout_session_capture_allocation(SESSION, &body),
            )
            .await;
        assert_eq!(allocations[0].payment_method_id.as_deref(), Some(G2_ID));
        assert_eq!(allocations[0].last4.as_deref(), Some("4242"));
        assert_eq!(allocations[0].amount, Some(0));
    }

    // listCheckoutSessionLineItems: a plain list, no query.
    let expect = Expect::get(format!("{one}/line_items"));
    for ex in examples("checkout_sessions", "listCheckoutSessionLineItems", &["g1"]) {
        let at = ex.file.as_str();
        let items = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client.list_checkout_session_line_items(SESSION),
            )
            .await;
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].eligibility, Some(HsaFsaEligibility::NotEligible));
        assert_eq!(
            items[0].shipping_rate,
            Some(Expandable::Id("<string>".to_owned()))
        );
        let price = items[0]
            .price
            .as_ref()
            .and_then(Expandable::as_object)
            .expect("price expanded");
        assert_eq!(price.type_, Some(PriceType::OneTime));
        assert_eq!(
            price.recurring.as_ref().and_then(|r| r.interval.clone()),
            Some(RecurringInterval::Daily)
        );
        let product = price
            .product
            .as_ref()
            .and_then(Expandable::as_object)
            .expect("product expanded");
        assert_eq!(
            product.hsa_fsa_eligibility,
            Some(HsaFsaEligibility::NotEligible)
        );
    }

    // reauthorizeCheckoutSession: no body.
    let expect = Expect::post(format!("{one}/reauth"));
    for ex in examples("checkout_sessions", "reauthorizeCheckoutSession", &["g1"]) {
        let at = ex.file.as_str();
        let s = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client.reauthorize_checkout_session(SESSION),
            )
            .await;
        let customer = s
            .customer
            .as_ref()
            .and_then(Expandable::as_object)
            .expect("customer expanded");
        assert_eq!(customer.first_name.as_deref(), Some("John"));
        assert_eq!(
            customer
                .shipping
                .as_ref()
                .and_then(|a| a.shipping_address_id.as_deref()),
            Some("<string>")
        );
        assert_eq!(s.expires_at, Some(123));
        // The example is cut off after `expires_at`.
        assert_eq!(s.status, None);
    }

    // refundCheckoutSession: no example in the docs. In full (empty body) and by line.
    let response = json!({"refunds": [
        {"refund_id": REFUND, "payment_intent_id": PAYMENT_INTENT, "amount": 540, "status": "pending",
         "reason": "requested_by_customer", "created_at": "2024-05-02T09:00:00Z", "metadata": {"reason_code": "damaged"}},
        {"refund_id": "fre_01HACMR3", "payment_intent_id": "fpi_01HACMND", "amount": 0, "status": "succeeded"},
    ]});
    let partial = RefundCheckoutSession::new()
        .line_items(vec![
            RefundCheckoutSessionLineItem::new()
                .price(PRICE)
                .amount_to_refund(500),
        ])
        .amount_tax(40)
        .refund_metadata(map(&[("reason_code", "damaged")]));
    for (at, body, sent) in [
        (
            "refundCheckoutSession (inline, by line)",
            partial,
            json!({"checkout_session": {
                "line_items": [{"price": PRICE, "amount_to_refund": 500}],
                "amount_tax": 40,
                "refund_metadata": {"reason_code": "damaged"},
            }}),
        ),
        (
            "refundCheckoutSession (inline, in full)",
            RefundCheckoutSession::default(),
            json!({"checkout_session": {}}),
        ),
    ] {
        let expect = Expect::post(format!("{one}/refund")).json(sent);
        let refunds = lb
            .exchange(
                at,
                &expect,
                &response,
                lb.client.refund_checkout_session(SESSION, &body),
            )
            .await;
        lossless!(at, refunds, &response["refunds"]);
        assert_eq!(refunds.len(), 2);
        assert_eq!(refunds[0].reason, Some(RefundReason::RequestedByCustomer));
        assert_eq!(refunds[1].status, Some(RefundStatus::Succeeded));
    }

    // previewCheckoutSessionRefundAllocation: the refund body, answered with allocations.
    let body = RefundCheckoutSession::new()
        .amount(500)
        .payment_methods(vec![
            RefundPaymentMethodAmount::new()
                .payment_method_id(PAYMENT_METHOD)
                .amount(500),
        ]);
    let expect =
        Expect::post(format!("{one}/refund_allocation")).json(json!({"checkout_session": {
            "amount": 500,
            "payment_methods": [{"payment_method_id": PAYMENT_METHOD, "amount": 500}],
        }}));
    for ex in examples(
        "checkout_sessions",
        "previewCheckoutSessionRefundAllocation",
        &["g1", "g2"],
    ) {
        let at = ex.file.as_str();
        let allocations = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client
                    .preview_checkout_session_refund_allocation(SESSION, &body),
            )
            .await;
        let amount = if ex.generation == "g1" { 123 } else { 0 };
        assert_eq!(allocations[0].amount, Some(amount));
    }
}

#[tokio::test]
async fn payment_links() {
    let lb = Loopback::start().await;

    // listPaymentLinks
    let params = ListPaymentLinksParams::new()
        .limit(1)
        .offset(0)
        .ending_before("fplink_01HACMZZ");
    let expect = Expect::get("/v1/payment_links")
        .query("limit", "1")
        .query("offset", "0")
        .query("ending_before", "fplink_01HACMZZ");
    for ex in examples("payment_links", "listPaymentLinks", &["g1", "g2"]) {
        let at = ex.file.as_str();
        let page = lb
            .exchange(at, &expect, &ex.body, lb.client.list_payment_links(&params))
            .await;
        let l = &page[0];
        assert_eq!(l.origin, Some(CheckoutSessionOrigin::Shopify));
        if ex.generation == "g1" {
            assert_eq!(page.next_cursor(), Some("<string>"));
            let line = &l.line_items.as_ref().expect("line items")[0];
            assert_eq!(line.price, Some(Expandable::Id("<string>".to_owned())));
            let data = line.price_data.as_ref().expect("price data");
            assert_eq!(data.product, Some(Expandable::Id("<string>".to_owned())));
            assert_eq!(
                data.recurring.as_ref().and_then(|r| r.interval.clone()),
                Some(RecurringInterval::Daily)
            );
            assert_eq!(
                line.shipping_options
                    .as_ref()
                    .and_then(|o| o.shipping_rate_data.as_ref())
                    .and_then(|d| d.amount),
                Some(123)
            );
            let after = l.after_completion.as_ref().expect("after completion");
            assert_eq!(after.type_, Some(AfterCompletionType::Redirect));
            assert_eq!(
                after.redirect.as_ref().and_then(|r| r.url.as_deref()),
                Some("<string>")
            );
        } else {
            assert_eq!(page.next_cursor(), Some(G2_ID));
            assert_eq!(l.discounts, Some(vec!["string".to_owned()]));
            assert_eq!(l.tax_rate, Some(TaxRate::default()));
            assert_eq!(l.line_items.as_deref(), Some(&[][..]));
        }
    }

    // createPaymentLink
    let body = CreatePaymentLink::new()
        .label("Sleep program")
        .line_items(vec![
            CreatePaymentLinkLineItem::new()
                .price_data(
                    CreatePaymentLinkPriceData::new()
                        .product(PRODUCT)
                        .unit_amount(2500)
                        .description("One session"),
                )
                .quantity(1)
                .shipping_options(
                    CreatePaymentLinkShippingOptions::new().shipping_rate_id(SHIPPING_RATE),
                ),
        ])
        .after_completion(
            CreatePaymentLinkAfterCompletion::new()
                .type_(AfterCompletionType::Redirect)
                .redirect(CreatePaymentLinkRedirect::new().url("https://shop.example/thanks")),
        )
        .payment_intent_data(
            CreatePaymentLinkPaymentIntentData::new().capture_method(CaptureMethod::Manual),
        )
        .allow_promotion_codes(true)
        .discounts(vec![Expandable::Id(COUPON.to_owned())])
        .mode(PaymentLinkMode::Payment);
    let expect = Expect::post("/v1/payment_links").json(json!({"payment_link": {
        "label": "Sleep program",
        "line_items": [{
            "price_data": {"product": PRODUCT, "unit_amount": 2500, "description": "One session"},
            "quantity": 1,
            "shipping_options": {"shipping_rate_id": SHIPPING_RATE},
        }],
        "payment_intent_data": {"capture_method": "manual"},
        "after_completion": {"type": "redirect", "redirect": {"url": "https://shop.example/thanks"}},
        "allow_promotion_codes": true,
        "discounts": [COUPON],
        "mode": "payment",
    }}));
    for ex in examples("payment_links", "createPaymentLink", &["g1", "g2", "g3"]) {
        let at = ex.file.as_str();
        let l = lb
            .exchange(at, &expect, &ex.body, lb.client.create_payment_link(&body))
            .await;
        match ex.generation.as_str() {
            "g1" => {
                let line = &l.line_items.as_ref().expect("line items")[0];
                assert_eq!(line.quantity, Some(123));
                assert_eq!(
                    line.shipping_options
                        .as_ref()
                        .and_then(|o| o.shipping_rate_id.as_deref()),
                    Some("<string>")
                );
                // Cut off after the line item's shipping rate.
                assert_eq!(l.url, None);
            }
            "g2" => {
                assert_eq!(l.line_items, Some(vec![PaymentLinkLineItem::default()]));
                assert_eq!(
                    l.shipping_options
                        .as_ref()
                        .and_then(|o| o.display_name.as_deref()),
                    Some("Example")
                );
                assert_eq!(l.tax_rate.as_ref().and_then(|t| t.amount), Some(0));
            }
            _ => {
                assert_eq!(l.setup_future_use, Some(SetupFutureUse::OnSession));
                assert_eq!(l.line_items, None);
                assert_eq!(l.url.as_deref(), Some("https://example.com"));
            }
        }
    }

    // retrievePaymentLink
    let expect = Expect::get(format!("/v1/payment_links/{PAYMENT_LINK}"));
    for ex in examples("payment_links", "retrievePaymentLink", &["g2", "g3"]) {
        let at = ex.file.as_str();
        let l = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client.retrieve_payment_link(PAYMENT_LINK),
            )
            .await;
        if ex.generation == "g2" {
            assert_eq!(l.payment_link_id, G2_ID);
            let mut expected = PaymentLinkPaymentIntentData::default();
            expected.metadata = metadata(&[]);
            assert_eq!(l.payment_intent_data, Some(expected));
        } else {
            let line = &l.line_items.as_ref().expect("line items")[0];
            assert_eq!(line.tax_rate.as_ref().and_then(|t| t.amount), Some(123));
            assert_eq!(
                l.after_completion
                    .as_ref()
                    .and_then(|a| a.hosted_confirmation.as_ref())
                    .and_then(|h| h.custom_message.as_deref()),
                Some("<string>")
            );
            assert_eq!(
                l.payment_intent_data
                    .as_ref()
                    .and_then(|d| d.capture_method.clone()),
                Some(CaptureMethod::Automatic)
            );
        }
    }
}
