//! Rust written as text (emit phase), for the files whose every item has a fixed shape: a
//! struct's file (its definition, `new(..)`, setters, `Identified`). Building those as tokens,
//! parsing the tokens with `syn` and printing the tree with `prettyplease` was two thirds of the
//! generator's time on a large spec, for output whose layout is known in advance.
//!
//! The layout is prettyplease's, so that a file reads the same whichever way it was made: four
//! spaces a level, a doc line per `///`, and prettyplease's width ([`MARGIN`]) for the two things
//! that wrap, a signature (one parameter a line when it does not fit) and a `use` group (filled).
//! A field, an attribute or a type that does not fit stays on its line.

use super::names::Scope;
use proc_macro2::TokenStream;

/// The widest line: prettyplease's margin.
pub(crate) const MARGIN: usize = 89;

/// A Rust file or item, written line by line.
#[derive(Default)]
pub(crate) struct Writer {
    out: String,
}

impl Writer {
    /// `text` on a line of its own, `indent` levels in.
    pub(crate) fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str("    ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Doc lines ([`doc_lines`](super::docs::doc_lines)) as `///` comments, as prettyplease
    /// writes `#[doc = ".."]`: trailing spaces trimmed; a line it would not write as a comment
    /// (one starting with `/`) as the attribute.
    pub(crate) fn docs(&mut self, indent: usize, lines: &[String]) {
        for line in lines {
            if line.starts_with('/') || line.contains('\n') {
                self.line(indent, &format!("#[doc = {}]", literal(line)));
            } else {
                self.line(indent, &format!("///{}", line.trim_end_matches(' ')));
            }
        }
    }

    /// A signature with `params`, on one line if it fits (`pub fn new(a: A) -> Self {`), else a
    /// parameter a line with a trailing comma.
    pub(crate) fn signature(&mut self, indent: usize, head: &str, params: &[String], tail: &str) {
        let one_line = format!("{head}({}){tail}", params.join(", "));
        if indent * 4 + one_line.len() <= MARGIN || params.is_empty() {
            self.line(indent, &one_line);
            return;
        }
        self.line(indent, &format!("{head}("));
        for param in params {
            self.line(indent + 1, &format!("{param},"));
        }
        self.line(indent, &format!("){tail}"));
    }

    /// `use {path}::{names};` (`use {path}::{name};` for one), the group filled to the margin
    /// when it does not fit on one line, as prettyplease fills it.
    pub(crate) fn use_item(&mut self, path: &str, names: &[&str]) {
        if let [name] = names {
            self.line(0, &format!("use {path}::{name};"));
            return;
        }
        let one_line = format!("use {path}::{{{}}};", names.join(", "));
        if one_line.len() <= MARGIN {
            self.line(0, &one_line);
            return;
        }
        self.line(0, &format!("use {path}::{{"));
        let mut line = String::from("   ");
        for (i, name) in names.iter().enumerate() {
            // `    A, B,`: the next name and its comma go on this line if they fit; the last
            // name's comma does not count (prettyplease writes it only when the group breaks).
            let comma = usize::from(i + 1 < names.len());
            if line.len() > 3 && line.len() + 1 + name.len() + comma > MARGIN {
                self.out.push_str(&line);
                self.out.push('\n');
                line = String::from("   ");
            }
            line.push(' ');
            line.push_str(name);
            line.push(',');
        }
        self.out.push_str(&line);
        self.out.push('\n');
        self.line(0, "};");
    }

    /// Text already laid out (an item printed by prettyplease), as it is.
    pub(crate) fn push_text(&mut self, text: &str) {
        self.out.push_str(text);
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }
}

/// A whole file written as text: its inner lines (`//!` docs, `#![allow(..)]`) after the
/// attribute that keeps `cargo fmt` away, the `use` items of what `scope` saw it name (known
/// only once the items are written), then the items.
pub(crate) fn file_text(inner: &[&str], scope: &Scope<'_>, items: &str) -> String {
    let mut file = Writer::default();
    for line in inner.iter().take_while(|line| line.starts_with("//!")) {
        file.line(0, line);
    }
    file.line(0, "#![cfg_attr(rustfmt, rustfmt::skip)]");
    for line in inner.iter().skip_while(|line| line.starts_with("//!")) {
        file.line(0, line);
    }
    for (module, names) in scope.use_items() {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        file.use_item(module, &names);
    }
    file.push_text(items);
    file.finish()
}

/// A string literal, escaped as `quote` and prettyplease write it.
pub(crate) fn literal(value: &str) -> String {
    proc_macro2::Literal::string(value).to_string()
}

/// Tokens of a path or a type as a person writes them (`Option<BTreeMap<String, Value>>`, not
/// `Option < BTreeMap < String , Value > >`).
pub(crate) fn code(tokens: &TokenStream) -> String {
    // `& str` → `&str`, `& mut T` → `&mut T`.
    super::text::tidy(&tokens.to_string()).replace("& ", "&")
}

#[cfg(test)]
mod tests {
    use super::{Writer, code};
    use quote::quote;

    #[test]
    fn tokens_read_as_code() {
        assert_eq!(
            code(&quote!(
                ::std::option::Option<BTreeMap<String, Vec<serde_json::Value>>>
            )),
            "::std::option::Option<BTreeMap<String, Vec<serde_json::Value>>>"
        );
        assert_eq!(code(&quote!(impl Into<Vec<u8>>)), "impl Into<Vec<u8>>");
        assert_eq!(
            code(&quote!(params: &crate::types::P)),
            "params: &crate::types::P"
        );
    }

    #[test]
    fn a_signature_that_does_not_fit_takes_a_parameter_a_line() {
        let mut w = Writer::default();
        w.signature(1, "pub fn new", &["a: A".to_owned()], " -> Self {");
        let long: Vec<String> = (0..8).map(|i| format!("argument_{i}: String")).collect();
        w.signature(1, "pub fn new", &long, " -> Self {");
        let text = w.finish();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "    pub fn new(a: A) -> Self {");
        assert_eq!(lines[1], "    pub fn new(");
        assert_eq!(lines[2], "        argument_0: String,");
        assert_eq!(lines[10], "    ) -> Self {");
    }

    #[test]
    fn a_long_use_group_is_filled_to_the_margin() {
        let mut w = Writer::default();
        let names: Vec<String> = (0..30).map(|i| format!("TypeNumber{i}")).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        w.use_item("super", &names);
        let text = w.finish();
        assert!(text.starts_with("use super::{\n    TypeNumber0, TypeNumber1,"));
        assert!(text.ends_with(",\n};\n"));
        assert!(text.lines().all(|line| line.len() <= super::MARGIN));
    }
}
