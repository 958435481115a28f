//! Tests of the Flex SDK: snapshots of the generator's output, integration tests of the
//! generated client against a local server, and the README's examples, which are this crate's
//! documentation so that `cargo test` compiles them.
#![doc = include_str!("../../README.md")]
