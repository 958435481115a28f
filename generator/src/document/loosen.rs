//! Loosening (part of the downgrade, step 4, in every version): what no Rust type checks, or
//! `openapiv3` cannot hold, dropped or widened with a warning: validation-only keywords, numbers
//! beyond `i64`, lengths that are not counts, a `pattern` that is not text.

use super::downgrade::Rewrite;
use crate::diagnostics::pointer::Pointer;
use serde_json::{Map, Value};

/// JSON Schema keywords (of 3.1, or in 3.0 documents that use them anyway) that constrain a
/// value without changing its Rust type: dropped, with a warning.
const VALIDATION_ONLY: &[&str] = &[
    "not",
    "propertyNames",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "minContains",
    "maxContains",
    "$dynamicAnchor",
];

/// Keywords whose value `openapiv3` reads as a count (`usize`).
const COUNTS: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

impl Rewrite<'_> {
    /// What no Rust type checks, or `openapiv3` cannot read, in any version.
    pub(crate) fn loosen(&mut self, map: &mut Map<String, Value>, at: &Pointer) {
        for keyword in VALIDATION_ONLY {
            if map.remove(*keyword).is_some() {
                self.warn(
                    &at.join(keyword),
                    format!("`{keyword}` is a rule on values that no Rust type expresses, and is not checked"),
                    "the type the schema's other keywords make",
                );
            }
        }
        if map.remove("$dynamicRef").is_some() {
            self.warn(
                &at.join("$dynamicRef"),
                "`$dynamicRef` is resolved at validation time, which a generated type cannot follow",
                "`serde_json::Value`",
            );
        }
        if map.remove("prefixItems").is_some() {
            // The first items have their own types: only "any JSON" holds all of them.
            map.insert("items".to_owned(), Value::Object(Map::new()));
            self.warn(
                &at.join("prefixItems"),
                "a tuple (`prefixItems`) gives each position its own type",
                "an array of `serde_json::Value`",
            );
        }
        if map.remove("patternProperties").is_some() {
            if !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".to_owned(), Value::Bool(true));
            }
            self.warn(
                &at.join("patternProperties"),
                "properties matched by name patterns (`patternProperties`) have no field of their own",
                "further properties kept as `serde_json::Value`",
            );
        }
    }

    /// Numbers `openapiv3` reads into Rust integers: a bound of an integer schema beyond `i64`
    /// (JSON tools write a rounded 64-bit limit, `-9223372036854776000`), or a count that is not
    /// a non-negative integer, is dropped: it is validation only.
    pub(crate) fn loosen_numbers(&mut self, map: &mut Map<String, Value>, at: &Pointer) {
        if map.get("type").and_then(Value::as_str) == Some("integer") {
            let unsigned = matches!(
                map.get("format").and_then(Value::as_str),
                Some("uint64" | "uint")
            );
            for keyword in ["minimum", "maximum", "multipleOf"] {
                let Some(value) = map.get(keyword) else {
                    continue;
                };
                if !value.is_number() || value.as_i64().is_some() {
                    continue;
                }
                // `openapiv3` holds bounds as `i64`. A `u64` bound of a `u64` (format `uint64`)
                // fits the Rust type, so dropping it loosens nothing the client checks.
                let fits = unsigned && value.as_u64().is_some();
                let value = map.remove(keyword).unwrap_or_default();
                if !fits {
                    self.warn(
                        &at.join(keyword),
                        format!("the bound `{keyword}: {value}` is not a 64-bit integer as written (a rounded or larger limit), and is not checked"),
                        "the integer type its `format` names",
                    );
                }
            }
        }
        for keyword in COUNTS {
            let bad = map
                .get(*keyword)
                .is_some_and(|v| v.as_u64().is_none_or(|n| usize::try_from(n).is_err()));
            if bad {
                let value = map.remove(*keyword).unwrap_or_default();
                self.warn(
                    &at.join(keyword),
                    format!("`{keyword}: {value}` is not a count, and is not checked"),
                    "the type the schema's other keywords make",
                );
            }
        }
        // Validation keywords whose value must be text (`pattern: 0` is seen in the wild).
        for keyword in ["pattern"] {
            if map.get(keyword).is_some_and(|v| !v.is_string()) {
                let value = map.remove(keyword).unwrap_or_default();
                self.warn(
                    &at.join(keyword),
                    format!("`{keyword}: {value}` is not a regular expression, and is not checked"),
                    "the type the schema's other keywords make",
                );
            }
        }
    }
}
