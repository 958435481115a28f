//! Documentation composed from the IR (emit phase): the notes that the IR keeps as data (a
//! field's `readOnly`, `writeOnly` and `default`) written out after the spec's own text.

use crate::ir::Field;

/// A field's docs: the spec's text, then a paragraph of notes on what the IR says about it.
pub(super) fn field_docs(field: &Field) -> Option<String> {
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
