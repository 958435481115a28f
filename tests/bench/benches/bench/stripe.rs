//! The Stripe rows: what a user of a client for a very large API pays to compile it, with every
//! resource and with one. Stripe's document (from the pinned API directory, as the directory
//! rows read it) is generated into a crate of its own throwaway workspace under
//! `target/bench/compile-stripe`, its dependencies built once; then `cargo check` of the crate
//! with the default features (every resource) and with one resource (`customers`), its
//! `src/lib.rs` touched before each. Full mode only: one check of the whole crate takes minutes.

use crate::compile::{cargo, run, touch, write_workspace_files};
use crate::measure::timed;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

const CRATE: &str = "bench-stripe";

/// The resource of the one-resource check: the first that most Stripe integrations call.
pub const RESOURCE: &str = "customers";

pub struct Outcome {
    pub all: Duration,
    pub one: Duration,
    pub lines: usize,
    pub features: usize,
}

pub fn measure(root: &Path, document: &Path) -> Result<Outcome, String> {
    let text = fs::read_to_string(document)
        .map_err(|e| format!("cannot read {}: {e}", document.display()))?;
    let generated = crate::generation::ours(&text, CRATE)?;
    if !generated.features.iter().any(|f| f == RESOURCE) {
        return Err(format!("Stripe's crate has no feature `{RESOURCE}`"));
    }
    let dir = root.join("target/bench/compile-stripe");
    let src = dir.join(CRATE).join("src");
    if src.exists() {
        fs::remove_dir_all(&src).map_err(|e| format!("cannot clear {}: {e}", src.display()))?;
    }
    let mut files: Vec<(PathBuf, String)> = generated
        .files
        .iter()
        .map(|(path, text)| (dir.join(CRATE).join(path), text.clone()))
        .collect();
    files.push((
        dir.join(CRATE).join("Cargo.toml"),
        flex_codegen::manifest::cargo_toml(
            CRATE,
            "0.1.0",
            "Stripe",
            false,
            &generated.features,
            generated.needs,
        ),
    ));
    files.push((
        dir.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"3\"\nmembers = [\"{CRATE}\"]\n"),
    ));
    write_workspace_files(root, &dir, files)?;

    let one_resource = format!("rustls-ring,{RESOURCE}");
    let one = [
        "check",
        "--quiet",
        "--no-default-features",
        "--features",
        &one_resource,
    ];
    let all = ["check", "--quiet"];
    // The dependencies, once (the resource features change nothing of theirs), with the crate.
    eprintln!("  building the dependencies once in {} ...", dir.display());
    run(cargo(&dir, &one))?;
    let lib = dir.join(CRATE).join("src/lib.rs");
    let check = |args: &[&str]| -> Result<Duration, String> {
        touch(&lib)?;
        let (time, result) = timed(|| run(cargo(&dir, args)));
        result.map(|()| time)
    };
    let one = check(&one)?;
    let all = check(&all)?;
    Ok(Outcome {
        all,
        one,
        lines: crate::generation::lines(generated.files.values()),
        features: generated.features.len(),
    })
}
