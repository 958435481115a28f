//! `cargo xtask corpus`: generates a crate for every public spec in `tests/corpus` and every
//! fixture in `tests/fixtures`, checks them all in one throwaway workspace with warnings denied,
//! and prints one line per spec. Specs listed in `tests/corpus-expected.txt` must pass.

use crate::{codegen, util};
use flex_codegen::Settings;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One spec of the corpus and what became of it.
struct Entry {
    /// How the expected list names it: `specs/keeper.json`, `fixtures/enums.yaml`.
    key: String,
    spec: PathBuf,
    crate_name: String,
    outcome: Outcome,
    /// How many generator warnings (types looser than the spec) it had.
    warnings: usize,
}

enum Outcome {
    Generated,
    GeneratorError(String),
    CompileError(String),
}

pub fn run(root: &Path) -> Result<(), String> {
    let public = root.join("tests/corpus");
    let mut specs = Vec::new();
    collect(&public, "corpus", "corpus", &mut specs)?;
    collect(
        &root.join("tests/fixtures"),
        "fixtures",
        "fixture",
        &mut specs,
    )?;

    let work = root.join("target/corpus");
    let crates_dir = work.join("crates");
    if crates_dir.exists() {
        fs::remove_dir_all(&crates_dir)
            .map_err(|e| format!("cannot clear {}: {e}", crates_dir.display()))?;
    }

    let mut entries = Vec::new();
    for (key, spec, crate_name) in specs {
        let text = fs::read_to_string(&spec)
            .map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
        let settings = Settings::new(crate_name.clone(), key.clone());
        let mut warnings = 0;
        let outcome = match flex_codegen::generate(&text, &settings) {
            Ok(generated) => {
                warnings = generated.warnings.len();
                let mut files = generated.files;
                let manifest = flex_codegen::manifest::cargo_toml(
                    &crate_name,
                    "0.1.0",
                    &format!("Generated from {key}"),
                    false,
                    &generated.features,
                    generated.needs,
                );
                files.insert(PathBuf::from("Cargo.toml"), manifest);
                write_files(&crates_dir.join(&crate_name), &files)?;
                Outcome::Generated
            }
            Err(errors) => {
                let first = errors
                    .iter()
                    .next()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                Outcome::GeneratorError(format!("{} problem(s); first: {first}", errors.len()))
            }
        };
        entries.push(Entry {
            key,
            spec,
            crate_name,
            outcome,
            warnings,
        });
    }

    let generated: Vec<&str> = entries
        .iter()
        .filter(|e| matches!(e.outcome, Outcome::Generated))
        .map(|e| e.crate_name.as_str())
        .collect();
    if !generated.is_empty() {
        let compile_errors = check(root, &work, &generated)?;
        for entry in &mut entries {
            if let Some(error) = compile_errors.get(&entry.crate_name.replace('-', "_")) {
                entry.outcome = Outcome::CompileError(error.clone());
            }
        }
    }

    let expected = expected_list(root)?;
    let mut failures = Vec::new();
    let mut passed = 0;
    for entry in &entries {
        let (label, detail) = match &entry.outcome {
            Outcome::Generated if entry.warnings > 0 => {
                ("ok", format!(" ({} generator warning(s))", entry.warnings))
            }
            Outcome::Generated => ("ok", String::new()),
            Outcome::GeneratorError(e) => ("generator error", format!(": {e}")),
            Outcome::CompileError(e) => ("compile error", format!(": {e}")),
        };
        let ok = matches!(entry.outcome, Outcome::Generated);
        passed += usize::from(ok);
        let marker = if expected.contains(&entry.key) {
            ""
        } else {
            " (not in the expected list)"
        };
        println!("{label:>15}  {}{marker}{detail}", entry.key);
        if !ok && expected.contains(&entry.key) {
            failures.push(entry.spec.display().to_string());
        }
    }
    for (group, label) in [
        ("corpus/", "public specs (tests/corpus)"),
        ("fixtures/", "fixtures (tests/fixtures)"),
    ] {
        let in_group: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.key.starts_with(group))
            .collect();
        let ok = in_group
            .iter()
            .filter(|e| matches!(e.outcome, Outcome::Generated))
            .count();
        let warnings: usize = in_group.iter().map(|e| e.warnings).sum();
        println!(
            "corpus: {ok}/{} {label} generate crates that compile without warnings ({warnings} generator warning(s))",
            in_group.len()
        );
    }
    println!("corpus: {passed}/{} in all", entries.len());
    for key in &expected {
        if !entries.iter().any(|e| &e.key == key) {
            failures.push(format!("{key} (listed as expected, but not found)"));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "expected to pass, but did not: {}",
            failures.join(", ")
        ))
    }
}

