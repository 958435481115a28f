//! One checker per object type: every field the docs show, against the example.

use super::*;

pub fn check_shipping_address(at: &str, s: &ShippingAddress, ex: &Value) {
    eq_text(
        at,
        ex,
        "/shipping_address_id",
        s.shipping_address_id.as_deref(),
    );
    eq_text(at, ex, "/line1", s.line1.as_deref());
    eq_text(at, ex, "/line2", s.line2.as_deref());
    eq_text(at, ex, "/city", s.city.as_deref());
    eq_text(at, ex, "/state", s.state.as_deref());
    eq_text(at, ex, "/postal_code", s.postal_code.as_deref());
    eq_text(at, ex, "/country", s.country.as_deref());
}

pub fn check_customer(at: &str, c: &Customer, ex: &Value) {
    assert_eq!(c.customer_id, must_text(at, ex, "/customer_id"), "{at}");
    eq_text(at, ex, "/first_name", c.first_name.as_deref());
    eq_text(at, ex, "/last_name", c.last_name.as_deref());
    eq_text(at, ex, "/email", c.email.as_deref());
    eq_text(at, ex, "/phone", c.phone.as_deref());
    eq_text(at, ex, "/employer", c.employer.as_deref());
    nested(
        at,
        ex,
        "/shipping",
        c.shipping.as_ref(),
        check_shipping_address,
    );
    eq_map(at, ex, "/metadata", c.metadata.as_ref());
    eq_text(at, ex, "/created_at", c.created_at.as_deref());
    eq_flag(at, ex, "/test_mode", c.test_mode);
}

pub fn check_product(at: &str, p: &Product, ex: &Value) {
    assert_eq!(p.product_id, must_text(at, ex, "/product_id"), "{at}");
    eq_text(at, ex, "/name", p.name.as_deref());
    eq_text(at, ex, "/description", p.description.as_deref());
    eq_text(
        at,
        ex,
        "/document_description",
        p.document_description.as_deref(),
    );
    eq_text(
        at,
        ex,
        "/receipt_description",
        p.receipt_description.as_deref(),
    );
    eq_text(at, ex, "/created_at", p.created_at.as_deref());
    eq_text(
        at,
        ex,
        "/visit_type",
        p.visit_type.as_ref().map(VisitType::as_str),
    );
    eq_flag(at, ex, "/active", p.active);
    eq_text(at, ex, "/upc_code", p.upc_code.as_deref());
    eq_text(at, ex, "/gtin", p.gtin.as_deref());
    eq_text(at, ex, "/reference_gtin", p.reference_gtin.as_deref());
    eq_text(
        at,
        ex,
        "/hsa_fsa_eligibility",
        p.hsa_fsa_eligibility
            .as_ref()
            .map(HsaFsaEligibility::as_str),
    );
    eq_text(
        at,
        ex,
        "/eligibility_rationale",
        p.eligibility_rationale.as_deref(),
    );
    eq_flag(at, ex, "/test_mode", p.test_mode);
    eq_map(at, ex, "/metadata", p.metadata.as_ref());
    eq_text(at, ex, "/url", p.url.as_deref());
    eq_text(
        at,
        ex,
        "/client_reference_id",
        p.client_reference_id.as_deref(),
    );
}

pub fn check_recurring(at: &str, r: &Recurring, ex: &Value) {
    eq_text(
        at,
        ex,
        "/interval",
        r.interval.as_ref().map(RecurringInterval::as_str),
    );
    eq_int(at, ex, "/interval_count", r.interval_count);
    eq_int(at, ex, "/trial_period_days", r.trial_period_days);
}

pub fn check_price(at: &str, p: &Price, ex: &Value) {
    assert_eq!(p.price_id, must_text(at, ex, "/price_id"), "{at}");
    eq_text(at, ex, "/description", p.description.as_deref());
    eq_int(at, ex, "/trial_period_days", p.trial_period_days);
    eq_int(at, ex, "/unit_amount", p.unit_amount);
    nested(at, ex, "/recurring", p.recurring.as_ref(), check_recurring);
    eq_flag(at, ex, "/active", p.active);
    expandable(at, ex, "/product", p.product.as_ref(), check_product);
    eq_text(at, ex, "/created_at", p.created_at.as_deref());
    eq_text(at, ex, "/type", p.type_.as_ref().map(PriceType::as_str));
    eq_map(at, ex, "/metadata", p.metadata.as_ref());
    eq_text(
        at,
        ex,
        "/hsa_fsa_eligibility",
        p.hsa_fsa_eligibility
            .as_ref()
            .map(HsaFsaEligibility::as_str),
    );
    eq_flag(at, ex, "/test_mode", p.test_mode);
}

pub fn check_billing_details(at: &str, b: &BillingDetails, ex: &Value) {
    nested(at, ex, "/address", b.address.as_ref(), |at, a, ex| {
        eq_text(at, ex, "/line1", a.line1.as_deref());
        eq_text(at, ex, "/line2", a.line2.as_deref());
        eq_text(at, ex, "/city", a.city.as_deref());
        eq_text(at, ex, "/state", a.state.as_deref());
        eq_text(at, ex, "/postal_code", a.postal_code.as_deref());
        eq_text(at, ex, "/country", a.country.as_deref());
    });
    // The oldest docs show an integer here, the newer ones a string.
    let want = match ex.get("email") {
        None => None,
        Some(Value::String(s)) => Some(BillingDetailsEmail::String(s.clone())),
        Some(Value::Number(n)) => Some(BillingDetailsEmail::Integer(n.as_i64().expect("int"))),
        Some(other) => panic!("{at}/email: {other}"),
    };
    assert_eq!(b.email, want, "{at}/email");
    eq_text(at, ex, "/name", b.name.as_deref());
    eq_text(at, ex, "/phone", b.phone.as_deref());
}

