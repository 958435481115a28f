//! The decode row: the checkout session of the integration tests into the generated types, and
//! into `serde_json::Value`, interleaved in rounds.

use crate::measure::{median, timed};
use flex_client::types::CheckoutSessionEnvelope;
use std::hint::black_box;
use std::time::Duration;

pub struct Outcome {
    /// Megabytes (10^6 bytes) per second, each the median over the rounds.
    pub typed: f64,
    pub value: f64,
}

fn throughput(bytes: usize, per_round: usize, time: Duration) -> f64 {
    (bytes * per_round) as f64 / time.as_secs_f64() / 1e6
}

pub fn measure(body: &[u8], rounds: usize, per_round: usize) -> Outcome {
    // Both decodes must succeed, or the comparison means nothing.
    let session: CheckoutSessionEnvelope = serde_json::from_slice(body)
        .expect("the checkout session decodes into the generated types");
    assert!(!session.checkout_session.checkout_session_id.is_empty());
    let (mut typed, mut value) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let (time, ()) = timed(|| {
            for _ in 0..per_round {
                let decoded: CheckoutSessionEnvelope =
                    serde_json::from_slice(black_box(body)).expect("decodes");
                black_box(decoded);
            }
        });
        typed.push(time);
        let (time, ()) = timed(|| {
            for _ in 0..per_round {
                let decoded: serde_json::Value =
                    serde_json::from_slice(black_box(body)).expect("decodes");
                black_box(decoded);
            }
        });
        value.push(time);
    }
    Outcome {
        typed: throughput(body.len(), per_round, median(&typed)),
        value: throughput(body.len(), per_round, median(&value)),
    }
}

/// The body with 20 fields the spec does not name, spread over its depths (the session, its
/// customer and the customer's address, its payment intent, and each capture and capture item):
/// what the `extra` maps keep.
pub fn with_unknown_fields(body: &[u8]) -> Vec<u8> {
    let mut value: serde_json::Value =
        serde_json::from_slice(body).expect("the checkout session is JSON");
    let session = &mut value["checkout_session"];
    let mut added = 0;
    let mut add = |object: &mut serde_json::Value, count: usize| {
        if let Some(map) = object.as_object_mut() {
            for _ in 0..count {
                added += 1;
                map.insert(
                    format!("field_added_later_{added}"),
                    serde_json::json!({"kind": "new", "n": added, "tags": ["a", "b"]}),
                );
            }
        }
    };
    add(session, 6);
    add(&mut session["customer"], 3);
    add(&mut session["customer"]["shipping"], 3);
    add(&mut session["payment_intent"], 3);
    add(&mut session["captures"][0], 3);
    add(&mut session["captures"][0]["items"][0], 2);
    assert_eq!(added, 20, "the body has the objects the fields go into");
    serde_json::to_vec(&value).expect("encodes")
}

/// The most bytes allocated at once while decoding `body` into the generated types, and into
/// `serde_json::Value`.
pub fn peak(body: &[u8]) -> (usize, usize) {
    let (typed, _) = crate::measure::peak_of(|| {
        serde_json::from_slice::<CheckoutSessionEnvelope>(body).expect("decodes")
    });
    let (value, _) = crate::measure::peak_of(|| {
        serde_json::from_slice::<serde_json::Value>(body).expect("decodes")
    });
    (typed, value)
}
