//! The `Send` check (emit phase): `src/operations/send_check.rs`, built by `cargo test` only.

use super::method::arguments;
use crate::emit::names::Scope;
use crate::emit::{file_attrs, ident};
use crate::ir::{Api, SuccessResponse};
use proc_macro2::TokenStream;
use quote::quote;

/// `src/operations/send_check.rs`, compiled by `cargo test` only: one function per operation
/// that hands its future to `is_send`, so that a future that cannot cross threads (and so
/// cannot be `tokio::spawn`ed) fails the crate's tests at compile time, naming the operation.
pub(crate) fn send_check_file(api: &Api, scope: &Scope<'_>) -> TokenStream {
    let attrs = file_attrs();
    let checks: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|op| {
            let name = ident(&op.name);
            let (params, args) = arguments(op, scope);
            let stream = match &op.response {
                SuccessResponse::List {
                    pagination: Some(pagination),
                    ..
                } => {
                    let stream = ident(&pagination.stream_method);
                    let path_args = op.path_params.iter().map(|p| ident(&p.name));
                    quote! { is_send(client.#stream(#(#path_args,)* params)); }
                }
                _ => TokenStream::new(),
            };
            quote! {
                fn #name(client: &crate::Client, #(#params),*) {
                    is_send(client.#name(#(#args),*));
                    #stream
                }
            }
        })
        .collect();
    quote! {
        #![doc = " Every operation's future is `Send` (a compile-time check, built by `cargo test` only)."]
        #attrs
        #![allow(dead_code)]
        fn is_send<T: Send>(_: T) {}
        #(#checks)*
    }
}