pub fn check_card(at: &str, c: &Card, ex: &Value) {
    eq_text(at, ex, "/brand", c.brand.as_ref().map(CardBrand::as_str));
    eq_text(at, ex, "/country", c.country.as_deref());
    eq_int(at, ex, "/exp_month", c.exp_month);
    eq_int(at, ex, "/exp_year", c.exp_year);
    eq_text(at, ex, "/fingerprint", c.fingerprint.as_deref());
    eq_text(
        at,
        ex,
        "/funding",
        c.funding.as_ref().map(CardFunding::as_str),
    );
    eq_text(at, ex, "/last4", c.last4.as_deref());
}

pub fn check_payment_method(at: &str, m: &PaymentMethod, ex: &Value) {
    assert_eq!(
        m.payment_method_id,
        must_text(at, ex, "/payment_method_id"),
        "{at}"
    );
    nested(
        at,
        ex,
        "/billing_details",
        m.billing_details.as_ref(),
        check_billing_details,
    );
    expandable(at, ex, "/customer", m.customer.as_ref(), check_customer);
    eq_map(at, ex, "/metadata", m.metadata.as_ref());
    nested(at, ex, "/card", m.card.as_ref(), check_card);
    eq_text(at, ex, "/created_at", m.created_at.as_deref());
    eq_flag(at, ex, "/test_mode", m.test_mode);
    eq_flag(at, ex, "/off_session", m.off_session);
}

pub fn check_payment_intent(at: &str, p: &PaymentIntent, ex: &Value) {
    assert_eq!(
        p.payment_intent_id,
        must_text(at, ex, "/payment_intent_id"),
        "{at}"
    );
    eq_int(at, ex, "/amount", p.amount);
    eq_int(at, ex, "/amount_capturable", p.amount_capturable);
    eq_int(at, ex, "/amount_received", p.amount_received);
    eq_int(at, ex, "/application_fee_amount", p.application_fee_amount);
    expandable(at, ex, "/customer", p.customer.as_ref(), check_customer);
    nested(
        at,
        ex,
        "/transfer_data",
        p.transfer_data.as_ref(),
        |at, t, ex| {
            eq_int(at, ex, "/amount", t.amount);
            eq_text(at, ex, "/destination", t.destination.as_deref());
        },
    );
    eq_text(
        at,
        ex,
        "/status",
        p.status.as_ref().map(PaymentIntentStatus::as_str),
    );
    eq_text(at, ex, "/latest_charge", p.latest_charge.as_deref());
    eq_text(at, ex, "/created_at", p.created_at.as_deref());
    expandable(at, ex, "/invoice", p.invoice.as_ref(), check_invoice);
    eq_text(
        at,
        ex,
        "/capture_method",
        p.capture_method.as_ref().map(CaptureMethod::as_str),
    );
    eq_text(at, ex, "/client_secret", p.client_secret.as_deref());
    eq_map(at, ex, "/metadata", p.metadata.as_ref());
    expandable(
        at,
        ex,
        "/payment_method",
        p.payment_method.as_ref(),
        check_payment_method,
    );
    eq_text(
        at,
        ex,
        "/payment_card_type",
        p.payment_card_type.as_ref().map(PaymentCardType::as_str),
    );
    eq_flag(at, ex, "/test_mode", p.test_mode);
    eq_text(at, ex, "/transfer_group", p.transfer_group.as_deref());
    eq_int(at, ex, "/letter_fee_amount", p.letter_fee_amount);
    eq_int(at, ex, "/transaction_fee", p.transaction_fee);
    nested(
        at,
        ex,
        "/last_payment_error",
        p.last_payment_error.as_ref(),
        |at, e, ex| {
            eq_text(at, ex, "/type", e.type_.as_deref());
            eq_text(at, ex, "/code", e.code.as_deref());
            eq_text(at, ex, "/decline_code", e.decline_code.as_deref());
            eq_text(at, ex, "/message", e.message.as_deref());
            eq_text(at, ex, "/payment_method", e.payment_method.as_deref());
        },
    );
}

pub fn check_invoice(at: &str, i: &Invoice, ex: &Value) {
    assert_eq!(i.invoice_id, must_text(at, ex, "/invoice_id"), "{at}");
    eq_int(at, ex, "/total", i.total);
    eq_int(at, ex, "/amount_due", i.amount_due);
    eq_int(at, ex, "/amount_paid", i.amount_paid);
    expandable(
        at,
        ex,
        "/payment_intent",
        i.payment_intent.as_ref(),
        check_payment_intent,
    );
    eq_text(at, ex, "/charge", i.charge.as_deref());
    expandable(at, ex, "/customer", i.customer.as_ref(), check_customer);
    eq_text(at, ex, "/period_end", i.period_end.as_deref());
    eq_text(at, ex, "/period_start", i.period_start.as_deref());
    expandable(
        at,
        ex,
        "/subscription",
        i.subscription.as_ref(),
        check_subscription,
    );
    eq_text(
        at,
        ex,
        "/status",
        i.status.as_ref().map(InvoiceStatus::as_str),
    );
    eq_text(
        at,
        ex,
        "/collection_method",
        i.collection_method.as_ref().map(CollectionMethod::as_str),
    );
    eq_flag(at, ex, "/test_mode", i.test_mode);
    eq_map(at, ex, "/metadata", i.metadata.as_ref());
    eq_text(at, ex, "/created_at", i.created_at.as_deref());
}

pub fn check_subscription_item(at: &str, s: &SubscriptionItem, ex: &Value) {
    eq_text(
        at,
        ex,
        "/subscription_item_id",
        s.subscription_item_id.as_deref(),
    );
    expandable(at, ex, "/price", s.price.as_ref(), check_price);
    eq_int(at, ex, "/quantity", s.quantity);
    eq_text(at, ex, "/created_at", s.created_at.as_deref());
    eq_text(at, ex, "/updated_at", s.updated_at.as_deref());
    eq_flag(at, ex, "/test_mode", s.test_mode);
}

