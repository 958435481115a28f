//! Names in emitted code (emit phase): one system for every file. Each file is built with a
//! [`Scope`] of its own, passed to whatever writes its tokens: standard names (`Option`,
//! `BTreeMap`), the runtime's (`Request`, `path_segment`) and the spec's types are written short,
//! as a person would write them, wherever that is sure to mean the right thing, and what was
//! written short becomes the file's `use` items, in one order: `std`, other crates, this crate's
//! runtime, then the spec's types.
//!
//! A type of the spec may be named like a standard or runtime item (`String`, `Option`, `Body`:
//! the prelude-names fixture has them). Such a type is never imported: it is written
//! `crate::types::String` wherever it is used. And where a name could be shadowed (in a type's
//! file, the types it defines; in other files, any type of the API), the item is written in full
//! (`::std::string::String`, `crate::request::Body`).

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

/// An identifier from a name the naming module already made valid.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Short names that emitted code uses unqualified: a spec type named like one is never imported.
const USED_UNQUALIFIED: &[&str] = &[
    "BTreeMap",
    "Body",
    "Box",
    "Bytes",
    "Client",
    "Clone",
    "Debug",
    "Default",
    "Deserialize",
    "Deserializer",
    "Eq",
    "Err",
    "Error",
    "Expandable",
    "From",
    "Hash",
    "Identified",
    "Into",
    "Method",
    "Multipart",
    "None",
    "Ok",
    "Option",
    "Ord",
    "Page",
    "PartialEq",
    "PartialOrd",
    "Query",
    "Request",
    "Result",
    "Self",
    "Serialize",
    "Serializer",
    "Some",
    "String",
    "ToOwned",
    "Vec",
];

/// An item of the standard library, of a dependency or of the runtime that emitted code names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Name {
    Option,
    Some,
    None,
    String,
    Vec,
    Box,
    /// `std`'s `Result` (in types' serde impls).
    StdResult,
    Ok,
    Err,
    From,
    Into,
    ToOwned,
    BTreeMap,
    Serialize,
    Deserialize,
    Serializer,
    Deserializer,
    Expandable,
    /// The crate's `Result<T>` (what operations return).
    Result,
    Request,
    Query,
    Body,
    Method,
    PathSegment,
    PathSegmentAs,
    Encoding,
    Page,
    Paginate,
    Stream,
    Multipart,
    Bytes,
}

