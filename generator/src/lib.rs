//! `flex-codegen`: turns an OpenAPI 3.0 document into the source of a typed async Rust client.
//!
//! Two phases, apart: [`load`] and [`lower`] parse and resolve the spec into the small
//! intermediate representation in [`ir`]; `emit` turns that into formatted files. The generator
//! returns the files as data; `cargo xtask codegen` writes them or checks them.
#![deny(missing_docs)]

mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod lower;
pub mod manifest;
pub mod naming;
pub mod normalize;
pub mod surface;

pub use error::{ErrorKind, Errors, SpecError};

use std::collections::BTreeMap;
use std::path::PathBuf;

/// What the generator needs besides the spec.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The name of the crate being generated (`flex-client`); its user agent is
    /// `<crate_name>-rust/<version>`.
    pub crate_name: String,
    /// The spec's path as the header of every file names it (`spec/flex.yaml`).
    pub spec_path: String,
    /// The command that regenerates the files, as the header names it.
    pub command: String,
    /// The prefix of the environment variables `Client::from_env` reads (`FLEX` for
    /// `FLEX_API_KEY` and `FLEX_BASE_URL`); by default from the crate name.
    pub env_prefix: String,
}

impl Settings {
    /// Settings for `crate_name` generated from `spec_path` by `cargo xtask codegen`.
    pub fn new(crate_name: impl Into<String>, spec_path: impl Into<String>) -> Self {
        let crate_name = crate_name.into();
        Settings {
            env_prefix: env_prefix(&crate_name),
            crate_name,
            spec_path: spec_path.into(),
            command: "cargo xtask codegen".to_owned(),
        }
    }
}

/// The environment variable prefix for a crate name: `flex-client` → `FLEX`, `my_api` →
/// `MY_API` (a trailing `client` or `sdk` word dropped, the rest upper snake case).
pub fn env_prefix(crate_name: &str) -> String {
    let words: Vec<String> = crate_name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    let words = match words.split_last() {
        Some((last, rest)) if !rest.is_empty() && (last == "CLIENT" || last == "SDK") => rest,
        _ => &words[..],
    };
    let prefix = words.join("_");
    match prefix.chars().next() {
        None => "API".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("API_{prefix}"),
        Some(_) => prefix,
    }
}

/// Generates the `src/` files of a client crate from the text of a spec (YAML or JSON).
///
/// Returns the files keyed by their path relative to the crate root (`src/lib.rs`, ...), or every
/// problem found in the spec. Writes nothing.
pub fn generate(spec_text: &str, settings: &Settings) -> Result<BTreeMap<PathBuf, String>, Errors> {
    let api = lower_text(spec_text)?;
    emit(&api, settings)
}

/// Emits the `src/` files of a client crate from an API already lowered with [`lower_text`].
pub fn emit(api: &ir::Api, settings: &Settings) -> Result<BTreeMap<PathBuf, String>, Errors> {
    emit::emit(api, settings)
}

/// Parses and lowers a spec to the intermediate representation (the API surface).
pub fn lower_text(spec_text: &str) -> Result<ir::Api, Errors> {
    let spec = load::parse(spec_text)?;
    lower::lower(&spec)
}

#[cfg(test)]
mod tests {
    use super::env_prefix;

    #[test]
    fn env_prefix_comes_from_the_crate_name() {
        assert_eq!(env_prefix("flex-client"), "FLEX");
        assert_eq!(env_prefix("my_api-sdk"), "MY_API");
        assert_eq!(env_prefix("payments"), "PAYMENTS");
        assert_eq!(env_prefix("client"), "CLIENT");
        assert_eq!(env_prefix("3d-client"), "API_3D");
        assert_eq!(env_prefix("--"), "API");
    }
}
