//! Money in and out: payment intents, refunds, captures, setup intents, disputes, payouts and
//! balance transactions.
//!
//! Each call checks what it sent (method, path, query string, body) and reads hand-picked fields
//! of what it decoded by their Rust types (ID or expanded object, enum variant, integer, nested
//! struct, page cursor); `docs.rs` round-trips every example in full, field by field.

use super::*;

#[tokio::test]
async fn payment_intents() {
    let lb = Loopback::start().await;
    let one = format!("/v1/payment_intents/{PAYMENT_INTENT}");

    // listPaymentIntents
    let params = ListPaymentIntentsParams::new()
        .expand_customer(true)
        .interval(30)
        .customer(CUSTOMER)
        .checkout_session(SESSION)
        .limit(1);
    let expect = Expect::get("/v1/payment_intents")
        .query("expand_customer", "true")
        .query("interval", "30")
        .query("customer", CUSTOMER)
        .query("checkout_session", SESSION)
        .query("limit", "1");
    for ex in examples("payment_intents", "listPaymentIntents", &["g1", "g2"]) {
        let at = ex.file.as_str();
        let page = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client.list_payment_intents(&params),
            )
            .await;
        let p = &page[0];
        assert_eq!(p.status, Some(PaymentIntentStatus::Canceled));
        assert_eq!(p.capture_method, Some(CaptureMethod::Automatic));
        if ex.generation == "g1" {
            assert_eq!(page.next_cursor(), Some("<string>"));
            let customer = p
                .customer
                .as_ref()
                .and_then(Expandable::as_object)
                .expect("customer expanded");
            assert_eq!(customer.last_name.as_deref(), Some("Doe"));
            assert_eq!(p.invoice, Some(Expandable::Id("<string>".to_owned())));
            assert_eq!(
                p.transfer_data
                    .as_ref()
                    .and_then(|t| t.destination.as_deref()),
                Some("<string>")
            );
        } else {
            assert_eq!(page.next_cursor(), Some(G2_ID));
            assert_eq!(p.customer, None);
            assert_eq!(p.last_payment_error, Some(PaymentError::default()));
            assert_eq!(p.transfer_data, Some(TransferData::default()));
            assert_eq!(p.letter_fee_amount, Some(0));
        }
    }

    // retrievePaymentIntent
    let params = RetrievePaymentIntentParams::new()
        .expand("invoice")
        .expand_customer(true);
    let expect = Expect::get(&one)
        .query("expand", "invoice")
        .query("expand_customer", "true");
    for ex in examples("payment_intents", "retrievePaymentIntent", &["g1", "g2"]) {
        let at = ex.file.as_str();
        let p = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client.retrieve_payment_intent(PAYMENT_INTENT, &params),
            )
            .await;
        if ex.generation == "g1" {
            let customer = p
                .customer
                .as_ref()
                .and_then(Expandable::as_object)
                .expect("customer expanded");
            assert_eq!(
                customer
                    .shipping
                    .as_ref()
                    .and_then(|s| s.postal_code.as_deref()),
                Some("<string>")
            );
            assert_eq!(p.amount_capturable, Some(123));
        } else {
            assert_eq!(p.customer, Some(Expandable::Id("string".to_owned())));
            assert_eq!(p.payment_card_type, Some(PaymentCardType::Primary));
            assert_eq!(
                p.last_payment_error
                    .as_ref()
                    .and_then(|e| e.decline_code.as_deref()),
                Some("string")
            );
            assert_eq!(p.payment_method, Some(Expandable::Id("string".to_owned())));
        }
    }

    // cancelPaymentIntent: no body.
    let expect = Expect::post(format!("{one}/cancel"));
    for ex in examples("payment_intents", "cancelPaymentIntent", &["g1", "g2"]) {
        let at = ex.file.as_str();
        let p = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client.cancel_payment_intent(PAYMENT_INTENT),
            )
            .await;
        assert_eq!(p.status, Some(PaymentIntentStatus::Canceled));
        if ex.generation == "g1" {
            assert_eq!(p.customer.as_ref().and_then(Expandable::id), Some(CUSTOMER));
            assert!(p.customer.as_ref().is_some_and(Expandable::is_object));
        } else {
            assert_eq!(p.payment_intent_id, G2_ID);
            assert_eq!(p.transaction_fee, Some(0));
            assert_eq!(
                p.last_payment_error
                    .as_ref()
                    .and_then(|e| e.type_.as_deref()),
                Some("string")
            );
        }
    }
}

