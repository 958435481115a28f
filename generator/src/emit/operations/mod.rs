//! Emission of operations (emit phase): one `impl Client` block per tag under `src/operations/`,
//! one async method per operation. Each method builds the runtime's `request::Request` in a few
//! lines and sends it:
//!
//! ```text
//! let mut path = String::from("/v1/checkout/sessions/");
//! path.push_str(&path_segment("id", id)?);
//! let query = Query::new().form("expand_customer", &params.expand_customer)?;
//! let request = Request::new(Method::GET, "retrieveCheckoutSession", "/v1/checkout/sessions/{id}", path)
//!     .query(query);
//! let envelope: CheckoutSessionEnvelope = self.send(request).await?;
//! Ok(envelope.checkout_session)
//! ```
//!
//! The parts are by concern: [`method`] (the method, its arguments and docs), [`request`] (the
//! path, query, header and cookie statements), [`body`], [`response`] (what a call returns),
//! [`stream`] (the stream of every page), [`send_check`] (the `Send` check of every future).

mod body;
mod method;
mod request;
mod response;
mod send_check;
mod stream;

pub(crate) use send_check::send_check_file;

use crate::emit::names::Scope;
use crate::emit::{file_attrs, ident, module_cfg};
use crate::ir::{Api, Operation};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// `src/operations/mod.rs`: one private module per tag (the methods are on `Client`), each
/// there with its cargo feature.
pub(crate) fn mod_rs(api: &Api) -> TokenStream {
    let attrs = file_attrs();
    let modules = grouped(api).into_keys().map(|module| {
        let cfg = module_cfg(api, module);
        let module = ident(module);
        quote!(#cfg mod #module;)
    });
    // The check names every operation: it is built by the crate's own tests, with every feature.
    let send_check = (!api.operations.is_empty()).then(|| {
        quote! {
            #[cfg(all(test, feature = "all-resources"))]
            mod send_check;
        }
    });
    quote! {
        #![doc = " The API's operations, as methods on [`Client`](crate::Client), one module per tag or resource, each behind its cargo feature."]
        #attrs
        #(#modules)*
        #send_check
    }
}

/// The operations of each module (tag), in the order of the IR.
pub(crate) fn grouped(api: &Api) -> BTreeMap<&str, Vec<&Operation>> {
    let mut modules: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for operation in &api.operations {
        modules
            .entry(operation.module.as_str())
            .or_default()
            .push(operation);
    }
    modules
}

/// The file of one module: the `use`s of the names it writes short, then its operations as
/// methods of `Client`.
pub(crate) fn module_file(api: &Api, operations: &[&Operation], scope: &Scope<'_>) -> TokenStream {
    let attrs = file_attrs();
    let methods: Vec<TokenStream> = operations
        .iter()
        .map(|op| {
            let method = method::method(api, op, scope);
            let stream = stream::stream_method(op, scope);
            quote!(#method #stream)
        })
        .collect();
    quote! {
        #attrs
        impl crate::Client {
            #(#methods)*
        }
    }
}
