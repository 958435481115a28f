//! Inlining of deep references (step 2 of the pipeline, on the JSON before the downgrade): a
//! `$ref` to anything but a whole component (`#/paths/~1a/get/responses/401`,
//! `#/components/schemas/A/properties/b`) is replaced by a copy of what it points at, so that
//! the steps after it only meet references to components (`#/components/schemas/Name`).
//!
//! A copy is sound (it is the same schema, response or parameter) but makes its own types where
//! the original makes one; specs use such references mostly for small shared parts. A reference
//! that points at nothing is left for lowering to report, and so is one inside a loop of deep
//! references, after [`MAX_DEPTH`] copies.

use serde_json::Value;

/// How many deep references may be followed one inside another.
const MAX_DEPTH: usize = 32;

/// Replaces every deep `$ref` in `document` by a copy of its target.
pub(crate) fn inline_deep_refs(document: &mut Value) {
    // Targets are copied from the document as parsed, which costs one copy of it: only made
    // when there is a deep reference.
    if !has_deep_ref(document) {
        return;
    }
    let inliner = Inliner {
        root: document.clone(),
    };
    inliner.visit(document, 0);
}

struct Inliner {
    /// The document as parsed, which targets are copied from.
    root: Value,
}

impl Inliner {
    fn visit(&self, value: &mut Value, depth: usize) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    if is_deep(reference) && depth < MAX_DEPTH {
                        if let Some(target) = self.root.pointer(&pointer_of(reference)).cloned() {
                            // Siblings of a `$ref` (3.1 allows a description beside it) stay.
                            let siblings: Vec<(String, Value)> = map
                                .iter()
                                .filter(|(k, _)| *k != "$ref")
                                .map(|(k, v)| (k.clone(), v.clone()))
                                .collect();
                            *value = target;
                            if let (Value::Object(copy), false) = (&mut *value, siblings.is_empty())
                            {
                                for (key, sibling) in siblings {
                                    copy.entry(key).or_insert(sibling);
                                }
                            }
                            self.visit(value, depth + 1);
                            return;
                        }
                    }
                }
                for (key, child) in map.iter_mut() {
                    // Examples and extensions are data, where `$ref` means nothing. (`default`
                    // is not skipped: under `responses` it is the default response.)
                    if key == "example" || key.starts_with("x-") {
                        continue;
                    }
                    self.visit(child, depth);
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.visit(item, depth);
                }
            }
            _ => {}
        }
    }
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
    fn deep_references_become_copies_and_component_references_stay() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"responses": {
                "401": {"description": "no", "content": {"application/json": {"schema": {"type": "string"}}}},
                "403": {"$ref": "#/paths/~1a/get/responses/401"}
            }}}},
            "components": {"schemas": {
                "A": {"properties": {"b": {"type": "integer"}}},
                "C": {"properties": {"b": {"$ref": "#/components/schemas/A/properties/b"},
                                      "d": {"$ref": "#/components/schemas/A"}}}
            }}
        });
        inline_deep_refs(&mut doc);
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["403"],
            doc["paths"]["/a"]["get"]["responses"]["401"]
        );
        let c = &doc["components"]["schemas"]["C"]["properties"];
        assert_eq!(c["b"], json!({"type": "integer"}));
        assert_eq!(c["d"], json!({"$ref": "#/components/schemas/A"}));
    }

    #[test]
    fn a_loop_of_deep_references_or_a_missing_target_is_left_for_lowering() {
        let mut doc = json!({"components": {"schemas": {
            "A": {"properties": {"b": {"$ref": "#/components/schemas/A/properties/b"}}},
            "B": {"properties": {"c": {"$ref": "#/components/schemas/Nope/properties/c"}}}
        }}});
        inline_deep_refs(&mut doc);
        let b = &doc["components"]["schemas"]["A"]["properties"]["b"];
        assert_eq!(b["$ref"], json!("#/components/schemas/A/properties/b"));
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
