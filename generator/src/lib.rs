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
}

impl Settings {
    /// Settings for `crate_name` generated from `spec_path` by `cargo xtask codegen`.
    pub fn new(crate_name: impl Into<String>, spec_path: impl Into<String>) -> Self {
        Settings {
            crate_name: crate_name.into(),
            spec_path: spec_path.into(),
            command: "cargo xtask codegen".to_owned(),
        }
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
