//! Billing: subscriptions and invoices.
//!
//! Each call checks what it sent (method, path, query string, body) and reads hand-picked fields
//! of what it decoded by their Rust types (ID or expanded object, enum variant, integer, nested
//! struct, page cursor); `docs.rs` round-trips every vendored example in full, and `lossless!`
//! the responses written here for the calls the docs show no example of.

use super::*;

#[tokio::test]
async fn subscriptions() {
    let lb = Loopback::start().await;
    let one = format!("/v1/subscriptions/{SUBSCRIPTION}");

    // listSubscriptions
    let params = ListSubscriptionsParams::new()
        .customer(CUSTOMER)
        .expand_customer(true)
        .status(SubscriptionStatus::Active)
        .limit(1)
        .expand("latest_invoice");
    let expect = Expect::get("/v1/subscriptions")
        .query("customer", CUSTOMER)
        .query("expand_customer", "true")
        .query("status", "active")
        .query("limit", "1")
        .query("expand", "latest_invoice");
    for ex in examples("subscriptions", "listSubscriptions", &["g1", "g2"]) {
        let at = ex.file.as_str();
        let page = lb
            .exchange(at, &expect, &ex.body, lb.client.list_subscriptions(&params))
            .await;
        let s = &page[0];
        if ex.generation == "g1" {
            assert_eq!(page.next_cursor(), Some("<string>"));
            let intent = s
                .latest_invoice
                .as_ref()
                .and_then(Expandable::as_object)
                .and_then(|i| i.payment_intent.as_ref())
                .and_then(Expandable::as_object)
                .expect("payment intent expanded");
            assert_eq!(intent.application_fee_amount, Some(123));
            // The example is cut off inside the invoice.
            assert_eq!(s.status, None);
        } else {
            assert_eq!(page.next_cursor(), Some(G2_ID));
            assert_eq!(s.status, Some(SubscriptionStatus::Incomplete));
            assert_eq!(s.client_secret, Some(SubscriptionClientSecret::default()));
            assert_eq!(s.proration_behavior, Some(ProrationBehavior::AlwaysInvoice));
            assert_eq!(s.latest_invoice, None);
        }
    }

    // createSubscription: no example in the docs. The envelope comes back as it is.
    let body = CreateSubscription::new()
        .customer(CUSTOMER)
        .items(vec![CreateSubscriptionItem::new().price(PRICE).quantity(1)])
        .trial_period_days(14)
        .proration_behavior(ProrationBehavior::AlwaysInvoice)
        .coupon(COUPON)
        .metadata(map(&[("plan", "sleep")]));
    let expect = Expect::post("/v1/subscriptions").json(json!({"subscription": {
        "customer": CUSTOMER,
        "items": [{"price": PRICE, "quantity": 1}],
        "trial_period_days": 14,
        "proration_behavior": "always_invoice",
        "coupon": COUPON,
        "metadata": {"plan": "sleep"},
    }}));
    let response = json!({"subscription": {
        "subscription_id": SUBSCRIPTION,
        "status": "trialing",
        "customer": CUSTOMER,
        "latest_invoice": INVOICE,
        "items": [{"subscription_item_id": "fsubi_01HACMH8", "price": PRICE, "quantity": 1}],
        "client_secret": {"setup_secret": "fsi_01HACMT6_secret_x"},
        "trial_end": "2024-05-15T00:00:00Z",
        "metadata": {"plan": "sleep"},
    }});
    let at = "createSubscription (inline example)";
    let s = lb
        .exchange(at, &expect, &response, lb.client.create_subscription(&body))
        .await;
    lossless!(at, s, &response["subscription"]);
    assert_eq!(s.status, Some(SubscriptionStatus::Trialing));
    assert_eq!(
        s.latest_invoice.as_ref().and_then(Expandable::id),
        Some(INVOICE)
    );
    assert_eq!(
        s.items.as_ref().expect("items")[0].price,
        Some(Expandable::Id(PRICE.to_owned()))
    );

    // retrieveSubscription
    let params = RetrieveSubscriptionParams::new()
        .expand_customer(false)
        .expand("latest_invoice");
    let expect = Expect::get(&one)
        .query("expand_customer", "false")
        .query("expand", "latest_invoice");
    for ex in examples("subscriptions", "retrieveSubscription", &["g2"]) {
        let at = ex.file.as_str();
        let s = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client.retrieve_subscription(SUBSCRIPTION, &params),
            )
            .await;
        assert_eq!(s.items, Some(vec![SubscriptionItem::default()]));
        assert_eq!(s.latest_invoice, Some(Expandable::Id("string".to_owned())));
        assert_eq!(
            s.default_payment_method,
            Some(Expandable::Id("string".to_owned()))
        );
        assert_eq!(
            s.client_secret
                .as_ref()
                .and_then(|c| c.payment_secret.as_deref()),
            Some("string")
        );
    }

    // updateSubscription: PATCH with a body and a query.
    let body = UpdateSubscription::new()
        .cancel_at_period_end(true)
        .items(vec![UpdateSubscriptionItem::new().price(PRICE)])
        .proration_behavior(ProrationBehavior::AlwaysInvoice)
        .coupon(COUPON);
    let params = UpdateSubscriptionParams::new().expand_customer(true);
    let expect =
        Expect::patch(&one)
            .query("expand_customer", "true")
            .json(json!({"subscription": {
                "cancel_at_period_end": true,
                "items": [{"price": PRICE}],
                "proration_behavior": "always_invoice",
                "coupon": COUPON,
            }}));
    for ex in examples("subscriptions", "updateSubscription", &["g2"]) {
        let at = ex.file.as_str();
        let s = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client.update_subscription(SUBSCRIPTION, &body, &params),
            )
            .await;
        assert_eq!(s.subscription_id.as_deref(), Some(G2_ID));
        assert_eq!(s.cancel_at.as_deref(), Some("2024-01-01T00:00:00Z"));
        assert_eq!(s.customer, Some(Expandable::Id("string".to_owned())));
    }

    // cancelSubscription: DELETE, with an optional body that is not wrapped in an envelope.
    let body = CancelSubscription::new()
        .cancel_at_period_end(false)
        .refund(CancelSubscriptionRefund::None)
        .refund_amount(0);
    let with_body = Expect::delete(&one).json(json!({
        "cancel_at_period_end": false,
        "refund": "none",
        "refund_amount": 0,
    }));
    let without_body = Expect::delete(&one);
    for ex in examples("subscriptions", "cancelSubscription", &["g1", "g2"]) {
        for (expect, body) in [(&with_body, Some(&body)), (&without_body, None)] {
            let at = format!("{} (body: {})", ex.file, body.is_some());
            let s = lb
                .exchange(
                    &at,
                    expect,
                    &ex.body,
                    lb.client.cancel_subscription(SUBSCRIPTION, body),
                )
                .await;
            if ex.generation == "g1" {
                let customer = s
                    .latest_invoice
                    .as_ref()
                    .and_then(Expandable::as_object)
                    .and_then(|i| i.payment_intent.as_ref())
                    .and_then(Expandable::as_object)
                    .and_then(|p| p.customer.as_ref())
                    .and_then(Expandable::as_object)
                    .expect("customer expanded");
                assert_eq!(customer.employer.as_deref(), Some("Flex"));
                // Cut off after `employer`.
                assert_eq!(customer.shipping, None);
            } else {
                assert_eq!(s.status, Some(SubscriptionStatus::Incomplete));
                let item = &s.items.as_ref().expect("items")[0];
                assert_eq!(item.quantity, Some(0));
                assert_eq!(item.updated_at.as_deref(), Some("2024-01-01T00:00:00Z"));
            }
        }
    }

    // retrieveSubscriptionRefundPreview: not wrapped in an envelope.
    let expect = Expect::get(format!("{one}/refund_preview"));
    for ex in examples(
        "subscriptions",
        "retrieveSubscriptionRefundPreview",
        &["g2"],
    ) {
        let at = ex.file.as_str();
        let preview = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client.retrieve_subscription_refund_preview(SUBSCRIPTION),
            )
            .await;
        assert_eq!(preview.last4.as_deref(), Some("4242"));
        assert_eq!(preview.payment_method_id.as_deref(), Some(G2_ID));
        assert_eq!(preview.prorated_amount_available_to_refund, Some(0));
    }
}