impl Name {
    /// The name as it is written when it is in scope.
    fn short(self) -> &'static str {
        match self {
            Name::Option => "Option",
            Name::Some => "Some",
            Name::None => "None",
            Name::String => "String",
            Name::Vec => "Vec",
            Name::Box => "Box",
            Name::StdResult | Name::Result => "Result",
            Name::Ok => "Ok",
            Name::Err => "Err",
            Name::From => "From",
            Name::Into => "Into",
            Name::ToOwned => "ToOwned",
            Name::BTreeMap => "BTreeMap",
            Name::Serialize => "Serialize",
            Name::Deserialize => "Deserialize",
            Name::Serializer => "Serializer",
            Name::Deserializer => "Deserializer",
            Name::Expandable => "Expandable",
            Name::Request => "Request",
            Name::Query => "Query",
            Name::Body => "Body",
            Name::Method => "Method",
            Name::PathSegment => "path_segment",
            Name::PathSegmentAs => "path_segment_as",
            Name::Encoding => "Encoding",
            Name::Page => "Page",
            Name::Paginate => "paginate",
            Name::Stream => "Stream",
            Name::Multipart => "Multipart",
            Name::Bytes => "Bytes",
        }
    }

    /// The module a `use` takes it from; `None` for the prelude's.
    fn module(self) -> Option<&'static str> {
        match self {
            Name::Option
            | Name::Some
            | Name::None
            | Name::String
            | Name::Vec
            | Name::Box
            | Name::StdResult
            | Name::Ok
            | Name::Err
            | Name::From
            | Name::Into
            | Name::ToOwned => None,
            Name::BTreeMap => Some("std::collections"),
            Name::Serialize | Name::Deserialize | Name::Serializer | Name::Deserializer => {
                Some("serde")
            }
            Name::Expandable | Name::Result | Name::Page | Name::Multipart => Some("crate"),
            Name::Request | Name::Body | Name::Method => Some("crate::request"),
            Name::Query | Name::PathSegment | Name::PathSegmentAs | Name::Encoding => {
                Some("crate::params")
            }
            Name::Paginate => Some("crate::page"),
            Name::Stream => Some("::futures_core"),
            Name::Bytes => Some("::bytes"),
        }
    }

    /// The path that names it whatever is in scope.
    fn full(self) -> TokenStream {
        match self {
            Name::Option => quote!(::std::option::Option),
            Name::Some => quote!(::std::option::Option::Some),
            Name::None => quote!(::std::option::Option::None),
            Name::String => quote!(::std::string::String),
            Name::Vec => quote!(::std::vec::Vec),
            Name::Box => quote!(::std::boxed::Box),
            Name::StdResult => quote!(::std::result::Result),
            Name::Ok => quote!(::std::result::Result::Ok),
            Name::Err => quote!(::std::result::Result::Err),
            Name::From => quote!(::std::convert::From),
            Name::Into => quote!(::std::convert::Into),
            Name::ToOwned => quote!(::std::borrow::ToOwned),
            Name::BTreeMap => quote!(::std::collections::BTreeMap),
            Name::Serialize => quote!(::serde::Serialize),
            Name::Deserialize => quote!(::serde::Deserialize),
            Name::Serializer => quote!(::serde::Serializer),
            Name::Deserializer => quote!(::serde::Deserializer),
            Name::Expandable => quote!(crate::Expandable),
            Name::Result => quote!(crate::Result),
            Name::Request => quote!(crate::request::Request),
            Name::Query => quote!(crate::params::Query),
            Name::Body => quote!(crate::request::Body),
            Name::Method => quote!(crate::request::Method),
            Name::PathSegment => quote!(crate::params::path_segment),
            Name::PathSegmentAs => quote!(crate::params::path_segment_as),
            Name::Encoding => quote!(crate::params::Encoding),
            Name::Page => quote!(crate::Page),
            Name::Paginate => quote!(crate::page::paginate),
            Name::Stream => quote!(::futures_core::Stream),
            Name::Multipart => quote!(crate::Multipart),
            Name::Bytes => quote!(::bytes::Bytes),
        }
    }
}

/// Puts `uses` after the inner attributes (`#![..]`) that open `tokens`.
pub(crate) fn insert_uses(tokens: TokenStream, uses: TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, TokenTree};
    if uses.is_empty() {
        return tokens;
    }
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut split = 0;
    while let [
        TokenTree::Punct(hash),
        TokenTree::Punct(bang),
        TokenTree::Group(group),
        ..,
    ] = &trees[split..]
    {
        let inner = hash.as_char() == '#'
            && bang.as_char() == '!'
            && group.delimiter() == Delimiter::Bracket;
        if !inner {
            break;
        }
        split += 3;
    }
    let mut out: TokenStream = trees[..split].iter().cloned().collect();
    out.extend(uses);
    out.extend(trees[split..].iter().cloned());
    out
}

/// The names one file writes: built with the file, asked for every name it writes, and asked
/// at the end for the `use` items of what it wrote short.
pub(crate) struct Scope<'a> {
    /// Type names that could shadow a short name in this file: a type's file, the types it
    /// defines; any other file, every type of the API.
    shadows: BTreeSet<&'a str>,
    /// How the file reaches the types module: `super` from `src/types/`, `crate::types` else.
    types_path: &'static str,
    /// Items written short that need a `use`.
    used: RefCell<BTreeSet<Name>>,
    /// Spec types written short, to import.
    types: RefCell<BTreeSet<String>>,
}

