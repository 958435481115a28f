//! Repair (step 3 of the pipeline, on the JSON before the downgrade): the slips of hand-written
//! documents that leave every request unambiguous are mended, each with a warning, and what a
//! client never uses is set aside, so that `openapiv3` reads the rest. Nothing here changes a
//! request the client sends.
//!
//! | slip | mended as |
//! |---|---|
//! | no `info`, or `info` without `title` / `version`, or a `version` that is a number (`1.0`) | `title: "API"`, `version` as text (`"1.0"`) |
//! | a 3.0 document without `paths` | no operations |
//! | an operation without `responses` (3.0; 3.1 allows it) | an operation that returns nothing |
//! | a response without `description` | an empty description |
//! | a security scheme of a type `openapiv3` does not know (3.1's `mutualTLS`) | left out: the client sets no credential for it |
//! | a path key with a query string (`/search?q={q}`) | the path alone; each `name={placeholder}` becomes a query parameter |
//!
//! Set aside without a warning, since no client uses them: `callbacks` (on operations and in
//! `components`, by value or by `$ref`).

use super::{Document, Version};
use crate::diagnostics::Ctxt;
use crate::diagnostics::pointer::Pointer;
use crate::diagnostics::warning::Warning;
use serde_json::{Map, Value, json};

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The security scheme types `openapiv3` reads.
const KNOWN_SCHEMES: &[&str] = &["apiKey", "http", "oauth2", "openIdConnect"];

/// Mends `document` in place, a warning for each slip.
pub(crate) fn repair(document: &mut Document, cx: &mut Ctxt) {
    let v3_1 = document.version == Version::V3_1;
    let Value::Object(root) = &mut document.value else {
        return;
    };
    let mut out = Vec::new();
    info(root, &mut out);
    if !root.contains_key("paths") && !v3_1 {
        out.push(Warning::new(
            Pointer::root().as_str(),
            "the document has no `paths`, which OpenAPI 3.0 requires",
            "a client without operations",
        ));
    }
    if !root.get("paths").is_some_and(Value::is_object) {
        root.insert("paths".to_owned(), json!({}));
    }
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        query_strings(paths, &mut out);
        for (path, item) in paths.iter_mut() {
            let at = Pointer::root().join("paths").join(path);
            let Value::Object(item) = item else { continue };
            for method in METHODS {
                if let Some(Value::Object(operation)) = item.get_mut(*method) {
                    operation_slips(operation, &at.join(method), v3_1, &mut out);
                }
            }
        }
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        components.remove("callbacks");
        let at = Pointer::root().join("components");
        if let Some(Value::Object(responses)) = components.get_mut("responses") {
            for (name, response) in responses.iter_mut() {
                describe_response(response, &at.join("responses").join(name), &mut out);
            }
        }
        if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
            schemes.retain(|name, scheme| {
                let ty = scheme.get("type").and_then(Value::as_str).unwrap_or("");
                let known = KNOWN_SCHEMES.contains(&ty) || scheme.get("$ref").is_some();
                if !known {
                    out.push(Warning::new(
                        at.join("securitySchemes").join(name).as_str(),
                        format!("the security scheme type `{ty}` is not one the client can apply"),
                        "no credential for it: the client's API key covers the schemes it knows",
                    ));
                }
                known
            });
        }
    }
    for warning in out {
        cx.push_warning(warning);
    }
}

