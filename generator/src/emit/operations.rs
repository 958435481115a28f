//! Emission of operations (emit phase): one `impl Client` block per tag under `src/operations/`,
//! one async method per operation.

use super::types::type_tokens;
use super::{doc_attrs, file_attrs, ident};
use crate::ir::{
    Api, Body, BodyKind, Operation, Param, ParamLocation, PathPart, ResponseBody, StatusMatch,
    StatusVariant, SuccessResponse, TypeRef,
};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// `src/operations/mod.rs`: one private module per tag (the methods are on `Client`).
pub fn mod_rs(api: &Api) -> TokenStream {
    let attrs = file_attrs();
    let modules = grouped(api).into_keys().map(ident);
    quote! {
        #![doc = " The API's operations, as methods on [`Client`](crate::Client), one module per tag."]
        #attrs
        #( mod #modules; )*
    }
}

/// The operations of each module (tag), in the order of the IR.
pub fn grouped(api: &Api) -> BTreeMap<&str, Vec<&Operation>> {
    let mut modules: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for operation in &api.operations {
        modules
            .entry(operation.module.as_str())
            .or_default()
            .push(operation);
    }
    modules
}

/// The file of one module: its operations as methods of `Client`.
pub fn module_file(operations: &[&Operation]) -> TokenStream {
    let attrs = file_attrs();
    let methods = operations.iter().map(|op| method(op));
    quote! {
        #attrs
        impl crate::Client {
            #(#methods)*
        }
    }
}

