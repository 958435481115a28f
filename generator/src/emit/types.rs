//! Emission of types (emit phase): one file per struct or enum under `src/types/`, so that a
//! change to one schema changes one file.

use super::names::{Std, spec_type, std};
use super::{doc_attrs, file_attrs, ident};
use crate::ir::{
    Api, Field, IntEnum, ResponseBody, StatusMatch, StatusVariant, StringEnum, Struct, TypeDef,
    TypeKind, TypeRef, Union, Usage,
};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

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

/// The Rust type of a value of `ty`, in the file being built (see [`names`](super::names)).
pub fn type_tokens(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => std(Std::String),
        TypeRef::Integer { bits, signed } => {
            let name = format!("{}{bits}", if *signed { "i" } else { "u" });
            let name = ident(&name);
            quote!(#name)
        }
        TypeRef::Number { bits: 32 } => quote!(f32),
        TypeRef::Number { .. } => quote!(f64),
        TypeRef::Boolean => quote!(bool),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Uuid => quote!(uuid::Uuid),
        TypeRef::IpAddr { version: Some(4) } => quote!(std::net::Ipv4Addr),
        TypeRef::IpAddr { version: Some(6) } => quote!(std::net::Ipv6Addr),
        TypeRef::IpAddr { .. } => quote!(std::net::IpAddr),
        TypeRef::Any => quote!(serde_json::Value),
        TypeRef::Named(name) => spec_type(name),
        TypeRef::Array(item) => {
            let vec = std(Std::Vec);
            let item = type_tokens(item);
            quote!(#vec<#item>)
        }
        TypeRef::Map(value) => {
            let map = std(Std::BTreeMap);
            let string = std(Std::String);
            let value = type_tokens(value);
            quote!(#map<#string, #value>)
        }
        TypeRef::Expandable(object) => {
            let expandable = std(Std::Expandable);
            let object = type_tokens(object);
            quote!(#expandable<#object>)
        }
    }
}

/// The file for one type.
pub fn type_file(def: &TypeDef) -> TokenStream {
    let attrs = file_attrs();
    let docs = doc_attrs(def.docs.as_deref());
    let source = source_doc(&def.source);
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

/// Where a type comes from, for its docs: the schema's name (`Schema: `Customer`.`), or the
/// operation and part of it an inline schema stands in (`From `GET /v1/things/{id}`: parameters.`),
/// rather than an escaped JSON pointer.
fn source_doc(pointer: &str) -> String {
    let unescape = |part: &str| part.replace("~1", "/").replace("~0", "~");
    let parts: Vec<String> = pointer
        .trim_start_matches("#/")
        .split('/')
        .map(unescape)
        .collect();
    let described = match parts.as_slice() {
        [components, kind, name, rest @ ..] if components == "components" => {
            let mut text = format!("`{name}`");
            // Properties of an inline object: `Parent.field`.
            for pair in rest.chunks(2) {
                match pair {
                    [key, value] if key == "properties" => {
                        text = format!("`{}.{value}`", text.trim_matches('`'))
                    }
                    _ => {}
                }
            }
            match kind.as_str() {
                "schemas" => format!("Schema: {text}."),
                other => format!("From {other} {text}."),
            }
        }
        [paths, path, method, rest @ ..] if paths == "paths" => {
            let what = match rest.first().map(String::as_str) {
                Some("parameters") => ": parameters",
                Some("requestBody") => ": request body",
                Some("responses") => ": responses",
                _ => "",
            };
            format!("From `{} {path}`{what}.", method.to_uppercase())
        }
        _ => format!("From `{pointer}`."),
    };
    format!(" {described}")
}

/// The map that holds the properties a struct's fields do not name: typed, as the spec's
/// `additionalProperties` say (`additional_properties`), or, for what responses carry, the JSON
/// of fields this version of the client does not know (`extra`), so that nothing the API sends
/// is lost and a decoded object writes back what it read.
/// Returns its field name and value type.
fn rest_field(s: &Struct) -> Option<(Ident, TypeRef)> {
    let (name, ty) = match (&s.additional, s.usage) {
        (Some(ty), _) => ("additional_properties", ty.clone()),
        // Callers build these; a field the spec does not name yet is sent with a raw request.
        (None, Usage::Params | Usage::Request) => return None,
        (None, Usage::Response | Usage::Unused) => ("extra", TypeRef::Any),
    };
    let taken = s.fields.iter().any(|f| f.name == name);
    let name = if taken {
        format!("{name}_")
    } else {
        name.to_owned()
    };
    Some((ident(&name), ty))
}

fn struct_tokens(def: &TypeDef, s: &Struct, header: TokenStream) -> TokenStream {
    let name = ident(&def.name);
    let fields = s.fields.iter().map(field_tokens);
    let rest = rest_field(s).map(|(field, ty)| {
        let map = type_tokens(&TypeRef::Map(Box::new(ty)));
        let doc = if s.additional.is_some() {
            " Properties other than the ones above."
        } else {
            " Fields the spec does not name, as the API sent them; written back unchanged."
        };
        quote! {
            #[doc = #doc]
            #[serde(flatten)]
            pub #field: #map,
        }
    });
    let default = if s.all_optional {
        quote!(Default,)
    } else {
        TokenStream::new()
    };
    // A secret field is never shown by `Debug`: the struct writes its own.
    let secret = s.fields.iter().any(|f| f.secret);
    let debug = if secret {
        TokenStream::new()
    } else {
        quote!(Debug,)
    };
    let debug_impl = if secret {
        redacting_debug(def, s)
    } else {
        TokenStream::new()
    };
    // Callers only read what responses carry; a field the API adds later is then not a
    // breaking change for them. (They build request and params structs, which stay open.)
    let non_exhaustive = if s.usage == Usage::Response {
        quote!(#[non_exhaustive])
    } else {
        TokenStream::new()
    };
    let identified = identified_impl(def, s);
    let constructor = constructor(def, s);
    let (serialize, deserialize) = (std(Std::Serialize), std(Std::Deserialize));
    quote! {
        #header
        #[derive(Clone, #debug #default PartialEq, #serialize, #deserialize)]
        #non_exhaustive
        pub struct #name {
            #(#fields)*
            #rest
        }
        #constructor
        #identified
        #debug_impl
    }
}

/// `Debug` that shows `[redacted]` for the value of each secret field (`None` stays `None`).
fn redacting_debug(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let type_name = &def.name;
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let label = &f.name;
        match (f.secret, f.presence.is_option()) {
            (false, _) => quote!(.field(#label, &self.#field)),
            (true, true) => {
                quote!(.field(#label, &self.#field.as_ref().map(|_| crate::support::Redacted)))
            }
            (true, false) => quote!(.field(#label, &crate::support::Redacted)),
        }
    });
    let rest = rest_field(s).map(|(field, _)| {
        let label = field.to_string();
        quote!(.field(#label, &self.#field))
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#fields)*
                    #rest
                    .finish()
            }
        }
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
    let inits: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| {
            let name = ident(&f.name);
            match (f.presence.is_option(), f.boxed) {
                (true, _) => {
                    let none = std(Std::None);
                    quote!(#name: #none)
                }
                (false, true) => {
                    let boxed = std(Std::Box);
                    quote!(#name: #boxed::new(#name))
                }
                (false, false) => quote!(#name),
            }
        })
        .collect();
    let additional = rest_field(s).map(|(field, _)| {
        let map = std(Std::BTreeMap);
        quote!(#field: #map::new(),)
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
        let boxed = std(Std::Box);
        ty = quote!(#boxed<#ty>);
    }
    let mut serde = Vec::new();
    if field.name != field.wire_name {
        let wire = &field.wire_name;
        serde.push(quote!(rename = #wire));
    }
    if field.presence.is_option() {
        let option = std(Std::Option);
        ty = quote!(#option<#ty>);
        // serde decodes a missing `Option` field as `None` by itself. Only fields the spec does
        // not require are left out when serializing `None`; a required, nullable one is written
        // as `null`.
        if field.presence.omits_none() {
            let is_none = format!("{option}::is_none").replace(' ', "");
            serde.push(quote!(skip_serializing_if = #is_none));
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
                let some = std(Std::Some);
                quote!(#some(&self.#field_name))
            }
        }
        None if s.expandable_target => std(Std::None),
        None => return TokenStream::new(),
    };
    let option = std(Std::Option);
    quote! {
        impl crate::Identified for #name {
            fn object_id(&self) -> #option<&str> {
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
    let (string, from) = (std(Std::String), std(Std::From));
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
            #catch_all(#string),
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

        impl #from<&str> for #name {
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
    let from = std(Std::From);
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

        impl #from<i64> for #name {
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
                let boxed = std(Std::Box);
                quote!(#boxed<#ty>)
            } else {
                ty
            }
        })
        .collect();
    let (serialize, deserialize) = (std(Std::Serialize), std(Std::Deserialize));
    let Some(tag) = &u.tag else {
        return quote! {
            #header
            ///
            /// Decoding tries the variants in order (the most specific first); a value that fits
            /// none is kept, as JSON, in the catch-all variant.
            #[derive(Clone, Debug, PartialEq, #serialize, #deserialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #( #variant_names(#variant_types), )*
                /// A value that fits no variant this version of the client knows.
                #catch_all(serde_json::Value),
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
    let (serializer, deserializer) = (std(Std::Serializer), std(Std::Deserializer));
    let (result, some, ok) = (std(Std::Result), std(Std::Some), std(Std::Ok));
    let to_owned = std(Std::ToOwned);
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
            #catch_all(serde_json::Value),
        }

        impl #serialize for #name {
            fn serialize<S: #serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                match self {
                    #( Self::#variant_names(value) => crate::support::serialize_tagged(serializer, #property, #tag_values, value), )*
                    Self::#catch_all(value) => #serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> #deserialize<'de> for #name {
            fn deserialize<D: #deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                let value = <serde_json::Value as #deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(#to_owned::to_owned);
                match tag.as_deref() {
                    #(
                        #some(#tag_values) => serde_json::from_value(value)
                            .map(Self::#variant_names)
                            .map_err(serde::de::Error::custom),
                    )*
                    _ => #ok(Self::#catch_all(value)),
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
            ResponseBody::Text => {
                let string = std(Std::String);
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
