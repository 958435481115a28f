//! Tests of the Flex SDK: snapshots of the generator's output, integration tests of the
//! generated client against a local server, and the README's examples, which are this crate's
//! documentation so that `cargo test` compiles them.
#![doc = include_str!("../../README.md")]

/// Every type of `flex-client`, decoded from arbitrary bytes: shared by the `decode` fuzz target
/// and the test that replays its corpus.
pub mod decode_all;