#[tokio::test]
async fn refunds() {
    let lb = Loopback::start().await;
    let one = format!("/v1/refunds/{REFUND}");

    // listRefunds
    let params = ListRefundsParams::new()
        .status(RefundStatus::Succeeded)
        .payment_intent(PAYMENT_INTENT)
        .checkout_session(SESSION)
        .limit(1);
    let expect = Expect::get("/v1/refunds")
        .query("status", "succeeded")
        .query("payment_intent", PAYMENT_INTENT)
        .query("checkout_session", SESSION)
        .query("limit", "1");
    for ex in examples("refunds", "listRefunds", &["g1", "g2"]) {
        let at = ex.file.as_str();
        let page = lb
            .exchange(at, &expect, &ex.body, lb.client.list_refunds(&params))
            .await;
        let r = &page[0];
        assert_eq!(r.status, Some(RefundStatus::Pending));
        assert_eq!(r.reference_status, Some(RefundReferenceStatus::Available));
        if ex.generation == "g1" {
            assert_eq!(page.next_cursor(), Some("<string>"));
            assert_eq!(r.items, None);
        } else {
            assert_eq!(page.next_cursor(), Some(G2_ID));
            assert_eq!(r.items.as_deref(), Some(&[][..]));
            assert_eq!(r.invoice_id.as_deref(), Some(G2_ID));
        }
    }

    // createRefund
    let body = CreateRefund::new()
        .payment_intent_id(PAYMENT_INTENT)
        .amount(500)
        .reason(RefundReason::RequestedByCustomer)
        .metadata(map(&[("ticket", "4711")]));
    let expect = Expect::post("/v1/refunds").json(json!({"refund": {
        "payment_intent_id": PAYMENT_INTENT,
        "amount": 500,
        "reason": "requested_by_customer",
        "metadata": {"ticket": "4711"},
    }}));
    for ex in examples("refunds", "createRefund", &["g1", "g2"]) {
        let at = ex.file.as_str();
        let r = lb
            .exchange(at, &expect, &ex.body, lb.client.create_refund(&body))
            .await;
        assert_eq!(r.reason, Some(RefundReason::Duplicate));
        if ex.generation == "g1" {
            assert_eq!(r.amount, Some(123));
            assert_eq!(r.reference_type, None);
        } else {
            let item = &r.items.as_ref().expect("items")[0];
            assert_eq!(
                item.payment_intent,
                Some(Expandable::Id("string".to_owned()))
            );
            assert_eq!(
                item.reference_type,
                Some(RefundReferenceType::AcquirerReferenceNumber)
            );
            assert_eq!(item.payment_method_id.as_deref(), Some(G2_ID));
        }
    }

    // retrieveRefund
    let expect = Expect::get(&one);
    for ex in examples("refunds", "retrieveRefund", &["g1"]) {
        let at = ex.file.as_str();
        let r = lb
            .exchange(at, &expect, &ex.body, lb.client.retrieve_refund(REFUND))
            .await;
        assert_eq!(r.refund_id, "<string>");
        assert_eq!(r.test_mode, Some(true));
        assert_eq!(
            r.reference_type,
            Some(RefundReferenceType::AcquirerReferenceNumber)
        );
    }

    // updateRefund: PATCH.
    let body = UpdateRefund::new()
        .reason(RefundReason::Fraudulent)
        .metadata(map(&[("ticket", "4712")]));
    let expect = Expect::patch(&one).json(json!({"refund": {
        "reason": "fraudulent",
        "metadata": {"ticket": "4712"},
    }}));
    for ex in examples("refunds", "updateRefund", &["g1"]) {
        let at = ex.file.as_str();
        let r = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client.update_refund(REFUND, &body),
            )
            .await;
        assert_eq!(r.payment_intent_id.as_deref(), Some("<string>"));
        assert_eq!(r.metadata, metadata(&[]));
    }
}