pub fn check_subscription(at: &str, s: &Subscription, ex: &Value) {
    eq_text(at, ex, "/subscription_id", s.subscription_id.as_deref());
    eq_text(at, ex, "/created_at", s.created_at.as_deref());
    each(
        at,
        ex,
        "/items",
        s.items.as_deref(),
        check_subscription_item,
    );
    expandable(
        at,
        ex,
        "/latest_invoice",
        s.latest_invoice.as_ref(),
        check_invoice,
    );
    expandable(at, ex, "/customer", s.customer.as_ref(), check_customer);
    eq_text(
        at,
        ex,
        "/status",
        s.status.as_ref().map(SubscriptionStatus::as_str),
    );
    eq_flag(at, ex, "/cancel_at_period_end", s.cancel_at_period_end);
    eq_text(
        at,
        ex,
        "/current_period_end",
        s.current_period_end.as_deref(),
    );
    eq_text(
        at,
        ex,
        "/current_period_start",
        s.current_period_start.as_deref(),
    );
    eq_map(at, ex, "/metadata", s.metadata.as_ref());
    eq_flag(at, ex, "/test_mode", s.test_mode);
    nested(
        at,
        ex,
        "/client_secret",
        s.client_secret.as_ref(),
        |at, c, ex| {
            eq_text(at, ex, "/setup_secret", c.setup_secret.as_deref());
            eq_text(at, ex, "/payment_secret", c.payment_secret.as_deref());
        },
    );
    eq_text(
        at,
        ex,
        "/proration_behavior",
        s.proration_behavior.as_ref().map(ProrationBehavior::as_str),
    );
    eq_text(at, ex, "/trial_start", s.trial_start.as_deref());
    eq_text(at, ex, "/trial_end", s.trial_end.as_deref());
    eq_text(at, ex, "/cancel_at", s.cancel_at.as_deref());
    expandable(
        at,
        ex,
        "/default_payment_method",
        s.default_payment_method.as_ref(),
        check_payment_method,
    );
}

pub fn check_capture_item(at: &str, c: &CaptureItem, ex: &Value) {
    eq_text(at, ex, "/capture_item_id", c.capture_item_id.as_deref());
    eq_int(at, ex, "/amount_captured", c.amount_captured);
    eq_text(at, ex, "/created_at", c.created_at.as_deref());
    expandable(at, ex, "/price", c.price.as_ref(), check_price);
    expandable(
        at,
        ex,
        "/payment_intent",
        c.payment_intent.as_ref(),
        check_payment_intent,
    );
    eq_flag(at, ex, "/test_mode", c.test_mode);
}

pub fn check_capture(at: &str, c: &Capture, ex: &Value) {
    assert_eq!(c.capture_id, must_text(at, ex, "/capture_id"), "{at}");
    eq_int(at, ex, "/amount_captured", c.amount_captured);
    eq_int(
        at,
        ex,
        "/amount_shipping_captured",
        c.amount_shipping_captured,
    );
    eq_int(
        at,
        ex,
        "/amount_discount_captured",
        c.amount_discount_captured,
    );
    eq_int(at, ex, "/amount_tax_captured", c.amount_tax_captured);
    eq_text(at, ex, "/created_at", c.created_at.as_deref());
    each(at, ex, "/items", c.items.as_deref(), check_capture_item);
    eq_map(at, ex, "/metadata", c.metadata.as_ref());
    eq_flag(at, ex, "/test_mode", c.test_mode);
}

pub fn check_refund_item(at: &str, r: &RefundItem, ex: &Value) {
    eq_int(at, ex, "/amount_refunded", r.amount_refunded);
    expandable(
        at,
        ex,
        "/payment_intent",
        r.payment_intent.as_ref(),
        check_payment_intent,
    );
    eq_text(at, ex, "/payment_method_id", r.payment_method_id.as_deref());
    eq_text(at, ex, "/reference_id", r.reference_id.as_deref());
    eq_text(
        at,
        ex,
        "/reference_type",
        r.reference_type.as_ref().map(RefundReferenceType::as_str),
    );
    eq_text(
        at,
        ex,
        "/reference_status",
        r.reference_status
            .as_ref()
            .map(RefundReferenceStatus::as_str),
    );
}

pub fn check_refund(at: &str, r: &Refund, ex: &Value) {
    assert_eq!(r.refund_id, must_text(at, ex, "/refund_id"), "{at}");
    eq_text(at, ex, "/payment_intent_id", r.payment_intent_id.as_deref());
    eq_int(at, ex, "/amount", r.amount);
    eq_text(at, ex, "/created_at", r.created_at.as_deref());
    eq_text(
        at,
        ex,
        "/reason",
        r.reason.as_ref().map(RefundReason::as_str),
    );
    eq_text(
        at,
        ex,
        "/status",
        r.status.as_ref().map(RefundStatus::as_str),
    );
    eq_flag(at, ex, "/test_mode", r.test_mode);
    eq_map(at, ex, "/metadata", r.metadata.as_ref());
    eq_text(at, ex, "/reference_id", r.reference_id.as_deref());
    eq_text(
        at,
        ex,
        "/reference_type",
        r.reference_type.as_ref().map(RefundReferenceType::as_str),
    );
    eq_text(
        at,
        ex,
        "/reference_status",
        r.reference_status
            .as_ref()
            .map(RefundReferenceStatus::as_str),
    );
    each(at, ex, "/items", r.items.as_deref(), check_refund_item);
    eq_text(at, ex, "/subscription_id", r.subscription_id.as_deref());
    eq_text(at, ex, "/invoice_id", r.invoice_id.as_deref());
}

