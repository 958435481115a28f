//! Expandable targets (IR pass): marks the structs that are the object side of an `Expandable`
//! somewhere ([`Struct::expandable_target`]), which implement `Identified` even without an ID
//! field so that `Expandable::id()` works on them.

use crate::ir::{Api, Struct, TypeKind, TypeRef};
use std::collections::BTreeSet;

/// Marks every struct that a field or union variant holds as `Expandable<T>` (directly or inside
/// arrays and maps), in one pass over the API: asking for each type in turn would take time
/// quadratic in their number.
pub(crate) fn run(api: &mut Api) {
    fn collect(ty: &TypeRef, out: &mut BTreeSet<String>) {
        match ty {
            TypeRef::Expandable(inner) => {
                if let TypeRef::Named(name) = &**inner {
                    out.insert(name.clone());
                }
                collect(inner, out);
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) => collect(inner, out),
            _ => {}
        }
    }
    let mut targets = BTreeSet::new();
    for def in &api.types {
        match &def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| collect(&f.ty, &mut targets));
                if let Some(ty) = &s.additional {
                    collect(ty, &mut targets);
                }
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| collect(&v.ty, &mut targets)),
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) | TypeKind::Responses(_) => {}
        }
    }
    for def in &mut api.types {
        if let TypeKind::Struct(Struct {
            expandable_target, ..
        }) = &mut def.kind
        {
            *expandable_target = targets.contains(&def.name);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::testing::{lowered, strukt};

    #[test]
    fn the_object_side_of_an_expandable_is_marked() {
        let mut api = lowered(
            "paths: {}\ncomponents:\n  schemas:\n    Customer: {type: object, properties: {name: {type: string}}}\n    Plan: {type: object, properties: {name: {type: string}}}\n    Order:\n      type: object\n      properties:\n        customer: {anyOf: [{type: string}, {$ref: '#/components/schemas/Customer'}]}\n        plans: {type: array, items: {anyOf: [{$ref: '#/components/schemas/Plan'}, {type: string}]}}\n",
        );
        assert!(!strukt(&api, "Customer").expandable_target);
        super::run(&mut api);
        assert!(strukt(&api, "Customer").expandable_target);
        assert!(strukt(&api, "Plan").expandable_target, "through an array");
        assert!(!strukt(&api, "Order").expandable_target);
    }
}