/// `info`, `info.title` and `info.version`, as OpenAPI requires them.
fn info(root: &mut Map<String, Value>, out: &mut Vec<Warning>) {
    let at = Pointer::root().join("info");
    if !root.get("info").is_some_and(Value::is_object) {
        out.push(Warning::new(
            at.as_str(),
            "the document has no `info` object",
            "the title `API` and no version",
        ));
        root.insert("info".to_owned(), json!({}));
    }
    let Some(Value::Object(info)) = root.get_mut("info") else {
        return;
    };
    if !info.get("title").is_some_and(Value::is_string) {
        if info.contains_key("title") {
            out.push(Warning::new(
                at.join("title").as_str(),
                "`title` is not text",
                "the title `API`",
            ));
        } else {
            out.push(Warning::new(
                at.as_str(),
                "`info` has no `title`",
                "the title `API`",
            ));
        }
        info.insert("title".to_owned(), json!("API"));
    }
    match info.get("version") {
        Some(Value::String(_)) => {}
        Some(Value::Number(number)) => {
            let text = number.to_string();
            out.push(Warning::new(
                at.join("version").as_str(),
                format!("`version` is the number {text}, not text (YAML reads `1.0` as a number)"),
                format!("the version `{text}`"),
            ));
            info.insert("version".to_owned(), Value::String(text));
        }
        other => {
            let had = other.is_some();
            out.push(Warning::new(
                if had { at.join("version") } else { at.clone() }.as_str(),
                if had {
                    "`version` is not text"
                } else {
                    "`info` has no `version`"
                },
                "an empty version",
            ));
            info.insert("version".to_owned(), json!(""));
        }
    }
}

fn operation_slips(
    operation: &mut Map<String, Value>,
    at: &Pointer,
    v3_1: bool,
    out: &mut Vec<Warning>,
) {
    operation.remove("callbacks");
    match operation.get_mut("responses") {
        Some(Value::Object(responses)) => {
            for (status, response) in responses.iter_mut() {
                if !status.starts_with("x-") {
                    describe_response(response, &at.join("responses").join(status), out);
                }
            }
        }
        Some(_) => {}
        None => {
            if !v3_1 {
                out.push(Warning::new(
                    at.as_str(),
                    "the operation has no `responses`, which OpenAPI 3.0 requires",
                    "a method that returns nothing",
                ));
            }
            operation.insert("responses".to_owned(), json!({}));
        }
    }
}

/// A response object without its required `description` gets an empty one.
fn describe_response(response: &mut Value, at: &Pointer, out: &mut Vec<Warning>) {
    if let Value::Object(map) = response {
        if !map.contains_key("$ref") && !map.get("description").is_some_and(Value::is_string) {
            out.push(Warning::new(
                at.as_str(),
                "the response has no `description`, which OpenAPI requires",
                "an empty description",
            ));
            map.insert("description".to_owned(), json!(""));
        }
    }
}

