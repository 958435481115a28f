//! The generator against specs that try to break it: spec text that tries to become code, deep
//! and cyclic references, huge specs, random specs and random mutations of real ones. Each gives
//! working output or typed errors; none panics, overflows the stack or runs away.

use flex_codegen::{ErrorKind, Settings, generate};
use proc_macro2::{TokenStream, TokenTree};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn settings() -> Settings {
    Settings::new("robust-client", "spec.yaml")
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn idents(tokens: TokenStream, out: &mut Vec<String>) {
    for tree in tokens {
        match tree {
            TokenTree::Ident(ident) => out.push(ident.to_string()),
            TokenTree::Group(group) => idents(group.stream(), out),
            _ => {}
        }
    }
}

fn parse_all(files: &BTreeMap<PathBuf, String>) -> Vec<syn::File> {
    files
        .iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "rs"))
        .map(|(path, text)| {
            syn::parse_file(text)
                .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()))
        })
        .collect()
}

#[test]
fn spec_text_only_ever_becomes_literals_or_sanitized_identifiers() {
    let text = std::fs::read_to_string(fixtures_dir().join("hostile.yaml")).expect("fixture");
    let files = generate(&text, &settings())
        .expect("a hostile but valid spec generates")
        .files;
    for (path, file) in files.iter().zip(parse_all(&files)) {
        let mut names = Vec::new();
        idents(quote::quote!(#file), &mut names);
        assert!(
            !names.iter().any(|n| n == "evil"),
            "{}: spec text became the identifier `evil`",
            path.0.display()
        );
        // Attributes in the output are the generator's own, never the spec's `#[cfg(any())]`.
        for attr in file.attrs.iter() {
            assert!(
                !quote::quote!(#attr).to_string().contains("any ()"),
                "{}",
                path.0.display()
            );
        }
    }
    // Every enum value survives as the literal it was.
    let thing = &files[Path::new("src/types/thing_cfg_any.rs")];
    for value in [
        r#""\"""#,
        r#""\\""#,
        r#""}""#,
        r#""*/""#,
        r#""fn evil() {}""#,
        r#""a\nb""#,
    ] {
        assert!(thing.contains(value), "missing {value} in\n{thing}");
    }
}

#[test]
fn a_chain_of_a_thousand_references_is_refused_without_overflowing_the_stack() {
    let mut schemas = serde_json::Map::new();
    for i in 0..1000 {
        schemas.insert(
            format!("S{i}"),
            json!({"$ref": format!("#/components/schemas/S{}", i + 1)}),
        );
    }
    schemas.insert(
        "S1000".to_owned(),
        json!({"type": "object", "properties": {"a": {"type": "string"}}}),
    );
    schemas.insert(
        "Holder".to_owned(),
        json!({"type": "object", "properties": {"s": {"$ref": "#/components/schemas/S0"}}}),
    );
    let spec = json!({"openapi": "3.0.3", "info": {"title": "deep", "version": "1"}, "paths": {}, "components": {"schemas": schemas}});
    // A thread with a small stack, so that recursion a level per reference would overflow it.
    let result = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(move || generate(&spec.to_string(), &settings()))
        .expect("thread")
        .join()
        .expect("no panic, no overflow");
    let errors = result.expect_err("too deep");
    assert!(
        errors.iter().all(|e| e.kind == ErrorKind::Unsupported),
        "{errors}"
    );
}

#[test]
fn cyclic_references_are_typed_errors() {
    let spec = json!({"openapi": "3.0.3", "info": {"title": "cycles", "version": "1"}, "paths": {}, "components": {"schemas": {
        "A": {"allOf": [{"$ref": "#/components/schemas/B"}, {"type": "object", "properties": {"a": {"type": "string"}}}]},
        "B": {"allOf": [{"$ref": "#/components/schemas/A"}, {"type": "object", "properties": {"b": {"type": "string"}}}]},
        "Self": {"$ref": "#/components/schemas/Self"}
    }}});
    let errors = generate(&spec.to_string(), &settings()).expect_err("cycles");
    let text = errors.to_string();
    assert!(text.contains("inside itself"), "{text}");
    assert!(text.contains("#/components/schemas/Self"), "{text}");
}

#[test]
fn ten_thousand_schemas_generate() {
    let mut schemas = serde_json::Map::new();
    for i in 0..10_000 {
        let next = (i + 1) % 10_000;
        schemas.insert(
            format!("Schema{i}"),
            json!({"type": "object", "properties": {
                "id": {"type": "string"},
                "next": {"$ref": format!("#/components/schemas/Schema{next}")},
                "all": {"type": "array", "items": {"$ref": "#/components/schemas/Schema0"}}
            }}),
        );
    }
    let spec = json!({"openapi": "3.0.3", "info": {"title": "big", "version": "1"}, "paths": {}, "components": {"schemas": schemas}});
    let files = generate(&spec.to_string(), &settings())
        .expect("generates")
        .files;
    // One ring of 10,000 types: every `next` is boxed, found in one linear pass.
    assert!(files[Path::new("src/types/schema42.rs")].contains("Box<Schema43>"));
    assert_eq!(
        files.keys().filter(|p| p.starts_with("src/types")).count(),
        10_001
    );
}

/// Names drawn to be awkward: keywords, digits, punctuation, non-ASCII, empty, near-duplicates.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "type", "self", "Self", "gen", "async", "2fa", "a-b", "a_b", "aB", "ü", "名前", "",
            "-", "Unknown", "crate", "r#x", "mod"
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z_][a-zA-Z0-9_ .-]{0,12}",
    ]
}

