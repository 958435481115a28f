//! Flex's reference, every rendering of every page (`tests/data/flex-docs`, indexed by
//! `index.toml`): each example response decodes *strictly* through the operation that returns it
//! and re-encodes to the same JSON, each example request fits the operation's request type and is
//! sent as the page shows it, and every field of every example is one the spec names (a field
//! that would only land in a type's `extra` map is a field the spec is missing). What the JSON
//! cannot show, each decoded response shows in its Rust value: no field in an `extra` map (one
//! the spec names but the type does not), no enum value the type does not know
//! (`checks::untyped`).
//!
//! What the index lists as a page artefact (an object the renderer collapsed to `{}`, say) is
//! taken out of the example first, with the index's reason; nothing is skipped silently.

use super::guard::{Operation, operations};
use super::*;
use std::collections::BTreeSet;

/// `true` as a schema: any value.
static ANY: Value = Value::Bool(true);

/// Every example file on disk, as `resource/file.json`, sorted.
fn files_on_disk() -> Vec<String> {
    let mut files = Vec::new();
    for dir in std::fs::read_dir(docs_dir()).expect("tests/data/flex-docs") {
        let dir = dir.expect("directory entry").path();
        if !dir.is_dir() {
            continue;
        }
        let resource = dir.file_name().and_then(|n| n.to_str()).expect("utf-8");
        for file in std::fs::read_dir(&dir).expect("resource directory") {
            let file = file.expect("directory entry").path();
            let name = file.file_name().and_then(|n| n.to_str()).expect("utf-8");
            files.push(format!("{resource}/{name}"));
        }
    }
    files.sort();
    files
}

#[test]
fn the_index_lists_every_example_and_nothing_else() {
    let index = index();
    let mut listed: Vec<String> = index.example.iter().map(|e| e.file.clone()).collect();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for entry in &index.example {
        if !seen.insert(entry.file.as_str()) {
            problems.push(format!("{}: listed twice", entry.file));
        }
        if parse_name(&entry.file).is_none() {
            problems.push(format!(
                "{}: not named resource/operationId.gN[x][.request].json",
                entry.file
            ));
        }
        if !entry.page.starts_with("https://docs.withflex.com/")
            && !entry.page.starts_with("/work/shared/seeds/")
        {
            problems.push(format!(
                "{}: page `{}` is not one of Flex's",
                entry.file, entry.page
            ));
        }
        if entry.rendering.trim().is_empty() {
            problems.push(format!("{}: no rendering described", entry.file));
        }
        if entry.completeness != "complete" && !entry.completeness.starts_with("truncated after ") {
            problems.push(format!(
                "{}: completeness is `complete` or `truncated after <path>`",
                entry.file
            ));
        }
        for artefact in &entry.artefact {
            if artefact.reason.trim().is_empty() {
                problems.push(format!(
                    "{} {}: an artefact needs a reason",
                    entry.file, artefact.pointer
                ));
            }
        }
    }
    listed.sort();
    let on_disk = files_on_disk();
    for file in &on_disk {
        if file.ends_with(".json") && listed.binary_search(file).is_err() {
            problems.push(format!("{file}: on disk, not in index.toml"));
        }
    }
    for file in &listed {
        if on_disk.binary_search(file).is_err() {
            problems.push(format!("{file}: in index.toml, not on disk"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn spec_text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/flex.yaml"))
        .expect("spec/flex.yaml")
}

/// One example, read and made ready: artefacts taken out.
struct Loaded<'a> {
    entry: &'a Entry,
    operation: &'a Operation,
    body: Value,
}

/// Reads every example of `kind`; problems (unreadable files, unknown operations, artefacts that
/// point at nothing) go to `failures`.
fn load<'a>(
    index: &'a Index,
    ops: &'a [Operation],
    kind: Kind,
    failures: &mut Vec<String>,
) -> Vec<Loaded<'a>> {
    let mut loaded = Vec::new();
    for entry in &index.example {
        let Some((id, _, file_kind)) = parse_name(&entry.file) else {
            continue; // the index test names it
        };
        if file_kind != kind {
            continue;
        }
        let Some(operation) = ops.iter().find(|o| o.id == id) else {
            failures.push(format!("{}: no operation `{id}` in the client", entry.file));
            continue;
        };
        if !entry.file.starts_with(&format!("{}/", operation.resource)) {
            failures.push(format!(
                "{}: `{id}` belongs to {}",
                entry.file, operation.resource
            ));
        }
        let text = match std::fs::read_to_string(docs_dir().join(&entry.file)) {
            Ok(text) => text,
            Err(e) => {
                failures.push(format!("{}: {e}", entry.file));
                continue;
            }
        };
        let mut body: Value = match serde_json::from_str(&text) {
            Ok(body) => body,
            Err(e) => {
                failures.push(format!("{}: not JSON: {e}", entry.file));
                continue;
            }
        };
        for artefact in &entry.artefact {
            if !remove_at(&mut body, &artefact.pointer) {
                failures.push(format!(
                    "{}: artefact {} points at nothing",
                    entry.file, artefact.pointer
                ));
            }
        }
        loaded.push(Loaded {
            entry,
            operation,
            body,
        });
    }
    loaded
}

/// `body` inside a one-property envelope `key`, when it is one (`Some(inner)`).
fn unwrap<'v>(body: &'v Value, key: &str) -> Option<&'v Value> {
    match body {
        Value::Object(map) if map.len() == 1 => map.get(key),
        _ => None,
    }
}

