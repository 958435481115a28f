//! What an operation reaches (shared by the usage and features passes): the types of its
//! parameters, body, responses and error bodies, and every type those reach.

use crate::ir::{Body, BodyKind, Operation, ResponseBody, SuccessResponse, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// The types an operation names directly: those callers give (parameters and body) and those
/// it returns (success and error bodies). The params struct is left out: its fields are the
/// parameters, which are in.
pub(crate) fn operation_roots(op: &Operation) -> (Vec<&TypeRef>, Vec<&TypeRef>) {
    let mut inputs: Vec<&TypeRef> = op
        .path_params
        .iter()
        .chain(&op.params)
        .map(|p| &p.ty)
        .collect();
    if let Some(Body {
        kind: BodyKind::Json { ty, .. } | BodyKind::Form { ty },
        ..
    }) = &op.body
    {
        inputs.push(ty);
    }
    let mut outputs = Vec::new();
    match &op.response {
        SuccessResponse::Single(ResponseBody::Json(ty)) => outputs.push(ty),
        SuccessResponse::Envelope { envelope, .. } | SuccessResponse::List { envelope, .. } => {
            outputs.push(envelope)
        }
        SuccessResponse::ByStatus { ty } => outputs.push(ty),
        SuccessResponse::Single(_) => {}
    }
    outputs.extend(op.error_bodies.iter().map(|(_, ty)| ty));
    (inputs, outputs)
}

/// The names of every type reachable from `roots` through fields, variants, arrays and maps.
pub(crate) fn reachable<'a>(
    index: &BTreeMap<&str, &'a TypeKind>,
    roots: impl IntoIterator<Item = &'a TypeRef>,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&TypeRef> = roots.into_iter().collect();
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Named(name) => {
                if !seen.insert(name.clone()) {
                    continue;
                }
                match index.get(name.as_str()) {
                    Some(TypeKind::Struct(s)) => {
                        stack.extend(s.fields.iter().map(|f| &f.ty));
                        stack.extend(s.additional.iter());
                    }
                    Some(TypeKind::Union(u)) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    Some(TypeKind::Responses(variants)) => {
                        stack.extend(variants.iter().filter_map(|v| match &v.body {
                            ResponseBody::Json(ty) => Some(ty),
                            _ => None,
                        }))
                    }
                    _ => {}
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Expandable(inner) => {
                stack.push(inner)
            }
            _ => {}
        }
    }
    seen
}
