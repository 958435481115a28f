//! Emission (emit phase): [`ir::Api`](crate::ir::Api) → formatted Rust files. Reads only the IR.
//!
//! Every file is built as tokens with `quote`, parsed with `syn`, printed with `prettyplease`,
//! and then given its header, so the output is the same bytes on every run and machine.

mod client;
mod docs;
mod names;
mod operations;
mod types;

use crate::Settings;
use crate::error::{ErrorKind, Errors, SpecError};
use crate::ir::Api;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The runtime files, copied as they are into every generated crate (their comments would not
/// survive a trip through `syn`, so they are not reformatted).
/// `generator/runtime/lib.rs` is not among them: it stands in for the generated `lib.rs` so that
/// `cargo test -p flex-runtime` builds the runtime alone.
const RUNTIME: &[(&str, &str)] = &[
    ("src/client.rs", include_str!("../../runtime/client.rs")),
    ("src/config.rs", include_str!("../../runtime/config.rs")),
    ("src/error.rs", include_str!("../../runtime/error.rs")),
    (
        "src/expandable.rs",
        include_str!("../../runtime/expandable.rs"),
    ),
    (
        "src/multipart.rs",
        include_str!("../../runtime/multipart.rs"),
    ),
    ("src/page.rs", include_str!("../../runtime/page.rs")),
    ("src/params.rs", include_str!("../../runtime/params.rs")),
    ("src/raw.rs", include_str!("../../runtime/raw.rs")),
    ("src/request.rs", include_str!("../../runtime/request.rs")),
    ("src/response.rs", include_str!("../../runtime/response.rs")),
    ("src/retry.rs", include_str!("../../runtime/retry.rs")),
    ("src/support.rs", include_str!("../../runtime/support.rs")),
    ("src/webhooks.rs", include_str!("../../runtime/webhooks.rs")),
];

/// The runtime file that verifies webhook deliveries (the Svix scheme), copied only into crates
/// whose spec says `x-webhook-signature: svix`.
const WEBHOOKS_RUNTIME: &str = "src/webhooks.rs";

/// One generated file, before it is built.
enum Job<'a> {
    Lib,
    TypesMod,
    OperationsMod,
    /// A type's file.
    Type(&'a crate::ir::TypeDef),
    Operations(&'a str, Vec<&'a crate::ir::Operation>),
    SendCheck,
}

impl Job<'_> {
    fn path(&self) -> String {
        match self {
            Job::Lib => "src/lib.rs".to_owned(),
            Job::TypesMod => "src/types/mod.rs".to_owned(),
            Job::OperationsMod => "src/operations/mod.rs".to_owned(),
            Job::Type(def) => format!("src/types/{}.rs", def.module),
            Job::Operations(module, _) => format!("src/operations/{module}.rs"),
            Job::SendCheck => "src/operations/send_check.rs".to_owned(),
        }
    }

    /// Builds the file's tokens and formats them.
    fn run(&self, api: &Api, settings: &Settings, header: &str) -> Result<String, SpecError> {
        let defined = match self {
            Job::Type(def) => vec![def.name.as_str()],
            _ => Vec::new(),
        };
        names::begin_file(&defined);
        let tokens = match self {
            Job::Lib => client::lib_rs(api, settings),
            Job::TypesMod => types::mod_rs(api),
            Job::OperationsMod => operations::mod_rs(api),
            Job::Type(def) => types::type_file(def),
            Job::Operations(_, ops) => operations::module_file(api, ops),
            Job::SendCheck => operations::send_check_file(api),
        };
        let types_path = match self {
            Job::Type(..) => "super",
            _ => "crate::types",
        };
        let tokens = names::insert_uses(tokens, names::finish_file(types_path));
        format(&self.path(), tokens).map(|text| with_header(header, &spaced(&text)))
    }
}

