//! Emission of the crate root (emit phase): `src/lib.rs`, with the module tree, re-exports, and
//! `API`, the one constant the copied runtime reads (the API's name, base URL, user agent,
//! whether a key is required, the key prefixes of test and live mode, the environment variables
//! of `Client::from_env`), with the public constants that repeat its fields.

use super::{file_attrs, inner_doc_attrs};
use crate::Settings;
use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// `src/lib.rs`.
/// The crate docs' section on its cargo features: one per resource, each with how many
/// operations it turns on.
fn features_docs(api: &Api) -> String {
    if api.features.is_empty() {
        return String::new();
    }
    let mut text = String::from(
        "\n\n# Cargo features\n\n\
         Each resource is a cargo feature that turns on its operations and the types only they\n\
         use; `default` turns on all of them (`all-resources`) and the `rustls-ring` TLS backend\n\
         (the others: `rustls-aws-lc`, `native-tls`). A service that calls few resources builds\n\
         less with `default-features = false` and `features = [\"rustls-ring\", ...]`, naming the\n\
         resources it calls:\n",
    );
    for feature in &api.features {
        let count = api
            .operations
            .iter()
            .filter(|op| op.module == feature.module)
            .count();
        let plural = if count == 1 { "" } else { "s" };
        text.push_str(&format!(
            "\n- `{}`: {count} operation{plural}",
            feature.name
        ));
    }
    text
}