#[tokio::test]
async fn captures() {
    let lb = Loopback::start().await;
    let one = format!("/v1/captures/{CAPTURE}");

    // listCaptures: a plain list (no cursor parameters).
    let params = ListCapturesParams::new()
        .expand("payment_intent")
        .checkout_session(SESSION);
    let expect = Expect::get("/v1/captures")
        .query("expand", "payment_intent")
        .query("checkout_session", SESSION);
    for ex in examples("captures", "listCaptures", &["g1", "g2"]) {
        let at = ex.file.as_str();
        let captures = lb
            .exchange(at, &expect, &ex.body, lb.client.list_captures(&params))
            .await;
        if ex.generation == "g1" {
            let item = &captures[0].items.as_ref().expect("items")[0];
            assert_eq!(
                item.payment_intent,
                Some(Expandable::Id("<string>".to_owned()))
            );
            let product = item
                .price
                .as_ref()
                .and_then(Expandable::as_object)
                .and_then(|p| p.product.as_ref())
                .and_then(Expandable::as_object)
                .expect("product expanded");
            assert_eq!(product.name.as_deref(), Some("<string>"));
        } else {
            assert_eq!(captures[0].capture_id, G2_ID);
            assert_eq!(captures[0].items.as_deref(), Some(&[][..]));
            assert_eq!(captures[0].amount_tax_captured, Some(0));
        }
    }

    // retrieveCapture
    let params = RetrieveCaptureParams::new().expand("payment_intent");
    let expect = Expect::get(&one).query("expand", "payment_intent");
    for ex in examples("captures", "retrieveCapture", &["g2", "g3"]) {
        let at = ex.file.as_str();
        let c = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client.retrieve_capture(CAPTURE, &params),
            )
            .await;
        let item = &c.items.as_ref().expect("items")[0];
        if ex.generation == "g2" {
            assert_eq!(item.payment_intent, Some(Expandable::Id(G2_ID.to_owned())));
            assert_eq!(item.capture_item_id.as_deref(), Some(G2_ID));
        } else {
            assert_eq!(c.capture_id, "fcap_01J9XR8M3K7VZ8N2YB4WJ6T0RA");
            assert_eq!(c.amount_captured, Some(2500));
            assert_eq!(item, &CaptureItem::default());
            assert_eq!(
                c.metadata,
                metadata(&[("order_id", "8842"), ("channel", "shopify")])
            );
        }
    }

    // updateCapture: PATCH with a body and a query.
    let body = UpdateCapture::new().metadata(map(&[("warehouse", "sfo-1")]));
    let params = UpdateCaptureParams::new().expand("payment_intent");
    let expect = Expect::patch(&one)
        .query("expand", "payment_intent")
        .json(json!({"capture": {"metadata": {"warehouse": "sfo-1"}}}));
    for ex in examples("captures", "updateCapture", &["g1", "g2"]) {
        let at = ex.file.as_str();
        let c = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client.update_capture(CAPTURE, &body, &params),
            )
            .await;
        let item = &c.items.as_ref().expect("items")[0];
        if ex.generation == "g1" {
            let price = item
                .price
                .as_ref()
                .and_then(Expandable::as_object)
                .expect("price expanded");
            assert_eq!(price.unit_amount, Some(123));
        } else {
            assert_eq!(item, &CaptureItem::default());
            assert_eq!(c.amount_shipping_captured, Some(0));
        }
    }
}

