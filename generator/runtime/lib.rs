//! The runtime of `flex-codegen`'s clients, built alone: `cargo test -p flex-runtime` compiles
//! the modules and runs their unit tests without generating a crate.
//!
//! This file stands in for the `lib.rs` that the generator writes: it declares the runtime
//! modules and gives them a made-up [`API`], the one constant they read from the crate they are
//! copied into. It is not copied anywhere; the modules are (see `generator/src/emit/mod.rs`).

// Most of the runtime is crate-private and called only by generated operations, none of which
// exist here.
#![allow(dead_code)]

mod client;
mod config;
mod error;
mod expandable;
mod json_path;
mod multipart;
mod page;
mod params;
mod raw;
mod request;
mod response;
mod retry;
mod support;
#[cfg(feature = "webhooks")]
pub mod webhooks;

pub use self::client::Client;
pub use self::config::{
    ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, KeyMode,
    RequestOptions,
};
pub use self::error::{ApiError, ApiErrorKind, DecodeError, Error};
pub use self::expandable::{Expandable, Identified};
pub use self::multipart::Multipart;
pub use self::page::Page;
pub use self::raw::RawRequest;
pub use self::response::{ResponseCapture, ResponseMeta, SkippedField};
pub use self::retry::{
    DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MAX_RETRIES, MAX_RETRY_AFTER,
};

use self::config::{ApiInfo, KeyPrefixes};

/// A stand-in for the generated crate's description of its API.
pub(crate) const API: ApiInfo = ApiInfo {
    name: "Example API",
    default_base_url: Some("https://api.example.com"),
    user_agent: concat!("flex-runtime-rust/", env!("CARGO_PKG_VERSION")),
    auth_required: true,
    key_prefixes: Some(KeyPrefixes {
        test: "sk_test_",
        live: "sk_",
    }),
    api_key_env: "EXAMPLE_API_KEY",
    base_url_env: "EXAMPLE_BASE_URL",
    secret_fields: &["client_secret"],
    path_prefix: Some("/v1"),
};

/// As in a generated crate, for the runtime's documentation links.
pub const DEFAULT_BASE_URL: Option<&str> = API.default_base_url;
/// As in a generated crate.
pub const USER_AGENT: &str = API.user_agent;
/// As in a generated crate.
pub const API_KEY_ENV: &str = API.api_key_env;
/// As in a generated crate.
pub const BASE_URL_ENV: &str = API.base_url_env;
