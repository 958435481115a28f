//! Webhook signatures (`flex_client::webhooks`): Svix-scheme deliveries verified against test
//! vectors computed independently of the code under test (`tests/data/webhooks/sign_vectors.py`,
//! Python's `hmac`; and the published vector of the Svix libraries), and every way a delivery can
//! be forged or replayed.
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use flex_client::webhooks::*;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

const VECTORS: &str = include_str!("../data/webhooks/vectors.json");

const SECRET: &str = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const SECRET_B64: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const ID: &str = "msg_2Ka9Xw1";
const TS: u64 = 1_714_000_000;
const BODY: &[u8] = br#"{"event_id": "evt_01HZX4Q9K7", "event_type": "payment.succeeded", "event_dt": 1714000000, "object": {"id": "pay_123", "amount": 4200}}"#;

struct Vector {
    name: String,
    secret: String,
    id: String,
    timestamp: u64,
    body: String,
    signature: String,
    signature_header: String,
}

fn vectors() -> Vec<Vector> {
    let all: Vec<Value> = serde_json::from_str(VECTORS).expect("vectors.json is JSON");
    assert!(all.len() >= 5, "expected a handful of vectors");
    all.iter()
        .map(|v| {
            let s = |k: &str| v[k].as_str().unwrap_or_else(|| panic!("{k}")).to_owned();
            Vector {
                name: s("name"),
                secret: s("secret"),
                id: s("id"),
                timestamp: v["timestamp"].as_u64().expect("timestamp"),
                body: s("body"),
                signature: s("signature"),
                signature_header: s("signature_header"),
            }
        })
        .collect()
}

fn headers(id: &str, ts: &str, sig: &str) -> Vec<(String, String)> {
    vec![
        (HEADER_ID.to_owned(), id.to_owned()),
        (HEADER_TIMESTAMP.to_owned(), ts.to_owned()),
        (HEADER_SIGNATURE.to_owned(), sig.to_owned()),
    ]
}

fn webhook() -> Webhook {
    Webhook::new(SECRET).expect("valid secret")
}

fn signed() -> Vec<(String, String)> {
    headers(ID, &TS.to_string(), &webhook().sign(ID, TS, BODY))
}

#[test]
fn python_vectors_sign_and_verify() {
    for v in vectors() {
        let wh = Webhook::new(&v.secret).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        let body = v.body.as_bytes();
        assert_eq!(wh.sign(&v.id, v.timestamp, body), v.signature, "{}", v.name);
        let h = headers(&v.id, &v.timestamp.to_string(), &v.signature_header);
        wh.verify_at(&h, body, v.timestamp)
            .unwrap_or_else(|e| panic!("{}: {e}", v.name));
        // The vectors' bodies are signed byte for byte: one more byte fails.
        let mut longer = body.to_vec();
        longer.push(b' ');
        assert!(matches!(
            wh.verify_at(&h, &longer, v.timestamp),
            Err(WebhookError::NoMatchingSignature)
        ));
    }
}

