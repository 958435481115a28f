//! The client guide's table of operations (`generated-client/GUIDE.md`): written by `cargo xtask codegen`
//! from the Flex spec's IR, between two marker lines, and compared with the spec by `--check`, so
//! it cannot go stale.

use crate::files::{self, Outcome};
use flex_codegen::ir::Api;
use std::fs;
use std::path::Path;

const BEGIN: &str = "<!-- operations: begin (written by `cargo xtask codegen`) -->";
const END: &str = "<!-- operations: end -->";

/// The page that holds the table.
const PAGE: &str = "generated-client/GUIDE.md";

/// Rewrites the table in [`PAGE`] from the Flex spec's IR (or, with `check`, fails when it is
/// not what the spec makes).
pub fn sync(root: &Path, api: &Api, check: bool) -> Result<(), String> {
    let path = root.join(PAGE);
    let readme = fs::read_to_string(&path).map_err(|e| format!("cannot read {PAGE}: {e}"))?;
    let (Some(begin), Some(end)) = (readme.find(BEGIN), readme.find(END)) else {
        return Err(format!("{PAGE} lacks the lines `{BEGIN}` and `{END}`"));
    };
    let updated = format!(
        "{}{BEGIN}\n{}{}",
        &readme[..begin],
        table(api),
        &readme[end..]
    );
    match files::ensure_file_contents(&path, &updated, check)? {
        Outcome::Stale => Err(files::stale_error(
            &format!("{PAGE}: the table of operations is not what spec/flex.yaml makes"),
            "cargo xtask codegen",
        )),
        _ => Ok(()),
    }
}

/// One row per operation, grouped by resource (the operation's module, one per tag).
fn table(api: &Api) -> String {
    let mut out =
        String::from("| resource | method | path | `Client` method |\n|---|---|---|---|\n");
    let mut last_module = "";
    for op in &api.operations {
        let resource = if op.module == last_module {
            String::new()
        } else {
            title(&op.module)
        };
        last_module = &op.module;
        // A paged list also has its stream of every item.
        let stream = match &op.response {
            flex_codegen::ir::SuccessResponse::List {
                pagination: Some(pagination),
                ..
            } => format!(", `{}`", pagination.stream_method),
            _ => String::new(),
        };
        out.push_str(&format!(
            "| {resource} | {} | `{}` | `{}`{stream} |\n",
            op.method.as_str(),
            op.path,
            op.name
        ));
    }
    out
}

/// `checkout_sessions` → `Checkout sessions`.
fn title(module: &str) -> String {
    let text = module.replace('_', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}
