//! Emission of the crate root (emit phase): `src/lib.rs`, with the module tree, re-exports and
//! the constants the copied runtime reads (base URL, user agent, whether a key is required).

use super::{file_attrs, inner_doc_attrs};
use crate::Settings;
use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

/// `src/lib.rs`.
pub fn lib_rs(api: &Api, settings: &Settings) -> TokenStream {
    let attrs = file_attrs();
    let mut docs = format!(
        "# {}\n\nA typed async client for the {} (spec version `{}`).",
        api.title, api.title, api.version
    );
    if let Some(description) = &api.description {
        docs.push_str("\n\n");
        docs.push_str(description.trim());
    }
    let docs = inner_doc_attrs(&docs);
    let base_url = match &api.default_base_url {
        Some(url) => quote!(::std::option::Option::Some(#url)),
        None => quote!(::std::option::Option::None),
    };
    let user_agent = format!("{}-rust/", settings.crate_name);
    let api_name = &api.title;
    let auth_required = api.auth_required;
    quote! {
        #docs
        #attrs
        // `#[deprecated]` marks what the spec deprecates so that the crate's users are warned;
        // the crate's own generated uses of those items (re-exports, impls, fields of other
        // types) are not what the warning is for.
        #![allow(deprecated)]

        // The runtime modules are the same for every spec; a spec without operations, or without
        // enums, leaves some of their crate-private helpers unused (see each module's docs).
        #[allow(dead_code)]
        mod client;
        mod error;
        mod expandable;
        #[allow(dead_code)]
        mod multipart;
        mod operations;
        #[allow(dead_code)]
        mod support;
        pub mod types;

        pub use self::client::{Client, ClientBuilder, DEFAULT_TIMEOUT};
        pub use self::error::{ApiError, DecodeError, Error};
        pub use self::expandable::{Expandable, Identified};
        pub use self::multipart::Multipart;

        /// Where requests go unless [`ClientBuilder::base_url`] says otherwise: the spec's first server.
        pub const DEFAULT_BASE_URL: ::std::option::Option<&str> = #base_url;

        /// The `User-Agent` sent with every request unless [`ClientBuilder::user_agent`] says otherwise.
        pub const USER_AGENT: &str = ::std::concat!(#user_agent, ::std::env!("CARGO_PKG_VERSION"));

        /// The API's name, as error messages give it.
        pub(crate) const API_NAME: &str = #api_name;

        /// Whether the spec requires authentication, so that a client without an API key is refused.
        pub(crate) const AUTH_REQUIRED: bool = #auth_required;
    }
}
