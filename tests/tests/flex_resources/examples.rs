//! The docs' examples: the example responses under `tests/data/flex-docs`, one file per operation
//! and generation of the docs.

use super::*;
use flex_codegen::ir::{self, BodyKind, SuccessResponse, TypeKind, TypeRef};
use serde::Deserialize;
use std::sync::OnceLock;

pub fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/flex-docs")
}

/// `tests/data/flex-docs/index.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Index {
    pub example: Vec<Entry>,
}

/// One vendored example.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// `resource/operationId.rendering[.request].json`.
    pub file: String,
    /// The page it was read from.
    pub page: String,
    /// Which rendering of the page, and what sets it apart from the others.
    pub rendering: String,
    /// `complete`, or where the page cut it off (`truncated after /path`).
    pub completeness: String,
    /// Anything else a reader of the example should know.
    #[serde(default)]
    #[allow(dead_code)]
    pub note: Option<String>,
    /// What part of the exchange the page shows: the whole body (the default) or only the object
    /// inside the operation's envelope (a schema example of the envelope's one property).
    #[serde(default)]
    pub shows: Shows,
    /// Values the page mangled, taken out before the test, each with the reason.
    #[serde(default)]
    pub artefact: Vec<Artefact>,
}

#[derive(Deserialize, Default, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Shows {
    #[default]
    Body,
    Inner,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Artefact {
    /// A JSON pointer into the file.
    pub pointer: String,
    pub reason: String,
}

pub fn index() -> Index {
    let path = docs_dir().join("index.toml");
    let text = std::fs::read_to_string(&path).expect("tests/data/flex-docs/index.toml");
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What kind of body an example file holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Response,
    Request,
}

/// `resource/operationId.rendering[.request].json` → (operationId, rendering, kind).
pub fn parse_name(file: &str) -> Option<(&str, &str, Kind)> {
    let name = file.rsplit('/').next()?.strip_suffix(".json")?;
    let (name, kind) = match name.strip_suffix(".request") {
        Some(name) => (name, Kind::Request),
        None => (name, Kind::Response),
    };
    let (id, rendering) = name.split_once('.')?;
    let mut chars = rendering.chars();
    let ok = chars.next() == Some('g')
        && matches!(chars.next(), Some('1'..='3'))
        && chars.as_str().chars().all(|c| c.is_ascii_lowercase())
        && chars.as_str().len() <= 1;
    ok.then_some((id, rendering, kind))
}

/// Where an operation's bodies sit inside their envelopes, read from the generator's IR of the
/// spec (so the test follows the spec rather than a copy of it).
pub struct Envelopes {
    /// operationId → the wire name of the response envelope's one property.
    pub response: BTreeMap<String, String>,
    /// operationId → the wire name of the request envelope's one property.
    pub request: BTreeMap<String, String>,
    /// operationId → the path template (`/v1/customers/{id}`).
    pub template: BTreeMap<String, String>,
}

impl Envelopes {
    pub fn of(api: &ir::Api) -> Self {
        let wire = |envelope: &TypeRef, field: &str| -> String {
            let TypeRef::Named(name) = envelope else {
                panic!("an envelope is a named struct")
            };
            let def = api
                .types
                .iter()
                .find(|t| &t.name == name)
                .expect("envelope type");
            let TypeKind::Struct(s) = &def.kind else {
                panic!("{name} is a struct")
            };
            s.fields
                .iter()
                .find(|f| f.name == field)
                .expect("envelope field")
                .wire_name
                .clone()
        };
        let mut response = BTreeMap::new();
        let mut request = BTreeMap::new();
        let mut template = BTreeMap::new();
        for op in &api.operations {
            let id = op.operation_id.clone();
            template.insert(id.clone(), op.path.clone());
            match &op.response {
                SuccessResponse::Envelope {
                    envelope, field, ..
                }
                | SuccessResponse::List {
                    envelope, field, ..
                } => {
                    response.insert(id.clone(), wire(envelope, field));
                }
                _ => {}
            }
            if let Some(ir::Body {
                kind:
                    BodyKind::Json {
                        envelope: Some(key),
                        ..
                    },
                ..
            }) = &op.body
            {
                request.insert(id, key.clone());
            }
        }
        Envelopes {
            response,
            request,
            template,
        }
    }
}

/// The envelopes of the spec's operations, lowered once for every test of this binary.
pub fn envelopes() -> &'static Envelopes {
    static ENVELOPES: OnceLock<Envelopes> = OnceLock::new();
    ENVELOPES.get_or_init(|| {
        let spec = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/flex.yaml"),
        )
        .expect("spec/flex.yaml");
        Envelopes::of(&flex_codegen::lower(&spec).expect("the spec lowers").api)
    })
}

/// One rendering of the docs' example response of one operation, as the server sends it.
pub struct Example {
    /// `resource/operationId.rendering.json`, for messages.
    pub file: String,
    /// `g1`, `g2b`, ...
    pub generation: String,
    /// The response body: the file, inside the operation's envelope when the page shows only
    /// the object inside it (`shows = "inner"` in the index), artefacts taken out.
    pub body: Value,
}

/// The example responses of `operation` in the renderings `generations` (each must exist), in
/// that order. The resource tests read chosen fields of these through the typed API; `docs.rs`
/// round-trips every example, these and request examples included.
pub fn examples(resource: &str, operation: &str, generations: &[&str]) -> Vec<Example> {
    let index = index();
    generations
        .iter()
        .map(|generation| {
            let file = format!("{resource}/{operation}.{generation}.json");
            let entry = index
                .example
                .iter()
                .find(|e| e.file == file)
                .unwrap_or_else(|| panic!("{file}: not in index.toml"));
            let text = std::fs::read_to_string(docs_dir().join(&file))
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            let mut body: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file} is not JSON: {e}"));
            for artefact in &entry.artefact {
                remove_at(&mut body, &artefact.pointer);
            }
            if entry.shows == Shows::Inner {
                let key = &envelopes().response[operation];
                body = json!({ key.as_str(): body });
            }
            Example {
                file,
                generation: (*generation).to_owned(),
                body,
            }
        })
        .collect()
}

/// Removes the value at a JSON pointer (an object member or an array item).
pub fn remove_at(value: &mut Value, pointer: &str) -> bool {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return false;
    };
    let last = last.replace("~1", "/").replace("~0", "~");
    match value.pointer_mut(parent) {
        Some(Value::Object(map)) => map.remove(&last).is_some(),
        Some(Value::Array(items)) => match last.parse::<usize>() {
            Ok(i) if i < items.len() => {
                items.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    }
}
