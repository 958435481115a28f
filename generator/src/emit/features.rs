//! Cargo features in emitted code (emit phase): the `#[cfg]` that turns an item on with the
//! features that need it (see the features pass), and the `[features]` of the manifest.

use crate::ir::{Api, Gate};
use proc_macro2::TokenStream;
use quote::quote;

/// `#[cfg(feature = "a")]`, `#[cfg(any(feature = "a", feature = "b"))]`, or nothing for an item
/// that is always there.
pub(crate) fn cfg(gate: &Gate) -> TokenStream {
    match gate {
        Gate::Always => TokenStream::new(),
        Gate::Any(features) if features.len() == 1 => {
            let feature = &features[0];
            quote!(#[cfg(feature = #feature)])
        }
        Gate::Any(features) => quote!(#[cfg(any(#(feature = #features),*))]),
    }
}

/// The `#[cfg]` of the operations of `module`: its feature.
pub(crate) fn module_cfg(api: &Api, module: &str) -> TokenStream {
    match api.features.iter().find(|f| f.module == module) {
        Some(feature) => cfg(&Gate::Any(vec![feature.name.clone()])),
        None => TokenStream::new(),
    }
}
