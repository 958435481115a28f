//! Dedup (IR pass): one type per shape. A spec often repeats an inline shape (the same request
//! object under `/v1/customers/{c}/subscriptions/{id}` and `/v1/subscriptions/{id}`, an enum whose
//! one value is the empty string under every field that can be unset): each copy became a type
//! named after where it stands. Copies of the same shape, field for field (names, wire names,
//! docs, types, all but the type's own name, docs and origin), become one type, under the
//! shortest of their names (then the first in order), and every reference to a copy names it.
//!
//! Only types the generator named are merged away: a schema of `components` keeps its name, and
//! two components of the same shape stay two types (the spec's author named both). An inline copy
//! of a component's shape becomes that component. Params structs, the enums of operations'
//! statuses and the webhook event enum are never merged.
//!
//! Shapes are compared as a partition refined to a fixed point (as a minimal automaton is
//! found): first by each type's shape with the types it names left out, then, round after round,
//! by its shape with each named type replaced by that type's class, until no class splits. So
//! two recursive types are copies when their whole graphs are.

use crate::ir::{Api, TypeDef, TypeKind, TypeRole, TypeSource};
use std::collections::BTreeMap;

pub(crate) fn run(api: &mut Api) {
    let index: BTreeMap<String, usize> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let classes = classes(&api.types, &index);
    // Each class's keeper: its component with the shortest name, else its generator-named type
    // with the shortest name; ties by name.
    let mut keeper: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, def) in api.types.iter().enumerate() {
        if !mergeable(def) && !is_component(def) {
            continue;
        }
        let class = classes[i];
        let rank = |d: &TypeDef| (!is_component(d), d.name.len(), d.name.clone());
        match keeper.get(&class) {
            Some(&k) if rank(&api.types[k]) <= rank(def) => {}
            _ => {
                keeper.insert(class, i);
            }
        }
    }
    let renames: BTreeMap<String, String> = api
        .types
        .iter()
        .enumerate()
        .filter(|(_, def)| mergeable(def))
        .filter_map(|(i, def)| {
            let k = keeper[&classes[i]];
            (k != i).then(|| (def.name.clone(), api.types[k].name.clone()))
        })
        .collect();
    if renames.is_empty() {
        return;
    }
    api.types.retain(|def| !renames.contains_key(&def.name));
    let mut rename = |name: &mut String| {
        if let Some(to) = renames.get(name) {
            name.clone_from(to);
        }
    };
    for def in &mut api.types {
        for ty in def.kind.refs_mut() {
            ty.for_each_name_mut(&mut rename);
        }
    }
    for op in &mut api.operations {
        for ty in op.refs_mut() {
            ty.for_each_name_mut(&mut rename);
        }
    }
    if let Some(event) = &mut api.webhooks.event {
        event.for_each_name_mut(&mut rename);
    }
}

/// A type the generator named from where it stands: an inline schema, of an operation or inside
/// a component, documented by the spec.
fn mergeable(def: &TypeDef) -> bool {
    // An empty struct says nothing but where it stands (a tagged union's variant whose one
    // property was the tag): merged, one variant would hold a type named after another.
    if matches!(&def.kind, TypeKind::Struct(s) if s.fields.is_empty()) {
        return false;
    }
    def.role == TypeRole::Schema
        && match &def.source {
            TypeSource::Component { properties, .. } => !properties.is_empty(),
            TypeSource::Operation { .. } => true,
            TypeSource::Other(_) => false,
        }
}

/// A schema of `components` itself.
fn is_component(def: &TypeDef) -> bool {
    def.role == TypeRole::Schema
        && matches!(&def.source, TypeSource::Component { properties, .. } if properties.is_empty())
}

/// The class of each type (by index): equal classes, equal shapes.
fn classes(types: &[TypeDef], index: &BTreeMap<String, usize>) -> Vec<usize> {
    // Each type's shape is written once, with the names it holds blanked, beside the list of
    // those names in order: the shape with each name replaced by its class is then the pair of
    // the blank shape and the list of classes, compared without writing it again each round.
    let shapes: Vec<(Option<usize>, String, Vec<Named>)> = types
        .iter()
        .enumerate()
        .map(|(i, def)| {
            let solo = !mergeable(def) && !is_component(def);
            let (blank, names) = shape(&def.kind, index);
            (solo.then_some(i), blank, names)
        })
        .collect();
    // Types that are never merged and never kept are each a class of their own.
    let blanks = number(shapes.iter().map(|(solo, blank, _)| (*solo, blank)));
    // Round 0: the shape with every type name blanked.
    let mut classes = blanks.clone();
    loop {
        let next = number(shapes.iter().enumerate().map(|(i, (_, _, names))| {
            let names: Vec<Named> = names
                .iter()
                .map(|name| match name {
                    Named::Type(j) => Named::Type(classes[*j]),
                    Named::Other(other) => Named::Other(other),
                })
                .collect();
            (classes[i], (blanks[i], names))
        }));
        let count = |c: &[usize]| c.iter().max().map_or(0, |m| m + 1);
        if count(&next) == count(&classes) {
            return next;
        }
        classes = next;
    }
}

