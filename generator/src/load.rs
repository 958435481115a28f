//! Loading (steps 1 and 3 of the pipeline): [`parse`] reads the text (YAML or JSON) into a JSON
//! [`Document`], with line and column for syntax errors, and checks the OpenAPI version it
//! declares; after the 3.1 downgrade (`crate::downgrade`), [`read`] reads that JSON as
//! `openapiv3::OpenAPI`, with a JSON pointer to every node that does not have the shape of
//! OpenAPI 3.0.

use crate::error::{ErrorKind, Errors, Pointer, SpecError};
use openapiv3::OpenAPI;

/// A spec as JSON, before it is read as `openapiv3`: the form the 3.1 downgrade rewrites.
#[derive(Debug)]
pub(crate) struct Document {
    /// The whole document.
    pub(crate) value: serde_json::Value,
    /// The OpenAPI version it declares (or, after the downgrade, the one it now has).
    pub(crate) version: Version,
    /// Where the document has its webhooks, for the pointers of errors: `x-webhooks` (3.0), or
    /// `webhooks` once the downgrade has moved 3.1's there.
    pub(crate) webhooks_key: &'static str,
}

/// The OpenAPI versions this generator reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Version {
    /// 3.0.x, which `openapiv3` reads.
    V3_0,
    /// 3.1.x, which [`crate::downgrade`] rewrites into 3.0.
    V3_1,
}

/// Parses a YAML or JSON document and checks that it is OpenAPI 3.0.x or 3.1.x.
pub(crate) fn parse(text: &str) -> Result<Document, Errors> {
    let value = parse_value(text)?;
    let version = check_version(&value)?;
    Ok(Document {
        value,
        version,
        webhooks_key: "x-webhooks",
    })
}

/// Reads a 3.0 document as `openapiv3::OpenAPI`, consuming it (reading an owned document is
/// about twice as fast as reading a borrowed one: no text is copied). `None` when it does not
/// have the shape of OpenAPI 3.0: [`locate`] on the same document then names every place.
pub(crate) fn read(document: Document) -> Option<OpenAPI> {
    if document.version != Version::V3_0 {
        return None;
    }
    serde_json::from_value(document.value).ok()
}

/// Every node of a document that [`read`] could not read, named by its JSON pointer.
pub(crate) fn locate(document: &Document) -> Errors {
    if document.version != Version::V3_0 {
        return SpecError::new(
            ErrorKind::Internal,
            "#/openapi",
            "a 3.1 document was read without being downgraded to 3.0 first",
        )
        .into();
    }
    let value = &document.value;
    match serde_path_to_error::deserialize::<_, OpenAPI>(value) {
        // Cannot happen (`read` failed on the same document); said rather than assumed.
        Ok(_) => SpecError::new(
            ErrorKind::Internal,
            "#",
            "the document could not be read, but no part of it is wrong",
        )
        .into(),
        Err(err) => {
            // openapiv3 deserializes some maps by hand, which hides where inside them a problem
            // is; look into each part to find every broken node, and fall back to what serde said.
            let mut errors = Errors::default();
            structure::locate(value, &mut errors);
            if errors.is_empty() {
                let pointer = path_to_pointer(Pointer::root(), err.path());
                errors.push(SpecError::new(
                    ErrorKind::Structure,
                    pointer,
                    err.inner().to_string(),
                ));
            }
            errors
        }
    }
}

/// Reads YAML or JSON into a `serde_json::Value`. JSON (a document that starts with `{`) goes
/// through serde_json, which is faster on large specs; everything else through serde_yaml.
fn parse_value(text: &str) -> Result<serde_json::Value, Errors> {
    let syntax = |line: usize, column: usize, message: String| {
        let mut error = SpecError::new(ErrorKind::Syntax, "#", message);
        error.line_column = Some((line, column));
        Errors::from(error)
    };
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|err| {
            let message = strip_location(&err.to_string());
            syntax(err.line(), err.column(), message)
        })
    } else {
        serde_yaml::from_str::<yaml::Json>(text)
            .map(|json| json.0)
            .map_err(|err| {
                let (line, column) = err
                    .location()
                    .map(|l| (l.line(), l.column()))
                    .unwrap_or((0, 0));
                let message = strip_location(&err.to_string());
                syntax(line, column, message)
            })
    }
}

/// Parsers append " at line L column C" to their messages; we report the location separately.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