/// Every `.json`, `.yaml` and `.yml` in `dir`, sorted, as (key, path, crate name).
fn collect(
    dir: &Path,
    key_prefix: &str,
    crate_prefix: &str,
    out: &mut Vec<(String, PathBuf, String)>,
) -> Result<(), String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    let mut found = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let is_spec = [".json", ".yaml", ".yml"]
            .iter()
            .any(|ext| name.ends_with(ext));
        // Fixtures named `error_*` are specs the generator must refuse; the snapshot tests hold those.
        if is_spec && !name.starts_with("error_") {
            found.push((name, path));
        }
    }
    found.sort();
    for (name, path) in found {
        let stem = name
            .rsplit_once('.')
            .map_or(name.as_str(), |(stem, _)| stem);
        let slug = codegen::crate_slug(stem);
        out.push((
            format!("{key_prefix}/{name}"),
            path,
            format!("{crate_prefix}-{slug}"),
        ));
    }
    Ok(())
}

fn write_files(dir: &Path, files: &BTreeMap<PathBuf, String>) -> Result<(), String> {
    for (path, contents) in files {
        crate::files::write_file(&dir.join(path), contents)?;
    }
    Ok(())
}

/// `cargo check` of all generated crates in one workspace, warnings denied; the first error of
/// each crate that fails, keyed by its library target name.
pub fn check(
    root: &Path,
    work: &Path,
    crates: &[&str],
) -> Result<BTreeMap<String, String>, String> {
    let members: Vec<String> = crates
        .iter()
        .map(|c| format!("    \"crates/{c}\","))
        .collect();
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [\n{}\n]\n",
        members.join("\n")
    );
    crate::files::write_file(&work.join("Cargo.toml"), &manifest)?;
    // The main workspace's lock file, so the corpus builds with the same dependency versions.
    if let Ok(lock) = fs::read_to_string(root.join("Cargo.lock")) {
        crate::files::write_file(&work.join("Cargo.lock"), &lock)?;
    }
    let output = Command::new(util::cargo())
        .current_dir(work)
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--message-format=json",
        ])
        .env("RUSTFLAGS", "-D warnings")
        .env("CARGO_TARGET_DIR", work.join("target"))
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut errors: BTreeMap<String, String> = BTreeMap::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
            continue;
        }
        let Some(target) = message["target"]["name"].as_str() else {
            continue;
        };
        let text = message["message"]["message"].as_str().unwrap_or("error");
        let place = message["message"]["spans"][0]["file_name"]
            .as_str()
            .map(|file| {
                let line = &message["message"]["spans"][0]["line_start"];
                format!(" ({file}:{line})")
            });
        errors
            .entry(target.to_owned())
            .or_insert_with(|| format!("{text}{}", place.unwrap_or_default()));
    }
    if !output.status.success() && errors.is_empty() {
        return Err(format!(
            "cargo check of the corpus failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(errors)
}

fn expected_list(root: &Path) -> Result<Vec<String>, String> {
    let path = root.join("tests/corpus-expected.txt");
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(text
        .lines()
        .map(|line| line.split('#').next().unwrap_or_default().trim())
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect())
}
