//! IR passes (step 6 of the pipeline): rules that look at the whole API after lowering and
//! rewrite or annotate the IR, each in its own module, run in order by [`run`]. Emit reads their
//! results as data and decides nothing of this itself.

mod boxing;
mod dedup;
mod docs;
mod envelopes;
mod expandable;
mod features;
mod ordering;
mod reach;
mod usage;

use crate::ir::Api;

/// Runs every pass, in order:
///
/// 1. [`dedup`]: one type per shape, copies of an inline shape merged;
/// 2. [`boxing`]: box the fields and variants through which a type contains itself;
/// 3. [`envelopes`]: unwrap response envelopes (objects, lists, pages) and wrap request ones;
/// 4. [`expandable`]: mark the structs that are the object side of an `Expandable`;
/// 5. [`usage`]: mark which structs travel in requests and which only in responses;
/// 6. [`features`]: a cargo feature per group of operations, and which features each type needs;
/// 7. [`docs`]: a line of docs for every field and variant the spec leaves without one;
/// 8. [`ordering`]: sort the types by name.
///
/// No pass depends on the order of the types, so sorting may come last.
pub(crate) fn run(api: &mut Api) {
    dedup::run(api);
    boxing::run(api);
    envelopes::run(api);
    expandable::run(api);
    usage::run(api);
    features::run(api);
    docs::run(api);
    ordering::run(api);
}