fn check_version(value: &serde_json::Value) -> Result<Version, Errors> {
    let pointer = Pointer::root().join("openapi");
    match value.get("openapi") {
        Some(serde_json::Value::String(version)) if version.starts_with("3.0.") => {
            Ok(Version::V3_0)
        }
        Some(serde_json::Value::String(version)) if version.starts_with("3.1.") => {
            Ok(Version::V3_1)
        }
        Some(serde_json::Value::String(version)) => Err(SpecError::new(
            ErrorKind::UnsupportedVersion,
            pointer,
            format!(
                "OpenAPI {version} is not supported; this generator reads OpenAPI 3.0.x and 3.1.x"
            ),
        )
        .into()),
        Some(other) => Err(SpecError::new(
            ErrorKind::UnsupportedVersion,
            pointer,
            format!("`openapi` must be a version string such as \"3.0.3\", found {other}"),
        )
        .into()),
        None if value.get("swagger").is_some() => Err(SpecError::new(
            ErrorKind::UnsupportedVersion,
            Pointer::root().join("swagger"),
            "Swagger 2.0 is not supported; convert the document to OpenAPI 3.0 first",
        )
        .into()),
        None => Err(SpecError::new(
            ErrorKind::Structure,
            Pointer::root(),
            "the document has no `openapi` field; it is not an OpenAPI document",
        )
        .into()),
    }
}

/// Turns serde_path_to_error's path (`paths./v1/x.get.responses`) into a JSON pointer below `base`.
fn path_to_pointer(base: Pointer, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = base;
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => pointer.join(index),
            Segment::Map { key } => pointer.join(key),
            Segment::Enum { variant } => pointer.join(variant),
            Segment::Unknown => break,
        };
    }
    pointer.as_str().to_owned()
}