pub fn check_shipping_rate(at: &str, s: &ShippingRate, ex: &Value) {
    assert_eq!(
        s.shipping_rate_id,
        must_text(at, ex, "/shipping_rate_id"),
        "{at}"
    );
    eq_flag(at, ex, "/active", s.active);
    eq_text(at, ex, "/display_name", s.display_name.as_deref());
    eq_int(at, ex, "/amount", s.amount);
    eq_map(at, ex, "/metadata", s.metadata.as_ref());
    eq_text(at, ex, "/created_at", s.created_at.as_deref());
}

pub fn check_line_item(at: &str, l: &LineItem, ex: &Value) {
    assert_eq!(l.line_item_id, must_text(at, ex, "/line_item_id"), "{at}");
    eq_int(at, ex, "/amount_discount", l.amount_discount);
    eq_int(at, ex, "/amount_subtotal", l.amount_subtotal);
    eq_int(at, ex, "/amount_tax", l.amount_tax);
    eq_int(at, ex, "/amount_total", l.amount_total);
    eq_int(at, ex, "/amount_shipping", l.amount_shipping);
    eq_text(at, ex, "/description", l.description.as_deref());
    expandable(at, ex, "/price", l.price.as_ref(), check_price);
    eq_int(at, ex, "/quantity", l.quantity);
    eq_text(
        at,
        ex,
        "/eligibility",
        l.eligibility.as_ref().map(HsaFsaEligibility::as_str),
    );
    expandable(
        at,
        ex,
        "/shipping_rate",
        l.shipping_rate.as_ref(),
        check_shipping_rate,
    );
}

pub fn check_cart(at: &str, c: &Cart, ex: &Value) {
    eq_int(at, ex, "/amount_total", c.amount_total);
    eq_int(at, ex, "/amount_subtotal", c.amount_subtotal);
    eq_int(at, ex, "/amount_tax", c.amount_tax);
    eq_int(at, ex, "/amount_discount", c.amount_discount);
    expandable(
        at,
        ex,
        "/payment_intent",
        c.payment_intent.as_ref(),
        check_payment_intent,
    );
    eq_int(at, ex, "/amount_shipping", c.amount_shipping);
}

pub fn check_split_cart(at: &str, s: &SplitCart, ex: &Value) {
    eq_text(at, ex, "/split_cart_id", s.split_cart_id.as_deref());
    nested(
        at,
        ex,
        "/eligible_cart",
        s.eligible_cart.as_ref(),
        check_cart,
    );
    nested(
        at,
        ex,
        "/non_eligible_cart",
        s.non_eligible_cart.as_ref(),
        check_cart,
    );
    eq_text(
        at,
        ex,
        "/checkout_session_id",
        s.checkout_session_id.as_deref(),
    );
}

pub fn check_fee(at: &str, f: &Fee, ex: &Value) {
    eq_text(at, ex, "/fee_id", f.fee_id.as_deref());
    eq_text(at, ex, "/fee_type", f.fee_type.as_deref());
    eq_int(at, ex, "/amount", f.amount);
    eq_text(at, ex, "/name", f.name.as_deref());
    eq_text(at, ex, "/description", f.description.as_deref());
}

pub fn raw_map(map: Option<&BTreeMap<String, Value>>) -> Option<Value> {
    map.map(|m| Value::Object(m.clone().into_iter().collect()))
}