#[tokio::test]
async fn every_response_example_decodes_strictly_and_losslessly() {
    let index = index();
    let ops = operations();
    let spec = Spec::load(&spec_text());
    let envelopes = envelopes();
    let lb = Loopback::start().await;
    let strict = common::flex_at(lb.server.uri())
        .strict_decoding(true)
        .build()
        .expect("client");

    let mut failures = Vec::new();
    let examples = load(&index, &ops, Kind::Response, &mut failures);
    // A call needs a request body that fits: the operation's first request example, if any.
    let mut requests: BTreeMap<&str, Value> = BTreeMap::new();
    for request in load(&index, &ops, Kind::Request, &mut Vec::new())
        .into_iter()
        .rev()
    {
        let id = request.operation.id;
        let inner = match (envelopes.request.get(id), request.entry.shows) {
            (Some(key), Shows::Body) => unwrap(&request.body, key).cloned(),
            _ => Some(request.body.clone()),
        };
        if let Some(inner) = inner {
            requests.insert(id, inner);
        }
    }
    for example in &examples {
        let label = &example.entry.file;
        let op = example.operation;
        let key = envelopes.response.get(op.id);
        // What the server sends: the body as the page shows it, or wrapped in the envelope when
        // the page shows only the object inside.
        let served = match (example.entry.shows, key) {
            (Shows::Inner, Some(key)) => json!({ key.as_str(): example.body }),
            (Shows::Inner, None) => {
                failures.push(format!(
                    "{label}: `shows = \"inner\"`, but {} has no envelope",
                    op.id
                ));
                continue;
            }
            (Shows::Body, _) => example.body.clone(),
        };
        for unknown in spec.unknown_fields(
            op.method,
            &envelopes.template[op.id],
            Kind::Response,
            &served,
        ) {
            failures.push(format!("{label}: {unknown}"));
        }
        // What the call returns, re-encoded, must be what the server sent, inside its envelope.
        let expected = key
            .and_then(|k| unwrap(&served, k))
            .unwrap_or(&served)
            .clone();

        lb.server.reset().await;
        Mock::given(method(op.method))
            .and(path(op.path))
            .respond_with(ResponseTemplate::new(200).set_body_json(&served))
            .mount(&lb.server)
            .await;
        match (op.call)(strict.clone(), requests.get(op.id).cloned()).await {
            Err(e) => failures.push(format!("{label}: strict decoding fails: {e}")),
            Ok(got) => {
                if let Some(difference) = difference("", &expected, &got.json) {
                    failures.push(format!("{label}: re-encoded, it differs: {difference}"));
                }
                for problem in got.untyped {
                    failures.push(format!("{label}: {problem}"));
                }
            }
        }
    }
    assert!(
        examples.len() >= 110,
        "only {} response examples",
        examples.len()
    );
    assert!(
        failures.is_empty(),
        "{} problems in {} response examples:\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn every_request_example_is_sent_as_shown() {
    let index = index();
    let ops = operations();
    let spec = Spec::load(&spec_text());
    let envelopes = envelopes();
    let lb = Loopback::start().await;

    let mut failures = Vec::new();
    let examples = load(&index, &ops, Kind::Request, &mut failures);
    for example in &examples {
        let label = &example.entry.file;
        let op = example.operation;
        let key = envelopes.request.get(op.id);
        // What the caller gives the method is the object inside the envelope the client adds.
        let (inner, wire) = match (key, example.entry.shows) {
            (Some(key), Shows::Body) => match unwrap(&example.body, key) {
                Some(inner) => (inner.clone(), example.body.clone()),
                None => {
                    failures.push(format!(
                        "{label}: not inside the `{key}` envelope the spec gives"
                    ));
                    continue;
                }
            },
            (Some(key), Shows::Inner) => {
                (example.body.clone(), json!({ key.as_str(): example.body }))
            }
            (None, _) => (example.body.clone(), example.body.clone()),
        };
        for unknown in
            spec.unknown_fields(op.method, &envelopes.template[op.id], Kind::Request, &wire)
        {
            failures.push(format!("{label}: {unknown}"));
        }

        lb.server.reset().await;
        Mock::given(method(op.method))
            .and(path(op.path))
            .respond_with(ResponseTemplate::new(500).set_body_string("not the point"))
            .mount(&lb.server)
            .await;
        let client = common::flex_at(lb.server.uri())
            .max_retries(0)
            .build()
            .expect("client");
        if let Err(e) = (op.call)(client, Some(inner)).await {
            if e.starts_with("the request body") {
                failures.push(format!("{label}: {e}"));
                continue;
            }
        }
        let requests = lb.server.received_requests().await.unwrap_or_default();
        let Some(sent) = requests.last() else {
            failures.push(format!("{label}: nothing was sent"));
            continue;
        };
        let sent: Value = match serde_json::from_slice(&sent.body) {
            Ok(sent) => sent,
            Err(e) => {
                failures.push(format!("{label}: the body sent is not JSON: {e}"));
                continue;
            }
        };
        if let Some(difference) = difference("", &wire, &sent) {
            failures.push(format!(
                "{label}: sent, it differs from the page: {difference}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems in {} request examples:\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

/// The first difference between what the page shows and what came back, as a JSON pointer and
/// the two values; `None` when they are the same JSON. A `null` member and an absent one are the
/// same (an optional field), and numbers compare by value (`0` and `0.0`).
pub fn difference(at: &str, want: &Value, got: &Value) -> Option<String> {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            let keys: BTreeSet<&String> = w.keys().chain(g.keys()).collect();
            keys.into_iter().find_map(|k| {
                let here = format!("{at}/{k}");
                match (w.get(k), g.get(k)) {
                    (Some(Value::Null) | None, Some(Value::Null) | None) => None,
                    (Some(w), Some(g)) => difference(&here, w, g),
                    (Some(w), None) => Some(format!("{here}: the page has {w}, lost")),
                    (None, Some(g)) => Some(format!("{here}: not on the page, came back as {g}")),
                }
            })
        }
        (Value::Array(w), Value::Array(g)) if w.len() == g.len() => w
            .iter()
            .zip(g)
            .enumerate()
            .find_map(|(i, (w, g))| difference(&format!("{at}/{i}"), w, g)),
        (Value::Number(w), Value::Number(g)) if w.as_f64() == g.as_f64() => None,
        (w, g) if w == g => None,
        (w, g) => Some(format!("{at}: the page has {w}, came back as {g}")),
    }
}

/// The spec as JSON, to tell which fields of an example it names.
struct Spec(Value);

impl Spec {
    fn load(text: &str) -> Self {
        Spec(serde_yaml::from_str(text).expect("spec/flex.yaml is YAML"))
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        let mut schema = schema;
        for _ in 0..32 {
            match schema.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let pointer = reference.strip_prefix('#').expect("local $ref");
                    schema = self
                        .0
                        .pointer(pointer)
                        .unwrap_or_else(|| panic!("{reference}"));
                }
                None => break,
            }
        }
        schema
    }

    /// The fields of `body` that the operation's schema (its JSON success response or its
    /// request body) does not name, each as a sentence with its JSON pointer.
    fn unknown_fields(
        &self,
        method: &str,
        template: &str,
        kind: Kind,
        body: &Value,
    ) -> Vec<String> {
        let op = &self.0["paths"][template][method.to_ascii_lowercase()];
        let schema = match kind {
            Kind::Request => op.pointer("/requestBody/content/application~1json/schema"),
            Kind::Response => op["responses"].as_object().and_then(|responses| {
                responses
                    .iter()
                    .find(|(status, _)| status.starts_with('2'))
                    .and_then(|(_, r)| self.resolve(r).pointer("/content/application~1json/schema"))
            }),
        };
        let Some(schema) = schema else {
            return vec![format!(
                "{method} {template} has no JSON {kind:?} schema in the spec"
            )];
        };
        match self.walk("", body, schema) {
            Some(unknown) => unknown
                .into_iter()
                .map(|pointer| format!("{pointer}: a field the spec does not name"))
                .collect(),
            None => vec!["the body's shape is not the schema's".to_owned()],
        }
    }

    /// The pointers under `at` of the fields `value` has that `schema` does not name; `None` when
    /// the value is not of the schema's kind at all (an object where a string is expected: strict
    /// decoding reports what exactly).
    fn walk(&self, at: &str, value: &Value, schema: &Value) -> Option<Vec<String>> {
        let schema = self.resolve(schema);
        if value.is_null() {
            return Some(Vec::new());
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(members) = schema.get(key).and_then(Value::as_array) {
                return members
                    .iter()
                    .filter_map(|m| self.walk(at, value, m))
                    .min_by_key(Vec::len);
            }
        }
        match value {
            Value::Object(map) => {
                let mut properties = serde_json::Map::new();
                let mut additional = None;
                self.gather(schema, &mut properties, &mut additional)?;
                let mut unknown = Vec::new();
                for (key, item) in map {
                    let here = format!("{at}/{key}");
                    match (properties.get(key), additional) {
                        (Some(property), _) => unknown.extend(self.walk(&here, item, property)?),
                        (None, Some(Value::Bool(true))) => {}
                        (None, Some(extra)) if extra.is_object() => {
                            unknown.extend(self.walk(&here, item, extra)?)
                        }
                        _ => unknown.push(here),
                    }
                }
                Some(unknown)
            }
            Value::Array(items) => {
                let item_schema = match schema.get("type").and_then(Value::as_str) {
                    Some("array") | None => schema.get("items"),
                    _ => return None,
                };
                let Some(item_schema) = item_schema else {
                    return Some(Vec::new());
                };
                let mut unknown = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    unknown.extend(self.walk(&format!("{at}/{i}"), item, item_schema)?);
                }
                Some(unknown)
            }
            _ => match schema.get("type").and_then(Value::as_str) {
                Some("object" | "array") => None,
                _ => Some(Vec::new()),
            },
        }
    }

    /// The properties and `additionalProperties` of an object schema, `allOf` members merged;
    /// `None` when the schema is not an object's.
    fn gather<'a>(
        &'a self,
        schema: &'a Value,
        properties: &mut serde_json::Map<String, Value>,
        additional: &mut Option<&'a Value>,
    ) -> Option<()> {
        let schema = self.resolve(schema);
        match schema.get("type").and_then(Value::as_str) {
            Some("object") | None => {}
            Some(_) => return None,
        }
        if let Some(own) = schema.get("properties").and_then(Value::as_object) {
            for (k, v) in own {
                properties.insert(k.clone(), v.clone());
            }
        }
        if let Some(extra) = schema.get("additionalProperties") {
            *additional = Some(extra);
        }
        if schema.get("type").is_none() && schema.get("properties").is_none() {
            // `{}` or an annotation-only schema: anything goes.
            if schema.get("allOf").is_none() {
                *additional = Some(&ANY);
            }
        }
        for member in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.gather(member, properties, additional)?;
        }
        Some(())
    }
}