/// Finds the smallest parts of a document that do not have the shape OpenAPI 3.0 gives them.
mod structure {
    use super::path_to_pointer;
    use crate::error::{ErrorKind, Errors, Pointer, SpecError};
    use openapiv3::{
        Components, Info, Operation, Parameter, ReferenceOr, RequestBody, Response, Schema,
        SecurityScheme, Server,
    };
    use serde::de::DeserializeOwned;
    use serde_json::Value;

    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];

    /// Whether `value` reads as a `T`; if not, records the problem at `at` (refined by serde's path).
    fn reads_as<T: DeserializeOwned>(value: &Value, at: &Pointer, errors: &mut Errors) -> bool {
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(_) => true,
            Err(err) => {
                let pointer = path_to_pointer(at.clone(), err.path());
                errors.push(SpecError::new(
                    ErrorKind::Structure,
                    pointer,
                    err.inner().to_string(),
                ));
                false
            }
        }
    }

    /// Like `reads_as`, but when a part fails, looks into its parts first and reports only the
    /// deepest failures it can name.
    fn refine(
        errors: &mut Errors,
        look_inside: impl FnOnce(&mut Errors),
        fallback: impl FnOnce(&mut Errors) -> bool,
    ) {
        let mut inner = Errors::default();
        look_inside(&mut inner);
        if inner.is_empty() {
            fallback(errors);
        } else {
            for error in inner.0 {
                errors.push(error);
            }
        }
    }

    pub(super) fn locate(document: &Value, errors: &mut Errors) {
        let root = Pointer::root();
        if let Some(info) = document.get("info") {
            reads_as::<Info>(info, &root.join("info"), errors);
        } else {
            errors.push(SpecError::new(
                ErrorKind::Structure,
                root.clone(),
                "missing field `info`",
            ));
        }
        if let Some(servers) = document.get("servers") {
            reads_as::<Vec<Server>>(servers, &root.join("servers"), errors);
        }
        match document.get("paths").and_then(Value::as_object) {
            Some(paths) => {
                for (path, item) in paths {
                    if !path.starts_with('/') {
                        continue;
                    }
                    let at = root.join("paths").join(path);
                    path_item(item, &at, errors);
                }
            }
            None => errors.push(SpecError::new(
                ErrorKind::Structure,
                root.clone(),
                "missing object `paths`",
            )),
        }
        if let Some(components) = document.get("components") {
            let at = root.join("components");
            refine(
                errors,
                |errors| components_parts(components, &at, errors),
                |errors| reads_as::<Components>(components, &at, errors),
            );
        }
    }

    fn path_item(item: &Value, at: &Pointer, errors: &mut Errors) {
        let Some(map) = item.as_object() else {
            errors.push(SpecError::new(
                ErrorKind::Structure,
                at.clone(),
                "a path item must be an object",
            ));
            return;
        };
        for (key, value) in map {
            if METHODS.contains(&key.as_str()) {
                let at = at.join(key);
                refine(
                    errors,
                    |errors| operation_parts(value, &at, errors),
                    |errors| reads_as::<Operation>(value, &at, errors),
                );
            } else if key == "parameters" {
                each::<ReferenceOr<Parameter>>(value, &at.join("parameters"), errors);
            }
        }
    }

    fn operation_parts(operation: &Value, at: &Pointer, errors: &mut Errors) {
        if let Some(parameters) = operation.get("parameters") {
            each::<ReferenceOr<Parameter>>(parameters, &at.join("parameters"), errors);
        }
        if let Some(body) = operation.get("requestBody") {
            reads_as::<ReferenceOr<RequestBody>>(body, &at.join("requestBody"), errors);
        }
        match operation.get("responses").map(|r| (r, r.as_object())) {
            Some((_, Some(responses))) => {
                for (status, response) in responses {
                    if !status.starts_with("x-") {
                        reads_as::<ReferenceOr<Response>>(
                            response,
                            &at.join("responses").join(status),
                            errors,
                        );
                    }
                }
            }
            Some((_, None)) => errors.push(SpecError::new(
                ErrorKind::Structure,
                at.join("responses"),
                "must be an object",
            )),
            None => errors.push(SpecError::new(
                ErrorKind::Structure,
                at.clone(),
                "missing field `responses`",
            )),
        }
    }

    fn components_parts(components: &Value, at: &Pointer, errors: &mut Errors) {
        let named = |key: &str| {
            components
                .get(key)
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
        };
        for (name, value) in named("schemas") {
            schema(value, &at.join("schemas").join(name), errors);
        }
        for (name, response) in named("responses") {
            reads_as::<ReferenceOr<Response>>(response, &at.join("responses").join(name), errors);
        }
        for (name, parameter) in named("parameters") {
            reads_as::<ReferenceOr<Parameter>>(
                parameter,
                &at.join("parameters").join(name),
                errors,
            );
        }
        for (name, body) in named("requestBodies") {
            reads_as::<ReferenceOr<RequestBody>>(
                body,
                &at.join("requestBodies").join(name),
                errors,
            );
        }
        for (name, scheme) in named("securitySchemes") {
            reads_as::<ReferenceOr<SecurityScheme>>(
                scheme,
                &at.join("securitySchemes").join(name),
                errors,
            );
        }
    }

    /// A schema, looking into its subschemas (openapiv3 reads schemas by hand, so serde's path
    /// stops at the schema itself).
    fn schema(value: &Value, at: &Pointer, errors: &mut Errors) {
        refine(
            errors,
            |errors| schema_parts(value, at, errors),
            |errors| reads_as::<ReferenceOr<Schema>>(value, at, errors),
        );
    }

    fn schema_parts(value: &Value, at: &Pointer, errors: &mut Errors) {
        let Some(map) = value.as_object() else { return };
        if let Some(properties) = map.get("properties") {
            match properties.as_object() {
                Some(properties) => {
                    for (name, property) in properties {
                        schema(property, &at.join("properties").join(name), errors);
                    }
                }
                None => errors.push(SpecError::new(
                    ErrorKind::Structure,
                    at.join("properties"),
                    "must be an object",
                )),
            }
        }
        for key in ["items", "not"] {
            if let Some(sub) = map.get(key) {
                schema(sub, &at.join(key), errors);
            }
        }
        if let Some(additional) = map.get("additionalProperties").filter(|v| !v.is_boolean()) {
            schema(additional, &at.join("additionalProperties"), errors);
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            match map.get(key).map(|v| (v, v.as_array())) {
                Some((_, Some(members))) => {
                    for (index, member) in members.iter().enumerate() {
                        schema(member, &at.join(key).join(index), errors);
                    }
                }
                Some((_, None)) => errors.push(SpecError::new(
                    ErrorKind::Structure,
                    at.join(key),
                    "must be an array",
                )),
                None => {}
            }
        }
    }

    fn each<T: DeserializeOwned>(list: &Value, at: &Pointer, errors: &mut Errors) {
        match list.as_array() {
            Some(items) => {
                for (index, item) in items.iter().enumerate() {
                    reads_as::<T>(item, &at.join(index), errors);
                }
            }
            None => errors.push(SpecError::new(
                ErrorKind::Structure,
                at.clone(),
                "must be an array",
            )),
        }
    }
}

