//! Envelopes (IR pass): success bodies that wrap one object (`{"customer": Customer}`) or one
//! list (`{"customers": [Customer]}`, paged when the operation takes a cursor) are unwrapped, and
//! request bodies that wrap one object are wrapped by the client instead of the caller.

use crate::ir::{
    Api, Body, BodyKind, Field, Operation, Pagination, ParamLocation, ResponseBody, Struct,
    SuccessResponse, TypeDef, TypeKind, TypeRef,
};
use crate::naming::snake_name;
use std::collections::{BTreeMap, BTreeSet};

/// Finds every envelope the operations of `api` send or receive.
pub(crate) fn run(api: &mut Api) {
    let structs = Structs::new(&api.types);
    for operation in &mut api.operations {
        if let SuccessResponse::Single(ResponseBody::Json(ty)) = &operation.response {
            if let Some((field, inner)) = structs.envelope_field(ty) {
                operation.response = SuccessResponse::Envelope {
                    envelope: ty.clone(),
                    field,
                    inner,
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
    name_streams(api);
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

/// The structs of the API by name.
struct Structs<'a>(BTreeMap<&'a str, &'a Struct>);

impl<'a> Structs<'a> {
    fn new(types: &'a [TypeDef]) -> Self {
        Structs(
            types
                .iter()
                .filter_map(|t| match &t.kind {
                    TypeKind::Struct(s) => Some((t.name.as_str(), s)),
                    _ => None,
                })
                .collect(),
        )
    }

    /// The struct a named type is, if it is one.
    fn get(&self, ty: &TypeRef) -> Option<&'a Struct> {
        let TypeRef::Named(name) = ty else {
            return None;
        };
        self.0.get(name.as_str()).copied()
    }

    /// A single-field object whose field is named after the type it holds (`{"checkout_session":
    /// CheckoutSession}`) is an envelope: the client returns what is inside.
    fn envelope_field(&self, ty: &TypeRef) -> Option<(String, TypeRef)> {
        let field = only_field(self.get(ty)?)?;
        let TypeRef::Named(inner) = &field.ty else {
            return None;
        };
        (snake_name(inner, "") == field.wire_name).then(|| (field.name.clone(), field.ty.clone()))
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
                .query_params
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
