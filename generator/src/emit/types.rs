//! Emission of types (emit phase): one file per struct or enum under `src/types/`, so that a
//! change to one schema changes one file.

use super::{doc_attrs, file_attrs, ident};
use crate::ir::{
    Api, Field, IntEnum, ResponseBody, StatusMatch, StatusVariant, StringEnum, Struct, TypeDef,
    TypeKind, TypeRef, Union,
};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// `src/types/mod.rs`: a module per type, each re-exported.
pub fn mod_rs(api: &Api) -> TokenStream {
    let attrs = file_attrs();
    let items = api.types.iter().map(|def| {
        let module = ident(&def.module);
        let name = ident(&def.name);
        quote! {
            mod #module;
            pub use self::#module::#name;
        }
    });
    quote! {
        #![doc = " The types of the API's requests and responses, one per schema."]
        #attrs
        #(#items)*
    }
}

/// The Rust type of a value of `ty`.
pub fn type_tokens(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Integer { bits, signed } => {
            let name = format!("{}{bits}", if *signed { "i" } else { "u" });
            let name = ident(&name);
            quote!(#name)
        }
        TypeRef::Number { bits: 32 } => quote!(f32),
        TypeRef::Number { .. } => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::DateTime => quote!(::chrono::DateTime<::chrono::Utc>),
        TypeRef::Date => quote!(::chrono::NaiveDate),
        TypeRef::Uuid => quote!(::uuid::Uuid),
        TypeRef::IpAddr { version: Some(4) } => quote!(::std::net::Ipv4Addr),
        TypeRef::IpAddr { version: Some(6) } => quote!(::std::net::Ipv6Addr),
        TypeRef::IpAddr { .. } => quote!(::std::net::IpAddr),
        TypeRef::Any => quote!(::serde_json::Value),
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(crate::types::#name)
        }
        TypeRef::Array(item) => {
            let item = type_tokens(item);
            quote!(::std::vec::Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = type_tokens(value);
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
        TypeRef::Expandable(object) => {
            let object = type_tokens(object);
            quote!(crate::Expandable<#object>)
        }
    }
}

/// The file for one type.
pub fn type_file(def: &TypeDef) -> TokenStream {
    let attrs = file_attrs();
    let docs = doc_attrs(def.docs.as_deref());
    let source = format!(" Schema: `{}`.", def.source);
    let spacer = if def.docs.is_some() {
        quote!(#[doc = ""])
    } else {
        TokenStream::new()
    };
    let deprecated = if def.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    let header = quote! { #docs #spacer #[doc = #source] #deprecated };
    let item = match &def.kind {
        TypeKind::Struct(s) => struct_tokens(def, s, header),
        TypeKind::StringEnum(e) => enum_tokens(def, e, header),
        TypeKind::IntEnum(e) => int_enum_tokens(def, e, header),
        TypeKind::Union(u) => union_tokens(def, u, header),
        TypeKind::Responses(variants) => responses_tokens(def, variants, header),
    };
    quote! {
        #attrs
        #item
    }
}

fn struct_tokens(def: &TypeDef, s: &Struct, header: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let fields = s.fields.iter().map(field_tokens);
    let additional = s.additional.as_ref().map(|ty| {
        let taken: BTreeSet<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
        let field = if taken.contains("additional_properties") {
            "additional_properties_"
        } else {
            "additional_properties"
        };
        let field = ident(field);
        let ty = type_tokens(ty);
        quote! {
            #[doc = " Properties other than the ones above."]
            #[serde(flatten)]
            pub #field: ::std::collections::BTreeMap<::std::string::String, #ty>,
        }
    });
    let default = if s.all_optional {
        quote!(Default,)
    } else {
        TokenStream::new()
    };
    let identified = identified_impl(def, s);
    let constructor = constructor(def, s);
    quote! {
        #header
        #[derive(Clone, Debug, #default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #constructor
        #identified
    }
}

/// `new(..)` for a struct with required fields, which cannot be `Default`: it takes the required
/// fields, in order, and leaves every optional one `None`.
fn constructor(def: &TypeDef, s: &Struct) -> TokenStream {
    if s.all_optional {
        return TokenStream::new();
    }
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| !f.presence.is_option())
        .collect();
    let args = required.iter().map(|f| {
        let name = ident(&f.name);
        let ty = type_tokens(&f.ty);
        quote!(#name: #ty)
    });
    let inits = s.fields.iter().map(|f| {
        let name = ident(&f.name);
        match (f.presence.is_option(), f.boxed) {
            (true, _) => quote!(#name: ::std::option::Option::None),
            (false, true) => quote!(#name: ::std::boxed::Box::new(#name)),
            (false, false) => quote!(#name),
        }
    });
    let additional = s.additional.as_ref().map(|_| {
        let taken = s.fields.iter().any(|f| f.name == "additional_properties");
        let field = ident(if taken {
            "additional_properties_"
        } else {
            "additional_properties"
        });
        quote!(#field: ::std::collections::BTreeMap::new(),)
    });
    // Clippy's limit is seven arguments.
    let allow = if required.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    };
    let name = ident(&def.name);
    let doc = format!(
        " A `{}` with the required fields given and every other one `None`.",
        def.name
    );
    quote! {
        impl #name {
            #[doc = #doc]
            #allow
            pub fn new(#(#args),*) -> Self {
                #name { #(#inits,)* #additional }
            }
        }
    }
}

fn field_tokens(field: &Field) -> TokenStream {
    let docs = doc_attrs(super::docs::field_docs(field).as_deref());
    let name = ident(&field.name);
    let mut ty = type_tokens(&field.ty);
    if field.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    let mut serde = Vec::new();
    if field.name != field.wire_name {
        let wire = &field.wire_name;
        serde.push(quote!(rename = #wire));
    }
    if field.presence.is_option() {
        ty = quote!(::std::option::Option<#ty>);
        // A missing field decodes as `None`. Only fields the spec does not require are left out
        // when serializing `None`; a required, nullable one is written as `null`.
        serde.push(quote!(default));
        if field.presence.omits_none() {
            serde.push(quote!(
                skip_serializing_if = "::std::option::Option::is_none"
            ));
        }
    }
    let serde = if serde.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[serde(#(#serde),*)])
    };
    let deprecated = if field.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    quote! {
        #docs
        #deprecated
        #serde
        pub #name: #ty,
    }
}

/// `Identified` for structs with an ID field, and for every struct that is the object side of an
/// `Expandable` (whose `id()` needs it), with or without one.
fn identified_impl(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let body = match s
        .id_field
        .as_ref()
        .and_then(|id| s.fields.iter().find(|f| &f.name == id))
    {
        Some(field) => {
            let field_name = ident(&field.name);
            if field.presence.is_option() {
                quote!(self.#field_name.as_deref())
            } else {
                quote!(::std::option::Option::Some(&self.#field_name))
            }
        }
        None if s.expandable_target => quote!(::std::option::Option::None),
        None => return TokenStream::new(),
    };
    quote! {
        impl crate::Identified for #name {
            fn object_id(&self) -> ::std::option::Option<&str> {
                #body
            }
        }
    }
}

fn enum_tokens(def: &TypeDef, e: &StringEnum, header: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let catch_all = ident(&e.catch_all);
    let variant_names: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let wire_names: Vec<_> = e.variants.iter().map(|v| v.wire_name.as_str()).collect();
    let variant_docs = wire_names.iter().map(|wire| {
        if wire.is_empty() {
            " The empty string.".to_owned()
        } else {
            format!(" `{wire}`")
        }
    });
    quote! {
        #header
        ///
        /// Values this version of the client does not know are kept in the catch-all variant
        /// and written back unchanged, so a value the API adds later does not break decoding;
        /// the enum is `#[non_exhaustive]`, so one the client adds later does not break matches.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #[doc = #variant_docs]
                #variant_names,
            )*
            /// A value this version of the client does not know, as the API sent it.
            #catch_all(::std::string::String),
        }

        impl #name {
            /// The value as the API writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variant_names => #wire_names, )*
                    Self::#catch_all(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wire_names => Self::#variant_names, )*
                    other => Self::#catch_all(other.to_owned()),
                }
            }
        }

        crate::support::string_enum!(#name, #catch_all);
    }
}

fn int_enum_tokens(def: &TypeDef, e: &IntEnum, header: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let catch_all = ident(&e.catch_all);
    let variant_names: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<_> = e.variants.iter().map(|v| v.value).collect();
    let variant_docs = values.iter().map(|value| format!(" `{value}`"));
    quote! {
        #header
        ///
        /// Values this version of the client does not know are kept in the catch-all variant
        /// and written back unchanged.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #[doc = #variant_docs]
                #variant_names,
            )*
            /// A value this version of the client does not know, as the API sent it.
            #catch_all(i64),
        }

        impl #name {
            /// The value as the API writes it.
            pub fn value(self) -> i64 {
                match self {
                    #( Self::#variant_names => #values, )*
                    Self::#catch_all(value) => value,
                }
            }
        }

        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #( #values => Self::#variant_names, )*
                    other => Self::#catch_all(other),
                }
            }
        }

        crate::support::int_enum!(#name);
    }
}

fn union_tokens(def: &TypeDef, u: &Union, header: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let catch_all = ident(&u.catch_all);
    let variant_names: Vec<_> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let variant_types: Vec<_> = u
        .variants
        .iter()
        .map(|v| {
            let ty = type_tokens(&v.ty);
            if v.boxed {
                quote!(::std::boxed::Box<#ty>)
            } else {
                ty
            }
        })
        .collect();
    let Some(tag) = &u.tag else {
        return quote! {
            #header
            ///
            /// Decoding tries the variants in order (the most specific first); a value that fits
            /// none is kept, as JSON, in the catch-all variant.
            #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #( #variant_names(#variant_types), )*
                /// A value that fits no variant this version of the client knows.
                #catch_all(::serde_json::Value),
            }
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
    quote! {
        #header
        ///
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #[doc = #variant_docs]
                #variant_names(#variant_types),
            )*
            /// An object whose tag this version of the client does not know.
            #catch_all(::serde_json::Value),
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #( Self::#variant_names(value) => crate::support::serialize_tagged(serializer, #property, #tag_values, value), )*
                    Self::#catch_all(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                match tag.as_deref() {
                    #(
                        ::std::option::Option::Some(#tag_values) => ::serde_json::from_value(value)
                            .map(Self::#variant_names)
                            .map_err(<D::Error as ::serde::de::Error>::custom),
                    )*
                    _ => ::std::result::Result::Ok(Self::#catch_all(value)),
                }
            }
        }
    }
}

fn responses_tokens(def: &TypeDef, variants: &[StatusVariant], header: TokenStream) -> TokenStream {
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
                let ty = type_tokens(ty);
                quote!((#ty))
            }
            ResponseBody::Text => quote!((::std::string::String)),
            ResponseBody::Bytes => quote!((::bytes::Bytes)),
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
