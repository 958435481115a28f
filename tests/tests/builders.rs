//! Requests built as the README shows: `new(..)` with the required fields, a setter per optional
//! one. What the setters take (`impl Into<T>`), what they send, and what building a request this
//! way keeps (serde both ways, `Default`, public fields).

use flex_client::types::{
    CheckoutSessionMode, CreateCheckoutSession, CreateCheckoutSessionLineItem, CreateCustomer,
    CreatePrice, ListCustomersParams, MetadataParam, RecurringInterval, RecurringParams,
};
use serde_json::json;
use std::collections::BTreeMap;

fn checkout() -> CreateCheckoutSession {
    CreateCheckoutSession::new()
        .mode(CheckoutSessionMode::Payment)
        .line_items([CreateCheckoutSessionLineItem::new()
            .price("fprice_01J9XR8M3K7VZ8N2YB4WJ6T0RA")
            .quantity(2)])
        .success_url("https://shop.example/thanks")
        .allow_promotion_codes(true)
}

#[test]
fn a_chain_sends_the_fields_it_sets_and_nothing_else() {
    assert_eq!(
        serde_json::to_value(checkout()).expect("serializes"),
        json!({
            "mode": "payment",
            "line_items": [{"price": "fprice_01J9XR8M3K7VZ8N2YB4WJ6T0RA", "quantity": 2}],
            "success_url": "https://shop.example/thanks",
            "allow_promotion_codes": true,
        })
    );
    // The setters set the public fields, which read back what was given.
    let body = checkout();
    assert_eq!(body.mode, Some(CheckoutSessionMode::Payment));
    assert_eq!(body.cancel_url, None);
}

#[test]
fn setters_take_anything_that_converts() {
    // An enum from its wire string (a value this client does not know yet included), a union from
    // one of its variants' values, a list from an array.
    let body = CreateCheckoutSession::new().mode("payment");
    assert_eq!(body.mode, Some(CheckoutSessionMode::Payment));
    let body = CreateCheckoutSession::new().mode("installments");
    assert_eq!(
        body.mode,
        Some(CheckoutSessionMode::Unknown("installments".to_owned()))
    );
    let tags = BTreeMap::from([("tier".to_owned(), "gold".to_owned())]);
    let customer = CreateCustomer::new().metadata(tags.clone());
    assert_eq!(customer.metadata, Some(MetadataParam::Metadata(tags)));
    let customer = CreateCustomer::new().metadata(r#"{"tier":"gold"}"#.to_owned());
    assert_eq!(
        customer.metadata,
        Some(MetadataParam::String(r#"{"tier":"gold"}"#.to_owned()))
    );
    // `new` takes the required fields the same way.
    let price = CreatePrice::new("fprod_01J9XP7Q3R5S7T9V1W3X5Y7Z9A")
        .unit_amount(1200)
        .recurring(
            RecurringParams::new()
                .interval(RecurringInterval::Daily)
                .interval_count(30),
        );
    assert_eq!(price.product, "fprod_01J9XP7Q3R5S7T9V1W3X5Y7Z9A");
    assert_eq!(
        serde_json::to_value(&price).expect("serializes")["recurring"],
        json!({"interval": "daily", "interval_count": 30})
    );
}

#[test]
fn request_bodies_round_trip_and_load_from_json() {
    // Users keep requests in config files and queues: a request type decodes and re-encodes.
    let text = serde_json::to_string(&checkout()).expect("serializes");
    let back: CreateCheckoutSession = serde_json::from_str(&text).expect("decodes");
    assert_eq!(back, checkout());
    // An operation's parameters only go out (into the query): they encode, and do not decode
    // (no `Deserialize`, the largest derive, on types nothing reads back).
    assert_eq!(
        serde_json::to_value(
            ListCustomersParams::new()
                .limit(50)
                .email("ada@example.com")
        )
        .expect("encodes"),
        json!({"limit": 50, "email": "ada@example.com"})
    );
}

#[test]
fn an_all_optional_type_is_default_and_new_alike() {
    assert_eq!(
        CreateCheckoutSession::new(),
        CreateCheckoutSession::default()
    );
    assert_eq!(
        serde_json::to_value(ListCustomersParams::new()).expect("serializes"),
        json!({})
    );
    // A field set from an `Option` the caller has is assigned: the fields are public.
    let limit: Option<i64> = Some(10);
    let mut params = ListCustomersParams::new().email("ada@example.com");
    params.limit = limit;
    assert_eq!(
        params,
        ListCustomersParams::new()
            .email("ada@example.com")
            .limit(10)
    );
}
