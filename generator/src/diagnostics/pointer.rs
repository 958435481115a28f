//! JSON pointers (RFC 6901) into the spec, as every error and warning names its place.

use std::fmt;

/// Builds JSON pointers (RFC 6901) into the spec, escaping `~` and `/` in each token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub(crate) fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// A pointer given in a `$ref` (already escaped).
    pub(crate) fn from_ref(reference: &str) -> Self {
        Pointer(reference.to_owned())
    }

    /// This pointer with one more token.
    pub(crate) fn join(&self, token: impl fmt::Display) -> Self {
        use fmt::Write;
        // Escapes while it writes: one allocation per pointer (pointers are made for every node
        // the front end walks, so this is on the hot path of a large document).
        struct Escaped<'a>(&'a mut String);
        impl fmt::Write for Escaped<'_> {
            fn write_str(&mut self, text: &str) -> fmt::Result {
                for c in text.chars() {
                    match c {
                        '~' => self.0.push_str("~0"),
                        '/' => self.0.push_str("~1"),
                        c => self.0.push(c),
                    }
                }
                Ok(())
            }
        }
        let mut out = String::with_capacity(self.0.len() + 24);
        out.push_str(&self.0);
        out.push('/');
        let _ = write!(Escaped(&mut out), "{token}");
        Pointer(out)
    }

    /// The pointer as text.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&Pointer> for String {
    fn from(pointer: &Pointer) -> String {
        pointer.0.clone()
    }
}

impl From<Pointer> for String {
    fn from(pointer: Pointer) -> String {
        pointer.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slash_and_tilde() {
        let p = Pointer::root()
            .join("paths")
            .join("/v1/checkout/sessions/{id}")
            .join("a~b");
        assert_eq!(p.as_str(), "#/paths/~1v1~1checkout~1sessions~1{id}/a~0b");
    }
}