#[tokio::test]
async fn invoices() {
    let lb = Loopback::start().await;

    // listInvoices
    let params = ListInvoicesParams::new().customer(CUSTOMER).limit(1);
    let expect = Expect::get("/v1/invoices")
        .query("customer", CUSTOMER)
        .query("limit", "1");
    for ex in examples("invoices", "listInvoices", &["g1", "g2"]) {
        let at = ex.file.as_str();
        let page = lb
            .exchange(at, &expect, &ex.body, lb.client.list_invoices(&params))
            .await;
        let i = &page[0];
        if ex.generation == "g1" {
            assert_eq!(page.next_cursor(), Some("<string>"));
            let customer = i
                .customer
                .as_ref()
                .and_then(Expandable::as_object)
                .expect("customer expanded");
            // Cut off after the shipping address's postal code.
            let shipping = customer.shipping.as_ref().expect("shipping");
            assert_eq!(shipping.postal_code.as_deref(), Some("<string>"));
            assert_eq!(shipping.country, None);
            let buyer = i
                .payment_intent
                .as_ref()
                .and_then(Expandable::as_object)
                .and_then(|p| p.customer.as_ref())
                .and_then(Expandable::as_object)
                .expect("payment intent's customer");
            assert_eq!(buyer.email.as_deref(), Some("joh.doe@example.com"));
        } else {
            assert_eq!(page.next_cursor(), Some(G2_ID));
            assert_eq!(i.status, Some(InvoiceStatus::Draft));
            assert_eq!(
                i.collection_method,
                Some(CollectionMethod::ChargeAutomatically)
            );
            assert_eq!(i.payment_intent, None);
        }
    }

    // retrieveInvoice: the envelope comes back as it is.
    let expect = Expect::get(format!("/v1/invoices/{INVOICE}"));
    for ex in examples("invoices", "retrieveInvoice", &["g1", "g2"]) {
        let at = ex.file.as_str();
        let i = lb
            .exchange(at, &expect, &ex.body, lb.client.retrieve_invoice(INVOICE))
            .await;
        if ex.generation == "g1" {
            let price = i
                .subscription
                .as_ref()
                .and_then(Expandable::as_object)
                .and_then(|s| s.items.as_ref())
                .and_then(|items| items[0].price.as_ref())
                .and_then(Expandable::as_object)
                .expect("subscription item price");
            assert_eq!(price.active, Some(true));
            assert_eq!(price.product, None);
            assert_eq!(i.charge.as_deref(), Some("<string>"));
        } else {
            assert_eq!(i.payment_intent, Some(Expandable::Id("string".to_owned())));
            assert_eq!(i.subscription, Some(Expandable::Id("string".to_owned())));
            assert_eq!(i.customer, Some(Expandable::Id("string".to_owned())));
            assert_eq!(i.total, Some(0));
        }
    }
}
