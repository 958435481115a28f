//! Warnings (all phases): where the generator loosened what a spec says instead of refusing it.
//!
//! A valid OpenAPI document always generates a crate. Where a construct has no precise Rust type
//! (a union nothing tells apart, a validation-only keyword, a number beyond the Rust type's
//! range), the generator picks a sound looser type and says so here: where (a JSON pointer), what
//! was loosened, and what was generated instead.

use std::fmt;

/// One place where the generated type says less than the spec.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Warning {
    /// Where, as a JSON pointer into the document (`#/components/schemas/Pet/not`).
    pub pointer: String,
    /// What of the spec the generated code does not express, in a sentence.
    pub loosened: String,
    /// What was generated instead (`serde_json::Value`, "an untagged enum", ...).
    pub chosen: String,
}

impl Warning {
    pub(crate) fn new(
        pointer: impl Into<String>,
        loosened: impl Into<String>,
        chosen: impl Into<String>,
    ) -> Self {
        Warning {
            pointer: pointer.into(),
            loosened: loosened.into(),
            chosen: chosen.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "warning at {}: {}; generated as {}",
            self.pointer, self.loosened, self.chosen
        )
    }
}

/// Every warning of one run: ordered by pointer, then by text, without duplicates, so that
/// the report is the same bytes on every run and reads by place.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Warnings(Vec<Warning>);

impl Warnings {
    pub(crate) fn push(&mut self, warning: Warning) {
        self.0.push(warning);
    }

    /// Puts the warnings in their final order (by pointer, then text) and drops repeats (a
    /// schema used twice warns once).
    pub(crate) fn finish(mut self) -> Warnings {
        self.0.sort();
        self.0.dedup();
        self
    }

    /// Rewrites every warning's pointer with `f`.
    pub(crate) fn map_pointers(&mut self, f: impl Fn(&mut String)) {
        self.0.iter_mut().for_each(|w| f(&mut w.pointer));
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The warnings, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Warning> {
        self.0.iter()
    }
}

/// The report `cargo xtask codegen` prints: a count, then one line per warning.
impl fmt::Display for Warnings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        if count == 0 {
            return writeln!(f, "no warnings");
        }
        writeln!(
            f,
            "{count} warning{}: the generated types are looser than the spec here",
            if count == 1 { "" } else { "s" }
        )?;
        for warning in &self.0 {
            writeln!(f, "  - {warning}")?;
        }
        Ok(())
    }
}