pub fn check_checkout_session(at: &str, s: &CheckoutSession, ex: &Value) {
    assert_eq!(
        s.checkout_session_id,
        must_text(at, ex, "/checkout_session_id"),
        "{at}"
    );
    eq_flag(at, ex, "/allow_promotion_codes", s.allow_promotion_codes);
    eq_int(at, ex, "/amount_total", s.amount_total);
    eq_int(at, ex, "/amount_subtotal", s.amount_subtotal);
    eq_int(at, ex, "/amount_received", s.amount_received);
    eq_int(at, ex, "/amount_refunded", s.amount_refunded);
    eq_int(at, ex, "/amount_disputed", s.amount_disputed);
    eq_text(at, ex, "/cancel_url", s.cancel_url.as_deref());
    each(at, ex, "/captures", s.captures.as_deref(), |at, c, ex| {
        expanded(at, c, ex, check_capture)
    });
    each(at, ex, "/disputes", s.disputes.as_deref(), |at, d, ex| {
        expanded(at, d, ex, check_dispute)
    });
    eq_text(
        at,
        ex,
        "/capture_method",
        s.capture_method.as_ref().map(CaptureMethod::as_str),
    );
    eq_text(
        at,
        ex,
        "/client_reference_id",
        s.client_reference_id.as_deref(),
    );
    eq_int(at, ex, "/created_at", s.created_at);
    expandable(at, ex, "/customer", s.customer.as_ref(), check_customer);
    eq_raw(
        at,
        ex,
        "/customer_details",
        raw_map(s.customer_details.as_ref()),
    );
    nested(at, ex, "/defaults", s.defaults.as_ref(), |at, d, ex| {
        eq_text(at, ex, "/customer_id", d.customer_id.as_deref());
        eq_text(at, ex, "/email", d.email.as_deref());
        eq_text(at, ex, "/first_name", d.first_name.as_deref());
        eq_text(at, ex, "/last_name", d.last_name.as_deref());
        eq_text(at, ex, "/phone", d.phone.as_deref());
    });
    eq_int(at, ex, "/expires_at", s.expires_at);
    expandable(at, ex, "/invoice", s.invoice.as_ref(), check_invoice);
    eq_flag(at, ex, "/hsa_fsa_eligible", s.hsa_fsa_eligible);
    eq_text(at, ex, "/latest_charge", s.latest_charge.as_deref());
    eq_flag(
        at,
        ex,
        "/letter_of_medical_necessity_required",
        s.letter_of_medical_necessity_required,
    );
    each(
        at,
        ex,
        "/line_items",
        s.line_items.as_deref(),
        check_line_item,
    );
    eq_map(at, ex, "/metadata", s.metadata.as_ref());
    eq_text(
        at,
        ex,
        "/mode",
        s.mode.as_ref().map(CheckoutSessionMode::as_str),
    );
    eq_text(
        at,
        ex,
        "/origin",
        s.origin.as_ref().map(CheckoutSessionOrigin::as_str),
    );
    expandable(
        at,
        ex,
        "/payment_intent",
        s.payment_intent.as_ref(),
        check_payment_intent,
    );
    eq_text(at, ex, "/payment_intent_id", s.payment_intent_id.as_deref());
    each(
        at,
        ex,
        "/payment_intents",
        s.payment_intents.as_deref(),
        |at, p, ex| expanded(at, p, ex, check_payment_intent),
    );
    eq_raw(
        at,
        ex,
        "/payment_method_options",
        raw_map(s.payment_method_options.as_ref()),
    );
    eq_raw(at, ex, "/platform_fees", raw_map(s.platform_fees.as_ref()));
    each(at, ex, "/fees", s.fees.as_deref(), check_fee);
    eq_raw(
        at,
        ex,
        "/custom_text",
        s.custom_text
            .as_ref()
            .map(|c| serde_json::to_value(c).expect("encodes")),
    );
    eq_text(at, ex, "/redirect_url", s.redirect_url.as_deref());
    each(at, ex, "/refunds", s.refunds.as_deref(), |at, r, ex| {
        expanded(at, r, ex, check_refund)
    });
    expandable(
        at,
        ex,
        "/setup_intent",
        s.setup_intent.as_ref(),
        check_setup_intent,
    );
    nested(
        at,
        ex,
        "/shipping_options",
        s.shipping_options.as_ref(),
        |at, o, ex| {
            eq_text(at, ex, "/shipping_rate_id", o.shipping_rate_id.as_deref());
            eq_int(at, ex, "/shipping_amount", o.shipping_amount);
            eq_text(at, ex, "/display_name", o.display_name.as_deref());
        },
    );
    eq_flag(
        at,
        ex,
        "/shipping_address_collection",
        s.shipping_address_collection,
    );
    nested(
        at,
        ex,
        "/shipping_details",
        s.shipping_details.as_ref(),
        check_shipping_address,
    );
    expandable(
        at,
        ex,
        "/split_cart",
        s.split_cart.as_ref(),
        check_split_cart,
    );
    eq_text(
        at,
        ex,
        "/status",
        s.status.as_ref().map(CheckoutSessionStatus::as_str),
    );
    eq_text(at, ex, "/success_url", s.success_url.as_deref());
    expandable(
        at,
        ex,
        "/subscription",
        s.subscription.as_ref(),
        check_subscription,
    );
    nested(
        at,
        ex,
        "/subscription_data",
        s.subscription_data.as_ref(),
        |at, d, ex| {
            eq_text(at, ex, "/cancel_at", d.cancel_at.as_deref());
            eq_text(at, ex, "/trial_end", d.trial_end.as_deref());
            eq_flag(at, ex, "/cancel_at_period_end", d.cancel_at_period_end);
            eq_int(at, ex, "/trial_period_days", d.trial_period_days);
        },
    );
    nested(at, ex, "/tax_rate", s.tax_rate.as_ref(), |at, t, ex| {
        eq_int(at, ex, "/amount", t.amount)
    });
    eq_text(
        at,
        ex,
        "/tax_calculation_mode",
        s.tax_calculation_mode
            .as_ref()
            .map(TaxCalculationMode::as_str),
    );
    eq_flag(at, ex, "/test_mode", s.test_mode);
    nested(
        at,
        ex,
        "/total_details",
        s.total_details.as_ref(),
        |at, t, ex| {
            eq_int(at, ex, "/amount_discount", t.amount_discount);
            eq_int(at, ex, "/amount_tax", t.amount_tax);
            eq_int(at, ex, "/amount_shipping", t.amount_shipping);
            eq_int(at, ex, "/amount_iias", t.amount_iias);
            eq_int(at, ex, "/amount_vision", t.amount_vision);
            eq_int(at, ex, "/amount_prescription", t.amount_prescription);
            eq_int(at, ex, "/amount_service", t.amount_service);
        },
    );
    eq_text(
        at,
        ex,
        "/visit_type",
        s.visit_type.as_ref().map(VisitType::as_str),
    );
    eq_raw(at, ex, "/setup_future_use", s.setup_future_use.clone());
}

pub fn check_allocation(at: &str, a: &Allocation, ex: &Value) {
    eq_text(at, ex, "/payment_method_id", a.payment_method_id.as_deref());
    eq_text(at, ex, "/last4", a.last4.as_deref());
    eq_int(at, ex, "/amount", a.amount);
}

pub fn check_evidence_file(at: &str, f: &DisputeEvidenceFile, ex: &Value) {
    eq_text(at, ex, "/file_id", f.file_id.as_deref());
    eq_text(at, ex, "/filename", f.filename.as_deref());
    eq_text(at, ex, "/stripe_file_id", f.stripe_file_id.as_deref());
}

