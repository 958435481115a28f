//! The types the generator makes of valid OpenAPI with no exact Rust type
//! (`tests/fixtures/loosened.yaml`, committed as `tests/loosened-client`): each precise type
//! decodes every shape it names and writes it back unchanged, and each looser one decodes what
//! the spec allows (and what its dropped rule would have refused), never losing a value.

use loosened_client::types::{
    Contact, GitSource, Ledger, LedgerCurrency, Limit, Notice, Payment, Shape, Timeoff,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Decodes `value` as `T`, and checks that encoding it again gives `value` back.
fn round_trip<T: DeserializeOwned + Serialize>(value: Value) -> T {
    let decoded: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{value} does not decode: {e}"));
    assert_eq!(
        serde_json::to_value(&decoded).expect("encodes"),
        value,
        "round trip"
    );
    decoded
}

/// A discriminated union whose member is itself one (`Notice` → `Push` → `PushIos`,
/// `PushAndroid`) is one enum: each tag value picks its concrete type, whether the tag is a
/// `const` (`email`), a nullable single-value enum (`push.ios`) or the nested union's mapping
/// (`push.android`).
#[test]
fn a_nested_discriminated_union_is_one_flat_enum() {
    let email: Notice = round_trip(json!({"kind": "email", "to": "ana@example.com"}));
    assert!(
        matches!(&email, Notice::Email(e) if e.to == "ana@example.com"),
        "{email:?}"
    );
    let ios: Notice = round_trip(json!({"kind": "push.ios", "token": "t-1"}));
    assert!(
        matches!(&ios, Notice::PushIos(p) if p.token == "t-1"),
        "{ios:?}"
    );
    let android: Notice = round_trip(json!({"kind": "push.android", "registration": "r-1"}));
    assert!(
        matches!(&android, Notice::PushAndroid(p) if p.registration == "r-1"),
        "{android:?}"
    );
    // A kind this client does not know keeps the whole object.
    let sms = json!({"kind": "sms", "number": "+15550100"});
    let unknown: Notice = round_trip(sms.clone());
    assert_eq!(unknown, Notice::Unknown(sms));
}

/// `allOf: [Base, {oneOf: [Card, Bank]}]`: a variant per member, each with the shared fields.
#[test]
fn an_all_of_around_a_one_of_is_the_union_with_the_shared_fields_in_each_variant() {
    let card: Payment =
        round_trip(json!({"id": "pay_1", "amount": 1200, "method": "card", "last4": "4242"}));
    match &card {
        Payment::Card(card) => {
            assert_eq!((card.id.as_str(), card.amount), ("pay_1", 1200));
            assert_eq!(card.last4, "4242");
        }
        other => panic!("not a card: {other:?}"),
    }
    let bank: Payment =
        round_trip(json!({"id": "pay_2", "amount": 5, "method": "bank", "routing": "011000015"}));
    assert!(matches!(&bank, Payment::Bank(b) if b.routing == "011000015" && b.id == "pay_2"));
    // The shared fields are required in every variant.
    let no_amount = json!({"id": "pay_3", "method": "card", "last4": "4242"});
    assert!(!matches!(
        serde_json::from_value::<Payment>(no_amount),
        Ok(Payment::Card(_))
    ));
}

/// A discriminator that names no value for one member: untagged, the most specific first.
#[test]
fn a_discriminator_missing_a_member_makes_an_untagged_enum_that_decodes_every_shape() {
    let circle: Shape = round_trip(json!({"shape": "circle", "radius": 1.5}));
    assert!(
        matches!(&circle, Shape::Circle(c) if c.radius == 1.5),
        "{circle:?}"
    );
    let square: Shape = round_trip(json!({"sides": 4}));
    assert!(
        matches!(&square, Shape::Object(s) if s.sides == 4),
        "{square:?}"
    );
    let other: Shape = round_trip(json!("a drawing"));
    assert_eq!(other, Shape::Unknown(json!("a drawing")));
}

/// Two members with the same tag value (`type: github`): untagged, so each shape finds its own.
#[test]
fn members_sharing_a_tag_value_are_told_apart_by_their_shapes() {
    let by_name: GitSource = round_trip(json!({"type": "github", "org": "flex", "repo": "sdk"}));
    assert!(
        matches!(&by_name, GitSource::RepoByName(r) if r.repo == "sdk"),
        "{by_name:?}"
    );
    let by_id: GitSource = round_trip(json!({"type": "github", "repo_id": 42}));
    assert!(
        matches!(&by_id, GitSource::RepoById(r) if r.repo_id == 42),
        "{by_id:?}"
    );
}

/// `type: [integer, string, "null"]`: an untagged enum of the two types.
#[test]
fn several_types_in_one_type_decode_each_as_its_own_variant() {
    assert_eq!(round_trip::<Limit>(json!(25)), Limit::Integer(25));
    assert_eq!(
        round_trip::<Limit>(json!("unlimited")),
        Limit::String("unlimited".to_owned())
    );
    assert_eq!(round_trip::<Limit>(json!(2.5)), Limit::Unknown(json!(2.5)));
}

/// Bounds beyond `i64` are dropped, not refused: the integer types follow `format`, and the
/// extremes of each decode.
#[test]
fn numbers_follow_their_format_whatever_their_bounds_say() {
    let timeoff: Timeoff = round_trip(json!({
        "id": "to_1", "hours": 8, "balance": i64::MIN, "sequence": u64::MAX, "note": "summer"
    }));
    let hours: i32 = timeoff.hours;
    let sequence: Option<u64> = timeoff.sequence;
    assert_eq!(
        (hours, sequence, timeoff.balance),
        (8, Some(u64::MAX), Some(i64::MIN))
    );
    // `int32` is checked by the type itself.
    let too_many = json!({"id": "to_2", "hours": 3_000_000_000_i64});
    assert!(serde_json::from_value::<Timeoff>(too_many).is_err());
}

/// `not` and `propertyNames` are rules the client does not check: what they would refuse
/// decodes, and nothing of it is lost.
#[test]
fn dropped_rules_let_every_value_through() {
    let both: Contact = round_trip(json!({
        "email": "ana@example.com", "phone": "+15550100", "labels": {"Not-Lower": "kept"}
    }));
    assert_eq!(both.email.as_deref(), Some("ana@example.com"));
    assert_eq!(both.phone.as_deref(), Some("+15550100"));
    assert_eq!(
        both.labels
            .as_ref()
            .and_then(|l| l.get("Not-Lower"))
            .map(String::as_str),
        Some("kept")
    );
}

/// `allOf: [X, {description, nullable}]` is `X`, nullable; `allOf` of two scalars is the first.
#[test]
fn annotating_all_of_members_keep_the_type_of_the_one_that_has_one() {
    let ledger: Ledger = round_trip(json!({"currency": "usd"}));
    assert_eq!(ledger.currency, Some(LedgerCurrency::Usd));
    let null_payment: Ledger = serde_json::from_value(json!({"payment": null})).expect("decodes");
    assert_eq!(null_payment.payment, None);
    let paid: Ledger = round_trip(json!({
        "payment": {"id": "pay_1", "amount": 1, "method": "bank", "routing": "1"},
        "currency": "gbp"
    }));
    assert!(matches!(paid.payment, Some(Payment::Bank(_))));
    assert_eq!(
        paid.currency,
        Some(LedgerCurrency::Unknown("gbp".to_owned()))
    );
}

/// `/v1/timeoff/{id}` with the path parameter `timeoff_id`: the parameter fills the placeholder.
/// The 404 of `listNotices` is a reference into another operation's responses, inlined.
#[tokio::test]
async fn a_path_parameter_slip_fills_the_placeholder() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/timeoff/to_7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "to_7", "hours": 4})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/notices"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "gone"})))
        .mount(&server)
        .await;
    let client = loosened_client::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("valid configuration");
    let timeoff = client.get_timeoff("to_7").await.expect("found");
    assert_eq!((timeoff.id.as_str(), timeoff.hours), ("to_7", 4));
    match client.list_notices().await {
        Err(loosened_client::Error::Api(error)) => {
            assert_eq!(error.status, 404);
            assert_eq!(error.message.as_deref(), Some("gone"));
        }
        other => panic!("expected the 404: {other:?}"),
    }
}
