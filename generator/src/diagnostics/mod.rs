//! Diagnostics (all phases): what the generator says about a spec, collected one way, as serde's
//! `Ctxt` collects its derive's errors. Every step that finds a problem or loosens a type tells
//! the one [`Ctxt`] of the run, through its methods only; [`Ctxt::finish`] turns what was
//! collected into the run's result. [`error`]: the problems that stop a run, each with a JSON
//! [`pointer`] into the document; [`warning`]: where a looser type than the spec's was generated.

pub(crate) mod error;
pub(crate) mod pointer;
pub(crate) mod warning;

use error::{ErrorKind, Errors, SpecError};
use pointer::Pointer;
use warning::{Warning, Warnings};

/// Everything the steps of one run say about the spec.
#[derive(Debug, Default)]
pub(crate) struct Ctxt {
    errors: Errors,
    warnings: Warnings,
    /// The schemas the inliner made components: (their pointer as a component, the pointer
    /// they have in the document), so that what is said of them names their place.
    origins: Vec<(String, String)>,
}

impl Ctxt {
    pub(crate) fn new() -> Self {
        Ctxt::default()
    }

    /// A problem of `kind` at `at`: the run will fail, after every step that can has run.
    pub(crate) fn error(&mut self, kind: ErrorKind, at: &Pointer, message: impl Into<String>) {
        self.push_error(SpecError::new(kind, at.as_str(), message));
    }

    /// A problem made elsewhere (with a line and column, say). A problem already said is not
    /// said twice (a schema used in two places is one problem).
    pub(crate) fn push_error(&mut self, error: SpecError) {
        self.errors.push(error);
    }

    /// A place where the generated type says less than the spec: what was loosened, and what
    /// was generated instead.
    pub(crate) fn warn(
        &mut self,
        at: &Pointer,
        loosened: impl Into<String>,
        chosen: impl Into<String>,
    ) {
        self.warnings.push(Warning::new(at, loosened, chosen));
    }

    /// A warning made elsewhere (a step that collects its own before it knows they stand).
    pub(crate) fn push_warning(&mut self, warning: Warning) {
        self.warnings.push(warning);
    }

    /// How many problems have been said, so that a step can tell whether its part added any.
    pub(crate) fn error_count(&self) -> usize {
        self.errors.len()
    }

    /// Records where the schemas the inliner made components came from.
    pub(crate) fn made_components(&mut self, origins: Vec<(String, String)>) {
        self.origins.extend(origins);
    }

    /// The run's result: `value` and the warnings, ordered, when no problem was said; every
    /// problem otherwise. Pointers into a made component name its place in the document.
    pub(crate) fn finish<T>(self, value: Option<T>) -> Result<(T, Warnings), Errors> {
        let Ctxt {
            mut errors,
            mut warnings,
            origins,
        } = self;
        let origin = |pointer: &mut String| {
            for (made, original) in &origins {
                if let Some(rest) = pointer.strip_prefix(made.as_str()) {
                    if rest.is_empty() || rest.starts_with('/') {
                        *pointer = format!("{original}{rest}");
                        return;
                    }
                }
            }
        };
        errors.map_pointers(origin);
        warnings.map_pointers(origin);
        match value {
            Some(value) if errors.is_empty() => Ok((value, warnings.finish())),
            _ if errors.is_empty() => Err(SpecError::new(
                ErrorKind::Internal,
                "#",
                "a step gave no result and said no problem",
            )
            .into()),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_and_warnings_are_said_once_and_in_order() {
        let mut cx = Ctxt::new();
        let at = Pointer::root().join("b");
        cx.warn(&at, "z", "y");
        cx.warn(&Pointer::root().join("a"), "x", "w");
        cx.warn(&at, "z", "y");
        let (value, warnings) = cx.finish(Some(7)).expect("no problem");
        assert_eq!(value, 7);
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(pointers, ["#/a", "#/b"]);

        let mut cx = Ctxt::new();
        cx.error(ErrorKind::Invalid, &at, "bad");
        cx.error(ErrorKind::Invalid, &at, "bad");
        assert_eq!(cx.error_count(), 1);
        assert!(cx.finish(Some(7)).is_err());
    }

    #[test]
    fn what_is_said_of_a_made_component_names_its_place_in_the_document() {
        let mut cx = Ctxt::new();
        cx.made_components(vec![(
            "#/components/schemas/A_b".to_owned(),
            "#/components/schemas/A/properties/b".to_owned(),
        )]);
        let made = Pointer::root()
            .join("components")
            .join("schemas")
            .join("A_b");
        cx.error(ErrorKind::Invalid, &made.join("type"), "bad");
        // A component whose name merely starts the same is left alone.
        cx.error(
            ErrorKind::Invalid,
            &Pointer::root()
                .join("components")
                .join("schemas")
                .join("A_bc"),
            "bad",
        );
        let errors = cx.finish(None::<()>).expect_err("problems");
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/A/properties/b/type",
                "#/components/schemas/A_bc"
            ]
        );
    }
}
