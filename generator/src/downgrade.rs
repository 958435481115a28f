//! The 3.1 downgrade (step 2 of the pipeline, between parsing the text and reading it as
//! `openapiv3`): rewrites the 3.1-only forms of a document, as JSON, into their 3.0 equivalents
//! so that `openapiv3` (which reads 3.0) can read it. A 3.0 document passes unchanged. A 3.1
//! construct with no 3.0 equivalent is a typed error naming it and where it is.
//!
//! | 3.1 | 3.0 |
//! |---|---|
//! | `type: [T, "null"]` | `type: T`, `nullable: true` |
//! | `type: "null"` | `enum: [null]`, `nullable: true` |
//! | `const: v` | `enum: [v]` |
//! | `exclusiveMinimum: n` (a number) | `minimum: n`, `exclusiveMinimum: true` (same for maximum) |
//! | `examples: [a, ...]` in a schema | `example: a` |
//! | `$ref` with sibling keywords in a schema | `allOf: [{$ref}]` with the siblings beside it |
//! | `webhooks` | moved to `x-webhooks`, its schemas downgraded (lowering reads it there) |
//! | `jsonSchemaDialect`, `$schema`, `$id`, `$comment` | dropped |

use crate::error::{ErrorKind, Errors, Pointer, SpecError};
use crate::load::{Document, Version};
use serde_json::{Map, Value};

/// JSON Schema keywords of 3.1 that 3.0 cannot express.
const UNSUPPORTED: &[&str] = &[
    "prefixItems",
    "$dynamicRef",
    "$dynamicAnchor",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "patternProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "propertyNames",
];

/// Downgrades a 3.1 document in place to 3.0 (a 3.0 one is left as it is), or reports every
/// construct it cannot rewrite.
pub(crate) fn downgrade(document: &mut Document) -> Result<(), Errors> {
    if document.version == Version::V3_1 {
        downgrade_3_1(&mut document.value, &mut document.webhooks_key)?;
        document.version = Version::V3_0;
    }
    Ok(())
}