pub fn check_evidence(at: &str, e: &DisputeEvidence, ex: &Value) {
    let texts = [
        ("/access_activity_log", &e.access_activity_log),
        ("/billing_address", &e.billing_address),
        (
            "/cancellation_policy_disclosure",
            &e.cancellation_policy_disclosure,
        ),
        ("/cancellation_rebuttal", &e.cancellation_rebuttal),
        ("/customer_email_address", &e.customer_email_address),
        ("/customer_name", &e.customer_name),
        ("/customer_purchase_ip", &e.customer_purchase_ip),
        (
            "/duplicate_charge_explanation",
            &e.duplicate_charge_explanation,
        ),
        ("/duplicate_charge_id", &e.duplicate_charge_id),
        ("/product_description", &e.product_description),
        ("/refund_policy_disclosure", &e.refund_policy_disclosure),
        ("/refund_refusal_explanation", &e.refund_refusal_explanation),
        ("/service_date", &e.service_date),
        ("/shipping_address", &e.shipping_address),
        ("/shipping_carrier", &e.shipping_carrier),
        ("/shipping_date", &e.shipping_date),
        ("/shipping_tracking_number", &e.shipping_tracking_number),
        ("/uncategorized_text", &e.uncategorized_text),
    ];
    for (ptr, got) in texts {
        eq_text(at, ex, ptr, got.as_deref());
    }
    let files = [
        ("/cancellation_policy", &e.cancellation_policy),
        ("/customer_communication", &e.customer_communication),
        ("/customer_signature", &e.customer_signature),
        (
            "/duplicate_charge_documentation",
            &e.duplicate_charge_documentation,
        ),
        ("/receipt", &e.receipt),
        ("/refund_policy", &e.refund_policy),
        ("/service_documentation", &e.service_documentation),
        ("/shipping_documentation", &e.shipping_documentation),
        ("/uncategorized_file", &e.uncategorized_file),
    ];
    for (ptr, got) in files {
        expandable(at, ex, ptr, got.as_ref(), check_evidence_file);
    }
}

pub fn check_dispute(at: &str, d: &Dispute, ex: &Value) {
    assert_eq!(d.dispute_id, must_text(at, ex, "/dispute_id"), "{at}");
    eq_text(at, ex, "/stripe_dispute_id", d.stripe_dispute_id.as_deref());
    eq_text(at, ex, "/payment_intent_id", d.payment_intent_id.as_deref());
    eq_text(at, ex, "/charge_id", d.charge_id.as_deref());
    eq_int(at, ex, "/amount", d.amount);
    eq_text(at, ex, "/currency", d.currency.as_deref());
    eq_map(at, ex, "/metadata", d.metadata.as_ref());
    eq_text(at, ex, "/created_at", d.created_at.as_deref());
    eq_text(
        at,
        ex,
        "/status",
        d.status.as_ref().map(DisputeStatus::as_str),
    );
    eq_text(
        at,
        ex,
        "/reason",
        d.reason.as_ref().map(DisputeReason::as_str),
    );
    eq_flag(at, ex, "/is_charge_refundable", d.is_charge_refundable);
    nested(at, ex, "/evidence", d.evidence.as_ref(), check_evidence);
    nested(
        at,
        ex,
        "/evidence_details",
        d.evidence_details.as_ref(),
        |at, e, ex| {
            eq_text(at, ex, "/due_by", e.due_by.as_deref());
            eq_flag(at, ex, "/has_evidence", e.has_evidence);
            eq_flag(at, ex, "/past_due", e.past_due);
            eq_int(at, ex, "/submission_count", e.submission_count);
        },
    );
    each(
        at,
        ex,
        "/balance_transactions",
        d.balance_transactions.as_deref(),
        |at, b, ex| {
            eq_text(
                at,
                ex,
                "/balance_transaction_id",
                b.balance_transaction_id.as_deref(),
            );
            eq_int(at, ex, "/amount", b.amount);
            eq_int(at, ex, "/fee", b.fee);
            eq_int(at, ex, "/net", b.net);
            eq_text(
                at,
                ex,
                "/status",
                b.status.as_ref().map(BalanceTransactionStatus::as_str),
            );
            eq_text(at, ex, "/type", b.type_.as_deref());
            eq_text(
                at,
                ex,
                "/reporting_category",
                b.reporting_category.as_deref(),
            );
            eq_text(at, ex, "/created_at", b.created_at.as_deref());
        },
    );
    nested(
        at,
        ex,
        "/payment_method_details",
        d.payment_method_details.as_ref(),
        |at, p, ex| {
            eq_text(at, ex, "/type", p.type_.as_deref());
            nested(at, ex, "/card", p.card.as_ref(), |at, c, ex| {
                eq_text(at, ex, "/brand", c.brand.as_deref());
                eq_text(
                    at,
                    ex,
                    "/network_reason_code",
                    c.network_reason_code.as_deref(),
                );
            });
        },
    );
    eq_flag(at, ex, "/test_mode", d.test_mode);
    eq_text(
        at,
        ex,
        "/client_reference_id",
        d.client_reference_id.as_deref(),
    );
}

pub fn check_coupon(at: &str, c: &Coupon, ex: &Value) {
    assert_eq!(c.coupon_id, must_text(at, ex, "/coupon_id"), "{at}");
    eq_int(at, ex, "/amount_off", c.amount_off);
    nested(at, ex, "/applies_to", c.applies_to.as_ref(), |at, a, ex| {
        eq_texts(at, ex, "/products", a.products.as_deref())
    });
    eq_text(
        at,
        ex,
        "/duration",
        c.duration.as_ref().map(CouponDuration::as_str),
    );
    eq_int(at, ex, "/duration_in_months", c.duration_in_months);
    eq_map(at, ex, "/metadata", c.metadata.as_ref());
    eq_text(at, ex, "/name", c.name.as_deref());
    eq_num(at, ex, "/percent_off", c.percent_off);
    eq_int(at, ex, "/max_redemptions", c.max_redemptions);
    eq_int(at, ex, "/times_redeemed", c.times_redeemed);
    eq_flag(at, ex, "/valid", c.valid);
    eq_text(at, ex, "/created_at", c.created_at.as_deref());
    eq_flag(at, ex, "/test_mode", c.test_mode);
}