/// A name a type's shape holds: a type of the API (by index, or by class), or a name that is
/// none of them.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Named<'a> {
    Type(usize),
    Other(&'a str),
}

/// Numbers the distinct keys, in order of first appearance.
fn number<K: Ord>(keys: impl Iterator<Item = K>) -> Vec<usize> {
    let mut seen: BTreeMap<K, usize> = BTreeMap::new();
    keys.map(|key| {
        let next = seen.len();
        *seen.entry(key).or_insert(next)
    })
    .collect()
}

/// The type's shape as text with every type name it holds blanked, and those names in order.
fn shape<'a>(kind: &'a TypeKind, index: &BTreeMap<String, usize>) -> (String, Vec<Named<'a>>) {
    let mut names = Vec::new();
    for ty in kind.refs() {
        ty.for_each_name(&mut |name: &'a str| {
            names.push(
                index
                    .get(name)
                    .map_or(Named::Other(name), |&j| Named::Type(j)),
            );
        });
    }
    let mut blank = kind.clone();
    for ty in blank.refs_mut() {
        ty.for_each_name_mut(&mut String::clear);
    }
    (format!("{blank:?}"), names)
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, TypeRef};
    use crate::lower::testing::{field, lowered, operation, strukt};

    fn deduped(rest: &str) -> Api {
        let mut api = lowered(rest);
        super::run(&mut api);
        api
    }

    fn names(api: &Api) -> Vec<&str> {
        let mut names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
        names.sort_unstable();
        names
    }

    /// Two operations with the same inline body, whose `clear` is an inline enum of `""`.
    const COPIES: &str = "paths:\n  /v1/customers/{c}/subscriptions/{id}:\n    post:\n      operationId: updateCustomerSubscription\n      parameters: [{name: c, in: path, required: true, schema: {type: string}}, {name: id, in: path, required: true, schema: {type: string}}]\n      requestBody: {content: {application/json: {schema: {type: object, properties: {note: {type: string}, clear: {type: string, enum: ['']}}}}}}\n      responses: {'204': {description: ok}}\n  /v1/subscriptions/{id}:\n    post:\n      operationId: updateSubscription\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      requestBody: {content: {application/json: {schema: {type: object, properties: {note: {type: string}, clear: {type: string, enum: ['']}}}}}}\n      responses: {'204': {description: ok}}\n";

    #[test]
    fn copies_of_an_inline_shape_become_the_one_with_the_shortest_name() {
        let api = deduped(COPIES);
        assert_eq!(
            names(&api),
            ["UpdateSubscriptionBody", "UpdateSubscriptionBodyClear"]
        );
        for op in ["update_customer_subscription", "update_subscription"] {
            let body = operation(&api, op).body.as_ref().expect("a body");
            let crate::ir::BodyKind::Json { ty, .. } = &body.kind else {
                panic!("JSON");
            };
            assert_eq!(ty, &TypeRef::Named("UpdateSubscriptionBody".to_owned()));
        }
        let clear = field(strukt(&api, "UpdateSubscriptionBody"), "clear");
        assert_eq!(
            clear.ty,
            TypeRef::Named("UpdateSubscriptionBodyClear".to_owned())
        );
    }

    #[test]
    fn components_keep_their_names_and_take_in_inline_copies() {
        let api = deduped(
            "paths:\n  /a:\n    get:\n      operationId: getA\n      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {b: {type: object, properties: {x: {type: string}}}}}}}}}\ncomponents:\n  schemas:\n    Point: {type: object, properties: {x: {type: string}}}\n    Spot: {type: object, properties: {x: {type: string}}}\n",
        );
        // `Point` and `Spot` are both the author's; the inline `GetAResponseB` becomes the one
        // with the shorter name.
        assert_eq!(names(&api), ["GetAResponse", "Point", "Spot"]);
        let b = field(strukt(&api, "GetAResponse"), "b");
        assert_eq!(b.ty, TypeRef::Named("Spot".to_owned()));
    }

    #[test]
    fn shapes_that_differ_below_stay_apart() {
        // The same outer shape, but the inner objects differ in a field's type.
        let api = deduped(
            "paths:\n  /a:\n    get:\n      operationId: getA\n      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {one: {type: object, properties: {in: {type: object, properties: {x: {type: string}}}}}, two: {type: object, properties: {in: {type: object, properties: {x: {type: integer}}}}}}}}}}}\n",
        );
        assert_eq!(
            names(&api),
            [
                "GetAResponse",
                "GetAResponseOne",
                "GetAResponseOneIn",
                "GetAResponseTwo",
                "GetAResponseTwoIn"
            ]
        );
    }
}
