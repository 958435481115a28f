//! Responses (emit phase): what a method returns, and the statements that send the request and
//! make that from the response (a body, an envelope's field, a list, a page, a variant per
//! status).

use crate::emit::ident;
use crate::emit::names::{Name, Scope};
use crate::emit::types::type_tokens;
use crate::ir::{
    Api, Operation, ResponseBody, StatusMatch, StatusVariant, SuccessResponse, TypeKind, TypeRef,
};
use proc_macro2::TokenStream;
use quote::quote;

/// What the method returns, and the statements that send `request` and make that from the
/// response.
pub(crate) fn response(api: &Api, op: &Operation, scope: &Scope<'_>) -> (TokenStream, TokenStream) {
    let ok = scope.get(Name::Ok);
    match &op.response {
        SuccessResponse::Single(ResponseBody::Empty) => {
            (quote!(()), quote!(self.send_empty(request).await))
        }
        SuccessResponse::Single(ResponseBody::Json(ty)) => {
            (type_tokens(ty, scope), quote!(self.send(request).await))
        }
        SuccessResponse::Single(ResponseBody::Text) => (
            scope.get(Name::String),
            quote!(self.send_raw(request).await?.into_text()),
        ),
        SuccessResponse::Single(ResponseBody::Bytes) => (
            scope.get(Name::Bytes),
            quote!(#ok(self.send_raw(request).await?.into_bytes())),
        ),
        SuccessResponse::Envelope {
            envelope,
            field,
            inner,
            or_bare,
        } => {
            let envelope = type_tokens(envelope, scope);
            let field = ident(field);
            let call = match or_bare {
                None => quote! {
                    let envelope: #envelope = self.send(request).await?;
                    #ok(envelope.#field)
                },
                Some(key) => quote! {
                    self.send_enveloped_or_bare(request, #key, |envelope: #envelope| envelope.#field).await
                },
            };
            (type_tokens(inner, scope), call)
        }
        SuccessResponse::List {
            envelope,
            field,
            item,
            pagination,
        } => {
            let envelope = type_tokens(envelope, scope);
            let field = ident(field);
            let item = type_tokens(item, scope);
            match pagination {
                None => {
                    let vec = scope.get(Name::Vec);
                    (
                        quote!(#vec<#item>),
                        quote! {
                            let envelope: #envelope = self.send(request).await?;
                            #ok(envelope.#field)
                        },
                    )
                }
                Some(pagination) => {
                    // The page remembers the page size asked for, so that it can tell whether
                    // it was the last one.
                    let limit = ident(&pagination.limit);
                    let default = match pagination.default_limit {
                        Some(n) => {
                            let some = scope.get(Name::Some);
                            let n = proc_macro2::Literal::u64_unsuffixed(n);
                            quote!(#some(#n))
                        }
                        None => scope.get(Name::None),
                    };
                    let page = scope.get(Name::Page);
                    (
                        quote!(#page<#item>),
                        quote! {
                            let limit = params.#limit.and_then(|limit| u64::try_from(limit).ok()).or(#default);
                            let envelope: #envelope = self.send(request).await?;
                            #ok(#page::new(envelope.#field, limit))
                        },
                    )
                }
            }
        }
        SuccessResponse::ByStatus { ty } => {
            let variants = match ty {
                TypeRef::Named(name) => api.types.iter().find(|def| &def.name == name),
                _ => None,
            }
            .and_then(|def| match &def.kind {
                TypeKind::Responses(variants) => Some(variants.as_slice()),
                _ => None,
            })
            .unwrap_or_default();
            let name = match ty {
                TypeRef::Named(name) => ident(name),
                _ => ident("Unknown"),
            };
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
            let err = scope.get(Name::Err);
            let unexpected = if variants.iter().any(|v| v.status == StatusMatch::Default) {
                TokenStream::new()
            } else {
                quote!(_ => return #err(raw.unexpected_status()),)
            };
            let call = quote! {
                let raw = self.send_raw(request).await?;
                #ok(match raw.status() {
                    #(#arms)*
                    #unexpected
                })
            };
            (name, call)
        }
    }
}
