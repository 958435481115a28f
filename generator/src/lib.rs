//! `flex-codegen`: turns an OpenAPI 3.0 or 3.1 document into the source of a typed async Rust
//! client.
//!
//! The pipeline, one module per step, as [`generate`] runs it:
//!
//! 1. **parse** (`load::parse`): YAML or JSON text → a JSON document, its `openapi` version
//!    checked (3.0.x or 3.1.x);
//! 2. **inline** (`inline`): every `$ref` to part of a component or to a path's parts replaced
//!    by a copy of its target, so that only references to whole components remain;
//! 3. **repair** (`repair`): the slips that leave every request unambiguous (a number for
//!    `info.version`, a response without `description`, a query string in a path key, ...)
//!    mended with a warning, and `callbacks`, which no client uses, set aside;
//! 4. **downgrade** (`downgrade`): the 3.1-only forms rewritten into their 3.0 equivalents, and
//!    in every version what `openapiv3` cannot hold loosened with a warning (validation-only
//!    keywords, numbers beyond `i64`);
//! 5. **read** (`load::read`): the JSON read as `openapiv3::OpenAPI`, every node that does not
//!    have the shape of OpenAPI 3.0 named;
//! 6. **lower** (`lower`): every `$ref` resolved, every type named → the intermediate
//!    representation in [`ir`];
//! 7. **IR passes** (`passes`): rules over the whole API, in order: boxing of recursive fields,
//!    envelopes (responses, lists and their pagination, requests), expandable targets, the order
//!    of the types;
//! 8. **emit** (`emit`): the IR → formatted files, with the runtime copied beside them.
//!
//! Each step reports every problem it finds in the spec ([`Errors`]) rather than the first, and
//! every place where it generated a looser type than the spec says ([`Warnings`]): a valid
//! document is never refused. Nothing is written: the files come back as data ([`Generated`]),
//! and `cargo xtask codegen` writes or checks them. [`lower_text`] runs steps 1 to 7 and
//! [`emit()`] step 8, for callers that read the IR between them (the API surface, [`surface`]).
#![deny(missing_docs)]

mod downgrade;
mod emit;
mod error;
mod inline;
pub mod ir;
mod load;
mod lower;
pub mod manifest;
mod naming;
mod passes;
mod repair;
pub mod surface;
mod warning;

pub use error::{ErrorKind, Errors, SpecError};
pub use warning::{Warning, Warnings};

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
}

/// Generates the `src/` files of a client crate from the text of a spec (YAML or JSON).
///
/// Returns the files and the warnings, or every problem found in the spec (a document that is
/// not OpenAPI: bad syntax, an unknown version, a `$ref` that points at nothing). Writes nothing.
pub fn generate(spec_text: &str, settings: &Settings) -> Result<Generated, Errors> {
    let (api, warnings) = lower_with_warnings(spec_text)?;
    let files = emit::emit(&api, settings)?;
    Ok(Generated { files, warnings })
}

/// Parses a spec and lowers it to the intermediate representation (the API surface): the steps
/// of [`generate`] before emit.
pub fn lower_text(spec_text: &str) -> Result<ir::Api, Errors> {
    lower_with_warnings(spec_text).map(|(api, _)| api)
}

/// [`lower_text`] with the warnings of each step: where the API is looser than the spec.
pub fn lower_text_with_warnings(spec_text: &str) -> Result<(ir::Api, Warnings), Errors> {
    lower_with_warnings(spec_text)
}

/// Steps 1 to 7, with the warnings of each.
fn lower_with_warnings(spec_text: &str) -> Result<(ir::Api, Warnings), Errors> {
    let mut warnings = Warnings::default();
    let (document, origins) = front_end(spec_text, &mut warnings)?;
    let webhooks_key = document.webhooks_key;
    let lowered = match load::read(document) {
        Some(spec) => lower::lower(&spec, webhooks_key, &mut warnings).map(|mut api| {
            passes::run(&mut api);
            api
        }),
        // `read` consumed the document, for speed; the front end runs again to say where it
        // went wrong, which is rare.
        None => Err(front_end(spec_text, &mut Warnings::default())
            .map_or_else(|errors| errors, |(document, _)| load::locate(&document))),
    };
    // A schema that a deep `$ref` made a component is reported where the document has it.
    let origin = |pointer: &mut String| {
        for (made, original) in &origins {
            if let Some(rest) = pointer.strip_prefix(made.as_str()) {
                if rest.is_empty() || rest.starts_with('/') {
                    *pointer = format!("{original}{rest}");
                    return;
                }
            }
        }
    };
    warnings.map_pointers(origin);
    match lowered {
        Ok(api) => Ok((api, warnings.finish())),
        Err(mut errors) => {
            errors.0.iter_mut().for_each(|e| origin(&mut e.pointer));
            Err(errors)
        }
    }
}

/// Steps 1 to 4 on the JSON: parse, inline, repair, downgrade. Returns the document ready to be
/// read, and where each schema the inliner made a component came from.
fn front_end(
    spec_text: &str,
    warnings: &mut Warnings,
) -> Result<(load::Document, Vec<(String, String)>), Errors> {
    let mut document = load::parse(spec_text)?;
    let origins = inline::inline_deep_refs(&mut document.value);
    repair::repair(&mut document, warnings);
    downgrade::downgrade(&mut document, warnings)?;
    Ok((document, origins))
}

/// Emits the `src/` files of a client crate from an API lowered with [`lower_text`]: the last
/// step of [`generate`].
pub fn emit(api: &ir::Api, settings: &Settings) -> Result<BTreeMap<PathBuf, String>, Errors> {
    emit::emit(api, settings)
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
        let operations = &files[std::path::Path::new("src/operations/default.rs")];
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
