//! Enums (emit phase): string and integer enums, each with a catch-all variant that keeps values
//! this version of the client does not know.

use crate::emit::docs::doc_lines;
use crate::emit::ident;
use crate::emit::names::{Name, Scope};
use crate::emit::writer::{Writer, code, literal};
use crate::ir::{IntEnum, StringEnum, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;

/// A string enum, after its docs: written as text ([`Writer`]), as a struct is.
pub(crate) fn write_enum(w: &mut Writer, def: &TypeDef, e: &StringEnum, scope: &Scope<'_>) {
    let name = &def.name;
    let catch_all = &e.catch_all;
    w.line(0, "///");
    w.line(
        0,
        "/// Values this version of the client does not know are kept in the catch-all variant",
    );
    w.line(
        0,
        "/// and written back unchanged, so a value the API adds later does not break decoding;",
    );
    w.line(
        0,
        "/// the enum is `#[non_exhaustive]`, so one the client adds later does not break matches.",
    );
    w.line(
        0,
        "#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]",
    );
    w.line(0, "#[non_exhaustive]");
    w.line(0, &format!("pub enum {name} {{"));
    for v in &e.variants {
        // The value, after what it means when the spec says.
        let value = if v.wire_name.is_empty() {
            "The empty string.".to_owned()
        } else {
            format!("`{}`", v.wire_name)
        };
        let text = match v.docs.as_deref().map(str::trim) {
            Some(docs) if !docs.is_empty() => format!("{docs}\n\n{value}"),
            _ => value,
        };
        w.docs(1, &doc_lines(&text));
        w.line(1, &format!("{},", v.name));
    }
    w.line(
        1,
        "/// A value this version of the client does not know, as the API sent it.",
    );
    w.line(
        1,
        &format!("{catch_all}({}),", code(&scope.get(Name::String))),
    );
    w.line(0, "}");
    w.line(0, &format!("impl {name} {{"));
    w.line(1, "/// The value as the API writes it.");
    w.line(1, "pub fn as_str(&self) -> &str {");
    w.line(2, "match self {");
    for v in &e.variants {
        w.line(
            3,
            &format!("Self::{} => {},", v.name, literal(&v.wire_name)),
        );
    }
    w.line(3, &format!("Self::{catch_all}(value) => value.as_str(),"));
    w.line(2, "}");
    w.line(1, "}");
    w.line(0, "}");
    w.line(
        0,
        &format!("impl {}<&str> for {name} {{", code(&scope.get(Name::From))),
    );
    w.line(1, "fn from(value: &str) -> Self {");
    w.line(2, "match value {");
    for v in &e.variants {
        w.line(
            3,
            &format!("{} => Self::{},", literal(&v.wire_name), v.name),
        );
    }
    w.line(3, &format!("other => Self::{catch_all}(other.to_owned()),"));
    w.line(2, "}");
    w.line(1, "}");
    w.line(0, "}");
    w.line(
        0,
        &format!("crate::support::string_enum!({name}, {catch_all});"),
    );
}

pub(crate) fn int_enum_tokens(
    def: &TypeDef,
    e: &IntEnum,
    header: TokenStream,
    scope: &Scope<'_>,
) -> TokenStream {
    let name = ident(&def.name);
    let catch_all = ident(&e.catch_all);
    let variant_names: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<_> = e.variants.iter().map(|v| v.value).collect();
    let variant_docs = values.iter().map(|value| format!(" `{value}`"));
    let from = scope.get(Name::From);
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
