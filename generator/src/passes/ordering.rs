//! Ordering (IR pass): the types sorted by Rust name, so that the output does not depend on the
//! order in which lowering met them.

use crate::ir::Api;

/// Sorts the types by name (names are unique, so the order is total).
pub(crate) fn run(api: &mut Api) {
    api.types.sort_by(|a, b| a.name.cmp(&b.name));
}
