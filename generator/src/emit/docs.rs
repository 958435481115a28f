//! Documentation (emit phase): spec text made into doc attributes that cannot become code, and
//! the notes that the IR keeps as data (a field's `readOnly`, `writeOnly` and `default`)
//! written out after the spec's own text.

use crate::ir::Field;
use proc_macro2::TokenStream;
use quote::quote;

/// A field's docs: the spec's text, then a paragraph of notes on what the IR says about it.
pub(crate) fn field_docs(field: &Field) -> Option<String> {
    let mut notes = Vec::new();
    if field.read_only {
        notes.push("Read-only: the API sends it and ignores it in requests.".to_owned());
    }
    if field.write_only {
        notes.push("Write-only: sent in requests, never returned.".to_owned());
    }
    if let Some(default) = &field.default {
        notes.push(format!("Default: `{default}`."));
    }
    if notes.is_empty() {
        return field.docs.clone();
    }
    let text = field
        .docs
        .as_ref()
        .map_or(String::new(), |d| format!("{d}\n\n"));
    Some(format!("{text}{}", notes.join(" ")))
}

/// Lines for `#[doc = "..."]` attributes from spec text. The text only ever becomes string
/// literals, so nothing in a description can turn into code. rustdoc compiles code blocks in
/// docs as doctests, so every fenced block is marked `text`, Markdown's indented
/// code blocks are fenced as `text`, and a fence the spec leaves open is closed.
pub(crate) fn doc_lines(docs: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    let mut in_indented = false;
    let mut previous_blank = true;
    for raw in docs.trim_end().lines() {
        let mut line = raw.trim_end().to_owned();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            if in_indented {
                out.push(" ```".to_owned());
                in_indented = false;
            }
            if !in_fence {
                // Whatever language the spec names (rust included), it is not this crate's code.
                let indent = &line[..line.len() - trimmed.len()];
                line = format!("{indent}```text");
            }
            in_fence = !in_fence;
        } else if !in_fence {
            let indented = line.starts_with("    ") || line.starts_with('\t');
            if indented && !in_indented && previous_blank {
                out.push(" ```text".to_owned());
                in_indented = true;
            } else if !indented && in_indented && !line.is_empty() {
                out.push(" ```".to_owned());
                in_indented = false;
            }
        }
        previous_blank = line.trim().is_empty();
        // A leading space, as `///` comments have; an empty line stays empty.
        out.push(if line.is_empty() {
            line
        } else {
            format!(" {line}")
        });
    }
    if in_fence || in_indented {
        out.push(" ```".to_owned());
    }
    out
}

/// Outer doc attributes (`///`) for an item.
pub(crate) fn doc_attrs(docs: Option<&str>) -> TokenStream {
    let lines = docs.map(doc_lines).unwrap_or_default();
    quote! { #( #[doc = #lines] )* }
}

/// Inner doc attributes (`//!`) for a module.
pub(crate) fn inner_doc_attrs(docs: &str) -> TokenStream {
    let lines = doc_lines(docs);
    quote! { #( #![doc = #lines] )* }
}

#[cfg(test)]
mod tests {
    use super::doc_lines;

    #[test]
    fn code_in_spec_text_never_becomes_a_doctest() {
        assert_eq!(
            doc_lines("Intro\n```\nfn evil() {}\n```"),
            [" Intro", " ```text", " fn evil() {}", " ```"]
        );
        assert_eq!(
            doc_lines("Intro\n\n    fn evil() {}\nafter"),
            [
                " Intro",
                "",
                " ```text",
                "     fn evil() {}",
                " ```",
                " after"
            ]
        );
        assert_eq!(
            doc_lines("```rust\nfn evil() {}"),
            [" ```text", " fn evil() {}", " ```"]
        );
    }
}
