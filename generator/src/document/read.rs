//! Reading (step 5 of the pipeline): the downgraded JSON read as `openapiv3::OpenAPI`, or every
//! node that does not have the shape OpenAPI 3.0 gives it named by its JSON pointer.

use super::{Document, Version};
use crate::diagnostics::Ctxt;
use crate::diagnostics::error::{ErrorKind, Errors, SpecError};
use crate::diagnostics::pointer::Pointer;
use openapiv3::OpenAPI;

/// Reads a 3.0 document as `openapiv3::OpenAPI`, consuming it (reading an owned document is
/// about twice as fast as reading a borrowed one: no text is copied). `None` when it does not
/// have the shape of OpenAPI 3.0: [`locate`] on the same document then names every place.
pub(crate) fn read(document: Document) -> Option<OpenAPI> {
    if document.version != Version::V3_0 {
        return None;
    }
    serde_json::from_value(document.value).ok()
}

/// Tells `cx` every node of a document that [`read`] could not read, named by its JSON pointer.
pub(crate) fn locate(document: &Document, cx: &mut Ctxt) {
    if document.version != Version::V3_0 {
        cx.error(
            ErrorKind::Internal,
            &Pointer::root().join("openapi"),
            "a 3.1 document was read without being downgraded to 3.0 first",
        );
        return;
    }
    let value = &document.value;
    match serde_path_to_error::deserialize::<_, OpenAPI>(value) {
        // Cannot happen (`read` failed on the same document); said rather than assumed.
        Ok(_) => cx.error(
            ErrorKind::Internal,
            &Pointer::root(),
            "the document could not be read, but no part of it is wrong",
        ),
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
            errors.into_iter().for_each(|error| cx.push_error(error));
        }
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

/// Finds the smallest parts of a document that do not have the shape OpenAPI 3.0 gives them. A
/// local collection of problems (not the run's [`Ctxt`]): a part that fails is looked into, and
/// only its deepest failures are kept.
mod structure {
    use super::path_to_pointer;
    use crate::diagnostics::error::{ErrorKind, Errors, SpecError};
    use crate::diagnostics::pointer::Pointer;
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
            for error in inner {
                errors.push(error);
            }
        }
    }

    pub(crate) fn locate(document: &Value, errors: &mut Errors) {
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