fn schema(depth: u32, names: Vec<String>) -> BoxedStrategy<Value> {
    let refs = names.clone();
    let reference = prop::sample::select(refs).prop_map(|n| json!({"$ref": format!("#/components/schemas/{}", n.replace('~', "~0").replace('/', "~1"))}));
    let leaf = prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "integer", "format": "int32"})),
        Just(json!({"type": "number"})),
        Just(json!({"type": "boolean", "nullable": true})),
        Just(json!({"type": "string", "format": "date-time"})),
        Just(json!({})),
        prop::collection::vec(name(), 1..5)
            .prop_map(|values| json!({"type": "string", "enum": values})),
        prop::collection::vec(-5i64..5, 1..4)
            .prop_map(|values| json!({"type": "integer", "enum": values})),
        reference,
    ];
    if depth == 0 {
        return leaf.boxed();
    }
    let inner = schema(depth - 1, names);
    prop_oneof![
        3 => leaf,
        1 => prop::collection::btree_map(name(), inner.clone(), 0..4)
            .prop_map(|props| json!({"type": "object", "properties": props, "required": props.keys().take(1).collect::<Vec<_>>()})),
        1 => inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
        1 => inner.clone().prop_map(|values| json!({"type": "object", "additionalProperties": values})),
        1 => prop::collection::vec(inner.clone(), 2..4).prop_map(|members| json!({"oneOf": members})),
        1 => prop::collection::vec(inner, 2..4).prop_map(|members| json!({"anyOf": members, "nullable": true})),
    ]
    .boxed()
}

