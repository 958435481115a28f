//! Unions (emit phase): `oneOf`/`anyOf` enums, tagged or untagged, and the enum of an
//! operation's success statuses.

use super::type_tokens;
use crate::emit::names::{Name, Scope};
use crate::emit::{cfg, ident};
use crate::ir::{
    Gate, ResponseBody, StatusMatch, StatusVariant, TypeDef, TypeRef, Union, UnionVariant,
};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn union_tokens(
    def: &TypeDef,
    u: &Union,
    header: TokenStream,
    scope: &Scope<'_>,
) -> TokenStream {
    let name = ident(&def.name);
    let catch_all = ident(&u.catch_all);
    let variant_names: Vec<_> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let variant_types: Vec<_> = u
        .variants
        .iter()
        .map(|v| {
            let ty = match &v.ty {
                // Behind a feature of its own: not imported (see `Scope::spec_type_in_full`).
                TypeRef::Named(name) if v.gate != Gate::Always => scope.spec_type_in_full(name),
                ty => type_tokens(ty, scope),
            };
            if v.boxed {
                let boxed = scope.get(Name::Box);
                quote!(#boxed<#ty>)
            } else {
                ty
            }
        })
        .collect();
    // A variant whose type needs features the union does not (a webhook event's payload).
    let cfgs: Vec<TokenStream> = u.variants.iter().map(|v| cfg(&v.gate)).collect();
    let (serialize, deserialize) = (scope.get(Name::Serialize), scope.get(Name::Deserialize));
    let from = variant_from(def, u, scope);
    let Some(tag) = &u.tag else {
        let variant_docs = u
            .variants
            .iter()
            .map(|v| crate::emit::docs::doc_attrs(v.docs.as_deref()));
        return quote! {
            #header
            ///
            /// Decoding tries the variants in order (the most specific first); a value that fits
            /// none is kept, as JSON, in the catch-all variant.
            #[derive(Clone, Debug, PartialEq, #serialize, #deserialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #( #variant_docs #cfgs #variant_names(#variant_types), )*
                /// A value that fits no variant this version of the client knows.
                #catch_all(serde_json::Value),
            }
            #from
        };
    };
    let property = tag.property.as_str();
    let tag_values: Vec<&str> = u
        .variants
        .iter()
        .map(|v| v.tag_value.as_deref().unwrap_or_default())
        .collect();
    let variant_docs = tag_values
        .iter()
        .map(|value| format!(" `{property}: {value}`"));
    let doc = format!(
        " The `{property}` property says which variant an object is; an object with a `{property}` this version of the client does not know is kept, as JSON, in the catch-all variant."
    );
    let (serializer, deserializer) = (scope.get(Name::Serializer), scope.get(Name::Deserializer));
    let (result, some, ok) = (
        scope.get(Name::StdResult),
        scope.get(Name::Some),
        scope.get(Name::Ok),
    );
    let to_owned = scope.get(Name::ToOwned);
    quote! {
        #header
        ///
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #[doc = #variant_docs]
                #cfgs
                #variant_names(#variant_types),
            )*
            /// An object whose tag this version of the client does not know.
            #catch_all(serde_json::Value),
        }
        #from

        impl #serialize for #name {
            fn serialize<S: #serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                match self {
                    #( #cfgs Self::#variant_names(value) => crate::support::serialize_tagged(serializer, #property, #tag_values, value), )*
                    Self::#catch_all(value) => #serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> #deserialize<'de> for #name {
            fn deserialize<D: #deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                crate::support::deserialize_value(deserializer, |value| {
                    let tag = value.get(#property).and_then(serde_json::Value::as_str).map(#to_owned::to_owned);
                    match tag.as_deref() {
                        #(
                            #cfgs
                            #some(#tag_values) => serde_json::from_value(value)
                                .map(Self::#variant_names)
                                .map_err(|error| error.to_string()),
                        )*
                        _ => #ok(Self::#catch_all(value)),
                    }
                })
            }
        }
    }
}

/// `From<T>` for each variant type `T` no other variant shares, so that a value of a variant's
/// type goes wherever the union is taken (a setter's `impl Into<Union>`). Left out: a type two
/// variants share (which one would it be?), JSON (the catch-all's), the union itself, and a
/// variant behind a feature of its own.
fn variant_from(def: &TypeDef, u: &Union, scope: &Scope<'_>) -> TokenStream {
    let unique = |v: &&UnionVariant| {
        v.gate == Gate::Always
            && u.variants.iter().filter(|w| w.ty == v.ty).count() == 1
            && v.ty != TypeRef::Any
            && v.ty != TypeRef::Named(def.name.clone())
    };
    let line = |v: &UnionVariant| {
        let (variant, ty) = (ident(&v.name), type_tokens(&v.ty, scope));
        quote!(#variant(#ty);)
    };
    let name = ident(&def.name);
    let plain: Vec<TokenStream> = u
        .variants
        .iter()
        .filter(unique)
        .filter(|v| !v.boxed)
        .map(line)
        .collect();
    let boxed: Vec<TokenStream> = u
        .variants
        .iter()
        .filter(unique)
        .filter(|v| v.boxed)
        .map(line)
        .collect();
    let mut out = TokenStream::new();
    if !plain.is_empty() {
        out.extend(quote!(crate::support::variant_from! { #name; #(#plain)* }));
    }
    if !boxed.is_empty() {
        out.extend(quote!(
            crate::support::boxed_variant_from! { #name; #(#boxed)* }
        ));
    }
    out
}

pub(crate) fn responses_tokens(
    def: &TypeDef,
    variants: &[StatusVariant],
    header: TokenStream,
    scope: &Scope<'_>,
) -> TokenStream {
    let name = ident(&def.name);
    let variants = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let doc = match v.status {
            StatusMatch::Default => " Any other status.".to_owned(),
            StatusMatch::Code(_) | StatusMatch::Range(_) => format!(" HTTP {}.", v.status),
        };
        let payload = match &v.body {
            ResponseBody::Empty => TokenStream::new(),
            ResponseBody::Json(ty) => {
                let ty = type_tokens(ty, scope);
                quote!((#ty))
            }
            ResponseBody::Text => {
                let string = scope.get(Name::String);
                quote!((#string))
            }
            ResponseBody::Bytes => quote!((bytes::Bytes)),
        };
        quote! {
            #[doc = #doc]
            #variant #payload,
        }
    });
    quote! {
        #header
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    }
}
