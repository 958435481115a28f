//! Parsing (step 1 of the pipeline): the text, YAML or JSON, read into a JSON [`Document`] with
//! the line and column of a syntax error, and the OpenAPI version it declares checked.

use super::{Document, Version};
use crate::diagnostics::Ctxt;
use crate::diagnostics::error::{ErrorKind, SpecError};
use crate::diagnostics::pointer::Pointer;

/// Parses a YAML or JSON document and checks that it is OpenAPI 3.0.x or 3.1.x; `None`, with the
/// problem told to `cx`, when it is neither.
pub(crate) fn parse(text: &str, cx: &mut Ctxt) -> Option<Document> {
    let parsed = parse_value(text).and_then(|value| Ok((check_version(&value)?, value)));
    match parsed {
        Ok((version, value)) => Some(Document {
            value,
            version,
            webhooks_key: "x-webhooks",
        }),
        Err(error) => {
            cx.push_error(error);
            None
        }
    }
}

/// Reads YAML or JSON into a `serde_json::Value`. JSON (a document that starts with `{`) goes
/// through serde_json, which is faster on large specs; everything else through serde_yaml.
fn parse_value(text: &str) -> Result<serde_json::Value, SpecError> {
    let syntax = |line: usize, column: usize, message: String| {
        let mut error = SpecError::new(ErrorKind::Syntax, "#", message);
        error.line_column = Some((line, column));
        error
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

fn check_version(value: &serde_json::Value) -> Result<Version, SpecError> {
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
        )),
        Some(other) => Err(SpecError::new(
            ErrorKind::UnsupportedVersion,
            pointer,
            format!("`openapi` must be a version string such as \"3.0.3\", found {other}"),
        )),
        None if value.get("swagger").is_some() => Err(SpecError::new(
            ErrorKind::UnsupportedVersion,
            Pointer::root().join("swagger"),
            "Swagger 2.0 is not supported; convert the document to OpenAPI 3.0 first",
        )),
        None => Err(SpecError::new(
            ErrorKind::Structure,
            Pointer::root(),
            "the document has no `openapi` field; it is not an OpenAPI document",
        )),
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

    pub(crate) struct Json(pub(crate) Value);

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
