//! Envelopes (IR pass): success bodies that wrap one object (`{"customer": Customer}`) or one
//! list (`{"customers": [Customer]}`, paged when the operation takes a cursor) are unwrapped, and
//! request bodies that wrap one object are wrapped by the client instead of the caller.

use crate::ir::{
    Api, Body, BodyKind, Field, Operation, Pagination, ParamLocation, ResponseBody, Struct,
    SuccessResponse, TypeDef, TypeKind, TypeRef, TypeSource,
};
use crate::lower::naming::snake_name;
use std::collections::{BTreeMap, BTreeSet};

/// Finds every envelope the operations of `api` send or receive.
pub(crate) fn run(api: &mut Api) {
    let structs = Structs::new(&api.types);
    // The unions of a response given as "the envelope or the bare object", which the client
    // no longer returns.
    let mut dropped = BTreeSet::new();
    for operation in &mut api.operations {
        if let SuccessResponse::Single(ResponseBody::Json(ty)) = &operation.response {
            if let Some((field, inner)) = structs.envelope_field(ty) {
                operation.response = SuccessResponse::Envelope {
                    envelope: ty.clone(),
                    field,
                    inner,
                    or_bare: None,
                };
            } else if let Some((envelope, field, wire, inner)) = structs.envelope_or_bare(ty) {
                if let TypeRef::Named(union) = ty {
                    dropped.insert(union.clone());
                }
                operation.response = SuccessResponse::Envelope {
                    envelope,
                    field,
                    inner,
                    or_bare: Some(wire),
                };
            } else if let Some((field, item)) = structs.list_field(ty) {
                let pagination = structs.pagination(operation, &item);
                operation.response = SuccessResponse::List {
                    envelope: ty.clone(),
                    field,
                    item,
                    pagination,
                };
            }
        }
        if let Some(Body {
            kind: BodyKind::Json { ty, envelope, .. },
            ..
        }) = &mut operation.body
        {
            if let Some((wire_name, inner)) = structs.request_envelope(ty) {
                *ty = inner;
                *envelope = Some(wire_name);
            }
        }
    }
    drop_unused_response_unions(api, dropped);
    name_streams(api);
}

/// Removes the response unions that the envelope-or-bare rule replaced, unless something else
/// still names them (a spec component keeps its type: it is part of the API the spec names).
fn drop_unused_response_unions(api: &mut Api, candidates: BTreeSet<String>) {
    if candidates.is_empty() {
        return;
    }
    let mut named = BTreeSet::new();
    for def in &api.types {
        match &def.kind {
            TypeKind::Struct(s) => {
                for ty in s.fields.iter().map(|f| &f.ty).chain(&s.additional) {
                    names_in(ty, &mut named);
                }
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| names_in(&v.ty, &mut named)),
            TypeKind::Responses(variants) => variants.iter().for_each(|v| {
                if let ResponseBody::Json(ty) = &v.body {
                    names_in(ty, &mut named)
                }
            }),
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => {}
        }
    }
    for op in &api.operations {
        for param in op.path_params.iter().chain(&op.params) {
            names_in(&param.ty, &mut named);
        }
        if let Some(Body {
            kind: BodyKind::Json { ty, .. } | BodyKind::Form { ty },
            ..
        }) = &op.body
        {
            names_in(ty, &mut named);
        }
        match &op.response {
            SuccessResponse::Single(ResponseBody::Json(ty)) => names_in(ty, &mut named),
            SuccessResponse::Envelope { envelope, .. } | SuccessResponse::List { envelope, .. } => {
                names_in(envelope, &mut named)
            }
            _ => {}
        }
        op.error_bodies
            .iter()
            .for_each(|(_, ty)| names_in(ty, &mut named));
    }
    api.webhooks
        .event
        .iter()
        .for_each(|ty| names_in(ty, &mut named));
    api.types.retain(|def| {
        !(candidates.contains(&def.name)
            && !named.contains(&def.name)
            && matches!(def.source, TypeSource::Operation { .. }))
    });
}