/// Rewrites a 3.1 document (as JSON) in place into 3.0, or reports every construct it cannot
/// rewrite.
fn downgrade_3_1(document: &mut Value, webhooks_key: &mut &'static str) -> Result<(), Errors> {
    let mut errors = Errors::default();
    let mut webhooks = None;
    if let Value::Object(root) = document {
        root.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
        webhooks = root.remove("webhooks");
        for key in ["jsonSchemaDialect", "$schema"] {
            root.remove(key);
        }
        root.entry("paths")
            .or_insert_with(|| Value::Object(Map::new()));
    }
    walk(document, &Pointer::root(), false, &mut errors);
    // 3.0 has no `webhooks`: they move to `x-webhooks` (the extension 3.0 specs use), their
    // schemas downgraded like the rest.
    if let (Some(mut webhooks), Value::Object(root)) = (webhooks, &mut *document) {
        walk(
            &mut webhooks,
            &Pointer::root().join("webhooks"),
            false,
            &mut errors,
        );
        root.insert("x-webhooks".to_owned(), webhooks);
        *webhooks_key = "webhooks";
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Walks the document, downgrading every schema in it; `is_schema` says whether `value` is a Schema Object, which decides which
/// rewrites apply (a `$ref` with siblings, or `examples`, mean different things elsewhere).
fn walk(value: &mut Value, at: &Pointer, is_schema: bool, errors: &mut Errors) {
    match value {
        Value::Object(map) => {
            if is_schema {
                downgrade_schema(map, at, errors);
            }
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                let child_at = at.join(&key);
                let Some(child) = map.get_mut(&key) else {
                    continue;
                };
                if is_schema {
                    match key.as_str() {
                        "properties" => walk_map_of_schemas(child, &child_at, errors),
                        "items" | "additionalProperties" | "not" => {
                            walk(child, &child_at, true, errors)
                        }
                        "allOf" | "oneOf" | "anyOf" => {
                            walk_list_of_schemas(child, &child_at, errors)
                        }
                        // `example`, `default`, `enum` and extensions are data, not schemas.
                        _ => {}
                    }
                } else if key == "schema" {
                    walk(child, &child_at, true, errors);
                } else if key == "schemas" && at.as_str() == "#/components" {
                    walk_map_of_schemas(child, &child_at, errors);
                } else if !key.starts_with("x-") && key != "example" && key != "examples" {
                    walk(child, &child_at, false, errors);
                }
            }
        }
        // Arrays inside a schema (`enum`, `required`) are data; schema lists are walked above.
        Value::Array(items) if !is_schema => {
            for (index, item) in items.iter_mut().enumerate() {
                walk(item, &at.join(index), false, errors);
            }
        }
        _ => {}
    }
}

fn walk_map_of_schemas(value: &mut Value, at: &Pointer, errors: &mut Errors) {
    if let Value::Object(map) = value {
        for (name, schema) in map.iter_mut() {
            walk(schema, &at.join(name), true, errors);
        }
    }
}

fn walk_list_of_schemas(value: &mut Value, at: &Pointer, errors: &mut Errors) {
    if let Value::Array(items) = value {
        for (index, schema) in items.iter_mut().enumerate() {
            walk(schema, &at.join(index), true, errors);
        }
    }
}

/// Rewrites one Schema Object's 3.1 forms (not its subschemas: [`walk`] visits those).
fn downgrade_schema(map: &mut Map<String, Value>, at: &Pointer, errors: &mut Errors) {
    for keyword in UNSUPPORTED {
        if map.contains_key(*keyword) {
            errors.push(SpecError::new(
                ErrorKind::Unsupported,
                at.join(keyword),
                format!("the OpenAPI 3.1 keyword `{keyword}` has no OpenAPI 3.0 equivalent"),
            ));
        }
    }
    for key in ["$schema", "$id", "$comment", "$anchor", "$defs"] {
        map.remove(key);
    }

    // `type: [T, "null"]` and `type: "null"`.
    match map.get("type").cloned() {
        Some(Value::Array(types)) => {
            let non_null: Vec<&Value> = types
                .iter()
                .filter(|t| t.as_str() != Some("null"))
                .collect();
            let has_null = non_null.len() < types.len();
            match non_null.as_slice() {
                [single] => {
                    map.insert("type".to_owned(), (*single).clone());
                }
                [] => {
                    map.remove("type");
                    map.insert("enum".to_owned(), Value::Array(vec![Value::Null]));
                }
                _ => {
                    errors.push(SpecError::new(
                        ErrorKind::Unsupported,
                        at.join("type"),
                        "a `type` with several types other than \"null\" has no OpenAPI 3.0 equivalent; use `oneOf`",
                    ));
                }
            }
            if has_null {
                map.insert("nullable".to_owned(), Value::Bool(true));
            }
        }
        Some(Value::String(t)) if t == "null" => {
            map.remove("type");
            map.insert("enum".to_owned(), Value::Array(vec![Value::Null]));
            map.insert("nullable".to_owned(), Value::Bool(true));
        }
        _ => {}
    }

    if let Some(value) = map.remove("const") {
        map.insert("enum".to_owned(), Value::Array(vec![value]));
    }

    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(limit) = map.get(exclusive).filter(|v| v.is_number()).cloned() {
            map.insert(bound.to_owned(), limit);
            map.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }

    if let Some(Value::Array(examples)) = map.get("examples").cloned() {
        map.remove("examples");
        if let Some(first) = examples.into_iter().next() {
            map.entry("example").or_insert(first);
        }
    }

    // A `$ref` with siblings: 3.0 ignores everything beside a `$ref`, so the reference moves
    // into an `allOf` and the siblings (a description, `nullable`, ...) stay on the schema.
    if map.contains_key("$ref") && map.len() > 1 {
        if let Some(reference) = map.remove("$ref") {
            let mut inner = Map::new();
            inner.insert("$ref".to_owned(), reference);
            let mut all_of = vec![Value::Object(inner)];
            if let Some(Value::Array(existing)) = map.remove("allOf") {
                all_of.extend(existing);
            }
            map.insert("allOf".to_owned(), Value::Array(all_of));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn downgraded(schema: Value) -> Value {
        let mut doc = json!({"openapi": "3.1.0", "components": {"schemas": {"S": schema}}});
        downgrade_3_1(&mut doc, &mut "x-webhooks").expect("downgrades");
        doc["components"]["schemas"]["S"].clone()
    }

    #[test]
    fn each_form_has_its_3_0_equivalent() {
        assert_eq!(
            downgraded(json!({"type": ["string", "null"]})),
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            downgraded(json!({"type": "null"})),
            json!({"enum": [null], "nullable": true})
        );
        assert_eq!(
            downgraded(json!({"const": "card"})),
            json!({"enum": ["card"]})
        );
        assert_eq!(
            downgraded(json!({"type": "integer", "exclusiveMinimum": 0})),
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})
        );
        assert_eq!(
            downgraded(json!({"type": "string", "examples": ["a", "b"]})),
            json!({"type": "string", "example": "a"})
        );
        assert_eq!(
            downgraded(json!({"$ref": "#/components/schemas/T", "description": "why"})),
            json!({"allOf": [{"$ref": "#/components/schemas/T"}], "description": "why"})
        );
        assert_eq!(
            downgraded(
                json!({"type": "object", "properties": {"a": {"type": ["integer", "null"]}}})
            ),
            json!({"type": "object", "properties": {"a": {"type": "integer", "nullable": true}}})
        );
    }

    #[test]
    fn a_3_0_document_passes_unchanged() {
        let value = json!({"openapi": "3.0.3", "components": {"schemas": {"S": {"const": 1}}}});
        let mut document = Document {
            value: value.clone(),
            version: Version::V3_0,
            webhooks_key: "x-webhooks",
        };
        downgrade(&mut document).expect("nothing to downgrade");
        assert_eq!(document.value, value);
        let mut document = Document {
            value,
            version: Version::V3_1,
            webhooks_key: "x-webhooks",
        };
        downgrade(&mut document).expect("downgrades");
        assert_eq!(document.version, Version::V3_0);
        assert_eq!(document.value["openapi"], json!("3.0.3"));
    }

    #[test]
    fn webhooks_move_to_the_3_0_extension_with_their_schemas_downgraded() {
        let schema =
            json!({"type": "object", "properties": {"note": {"type": ["string", "null"]}}});
        let mut document = Document {
            value: json!({"openapi": "3.1.0", "webhooks": {"order.paid": {"post": {
                "requestBody": {"content": {"application/json": {"schema": schema}}}
            }}}}),
            version: Version::V3_1,
            webhooks_key: "x-webhooks",
        };
        downgrade(&mut document).expect("downgrades");
        assert_eq!(document.webhooks_key, "webhooks");
        assert!(document.value.get("webhooks").is_none());
        let note = &document.value["x-webhooks"]["order.paid"]["post"]["requestBody"]["content"]["application/json"]
            ["schema"]["properties"]["note"];
        assert_eq!(note, &json!({"type": "string", "nullable": true}));
    }

    #[test]
    fn media_type_examples_are_left_alone() {
        let mut doc = json!({"openapi": "3.1.0", "paths": {"/a": {"get": {"responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"examples": {"one": {"value": 1}}, "schema": {"const": 1}}}
        }}}}}});
        downgrade_3_1(&mut doc, &mut "x-webhooks").expect("downgrades");
        let media = &doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["examples"], json!({"one": {"value": 1}}));
        assert_eq!(media["schema"], json!({"enum": [1]}));
        assert_eq!(doc["openapi"], json!("3.0.3"));
    }

    #[test]
    fn what_cannot_be_downgraded_is_named() {
        let mut doc = json!({"openapi": "3.1.0", "components": {"schemas": {
            "A": {"type": ["string", "integer"]},
            "B": {"type": "array", "prefixItems": [{"type": "string"}]}
        }}});
        let errors = downgrade_3_1(&mut doc, &mut "x-webhooks").expect_err("cannot downgrade");
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/A/type",
                "#/components/schemas/B/prefixItems"
            ]
        );
        assert!(errors.iter().all(|e| e.kind == ErrorKind::Unsupported));
    }
}
