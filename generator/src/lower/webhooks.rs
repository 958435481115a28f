//! Webhooks (lowering): the events a spec says it delivers (OpenAPI 3.1's top-level `webhooks`,
//! or `x-webhooks` in 3.0, as Redoc reads it) become one tagged enum, `WebhookEvent`, with a
//! variant per event type; the signing scheme the spec names (`x-webhook-signature: svix`)
//! decides whether the crate verifies deliveries.
//!
//! Each webhook's key is its event type, as the body's type property carries it
//! (`checkout.session.completed`), and its `post` request body is the delivery's JSON. The
//! property is named by `x-webhook-type-property` (`type` when the spec does not say).

use super::Lowerer;
use crate::diagnostics::Ctxt;
use crate::diagnostics::error::ErrorKind;
use crate::diagnostics::pointer::Pointer;
use crate::ir::{
    BodyKind, TypeDef, TypeKind, TypeRef, TypeRole, Union, UnionTag, UnionVariant,
    WebhookSignature, Webhooks,
};
use crate::lower::naming::{Namer, snake_name, type_name};
use openapiv3::{OpenAPI, PathItem};

/// The property that names an event's type when the spec does not say.
const DEFAULT_TYPE_PROPERTY: &str = "type";

/// What the spec says about its webhooks, read from its extensions before lowering (they are not
/// part of `openapiv3`'s 3.0 model, so they are parsed here into its types).
pub(crate) struct Source {
    /// Where the webhooks are: `#/webhooks` in a 3.1 document, `#/x-webhooks` in 3.0.
    at: Pointer,
    /// Each event type and its path item, in spec order.
    events: Vec<(String, PathItem)>,
    signature: Option<WebhookSignature>,
    type_property: String,
}

/// Reads the webhooks of `spec`, whose events stand under `key` in the source document
/// (`webhooks` for 3.1, which the downgrade moved to `x-webhooks`; `x-webhooks` for 3.0).
pub(crate) fn read(spec: &OpenAPI, key: &str, cx: &mut Ctxt) -> Source {
    let at = Pointer::root().join(key);
    let mut events = Vec::new();
    match spec.extensions.get("x-webhooks") {
        None => {}
        Some(serde_json::Value::Object(map)) => {
            for (name, value) in map {
                // Extensions sit among the events (`x-sdk-exclude: true`); they are not events.
                if name.starts_with("x-") {
                    continue;
                }
                match serde_path_to_error::deserialize::<_, PathItem>(value) {
                    Ok(item) => events.push((name.clone(), item)),
                    Err(error) => cx.error(
                        ErrorKind::Structure,
                        &at.join(name),
                        format!("not a path item: {}", error.inner()),
                    ),
                }
            }
        }
        Some(_) => cx.error(
            ErrorKind::Structure,
            &at,
            "must be a map from event type to path item",
        ),
    }
    let signature = match spec.extensions.get("x-webhook-signature") {
        None => None,
        Some(serde_json::Value::String(scheme)) if scheme == "svix" => Some(WebhookSignature::Svix),
        Some(other) => {
            cx.error(
                ErrorKind::Unsupported,
                &Pointer::root().join("x-webhook-signature"),
                format!("`{other}` is not a signing scheme this generator knows; it knows `svix`"),
            );
            None
        }
    };
    let type_property = match spec.extensions.get("x-webhook-type-property") {
        None => DEFAULT_TYPE_PROPERTY.to_owned(),
        Some(serde_json::Value::String(name)) if !name.is_empty() => name.clone(),
        Some(_) => {
            cx.error(
                ErrorKind::Invalid,
                &Pointer::root().join("x-webhook-type-property"),
                "must be the name of a property (a non-empty string)",
            );
            DEFAULT_TYPE_PROPERTY.to_owned()
        }
    };
    Source {
        at,
        events,
        signature,
        type_property,
    }
}

