//! Streams (emit phase): for an operation that pages, the method that streams every item across
//! its pages.

use super::request::path_arg_type_in;
use crate::emit::names::{Name, Scope};
use crate::emit::types::type_tokens;
use crate::emit::{doc_attrs, ident};
use crate::ir::{Operation, SuccessResponse, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// For an operation that pages, the method that streams every item across its pages, right after
/// the operation's own method:
///
/// ```text
/// pub fn list_customers_stream<'a>(&'a self, params: &ListCustomersParams)
///     -> impl Stream<Item = Result<Customer>> + Send + use<'a> {
///     paginate(
///         params.clone(),
///         move |params| async move { self.list_customers(&params).await },
///         |params, cursor| params.starting_after = Some(cursor),
///     )
/// }
/// ```
///
/// The stream borrows the client and the path arguments, not `params` (a copy is kept), so that
/// it can be made from a temporary.
pub(crate) fn stream_method(op: &Operation, scope: &Scope<'_>) -> TokenStream {
    let SuccessResponse::List {
        item,
        pagination: Some(pagination),
        ..
    } = &op.response
    else {
        return TokenStream::new();
    };
    let Some(params_struct) = &op.params_struct else {
        return TokenStream::new();
    };
    let name = ident(&pagination.stream_method);
    let list = ident(&op.name);
    let cursor_field = ident(&pagination.cursor);
    let mut args = Vec::new();
    let mut call_args = Vec::new();
    let lifetime = quote!('a);
    for param in &op.path_params {
        let arg = ident(&param.name);
        let ty = path_arg_type_in(&param.ty, &lifetime, scope);
        args.push(quote!(#arg: #ty));
        call_args.push(quote!(#arg));
    }
    let params_type = type_tokens(&TypeRef::Named(params_struct.clone()), scope);
    let item = type_tokens(item, scope);
    let output = scope.result(item);
    let stream = scope.get(Name::Stream);
    let paginate = scope.get(Name::Paginate);
    let some = scope.get(Name::Some);
    let docs = format!(
        "Every item of [`{list}`](Self::{list}), page after page, as a stream.\n\n\
         Each page after the first is asked for with the same `params` and `{cursor}` set to the\n\
         ID of the last item before it; a page shorter than `{limit}`, or empty, is the last.\n\
         Each page is a call of its own, with its retries; an error is yielded and ends the\n\
         stream. Nothing is sent until the stream is polled, and nothing more once it is dropped.",
        list = op.name,
        cursor = pagination.cursor_wire,
        limit = pagination.limit_wire,
    );
    let docs = doc_attrs(Some(&docs));
    let deprecated = if op.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    quote! {
        #docs
        #deprecated
        pub fn #name<'a>(&'a self, #(#args,)* params: &#params_type) -> impl #stream<Item = #output> + Send + use<'a> {
            #paginate(
                params.clone(),
                move |params| async move { self.#list(#(#call_args,)* &params).await },
                |params, cursor| params.#cursor_field = #some(cursor),
            )
        }
    }
}