/// Emits every file of the crate's `src/`, keyed by path relative to the crate root.
///
/// Building tokens, parsing them with `syn` and printing them with `prettyplease` is nearly all
/// of the generator's time, and each file is independent of the others, so the files are made on
/// as many threads as there are cores (at most [`MAX_THREADS`]). The output does not depend on
/// the number of threads: each file's text is a function of the IR alone, and the files are
/// collected in a fixed order.
pub fn emit(api: &Api, settings: &Settings) -> Result<BTreeMap<PathBuf, String>, Errors> {
    let mut jobs = vec![Job::Lib, Job::TypesMod, Job::OperationsMod];
    // The operation files are the largest: first, so that no thread is left with one at the end.
    jobs.extend(
        operations::grouped(api)
            .into_iter()
            .map(|(module, ops)| Job::Operations(module, ops)),
    );
    jobs.extend(api.types.iter().map(Job::Type));
    if !api.operations.is_empty() {
        jobs.push(Job::SendCheck);
    }

    let header = header(settings);
    let results = run_jobs(&jobs, api, settings, &header);
    // Collected, then built into the map in bulk (`collect` sorts once, and the jobs come
    // nearly in order): inserting paths one by one compares each with a dozen others, component
    // by component, which shows in a crate of 50,000 files.
    let mut files: Vec<(String, String)> = Vec::with_capacity(jobs.len() + RUNTIME.len());
    let mut errors = Errors::default();
    for (job, result) in jobs.iter().zip(results) {
        match result {
            Ok(text) => files.push((job.path(), text)),
            Err(error) => errors.push(error),
        }
    }
    for (path, text) in RUNTIME {
        // The verifier of webhook signatures is the runtime of the scheme the spec names.
        if *path == WEBHOOKS_RUNTIME && api.webhooks.signature.is_none() {
            continue;
        }
        files.push(((*path).to_owned(), with_header(&header, text)));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(files
        .into_iter()
        .map(|(path, text)| (PathBuf::from(path), text))
        .collect())
}

/// The most threads [`emit`] uses.
const MAX_THREADS: usize = 8;

/// Below this many files one thread does it all: starting threads would cost more than it saves.
const MIN_FILES_PER_THREAD: usize = 16;

/// Runs every job, on the calling thread and up to [`MAX_THREADS`]` - 1` others, each taking the
/// next job not yet taken. The results are in the order of `jobs`.
fn run_jobs(
    jobs: &[Job<'_>],
    api: &Api,
    settings: &Settings,
    header: &str,
) -> Vec<Result<String, SpecError>> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let threads = cores
        .min(MAX_THREADS)
        .min(jobs.len() / MIN_FILES_PER_THREAD)
        .max(1);
    let next = AtomicUsize::new(0);
    // Each worker returns the results of the jobs it took, with their index.
    let work = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(index) else {
                return done;
            };
            done.push((index, job.run(api, settings, header)));
        }
    };
    let mut results: Vec<Option<Result<String, SpecError>>> = Vec::new();
    results.resize_with(jobs.len(), || None);
    std::thread::scope(|scope| {
        // The same stack as a main thread, so that no input fails on a worker that the calling
        // thread would have managed.
        let workers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(8 << 20)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut all = work();
        for worker in workers {
            match worker.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        for (index, result) in all {
            results[index] = Some(result);
        }
    });
    // Every job is taken by exactly one thread; a missing result would be a bug here, reported
    // as one rather than a panic.
    results
        .into_iter()
        .map(|result| {
            result.unwrap_or_else(|| {
                Err(SpecError::new(
                    ErrorKind::Internal,
                    "#",
                    "a file was not emitted",
                ))
            })
        })
        .collect()
}

fn header(settings: &Settings) -> String {
    format!(
        "//! Generated by `{}` from {}. Do not edit: change the spec or the generator and regenerate.\n",
        settings.command, settings.spec_path
    )
}

fn with_header(header: &str, text: &str) -> String {
    let separator = if text.starts_with("//!") { "//!\n" } else { "" };
    format!("{header}{separator}{text}")
}

/// A blank line between items, as a person leaves one: after each `}` or `;` that closes an item
/// at the top level or one level in (methods of an `impl`), before the next item or its docs.
/// prettyplease separates items by a line break only.
fn spaced(text: &str) -> String {
    // One-line declarations (`mod a;`, `use b;`) stay together in runs.
    let is_decl = |line: &str| {
        ["mod ", "pub mod ", "use ", "pub use "]
            .iter()
            .any(|start| line.trim_start().starts_with(start))
            && line.ends_with(';')
    };
    let is_use = |line: &str| line.starts_with("use ") || line.starts_with("pub use ");
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut lines = text.lines().peekable();
    // Whether the line is part of a (possibly multi-line) top-level `use` item.
    let mut in_use = false;
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        in_use = is_use(line) || (in_use && !line.starts_with("use "));
        let ends_use = in_use && line.ends_with(';');
        if ends_use {
            in_use = false;
        }
        let Some(&next) = lines.peek() else { break };
        if ends_use && is_use(next) {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let is_comment = line.trim_start().starts_with("//");
        let closes_item = (indent <= 4 && line.trim_start() == "}")
            || (indent == 0 && line.ends_with(';'))
            || (line.starts_with("#![") && !next.starts_with("#!["));
        let next_indent = next.len() - next.trim_start().len();
        let next_starts_item = !next.trim().is_empty()
            && next_indent == indent
            && !next.trim_start().starts_with(['}', ')', ']']);
        if closes_item && !is_comment && next_starts_item && !(is_decl(line) && is_decl(next)) {
            out.push('\n');
        }
    }
    out
}

fn format(path: &str, tokens: TokenStream) -> Result<String, SpecError> {
    syn::parse2::<syn::File>(tokens)
        .map(|file| prettyplease::unparse(&file))
        .map_err(|e| {
            SpecError::new(
                ErrorKind::Internal,
                "#",
                format!("generated {path} does not parse: {e}"),
            )
        })
}

/// An identifier from a name the naming module already made valid.
fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Lines for `#[doc = "..."]` attributes from spec text. The text only ever becomes string
/// literals, so nothing in a description can turn into code. rustdoc compiles code blocks in
/// docs as doctests, so every fenced block is marked `text`, Markdown's indented
/// code blocks are fenced as `text`, and a fence the spec leaves open is closed.
fn doc_lines(docs: &str) -> Vec<String> {
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
fn doc_attrs(docs: Option<&str>) -> TokenStream {
    let lines = docs.map(doc_lines).unwrap_or_default();
    quote! { #( #[doc = #lines] )* }
}

/// Inner doc attributes (`//!`) for a module.
fn inner_doc_attrs(docs: &str) -> TokenStream {
    let lines = doc_lines(docs);
    quote! { #( #![doc = #lines] )* }
}

/// The inner attributes every generated file starts with.
fn file_attrs() -> TokenStream {
    // prettyplease's layout is not rustfmt's; this keeps `cargo fmt` from reformatting generated
    // files, so that the formatting check and the freshness check agree. (`cfg_attr(rustfmt, ..)`
    // is how an inner `rustfmt::skip` compiles on stable.)
    quote! { #![cfg_attr(rustfmt, rustfmt::skip)] }
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