/// Published in svix/svix-webhooks, python/tests/test_webhooks.py
/// (`test_sign_function`), and the same in their other libraries' tests.
#[test]
fn svix_published_vector() {
    let wh = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
    let (id, ts, body) = (
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1_614_265_330,
        br#"{"test": 2432232314}"#,
    );
    let expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    assert_eq!(wh.sign(id, ts, body), expected);
    let h = [
        ("svix-id", id),
        ("svix-timestamp", "1614265330"),
        ("svix-signature", expected),
    ];
    wh.verify_at(&h, body, ts).unwrap();
    // Without the prefix, same key.
    let bare = Webhook::new("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
    assert_eq!(bare.sign(id, ts, body), expected);
    // One changed base64 digit (their invalid-signature case) fails.
    let bad = [
        ("svix-id", id),
        ("svix-timestamp", "1614265330"),
        (
            "svix-signature",
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=",
        ),
    ];
    assert!(matches!(
        wh.verify_at(&bad, body, ts),
        Err(WebhookError::NoMatchingSignature)
    ));
}

#[test]
fn valid_delivery_verifies() {
    webhook().verify_at(&signed(), BODY, TS).unwrap();
}

#[test]
fn verify_uses_the_system_clock() {
    let wh = webhook();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let h = headers(ID, &now.to_string(), &wh.sign(ID, now, BODY));
    wh.verify(&h, BODY).unwrap();
    let event: Value = wh.construct_event(&h, BODY).unwrap();
    assert_eq!(event["event_type"], "payment.succeeded");
    let old = headers(ID, "1614265330", &wh.sign(ID, 1_614_265_330, BODY));
    assert!(matches!(
        wh.verify(&old, BODY),
        Err(WebhookError::TimestampTooOld { .. })
    ));
}

#[test]
fn tampered_body_fails() {
    let body = BODY.to_vec();
    let tampered = String::from_utf8(body).unwrap().replace("4200", "4201");
    assert!(matches!(
        webhook().verify_at(&signed(), tampered.as_bytes(), TS),
        Err(WebhookError::NoMatchingSignature)
    ));
}

#[test]
fn tampered_id_or_timestamp_fails() {
    let wh = webhook();
    let sig = wh.sign(ID, TS, BODY);
    let h = headers(ID, &(TS + 1).to_string(), &sig);
    assert!(matches!(
        wh.verify_at(&h, BODY, TS),
        Err(WebhookError::NoMatchingSignature)
    ));
    let h = headers("msg_other", &TS.to_string(), &sig);
    assert!(matches!(
        wh.verify_at(&h, BODY, TS),
        Err(WebhookError::NoMatchingSignature)
    ));
}

#[test]
fn wrong_secret_fails() {
    let other = Webhook::new("whsec_BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=").unwrap();
    assert!(matches!(
        other.verify_at(&signed(), BODY, TS),
        Err(WebhookError::NoMatchingSignature)
    ));
}

#[test]
fn stale_timestamp_fails() {
    let wh = webhook();
    // Exactly at the tolerance is still accepted.
    wh.verify_at(&signed(), BODY, TS + 300).unwrap();
    match wh.verify_at(&signed(), BODY, TS + 301) {
        Err(WebhookError::TimestampTooOld { age_secs }) => assert_eq!(age_secs, 301),
        other => panic!("{other:?}"),
    }
}

#[test]
fn future_timestamp_fails() {
    let wh = webhook();
    wh.verify_at(&signed(), BODY, TS - 300).unwrap();
    match wh.verify_at(&signed(), BODY, TS - 301) {
        Err(WebhookError::TimestampTooNew { ahead_secs }) => assert_eq!(ahead_secs, 301),
        other => panic!("{other:?}"),
    }
}

#[test]
fn custom_tolerance() {
    let wh = webhook().tolerance(Duration::from_secs(10));
    wh.verify_at(&signed(), BODY, TS + 10).unwrap();
    assert!(matches!(
        wh.verify_at(&signed(), BODY, TS + 11),
        Err(WebhookError::TimestampTooOld { age_secs: 11 })
    ));
    assert!(matches!(
        wh.verify_at(&signed(), BODY, TS - 11),
        Err(WebhookError::TimestampTooNew { ahead_secs: 11 })
    ));
    let strict = webhook().tolerance(Duration::ZERO);
    strict.verify_at(&signed(), BODY, TS).unwrap();
    assert!(strict.verify_at(&signed(), BODY, TS + 1).is_err());
}

#[test]
fn one_of_several_signatures_suffices() {
    let wh = webhook();
    let good = wh.sign(ID, TS, BODY);
    let other = Webhook::new(&STANDARD.encode([9u8; 32]))
        .unwrap()
        .sign(ID, TS, BODY);
    for header in [
        format!("{other} {good}"),
        format!("{good} {other}"),
        format!("  {other}   v1,not-base64!  {good} "),
    ] {
        let h = headers(ID, &TS.to_string(), &header);
        wh.verify_at(&h, BODY, TS)
            .unwrap_or_else(|e| panic!("{header}: {e}"));
    }
}

#[test]
fn other_versions_are_ignored() {
    let wh = webhook();
    let good = wh.sign(ID, TS, BODY);
    let b64 = good.strip_prefix("v1,").unwrap();
    for header in [
        format!("v2,{b64}"),
        format!("v2,{b64} v1a,{b64} {b64}"),
        format!("V1,{b64}"),
        String::new(),
        "v1,".to_owned(),
        "v1, ".to_owned(),
    ] {
        let h = headers(ID, &TS.to_string(), &header);
        assert!(
            matches!(
                wh.verify_at(&h, BODY, TS),
                Err(WebhookError::NoMatchingSignature)
            ),
            "{header:?}"
        );
    }
}

#[test]
fn truncated_signature_fails() {
    let wh = webhook();
    let mut tag = STANDARD.decode(&wh.sign(ID, TS, BODY)[3..]).unwrap();
    tag.truncate(16);
    let header = format!("v1,{}", STANDARD.encode(&tag));
    let h = headers(ID, &TS.to_string(), &header);
    assert!(matches!(
        wh.verify_at(&h, BODY, TS),
        Err(WebhookError::NoMatchingSignature)
    ));
}

#[test]
fn missing_headers() {
    let wh = webhook();
    let full = signed();
    for name in [HEADER_ID, HEADER_TIMESTAMP, HEADER_SIGNATURE] {
        let h: Vec<_> = full.iter().filter(|(k, _)| k != name).cloned().collect();
        match wh.verify_at(&h, BODY, TS) {
            Err(WebhookError::MissingHeader(missing)) => assert_eq!(missing, name),
            other => panic!("{name}: {other:?}"),
        }
    }
    let none: [(&str, &str); 0] = [];
    assert!(matches!(
        wh.verify_at(&none, BODY, TS),
        Err(WebhookError::MissingHeader(HEADER_ID))
    ));
}

#[test]
fn malformed_timestamp() {
    let wh = webhook();
    let sig = wh.sign(ID, TS, BODY);
    for ts in [
        "hello",
        "",
        " ",
        "-1714000000",
        "+1714000000",
        "1714000000.5",
        "1e9",
        "99999999999999999999999",
    ] {
        let h = headers(ID, ts, &sig);
        match wh.verify_at(&h, BODY, TS) {
            Err(WebhookError::MalformedHeader { header }) => {
                assert_eq!(header, HEADER_TIMESTAMP)
            }
            other => panic!("{ts:?}: {other:?}"),
        }
    }
    // Surrounding whitespace, as some header parsers leave it, is fine.
    let h = headers(ID, &format!(" {TS} "), &sig);
    wh.verify_at(&h, BODY, TS).unwrap();
}

#[test]
fn secret_forms() {
    let with = Webhook::new(SECRET).unwrap();
    let bare = Webhook::new(SECRET_B64).unwrap();
    let flex = Webhook::new(&format!("fwhsec_{SECRET_B64}")).unwrap();
    let unpadded = Webhook::new(SECRET.trim_end_matches('=')).unwrap();
    let spaced = Webhook::new(&format!(" {SECRET}\n")).unwrap();
    let expected = with.sign(ID, TS, BODY);
    for wh in [bare, flex, unpadded, spaced] {
        assert_eq!(wh.sign(ID, TS, BODY), expected);
        wh.verify_at(&signed(), BODY, TS).unwrap();
    }
}

#[test]
fn bad_secrets_are_rejected() {
    for secret in [
        "whsec_not base64!",
        "whsec_%%%%",
        "fwhsec_Y2NhZ*",
        "whsec_",
        "",
        "   ",
        "whsec_A",
    ] {
        match Webhook::new(secret) {
            Err(WebhookError::InvalidSecret) => {}
            other => panic!("{secret:?}: {other:?}"),
        }
    }
}

#[derive(Debug, serde::Deserialize)]
struct Envelope {
    event_id: String,
    event_type: String,
    event_dt: i64,
    object: Value,
}

#[test]
fn construct_event_decodes_json() {
    let wh = webhook();
    let value: Value = wh.construct_event_at(&signed(), BODY, TS).unwrap();
    assert_eq!(value["object"]["amount"], 4200);
    let event: Envelope = wh.construct_event_at(&signed(), BODY, TS).unwrap();
    assert_eq!(event.event_id, "evt_01HZX4Q9K7");
    assert_eq!(event.event_type, "payment.succeeded");
    assert_eq!(event.event_dt, 1_714_000_000);
    assert_eq!(event.object["id"], "pay_123");
}

#[test]
fn construct_event_verifies_first() {
    let wh = webhook();
    // A tampered body is reported as such, not as a parse error.
    assert!(matches!(
        wh.construct_event_at::<Value>(&signed(), b"{", TS),
        Err(WebhookError::NoMatchingSignature)
    ));
    assert!(matches!(
        wh.construct_event_at::<Value>(&signed(), BODY, TS + 301),
        Err(WebhookError::TimestampTooOld { .. })
    ));
}

#[test]
fn construct_event_rejects_bad_bodies() {
    let wh = webhook();
    for body in [
        &b"not json"[..],
        b"",
        b"{\"event_id\": 1}",
        b"[1, 2]",
        b"\xff\xfe",
    ] {
        let h = headers(ID, &TS.to_string(), &wh.sign(ID, TS, body));
        wh.verify_at(&h, body, TS).unwrap();
        assert!(
            matches!(
                wh.construct_event_at::<Envelope>(&h, body, TS),
                Err(WebhookError::InvalidBody(_))
            ),
            "{body:?}"
        );
    }
    let h = headers(ID, &TS.to_string(), &wh.sign(ID, TS, b"not json"));
    let err = wh
        .construct_event_at::<Value>(&h, b"not json", TS)
        .unwrap_err();
    assert!(std::error::Error::source(&err).is_some());
}

#[test]
fn header_sources() {
    let wh = webhook();
    let sig = wh.sign(ID, TS, BODY);
    let ts = TS.to_string();

    let upper: HashMap<String, String> = [
        ("Svix-Id", ID),
        ("SVIX-TIMESTAMP", ts.as_str()),
        ("svix-signature", sig.as_str()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    wh.verify_at(&upper, BODY, TS).unwrap();

    let btree: BTreeMap<&str, &str> = upper
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    wh.verify_at(&btree, BODY, TS).unwrap();
    let btree: BTreeMap<String, String> = upper.clone().into_iter().collect();
    wh.verify_at(&btree, BODY, TS).unwrap();

    let pairs = [
        ("SVIX-ID", ID),
        ("Svix-Timestamp", &ts),
        ("Svix-Signature", &sig),
    ];
    wh.verify_at(&pairs, BODY, TS).unwrap();
    wh.verify_at(&pairs[..], BODY, TS).unwrap();

    // A header map whose values are bytes, like `http::HeaderMap`.
    let raw: HashMap<String, Vec<u8>> = upper
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.clone().into_bytes()))
        .collect();
    let lookup = |name: &str| std::str::from_utf8(raw.get(name)?).ok();
    wh.verify_at(lookup, BODY, TS).unwrap();
    let event: Envelope = wh.construct_event_at(lookup, BODY, TS).unwrap();
    assert_eq!(event.event_type, "payment.succeeded");
}

/// Everything secret-derived that must never appear in output.
fn secrets(secret: &str, signature: &str) -> Vec<String> {
    let b64 = secret.rsplit('_').next().unwrap().to_owned();
    let key = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(b64.trim_end_matches('='))
        .unwrap();
    let mut out = vec![secret.to_owned(), b64.trim_end_matches('=').to_owned()];
    out.push(signature[3..].trim_end_matches('=').to_owned());
    if let Ok(text) = String::from_utf8(key.clone()) {
        out.push(text);
    }
    out.push(format!("{key:?}"));
    out.push(format!("{:02x}", key[0]) + &format!("{:02x}", key[1]) + &format!("{:02x}", key[2]));
    out
}

fn assert_clean(text: &str, forbidden: &[String]) {
    for needle in forbidden {
        assert!(
            !text.contains(needle.as_str()),
            "{text:?} contains {needle:?}"
        );
    }
}

#[test]
fn nothing_secret_in_debug_or_display() {
    for v in vectors() {
        let wh = Webhook::new(&v.secret).unwrap();
        let forbidden = secrets(&v.secret, &v.signature);
        let debug = format!("{wh:?}");
        assert_eq!(debug, "Webhook { key: [redacted], tolerance: 300s }");
        assert_clean(&debug, &forbidden);
        assert_clean(&format!("{wh:#?}"), &forbidden);

        let body = v.body.as_bytes();
        let ts = v.timestamp.to_string();
        let mut errors = vec![
            WebhookError::MissingHeader(HEADER_SIGNATURE),
            WebhookError::MalformedHeader {
                header: HEADER_TIMESTAMP,
            },
            WebhookError::InvalidSecret,
            WebhookError::NoMatchingSignature,
            WebhookError::TimestampTooOld { age_secs: 301 },
            WebhookError::TimestampTooNew { ahead_secs: 301 },
            WebhookError::InvalidBody(serde_json::from_slice::<Value>(b"{").unwrap_err()),
        ];
        // And the errors as actually produced for this delivery.
        let h = headers(&v.id, &ts, &v.signature_header);
        errors.push(wh.verify_at(&h, b"tampered", v.timestamp).unwrap_err());
        errors.push(wh.verify_at(&h, body, v.timestamp + 301).unwrap_err());
        let h = headers(&v.id, "soon", &v.signature_header);
        errors.push(wh.verify_at(&h, body, v.timestamp).unwrap_err());
        let bad_secret = format!("{}!", v.secret);
        errors.push(Webhook::new(&bad_secret).unwrap_err());
        for err in &errors {
            assert_clean(&err.to_string(), &forbidden);
            assert_clean(&format!("{err:?}"), &forbidden);
        }
    }
}

// ---- Typed events: `WebhookEvent`, generated from the spec's `x-webhooks` ----

use flex_client::types::{CheckoutSessionStatus, WebhookEvent};

fn vector(name: &str) -> Vector {
    vectors()
        .into_iter()
        .find(|v| v.name == name)
        .unwrap_or_else(|| panic!("vectors.json has no `{name}`"))
}

/// Verifies a vector and decodes it as a typed event.
fn typed(name: &str) -> Result<WebhookEvent, WebhookError> {
    let v = vector(name);
    let wh = Webhook::new(&v.secret).expect("valid secret");
    let h = headers(&v.id, &v.timestamp.to_string(), &v.signature_header);
    wh.construct_event_at(&h, v.body.as_bytes(), v.timestamp)
}

#[test]
fn a_listed_event_type_decodes_its_object_as_the_spec_types_it() {
    let event = typed("checkout_session_completed").expect("a valid delivery");
    let WebhookEvent::CheckoutSessionCompleted(event) = event else {
        panic!("expected a completed checkout session, got {event:?}");
    };
    assert_eq!(event.event_id, "evt_01J0CHK");
    assert_eq!(event.event_type, "checkout.session.completed");
    assert_eq!(event.event_dt, Some(1_714_000_500));
    assert_eq!(event.test_mode, Some(true));
    let session = &event.object;
    assert_eq!(session.checkout_session_id, "fcs_01HACMPD");
    assert_eq!(session.status, Some(CheckoutSessionStatus::Complete));
    assert_eq!(session.amount_total, Some(4200));
    // A field the spec does not name is kept.
    assert_eq!(session.extra["loyalty_tier"], "gold");
}

#[test]
fn an_event_type_the_spec_does_not_list_keeps_its_type_and_raw_body() {
    let event = typed("unlisted_event_type").expect("a valid delivery");
    let WebhookEvent::Unknown(body) = event else {
        panic!("expected an unknown event, got {event:?}");
    };
    assert_eq!(body["event_type"], "account.updated");
    assert_eq!(body["event_id"], "evt_01J0NEW");
    assert_eq!(body["object"]["account"]["id"], "facct_1");
}

/// An event type, the object of a delivery of it, and whether the decoded event is right.
type Case = (&'static str, Value, fn(&WebhookEvent) -> bool);

#[test]
fn each_event_type_picks_its_variant() {
    let cases: [Case; 4] = [
        (
            "customer.deleted",
            serde_json::json!({"customer_id": "fcus_1"}),
            |e| matches!(e, WebhookEvent::CustomerDeleted(c) if c.object.customer_id == "fcus_1"),
        ),
        (
            "charge.refund.updated",
            serde_json::json!({"refund_id": "fre_1"}),
            |e| matches!(e, WebhookEvent::ChargeRefundUpdated(r) if r.object.refund_id == "fre_1"),
        ),
        (
            "customer.subscription.updated",
            serde_json::json!({"subscription_id": "fsub_1"}),
            |e| matches!(e, WebhookEvent::CustomerSubscriptionUpdated(_)),
        ),
        (
            "charge.refunded",
            serde_json::json!({"charge_id": "fch_1"}),
            |e| matches!(e, WebhookEvent::ChargeRefunded(c) if c.object["charge_id"] == "fch_1"),
        ),
    ];
    for (event_type, object, is_expected) in cases {
        let body =
            serde_json::json!({"event_id": "evt_1", "event_type": event_type, "object": object});
        let body = serde_json::to_vec(&body).expect("JSON");
        let wh = webhook();
        let h = headers(ID, &TS.to_string(), &wh.sign(ID, TS, &body));
        let event: WebhookEvent = wh.construct_event_at(&h, &body, TS).expect(event_type);
        assert!(is_expected(&event), "{event_type}: {event:?}");
    }
}

#[test]
fn a_listed_event_type_whose_body_does_not_fit_is_an_invalid_body() {
    // `customer.created` without its `object`: signed, but not the event the spec describes.
    let body = br#"{"event_id": "evt_1", "event_type": "customer.created"}"#;
    let wh = webhook();
    let h = headers(ID, &TS.to_string(), &wh.sign(ID, TS, body));
    assert!(matches!(
        wh.construct_event_at::<WebhookEvent>(&h, body, TS),
        Err(WebhookError::InvalidBody(_))
    ));
    // A tampered typed delivery is still refused before it is decoded.
    let v = vector("checkout_session_completed");
    let tampered = v.body.replace("4200", "1");
    let wh = Webhook::new(&v.secret).expect("valid secret");
    let h = headers(&v.id, &v.timestamp.to_string(), &v.signature_header);
    assert!(matches!(
        wh.construct_event_at::<WebhookEvent>(&h, tampered.as_bytes(), v.timestamp),
        Err(WebhookError::NoMatchingSignature)
    ));
}