fn random_spec() -> impl Strategy<Value = Value> {
    prop::collection::btree_set(name(), 1..6).prop_flat_map(|names| {
        let names: Vec<String> = names.into_iter().collect();
        let schemas = prop::collection::vec(schema(2, names.clone()), names.len());
        let params = prop::collection::vec((name(), prop::sample::select(vec!["query", "header"]), schema(1, names.clone())), 0..4);
        let response = schema(1, names.clone());
        (Just(names), schemas, params, response).prop_map(|(names, schemas, params, response)| {
            let schemas: serde_json::Map<String, Value> = names.into_iter().zip(schemas).collect();
            let parameters: Vec<Value> = params
                .into_iter()
                .map(|(name, location, schema)| json!({"name": name, "in": location, "schema": schema}))
                .chain([json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string"}})])
                .collect();
            json!({
                "openapi": "3.0.3",
                "info": {"title": "random", "version": "1"},
                "paths": {"/things/{id}": {"post": {
                    "parameters": parameters,
                    "requestBody": {"content": {"application/json": {"schema": response.clone()}}},
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": response}}}}
                }}},
                "components": {"schemas": schemas}
            })
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Random valid specs: either Rust that parses, the same bytes every time, or typed errors
    /// (a random spec can ask for what the generator refuses, such as query objects in headers).
    #[test]
    fn random_specs_generate_deterministically_or_fail_with_typed_errors(spec in random_spec()) {
        let text = spec.to_string();
        match generate(&text, &settings()) {
            Ok(generated) => {
                parse_all(&generated.files);
                prop_assert_eq!(generate(&text, &settings()).ok(), Some(generated));
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                prop_assert!(errors.iter().all(|e| e.kind != ErrorKind::Internal), "{}", errors);
            }
        }
    }

    /// Random mutations of real specs (drop, duplicate, retype a node; dangling and cyclic
    /// `$ref`s): `Ok` or typed errors, never a panic.
    #[test]
    fn mutated_real_specs_never_panic(seed_spec in real_spec(), mutations in prop::collection::vec((any::<prop::sample::Index>(), 0u8..6, any::<prop::sample::Index>()), 1..6)) {
        let mut spec = seed_spec;
        for (target, operation, other) in mutations {
            mutate(&mut spec, target, operation, other);
        }
        match generate(&spec.to_string(), &settings()) {
            Ok(generated) => { parse_all(&generated.files); }
            Err(errors) => prop_assert!(errors.iter().all(|e| e.kind != ErrorKind::Internal), "{}", errors),
        }
    }

    /// Raw bytes, and real specs cut short: never a panic.
    #[test]
    fn arbitrary_text_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512), cut in any::<prop::sample::Index>()) {
        let _ = generate(&String::from_utf8_lossy(&bytes), &settings());
        let flex = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/flex.yaml")).expect("spec");
        let mut end = cut.index(flex.len());
        while !flex.is_char_boundary(end) { end -= 1; }
        let _ = generate(&flex[..end], &settings());
    }
}

fn real_spec() -> impl Strategy<Value = Value> {
    let mut specs = vec![
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/flex.yaml"))
            .expect("spec"),
    ];
    for name in [
        "unions.yaml",
        "allof.yaml",
        "request_bodies.yaml",
        "query_params.yaml",
        "responses.yaml",
        "recursion.yaml",
    ] {
        specs.push(std::fs::read_to_string(fixtures_dir().join(name)).expect("fixture"));
    }
    let values: Vec<Value> = specs
        .iter()
        .map(|text| serde_yaml::from_str(text).expect("YAML"))
        .collect();
    prop::sample::select(values)
}

/// Every JSON pointer in a document, in a stable order.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                pointers(
                    child,
                    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
}

fn mutate(
    spec: &mut Value,
    target: prop::sample::Index,
    operation: u8,
    other: prop::sample::Index,
) {
    let mut all = Vec::new();
    pointers(spec, String::new(), &mut all);
    let at = all[target.index(all.len())].clone();
    let source = spec
        .pointer(&all[other.index(all.len())])
        .cloned()
        .unwrap_or(Value::Null);
    let schema_names: Vec<String> = spec["components"]["schemas"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let Some(node) = spec.pointer_mut(&at) else {
        return;
    };
    match operation {
        // Drop: a removed key reads as the node becoming null or empty.
        0 => *node = Value::Null,
        // Duplicate another subtree here.
        1 => *node = source,
        // Retype.
        2 => *node = json!(42),
        3 => *node = json!(["a", {"b": []}]),
        // A dangling reference.
        4 => *node = json!({"$ref": "#/components/schemas/DoesNotExist"}),
        // A reference that may make a cycle.
        _ => {
            if let Some(name) = schema_names.first() {
                *node = json!({"$ref": format!("#/components/schemas/{name}")});
            }
        }
    }
}

/// Copies of deep references placed inside copies (a schema under a path, nested 30 levels,
/// whose innermost node refers back to it by a `#/paths/...` pointer) once nested 32 copies deep,
/// nearly 2,000 levels: deeper than any later step's recursion can go. The inliner makes no copy
/// that would take the document past the parsers' own depth limit (128), so the reference left
/// over is a typed error, on a thread with the stack of a main thread. (This input, in `generator/fuzz/regressions`,
/// is the likeliest cause of the `generate` fuzzer's SIGSEGV; see the README.)
#[test]
fn copies_inside_copies_stay_shallow_enough_for_a_small_stack() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../generator/fuzz/regressions/generate/copies-inside-copies.json"
    ))
    .expect("the regression input");
    let result = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || generate(&text, &settings()))
        .expect("thread")
        .join()
        .expect("no panic, no overflow");
    let errors = result.expect_err("the reference left over is an error");
    assert!(
        errors.iter().all(|e| e.kind == ErrorKind::UnresolvedRef),
        "{errors}"
    );
}
