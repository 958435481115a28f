//! Errors (all phases): every problem the generator finds in a spec, with where it is.
//!
//! Lowering never stops at the first problem: it collects them all into [`Errors`] so that one
//! run tells a spec author everything that needs fixing.

use std::fmt;

/// What kind of problem a [`SpecError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorKind {
    /// The text is not valid YAML or JSON.
    Syntax,
    /// The document is YAML or JSON, but not an OpenAPI document of a version we read.
    UnsupportedVersion,
    /// The document does not have the shape of an OpenAPI 3.0 document.
    Structure,
    /// A `$ref` points at nothing, or at something of the wrong kind.
    UnresolvedRef,
    /// A construct the generator does not turn into Rust.
    Unsupported,
    /// Something the OpenAPI specification forbids, such as two operations with one ID.
    Invalid,
    /// The generator produced code that does not parse: a bug in the generator, never in the spec.
    Internal,
}

impl ErrorKind {
    fn label(self) -> &'static str {
        match self {
            ErrorKind::Syntax => "syntax error",
            ErrorKind::UnsupportedVersion => "unsupported version",
            ErrorKind::Structure => "not an OpenAPI document",
            ErrorKind::UnresolvedRef => "unresolved $ref",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Invalid => "invalid",
            ErrorKind::Internal => "internal error",
        }
    }
}

/// One problem found in a spec.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SpecError {
    /// What kind of problem this is.
    pub kind: ErrorKind,
    /// Where the problem is, as a JSON pointer into the document (`#/paths/~1v1~1x/get`).
    pub pointer: String,
    /// Line and column (1-based) in the source text, where the parser knows them.
    pub line_column: Option<(usize, usize)>,
    /// Why it is a problem, in a sentence.
    pub message: String,
}

impl SpecError {
    /// A problem of `kind` at `pointer`.
    pub(crate) fn new(
        kind: ErrorKind,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        SpecError {
            kind,
            pointer: pointer.into(),
            line_column: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}", self.kind.label(), self.pointer)?;
        if let Some((line, column)) = self.line_column {
            write!(f, " (line {line}, column {column})")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in one run, in document order of discovery, without duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Errors(Vec<SpecError>);

impl Errors {
    /// Adds a problem, unless the same one is already there (a schema used twice is reported once).
    pub(crate) fn push(&mut self, error: SpecError) {
        if !self.0.contains(&error) {
            self.0.push(error);
        }
    }

    /// Rewrites every problem's pointer with `f`.
    pub(crate) fn map_pointers(&mut self, f: impl Fn(&mut String)) {
        self.0.iter_mut().for_each(|e| f(&mut e.pointer));
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no problem was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problems, in the order they were found.
    pub fn iter(&self) -> impl Iterator<Item = &SpecError> {
        self.0.iter()
    }
}

impl IntoIterator for Errors {
    type Item = SpecError;
    type IntoIter = std::vec::IntoIter<SpecError>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl From<SpecError> for Errors {
    fn from(error: SpecError) -> Self {
        Errors(vec![error])
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        writeln!(
            f,
            "{count} problem{} found in the spec:",
            if count == 1 { "" } else { "s" }
        )?;
        for error in &self.0 {
            writeln!(f, "  - {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_deduplicate_and_count() {
        let mut errors = Errors::default();
        let e = SpecError::new(ErrorKind::Invalid, "#/a", "bad");
        errors.push(e.clone());
        errors.push(e);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors.to_string(),
            "1 problem found in the spec:\n  - invalid at #/a: bad\n"
        );
    }
}
