//! `cargo xtask codegen`: the generator returns files; this writes them, or checks that what is
//! on disk is what it would write, and reports the API changes.

mod api_surface;
mod decode_list;
mod readme;

use crate::flags::CodegenFlags;
use crate::util;
use flex_codegen::Settings;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The crates this repository commits, each generated from its spec: the Flex client, a client
/// of the constructs fixture (unions, parameters and bodies of every kind on the wire), a client
/// of the runtime fixture (requests other than GET, for retries and idempotency keys), and a
/// client of the loosened fixture (valid OpenAPI with no exact Rust type); the integration tests
/// call the last three.
const COMMITTED: &[(&str, &str, &str)] = &[
    ("spec/flex.yaml", "generated-client", "flex-client"),
    (
        "tests/fixtures/constructs.yaml",
        "tests/constructs-client",
        "constructs-client",
    ),
    (
        "tests/fixtures/runtime.yaml",
        "tests/runtime-client",
        "runtime-client",
    ),
    (
        "tests/fixtures/loosened.yaml",
        "tests/loosened-client",
        "loosened-client",
    ),
];

/// The one committed spec whose warnings are its point: `--strict` does not apply to it (its
/// warnings are snapshotted with the fixture instead).
const WARNS_BY_DESIGN: &str = "tests/fixtures/loosened.yaml";

/// Which kind of crate [`sync_crate`] makes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CrateKind {
    /// One of [`COMMITTED`]: its `Cargo.toml` is by hand; `cargo xtask codegen` regenerates it.
    Committed,
    /// A crate for any spec (`--spec`, `--out`): it gets its own `Cargo.toml`, and the command
    /// that regenerates it names the spec and the directory.
    Standalone,
}

