//! An operation's method (emit phase): its signature, docs and body, put together from the
//! parts of the other modules.

use super::body::{body_arg, body_value};
use super::request::{path_arg_type, path_parts, query_stmt, request_stmts};
use super::response::response;
use crate::emit::names::Scope;
use crate::emit::types::type_tokens;
use crate::emit::{doc_attrs, ident};
use crate::ir::{Api, Operation, StatusMatch, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn method(api: &Api, op: &Operation, scope: &Scope<'_>) -> TokenStream {
    let docs = doc_attrs(op.docs.as_deref());
    let endpoint = format!(
        " `{} {}` (operation `{}`)",
        op.method.as_str(),
        op.path,
        op.operation_id
    );
    let spacer = if op.docs.is_some() {
        quote!(#[doc = ""])
    } else {
        TokenStream::new()
    };
    let deprecated = if op.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    let name = ident(&op.name);

    let (args, _) = arguments(op, scope);
    let body = op.body.as_ref().map(|body| body_value(body, scope));

    let (path_stmts, path) = path_parts(op, scope);
    let query = query_stmt(&op.params, scope);
    let request = request_stmts(op, path, query.is_some(), body.as_ref(), scope);
    let (output, call) = response(api, op, scope);
    let output = scope.result(output);
    let errors = error_docs(op);
    quote! {
        #docs
        #spacer
        #[doc = #endpoint]
        #errors
        #deprecated
        pub async fn #name(&self, #(#args),*) -> #output {
            #path_stmts
            #query
            #request
            #call
        }
    }
}

/// An operation method's parameters after `&self`, and the arguments that pass them on.
pub(crate) fn arguments(op: &Operation, scope: &Scope<'_>) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut params = Vec::new();
    let mut args = Vec::new();
    for param in &op.path_params {
        let arg = ident(&param.name);
        let ty = path_arg_type(&param.ty, scope);
        params.push(quote!(#arg: #ty));
        args.push(quote!(#arg));
    }
    if let Some(body) = &op.body {
        params.push(body_arg(body, scope));
        args.push(quote!(body));
    }
    if let Some(params_struct) = &op.params_struct {
        let ty = type_tokens(&TypeRef::Named(params_struct.clone()), scope);
        params.push(quote!(params: &#ty));
        args.push(quote!(params));
    }
    (params, args)
}

/// One line naming the type of the documented error bodies, each with its statuses, which
/// callers can decode with `ApiError::body_as`:
/// `Error body: [`ErrorEnvelope`](..) (400, 404, any other)`.
pub(crate) fn error_docs(op: &Operation) -> TokenStream {
    // Types in the order they first appear, each with its statuses in spec order.
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for (status, ty) in &op.error_bodies {
        let TypeRef::Named(name) = ty else {
            continue;
        };
        let status = match status {
            StatusMatch::Default => "any other".to_owned(),
            StatusMatch::Code(_) | StatusMatch::Range(_) => status.to_string(),
        };
        match groups.iter_mut().find(|(group, _)| group == name) {
            Some((_, statuses)) => statuses.push(status),
            None => groups.push((name, vec![status])),
        }
    }
    if groups.is_empty() {
        return TokenStream::new();
    }
    let label = if groups.len() == 1 {
        "Error body"
    } else {
        "Error bodies"
    };
    let types: Vec<String> = groups
        .iter()
        .map(|(name, statuses)| {
            format!("[`{name}`](crate::types::{name}) ({})", statuses.join(", "))
        })
        .collect();
    let line = format!(" [{label}](crate::ApiError::body_as): {}", types.join("; "));
    quote! {
        #[doc = ""]
        #[doc = #line]
    }
}
