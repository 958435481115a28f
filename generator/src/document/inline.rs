//! Deep references (step 2 of the pipeline, on the JSON before the downgrade): a `$ref` to
//! anything but a whole component is rewritten, so that the steps after it only meet references
//! to components (`#/components/schemas/Name`):
//!
//! - a reference into a schema component (`#/components/schemas/Report/definitions/item`,
//!   `#/components/schemas/A/properties/b`) is to a schema: that schema becomes a component of
//!   its own (`Report_item`, `A_b`), made once however often it is named, and the reference
//!   points at it. A schema that contains itself this way (JSON Schema's `definitions` of a tree)
//!   is then an ordinary recursive component;
//! - any other deep reference (`#/paths/~1a/get/responses/401`) is replaced by a copy of its
//!   target, since responses and parameters are not types.
//!
//! A reference that points at nothing is left for lowering to report, and so is one inside a
//! loop of copies, after [`MAX_DEPTH`] of them.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// How many deep references may be followed one inside another.
const MAX_DEPTH: usize = 32;

/// How deep the document may be with its copies in. The parsers stop at 128 levels; copies
/// inside copies could otherwise nest far deeper (32 copies of a 30-level schema), and every
/// later step walks the document recursively, so a copy that would pass this depth is not made,
/// and its reference is left for lowering to report.
const MAX_NESTING: usize = 128;

/// Rewrites every deep `$ref` in `document`, as the module says. Returns where each schema
/// made a component came from: (the component's pointer, the pointer it was at), so that the
/// problems later steps find in it can name the place in the document.
pub(crate) fn inline_deep_refs(document: &mut Value) -> Vec<(String, String)> {
    // Targets are copied from the document as parsed, which costs one copy of it: only made
    // when there is a deep reference.
    if !has_deep_ref(document) {
        return Vec::new();
    }
    let root = document.clone();
    let mut hoisted = BTreeMap::new();
    collect_schema_refs(&root, &root, &mut hoisted);
    let taken: Vec<String> = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    let names = name_hoisted(hoisted.keys(), taken);
    if let (Value::Object(doc), false) = (&mut *document, hoisted.is_empty()) {
        let components = doc
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(components) = components {
            let schemas = components
                .entry("schemas")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(schemas) = schemas {
                for (pointer, target) in hoisted {
                    schemas.insert(names[&pointer].clone(), target);
                }
            }
        }
    }
    let origins = names
        .iter()
        .map(|(pointer, name)| {
            let escaped = name.replace('~', "~0").replace('/', "~1");
            (
                format!("#/components/schemas/{escaped}"),
                format!("#{pointer}"),
            )
        })
        .collect();
    Inliner { root, names }.visit(document, 0, 0);
    origins
}

/// Every deep reference into a schema component whose target is a schema, by pointer, with
/// the target.
fn collect_schema_refs(value: &Value, root: &Value, out: &mut BTreeMap<String, Value>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                if is_deep(reference) && reference.starts_with("#/components/schemas/") {
                    let pointer = pointer_of(reference);
                    if let (std::collections::btree_map::Entry::Vacant(entry), Some(target)) =
                        (out.entry(pointer.clone()), root.pointer(&pointer))
                    {
                        if target.is_object() || target.is_boolean() {
                            entry.insert(target.clone());
                        }
                    }
                }
            }
            for (key, child) in map {
                // Examples are data, even where they say `$ref` (an Example Object's `value`).
                if key != "example" && key != "examples" && !key.starts_with("x-") {
                    collect_schema_refs(child, root, out);
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| collect_schema_refs(item, root, out)),
        _ => {}
    }
}

/// The component name of each hoisted schema: its component's name and the last name on the
/// way to it, JSON Schema's own words left out (`/components/schemas/Report/definitions/item`
/// → `Report_item`), with a number where that is taken.
fn name_hoisted<'p>(
    pointers: impl Iterator<Item = &'p String>,
    taken: Vec<String>,
) -> BTreeMap<String, String> {
    const STRUCTURAL: &[&str] = &[
        "properties",
        "items",
        "definitions",
        "$defs",
        "allOf",
        "oneOf",
        "anyOf",
        "additionalProperties",
        "not",
    ];
    let mut taken: std::collections::BTreeSet<String> = taken.into_iter().collect();
    let mut names = BTreeMap::new();
    for pointer in pointers {
        let tokens: Vec<String> = pointer
            .trim_start_matches("/components/schemas/")
            .split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect();
        let words: Vec<&str> = tokens
            .iter()
            .map(String::as_str)
            .filter(|t| !STRUCTURAL.contains(t) && t.parse::<usize>().is_err())
            .collect();
        let base = match words.as_slice() {
            [] => "Schema".to_owned(),
            [only] => (*only).to_owned(),
            [first, .., last] => format!("{first}_{last}"),
        };
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        taken.insert(name.clone());
        names.insert(pointer.clone(), name);
    }
    names
}

struct Inliner {
    /// The document as parsed, which targets are copied from.
    root: Value,
    /// The component each hoisted schema became, by the pointer references use.
    names: BTreeMap<String, String>,
}

