//! Emission (emit phase): [`ir::Api`](crate::ir::Api) → formatted Rust files. Reads only the IR.
//!
//! A file whose every item has a fixed shape (a struct's, a string enum's, the `Send` check) is
//! written as text in prettyplease's layout ([`writer`]); the others are built as tokens with
//! `quote`, parsed with `syn` and printed with `prettyplease`. Each is then given its header, so
//! the output is the same bytes on every run and machine.

mod client;
mod docs;
mod features;
mod names;
mod operations;
mod text;
mod types;
mod writer;

pub(crate) use docs::{doc_attrs, inner_doc_attrs};
pub(crate) use features::{cfg, module_cfg};
pub(crate) use names::ident;
pub(crate) use text::file_attrs;

use crate::Settings;
use crate::diagnostics::Ctxt;
use crate::diagnostics::error::{ErrorKind, SpecError};
use crate::ir::Api;
use names::Scope;
use proc_macro2::TokenStream;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use text::{format, header, macro_bodies, spaced, with_header};

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
        "src/json_path.rs",
        include_str!("../../runtime/json_path.rs"),
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

    /// Builds the file: as text where every item has a fixed shape (a struct's or a string
    /// enum's file, the `Send` check), else as tokens, with the `use`s of the names it writes
    /// short, formatted.
    fn run(&self, api: &Api, settings: &Settings, header: &str) -> Result<String, SpecError> {
        let scope = match self {
            Job::Type(def) => Scope::type_file(&[def.name.as_str()]),
            _ => Scope::crate_file(api.types.iter().map(|def| def.name.as_str())),
        };
        let output = match self {
            Job::Lib => Output::Tokens(client::lib_rs(api, settings)),
            Job::TypesMod => Output::Tokens(types::mod_rs(api)),
            Job::OperationsMod => Output::Tokens(operations::mod_rs(api)),
            Job::Type(def) => types::type_file(def, &scope)?,
            Job::Operations(_, ops) => Output::Tokens(operations::module_file(api, ops, &scope)),
            Job::SendCheck => Output::Text(operations::send_check_file(api, &scope)),
        };
        match output {
            Output::Text(text) => Ok(with_header(header, &spaced(&text))),
            Output::Tokens(tokens) => {
                let tokens = names::insert_uses(tokens, scope.uses());
                format(&self.path(), tokens)
                    .map(|text| with_header(header, &spaced(&macro_bodies(&text))))
            }
        }
    }
}

/// A file as the emitter built it: text already laid out ([`writer`]), or tokens still to format.
pub(crate) enum Output {
    Text(String),
    Tokens(TokenStream),
}

/// Emits every file of the crate's `src/`, keyed by path relative to the crate root.
///
/// Writing the files is most of the generator's time, and each file is independent of the
/// others, so the files are made on as many threads as there are cores (at most
/// [`MAX_THREADS`]). The output does not depend on the number of threads: each file's text is a
/// function of the IR alone, and the files are collected in a fixed order.
/// A file that does not come out (the generator's own output not parsing) is told to `cx`, and
/// no files are returned.
pub(crate) fn emit(
    api: &Api,
    settings: &Settings,
    cx: &mut Ctxt,
) -> Option<BTreeMap<PathBuf, String>> {
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
    let errors_before = cx.error_count();
    for (job, result) in jobs.iter().zip(results) {
        match result {
            Ok(text) => files.push((job.path(), text)),
            Err(error) => cx.push_error(error),
        }
    }
    for (path, text) in RUNTIME {
        // The verifier of webhook signatures is the runtime of the scheme the spec names.
        if *path == WEBHOOKS_RUNTIME && api.webhooks.signature.is_none() {
            continue;
        }
        files.push(((*path).to_owned(), with_header(&header, text)));
    }
    if cx.error_count() > errors_before {
        return None;
    }
    Some(
        files
            .into_iter()
            .map(|(path, text)| (PathBuf::from(path), text))
            .collect(),
    )
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