impl<'a> Scope<'a> {
    /// The scope of the file of the types `defined` (in `src/types/`).
    pub(crate) fn type_file(defined: &[&'a str]) -> Self {
        Scope::new(defined.iter().copied().collect(), "super")
    }

    /// The scope of a file outside `src/types/` of an API whose types are `types`.
    pub(crate) fn crate_file(types: impl IntoIterator<Item = &'a str>) -> Self {
        Scope::new(types.into_iter().collect(), "crate::types")
    }

    fn new(shadows: BTreeSet<&'a str>, types_path: &'static str) -> Self {
        Scope {
            shadows,
            types_path,
            used: RefCell::default(),
            types: RefCell::default(),
        }
    }

    /// How to write `name` here.
    pub(crate) fn get(&self, name: Name) -> TokenStream {
        if self.shadows.contains(name.short()) {
            return name.full();
        }
        if name.module().is_some() {
            self.used.borrow_mut().insert(name);
        }
        let short = ident(name.short());
        quote!(#short)
    }

    /// `Result<output>`: the crate's alias, or the standard type with the crate's error where a
    /// type named `Result` could shadow the alias.
    pub(crate) fn result(&self, output: TokenStream) -> TokenStream {
        if self.shadows.contains(Name::Result.short()) {
            quote!(::std::result::Result<#output, crate::Error>)
        } else {
            let result = self.get(Name::Result);
            quote!(#result<#output>)
        }
    }

    /// A type of the spec: its name, imported, unless it is named like an item generated code
    /// uses unqualified (then `crate::types::Name`).
    pub(crate) fn spec_type(&self, name: &str) -> TokenStream {
        let rust = ident(name);
        if USED_UNQUALIFIED.contains(&name) {
            return quote!(crate::types::#rust);
        }
        // A type's own file defines it: nothing to import.
        if !(self.types_path == "super" && self.shadows.contains(name)) {
            self.types.borrow_mut().insert(name.to_owned());
        }
        quote!(#rust)
    }

    /// A spec type written in full (`crate::types::CustomerEvent`), not imported: for an item
    /// behind a feature the file's other items do not need, whose `use` would not resolve
    /// without it.
    pub(crate) fn spec_type_in_full(&self, name: &str) -> TokenStream {
        let rust = ident(name);
        quote!(crate::types::#rust)
    }

    /// The `use` items of what the file wrote short: `std` first, then other crates, then this
    /// crate's runtime, one item per module (`use serde::{Deserialize, Serialize};`), then the
    /// spec's types.
    pub(crate) fn uses(&self) -> TokenStream {
        let mut uses = TokenStream::new();
        for (module, names) in self.use_items() {
            let module: TokenStream = module.parse().unwrap_or_default();
            let names: Vec<_> = names.iter().map(|name| ident(name)).collect();
            uses.extend(match names.as_slice() {
                [name] => quote!(use #module::#name;),
                _ => quote!(use #module::{#(#names),*};),
            });
        }
        uses
    }

    /// The `use` items of [`Scope::uses`], as (module, names in order).
    pub(crate) fn use_items(&self) -> Vec<(&'static str, Vec<String>)> {
        let mut by_module: BTreeMap<(u8, &'static str), Vec<&'static str>> = BTreeMap::new();
        for name in self.used.borrow().iter() {
            if let Some(module) = name.module() {
                let group = if module.starts_with("std::") {
                    0
                } else if module.starts_with("crate") {
                    2
                } else {
                    1
                };
                by_module
                    .entry((group, module))
                    .or_default()
                    .push(name.short());
            }
        }
        let mut items: Vec<(&'static str, Vec<String>)> = by_module
            .into_iter()
            .map(|((_, module), mut names)| {
                names.sort_unstable();
                (module, names.into_iter().map(str::to_owned).collect())
            })
            .collect();
        let types = self.types.borrow();
        if !types.is_empty() {
            items.push((self.types_path, types.iter().cloned().collect()));
        }
        items
    }
}
