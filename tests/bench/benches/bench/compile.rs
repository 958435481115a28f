//! The compile row: both generators' output for one spec as two crates of one throwaway
//! workspace under `target/bench/compile`, dependencies built once, then `cargo check` of each
//! crate alone (its `src/lib.rs` touched first, `CARGO_INCREMENTAL=0`), interleaved. A third
//! crate holds our output for `spec/flex.yaml` (flex-client's code), checked the same way, and a
//! fourth the same code without the setters of the request types (what they cost).

use crate::measure::{median, timed};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

pub const OURS: &str = "bench-ours";
pub const PROGENITOR: &str = "bench-progenitor";
pub const FLEX: &str = "bench-flex-client";
pub const FLEX_WITHOUT_SETTERS: &str = "bench-flex-client-without-setters";

/// The runtime's macros that write the setters of request types and the `From` impls of unions
/// (the conveniences of building requests); nothing in the crate itself calls what they make.
const SETTER_MACROS: [&str; 4] = [
    "crate::support::setters! {",
    "crate::support::boxed_setters! {",
    "crate::support::variant_from! {",
    "crate::support::boxed_variant_from! {",
];

/// The generated files with every block of [`SETTER_MACROS`] cut out: the same crate, as it
/// would be without setters.
pub fn without_setters(files: &BTreeMap<PathBuf, String>) -> BTreeMap<PathBuf, String> {
    let cut = |text: &str| {
        let mut out = String::with_capacity(text.len());
        let mut skipping: Option<usize> = None;
        for line in text.lines() {
            let indent = line.len() - line.trim_start().len();
            match skipping {
                Some(at) => {
                    if indent == at && line.trim() == "}" {
                        skipping = None;
                    }
                }
                None if SETTER_MACROS.contains(&line.trim()) => skipping = Some(indent),
                None => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        out
    };
    files
        .iter()
        .map(|(path, text)| (path.clone(), cut(text)))
        .collect()
}

/// What progenitor's output needs, found by compiling it (`progenitor-client` is its runtime;
/// `regress` checks `pattern`s; `base64` and `rand` make the keys of WebSocket upgrades). The
/// versions are the ones `Cargo.lock` pins (see the bench crate's manifest), so this workspace
/// resolves without asking the registry.
const PROGENITOR_DEPENDENCIES: &str = r#"base64 = "0.22"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
futures = "0.3"
progenitor-client = "0.15"
rand = "0.9"
regress = "0.12"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream", "rustls"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
uuid = { version = "1", features = ["serde"] }
"#;

pub struct Outcome {
    pub ours: Duration,
    pub progenitor: Duration,
    pub runs: usize,
}

/// Writes the workspace: `ours` is our generated crate (with the manifest `flex-codegen` writes
/// for a standalone crate), `progenitor` the text of progenitor's one file.
pub fn write_workspace(
    root: &Path,
    ours: &flex_codegen::Generated,
    progenitor: &str,
    flex: &flex_codegen::Generated,
) -> Result<PathBuf, String> {
    let dir = root.join("target/bench/compile");
    for name in [OURS, PROGENITOR, FLEX, FLEX_WITHOUT_SETTERS] {
        let src = dir.join(name).join("src");
        if src.exists() {
            fs::remove_dir_all(&src).map_err(|e| format!("cannot clear {}: {e}", src.display()))?;
        }
    }
    let mut files: Vec<(PathBuf, String)> = ours
        .files
        .iter()
        .map(|(path, text)| (dir.join(OURS).join(path), text.clone()))
        .collect();
    files.push((
        dir.join(OURS).join("Cargo.toml"),
        flex_codegen::manifest::cargo_toml(
            OURS,
            "0.1.0",
            "flex-codegen's output",
            false,
            &ours.features,
            ours.needs,
        ),
    ));
    files.extend(
        flex.files
            .iter()
            .map(|(path, text)| (dir.join(FLEX).join(path), text.clone())),
    );
    files.push((
        dir.join(FLEX).join("Cargo.toml"),
        flex_codegen::manifest::cargo_toml(
            FLEX,
            "0.1.0",
            "flex-client's code",
            false,
            &flex.features,
            flex.needs,
        ),
    ));
    files.extend(
        without_setters(&flex.files)
            .into_iter()
            .map(|(path, text)| (dir.join(FLEX_WITHOUT_SETTERS).join(path), text)),
    );
    files.push((
        dir.join(FLEX_WITHOUT_SETTERS).join("Cargo.toml"),
        flex_codegen::manifest::cargo_toml(
            FLEX_WITHOUT_SETTERS,
            "0.1.0",
            "flex-client's code without setters",
            false,
            &flex.features,
            flex.needs,
        ),
    ));
    files.push((
        dir.join(PROGENITOR).join("src/lib.rs"),
        progenitor.to_owned(),
    ));
    files.push((
        dir.join(PROGENITOR).join("Cargo.toml"),
        format!(
            "[package]\nname = \"{PROGENITOR}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{PROGENITOR_DEPENDENCIES}"
        ),
    ));
    files.push((
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [\"{OURS}\", \"{PROGENITOR}\", \"{FLEX}\", \"{FLEX_WITHOUT_SETTERS}\"]\n"
        ),
    ));
    write_workspace_files(root, &dir, files)?;
    Ok(dir)
}

/// Writes a throwaway workspace's files, and the main workspace's lock file beside them: the
/// same dependency versions as the client and the tests, and progenitor-client's pinned too
/// (cargo prunes what the workspace does not use).
pub fn write_workspace_files(
    root: &Path,
    dir: &Path,
    files: Vec<(PathBuf, String)>,
) -> Result<(), String> {
    for (path, text) in files {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        // Unchanged files are left alone, so that a second run does not rebuild for nothing.
        if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
    }
    let lock =
        fs::read(root.join("Cargo.lock")).map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    fs::write(dir.join("Cargo.lock"), lock).map_err(|e| format!("cannot write Cargo.lock: {e}"))
}

pub fn cargo(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command
        .current_dir(dir)
        .args(args)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS");
    command
}

pub fn run(mut command: Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let output = command
        .output()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(30).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        Err(format!("{shown} failed:\n{}", tail.join("\n")))
    }
}

/// Builds every dependency of both crates (and both crates once), so that the timed runs
/// check only the generated code. Each crate on its own, as the timed runs check them: cargo
/// unifies features only across the packages of one command, so `--workspace` would build the
/// dependencies with other features than `-p` uses.
pub fn prebuild(dir: &Path) -> Result<(), String> {
    for name in [OURS, PROGENITOR, FLEX, FLEX_WITHOUT_SETTERS] {
        run(cargo(dir, &["check", "--quiet", "-p", name]))?;
    }
    Ok(())
}

/// The median of `runs` `cargo check`s of one crate, its `src/lib.rs` touched before each.
pub fn measure_one(dir: &Path, name: &str, runs: usize) -> Result<Duration, String> {
    let mut times = Vec::new();
    for _ in 0..runs {
        touch(&dir.join(name).join("src/lib.rs"))?;
        let (time, result) = timed(|| run(cargo(dir, &["check", "--quiet", "-p", name])));
        result?;
        times.push(time);
    }
    Ok(median(&times))
}

/// `cargo check` of each crate after touching its `src/lib.rs`, `runs` times, in the order
/// ours, progenitor's, progenitor's, ours, ... so that neither always goes first.
pub fn measure(dir: &Path, runs: usize) -> Result<Outcome, String> {
    let mut ours = Vec::new();
    let mut progenitor = Vec::new();
    for run_index in 0..runs {
        let order = if run_index % 2 == 0 {
            [OURS, PROGENITOR]
        } else {
            [PROGENITOR, OURS]
        };
        for name in order {
            touch(&dir.join(name).join("src/lib.rs"))?;
            let (time, result) = timed(|| run(cargo(dir, &["check", "--quiet", "-p", name])));
            result?;
            if name == OURS {
                ours.push(time);
            } else {
                progenitor.push(time);
            }
        }
    }
    Ok(Outcome {
        ours: median(&ours),
        progenitor: median(&progenitor),
        runs,
    })
}

pub fn touch(path: &Path) -> Result<(), String> {
    fs::File::options()
        .append(true)
        .open(path)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .map_err(|e| format!("cannot touch {}: {e}", path.display()))
}
