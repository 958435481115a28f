//! The two generators, each from the text of a spec to formatted Rust text in memory, and the
//! synthetic specs of the scaling row.

use flex_codegen::Settings;
use serde_json::Value;
use std::panic::{self, AssertUnwindSafe};

/// Ours: `flex_codegen::generate`, which parses the text (YAML or JSON), downgrades 3.1 to 3.0,
/// lowers to the IR, runs the IR passes and emits every file of `src/` formatted with
/// prettyplease.
pub fn ours(text: &str, crate_name: &str) -> Result<flex_codegen::Generated, String> {
    flex_codegen::generate(text, &Settings::new(crate_name, "spec")).map_err(|e| e.to_string())
}

/// progenitor's: the text parsed into an `openapiv3::OpenAPI` (with serde_json, or serde_yaml
/// for YAML), `Generator::generate_tokens` with the default settings, then `syn::parse2` and
/// `prettyplease::unparse`: one formatted file. A panic inside progenitor is caught and
/// returned as an error.
pub fn progenitor(text: &str) -> Result<String, String> {
    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| progenitor_unguarded(text)));
    panic::set_hook(previous_hook);
    match outcome {
        Ok(result) => result,
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".to_owned());
            Err(format!("panicked: {message}"))
        }
    }
}

fn progenitor_unguarded(text: &str) -> Result<String, String> {
    let spec: openapiv3::OpenAPI = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| format!("openapiv3 could not read it: {e}"))?
    } else {
        serde_yaml::from_str(text).map_err(|e| format!("openapiv3 could not read it: {e}"))?
    };
    let mut generator =
        progenitor_impl::Generator::new(&progenitor_impl::GenerationSettings::default());
    let tokens = generator
        .generate_tokens(&spec)
        .map_err(|e| format!("error: {e}"))?;
    let file: syn3::File =
        syn3::parse2(tokens).map_err(|e| format!("its tokens do not parse: {e}"))?;
    Ok(prettyplease3::unparse(&file))
}

/// Lines of Rust in the files a generator wrote.
pub fn lines<'a>(files: impl IntoIterator<Item = &'a String>) -> usize {
    files.into_iter().map(|text| text.lines().count()).sum()
}

/// The Flex spec (as JSON) grown to `copies` times its size: every schema of
/// `components/schemas` and every path gets `copies - 1` renamed copies (`CartCopy2`,
/// `/copy2/v1/...`, `retrieveCheckoutSessionCopy2`) whose `$ref`s point at the copies of the
/// same round. Returns the text and the number of schemas and operations.
pub fn synthetic(flex: &Value, copies: usize) -> (String, usize, usize) {
    let mut spec = flex.clone();
    let schemas = flex["components"]["schemas"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let paths = flex["paths"].as_object().cloned().unwrap_or_default();
    let mut all_schemas = schemas.clone();
    let mut all_paths = paths.clone();
    for copy in 2..=copies {
        let suffix = format!("Copy{copy}");
        for (name, schema) in &schemas {
            let mut schema = schema.clone();
            rename_refs(&mut schema, &suffix);
            all_schemas.insert(format!("{name}{suffix}"), schema);
        }
        for (path, item) in &paths {
            let mut item = item.clone();
            rename_refs(&mut item, &suffix);
            if let Some(methods) = item.as_object_mut() {
                for operation in methods.values_mut() {
                    if let Some(Value::String(id)) = operation.get_mut("operationId") {
                        id.push_str(&suffix);
                    }
                }
            }
            all_paths.insert(format!("/copy{copy}{path}"), item);
        }
    }
    let operations = all_paths
        .values()
        .filter_map(Value::as_object)
        .map(|item| {
            item.values()
                .filter(|v| v.get("operationId").is_some())
                .count()
        })
        .sum();
    let schema_count = all_schemas.len();
    spec["components"]["schemas"] = Value::Object(all_schemas);
    spec["paths"] = Value::Object(all_paths);
    (spec.to_string(), schema_count, operations)
}

/// Appends `suffix` to every reference to a schema (`$ref`s and discriminator mappings).
fn rename_refs(value: &mut Value, suffix: &str) {
    match value {
        Value::String(text) if text.starts_with("#/components/schemas/") => text.push_str(suffix),
        Value::Array(items) => items.iter_mut().for_each(|v| rename_refs(v, suffix)),
        Value::Object(map) => map.values_mut().for_each(|v| rename_refs(v, suffix)),
        _ => {}
    }
}

/// A document of `levels` schemas in the shape of `tests/fixtures/deep_refs.yaml`: each
/// schema's `next` is an object whose two properties refer to the next schema's `next`.
pub fn deep_refs(levels: usize) -> String {
    let mut schemas = serde_json::Map::new();
    for level in 0..levels {
        let next = format!("#/components/schemas/Level{}/properties/next", level + 1);
        schemas.insert(
            format!("Level{level}"),
            serde_json::json!({"type": "object", "properties": {"next": {"type": "object", "properties": {
                "left": {"$ref": next}, "right": {"$ref": next}
            }}}}),
        );
    }
    schemas.insert(
        format!("Level{levels}"),
        serde_json::json!({"type": "object", "properties": {"next": {"type": "string"}}}),
    );
    serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Deep references", "version": "1"},
        "servers": [{"url": "https://deep.example.com"}],
        "paths": {"/levels": {"get": {"operationId": "getLevel", "responses": {"200": {
            "description": "The first level.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Level0"}}}
        }}}}},
        "components": {"schemas": schemas}
    })
    .to_string()
}

/// The Flex spec's YAML as JSON.
pub fn flex_as_json(yaml: &str) -> Value {
    let value: Value = serde_yaml::from_str(yaml).expect("spec/flex.yaml is YAML");
    assert!(
        value["components"]["schemas"].is_object(),
        "spec/flex.yaml has components/schemas"
    );
    value
}