pub fn check_promo_code(at: &str, p: &PromoCode, ex: &Value) {
    assert_eq!(p.promo_code_id, must_text(at, ex, "/promo_code_id"), "{at}");
    eq_text(at, ex, "/code", p.code.as_deref());
    expandable(at, ex, "/coupon", p.coupon.as_ref(), check_coupon);
    eq_int(at, ex, "/max_redemptions", p.max_redemptions);
    eq_int(at, ex, "/times_redeemed", p.times_redeemed);
    eq_text(at, ex, "/created_at", p.created_at.as_deref());
    expandable(at, ex, "/customer", p.customer.as_ref(), check_customer);
    eq_flag(at, ex, "/active", p.active);
    eq_map(at, ex, "/metadata", p.metadata.as_ref());
    eq_flag(at, ex, "/test_mode", p.test_mode);
}

pub fn check_payment_link_line_item(at: &str, l: &PaymentLinkLineItem, ex: &Value) {
    expandable(at, ex, "/price", l.price.as_ref(), check_price);
    nested(at, ex, "/price_data", l.price_data.as_ref(), |at, p, ex| {
        expandable(at, ex, "/product", p.product.as_ref(), check_product);
        eq_int(at, ex, "/unit_amount", p.unit_amount);
        eq_text(at, ex, "/description", p.description.as_deref());
        nested(at, ex, "/recurring", p.recurring.as_ref(), check_recurring);
        eq_map(at, ex, "/metadata", p.metadata.as_ref());
    });
    eq_int(at, ex, "/quantity", l.quantity);
    nested(
        at,
        ex,
        "/shipping_options",
        l.shipping_options.as_ref(),
        |at, o, ex| {
            eq_text(at, ex, "/shipping_rate_id", o.shipping_rate_id.as_deref());
            nested(
                at,
                ex,
                "/shipping_rate_data",
                o.shipping_rate_data.as_ref(),
                |at, d, ex| {
                    eq_text(at, ex, "/display_name", d.display_name.as_deref());
                    eq_int(at, ex, "/amount", d.amount);
                    eq_map(at, ex, "/metadata", d.metadata.as_ref());
                },
            );
        },
    );
    nested(at, ex, "/tax_rate", l.tax_rate.as_ref(), |at, t, ex| {
        eq_int(at, ex, "/amount", t.amount)
    });
}

pub fn check_payment_link(at: &str, l: &PaymentLink, ex: &Value) {
    assert_eq!(
        l.payment_link_id,
        must_text(at, ex, "/payment_link_id"),
        "{at}"
    );
    eq_text(at, ex, "/label", l.label.as_deref());
    eq_flag(at, ex, "/active", l.active);
    each(
        at,
        ex,
        "/line_items",
        l.line_items.as_deref(),
        check_payment_link_line_item,
    );
    eq_flag(at, ex, "/allow_promotion_codes", l.allow_promotion_codes);
    eq_flag(
        at,
        ex,
        "/shipping_address_collection",
        l.shipping_address_collection,
    );
    nested(
        at,
        ex,
        "/shipping_options",
        l.shipping_options.as_ref(),
        |at, o, ex| {
            eq_text(at, ex, "/shipping_rate_id", o.shipping_rate_id.as_deref());
            eq_int(at, ex, "/shipping_amount", o.shipping_amount);
            eq_text(at, ex, "/display_name", o.display_name.as_deref());
        },
    );
    eq_map(at, ex, "/metadata", l.metadata.as_ref());
    eq_text(at, ex, "/url", l.url.as_deref());
    eq_text(at, ex, "/created_at", l.created_at.as_deref());
    nested(
        at,
        ex,
        "/payment_intent_data",
        l.payment_intent_data.as_ref(),
        |at, d, ex| {
            eq_text(
                at,
                ex,
                "/capture_method",
                d.capture_method.as_ref().map(CaptureMethod::as_str),
            );
            eq_map(at, ex, "/metadata", d.metadata.as_ref());
        },
    );
    nested(
        at,
        ex,
        "/after_completion",
        l.after_completion.as_ref(),
        |at, a, ex| {
            eq_text(
                at,
                ex,
                "/type",
                a.type_.as_ref().map(AfterCompletionType::as_str),
            );
            nested(
                at,
                ex,
                "/hosted_confirmation",
                a.hosted_confirmation.as_ref(),
                |at, h, ex| eq_text(at, ex, "/custom_message", h.custom_message.as_deref()),
            );
            nested(at, ex, "/redirect", a.redirect.as_ref(), |at, r, ex| {
                eq_text(at, ex, "/url", r.url.as_deref())
            });
        },
    );
    eq_text(
        at,
        ex,
        "/origin",
        l.origin.as_ref().map(CheckoutSessionOrigin::as_str),
    );
    nested(at, ex, "/tax_rate", l.tax_rate.as_ref(), |at, t, ex| {
        eq_int(at, ex, "/amount", t.amount)
    });
    eq_texts(at, ex, "/discounts", l.discounts.as_deref());
    eq_text(
        at,
        ex,
        "/mode",
        l.mode.as_ref().map(PaymentLinkMode::as_str),
    );
    eq_text(
        at,
        ex,
        "/setup_future_use",
        l.setup_future_use.as_ref().map(SetupFutureUse::as_str),
    );
    eq_flag(at, ex, "/test_mode", l.test_mode);
}

