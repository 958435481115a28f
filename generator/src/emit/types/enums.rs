//! Enums (emit phase): string and integer enums, each with a catch-all variant that keeps values
//! this version of the client does not know.

use crate::emit::ident;
use crate::emit::names::{Name, Scope};
use crate::ir::{IntEnum, StringEnum, TypeDef};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn enum_tokens(
    def: &TypeDef,
    e: &StringEnum,
    header: TokenStream,
    scope: &Scope<'_>,
) -> TokenStream {
    let name = ident(&def.name);
    let catch_all = ident(&e.catch_all);
    let variant_names: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let wire_names: Vec<_> = e.variants.iter().map(|v| v.wire_name.as_str()).collect();
    // The value, after what it means when the spec says.
    let variant_docs = e.variants.iter().map(|v| {
        let value = if v.wire_name.is_empty() {
            "The empty string.".to_owned()
        } else {
            format!("`{}`", v.wire_name)
        };
        let text = match v.docs.as_deref().map(str::trim) {
            Some(docs) if !docs.is_empty() => format!("{docs}\n\n{value}"),
            _ => value,
        };
        crate::emit::docs::doc_attrs(Some(&text))
    });
    let (string, from) = (scope.get(Name::String), scope.get(Name::From));
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
                #variant_docs
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
