//! Request bodies (lowering): one media type chosen per body (JSON, then forms, multipart, text,
//! bytes) and its schema lowered; what the body is sent as is the [`BodyKind`].

use super::{Lowerer, unescape};
use crate::error::{ErrorKind, Pointer};
use crate::ir::{Body, BodyKind, TypeRef};
use openapiv3::{MediaType, ReferenceOr, RequestBody};

impl<'a> Lowerer<'a> {
    /// The request body of an operation: `Some(None)` when it has none, `None` when a problem
    /// was reported.
    pub(super) fn lower_request_body(
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
pub(super) fn essence(media: &str) -> &str {
    media.split(';').next().unwrap_or(media).trim()
}

/// Whether a media type is JSON (`application/json`, or any `+json` type).
pub(super) fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json")
}