/// Path keys that carry a query string (`/search/articles?query={query}`): the key becomes the
/// path alone, and each `name={placeholder}` of the query a query parameter of every operation
/// of the path (the declared parameter, moved `in: query`, or an implied required string).
/// Literal pairs (`?type=user`) become a required query parameter whose only value is that
/// text. A key whose path is already another key's is left as it is.
fn query_strings(paths: &mut Map<String, Value>, out: &mut Vec<Warning>) {
    let keys: Vec<String> = paths.keys().filter(|k| k.contains('?')).cloned().collect();
    for key in keys {
        let (path, query) = key.split_once('?').unwrap_or((&key, ""));
        if paths.contains_key(path) {
            continue;
        }
        let Some(mut item) = paths.remove(&key) else {
            continue;
        };
        let mut names = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            match value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) {
                Some(placeholder) => names.push((name.to_owned(), placeholder.to_owned(), None)),
                None => names.push((name.to_owned(), name.to_owned(), Some(value.to_owned()))),
            }
        }
        if let Value::Object(item) = &mut item {
            for method in METHODS {
                if let Some(Value::Object(operation)) = item.get_mut(*method) {
                    for (name, placeholder, fixed) in &names {
                        query_param(operation, name, placeholder, fixed.as_deref());
                    }
                }
            }
        }
        out.push(Warning::new(
            Pointer::root().join("paths").join(&key).as_str(),
            "the path key carries a query string",
            format!(
                "the path `{path}` with the query parameter(s) {}",
                names
                    .iter()
                    .map(|(n, _, _)| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
        paths.insert(path.to_owned(), item);
    }
}

/// Makes `name` a query parameter of `operation`: the parameter that filled `{placeholder}`,
/// moved to the query, or a new required string (with its one value, for a literal pair).
fn query_param(
    operation: &mut Map<String, Value>,
    name: &str,
    placeholder: &str,
    fixed: Option<&str>,
) {
    let parameters = operation
        .entry("parameters")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(parameters) = parameters else {
        return;
    };
    for parameter in parameters.iter_mut() {
        if parameter.get("name").and_then(Value::as_str) == Some(placeholder)
            && parameter.get("in").and_then(Value::as_str) != Some("header")
        {
            parameter["in"] = json!("query");
            parameter["name"] = json!(name);
            return;
        }
    }
    let schema = match fixed {
        Some(value) => json!({"type": "string", "enum": [value]}),
        None => json!({"type": "string"}),
    };
    parameters.push(json!({"name": name, "in": "query", "required": true, "schema": schema}));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(text: &str) -> (Value, Vec<String>) {
        let mut cx = Ctxt::new();
        let mut document = crate::document::parse::parse(text, &mut cx).expect("parses");
        repair(&mut document, &mut cx);
        let (_, warnings) = cx.finish(Some(())).expect("no problem");
        let warnings = warnings.iter().map(|w| w.pointer.clone()).collect();
        (document.value, warnings)
    }

    #[test]
    fn metadata_slips_are_mended_with_a_warning_each() {
        let (doc, warnings) = repaired(
            "openapi: 3.0.0\ninfo: {version: 1.0}\npaths:\n  /a:\n    get: {}\n  /b:\n    get:\n      responses: {'200': {content: {}}}\n",
        );
        assert_eq!(doc["info"], json!({"title": "API", "version": "1.0"}));
        assert_eq!(doc["paths"]["/a"]["get"]["responses"], json!({}));
        assert_eq!(
            doc["paths"]["/b"]["get"]["responses"]["200"]["description"],
            ""
        );
        assert_eq!(
            warnings,
            [
                "#/info",
                "#/info/version",
                "#/paths/~1a/get",
                "#/paths/~1b/get/responses/200"
            ]
        );
    }

    #[test]
    fn a_3_1_document_may_leave_out_paths_and_responses() {
        let (doc, warnings) =
            repaired("openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks: {}\n");
        assert_eq!(doc["paths"], json!({}));
        assert!(warnings.is_empty(), "{warnings:?}");
        let (_, warnings) = repaired("openapi: 3.0.3\ninfo: {title: t, version: '1'}\n");
        assert_eq!(warnings, ["#"]);
    }

    #[test]
    fn callbacks_and_unknown_security_schemes_are_set_aside() {
        let (doc, warnings) = repaired(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      callbacks: {$ref: '#/components/callbacks/c'}\n      responses: {'204': {description: ok}}\ncomponents:\n  callbacks: {c: {}}\n  securitySchemes:\n    tls: {type: mutualTLS}\n    key: {type: apiKey, in: header, name: k}\n",
        );
        assert!(doc["paths"]["/a"]["post"].get("callbacks").is_none());
        assert!(doc["components"].get("callbacks").is_none());
        assert!(doc["components"]["securitySchemes"].get("tls").is_none());
        assert!(doc["components"]["securitySchemes"].get("key").is_some());
        assert_eq!(warnings, ["#/components/securitySchemes/tls"]);
    }

    #[test]
    fn a_query_string_in_a_path_key_becomes_query_parameters() {
        let (doc, warnings) = repaired(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /search?query={q}&kind=user:\n    get:\n      parameters: [{name: q, in: path, required: true, schema: {type: string}}]\n      responses: {'200': {description: ok}}\n",
        );
        let parameters = &doc["paths"]["/search"]["get"]["parameters"];
        assert_eq!(
            parameters,
            &json!([
                {"name": "query", "in": "query", "required": true, "schema": {"type": "string"}},
                {"name": "kind", "in": "query", "required": true, "schema": {"type": "string", "enum": ["user"]}}
            ])
        );
        assert_eq!(warnings, ["#/paths/~1search?query={q}&kind=user"]);
    }
}
