//! Loading (parse phase): text → `openapiv3::OpenAPI`, with line and column for syntax errors
//! and a JSON pointer for documents that parse but do not have the shape of OpenAPI 3.0.

use crate::error::{ErrorKind, Errors, Pointer, SpecError};
use openapiv3::OpenAPI;

/// Parses a YAML or JSON document and checks that it is OpenAPI 3.0.x.
pub fn parse(text: &str) -> Result<OpenAPI, Errors> {
    let value = parse_value(text)?;
    check_version(&value)?;
    serde_path_to_error::deserialize::<_, OpenAPI>(value).map_err(|err| {
        let pointer = path_to_pointer(err.path());
        let message = err.inner().to_string();
        Errors::from(SpecError::new(ErrorKind::Structure, pointer, message))
    })
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
        serde_yaml::from_str(text).map_err(|err| {
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

fn check_version(value: &serde_json::Value) -> Result<(), Errors> {
    let pointer = Pointer::root().join("openapi");
    match value.get("openapi") {
        Some(serde_json::Value::String(version)) if version.starts_with("3.0.") => Ok(()),
        Some(serde_json::Value::String(version)) => Err(SpecError::new(
            ErrorKind::UnsupportedVersion,
            pointer,
            format!("OpenAPI {version} is not supported; this generator reads OpenAPI 3.0.x"),
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

/// Turns serde_path_to_error's path (`paths./v1/x.get.responses`) into a JSON pointer.
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = Pointer::root();
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

#[cfg(test)]
mod tests {
    use super::*;

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
            parse("openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\n").unwrap_err();
        assert_eq!(errors.0[0].kind, ErrorKind::UnsupportedVersion);
        assert_eq!(errors.0[0].pointer, "#/openapi");
        let errors = parse("swagger: '2.0'\n").unwrap_err();
        assert_eq!(errors.0[0].pointer, "#/swagger");
    }

    #[test]
    fn wrong_shape_names_the_place() {
        let errors = parse(
            "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {/a: {get: {responses: 7}}}\n",
        )
        .unwrap_err();
        assert_eq!(errors.0[0].kind, ErrorKind::Structure);
        assert!(
            errors.0[0].pointer.starts_with("#/paths/~1a/get"),
            "{}",
            errors.0[0].pointer
        );
    }
}