pub fn run(root: &Path, flags: &CodegenFlags) -> Result<(), String> {
    if let (Some(spec), Some(out)) = (&flags.spec, &flags.out) {
        let name = flags
            .crate_name
            .clone()
            .unwrap_or_else(|| default_crate_name(spec));
        let markdown = sync_crate(root, spec, out, &name, CrateKind::Standalone, flags)?;
        return write_report(flags.report.as_deref(), &markdown);
    }
    let mut failures = Vec::new();
    let mut reports = String::new();
    for (spec, out, name) in COMMITTED {
        let (spec, out) = (root.join(spec), root.join(out));
        match sync_crate(root, &spec, &out, name, CrateKind::Committed, flags) {
            Ok(report) => reports.push_str(&report),
            Err(message) => failures.push(message),
        }
    }
    write_report(flags.report.as_deref(), &reports)?;
    if let Err(message) = readme::sync(root, flags.check) {
        failures.push(message);
    }
    if let Err(message) = decode_list::sync(root, flags.check) {
        failures.push(message);
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

fn write_report(path: Option<&Path>, markdown: &str) -> Result<(), String> {
    match path {
        Some(path) => {
            fs::write(path, markdown).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        None => Ok(()),
    }
}

/// Generates one crate and writes it (or, with `check`, compares it with what is on disk).
/// A standalone crate gets its own `Cargo.toml` (keeping the version it has); the committed ones
/// have theirs by hand. Each gets an `api-surface.json` recording the API of its current version,
/// against which the change report is made. The generator's warnings are printed with their
/// count; with `--strict`, any warning fails. Returns the report as Markdown.
fn sync_crate(
    root: &Path,
    spec_path: &Path,
    out_dir: &Path,
    crate_name: &str,
    kind: CrateKind,
    flags: &CodegenFlags,
) -> Result<String, String> {
    let check = flags.check;
    let text = fs::read_to_string(spec_path)
        .map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
    let shown_spec = display_path(spec_path, root);
    let mut settings = Settings::new(crate_name.to_owned(), shown_spec.clone());
    if kind == CrateKind::Standalone {
        settings.command = "cargo xtask codegen --spec .. --out ..".to_owned();
    }
    let (api, warnings) = flex_codegen::lower_text_with_warnings(&text)
        .map_err(|errors| format!("{shown_spec}: {errors}"))?;
    eprint!("{shown_spec}: {warnings}");
    if flags.strict && !warnings.is_empty() && shown_spec != WARNS_BY_DESIGN {
        return Err(format!(
            "{shown_spec}: --strict allows no warning, and the generator gave {}",
            warnings.len()
        ));
    }
    let mut files =
        flex_codegen::emit(&api, &settings).map_err(|errors| format!("{shown_spec}: {errors}"))?;
    let shown_out = display_path(out_dir, root);
    if kind == CrateKind::Standalone {
        // The version is the maintainer's: kept from the crate's manifest when there is one.
        let version = api_surface::package_version(&out_dir.join("Cargo.toml"))
            .unwrap_or_else(|_| "0.1.0".to_owned());
        let description = format!("Client generated by flex-codegen from {shown_spec}");
        let manifest = flex_codegen::manifest::cargo_toml(crate_name, &version, &description, true);
        files.insert(PathBuf::from("Cargo.toml"), manifest);
    }
    let outcome = api_surface::record(out_dir, crate_name, &api)?;
    files.insert(PathBuf::from(api_surface::FILE), outcome.file);
    println!("{}", outcome.markdown.trim_end());
    let markdown = outcome.markdown;
    let version_problem = outcome.version_problem;
    let command = match kind {
        CrateKind::Standalone => format!(
            "cargo xtask codegen --spec {} --out {} --crate-name {crate_name}",
            spec_path.display(),
            out_dir.display()
        ),
        CrateKind::Committed => "cargo xtask codegen".to_owned(),
    };
    let changes = compare(out_dir, &files)?;
    if check {
        let mut problems = Vec::new();
        if !changes.is_empty() {
            for change in &changes {
                eprintln!("{}", change.describe(out_dir, &files));
            }
            problems.push(format!(
                "{shown_out} is not what {shown_spec} makes ({} file(s) differ); run `{command}` and commit the result",
                changes.len()
            ));
        }
        problems.extend(version_problem);
        if problems.is_empty() {
            println!("{shown_out} is up to date with {shown_spec}");
            return Ok(markdown);
        }
        return Err(problems.join("\n"));
    }
    apply(out_dir, &files, &changes)?;
    println!(
        "{shown_out}: {} file(s) generated, {} written, {} removed",
        files.len(),
        changes
            .iter()
            .filter(|c| !matches!(c, Change::Extra(_)))
            .count(),
        changes
            .iter()
            .filter(|c| matches!(c, Change::Extra(_)))
            .count(),
    );
    if let Some(problem) = version_problem {
        println!("note: {problem}");
    }
    Ok(markdown)
}

/// `nexus.json` → `nexus-client`.
fn default_crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    format!("{}-client", crate_slug(stem).trim_matches('-'))
}

/// A file stem as a crate-name fragment: ASCII letters and digits lowercased, the rest `-`.
pub fn crate_slug(stem: &str) -> String {
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn display_path(path: &Path, root: &Path) -> String {
    let absolute = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    match absolute.strip_prefix(&root) {
        Ok(relative) => relative.display().to_string(),
        Err(_) => path.display().to_string(),
    }
}

enum Change {
    Missing(PathBuf),
    Stale(PathBuf, String),
    /// A file under `src/` the generator no longer makes.
    Extra(PathBuf),
}

impl Change {
    fn describe(&self, out_dir: &Path, files: &BTreeMap<PathBuf, String>) -> String {
        match self {
            Change::Missing(path) => format!("missing: {}", out_dir.join(path).display()),
            Change::Extra(path) => format!(
                "extra (no longer generated): {}",
                out_dir.join(path).display()
            ),
            Change::Stale(path, old) => {
                let new = files.get(path).map(String::as_str).unwrap_or("");
                let diff = similar::TextDiff::from_lines(old.as_str(), new);
                let mut text = format!("stale: {}\n", out_dir.join(path).display());
                let unified = diff
                    .unified_diff()
                    .context_radius(2)
                    .header("committed", "generated")
                    .to_string();
                // Enough to see what changed without flooding the CI log.
                for line in unified.lines().take(60) {
                    text.push_str(line);
                    text.push('\n');
                }
                if unified.lines().count() > 60 {
                    text.push_str("(diff cut at 60 lines)\n");
                }
                text
            }
        }
    }
}

/// What differs between the files on disk and the generated ones: files to write, and files
/// under `src/` to remove.
fn compare(out_dir: &Path, files: &BTreeMap<PathBuf, String>) -> Result<Vec<Change>, String> {
    let mut changes = Vec::new();
    for (path, contents) in files {
        match fs::read_to_string(out_dir.join(path)) {
            Ok(existing) if &existing == contents => {}
            Ok(existing) => changes.push(Change::Stale(path.clone(), existing)),
            Err(_) => changes.push(Change::Missing(path.clone())),
        }
    }
    let mut on_disk = BTreeSet::new();
    list_files(&out_dir.join("src"), Path::new("src"), &mut on_disk)?;
    for path in on_disk {
        if !files.contains_key(&path) {
            changes.push(Change::Extra(path));
        }
    }
    Ok(changes)
}

fn list_files(dir: &Path, relative: &Path, out: &mut BTreeSet<PathBuf>) -> Result<(), String> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot list {}: {e}", dir.display())),
    };
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        let name = entry.file_name();
        let path = entry.path();
        if path.is_dir() {
            list_files(&path, &relative.join(&name), out)?;
        } else {
            out.insert(relative.join(&name));
        }
    }
    Ok(())
}

fn apply(
    out_dir: &Path,
    files: &BTreeMap<PathBuf, String>,
    changes: &[Change],
) -> Result<(), String> {
    for change in changes {
        match change {
            Change::Missing(path) | Change::Stale(path, _) => {
                let contents = files.get(path).map(String::as_str).unwrap_or("");
                util::write_file(&out_dir.join(path), contents)?;
            }
            Change::Extra(path) => {
                let target = out_dir.join(path);
                fs::remove_file(&target)
                    .map_err(|e| format!("cannot remove {}: {e}", target.display()))?;
                // Remove directories the removal left empty (but never `src/` itself).
                let mut dir = target.parent();
                while let Some(d) = dir {
                    if d == out_dir.join("src") || fs::remove_dir(d).is_err() {
                        break;
                    }
                    dir = d.parent();
                }
            }
        }
    }
    Ok(())
}