/// YAML read into JSON as written: serde_yaml hands an integer beyond 64 bits to the visitor as
/// an `i128`/`u128`, which `serde_json::Value` refuses ("number out of range"); JSON tools write
/// such numbers (a rounded `-9223372036854776000` as a bound), so they become the nearest `f64`,
/// as serde_json does with the same number in a JSON document.
mod yaml {
    use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde_json::{Map, Number, Value};
    use std::fmt;

    pub(super) struct Json(pub(super) Value);

    impl<'de> Deserialize<'de> for Json {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(JsonVisitor).map(Json)
        }
    }

    struct JsonVisitor;

    fn float(value: f64) -> Value {
        Number::from_f64(value).map_or(Value::Null, Value::Number)
    }

    impl<'de> Visitor<'de> for JsonVisitor {
        type Value = Value;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any YAML value")
        }

        fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }

        fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
            Ok(Value::from(v))
        }

        fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
            Ok(Value::from(v))
        }

        fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
            Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
        }

        fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
            Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
        }

        fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
            Ok(float(v))
        }

        fn visit_str<E>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(v.to_owned()))
        }

        fn visit_string<E>(self, v: String) -> Result<Value, E> {
            Ok(Value::String(v))
        }

        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }

        fn visit_none<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }

        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
            Json::deserialize(deserializer).map(|json| json.0)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut items = Vec::new();
            while let Some(Json(item)) = seq.next_element()? {
                items.push(item);
            }
            Ok(Value::Array(items))
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            let mut out = Map::new();
            while let Some((key, Json(value))) = map.next_entry::<Key, Json>()? {
                out.insert(key.0, value);
            }
            Ok(Value::Object(out))
        }
    }

    /// A mapping key: YAML allows numbers and booleans there, which JSON writes as strings
    /// (`200:` for a status code).
    struct Key(String);

    impl<'de> Deserialize<'de> for Key {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let Json(value) = Json::deserialize(deserializer)?;
            Ok(Key(match value {
                Value::String(text) => text,
                other => other.to_string(),
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses and reads a 3.0 document (the tests' documents need no downgrade).
    fn parse(text: &str) -> Result<OpenAPI, Errors> {
        match read(super::parse(text)?) {
            Some(spec) => Ok(spec),
            None => Err(locate(&super::parse(text)?)),
        }
    }

    #[test]
    fn yaml_syntax_error_has_line_and_column() {
        let errors = parse("openapi: 3.0.3\ninfo: [unclosed\n").unwrap_err();
        let error = &errors.0[0];
        assert_eq!(error.kind, ErrorKind::Syntax);
        assert!(error.line_column.is_some(), "{error}");
    }

    #[test]
    fn json_syntax_error_has_line_and_column() {
        let errors = parse("{\n  \"openapi\": \"3.0.3\",\n  \"info\": }").unwrap_err();
        assert_eq!(errors.0[0].line_column, Some((3, 11)));
    }

    #[test]
    fn other_versions_are_rejected() {
        let errors =
            parse("openapi: 4.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n").unwrap_err();
        assert_eq!(errors.0[0].kind, ErrorKind::UnsupportedVersion);
        assert_eq!(errors.0[0].pointer, "#/openapi");
        let errors = parse("swagger: '2.0'\n").unwrap_err();
        assert_eq!(errors.0[0].pointer, "#/swagger");
    }

    #[test]
    fn wrong_shape_names_every_place() {
        let text = r#"
openapi: 3.0.3
info: {title: x, version: '1'}
paths:
  /a: {get: {responses: 7}}
  /b:
    post:
      parameters: [{name: q, in: nowhere}]
      responses: {}
components:
  schemas:
    S: {type: object, properties: 3}
"#;
        let errors = parse(text).unwrap_err();
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert!(errors.iter().all(|e| e.kind == ErrorKind::Structure));
        assert_eq!(
            pointers,
            [
                "#/paths/~1a/get/responses",
                "#/paths/~1b/post/parameters/0",
                "#/components/schemas/S/properties"
            ],
            "{errors}"
        );
    }
}
