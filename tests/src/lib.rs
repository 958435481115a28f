//! Tests of the Flex SDK: snapshots of the generator's output, integration tests of the
//! generated client against a local server, and the examples of the README and of the client
//! guide, which are this crate's documentation so that `cargo test` compiles them.
#![doc = include_str!("../../README.md")]

/// `flex-client`'s README (its crates.io page), whose example `cargo test` compiles.
#[doc = include_str!("../../generated-client/README.md")]
pub mod client_readme {}

/// `flex-codegen`'s README (its crates.io page), whose example `cargo test` compiles.
#[doc = include_str!("../../generator/README.md")]
pub mod codegen_readme {}

/// Every type of `flex-client`, decoded from arbitrary bytes: shared by the `decode` fuzz target
/// and the test that replays its corpus.
pub mod decode_all;