pub fn check_setup_intent(at: &str, s: &SetupIntent, ex: &Value) {
    assert_eq!(
        s.setup_intent_id,
        must_text(at, ex, "/setup_intent_id"),
        "{at}"
    );
    eq_text(at, ex, "/client_secret", s.client_secret.as_deref());
    expandable(at, ex, "/customer", s.customer.as_ref(), check_customer);
    eq_text(at, ex, "/description", s.description.as_deref());
    expandable(
        at,
        ex,
        "/payment_method",
        s.payment_method.as_ref(),
        check_payment_method,
    );
    eq_text(at, ex, "/partner_id", s.partner_id.as_deref());
    eq_map(at, ex, "/metadata", s.metadata.as_ref());
    eq_text(at, ex, "/created_at", s.created_at.as_deref());
    eq_flag(at, ex, "/test_mode", s.test_mode);
    eq_text(
        at,
        ex,
        "/status",
        s.status.as_ref().map(SetupIntentStatus::as_str),
    );
    eq_text(
        at,
        ex,
        "/usage",
        s.usage.as_ref().map(SetupIntentUsage::as_str),
    );
    eq_text(at, ex, "/subscription_id", s.subscription_id.as_deref());
    expandable(
        at,
        ex,
        "/subscription",
        s.subscription.as_ref(),
        check_subscription,
    );
}

pub fn check_file(at: &str, f: &File, ex: &Value) {
    assert_eq!(f.file_id, must_text(at, ex, "/file_id"), "{at}");
    eq_text(
        at,
        ex,
        "/purpose",
        f.purpose.as_ref().map(FilePurpose::as_str),
    );
    eq_text(at, ex, "/filename", f.filename.as_deref());
    eq_int(at, ex, "/size", f.size);
    eq_text(at, ex, "/type", f.type_.as_deref());
    eq_text(at, ex, "/created_at", f.created_at.as_deref());
    eq_text(at, ex, "/expires_at", f.expires_at.as_deref());
}

pub fn check_export(at: &str, e: &Export, ex: &Value) {
    assert_eq!(e.export_id, must_text(at, ex, "/export_id"), "{at}");
    eq_text(at, ex, "/description", e.description.as_deref());
    eq_text(at, ex, "/type", e.type_.as_ref().map(ExportType::as_str));
    eq_text(
        at,
        ex,
        "/status",
        e.status.as_ref().map(ExportStatus::as_str),
    );
    eq_text(at, ex, "/created_at", e.created_at.as_deref());
    eq_text(at, ex, "/started_at", e.started_at.as_deref());
    eq_text(at, ex, "/completed_at", e.completed_at.as_deref());
    eq_map(at, ex, "/metadata", e.metadata.as_ref());
    nested(at, ex, "/filters", e.filters.as_ref(), |at, f, ex| {
        nested(at, ex, "/payment", f.payment.as_ref(), |at, p, ex| {
            eq_int(at, ex, "/limit", p.limit);
            eq_text(at, ex, "/customer", p.customer.as_deref());
        });
    });
    eq_flag(at, ex, "/test_mode", e.test_mode);
}

pub fn check_payout(at: &str, p: &Payout, ex: &Value) {
    assert_eq!(p.payout_id, must_text(at, ex, "/payout_id"), "{at}");
    eq_text(
        at,
        ex,
        "/status",
        p.status.as_ref().map(PayoutStatus::as_str),
    );
    eq_int(at, ex, "/amount", p.amount);
    eq_text(at, ex, "/arrival_date", p.arrival_date.as_deref());
    eq_text(at, ex, "/created_at", p.created_at.as_deref());
    eq_text(at, ex, "/source_type", p.source_type.as_deref());
    eq_flag(at, ex, "/test_mode", p.test_mode);
}

pub fn check_balance_transaction(at: &str, b: &BalanceTransaction, ex: &Value) {
    assert_eq!(
        b.balance_transaction_id,
        must_text(at, ex, "/balance_transaction_id"),
        "{at}"
    );
    eq_int(at, ex, "/amount", b.amount);
    eq_int(at, ex, "/fee", b.fee);
    eq_int(at, ex, "/net", b.net);
    eq_text(
        at,
        ex,
        "/status",
        b.status.as_ref().map(BalanceTransactionStatus::as_str),
    );
    eq_flag(at, ex, "/test_mode", b.test_mode);
    eq_text(at, ex, "/available_on", b.available_on.as_deref());
    eq_text(at, ex, "/created_at", b.created_at.as_deref());
    eq_num(at, ex, "/exchange_rate", b.exchange_rate);
    eq_text(
        at,
        ex,
        "/reporting_category",
        b.reporting_category.as_deref(),
    );
    eq_text(
        at,
        ex,
        "/checkout_session_id",
        b.checkout_session_id.as_deref(),
    );
    eq_text(
        at,
        ex,
        "/client_reference_id",
        b.client_reference_id.as_deref(),
    );
    eq_text(at, ex, "/source_id", b.source_id.as_deref());
    eq_text(at, ex, "/type", b.type_.as_deref());
    eq_text(
        at,
        ex,
        "/flex_payment_intent_id",
        b.flex_payment_intent_id.as_deref(),
    );
    eq_text(at, ex, "/mid", b.mid.as_deref());
    eq_text(at, ex, "/currency", b.currency.as_deref());
    eq_map(at, ex, "/metadata", b.metadata.as_ref());
    eq_int(at, ex, "/transaction_fee_amount", b.transaction_fee_amount);
    eq_int(at, ex, "/interchange_fee_amount", b.interchange_fee_amount);
    eq_int(at, ex, "/lmn_fee_amount", b.lmn_fee_amount);
    eq_int(at, ex, "/dispute_fee_amount", b.dispute_fee_amount);
    eq_text(at, ex, "/card_type", b.card_type.as_deref());
    eq_text(at, ex, "/card_network", b.card_network.as_deref());
}

pub fn check_event(at: &str, e: &Event, ex: &Value) {
    assert_eq!(e.event_id, must_text(at, ex, "/event_id"), "{at}");
    eq_text(
        at,
        ex,
        "/event_type",
        e.event_type.as_ref().map(EventType::as_str),
    );
    eq_raw(at, ex, "/object", raw_map(e.object.as_ref()));
    eq_flag(at, ex, "/test_mode", e.test_mode);
    eq_text(at, ex, "/created_at", e.created_at.as_deref());
}
