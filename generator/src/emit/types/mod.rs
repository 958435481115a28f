//! Emission of types (emit phase): one file per struct or enum under `src/types/`, so that a
//! change to one schema changes one file. This module writes the file and the Rust type of a
//! value; the kinds of type are by concern: [`structs`], [`enums`] (string and integer enums),
//! [`unions`] (unions and the by-status responses).

mod enums;
mod structs;
mod unions;

use super::names::{Name, Scope};
use super::{cfg, doc_attrs, file_attrs, ident};
use crate::ir::{Api, OperationPart, TypeDef, TypeKind, TypeRef, TypeRole, TypeSource};
use proc_macro2::TokenStream;
use quote::quote;

/// `src/types/mod.rs`: a module per type, each re-exported, and there with the cargo features
/// whose operations reach it.
pub(crate) fn mod_rs(api: &Api) -> TokenStream {
    let attrs = file_attrs();
    let items = api.types.iter().map(|def| {
        let module = ident(&def.module);
        let name = ident(&def.name);
        let cfg = cfg(&def.gate);
        quote! {
            #cfg
            mod #module;
            #cfg
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
pub(crate) fn type_tokens(ty: &TypeRef, scope: &Scope<'_>) -> TokenStream {
    match ty {
        TypeRef::String => scope.get(Name::String),
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
        TypeRef::Named(name) => scope.spec_type(name),
        TypeRef::Array(item) => {
            let vec = scope.get(Name::Vec);
            let item = type_tokens(item, scope);
            quote!(#vec<#item>)
        }
        TypeRef::Map(value) => {
            let map = scope.get(Name::BTreeMap);
            let string = scope.get(Name::String);
            let value = type_tokens(value, scope);
            quote!(#map<#string, #value>)
        }
        TypeRef::Expandable(object) => {
            let expandable = scope.get(Name::Expandable);
            let object = type_tokens(object, scope);
            quote!(#expandable<#object>)
        }
    }
}

/// The file for one type.
pub(crate) fn type_file(def: &TypeDef, scope: &Scope<'_>) -> TokenStream {
    let attrs = file_attrs();
    let docs = doc_attrs(role_docs(def).or_else(|| def.docs.clone()).as_deref());
    let source = source_doc(&def.source);
    let spacer = if def.docs.is_some() || def.role != TypeRole::Schema {
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
        TypeKind::Struct(s) => structs::struct_tokens(def, s, header, scope),
        TypeKind::StringEnum(e) => enums::enum_tokens(def, e, header, scope),
        TypeKind::IntEnum(e) => enums::int_enum_tokens(def, e, header, scope),
        TypeKind::Union(u) => unions::union_tokens(def, u, header, scope),
        TypeKind::Responses(variants) => unions::responses_tokens(def, variants, header, scope),
    };
    quote! {
        #attrs
        #item
    }
}

/// The docs of a type the generator made up, which no spec text describes.
fn role_docs(def: &TypeDef) -> Option<String> {
    match &def.role {
        TypeRole::Schema => None,
        TypeRole::Params { method } => Some(format!(
            "Query and header parameters of [`Client::{method}`](crate::Client::{method})."
        )),
        TypeRole::Responses => Some(
            "What a successful call returned: the variant says which status came, since each has its own body."
                .to_owned(),
        ),
        TypeRole::WebhookEvent => match &def.kind {
            TypeKind::Union(union) => Some(format!(
                "An event delivered to a webhook endpoint, by its type (the `{}` property of the body). An event type this version of the client does not know is kept whole, as JSON, in `{}`.",
                union.tag.as_ref().map_or("type", |tag| tag.property.as_str()),
                union.catch_all
            )),
            _ => None,
        },
    }
}

/// Where a type comes from, for its docs: the schema's name (`Schema: `Customer`.`), or the
/// operation and part of it an inline schema stands in (`From `GET /v1/things/{id}`: parameters.`).
fn source_doc(source: &TypeSource) -> String {
    let described = match source {
        TypeSource::Component {
            section,
            name,
            properties,
        } => {
            // Properties of an inline object: `Parent.field`.
            let text = std::iter::once(name.as_str())
                .chain(properties.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(".");
            match section.as_str() {
                "schemas" => format!("Schema: `{text}`."),
                other => format!("From {other} `{text}`."),
            }
        }
        TypeSource::Operation { method, path, part } => {
            let what = match part {
                Some(OperationPart::Parameters) => ": parameters",
                Some(OperationPart::RequestBody) => ": request body",
                Some(OperationPart::Responses) => ": responses",
                None => "",
            };
            format!("From `{method} {path}`{what}.")
        }
        TypeSource::Other(pointer) => format!("From `{pointer}`."),
    };
    format!(" {described}")
}
