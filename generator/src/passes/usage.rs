//! Usage (IR pass): which structs travel in requests and which only in responses
//! ([`Struct::usage`]), found by walking from each operation's parameters, body and responses,
//! and from the webhook events; and so which structs keep the properties they do not name
//! ([`Struct::rest`]).

use super::reach::{operation_roots, reachable};
use crate::ir::{Api, RestField, Struct, TypeKind, TypeRef, Usage};
use std::collections::BTreeMap;

/// Marks every struct: `Params` stays as lowering set it; a struct reachable from a request
/// body or parameter is `Request` (even when responses carry it too: callers build it); one
/// reachable only from responses is `Response`.
pub(crate) fn run(api: &mut Api) {
    let index: BTreeMap<&str, &TypeKind> = api
        .types
        .iter()
        .map(|t| (t.name.as_str(), &t.kind))
        .collect();
    let mut inputs = Vec::new();
    let mut outputs = Vec::new();
    for op in &api.operations {
        let (ins, outs) = operation_roots(op);
        inputs.extend(ins);
        outputs.extend(outs);
    }
    // Webhook events arrive like responses do: read, never built.
    outputs.extend(api.webhooks.event.iter());
    let requests = reachable(&index, inputs);
    let responses = reachable(&index, outputs);
    for def in &mut api.types {
        if let TypeKind::Struct(s) = &mut def.kind {
            if s.usage != Usage::Params {
                s.usage = if requests.contains(&def.name) {
                    Usage::Request
                } else if responses.contains(&def.name) {
                    Usage::Response
                } else {
                    Usage::Unused
                };
            }
            s.rest = rest_field(s);
        }
    }
}

/// The map that holds the properties a struct's fields do not name: typed, as the spec's
/// `additionalProperties` say (`additional_properties`), or, for what responses carry, the JSON
/// of fields this version of the client does not know (`extra`), so that nothing the API sends
/// is lost and a decoded object writes back what it read. Request and params structs have none:
/// callers build them, and a field the spec does not name yet is sent with a raw request.
fn rest_field(s: &Struct) -> Option<RestField> {
    let (name, ty, declared) = match (&s.additional, s.usage) {
        (Some(ty), _) => ("additional_properties", ty.clone(), true),
        (None, Usage::Params | Usage::Request) => return None,
        (None, Usage::Response | Usage::Unused) => ("extra", TypeRef::Any, false),
    };
    let taken = s.fields.iter().any(|f| f.name == name);
    Some(RestField {
        name: if taken {
            format!("{name}_")
        } else {
            name.to_owned()
        },
        ty,
        declared,
    })
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, RestField, TypeRef, Usage};
    use crate::lower::testing::{lowered, strukt};

    /// `POST /a` taking a `Input` body and returning `Output`, with the other schemas given
    /// (YAML, indented as `schemas`' entries), lowered and through the usage pass.
    fn used(schemas: &str) -> Api {
        let mut api = lowered(&format!(
            "paths:\n  /a:\n    post:\n      operationId: op\n      parameters: [{{name: q, in: query, schema: {{type: string}}}}]\n      requestBody: {{content: {{application/json: {{schema: {{$ref: '#/components/schemas/Input'}}}}}}}}\n      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Output'}}}}}}}}}}\ncomponents:\n  schemas:\n{schemas}"
        ));
        super::run(&mut api);
        api
    }

    const SHARED: &str = "    Shared: {type: object, properties: {s: {type: string}}}\n    Input: {type: object, properties: {shared: {$ref: '#/components/schemas/Shared'}}}\n    Output:\n      type: object\n      properties:\n        shared: {$ref: '#/components/schemas/Shared'}\n        items: {type: array, items: {$ref: '#/components/schemas/Item'}}\n    Item: {type: object, properties: {i: {type: string}}}\n    Orphan: {type: object, properties: {o: {type: string}}}\n";

    fn extra(name: &str) -> Option<RestField> {
        Some(RestField {
            name: name.to_owned(),
            ty: TypeRef::Any,
            declared: false,
        })
    }

    #[test]
    fn request_structs_are_request_even_when_responses_carry_them() {
        let api = used(SHARED);
        assert_eq!(strukt(&api, "Input").usage, Usage::Request);
        assert_eq!(strukt(&api, "Shared").usage, Usage::Request);
        assert_eq!(strukt(&api, "Output").usage, Usage::Response);
        assert_eq!(
            strukt(&api, "Item").usage,
            Usage::Response,
            "through an array"
        );
        assert_eq!(strukt(&api, "Orphan").usage, Usage::Unused);
        assert_eq!(strukt(&api, "OpParams").usage, Usage::Params);
    }

    #[test]
    fn only_response_and_unused_structs_keep_unknown_properties() {
        let api = used(SHARED);
        assert_eq!(strukt(&api, "Output").rest, extra("extra"));
        assert_eq!(strukt(&api, "Orphan").rest, extra("extra"));
        assert_eq!(strukt(&api, "Input").rest, None);
        assert_eq!(strukt(&api, "OpParams").rest, None);
    }

    #[test]
    fn declared_additional_properties_are_kept_either_way() {
        let api = used(
            "    Input: {type: object, properties: {a: {type: string}}, additionalProperties: {type: integer, format: int32}}\n    Output: {type: object, properties: {b: {type: string}}, additionalProperties: {type: string}}\n",
        );
        let declared = |ty| {
            Some(RestField {
                name: "additional_properties".to_owned(),
                ty,
                declared: true,
            })
        };
        assert_eq!(
            strukt(&api, "Input").rest,
            declared(TypeRef::Integer {
                bits: 32,
                signed: true
            })
        );
        assert_eq!(strukt(&api, "Output").rest, declared(TypeRef::String));
    }

    #[test]
    fn a_property_named_extra_moves_the_rest_to_extra_() {
        let api = used(
            "    Input: {type: object, properties: {a: {type: string}}}\n    Output: {type: object, properties: {extra: {type: string}}}\n",
        );
        assert_eq!(strukt(&api, "Output").rest, extra("extra_"));
    }
}