impl Inliner {
    /// `depth`: copies this one is inside of; `nesting`: how deep in the document it is.
    fn visit(&self, value: &mut Value, depth: usize, nesting: usize) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    if is_deep(reference) {
                        let pointer = pointer_of(reference);
                        if let Some(name) = self.names.get(&pointer) {
                            let escaped = name.replace('~', "~0").replace('/', "~1");
                            map.insert(
                                "$ref".to_owned(),
                                Value::String(format!("#/components/schemas/{escaped}")),
                            );
                        } else if depth < MAX_DEPTH {
                            if let Some(target) = self
                                .root
                                .pointer(&pointer)
                                .filter(|target| {
                                    nesting + depth_of(target, MAX_NESTING) <= MAX_NESTING
                                })
                                .cloned()
                            {
                                // Siblings of a `$ref` (3.1 allows a description beside it) stay.
                                let siblings: Vec<(String, Value)> = map
                                    .iter()
                                    .filter(|(k, _)| *k != "$ref")
                                    .map(|(k, v)| (k.clone(), v.clone()))
                                    .collect();
                                *value = target;
                                if let (Value::Object(copy), false) =
                                    (&mut *value, siblings.is_empty())
                                {
                                    for (key, sibling) in siblings {
                                        copy.entry(key).or_insert(sibling);
                                    }
                                }
                                self.visit(value, depth + 1, nesting);
                                return;
                            }
                        }
                    }
                }
                for (key, child) in map.iter_mut() {
                    // Examples and extensions are data, where `$ref` means nothing. (`default`
                    // is not skipped: under `responses` it is the default response.)
                    if key == "example" || key.starts_with("x-") {
                        continue;
                    }
                    self.visit(child, depth, nesting + 1);
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.visit(item, depth, nesting + 1);
                }
            }
            _ => {}
        }
    }
}

/// How many levels of objects and arrays `value` has, counted up to `limit`.
fn depth_of(value: &Value, limit: usize) -> usize {
    if limit == 0 {
        return 0;
    }
    let inner = match value {
        Value::Object(map) => map.values().map(|v| depth_of(v, limit - 1)).max(),
        Value::Array(items) => items.iter().map(|v| depth_of(v, limit - 1)).max(),
        _ => return 0,
    };
    1 + inner.unwrap_or(0)
}

/// Whether any `$ref` of the document is deep.
fn has_deep_ref(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            matches!(map.get("$ref"), Some(Value::String(r)) if is_deep(r))
                || map.values().any(has_deep_ref)
        }
        Value::Array(items) => items.iter().any(has_deep_ref),
        _ => false,
    }
}

/// Whether a reference points into this document at something other than a whole component
/// (`#/components/{kind}/{name}`).
fn is_deep(reference: &str) -> bool {
    let Some(path) = reference.strip_prefix("#/") else {
        return false;
    };
    let tokens: Vec<&str> = path.split('/').collect();
    !matches!(tokens.as_slice(), ["components", _, _])
}

/// The RFC 6901 pointer of a `#/...` reference, percent-decoded as URI fragments are.
fn pointer_of(reference: &str) -> String {
    let fragment = reference.strip_prefix('#').unwrap_or(reference);
    percent_decode(fragment)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deep_references_become_components_or_copies_and_component_references_stay() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"responses": {
                "401": {"description": "no", "content": {"application/json": {"schema": {"type": "string"}}}},
                "403": {"$ref": "#/paths/~1a/get/responses/401"}
            }}}},
            "components": {"schemas": {
                "A": {"properties": {"b": {"type": "integer"}}},
                "C": {"properties": {"b": {"$ref": "#/components/schemas/A/properties/b"},
                                      "e": {"$ref": "#/components/schemas/A/properties/b"},
                                      "d": {"$ref": "#/components/schemas/A"}}}
            }}
        });
        inline_deep_refs(&mut doc);
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["403"],
            doc["paths"]["/a"]["get"]["responses"]["401"]
        );
        let c = &doc["components"]["schemas"]["C"]["properties"];
        assert_eq!(c["b"], json!({"$ref": "#/components/schemas/A_b"}));
        assert_eq!(c["e"], json!({"$ref": "#/components/schemas/A_b"}));
        assert_eq!(c["d"], json!({"$ref": "#/components/schemas/A"}));
        assert_eq!(
            doc["components"]["schemas"]["A_b"],
            json!({"type": "integer"})
        );
    }

    #[test]
    fn a_tree_of_definitions_becomes_recursive_components() {
        let mut doc = json!({"components": {"schemas": {
            "Report": {
                "properties": {"rows": {"type": "array", "items": {"$ref": "#/components/schemas/Report/definitions/row"}}},
                "definitions": {"row": {"properties": {"rows": {"type": "array", "items": {"$ref": "#/components/schemas/Report/definitions/row"}}}}}
            },
            "Report_row": {"type": "string"}
        }}});
        inline_deep_refs(&mut doc);
        let schemas = &doc["components"]["schemas"];
        // `Report_row` was taken: the hoisted schema gets a number.
        let row = json!({"$ref": "#/components/schemas/Report_row_2"});
        assert_eq!(schemas["Report"]["properties"]["rows"]["items"], row);
        assert_eq!(schemas["Report_row_2"]["properties"]["rows"]["items"], row);
    }

    #[test]
    fn a_loop_of_deep_references_or_a_missing_target_is_left_for_lowering() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"responses": {
                "401": {"$ref": "#/paths/~1a/get/responses/401"}
            }}}},
            "components": {"schemas": {
                "B": {"properties": {"c": {"$ref": "#/components/schemas/Nope/properties/c"}}}
            }}
        });
        inline_deep_refs(&mut doc);
        let loop_ = &doc["paths"]["/a"]["get"]["responses"]["401"];
        assert_eq!(loop_["$ref"], json!("#/paths/~1a/get/responses/401"));
        let c = &doc["components"]["schemas"]["B"]["properties"]["c"];
        assert_eq!(c["$ref"], json!("#/components/schemas/Nope/properties/c"));
    }

    #[test]
    fn percent_escapes_in_references_are_decoded() {
        assert_eq!(pointer_of("#/paths/~1a%7Bid%7D/get"), "/paths/~1a{id}/get");
        assert!(is_deep("#/paths/~1a/get"));
        assert!(!is_deep("#/components/schemas/A"));
        assert!(!is_deep("other.yaml#/components/schemas/A/properties/b"));
    }
}
