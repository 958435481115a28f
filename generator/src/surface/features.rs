//! How the cargo features of a crate changed: which feature turns on each operation and type.
//! What a crate built with some features no longer has breaks it; what it gains does not.

use super::Surface;
use std::collections::BTreeSet;

/// The feature changes from `old` to `new`, told to `push` (breaking or not, and what changed).
pub(super) fn diff(old: &Surface, new: &Surface, push: &mut impl FnMut(bool, String)) {
    let had_features = old.operations.values().any(|op| !op.feature.is_empty());
    let has_features = new.operations.values().any(|op| !op.feature.is_empty());
    if !had_features {
        if has_features {
            // A crate built with `default-features = false` (another TLS backend) loses every
            // operation until it turns on `all-resources` or the resources it uses.
            push(
                true,
                "operations and the types only they use are now behind a cargo feature per resource (`default` turns on `all-resources`; with `default-features = false`, add `all-resources` or the resources used)".to_owned(),
            );
        }
        return;
    }
    let features = |s: &Surface| -> BTreeSet<String> {
        s.operations.values().map(|op| op.feature.clone()).collect()
    };
    let (before, after) = (features(old), features(new));
    for feature in after.difference(&before) {
        push(false, format!("feature `{feature}` added"));
    }
    // A manifest that names it no longer resolves.
    for feature in before.difference(&after) {
        push(true, format!("feature `{feature}` removed"));
    }
    for (name, op) in &new.operations {
        if let Some(before) = old.operations.get(name)
            && before.feature != op.feature
        {
            push(
                true,
                format!(
                    "operation `{name}`: now behind feature `{}` (was `{}`)",
                    op.feature, before.feature
                ),
            );
        }
    }
    for name in new
        .types
        .keys()
        .filter(|name| old.types.contains_key(*name))
    {
        let before = old.type_features.get(name);
        let after = new.type_features.get(name);
        match (before, after) {
            (None, Some(after)) => push(
                true,
                format!(
                    "type `{name}`: now behind feature(s) {} (was always there)",
                    listed(after)
                ),
            ),
            (Some(before), Some(after)) if before != after => {
                // Breaking when a feature that turned it on no longer does.
                let lost: Vec<String> = before
                    .iter()
                    .filter(|f| !after.contains(f))
                    .cloned()
                    .collect();
                push(
                    !lost.is_empty(),
                    format!(
                        "type `{name}`: behind feature(s) {} (was {})",
                        listed(after),
                        listed(before)
                    ),
                );
            }
            (Some(before), None) => push(
                false,
                format!(
                    "type `{name}`: always there (was behind {})",
                    listed(before)
                ),
            ),
            _ => {}
        }
    }
}

/// `` `a`, `b` ``.
fn listed(features: &[String]) -> String {
    features
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
