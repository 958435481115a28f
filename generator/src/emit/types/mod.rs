//! Emission of types (emit phase): one file per struct or enum under `src/types/`, so that a
//! change to one schema changes one file. This module writes the file and the Rust type of a
//! value; the kinds of type are by concern: [`structs`], [`enums`] (string and integer enums),
//! [`unions`] (unions and the by-status responses).

mod enums;
mod structs;
mod unions;

use super::Output;
use super::docs::doc_lines;
use super::names::{Name, Scope};
use super::writer::{Writer, code, file_text};
use super::{cfg, file_attrs, ident};
use crate::diagnostics::error::SpecError;
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

/// The Rust type of a value of `ty`, as text.
pub(crate) fn type_text(ty: &TypeRef, scope: &Scope<'_>) -> String {
    code(&type_tokens(ty, scope))
}

/// The file for one type. A struct's or a string enum's, whose items all have a fixed shape, is
/// written as text ([`Writer`]) in the layout of the other files, without building and parsing
/// tokens; the other kinds are built as tokens.
pub(crate) fn type_file(def: &TypeDef, scope: &Scope<'_>) -> Result<Output, SpecError> {
    let mut items = Writer::default();
    items.docs(0, &header_lines(def));
    if def.deprecated {
        items.line(0, "#[deprecated]");
    }
    match &def.kind {
        TypeKind::Struct(s) => structs::write_struct(&mut items, def, s, scope)?,
        TypeKind::StringEnum(e) => enums::write_enum(&mut items, def, e, scope),
        TypeKind::IntEnum(e) => {
            return Ok(tokens_file(def, |header| {
                enums::int_enum_tokens(def, e, header, scope)
            }));
        }
        TypeKind::Union(u) => {
            return Ok(tokens_file(def, |header| {
                unions::union_tokens(def, u, header, scope)
            }));
        }
        TypeKind::Responses(variants) => {
            return Ok(tokens_file(def, |header| {
                unions::responses_tokens(def, variants, header, scope)
            }));
        }
    }
    Ok(Output::Text(file_text(&[], scope, &items.finish())))
}

/// The doc lines a type's file opens with: what the type is, then where it comes from.
fn header_lines(def: &TypeDef) -> Vec<String> {
    let docs = role_docs(def).or_else(|| def.docs.clone());
    let mut lines = docs.as_deref().map(doc_lines).unwrap_or_default();
    if def.docs.is_some() || def.role != TypeRole::Schema {
        lines.push(String::new());
    }
    lines.push(source_doc(&def.source));
    lines
}

/// The file of a type [`type_file`] does not write as text, as tokens: its docs (`header`)
/// given to `item`, which builds the type's items.
fn tokens_file(def: &TypeDef, item: impl FnOnce(TokenStream) -> TokenStream) -> Output {
    let attrs = file_attrs();
    let lines = header_lines(def);
    let deprecated = if def.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    let item = item(quote! { #( #[doc = #lines] )* #deprecated });
    Output::Tokens(quote! {
        #attrs
        #item
    })
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