#[tokio::test]
async fn setup_intents() {
    let lb = Loopback::start().await;

    // listSetupIntents
    let params = ListSetupIntentsParams::new()
        .limit(1)
        .customer(CUSTOMER)
        .expand("payment_method");
    let expect = Expect::get("/v1/setup_intents")
        .query("limit", "1")
        .query("customer", CUSTOMER)
        .query("expand", "payment_method");
    for ex in examples("setup_intents", "listSetupIntents", &["g1", "g2", "g3"]) {
        let at = ex.file.as_str();
        let page = lb
            .exchange(at, &expect, &ex.body, lb.client.list_setup_intents(&params))
            .await;
        let s = &page[0];
        assert_eq!(s.status, Some(SetupIntentStatus::RequiresPaymentMethod));
        assert_eq!(s.usage, Some(SetupIntentUsage::OffSession));
        match ex.generation.as_str() {
            "g1" => {
                assert_eq!(page.next_cursor(), Some("<string>"));
                let method = s
                    .payment_method
                    .as_ref()
                    .and_then(Expandable::as_object)
                    .expect("payment method expanded");
                let card = method.card.as_ref().expect("card");
                assert_eq!(card.brand, Some(CardBrand::AmericanExpress));
                assert_eq!(card.funding, Some(CardFunding::Credit));
                assert_eq!(
                    method
                        .billing_details
                        .as_ref()
                        .and_then(|b| b.email.clone()),
                    Some(BillingDetailsEmail::String("<string>".to_owned()))
                );
                assert_eq!(
                    method
                        .customer
                        .as_ref()
                        .and_then(Expandable::as_object)
                        .map(|c| c.customer_id.as_str()),
                    Some(CUSTOMER)
                );
            }
            "g2" => {
                assert_eq!(page.next_cursor(), Some(G2_ID));
                assert_eq!(s.customer, None);
                assert_eq!(s.payment_method, Some(Expandable::Id("string".to_owned())));
                assert_eq!(s.subscription_id.as_deref(), Some(G2_ID));
            }
            _ => {
                assert!(s.customer.as_ref().is_some_and(Expandable::is_object));
                assert_eq!(
                    s.payment_method,
                    Some(Expandable::Id("<string>".to_owned()))
                );
            }
        }
    }

    // createSetupIntent
    let body = CreateSetupIntent::new().checkout_session(SESSION);
    let expect = Expect::post("/v1/setup_intents")
        .json(json!({"setup_intent": {"checkout_session": SESSION}}));
    for ex in examples("setup_intents", "createSetupIntent", &["g1", "g2", "g3"]) {
        let at = ex.file.as_str();
        let s = lb
            .exchange(at, &expect, &ex.body, lb.client.create_setup_intent(&body))
            .await;
        if ex.generation == "g2" {
            assert_eq!(s.customer, Some(Expandable::Id("string".to_owned())));
            assert_eq!(s.partner_id.as_deref(), Some(G2_ID));
        } else {
            let customer = s
                .customer
                .as_ref()
                .and_then(Expandable::as_object)
                .expect("customer expanded");
            assert_eq!(customer.phone.as_deref(), Some("+15555555555"));
            assert_eq!(s.client_secret.as_deref(), Some("<string>"));
        }
    }

    // retrieveSetupIntent: the one setup intent response without an envelope.
    let params = RetrieveSetupIntentParams::new().expand("subscription");
    let expect =
        Expect::get(format!("/v1/setup_intents/{SETUP_INTENT}")).query("expand", "subscription");
    for ex in examples("setup_intents", "retrieveSetupIntent", &["g2", "g3"]) {
        let at = ex.file.as_str();
        let s = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client.retrieve_setup_intent(SETUP_INTENT, &params),
            )
            .await;
        if ex.generation == "g2" {
            assert_eq!(s.subscription, Some(Expandable::Id("string".to_owned())));
            assert_eq!(s.setup_intent_id, G2_ID);
        } else {
            let subscription = s
                .subscription
                .as_ref()
                .and_then(Expandable::as_object)
                .expect("subscription expanded");
            assert_eq!(subscription.status, Some(SubscriptionStatus::Incomplete));
            let product = subscription.items.as_ref().expect("items")[0]
                .price
                .as_ref()
                .and_then(Expandable::as_object)
                .and_then(|p| p.product.as_ref())
                .and_then(Expandable::as_object)
                .expect("product expanded");
            assert_eq!(product.document_description.as_deref(), Some("<string>"));
            let invoice = subscription
                .latest_invoice
                .as_ref()
                .and_then(Expandable::as_object)
                .expect("latest invoice expanded");
            assert_eq!(
                invoice.collection_method,
                Some(CollectionMethod::ChargeAutomatically)
            );
            // Cut off after the invoice's collection method.
            assert_eq!(invoice.test_mode, None);
        }
    }
}

