//! The downgrade (step 4 of the pipeline, between the repair and reading the document as
//! `openapiv3`): rewrites the 3.1-only forms of a document, as JSON, into their 3.0 equivalents
//! so that `openapiv3` (which reads 3.0) can read it, and, in every version, loosens with a
//! warning what has no Rust type or does not fit `openapiv3`'s. Nothing valid is refused.
//!
//! | 3.1 | 3.0 |
//! |---|---|
//! | `type: [T, "null"]` | `type: T`, `nullable: true` |
//! | `type: [T, U, ...]` | `anyOf` of one schema per type, each with the keywords of its type |
//! | `type: "null"` | `enum: [null]`, `nullable: true` |
//! | `const: v` | `enum: [v]` |
//! | `exclusiveMinimum: n` (a number) | `minimum: n`, `exclusiveMinimum: true` (same for maximum) |
//! | `examples: [a, ...]` in a schema | `example: a` |
//! | `$ref` with sibling keywords in a schema | `allOf: [{$ref}]` with the siblings beside it |
//! | `webhooks` | moved to `x-webhooks`, its schemas downgraded (lowering reads it there) |
//! | `jsonSchemaDialect`, `$schema`, `$id`, `$comment` | dropped |
//!
//! Loosened with a warning, in both versions: `not` and the 3.1 keywords no Rust type checks
//! (`propertyNames`, `if`/`then`/`else`, `contains`, ...) are dropped; `prefixItems` makes the
//! items any JSON value, `patternProperties` keeps further properties as JSON, `$dynamicRef` is
//! any JSON value; a bound of an integer beyond `i64`, or a length that is not a count, is
//! dropped (it is validation, and `openapiv3` cannot hold it).

use super::{Document, Version};
use crate::diagnostics::Ctxt;
use crate::diagnostics::pointer::Pointer;
use serde_json::{Map, Value};

/// The keywords that belong to one `type`, for splitting `type: [T, U]` into one schema per type.
fn keywords_of(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &[
            "format",
            "minLength",
            "maxLength",
            "pattern",
            "contentEncoding",
            "contentMediaType",
        ],
        "integer" | "number" => &[
            "format",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        "array" => &[
            "items",
            "minItems",
            "maxItems",
            "uniqueItems",
            "prefixItems",
        ],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "patternProperties",
        ],
        _ => &[],
    }
}

/// Downgrades a 3.1 document in place to 3.0 and loosens, in any version, what `openapiv3` or
/// Rust cannot hold, with a warning for each; a 3.0 document with nothing to loosen passes
/// unchanged.
pub(crate) fn downgrade(document: &mut Document, cx: &mut Ctxt) {
    let v3_1 = document.version == Version::V3_1;
    let mut rewrite = Rewrite { v3_1, cx };
    if v3_1 {
        rewrite.root_3_1(&mut document.value, &mut document.webhooks_key);
        document.version = Version::V3_0;
    } else {
        rewrite.walk(&mut document.value, &Pointer::root(), false);
    }
}

/// One run of the rewrite over a document.
pub(crate) struct Rewrite<'c> {
    /// Whether the document is 3.1, so that its forms are rewritten too.
    pub(crate) v3_1: bool,
    pub(crate) cx: &'c mut Ctxt,
}

