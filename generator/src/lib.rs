//! `flex-codegen`: turns an OpenAPI 3.0 or 3.1 document into the source of a typed async Rust
//! client.
//!
//! The pipeline, a folder per phase and a file per step, as [`generate`] runs it:
//!
//! - `document/` turns the text into what lowering reads:
//!   1. **parse**: YAML or JSON text → a JSON document, its `openapi` version checked (3.0.x or
//!      3.1.x);
//!   2. **inline**: every `$ref` to part of a component made a component of its own, every
//!      other deep `$ref` replaced by a copy, so that only references to whole components remain;
//!   3. **repair**: the slips that leave every request unambiguous (a number for
//!      `info.version`, a response without `description`, a query string in a path key, ...)
//!      mended with a warning, and `callbacks`, which no client uses, set aside;
//!   4. **downgrade**: the 3.1-only forms rewritten into their 3.0 equivalents, and in every
//!      version what `openapiv3` cannot hold loosened with a warning (validation-only keywords,
//!      numbers beyond `i64`);
//!   5. **read**: the JSON read as `openapiv3::OpenAPI`, every node of the wrong shape named;
//! - `lower/`, step 6: every `$ref` resolved, every type named → the intermediate representation
//!   in [`ir`];
//! - `passes/`, step 7: rules over the whole API, in order: boxing of recursive fields,
//!   envelopes (responses, lists and their pagination, requests), expandable targets, usage,
//!   the order of the types;
//! - `emit/`, step 8: the IR → formatted files, with the runtime copied beside them.
//!
//! Every step tells one diagnostics context (`diagnostics::Ctxt`) each problem it finds in the
//! spec ([`Errors`]), rather than stopping at the first, and each place where it generated a
//! looser type than the spec says ([`Warnings`]): a valid document is never refused. Nothing is
//! written: the files come back as data ([`Generated`]), and `cargo xtask codegen` writes or
//! checks them. [`lower()`] runs steps 1 to 7 and [`emit()`] step 8, for callers that read the IR
//! between them (the API surface, [`surface`]).
#![deny(missing_docs)]

mod diagnostics;
mod document;
mod emit;
pub mod ir;
mod lower;
pub mod manifest;
mod passes;
pub mod surface;

use diagnostics::Ctxt;
pub use diagnostics::error::{ErrorKind, Errors, SpecError};
pub use diagnostics::warning::{Warning, Warnings};

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
    /// A Markdown guide, relative to the generated crate's root (`GUIDE.md`), that becomes the
    /// crate's documentation after the generated header (`#![doc = include_str!(..)]`), its
    /// examples doc tests of the crate. `None` (the default): the header alone.
    pub guide: Option<String>,
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
            guide: None,
        }
    }

    /// The same settings, with the guide of the crate in `crate_dir` (its [`GUIDE_FILE`]) when
    /// it has one: every tool that generates a crate in place finds the guide the same way.
    pub fn with_guide_from(mut self, crate_dir: &std::path::Path) -> Self {
        if crate_dir.join(GUIDE_FILE).is_file() {
            self.guide = Some(GUIDE_FILE.to_owned());
        }
        self
    }
}

/// A generated crate's hand-written guide, beside its manifest: when there is one,
/// [`Settings::with_guide_from`] makes it the crate's documentation.
pub const GUIDE_FILE: &str = "GUIDE.md";

/// The environment variable prefix for a crate name: `flex-client` → `FLEX`, `my_api` →
/// `MY_API` (a trailing `client` or `sdk` word dropped, the rest upper snake case).
fn env_prefix(crate_name: &str) -> String {
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

/// What [`generate`] makes of a spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generated {
    /// The files, keyed by their path relative to the crate root (`src/lib.rs`, ...).
    pub files: BTreeMap<PathBuf, String>,
    /// Where the generated types are looser than the spec, in order.
    pub warnings: Warnings,
    /// The cargo feature of each group of operations, in order: the manifest lists them
    /// ([`manifest::features_table`]).
    pub features: Vec<String>,
    /// What the crate's code needs beyond the dependencies every generated crate has (the
    /// webhook verifier, dates, UUIDs): its manifest lists them ([`manifest::dependencies`]).
    pub needs: manifest::Needs,
}