#[tokio::test]
async fn disputes() {
    let lb = Loopback::start().await;
    let one = format!("/v1/disputes/{DISPUTE}");

    // listDisputes: `statuses` is an array sent comma-separated (`form`, not exploded).
    let params = ListDisputesParams::new()
        .limit(1)
        .payment_intent(PAYMENT_INTENT)
        .statuses(vec![DisputeStatus::NeedsResponse, DisputeStatus::Lost]);
    let expect = Expect::get("/v1/disputes")
        .query("limit", "1")
        .query("payment_intent", PAYMENT_INTENT)
        .query("statuses", "needs_response,lost");
    for ex in examples("disputes", "listDisputes", &["g1", "g2", "g3"]) {
        let at = ex.file.as_str();
        let page = lb
            .exchange(at, &expect, &ex.body, lb.client.list_disputes(&params))
            .await;
        let d = &page[0];
        assert_eq!(d.reason, Some(DisputeReason::BankCannotProcess));
        match ex.generation.as_str() {
            "g1" => {
                assert_eq!(page.next_cursor(), Some("<string>"));
                assert_eq!(d.stripe_dispute_id.as_deref(), Some("<string>"));
                // The docs' `<unknown>` placeholder is kept as an unknown status.
                assert_eq!(
                    d.status,
                    Some(DisputeStatus::Unknown("<unknown>".to_owned()))
                );
                assert_eq!(
                    d.evidence_details.as_ref().and_then(|e| e.submission_count),
                    Some(123)
                );
            }
            "g2" => {
                assert_eq!(page.next_cursor(), Some(G2_ID));
                assert_eq!(d.status, None);
                assert_eq!(d.evidence, Some(DisputeEvidence::default()));
                assert_eq!(d.currency.as_deref(), Some("usd"));
            }
            _ => {
                let transaction = &d.balance_transactions.as_ref().expect("transactions")[0];
                assert_eq!(
                    transaction.status,
                    Some(BalanceTransactionStatus::Available)
                );
                assert_eq!(transaction.reporting_category.as_deref(), Some("<string>"));
                assert_eq!(
                    d.payment_method_details
                        .as_ref()
                        .and_then(|p| p.card.as_ref())
                        .and_then(|c| c.network_reason_code.as_deref()),
                    Some("<string>")
                );
            }
        }
    }

    // retrieveDispute
    let expect = Expect::get(&one);
    for ex in examples("disputes", "retrieveDispute", &["g1", "g2"]) {
        let at = ex.file.as_str();
        let d = lb
            .exchange(at, &expect, &ex.body, lb.client.retrieve_dispute(DISPUTE))
            .await;
        if ex.generation == "g1" {
            assert_eq!(
                d.evidence_details.as_ref().and_then(|e| e.past_due),
                Some(true)
            );
            assert_eq!(d.currency, None);
        } else {
            assert_eq!(d.status, Some(DisputeStatus::Lost));
            assert_eq!(
                d.evidence.as_ref().and_then(|e| e.customer_name.as_deref()),
                Some("string")
            );
            assert_eq!(
                d.evidence_details
                    .as_ref()
                    .and_then(|e| e.due_by.as_deref()),
                Some("2024-01-01T00:00:00Z")
            );
            assert_eq!(
                d.balance_transactions,
                Some(vec![DisputeBalanceTransaction::default()])
            );
        }
    }

    // updateDispute: POST; the evidence's file fields are file IDs going in.
    let body = UpdateDispute::new()
        .evidence(
            UpdateDisputeEvidence::new()
                .customer_name("John Doe")
                .product_description("Eight weeks of guided sleep therapy")
                .receipt(FILE)
                .uncategorized_text("Customer completed all sessions."),
        )
        .submit(false);
    let expect = Expect::post(&one).json(json!({"dispute": {
        "evidence": {
            "customer_name": "John Doe",
            "product_description": "Eight weeks of guided sleep therapy",
            "receipt": FILE,
            "uncategorized_text": "Customer completed all sessions.",
        },
        "submit": false,
    }}));
    for ex in examples("disputes", "updateDispute", &["g1", "g3"]) {
        let at = ex.file.as_str();
        let d = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client.update_dispute(DISPUTE, &body),
            )
            .await;
        assert_eq!(
            d.status,
            Some(DisputeStatus::Unknown("<unknown>".to_owned()))
        );
        if ex.generation == "g1" {
            assert_eq!(d.stripe_dispute_id.as_deref(), Some("<string>"));
        } else {
            assert_eq!(d.charge_id.as_deref(), Some("<string>"));
            assert_eq!(
                d.payment_method_details
                    .as_ref()
                    .and_then(|p| p.type_.as_deref()),
                Some("<string>")
            );
        }
    }

    // closeDispute: no body. Evidence files come back as objects.
    let expect = Expect::post(format!("{one}/close"));
    for ex in examples("disputes", "closeDispute", &["g2", "g3"]) {
        let at = ex.file.as_str();
        let d = lb
            .exchange(at, &expect, &ex.body, lb.client.close_dispute(DISPUTE))
            .await;
        if ex.generation == "g2" {
            assert_eq!(d.status, Some(DisputeStatus::Lost));
            let evidence = d.evidence.as_ref().expect("evidence");
            let file = evidence
                .customer_communication
                .as_ref()
                .and_then(Expandable::as_object)
                .expect("evidence file object");
            assert_eq!(file.stripe_file_id.as_deref(), Some("string"));
            assert!(
                evidence
                    .duplicate_charge_documentation
                    .as_ref()
                    .is_some_and(Expandable::is_object)
            );
            // Cut off after `duplicate_charge_documentation`.
            assert_eq!(evidence.uncategorized_file, None);
        } else {
            assert_eq!(d.test_mode, Some(true));
            assert_eq!(
                d.evidence_details.as_ref().and_then(|e| e.has_evidence),
                Some(true)
            );
            assert_eq!(d.client_reference_id.as_deref(), Some("<string>"));
        }
    }
}

