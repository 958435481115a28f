//! Fuzz target: any bytes, as the JSON of any type of `flex-client` (the first byte chooses which),
//! must decode or fail with an error, never panic; and what decodes must encode and decode again.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The list of types, written by `cargo xtask codegen`; the corpus replay test uses it too.
#[path = "../../../tests/src/decode_all.rs"]
mod decode_all;

fuzz_target!(|data: &[u8]| {
    if let Some((&index, json)) = data.split_first() {
        decode_all::decode(usize::from(index), json);
    }
});
