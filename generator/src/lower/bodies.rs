//! Request bodies (lowering): one media type chosen per body (JSON, then forms, multipart, text,
//! bytes) and its schema lowered; what the body is sent as is the [`BodyKind`].

use super::{Lowerer, unescape};
use crate::diagnostics::error::ErrorKind;
use crate::diagnostics::pointer::Pointer;
use crate::ir::{Body, BodyKind, TypeRef};
use openapiv3::{MediaType, ReferenceOr, RequestBody};

impl<'a> Lowerer<'a> {
    /// The request body of an operation: `Some(None)` when it has none, `None` when a problem
    /// was reported.
    pub(crate) fn lower_request_body(
        &mut self,
        operation: &'a openapiv3::Operation,
        at: &Pointer,
        op_type: &str,
    ) -> Option<Option<Body>> {
        let Some(body) = &operation.request_body else {
            return Some(None);
        };
        let at = at.join("requestBody");
        let body: &'a RequestBody = match body {
            ReferenceOr::Item(body) => body,
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/requestBodies/")
                    .and_then(|key| {
                        self.spec
                            .components
                            .as_ref()?
                            .request_bodies
                            .get(&unescape(key))
                    });
                match found {
                    Some(ReferenceOr::Item(body)) => body,
                    _ => {
                        self.error(ErrorKind::UnresolvedRef, &at, format!("`{reference}` does not name a request body in `#/components/requestBodies`"));
                        return None;
                    }
                }
            }
        };
        // One media type is chosen, in this order of preference, when the spec offers several.
        let kinds: [(&str, MediaMatcher); 5] = [
            ("json", is_json),
            ("form", |m| {
                essence(m) == "application/x-www-form-urlencoded"
            }),
            ("multipart", |m| essence(m).starts_with("multipart/")),
            ("text", |m| essence(m).starts_with("text/")),
            ("bytes", |_| true),
        ];
        for (kind, matches) in kinds {
            let Some((media, content)) = body.content.iter().find(|(media, _)| matches(media))
            else {
                continue;
            };
            let content_type = essence(media).to_owned();
            let content_type = if content_type == "*/*" {
                "application/octet-stream".to_owned()
            } else {
                content_type
            };
            let schema_at = at.join("content").join(media).join("schema");
            let typed = |lowerer: &mut Self| -> Option<TypeRef> {
                match &content.schema {
                    Some(schema) => Some(
                        lowerer
                            .lower_schema(schema.into(), &schema_at, &format!("{op_type}Body"))?
                            .ty,
                    ),
                    None => Some(TypeRef::Any),
                }
            };
            let kind = match kind {
                "json" => BodyKind::Json {
                    ty: typed(self)?,
                    content_type,
                    envelope: None,
                },
                "form" => BodyKind::Form { ty: typed(self)? },
                "multipart" => BodyKind::Multipart {
                    parts: multipart_parts(content),
                },
                "text" => BodyKind::Text { content_type },
                _ => BodyKind::Bytes { content_type },
            };
            return Some(Some(Body {
                kind,
                required: body.required,
            }));
        }
        // No content at all: nothing to send.
        Some(None)
    }
}

/// Whether a media type is of one kind of body.
type MediaMatcher = fn(&str) -> bool;

/// The property names of a multipart body's schema, for the docs (the caller builds the parts).
fn multipart_parts(content: &MediaType) -> Vec<String> {
    match &content.schema {
        Some(ReferenceOr::Item(schema)) => match &schema.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) => {
                object.properties.keys().cloned().collect()
            }
            openapiv3::SchemaKind::Any(any) => any.properties.keys().cloned().collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// A media type without its parameters (`application/json; charset=utf-8` → `application/json`).
pub(crate) fn essence(media: &str) -> &str {
    media.split(';').next().unwrap_or(media).trim()
}

/// Whether a media type is JSON (`application/json`, or any `+json` type).
pub(crate) fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json")
}

#[cfg(test)]
mod tests {
    use crate::ir::{Body, BodyKind, TypeRef};
    use crate::lower::testing::{lowered, named, operation};

    /// The body of `POST /a` whose `requestBody` is `body` (YAML, indented under it).
    fn body_of(body: &str) -> Option<Body> {
        let api = lowered(&format!(
            "paths:\n  /a:\n    post:\n      operationId: create\n      requestBody:\n{body}      responses: {{'204': {{description: ok}}}}\ncomponents:\n  schemas:\n    Customer: {{type: object, properties: {{id: {{type: string}}}}}}\n"
        ));
        operation(&api, "create").body.clone()
    }

    #[test]
    fn a_json_body_keeps_its_type_and_leaves_the_envelope_to_the_pass() {
        let body = body_of(
            "        required: true\n        content:\n          application/json:\n            schema: {type: object, required: [customer], properties: {customer: {$ref: '#/components/schemas/Customer'}}}\n",
        )
        .expect("a body");
        assert!(body.required);
        assert_eq!(
            body.kind,
            BodyKind::Json {
                ty: named("CreateBody"),
                content_type: "application/json".to_owned(),
                envelope: None,
            }
        );
    }

    #[test]
    fn a_form_body_is_typed() {
        let body = body_of(
            "        content:\n          application/x-www-form-urlencoded:\n            schema: {$ref: '#/components/schemas/Customer'}\n",
        )
        .expect("a body");
        assert!(!body.required);
        assert_eq!(
            body.kind,
            BodyKind::Form {
                ty: named("Customer")
            }
        );
    }

    #[test]
    fn json_is_preferred_to_a_form() {
        let body = body_of(
            "        content:\n          application/x-www-form-urlencoded: {schema: {type: object}}\n          application/merge-patch+json: {schema: {type: string}}\n",
        )
        .expect("a body");
        assert_eq!(
            body.kind,
            BodyKind::Json {
                ty: TypeRef::String,
                content_type: "application/merge-patch+json".to_owned(),
                envelope: None,
            }
        );
    }

    #[test]
    fn a_multipart_body_lists_its_parts() {
        let body = body_of(
            "        content:\n          multipart/form-data:\n            schema: {type: object, properties: {file: {type: string, format: binary}, purpose: {type: string}}}\n",
        )
        .expect("a body");
        assert_eq!(
            body.kind,
            BodyKind::Multipart {
                parts: vec!["file".to_owned(), "purpose".to_owned()]
            }
        );
    }

    #[test]
    fn text_and_other_media_types_are_sent_as_they_are() {
        let text = body_of("        content: {text/plain; charset=utf-8: {}}\n").expect("a body");
        assert_eq!(
            text.kind,
            BodyKind::Text {
                content_type: "text/plain".to_owned()
            }
        );
        let bytes = body_of("        content: {'*/*': {}}\n").expect("a body");
        assert_eq!(
            bytes.kind,
            BodyKind::Bytes {
                content_type: "application/octet-stream".to_owned()
            }
        );
    }

    #[test]
    fn a_body_without_content_is_no_body() {
        assert_eq!(body_of("        content: {}\n"), None);
    }
}