impl Rewrite<'_> {
    pub(crate) fn warn(
        &mut self,
        at: &Pointer,
        loosened: impl Into<String>,
        chosen: impl Into<String>,
    ) {
        self.cx.warn(at, loosened, chosen);
    }

    /// Rewrites a 3.1 document (as JSON) in place into 3.0.
    fn root_3_1(&mut self, document: &mut Value, webhooks_key: &mut &'static str) {
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
        self.walk(document, &Pointer::root(), false);
        // 3.0 has no `webhooks`: they move to `x-webhooks` (the extension 3.0 specs use), their
        // schemas downgraded like the rest.
        if let (Some(mut webhooks), Value::Object(root)) = (webhooks, &mut *document) {
            self.walk(&mut webhooks, &Pointer::root().join("webhooks"), false);
            root.insert("x-webhooks".to_owned(), webhooks);
            *webhooks_key = "webhooks";
        }
    }

    /// Walks the document, rewriting every schema in it; `is_schema` says whether `value` is a
    /// Schema Object, which decides which rewrites apply (a `$ref` with siblings, or `examples`,
    /// mean different things elsewhere).
    fn walk(&mut self, value: &mut Value, at: &Pointer, is_schema: bool) {
        if let (true, Value::Bool(allowed)) = (is_schema, &*value) {
            // A boolean schema (JSON Schema, so 3.1): `true` allows anything, as `{}` does;
            // `false` allows nothing, which no type says.
            if !allowed {
                self.warn(
                    at,
                    "the schema `false` allows no value at all",
                    "`serde_json::Value`",
                );
            }
            *value = Value::Object(Map::new());
        }
        match value {
            Value::Object(map) => {
                if is_schema {
                    self.schema(map, at);
                }
                for (key, child) in map.iter_mut() {
                    // Text, numbers and booleans hold no schema, except a boolean schema where
                    // a schema is expected (`items: true`), which the schema arm walks.
                    if !is_schema && !child.is_object() && !child.is_array() {
                        continue;
                    }
                    let walked = if is_schema {
                        matches!(
                            key.as_str(),
                            "properties"
                                | "items"
                                | "additionalProperties"
                                | "allOf"
                                | "oneOf"
                                | "anyOf"
                        )
                    } else {
                        !key.starts_with("x-") && key != "example" && key != "examples"
                            || key == "x-webhooks"
                    };
                    if !walked {
                        continue;
                    }
                    let child_at = at.join(key);
                    if is_schema {
                        match key.as_str() {
                            "properties" => self.walk_map_of_schemas(child, &child_at),
                            "items" => self.walk(child, &child_at, true),
                            // `additionalProperties: false` is OpenAPI's own boolean, not a
                            // boolean schema.
                            "additionalProperties" if child.is_object() => {
                                self.walk(child, &child_at, true)
                            }
                            "allOf" | "oneOf" | "anyOf" => {
                                self.walk_list_of_schemas(child, &child_at)
                            }
                            // `example`, `default`, `enum` and extensions are data, not schemas.
                            _ => {}
                        }
                    } else if key == "schema" {
                        self.walk(child, &child_at, true);
                    } else if key == "schemas" && at.as_str() == "#/components" {
                        self.walk_map_of_schemas(child, &child_at);
                    } else if key == "x-webhooks" && at.as_str() == "#" {
                        // A 3.0 document's webhooks (Redoc's extension), which lowering reads.
                        self.walk(child, &child_at, false);
                    } else if !key.starts_with("x-") && key != "example" && key != "examples" {
                        self.walk(child, &child_at, false);
                    }
                }
            }
            // Arrays inside a schema (`enum`, `required`) are data; schema lists are walked above.
            Value::Array(items) if !is_schema => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.walk(item, &at.join(index), false);
                }
            }
            _ => {}
        }
    }

    fn walk_map_of_schemas(&mut self, value: &mut Value, at: &Pointer) {
        if let Value::Object(map) = value {
            for (name, schema) in map.iter_mut() {
                self.walk(schema, &at.join(name), true);
            }
        }
    }

    fn walk_list_of_schemas(&mut self, value: &mut Value, at: &Pointer) {
        if let Value::Array(items) = value {
            for (index, schema) in items.iter_mut().enumerate() {
                self.walk(schema, &at.join(index), true);
            }
        }
    }

    /// Rewrites one Schema Object (not its subschemas: [`Rewrite::walk`] visits those, and the
    /// members this makes of a `type` list).
    fn schema(&mut self, map: &mut Map<String, Value>, at: &Pointer) {
        self.loosen(map, at);
        if self.v3_1 {
            self.schema_3_1(map);
        }
        self.loosen_numbers(map, at);
    }

    /// Rewrites one Schema Object's 3.1 forms into 3.0's.
    fn schema_3_1(&mut self, map: &mut Map<String, Value>) {
        for key in ["$schema", "$id", "$comment", "$anchor", "$defs"] {
            map.remove(key);
        }

        // `type: [T, "null"]`, `type: [T, U]` and `type: "null"`.
        match map.get("type").cloned() {
            Some(Value::Array(types)) => {
                let non_null: Vec<&str> = types
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|t| *t != "null")
                    .collect();
                let has_null = types.iter().any(|t| t.as_str() == Some("null"));
                match non_null.as_slice() {
                    [single] => {
                        map.insert("type".to_owned(), Value::String((*single).to_owned()));
                    }
                    [] => {
                        map.remove("type");
                        map.insert("enum".to_owned(), Value::Array(vec![Value::Null]));
                    }
                    several => {
                        // [`Rewrite::walk`] then visits the members as the `anyOf` they are.
                        let members = split_types(map, several);
                        map.insert("anyOf".to_owned(), Value::Array(members));
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
}

/// `type: [T, U, ...]` (without `"null"`): one schema per type, each taking from `map` the
/// keywords of its type (and the `enum` values of its type), in the order the list gives. What
/// applies to all (`description`, `default`, ...) stays on `map`.
fn split_types(map: &mut Map<String, Value>, types: &[&str]) -> Vec<Value> {
    map.remove("type");
    let values = map.remove("enum");
    let mut members = Vec::new();
    for ty in types {
        let mut member = Map::new();
        member.insert("type".to_owned(), Value::String((*ty).to_owned()));
        for keyword in keywords_of(ty) {
            if let Some(value) = map.get(*keyword) {
                member.insert((*keyword).to_owned(), value.clone());
            }
        }
        if let Some(Value::Array(values)) = &values {
            let of_type: Vec<Value> = values
                .iter()
                .filter(|v| json_type_matches(v, ty))
                .cloned()
                .collect();
            if !of_type.is_empty() {
                member.insert("enum".to_owned(), Value::Array(of_type));
            }
        }
        members.push(Value::Object(member));
    }
    for ty in types {
        for keyword in keywords_of(ty) {
            map.remove(*keyword);
        }
    }
    members
}

/// Whether a JSON value is of the JSON Schema type `ty`.
fn json_type_matches(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::warning::Warnings;
    use serde_json::json;

    /// Downgrades a 3.1 document given as JSON, returning its warnings.
    fn downgrade_3_1(doc: &mut Value) -> Warnings {
        let mut document = Document {
            value: doc.take(),
            version: Version::V3_1,
            webhooks_key: "x-webhooks",
        };
        let mut cx = Ctxt::new();
        downgrade(&mut document, &mut cx);
        *doc = document.value;
        cx.finish(Some(())).expect("no problem").1
    }

    fn downgraded(schema: Value) -> Value {
        let mut doc = json!({"openapi": "3.1.0", "components": {"schemas": {"S": schema}}});
        downgrade_3_1(&mut doc);
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
        downgrade(&mut document, &mut Ctxt::new());
        assert_eq!(document.value, value);
        let mut document = Document {
            value,
            version: Version::V3_1,
            webhooks_key: "x-webhooks",
        };
        downgrade(&mut document, &mut Ctxt::new());
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
        downgrade(&mut document, &mut Ctxt::new());
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
        downgrade_3_1(&mut doc);
        let media = &doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["examples"], json!({"one": {"value": 1}}));
        assert_eq!(media["schema"], json!({"enum": [1]}));
        assert_eq!(doc["openapi"], json!("3.0.3"));
    }

    #[test]
    fn several_types_become_a_union_of_one_schema_per_type() {
        assert_eq!(
            downgraded(json!({
                "type": ["string", "integer", "null"], "description": "a limit",
                "maxLength": 3, "minimum": 0, "enum": ["none", 1, 2]
            })),
            json!({
                "description": "a limit",
                "nullable": true,
                "anyOf": [
                    {"type": "string", "maxLength": 3, "enum": ["none"]},
                    {"type": "integer", "minimum": 0, "enum": [1, 2]}
                ]
            })
        );
    }

    #[test]
    fn what_no_rust_type_checks_is_dropped_with_a_warning_naming_it() {
        let mut doc = json!({"openapi": "3.1.0", "components": {"schemas": {
            "A": {"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}},
            "B": {"type": "array", "prefixItems": [{"type": "string"}]},
            "C": {"type": "integer", "minimum": -9223372036854776000.0_f64, "maximum": 10},
            "D": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
                  "not": {"required": ["a", "b"]}},
            "E": {"type": "string", "maxLength": -1}
        }}});
        let warnings = downgrade_3_1(&mut doc);
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/A/propertyNames",
                "#/components/schemas/B/prefixItems",
                "#/components/schemas/C/minimum",
                "#/components/schemas/D/not",
                "#/components/schemas/E/maxLength",
            ]
        );
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["A"], json!({"type": "object"}));
        assert_eq!(schemas["B"], json!({"type": "array", "items": {}}));
        assert_eq!(schemas["C"], json!({"type": "integer", "maximum": 10}));
        assert!(schemas["D"].get("not").is_none());
        assert_eq!(schemas["E"], json!({"type": "string"}));
    }

    #[test]
    fn a_3_0_document_is_loosened_too() {
        let mut document = Document {
            value: json!({"openapi": "3.0.3", "paths": {"/a": {"get": {"parameters": [
                {"name": "n", "in": "query", "schema": {"type": "integer", "maximum": 1e19}}
            ]}}}}),
            version: Version::V3_0,
            webhooks_key: "x-webhooks",
        };
        let mut cx = Ctxt::new();
        downgrade(&mut document, &mut cx);
        let warnings = cx.finish(Some(())).expect("no problem").1;
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings.iter().next().map(|w| w.pointer.as_str()),
            Some("#/paths/~1a/get/parameters/0/schema/maximum")
        );
        assert_eq!(document.value["openapi"], json!("3.0.3"));
    }
}