fn method(op: &Operation) -> TokenStream {
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

    let mut args = Vec::new();
    for param in &op.path_params {
        let arg = ident(&param.name);
        let ty = path_arg_type(&param.ty);
        args.push(quote!(#arg: #ty));
    }
    let (body_arg, json_body, raw_body) = body_parts(op.body.as_ref());
    args.extend(body_arg);
    if let Some(params) = &op.params_struct {
        let params = ident(params);
        args.push(quote!(params: &crate::types::#params));
    }

    let path = path_expr(op);
    let query = query_stmts(&op.query_params);
    let method = ident(op.method.as_str());
    let content_type = match op.body.as_ref().map(|b| &b.kind) {
        Some(BodyKind::Json { content_type, .. }) => content_type.as_str(),
        _ => "application/json",
    };
    let operation_id = &op.operation_id;
    let path_template = &op.path;
    // `body: body` is written `body`, as clippy asks.
    let body_field = if json_body.to_string() == "body" {
        quote!(body)
    } else {
        quote!(body: #json_body)
    };
    let request = quote! {
        crate::client::Request {
            operation: #operation_id,
            path_template: #path_template,
            method: ::reqwest::Method::#method,
            path,
            query,
            headers,
            #body_field,
            content_type: #content_type,
            raw_body: #raw_body,
        }
    };
    let (output, call) = match &op.response {
        SuccessResponse::Single(ResponseBody::Empty) => {
            (quote!(()), quote!(self.send_empty(#request).await))
        }
        SuccessResponse::Single(ResponseBody::Json(ty)) => {
            (type_tokens(ty), quote!(self.send(#request).await))
        }
        SuccessResponse::Single(ResponseBody::Text) => (
            quote!(::std::string::String),
            quote!(self.send_raw(#request).await?.into_text()),
        ),
        SuccessResponse::Single(ResponseBody::Bytes) => (
            quote!(::bytes::Bytes),
            quote!(::std::result::Result::Ok(self.send_raw(#request).await?.into_bytes())),
        ),
        SuccessResponse::Envelope {
            envelope,
            field,
            inner,
        } => {
            let envelope = type_tokens(envelope);
            let field = ident(field);
            let call = quote! {
                let envelope: #envelope = self.send(#request).await?;
                ::std::result::Result::Ok(envelope.#field)
            };
            (type_tokens(inner), call)
        }
        SuccessResponse::List {
            envelope,
            field,
            item,
            pagination,
        } => {
            let envelope = type_tokens(envelope);
            let field = ident(field);
            let item = type_tokens(item);
            match pagination {
                None => (
                    quote!(::std::vec::Vec<#item>),
                    quote! {
                        let envelope: #envelope = self.send(#request).await?;
                        ::std::result::Result::Ok(envelope.#field)
                    },
                ),
                Some(pagination) => {
                    // The page remembers the page size asked for, so that it can tell whether
                    // it was the last one.
                    let limit = ident(&pagination.limit);
                    let default = match pagination.default_limit {
                        Some(n) => {
                            let n = proc_macro2::Literal::u64_unsuffixed(n);
                            quote!(::std::option::Option::Some(#n))
                        }
                        None => quote!(::std::option::Option::None),
                    };
                    (
                        quote!(crate::Page<#item>),
                        quote! {
                            let limit = params.#limit.and_then(|limit| u64::try_from(limit).ok()).or(#default);
                            let envelope: #envelope = self.send(#request).await?;
                            ::std::result::Result::Ok(crate::Page::new(envelope.#field, limit))
                        },
                    )
                }
            }
        }
        SuccessResponse::ByStatus { name, variants } => {
            let name = ident(name);
            let name = quote!(crate::types::#name);
            // Exact codes first, then ranges, then `default` (which takes every other status).
            let mut sorted: Vec<&StatusVariant> = variants.iter().collect();
            sorted.sort_by_key(|v| match v.status {
                StatusMatch::Code(_) => 0,
                StatusMatch::Range(_) => 1,
                StatusMatch::Default => 2,
            });
            let arms = sorted.iter().map(|v| {
                let variant = ident(&v.name);
                let value = match &v.body {
                    ResponseBody::Empty => quote!(#name::#variant),
                    ResponseBody::Json(_) => quote!(#name::#variant(raw.decode()?)),
                    ResponseBody::Text => quote!(#name::#variant(raw.into_text()?)),
                    ResponseBody::Bytes => quote!(#name::#variant(raw.into_bytes())),
                };
                match v.status.codes() {
                    Some((code, highest)) if code == highest => {
                        let code = proc_macro2::Literal::u16_unsuffixed(code);
                        quote!(#code => #value,)
                    }
                    Some((lowest, highest)) => {
                        let lowest = proc_macro2::Literal::u16_unsuffixed(lowest);
                        let highest = proc_macro2::Literal::u16_unsuffixed(highest);
                        quote!(#lowest..=#highest => #value,)
                    }
                    None => quote!(_ => #value,),
                }
            });
            let unexpected = if variants.iter().any(|v| v.status == StatusMatch::Default) {
                TokenStream::new()
            } else {
                quote!(_ => return ::std::result::Result::Err(raw.unexpected_status()),)
            };
            let call = quote! {
                let raw = self.send_raw(#request).await?;
                ::std::result::Result::Ok(match raw.status() {
                    #(#arms)*
                    #unexpected
                })
            };
            (name, call)
        }
    };
    let errors = error_docs(op);
    quote! {
        #docs
        #spacer
        #[doc = #endpoint]
        #errors
        #deprecated
        pub async fn #name(&self, #(#args),*) -> ::std::result::Result<#output, crate::Error> {
            #path
            #query
            #call
        }
    }
}

/// A doc section naming the type of each documented error body, which callers can decode with
/// `ApiError::body_as`.
fn error_docs(op: &Operation) -> TokenStream {
    let lines: Vec<String> = op
        .error_bodies
        .iter()
        .filter_map(|(status, ty)| match ty {
            TypeRef::Named(name) => {
                let status = match status {
                    StatusMatch::Default => "any other status".to_owned(),
                    StatusMatch::Code(_) | StatusMatch::Range(_) => format!("HTTP {status}"),
                };
                Some(format!(" - {status}: [`{name}`](crate::types::{name})"))
            }
            _ => None,
        })
        .collect();
    if lines.is_empty() {
        return TokenStream::new();
    }
    let intro = " Error bodies, for [`ApiError::body_as`](crate::ApiError::body_as):";
    quote! {
        #[doc = ""]
        #[doc = #intro]
        #( #[doc = #lines] )*
    }
}

/// The body argument (if any), the JSON body expression and the raw body expression.
fn body_parts(body: Option<&Body>) -> (Option<TokenStream>, TokenStream, TokenStream) {
    let none_json = quote!(::std::option::Option::None::<&()>);
    let none_raw = quote!(::std::option::Option::None);
    let Some(body) = body else {
        return (None, none_json, none_raw);
    };
    let required = body.required;
    match &body.kind {
        BodyKind::Json {
            ty,
            envelope: Some(key),
            ..
        } => {
            // The caller passes what goes inside the envelope; the client wraps it.
            let ty = type_tokens(ty);
            if required {
                (
                    Some(quote!(body: &#ty)),
                    quote!(::std::option::Option::Some(&crate::support::Enveloped::new(#key, body))),
                    none_raw,
                )
            } else {
                (
                    Some(quote!(body: ::std::option::Option<&#ty>)),
                    quote!(body.map(|body| crate::support::Enveloped::new(#key, body)).as_ref()),
                    none_raw,
                )
            }
        }
        BodyKind::Json { ty, .. } => {
            let ty = type_tokens(ty);
            if required {
                (
                    Some(quote!(body: &#ty)),
                    quote!(::std::option::Option::Some(body)),
                    none_raw,
                )
            } else {
                (
                    Some(quote!(body: ::std::option::Option<&#ty>)),
                    quote!(body),
                    none_raw,
                )
            }
        }
        BodyKind::Form { ty } => {
            let ty = type_tokens(ty);
            if required {
                (
                    Some(quote!(body: &#ty)),
                    none_json,
                    quote!(::std::option::Option::Some(crate::support::form_body(
                        body
                    )?)),
                )
            } else {
                (
                    Some(quote!(body: ::std::option::Option<&#ty>)),
                    none_json,
                    quote!(body.map(crate::support::form_body).transpose()?),
                )
            }
        }
        BodyKind::Multipart { .. } => {
            if required {
                (
                    Some(quote!(body: crate::Multipart)),
                    none_json,
                    quote!(::std::option::Option::Some(body.into_raw_body())),
                )
            } else {
                (
                    Some(quote!(body: ::std::option::Option<crate::Multipart>)),
                    none_json,
                    quote!(body.map(crate::Multipart::into_raw_body)),
                )
            }
        }
        BodyKind::Text { content_type } | BodyKind::Bytes { content_type } => {
            let is_text = matches!(body.kind, BodyKind::Text { .. });
            let arg_ty = if is_text {
                quote!(::std::string::String)
            } else {
                quote!(::bytes::Bytes)
            };
            let to_bytes = if is_text {
                quote!(::bytes::Bytes::from(body))
            } else {
                quote!(body)
            };
            if required {
                (
                    Some(quote!(body: impl ::std::convert::Into<#arg_ty>)),
                    none_json,
                    quote! {{
                        let body: #arg_ty = body.into();
                        ::std::option::Option::Some(crate::client::RawBody::new(#content_type, #to_bytes))
                    }},
                )
            } else {
                (
                    Some(quote!(body: ::std::option::Option<#arg_ty>)),
                    none_json,
                    quote!(body.map(|body| crate::client::RawBody::new(#content_type, #to_bytes))),
                )
            }
        }
    }
}

/// Path parameters are taken by reference when they are strings or enums, by value otherwise.
fn path_arg_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&str),
        TypeRef::Named(_) => {
            let ty = type_tokens(ty);
            quote!(&#ty)
        }
        other => type_tokens(other),
    }
}

/// The path, built from the template's literal text and each parameter percent-encoded as one
/// segment (a `String` built by pushes rather than `format!`, which prettyplease cannot lay out).
fn path_expr(op: &Operation) -> TokenStream {
    let pushes = op.path_parts.iter().map(|part| match part {
        PathPart::Literal(text) => quote! { path.push_str(#text); },
        PathPart::Param(name) => {
            let param = op.path_params.iter().find(|p| &p.name == name);
            let wire = param.map_or(name.as_str(), |p| p.wire_name.as_str());
            let arg = ident(name);
            let value = match param.map(|p| &p.ty) {
                Some(TypeRef::String) => quote!(#arg),
                // Named types are taken by reference already; the rest by value.
                Some(TypeRef::Named(_)) => quote!(&crate::support::header_value(#arg)?),
                _ => quote!(&crate::support::header_value(&#arg)?),
            };
            quote! { path.push_str(&crate::support::encode_path_segment(#wire, #value)?); }
        }
    });
    quote! {
        let mut path = ::std::string::String::new();
        #(#pushes)*
    }
}

/// Statements that collect the query and header parameters that were set, in spec order.
/// Values go through `serde` (`support::push_query`, `support::header_value`), so enums, arrays,
/// objects and unions are written the same way their JSON would be.
fn query_stmts(params: &[Param]) -> TokenStream {
    let pushes = params.iter().map(|param| {
        let field = ident(&param.name);
        let wire = &param.wire_name;
        match param.location {
            ParamLocation::Header => {
                let push = quote! { headers.push((#wire, crate::support::header_value(value)?)); };
                if param.required {
                    quote! {{ let value = &params.#field; #push }}
                } else {
                    quote! {
                        if let ::std::option::Option::Some(value) = &params.#field {
                            #push
                        }
                    }
                }
            }
            ParamLocation::Query | ParamLocation::QueryDeepObject | ParamLocation::Path => {
                let explode = param.explode;
                let deep = param.location == ParamLocation::QueryDeepObject;
                quote! { crate::support::push_query(&mut query, #wire, &params.#field, #explode, #deep)?; }
            }
        }
    });
    let any_query = params.iter().any(|p| p.location != ParamLocation::Header);
    let any_header = params.iter().any(|p| p.location == ParamLocation::Header);
    let query_mut = if any_query {
        quote!(mut)
    } else {
        TokenStream::new()
    };
    let headers_mut = if any_header {
        quote!(mut)
    } else {
        TokenStream::new()
    };
    quote! {
        let #query_mut query: ::std::vec::Vec<(::std::string::String, ::std::string::String)> = ::std::vec::Vec::new();
        let #headers_mut headers: ::std::vec::Vec<(&'static str, ::std::string::String)> = ::std::vec::Vec::new();
        #(#pushes)*
    }
}