/// Every named type `ty` mentions.
fn names_in(ty: &TypeRef, out: &mut BTreeSet<String>) {
    match ty {
        TypeRef::Named(name) => {
            out.insert(name.clone());
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Expandable(inner) => {
            names_in(inner, out)
        }
        _ => {}
    }
}

/// Names the stream method of each paged operation after it (`list_customers_stream`), with a
/// number after that in the rare spec that has an operation of that name already.
fn name_streams(api: &mut Api) {
    let mut taken: BTreeSet<String> = api.operations.iter().map(|op| op.name.clone()).collect();
    for operation in &mut api.operations {
        if let SuccessResponse::List {
            pagination: Some(pagination),
            ..
        } = &mut operation.response
        {
            let base = format!("{}_stream", operation.name);
            let mut name = base.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{base}{n}");
                n += 1;
            }
            taken.insert(name.clone());
            pagination.stream_method = name;
        }
    }
}

/// The structs of the API by name, and every type's kind and source.
struct Structs<'a> {
    structs: BTreeMap<&'a str, &'a Struct>,
    kinds: BTreeMap<&'a str, &'a TypeKind>,
    sources: BTreeMap<&'a str, &'a TypeSource>,
}

impl<'a> Structs<'a> {
    fn new(types: &'a [TypeDef]) -> Self {
        Structs {
            structs: types
                .iter()
                .filter_map(|t| match &t.kind {
                    TypeKind::Struct(s) => Some((t.name.as_str(), s)),
                    _ => None,
                })
                .collect(),
            kinds: types.iter().map(|t| (t.name.as_str(), &t.kind)).collect(),
            sources: types.iter().map(|t| (t.name.as_str(), &t.source)).collect(),
        }
    }

    /// The struct a named type is, if it is one.
    fn get(&self, ty: &TypeRef) -> Option<&'a Struct> {
        let TypeRef::Named(name) = ty else {
            return None;
        };
        self.structs.get(name.as_str()).copied()
    }

    /// A single-field object whose field is named after the schema it holds (`{"checkout_session":
    /// CheckoutSession}`) is an envelope: the client returns what is inside. The name compared is
    /// the spec's key of the schema (the Rust name of a type made for an inline schema).
    fn envelope_field(&self, ty: &TypeRef) -> Option<(String, TypeRef)> {
        let field = only_field(self.get(ty)?)?;
        let TypeRef::Named(inner) = &field.ty else {
            return None;
        };
        let key = match self.sources.get(inner.as_str()) {
            Some(TypeSource::Component {
                section,
                name,
                properties,
            }) if section == "schemas" && properties.is_empty() => name.as_str(),
            _ => inner.as_str(),
        };
        (snake_name(key, "") == field.wire_name).then(|| (field.name.clone(), field.ty.clone()))
    }

    /// A union of exactly two members, an envelope and the bare object it wraps (`oneOf:
    /// [SetupIntentEnvelope, SetupIntent]`): the client accepts either shape and returns the
    /// object. Returns the envelope type, its field's Rust and wire names, and the object's type.
    fn envelope_or_bare(&self, ty: &TypeRef) -> Option<(TypeRef, String, String, TypeRef)> {
        let TypeRef::Named(name) = ty else {
            return None;
        };
        let TypeKind::Union(union) = self.kinds.get(name.as_str())? else {
            return None;
        };
        let [a, b] = union.variants.as_slice() else {
            return None;
        };
        [(a, b), (b, a)].into_iter().find_map(|(envelope, bare)| {
            let (field, inner) = self.envelope_field(&envelope.ty)?;
            let wire = only_field(self.get(&envelope.ty)?)?.wire_name.clone();
            (inner == bare.ty).then(|| (envelope.ty.clone(), field, wire, inner))
        })
    }

    /// A single-field object whose field is an array (`{"customers": [Customer]}`) is a list
    /// envelope: the client returns the items.
    fn list_field(&self, ty: &TypeRef) -> Option<(String, TypeRef)> {
        let field = only_field(self.get(ty)?)?;
        match &field.ty {
            TypeRef::Array(item) => Some((field.name.clone(), (**item).clone())),
            _ => None,
        }
    }

    /// A list operation pages when its parameters have a `starting_after` cursor and a `limit`,
    /// and its items are objects with an ID of their own (the cursor of the next page is the last
    /// item's ID).
    fn pagination(&self, operation: &Operation, item: &TypeRef) -> Option<Pagination> {
        self.get(item)?.id_field.as_ref()?;
        let param = |wire: &str| {
            operation
                .params
                .iter()
                .find(|p| p.wire_name == wire && p.location == ParamLocation::Query && !p.required)
        };
        let cursor = param("starting_after").filter(|p| p.ty == TypeRef::String)?;
        let limit = param("limit").filter(|p| matches!(p.ty, TypeRef::Integer { .. }))?;
        Some(Pagination {
            cursor: cursor.name.clone(),
            cursor_wire: cursor.wire_name.clone(),
            limit: limit.name.clone(),
            limit_wire: limit.wire_name.clone(),
            default_limit: limit.default.as_deref().and_then(|d| d.parse().ok()),
            // Named once every operation is known (`name_streams`).
            stream_method: String::new(),
        })
    }

    /// A JSON request body that is an object with one required property holding an object
    /// (`{"checkout_session": CreateCheckoutSession}`) is a request envelope: the caller passes
    /// the inner object and the client wraps it. Returns the property's wire name and the inner
    /// type.
    fn request_envelope(&self, ty: &TypeRef) -> Option<(String, TypeRef)> {
        let field = only_field(self.get(ty)?)?;
        self.get(&field.ty)?;
        Some((field.wire_name.clone(), field.ty.clone()))
    }
}