/// Generates the `src/` files of a client crate from the text of a spec (YAML or JSON).
///
/// Returns the files and the warnings, or every problem found in the spec (a document that is
/// not OpenAPI: bad syntax, an unknown version, a `$ref` that points at nothing). Writes nothing.
pub fn generate(spec_text: &str, settings: &Settings) -> Result<Generated, Errors> {
    let mut cx = Ctxt::new();
    let api = lower_spec(spec_text, &mut cx);
    let files = api
        .as_ref()
        .and_then(|api| emit::emit(api, settings, &mut cx));
    let features = api
        .as_ref()
        .map(|api| api.feature_names())
        .unwrap_or_default();
    let needs = api.as_ref().map(ir::Api::needs).unwrap_or_default();
    let (files, warnings) = cx.finish(files)?;
    Ok(Generated {
        files,
        warnings,
        features,
        needs,
    })
}

/// What [`lower`] makes of a spec: the intermediate representation, for callers that read the
/// API itself (its surface, its operations), and the warnings.
#[derive(Clone, Debug, PartialEq)]
pub struct Lowered {
    /// The API, after the IR passes.
    pub api: ir::Api,
    /// Where the generated types are looser than the spec, in order.
    pub warnings: Warnings,
}

/// Steps 1 to 7 of [`generate`]: the spec parsed and lowered to the intermediate
/// representation, or every problem found.
pub fn lower(spec_text: &str) -> Result<Lowered, Errors> {
    let mut cx = Ctxt::new();
    let api = lower_spec(spec_text, &mut cx);
    let (api, warnings) = cx.finish(api)?;
    Ok(Lowered { api, warnings })
}

/// Step 8 of [`generate`]: the files of a client crate from an API [`lower`]ed before.
pub fn emit(api: &ir::Api, settings: &Settings) -> Result<BTreeMap<PathBuf, String>, Errors> {
    let mut cx = Ctxt::new();
    let files = emit::emit(api, settings, &mut cx);
    cx.finish(files).map(|(files, _)| files)
}

/// The pipeline to the IR: the document's steps, lowering, the passes.
fn lower_spec(spec_text: &str, cx: &mut Ctxt) -> Option<ir::Api> {
    let spec = document::load(spec_text, cx)?; // steps 1 to 5
    let mut api = lower::lower(&spec, cx)?; // step 6
    passes::run(&mut api); // step 7
    Some(api)
}

#[cfg(test)]
mod tests {
    use super::{Settings, env_prefix, generate};

    /// Status ranges (`2XX`, `4XX`) and `default`, which no fixture has: the match arms, the
    /// variants' docs and the error docs.
    #[test]
    fn status_ranges_match_their_hundred_codes() {
        let spec = r##"
openapi: 3.0.3
info: {title: Ranges, version: "1"}
paths:
  /a:
    get:
      operationId: get_a
      responses:
        "2XX": {description: any, content: {application/json: {schema: {type: string}}}}
        "201": {description: created, content: {application/json: {schema: {type: integer}}}}
        "4XX": {description: bad, content: {application/json: {schema: {$ref: "#/components/schemas/Problem"}}}}
        default: {description: other, content: {application/json: {schema: {$ref: "#/components/schemas/Problem"}}}}
components:
  schemas:
    Problem: {type: object, properties: {message: {type: string}}}
"##;
        let files = generate(spec, &Settings::new("ranges", "ranges.yaml"))
            .expect("generates")
            .files;
        let operations = &files[std::path::Path::new("src/operations/a.rs")];
        let exact = operations.find("201 => ").expect("an arm for 201");
        let range = operations.find("200..=299 => ").expect("an arm for 2XX");
        assert!(exact < range, "exact codes come first:\n{operations}");
        assert!(
            operations.contains("[`Problem`](crate::types::Problem) (4XX, any other)"),
            "{operations}"
        );
        let response = &files[std::path::Path::new("src/types/get_a_response.rs")];
        assert!(
            response.contains("/// HTTP 2XX.\n    Status2XX("),
            "{response}"
        );
        assert!(
            response.contains("/// HTTP 201.\n    Status201("),
            "{response}"
        );
    }

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
