//! Boxing (IR pass): fields and union variants through which a type contains itself get a
//! `Box`, found by one strongly-connected-components pass over the graph of type references.

use crate::ir::{Api, TypeKind, TypeRef};
use std::collections::BTreeMap;

/// Boxes every field (and union variant) whose type leads back to the type that holds it without
/// passing through a `Vec`, map or `Expandable` (which already allocate), so that recursive types
/// have a size.
pub(crate) fn run(api: &mut Api) {
    let types = &mut api.types;
    // A field's target leads back to its owner exactly when both are in one strongly connected
    // component of the graph of direct (unboxed) type references; Tarjan's algorithm finds the
    // components in linear time, so a spec of thousands of schemas stays fast.
    let index: BTreeMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let direct = |ty: &TypeRef| match ty {
        TypeRef::Named(n) => index.get(n.as_str()).copied(),
        _ => None,
    };
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
            TypeKind::Union(u) => u.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) | TypeKind::Responses(_) => Vec::new(),
        })
        .collect();
    let component = strongly_connected_components(&edges);
    let same = |a: usize, b: Option<usize>| b.is_some_and(|b| component[a] == component[b]);
    let targets: Vec<Vec<Option<usize>>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| direct(&f.ty)).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| direct(&v.ty)).collect(),
            _ => Vec::new(),
        })
        .collect();
    for (owner, def) in types.iter_mut().enumerate() {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for (field, target) in s.fields.iter_mut().zip(&targets[owner]) {
                    field.boxed = same(owner, *target);
                }
            }
            TypeKind::Union(u) => {
                // A variant lowering boxed already (a webhook event's) stays boxed.
                for (variant, target) in u.variants.iter_mut().zip(&targets[owner]) {
                    variant.boxed |= same(owner, *target);
                }
            }
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) | TypeKind::Responses(_) => {}
        }
    }
}

/// Tarjan's algorithm, iterative (a long chain of types must not overflow the stack): the
/// component number of each node.
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut next_component = 0;
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut work = vec![(root, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && order[node] == UNSEEN {
                order[node] = next_order;
                low[node] = next_order;
                next_order += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNSEEN {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, TypeKind};
    use crate::lower::testing::{field, lowered, strukt};

    /// These component schemas lowered and boxed.
    fn boxed(schemas: &str) -> Api {
        let mut api = lowered(&format!("paths: {{}}\ncomponents:\n  schemas:\n{schemas}"));
        assert!(
            api.types.iter().all(|t| match &t.kind {
                TypeKind::Struct(s) => s.fields.iter().all(|f| !f.boxed),
                _ => true,
            }),
            "lowering boxes nothing"
        );
        super::run(&mut api);
        api
    }

    #[test]
    fn a_struct_that_contains_itself_is_boxed_but_not_through_a_vec() {
        let api = boxed(
            "    Node:\n      type: object\n      properties:\n        parent: {$ref: '#/components/schemas/Node'}\n        children: {type: array, items: {$ref: '#/components/schemas/Node'}}\n        name: {type: string}\n",
        );
        let node = strukt(&api, "Node");
        assert!(field(node, "parent").boxed);
        assert!(!field(node, "children").boxed);
        assert!(!field(node, "name").boxed);
    }

    #[test]
    fn mutual_recursion_boxes_both_sides_and_nothing_else() {
        let api = boxed(
            "    A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}}}\n    B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}, c: {$ref: '#/components/schemas/C'}}}\n    C: {type: object, properties: {x: {type: string}}}\n",
        );
        assert!(field(strukt(&api, "A"), "b").boxed);
        assert!(field(strukt(&api, "B"), "a").boxed);
        assert!(!field(strukt(&api, "B"), "c").boxed);
    }

    #[test]
    fn a_union_variant_that_leads_back_to_the_union_is_boxed() {
        let api = boxed(
            "    Expr:\n      oneOf:\n        - {$ref: '#/components/schemas/Not'}\n        - {type: boolean}\n    Not: {type: object, required: [inner], properties: {inner: {$ref: '#/components/schemas/Expr'}}}\n",
        );
        let TypeKind::Union(union) = &crate::lower::testing::type_def(&api, "Expr").kind else {
            panic!("not a union");
        };
        let boxed: Vec<(&str, bool)> = union
            .variants
            .iter()
            .map(|v| (v.name.as_str(), v.boxed))
            .collect();
        assert_eq!(boxed, [("Not", true), ("Boolean", false)]);
        assert!(field(strukt(&api, "Not"), "inner").boxed);
    }
}
