//! Request bodies (emit phase): the argument a body is passed as, and the runtime `Body` it is
//! sent as.

use crate::emit::names::{Name, Scope};
use crate::emit::types::type_tokens;
use crate::ir::{Body, BodyKind};
use proc_macro2::TokenStream;
use quote::quote;

/// A body's `Body` expression, made from the variable `body` (the argument, or what an optional
/// one holds), and whether the operation requires it.
pub(crate) struct BodyValue {
    pub(crate) value: TokenStream,
    pub(crate) required: bool,
}

/// The parameter a body is passed as (`body: &CreateCustomer`, `body: Option<Multipart>`).
pub(crate) fn body_arg(body: &Body, scope: &Scope<'_>) -> TokenStream {
    let optional = |ty: TokenStream| {
        if body.required {
            ty
        } else {
            let option = scope.get(Name::Option);
            quote!(#option<#ty>)
        }
    };
    match &body.kind {
        BodyKind::Json { ty, .. } | BodyKind::Form { ty } => {
            let ty = type_tokens(ty, scope);
            let ty = optional(quote!(&#ty));
            quote!(body: #ty)
        }
        BodyKind::Multipart { .. } => {
            let ty = optional(scope.get(Name::Multipart));
            quote!(body: #ty)
        }
        BodyKind::Text { .. } | BodyKind::Bytes { .. } => {
            let ty = if matches!(body.kind, BodyKind::Text { .. }) {
                scope.get(Name::String)
            } else {
                scope.get(Name::Bytes)
            };
            if body.required {
                let into = scope.get(Name::Into);
                quote!(body: impl #into<#ty>)
            } else {
                let option = scope.get(Name::Option);
                quote!(body: #option<#ty>)
            }
        }
    }
}

/// The `Body` a request is sent with.
pub(crate) fn body_value(body: &Body, scope: &Scope<'_>) -> BodyValue {
    let body_type = scope.get(Name::Body);
    let value = match &body.kind {
        BodyKind::Json {
            content_type,
            envelope,
            ..
        } => {
            // The caller passes what goes inside an envelope; the client wraps it.
            let value = match envelope {
                Some(key) => quote!(#body_type::enveloped(#key, body)?),
                None => quote!(#body_type::json(body)?),
            };
            if content_type == "application/json" {
                value
            } else {
                quote!(#value.with_content_type(#content_type))
            }
        }
        BodyKind::Form { .. } => quote!(#body_type::form(body)?),
        BodyKind::Multipart { .. } => quote!(#body_type::multipart(body)),
        BodyKind::Text { content_type } => quote!(#body_type::text(#content_type, body)),
        BodyKind::Bytes { content_type } => quote!(#body_type::bytes(#content_type, body)),
    };
    BodyValue {
        value,
        required: body.required,
    }
}