pub(crate) fn lib_rs(api: &Api, settings: &Settings) -> TokenStream {
    let attrs = file_attrs();
    let mut docs = format!(
        "# {}\n\nA typed async client for the {} (spec version `{}`).",
        api.title, api.title, api.version
    );
    if let Some(description) = &api.description {
        docs.push_str("\n\n");
        docs.push_str(description.trim());
    }
    let mut docs = inner_doc_attrs(&docs);
    if let Some(guide) = &settings.guide {
        // The path is relative to `src/lib.rs`, where the attribute is.
        let path = format!("../{}", guide.trim_start_matches("./"));
        docs.extend(quote!(#![doc = include_str!(#path)]));
    }
    docs.extend(inner_doc_attrs(features_docs(api).trim_start()));
    let default_base_url = match &api.default_base_url {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    let user_agent = format!("{}-rust/", settings.crate_name);
    let api_name = &api.title;
    let auth_required = api.auth_required;
    let key_prefixes = match &api.key_prefixes {
        Some(prefixes) => {
            let (test, live) = (&prefixes.test, &prefixes.live);
            quote!(Some(config::KeyPrefixes { test: #test, live: #live }))
        }
        None => quote!(None),
    };
    let api_key_env = format!("{}_API_KEY", settings.env_prefix);
    let base_url_env = format!("{}_BASE_URL", settings.env_prefix);
    // The wire names of the fields the spec marks secret, which error texts leave out.
    let secret_fields: std::collections::BTreeSet<&str> = api
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            crate::ir::TypeKind::Struct(s) => Some(s),
            _ => None,
        })
        .flat_map(|s| {
            s.fields
                .iter()
                .filter(|f| f.secret)
                .map(|f| f.wire_name.as_str())
        })
        .collect();
    let secret_fields = secret_fields.into_iter();
    let path_prefix = match version_prefix(api) {
        Some(prefix) => quote!(Some(#prefix)),
        None => quote!(None),
    };
    // Verification of webhook deliveries, when the spec names the scheme they are signed with.
    let webhooks_mod = match api.webhooks.signature {
        // Behind the `webhooks` feature (on by default), with the crates it needs.
        Some(crate::ir::WebhookSignature::Svix) => quote!(
            #[cfg(feature = "webhooks")]
            pub mod webhooks;
        ),
        None => TokenStream::new(),
    };
    quote! {
        #docs
        #attrs
        // `#[deprecated]` marks what the spec deprecates so that the crate's users are warned;
        // the crate's own generated uses of those items (re-exports, impls, fields of other
        // types) are not what the warning is for.
        #![allow(deprecated)]
        // Every public item has docs: the spec's, or what the docs pass writes where it has none.
        #![warn(missing_docs)]
        // On docs.rs (`--cfg docsrs`), each item behind a feature says which.
        #![cfg_attr(docsrs, feature(doc_cfg))]

        // The runtime modules are the same for every spec; a spec without operations, or without
        // enums, leaves some of their crate-private helpers unused (see each module's docs).
        #[allow(dead_code)]
        mod client;
        mod config;
        mod error;
        mod expandable;
        mod json_path;
        #[allow(dead_code)]
        mod multipart;
        mod operations;
        #[allow(dead_code)]
        mod page;
        #[allow(dead_code)]
        mod params;
        mod raw;
        #[allow(dead_code)]
        mod request;
        #[allow(dead_code)]
        mod response;
        #[allow(dead_code)]
        mod retry;
        #[allow(dead_code)]
        mod support;
        pub mod types;
        #webhooks_mod

        pub use self::client::Client;
        pub use self::config::{ClientBuilder, KeyMode, RequestOptions, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
        pub use self::error::{ApiError, ApiErrorKind, DecodeError, Error};
        pub use self::expandable::{Expandable, Identified};
        pub use self::multipart::Multipart;
        pub use self::page::Page;
        pub use self::raw::RawRequest;
        /// The HTTP method of a [`Client::request`].
        pub use reqwest::Method;
        pub use self::response::{ResponseCapture, ResponseMeta, SkippedField};
        pub use self::retry::{DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_MAX_RETRIES, MAX_RETRY_AFTER};

        /// `Result` with this crate's [`Error`]: what every operation returns.
        pub type Result<T, E = Error> = ::std::result::Result<T, E>;

        /// What the spec says about the API: the one item of this file that the runtime reads.
        pub(crate) const API: config::ApiInfo = config::ApiInfo {
            name: #api_name,
            default_base_url: #default_base_url,
            user_agent: concat!(#user_agent, env!("CARGO_PKG_VERSION")),
            auth_required: #auth_required,
            key_prefixes: #key_prefixes,
            api_key_env: #api_key_env,
            base_url_env: #base_url_env,
            secret_fields: &[#(#secret_fields),*],
            path_prefix: #path_prefix,
        };

        /// Where requests go unless [`ClientBuilder::base_url`] says otherwise: the spec's first server.
        pub const DEFAULT_BASE_URL: Option<&str> = API.default_base_url;

        /// The `User-Agent` sent with every request unless [`ClientBuilder::user_agent`] says otherwise.
        pub const USER_AGENT: &str = API.user_agent;

        /// The environment variable [`Client::from_env`] reads the API key from.
        pub const API_KEY_ENV: &str = API.api_key_env;

        /// The environment variable [`Client::from_env`] reads the base URL from, when it is set.
        pub const BASE_URL_ENV: &str = API.base_url_env;
    }
}

/// The version segment every operation's path starts with (`/v1`, `/v2.1`), when all of them
/// start with the same one: the runtime takes it off a base URL that ends with it, so that the
/// URL an API's docs give (`https://api.example.com/v1`) works as it is. Only a version segment:
/// another shared segment (`/pets`) may as well be part of a gateway's path.
fn version_prefix(api: &Api) -> Option<String> {
    let mut prefix: Option<&str> = None;
    for op in &api.operations {
        let first = op.path.trim_start_matches('/').split('/').next()?;
        let is_version = first.strip_prefix('v').is_some_and(|rest| {
            rest.starts_with(|c: char| c.is_ascii_digit())
                && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
        });
        if !is_version || prefix.is_some_and(|p| p != first) {
            return None;
        }
        prefix = Some(first);
    }
    prefix.map(|p| format!("/{p}"))
}
