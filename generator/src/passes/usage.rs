//! Usage (IR pass): which structs travel in requests and which only in responses
//! ([`Struct::usage`]), found by walking from each operation's parameters, body and responses,
//! and from the webhook events.

use crate::ir::{
    Api, Body, BodyKind, ResponseBody, Struct, SuccessResponse, TypeKind, TypeRef, Usage,
};
use std::collections::{BTreeMap, BTreeSet};

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
        inputs.extend(op.path_params.iter().chain(&op.query_params).map(|p| &p.ty));
        if let Some(Body {
            kind: BodyKind::Json { ty, .. } | BodyKind::Form { ty },
            ..
        }) = &op.body
        {
            inputs.push(ty);
        }
        match &op.response {
            SuccessResponse::Single(ResponseBody::Json(ty)) => outputs.push(ty),
            SuccessResponse::Envelope { envelope, .. } | SuccessResponse::List { envelope, .. } => {
                outputs.push(envelope)
            }
            SuccessResponse::ByStatus { variants, .. } => {
                outputs.extend(variants.iter().filter_map(|v| match &v.body {
                    ResponseBody::Json(ty) => Some(ty),
                    _ => None,
                }))
            }
            SuccessResponse::Single(_) => {}
        }
        outputs.extend(op.error_bodies.iter().map(|(_, ty)| ty));
    }
    // Webhook events arrive like responses do: read, never built.
    outputs.extend(api.webhooks.event.iter());
    let requests = reachable(&index, inputs);
    let responses = reachable(&index, outputs);
    for def in &mut api.types {
        if let TypeKind::Struct(Struct { usage, .. }) = &mut def.kind {
            if *usage == Usage::Params {
                continue;
            }
            *usage = if requests.contains(&def.name) {
                Usage::Request
            } else if responses.contains(&def.name) {
                Usage::Response
            } else {
                Usage::Unused
            };
        }
    }
}

/// The names of every type reachable from `roots` through fields, variants, arrays and maps.
fn reachable(index: &BTreeMap<&str, &TypeKind>, roots: Vec<&TypeRef>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&TypeRef> = roots;
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