impl<'a> Lowerer<'a> {
    /// The event enum of the webhooks in `source`, when there are any, and the signing scheme.
    pub(crate) fn lower_webhooks(&mut self, source: &'a Source) -> Webhooks {
        let mut variants = Vec::new();
        let mut variant_names = Namer::new();
        for (event_type, item) in &source.events {
            let at = source.at.join(event_type).join("post");
            // A webhook the enum cannot type is left out of it, with a warning: its deliveries
            // still decode, as `Unknown` with the whole body kept, and no request the client
            // sends depends on it.
            let Some(operation) = &item.post else {
                self.warn(
                    &source.at.join(event_type),
                    "the webhook has no `post` operation, so no delivery body to type",
                    "no variant of `WebhookEvent`: its deliveries decode as `Unknown`",
                );
                continue;
            };
            let variant = variant_names.claim(type_name(event_type, "Event"));
            let hint = format!("{variant}Event");
            let ty = match self.lower_request_body(operation, &at, &hint) {
                Some(Some(body)) => match body.kind {
                    BodyKind::Json { ty, .. } => ty,
                    _ => {
                        self.warn(
                            &at.join("requestBody"),
                            "the webhook's delivery is not JSON",
                            "no variant of `WebhookEvent`: its deliveries decode as `Unknown`",
                        );
                        continue;
                    }
                },
                Some(None) => {
                    self.warn(
                        &at,
                        "the webhook has no request body, so no delivery body to type",
                        "no variant of `WebhookEvent`: its deliveries decode as `Unknown`",
                    );
                    continue;
                }
                None => continue,
            };
            variants.push(UnionVariant {
                name: variant,
                ty,
                tag_value: Some(event_type.clone()),
                docs: None,
                // Events hold whole objects (a checkout session is over a kilobyte); boxed, the
                // enum is the size of a pointer or of the JSON of an unknown event.
                boxed: true,
                gate: crate::ir::Gate::Always,
            });
        }
        let event = (!variants.is_empty()).then(|| {
            let catch_all = variant_names.claim("Unknown".to_owned());
            let name = self.type_names.claim("WebhookEvent".to_owned());
            let module = self.type_modules.claim(snake_name(&name, "webhook_event"));
            self.types.push(TypeDef {
                name: name.clone(),
                module,
                docs: None,
                role: TypeRole::WebhookEvent,
                source: super::type_source(&source.at),
                deprecated: false,
                kind: TypeKind::Union(Union {
                    variants,
                    tag: Some(UnionTag {
                        property: source.type_property.clone(),
                    }),
                    catch_all,
                }),
                gate: crate::ir::Gate::Always,
            });
            TypeRef::Named(name)
        });
        Webhooks {
            signature: source.signature,
            event,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::error::ErrorKind;
    use crate::ir::{TypeKind, TypeRole, Union, UnionTag, WebhookSignature};
    use crate::lower::testing::{errors, lowered_with_warnings, named, type_def};

    /// A delivery of `$ref: Customer`, as a webhook's path item (YAML flow).
    const DELIVERY: &str = "{post: {requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Customer'}}}}, responses: {'200': {description: ok}}}}";

    /// A spec with these top-level lines (`x-webhooks`, ...) beside a `Customer` schema.
    fn spec(top: &str) -> String {
        format!(
            "paths: {{}}\n{top}components:\n  schemas:\n    Customer: {{type: object, properties: {{id: {{type: string}}}}}}\n"
        )
    }

    fn event_union(api: &crate::ir::Api) -> &Union {
        let def = type_def(api, "WebhookEvent");
        assert_eq!(def.role, TypeRole::WebhookEvent);
        match &def.kind {
            TypeKind::Union(union) => union,
            other => panic!("not a union: {other:?}"),
        }
    }

    #[test]
    fn x_webhooks_become_a_tagged_event_union() {
        let (api, warnings) = lowered_with_warnings(&spec(&format!(
            "x-webhooks:\n  customer.created: {DELIVERY}\n  customer.deleted: {DELIVERY}\n"
        )));
        assert_eq!(api.webhooks.event, Some(named("WebhookEvent")));
        assert_eq!(api.webhooks.signature, None);
        let union = event_union(&api);
        assert_eq!(
            union.tag,
            Some(UnionTag {
                property: "type".to_owned()
            })
        );
        let variants: Vec<(&str, Option<&str>, bool)> = union
            .variants
            .iter()
            .map(|v| (v.name.as_str(), v.tag_value.as_deref(), v.boxed))
            .collect();
        assert_eq!(
            variants,
            [
                ("CustomerCreated", Some("customer.created"), true),
                ("CustomerDeleted", Some("customer.deleted"), true),
            ]
        );
        assert!(union.variants.iter().all(|v| v.ty == named("Customer")));
        assert_eq!(union.catch_all, "Unknown");
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn a_webhook_without_post_is_skipped_with_a_warning() {
        let (api, warnings) = lowered_with_warnings(&spec(&format!(
            "x-webhooks:\n  customer.created: {DELIVERY}\n  customer.viewed: {{get: {{responses: {{'200': {{description: ok}}}}}}}}\n"
        )));
        let names: Vec<&str> = event_union(&api)
            .variants
            .iter()
            .map(|v| v.name.as_str())
            .collect();
        assert_eq!(names, ["CustomerCreated"]);
        assert_eq!(
            warnings,
            [
                "#/x-webhooks/customer.viewed: the webhook has no `post` operation, so no delivery body to type"
            ]
        );
    }

    #[test]
    fn an_extension_among_the_webhooks_is_not_an_event() {
        let (api, warnings) = lowered_with_warnings(&spec(&format!(
            "x-webhooks:\n  x-internal: true\n  customer.created: {DELIVERY}\n"
        )));
        assert_eq!(event_union(&api).variants.len(), 1);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn no_webhooks_make_no_event_type() {
        let (api, _) = lowered_with_warnings(&spec("x-webhooks: {}\n"));
        assert_eq!(api.webhooks.event, None);
        assert!(api.types.iter().all(|t| t.name != "WebhookEvent"));
    }

    #[test]
    fn the_type_property_and_signature_come_from_extensions() {
        let (api, _) = lowered_with_warnings(&spec(&format!(
            "x-webhook-signature: svix\nx-webhook-type-property: event\nx-webhooks:\n  a.b: {DELIVERY}\n"
        )));
        assert_eq!(api.webhooks.signature, Some(WebhookSignature::Svix));
        assert_eq!(
            event_union(&api).tag,
            Some(UnionTag {
                property: "event".to_owned()
            })
        );
    }

    #[test]
    fn an_unknown_signature_scheme_is_an_error() {
        assert_eq!(
            errors(&spec("x-webhook-signature: hmac\n")),
            [(ErrorKind::Unsupported, "#/x-webhook-signature".to_owned())]
        );
    }
}