#[tokio::test]
async fn payouts() {
    let lb = Loopback::start().await;

    // listPayouts: a plain list (no cursor), filtered by dates.
    let params = ListPayoutsParams::new()
        .payout_id(PAYOUT)
        .start_date("2024-01-01T00:00:00Z")
        .end_date("2024-02-01T00:00:00Z")
        .limit(10);
    let expect = Expect::get("/v1/payouts")
        .query("payout_id", PAYOUT)
        .query("start_date", "2024-01-01T00:00:00Z")
        .query("end_date", "2024-02-01T00:00:00Z")
        .query("limit", "10");
    for ex in examples("payouts", "listPayouts", &["g2"]) {
        let at = ex.file.as_str();
        let payouts = lb
            .exchange(at, &expect, &ex.body, lb.client.list_payouts(&params))
            .await;
        assert_eq!(payouts[0].payout_id, G2_ID);
        assert_eq!(payouts[0].status, Some(PayoutStatus::InTransit));
        assert_eq!(payouts[0].source_type.as_deref(), Some("string"));
    }
}

#[tokio::test]
async fn balance_transactions() {
    let lb = Loopback::start().await;

    // listBalanceTransactions: `type_` goes out as `type`.
    let params = ListBalanceTransactionsParams::new()
        .payout_id(PAYOUT)
        .type_("payment")
        .starting_after("fbt_01HACM00")
        .limit(1);
    let expect = Expect::get("/v1/balance_transactions")
        .query("payout_id", PAYOUT)
        .query("type", "payment")
        .query("starting_after", "fbt_01HACM00")
        .query("limit", "1");
    for ex in examples(
        "balance_transactions",
        "listBalanceTransactions",
        &["g1", "g2", "g3"],
    ) {
        let at = ex.file.as_str();
        let page = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client.list_balance_transactions(&params),
            )
            .await;
        let b = &page[0];
        assert_eq!(b.status, Some(BalanceTransactionStatus::Available));
        match ex.generation.as_str() {
            "g2" => {
                assert_eq!(page.next_cursor(), Some(G2_ID));
                assert_eq!(b.exchange_rate, Some(1.0));
                assert_eq!(b.currency.as_deref(), Some("usd"));
                assert_eq!(b.lmn_fee_amount, Some(0));
            }
            generation => {
                assert_eq!(page.next_cursor(), Some("<string>"));
                assert_eq!(b.exchange_rate, Some(123.0));
                assert_eq!(b.type_.as_deref(), Some("<string>"));
                let reference = b.client_reference_id.as_deref();
                assert_eq!(reference.is_some(), generation == "g3", "{at}");
            }
        }
    }
}