/// The one field of a struct that has exactly one, required and not nullable, and nothing else
/// (no further properties).
fn only_field(s: &Struct) -> Option<&Field> {
    match s.fields.as_slice() {
        [field] if !field.presence.is_option() && s.additional.is_none() => Some(field),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, BodyKind, Pagination, ResponseBody, SuccessResponse, TypeRef};
    use crate::lower::testing::{lowered, named, operation, type_names};

    /// The schemas every test shares: an object with an ID, its envelope, and a list of them.
    const SCHEMAS: &str = "components:\n  schemas:\n    Customer: {type: object, required: [id], properties: {id: {type: string}}}\n    CustomerEnvelope: {type: object, required: [customer], properties: {customer: {$ref: '#/components/schemas/Customer'}}}\n    CustomerList: {type: object, required: [customers], properties: {customers: {type: array, items: {$ref: '#/components/schemas/Customer'}}}}\n";

    /// `GET /c` (operation `op`) with these parameters (YAML flow list) returning `schema`
    /// (YAML flow), lowered and through the envelopes pass.
    fn get(parameters: &str, schema: &str) -> Api {
        let mut api = lowered(&format!(
            "paths:\n  /c:\n    get:\n      operationId: op\n      parameters: {parameters}\n      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {schema}}}}}}}}}\n{SCHEMAS}"
        ));
        super::run(&mut api);
        api
    }

    fn response_of(parameters: &str, schema: &str) -> SuccessResponse {
        operation(&get(parameters, schema), "op").response.clone()
    }

    const PAGE_PARAMS: &str = "[{name: starting_after, in: query, schema: {type: string}}, {name: limit, in: query, schema: {type: integer, default: 10}}]";

    #[test]
    fn a_response_envelope_is_unwrapped() {
        assert_eq!(
            response_of("[]", "{$ref: '#/components/schemas/CustomerEnvelope'}"),
            SuccessResponse::Envelope {
                envelope: named("CustomerEnvelope"),
                field: "customer".to_owned(),
                inner: named("Customer"),
                or_bare: None,
            }
        );
    }

    #[test]
    fn a_field_not_named_after_its_type_is_no_envelope() {
        let schema = "{type: object, required: [data], properties: {data: {$ref: '#/components/schemas/Customer'}}}";
        assert_eq!(
            response_of("[]", schema),
            SuccessResponse::Single(ResponseBody::Json(named("OpResponse")))
        );
    }

    #[test]
    fn a_list_envelope_returns_its_items() {
        assert_eq!(
            response_of("[]", "{$ref: '#/components/schemas/CustomerList'}"),
            SuccessResponse::List {
                envelope: named("CustomerList"),
                field: "customers".to_owned(),
                item: named("Customer"),
                pagination: None,
            }
        );
    }

    #[test]
    fn a_list_with_a_cursor_and_a_limit_pages_with_a_stream_method() {
        let SuccessResponse::List { pagination, .. } =
            response_of(PAGE_PARAMS, "{$ref: '#/components/schemas/CustomerList'}")
        else {
            panic!("not a list");
        };
        assert_eq!(
            pagination,
            Some(Pagination {
                cursor: "starting_after".to_owned(),
                cursor_wire: "starting_after".to_owned(),
                limit: "limit".to_owned(),
                limit_wire: "limit".to_owned(),
                default_limit: Some(10),
                stream_method: "op_stream".to_owned(),
            })
        );
    }

    #[test]
    fn a_stream_method_avoids_an_operation_of_its_name() {
        let mut api = lowered(&format!(
            "paths:\n  /c:\n    get:\n      operationId: op\n      parameters: {PAGE_PARAMS}\n      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/CustomerList'}}}}}}}}}}\n  /d:\n    get: {{operationId: op_stream, responses: {{'204': {{description: ok}}}}}}\n{SCHEMAS}"
        ));
        super::run(&mut api);
        let SuccessResponse::List {
            pagination: Some(pagination),
            ..
        } = &operation(&api, "op").response
        else {
            panic!("not a paged list");
        };
        assert_eq!(pagination.stream_method, "op_stream2");
    }

    #[test]
    fn a_list_of_items_without_an_id_does_not_page() {
        let schema = "{type: object, required: [names], properties: {names: {type: array, items: {type: string}}}}";
        let SuccessResponse::List {
            item, pagination, ..
        } = response_of(PAGE_PARAMS, schema)
        else {
            panic!("not a list");
        };
        assert_eq!((item, pagination), (TypeRef::String, None));
    }

    #[test]
    fn the_envelope_or_the_bare_object_is_either_and_drops_the_inline_union() {
        let schema = "{oneOf: [{$ref: '#/components/schemas/CustomerEnvelope'}, {$ref: '#/components/schemas/Customer'}]}";
        let before = lowered(&format!(
            "paths:\n  /c:\n    get:\n      operationId: op\n      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {schema}}}}}}}}}\n{SCHEMAS}"
        ));
        assert!(type_names(&before).contains(&"OpResponse"));
        let api = get("[]", schema);
        assert_eq!(
            operation(&api, "op").response,
            SuccessResponse::Envelope {
                envelope: named("CustomerEnvelope"),
                field: "customer".to_owned(),
                inner: named("Customer"),
                or_bare: Some("customer".to_owned()),
            }
        );
        assert!(
            !type_names(&api).contains(&"OpResponse"),
            "{:?}",
            type_names(&api)
        );
    }

    #[test]
    fn a_request_envelope_is_wrapped_by_the_client() {
        let mut api = lowered(&format!(
            "paths:\n  /c:\n    post:\n      operationId: create\n      requestBody: {{content: {{application/json: {{schema: {{type: object, required: [customer], properties: {{customer: {{$ref: '#/components/schemas/Customer'}}}}}}}}}}}}\n      responses: {{'204': {{description: ok}}}}\n{SCHEMAS}"
        ));
        super::run(&mut api);
        let body = operation(&api, "create").body.clone().expect("a body");
        assert_eq!(
            body.kind,
            BodyKind::Json {
                ty: named("Customer"),
                content_type: "application/json".to_owned(),
                envelope: Some("customer".to_owned()),
            }
        );
    }
}
