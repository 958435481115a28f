//! The round-trip of the responses written in the tests (for the calls the docs show no example
//! of): `docs.rs` decodes and re-encodes every vendored example, but never sees these.

/// What was decoded, encoded again, is the response written in the test (a `null` and an absent
/// field alike, numbers by value): nothing is lost or changed on the way through the types.
macro_rules! lossless {
    ($at:expr, $decoded:expr, $response:expr) => {{
        let encoded = serde_json::to_value(&$decoded).expect("decoded values encode");
        if let Some(difference) = $crate::docs::difference("", $response, &encoded) {
            panic!("{}: decoding loses or changes it: {difference}", $at);
        }
    }};
}
pub(crate) use lossless;
