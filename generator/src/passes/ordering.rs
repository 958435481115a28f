//! Ordering (IR pass): the types sorted by Rust name, so that the output does not depend on the
//! order in which lowering met them.

use crate::ir::Api;

/// Sorts the types by name (names are unique, so the order is total).
pub(crate) fn run(api: &mut Api) {
    api.types.sort_by(|a, b| a.name.cmp(&b.name));
}

#[cfg(test)]
mod tests {
    use crate::lower::testing::{lowered, type_names};

    #[test]
    fn types_are_sorted_by_name() {
        let mut api = lowered(
            "paths: {}\ncomponents:\n  schemas:\n    Zeta: {type: object, properties: {alpha: {type: object, properties: {a: {type: string}}}}}\n    Beta: {type: string, enum: [b]}\n",
        );
        assert_eq!(type_names(&api), ["Beta", "ZetaAlpha", "Zeta"]);
        super::run(&mut api);
        assert_eq!(type_names(&api), ["Beta", "Zeta", "ZetaAlpha"]);
    }
}
