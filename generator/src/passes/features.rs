//! Features (IR pass): a cargo feature per group of operations (their module: a tag, or a path's
//! first resource), and for every type the features whose operations reach it ([`Gate`]), so that
//! a crate built with some features compiles only their operations and the types they need.
//!
//! A type reached by no operation, or by something always there (the webhook event enum aside),
//! is always there. The webhook event enum is always there, but not what it reaches: each of its
//! variants is there when its payload type is (emit gates the variant), so that a crate built for
//! checkout sessions alone does not compile every object a webhook may carry.

use super::reach::{operation_roots, reachable};
use crate::ir::{Api, Feature, Gate, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Feature names a resource cannot take: cargo's `default`, the generated crate's own features,
/// and `std`, which crates conventionally mean something else by.
const TAKEN: [&str; 6] = [
    "default",
    "std",
    "all-resources",
    "native-tls",
    "rustls-aws-lc",
    "rustls-ring",
];

pub(crate) fn run(api: &mut Api) {
    let modules: BTreeSet<&str> = api.operations.iter().map(|op| op.module.as_str()).collect();
    api.features = modules
        .into_iter()
        .map(|module| Feature {
            name: feature_name(module),
            module: module.to_owned(),
        })
        .collect();
    let feature_of: BTreeMap<&str, &str> = api
        .features
        .iter()
        .map(|f| (f.module.as_str(), f.name.as_str()))
        .collect();
    let index: BTreeMap<&str, &TypeKind> = api
        .types
        .iter()
        .map(|t| (t.name.as_str(), &t.kind))
        .collect();
    // The features of the operations that reach each type (the params struct too: it is the
    // operation's own).
    let mut reached: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for op in &api.operations {
        let (inputs, outputs) = operation_roots(op);
        let params = op.params_struct.clone().map(TypeRef::Named);
        let feature = feature_of[op.module.as_str()];
        let roots = inputs.into_iter().chain(outputs).chain(params.as_ref());
        for name in reachable(&index, roots) {
            reached.entry(name).or_default().insert(feature.to_owned());
        }
    }
    let every = api.features.len();
    // `None`: always there. A type every feature reaches (the error body, say) is as good as
    // always there.
    let mut gates: BTreeMap<String, Option<BTreeSet<String>>> = reached
        .into_iter()
        .map(|(name, features)| {
            let gate = (features.len() < every).then_some(features);
            (name, gate)
        })
        .collect();
    let webhook_event = match &api.webhooks.event {
        Some(TypeRef::Named(name)) => Some(name.as_str()),
        _ => None,
    };
    let unreached: Vec<(String, BTreeSet<String>)> = api
        .types
        .iter()
        .filter(|t| !gates.contains_key(&t.name) && Some(t.name.as_str()) != webhook_event)
        .map(|t| {
            let reach = reachable(&index, [&TypeRef::Named(t.name.clone())]);
            (t.name.clone(), reach)
        })
        .collect();
    let unreached_gates = unreached_gates(&unreached, &mut gates);
    for def in &mut api.types {
        let gate = match gates.get(&def.name) {
            Some(gate) => gate.as_ref(),
            None => unreached_gates.get(&def.name).and_then(Option::as_ref),
        };
        def.gate = match gate {
            Some(features) => Gate::Any(features.iter().cloned().collect()),
            None => Gate::Always,
        };
    }
    // A variant whose type is not on wherever its union is (a webhook event's payload) is gated.
    let gates: BTreeMap<String, Gate> = api
        .types
        .iter()
        .map(|t| (t.name.clone(), t.gate.clone()))
        .collect();
    for def in &mut api.types {
        if let TypeKind::Union(union) = &mut def.kind {
            for variant in &mut union.variants {
                if let TypeRef::Named(name) = &variant.ty {
                    let gate = &gates[name];
                    if !gate.holds_within(&def.gate) {
                        variant.gate = gate.clone();
                    }
                }
            }
        }
    }
}

/// The gates of the types no operation reaches (a webhook event's payload, a request envelope the
/// client writes itself, a schema nothing uses), each with what it reaches: there when every
/// type it reaches that an operation reaches is, so with the features all of those share, or
/// always when they share none or it reaches none. A type always there makes what it reaches
/// always there, in `gates`, which can change what the others share: repeated until it does not.
fn unreached_gates(
    unreached: &[(String, BTreeSet<String>)],
    gates: &mut BTreeMap<String, Option<BTreeSet<String>>>,
) -> BTreeMap<String, Option<BTreeSet<String>>> {
    loop {
        let mut out = BTreeMap::new();
        let mut forced = BTreeSet::new();
        for (name, reach) in unreached {
            // What the gated types it reaches share; one always there adds no condition.
            let mut shared: Option<BTreeSet<String>> = None;
            for features in reach.iter().filter_map(|t| gates.get(t)).flatten() {
                shared = Some(match shared {
                    None => features.clone(),
                    Some(so_far) => so_far.intersection(features).cloned().collect(),
                });
            }
            match shared {
                Some(features) if features.is_empty() => {
                    let gated = reach
                        .iter()
                        .filter(|t| matches!(gates.get(*t), Some(Some(_))));
                    forced.extend(gated.cloned());
                    out.insert(name.clone(), None);
                }
                gate => {
                    out.insert(name.clone(), gate);
                }
            }
        }
        if forced.is_empty() {
            return out;
        }
        for name in forced {
            gates.insert(name, None);
        }
    }
}

/// `checkout_sessions` → `checkout-sessions`; a name cargo or the crate takes gets `-resource`.
fn feature_name(module: &str) -> String {
    let name = module
        .trim_start_matches("r#")
        .trim_end_matches('_')
        .replace('_', "-");
    if TAKEN.contains(&name.as_str()) {
        format!("{name}-resource")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, Gate};
    use crate::lower::testing::{lowered, type_def};

    const BASE: &str = "paths:\n  /v1/a:\n    get:\n      operationId: getA\n      tags: [Checkout Sessions]\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}}\n  /v1/b:\n    get:\n      operationId: getB\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/B'}}}}}\n  /default:\n    get:\n      operationId: getDefault\n      tags: [default]\n      responses: {'204': {description: ok}}\nx-webhooks:\n  solo.created:\n    post:\n      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Solo'}}}}\n      responses: {'200': {description: ok}}\n  a.created:\n    post:\n      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}\n      responses: {'200': {description: ok}}\ncomponents:\n  schemas:\n    A: {type: object, properties: {shared: {$ref: '#/components/schemas/Shared'}}}\n    B: {type: object, properties: {shared: {$ref: '#/components/schemas/Shared'}, items: {type: array, items: {$ref: '#/components/schemas/Item'}}}}\n    Shared: {type: object, properties: {s: {type: string}}}\n    Item: {type: object, properties: {i: {type: string}}}\n    Orphan: {type: object, properties: {held: {$ref: '#/components/schemas/Held'}}}\n    Held: {type: object, properties: {h: {type: string}}}\n    Solo: {type: object, properties: {x: {type: string}}}\n    Wrapper: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}\n";

    /// Two tags sharing `Shared`; `Orphan` no operation uses holds `Held`; a webhook carries `Solo`;
    /// `Wrapper`, which no operation uses, holds `A`.
    fn api() -> Api {
        api_with("")
    }

    /// [`api`] with more schemas (YAML, indented as `schemas`' entries).
    fn api_with(more: &str) -> Api {
        let mut api = lowered(&format!("{BASE}{more}"));
        crate::passes::run(&mut api);
        api
    }

    fn gate(api: &Api, name: &str) -> Gate {
        type_def(api, name).gate.clone()
    }

    fn any(features: &[&str]) -> Gate {
        Gate::Any(features.iter().map(|f| (*f).to_owned()).collect())
    }

    #[test]
    fn a_feature_per_tag_or_resource_named_in_kebab_case() {
        let api = api();
        let names: Vec<(&str, &str)> = api
            .features
            .iter()
            .map(|f| (f.module.as_str(), f.name.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("b", "b"),
                ("checkout_sessions", "checkout-sessions"),
                ("default", "default-resource")
            ]
        );
    }

    #[test]
    fn a_type_needs_the_features_that_reach_it() {
        let api = api();
        assert_eq!(gate(&api, "A"), any(&["checkout-sessions"]));
        assert_eq!(gate(&api, "Item"), any(&["b"]));
        assert_eq!(gate(&api, "Shared"), any(&["b", "checkout-sessions"]));
    }

    #[test]
    fn what_no_operation_reaches_is_always_there_and_so_is_what_it_reaches() {
        let api = api();
        assert_eq!(gate(&api, "Orphan"), Gate::Always);
        assert_eq!(gate(&api, "Held"), Gate::Always);
        // The webhook enum is always there; a payload an operation returns keeps its gate.
        assert_eq!(gate(&api, "WebhookEvent"), Gate::Always);
        assert_eq!(gate(&api, "Solo"), Gate::Always);
        assert_eq!(gate(&api, "A"), any(&["checkout-sessions"]));
    }

    #[test]
    fn what_no_operation_reaches_needs_what_the_types_it_holds_share() {
        let api = api();
        assert_eq!(gate(&api, "Wrapper"), any(&["checkout-sessions"]));
    }

    #[test]
    fn a_type_whose_parts_share_no_feature_is_always_there_with_its_parts() {
        // `Both` holds `A` (checkout-sessions) and `Item` (b): no one feature turns on both.
        let api = api_with(
            "    Both: {type: object, properties: {w: {$ref: '#/components/schemas/Wrapper'}, i: {$ref: '#/components/schemas/Item'}}}\n",
        );
        assert_eq!(gate(&api, "Both"), Gate::Always);
        assert_eq!(gate(&api, "Item"), Gate::Always);
        assert_eq!(gate(&api, "A"), Gate::Always);
        assert_eq!(gate(&api, "Wrapper"), Gate::Always);
    }

    #[test]
    fn a_webhook_variant_is_gated_by_its_payload() {
        let api = api();
        let crate::ir::TypeKind::Union(event) = &type_def(&api, "WebhookEvent").kind else {
            panic!("a union");
        };
        let gates: Vec<(&str, &Gate)> = event
            .variants
            .iter()
            .map(|v| (v.name.as_str(), &v.gate))
            .collect();
        assert_eq!(
            gates,
            [
                ("SoloCreated", &Gate::Always),
                ("ACreated", &any(&["checkout-sessions"]))
            ]
        );
    }

    #[test]
    fn gates_nest() {
        assert!(Gate::Always.holds_within(&any(&["a"])));
        assert!(any(&["a", "b"]).holds_within(&any(&["a"])));
        assert!(!any(&["a"]).holds_within(&any(&["a", "b"])));
        assert!(!any(&["a"]).holds_within(&Gate::Always));
    }
}
