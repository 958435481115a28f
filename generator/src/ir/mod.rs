//! Intermediate representation (between the phases): what `lower` makes of a spec, what the IR
//! passes refine, and all that `emit` reads. Plain data with Rust names already settled; no
//! `openapiv3` type appears here. The API and its webhooks are here; its types and its operations
//! in a file each (`types.rs`, `operations.rs`), re-exported.

mod operations;
mod types;

pub use operations::*;
pub use types::*;

/// The whole API, ready to emit.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The first server's URL, used as the client's default base URL.
    pub default_base_url: Option<String>,
    /// Whether the spec requires authentication of every operation (global `security`).
    pub auth_required: bool,
    /// Every named type, sorted by Rust name (by the ordering pass).
    pub types: Vec<TypeDef>,
    /// Every operation, grouped by module and sorted within it by path and method.
    pub operations: Vec<Operation>,
    /// The prefixes of test and live API keys (the vendor extension `x-api-key-prefixes` on a
    /// security scheme), when the spec names them.
    pub key_prefixes: Option<KeyPrefixes>,
    /// The events the API delivers to webhook endpoints, and how it signs them.
    pub webhooks: Webhooks,
}

/// What a spec says about its webhooks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Webhooks {
    /// How deliveries are signed (`x-webhook-signature`), when the spec says: the crate then has
    /// a `webhooks` module that verifies them.
    pub signature: Option<WebhookSignature>,
    /// The enum of the events (`WebhookEvent`), a tagged [`Union`] among the types, when the spec
    /// lists any.
    pub event: Option<TypeRef>,
}

/// A signing scheme of webhook deliveries that the runtime verifies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookSignature {
    /// Svix's: `svix-id`, `svix-timestamp` and `svix-signature` headers, HMAC-SHA256.
    Svix,
}

/// How test keys and live keys begin (`x-api-key-prefixes: {test: fsk_test_, live: fsk_}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPrefixes {
    /// The prefix of test-mode keys.
    pub test: String,
    /// The prefix of live-mode keys.
    pub live: String,
}
