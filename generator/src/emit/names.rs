//! Names in emitted code (emit phase): short standard names (`Option`, `String`, `BTreeMap`) and
//! the spec's types by their own names, imported with one `use`, as a person would write them.
//!
//! A type of the spec may be named like a standard item (`String`, `Option`, `Box`: the
//! prelude-names fixture has them). Such a type is never imported: it is written
//! `crate::types::String` wherever it is used, so the short standard name keeps its meaning; and
//! in the file that defines it, where its name is in scope, the standard item is written out in
//! full (`::std::string::String`). Every other file reads as hand-written.
//!
//! What a file mentions is collected while its tokens are built, on the thread that builds it
//! (each file is built by one thread, start to finish), and turned into its `use` items after.

use super::ident;
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;
use std::cell::RefCell;
use std::collections::BTreeSet;

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

/// An item of the standard library or of a dependency that generated code names.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Std {
    Option,
    Some,
    None,
    String,
    Vec,
    Box,
    Result,
    Ok,
    From,
    ToOwned,
    BTreeMap,
    Serialize,
    Deserialize,
    Serializer,
    Deserializer,
    Expandable,
}

impl Std {
    fn short(self) -> &'static str {
        match self {
            Std::Option => "Option",
            Std::Some => "Some",
            Std::None => "None",
            Std::String => "String",
            Std::Vec => "Vec",
            Std::Box => "Box",
            Std::Result => "Result",
            Std::Ok => "Ok",
            Std::From => "From",
            Std::ToOwned => "ToOwned",
            Std::BTreeMap => "BTreeMap",
            Std::Serialize => "Serialize",
            Std::Deserialize => "Deserialize",
            Std::Serializer => "Serializer",
            Std::Deserializer => "Deserializer",
            Std::Expandable => "Expandable",
        }
    }

    fn full(self) -> TokenStream {
        match self {
            Std::Option => quote!(::std::option::Option),
            Std::Some => quote!(::std::option::Option::Some),
            Std::None => quote!(::std::option::Option::None),
            Std::String => quote!(::std::string::String),
            Std::Vec => quote!(::std::vec::Vec),
            Std::Box => quote!(::std::boxed::Box),
            Std::Result => quote!(::std::result::Result),
            Std::Ok => quote!(::std::result::Result::Ok),
            Std::From => quote!(::std::convert::From),
            Std::ToOwned => quote!(::std::borrow::ToOwned),
            Std::BTreeMap => quote!(::std::collections::BTreeMap),
            Std::Serialize => quote!(::serde::Serialize),
            Std::Deserialize => quote!(::serde::Deserialize),
            Std::Serializer => quote!(::serde::Serializer),
            Std::Deserializer => quote!(::serde::Deserializer),
            Std::Expandable => quote!(crate::Expandable),
        }
    }

    /// The `use` path of an item outside the prelude, when written short.
    fn import(self) -> Option<&'static str> {
        match self {
            Std::BTreeMap => Some("std::collections::BTreeMap"),
            Std::Serialize => Some("serde::Serialize"),
            Std::Deserialize => Some("serde::Deserialize"),
            Std::Serializer => Some("serde::Serializer"),
            Std::Deserializer => Some("serde::Deserializer"),
            Std::Expandable => Some("crate::Expandable"),
            _ => None,
        }
    }
}

/// What the file being built defines and mentions.
#[derive(Default)]
struct FileNames {
    /// Type names the file defines: a standard item of the same name is written in full here.
    defined: BTreeSet<String>,
    /// Spec types written by their short name, to import.
    types: BTreeSet<String>,
    /// Non-prelude items written by their short name, to import.
    imports: BTreeSet<&'static str>,
}

thread_local! {
    static FILE: RefCell<FileNames> = RefCell::new(FileNames::default());
}

/// Starts a file that defines the types `defined` (none for operation files and `lib.rs`).
pub fn begin_file(defined: &[&str]) {
    FILE.with(|file| {
        *file.borrow_mut() = FileNames {
            defined: defined.iter().map(|name| (*name).to_owned()).collect(),
            ..FileNames::default()
        };
    });
}

/// A standard item: its short name, or its full path in a file that defines a type of that name.
pub fn std(item: Std) -> TokenStream {
    FILE.with(|file| {
        let mut file = file.borrow_mut();
        if file.defined.contains(item.short()) {
            return item.full();
        }
        if let Some(path) = item.import() {
            file.imports.insert(path);
        }
        let name = ident(item.short());
        quote!(#name)
    })
}

/// A type of the spec: its name, imported, unless it is named like an item generated code uses
/// unqualified (then `crate::types::Name`).
pub fn spec_type(name: &str) -> TokenStream {
    let rust = ident(name);
    if USED_UNQUALIFIED.contains(&name) {
        return quote!(crate::types::#rust);
    }
    FILE.with(|file| {
        let mut file = file.borrow_mut();
        if !file.defined.contains(name) {
            file.types.insert(name.to_owned());
        }
    });
    quote!(#rust)
}

/// The `use` items of the file just built (`types_path` is how it reaches the types module:
/// `super` from `src/types/`, `crate::types` from elsewhere), and forgets the file.
pub fn finish_file(types_path: &str) -> TokenStream {
    let file = FILE.with(|file| std::mem::take(&mut *file.borrow_mut()));
    let mut uses = TokenStream::new();
    // `std` first, then other crates, then this crate's, as people order them.
    let mut imports: Vec<&str> = file.imports.iter().copied().collect();
    imports.sort_by_key(|path| {
        let group = if path.starts_with("std::") {
            0
        } else if path.starts_with("crate::") {
            2
        } else {
            1
        };
        (group, *path)
    });
    let paths: Vec<syn::Path> = imports
        .iter()
        .filter_map(|path| syn::parse_str(path).ok())
        .collect();
    uses.extend(group_uses(&paths));
    if !file.types.is_empty() {
        let base: TokenStream = types_path.parse().unwrap_or_default();
        let names = file.types.iter().map(|name| ident(name));
        if file.types.len() == 1 {
            uses.extend(quote!(use #base::#(#names)*;));
        } else {
            uses.extend(quote!(use #base::{#(#names),*};));
        }
    }
    uses
}

/// `use serde::{Deserialize, Serialize};` from `serde::Deserialize` and `serde::Serialize`: one
/// item per parent path, in order.
fn group_uses(paths: &[syn::Path]) -> TokenStream {
    let mut out = TokenStream::new();
    let mut index = 0;
    while index < paths.len() {
        let parent = parent_of(&paths[index]);
        let mut last = index + 1;
        while last < paths.len() && parent_of(&paths[last]) == parent {
            last += 1;
        }
        let leaves: Vec<&syn::Ident> = paths[index..last]
            .iter()
            .filter_map(|p| p.segments.last().map(|s| &s.ident))
            .collect();
        let parent: TokenStream = parent.parse().unwrap_or_default();
        if leaves.len() == 1 {
            out.extend(quote!(use #parent::#(#leaves)*;));
        } else {
            out.extend(quote!(use #parent::{#(#leaves),*};));
        }
        index = last;
    }
    out
}

fn parent_of(path: &syn::Path) -> String {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    segments[..segments.len().saturating_sub(1)].join("::")
}

/// Puts `uses` after the inner attributes (`#![..]`) that open `tokens`.
pub fn insert_uses(tokens: TokenStream, uses: TokenStream) -> TokenStream {
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
