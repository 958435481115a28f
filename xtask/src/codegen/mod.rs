//! `cargo xtask codegen`: each spec is lowered once, and its IR makes the crate's files (and, for
//! the Flex spec, the client guide's table of operations and the decode list); `crate::files` writes
//! them, or checks that what is on disk is what it would write. Reports the API changes.

mod api_surface;
mod changelog;
mod decode_list;
mod readme;

use crate::files;
use crate::flags::CodegenFlags;
use flex_codegen::Settings;
use flex_codegen::ir::Api;
use std::fs;
use std::path::{Path, PathBuf};

/// The Flex spec: its IR also makes the client guide's table of operations and the decode list.
const FLEX_SPEC: &str = "spec/flex.yaml";

/// The crates this repository commits, each generated from its spec: the Flex client, a client
/// of the constructs fixture (unions, parameters and bodies of every kind on the wire), a client
/// of the runtime fixture (requests other than GET, for retries and idempotency keys), and a
/// client of the loosened fixture (valid OpenAPI with no exact Rust type); the integration tests
/// call the last three.
const COMMITTED: &[(&str, &str, &str)] = &[
    (FLEX_SPEC, "generated-client", "flex-client"),
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
        let lowered = Lowered::read(root, spec)?;
        let markdown = sync_crate(root, &lowered, out, &name, CrateKind::Standalone, flags)?;
        return write_report(flags.report.as_deref(), &markdown);
    }
    let mut failures = Vec::new();
    let mut reports = String::new();
    let mut flex = None;
    for (spec, out, name) in COMMITTED {
        let (spec_path, out) = (root.join(spec), root.join(out));
        let lowered = match Lowered::read(root, &spec_path) {
            Ok(lowered) => lowered,
            Err(message) => {
                failures.push(message);
                continue;
            }
        };
        match sync_crate(root, &lowered, &out, name, CrateKind::Committed, flags) {
            Ok(report) => reports.push_str(&report),
            Err(message) => failures.push(message),
        }
        if *spec == FLEX_SPEC {
            flex = Some(lowered.api);
        }
    }
    write_report(flags.report.as_deref(), &reports)?;
    // From the IR lowered above (when the Flex spec lowers at all: if not, that is reported).
    if let Some(api) = &flex {
        let synced = [
            readme::sync(root, api, flags.check),
            decode_list::sync(root, api, flags.check),
        ];
        failures.extend(synced.into_iter().filter_map(Result::err));
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

/// A hand-written manifest with its `[features]` table (from that line to the end, with the
/// comment lines just before it) replaced by the one the generator writes for `resources`.
fn with_features(manifest: &str, resources: &[String], webhooks: bool) -> String {
    let lines: Vec<&str> = manifest.lines().collect();
    let mut end = lines
        .iter()
        .position(|line| line.trim() == "[features]")
        .unwrap_or(lines.len());
    while end > 0 && lines[end - 1].starts_with('#') {
        end -= 1;
    }
    let mut text: String = lines[..end]
        .iter()
        .map(|line| format!("{line}\n"))
        .collect();
    if !text.ends_with("\n\n") {
        text.push('\n');
    }
    text.push_str(&flex_codegen::manifest::features_table(resources, webhooks));
    text
}

fn write_report(path: Option<&Path>, markdown: &str) -> Result<(), String> {
    match path {
        Some(path) => files::write_file(path, markdown),
        None => Ok(()),
    }
}

/// A spec read and lowered: the one IR its crate (and, for the Flex spec, the guide's table and
/// the decode list) is made from.
struct Lowered {
    spec_path: PathBuf,
    /// The spec's path as shown in messages (relative to the workspace when inside it).
    shown_spec: String,
    api: Api,
    /// The generator's warnings, already printed.
    warnings: usize,
}

impl Lowered {
    /// Reads and lowers the spec at `spec_path`, printing the generator's warnings.
    fn read(root: &Path, spec_path: &Path) -> Result<Lowered, String> {
        let text = fs::read_to_string(spec_path)
            .map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
        let shown_spec = display_path(spec_path, root);
        let flex_codegen::Lowered { api, warnings } =
            flex_codegen::lower(&text).map_err(|errors| format!("{shown_spec}: {errors}"))?;
        eprint!("{shown_spec}: {warnings}");
        Ok(Lowered {
            spec_path: spec_path.to_path_buf(),
            shown_spec,
            api,
            warnings: warnings.len(),
        })
    }
}

/// Generates one crate from its spec's IR and writes it (or, with `check`, compares it with what
/// is on disk), through [`files::ensure_dir_contents`]. A standalone crate gets its own
/// `Cargo.toml` (keeping the version it has); the committed ones have theirs by hand. Each gets an
/// `api-surface.json` recording the API of its current version, against which the change report
/// is made. With `--strict`, any generator warning fails. Returns the report as Markdown.
fn sync_crate(
    root: &Path,
    lowered: &Lowered,
    out_dir: &Path,
    crate_name: &str,
    kind: CrateKind,
    flags: &CodegenFlags,
) -> Result<String, String> {
    let check = flags.check;
    let Lowered {
        spec_path,
        shown_spec,
        api,
        warnings,
    } = lowered;
    if flags.strict && *warnings > 0 && shown_spec != WARNS_BY_DESIGN {
        return Err(format!(
            "{shown_spec}: --strict allows no warning, and the generator gave {warnings}"
        ));
    }
    let mut settings =
        Settings::new(crate_name.to_owned(), shown_spec.clone()).with_guide_from(out_dir);
    if kind == CrateKind::Standalone {
        settings.command = "cargo xtask codegen --spec .. --out ..".to_owned();
    }
    let mut generated =
        flex_codegen::emit(api, &settings).map_err(|errors| format!("{shown_spec}: {errors}"))?;
    let shown_out = display_path(out_dir, root);
    if kind == CrateKind::Standalone {
        // The version is the maintainer's: kept from the crate's manifest when there is one.
        let version = api_surface::package_version(&out_dir.join("Cargo.toml"))
            .unwrap_or_else(|_| "0.1.0".to_owned());
        let description = format!("Client generated by flex-codegen from {shown_spec}");
        let manifest = flex_codegen::manifest::cargo_toml(
            crate_name,
            &version,
            &description,
            true,
            &api.feature_names(),
            api.needs(),
        );
        generated.insert(PathBuf::from("Cargo.toml"), manifest);
    } else {
        // A committed manifest is the maintainers' down to its `[features]`, which lists the
        // resources of the spec and so is the generator's.
        let path = out_dir.join("Cargo.toml");
        let text = fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        generated.insert(
            PathBuf::from("Cargo.toml"),
            with_features(
                &text,
                &api.feature_names(),
                api.webhooks.signature.is_some(),
            ),
        );
    }
    let outcome = api_surface::record(out_dir, crate_name, api)?;
    generated.insert(PathBuf::from(api_surface::FILE), outcome.file);
    println!("{}", outcome.markdown.trim_end());
    // The crate's changelog (when it has one) gets the report of a version this run records.
    changelog::sync(
        out_dir,
        &outcome.version,
        outcome.released,
        &outcome.markdown,
        check,
    )?;
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
    // The generator owns `src/`: a file there that it no longer makes is removed.
    let tally = files::ensure_dir_contents(out_dir, &generated, Path::new("src"), check)?;
    if check {
        let mut problems = Vec::new();
        if tally.stale > 0 {
            problems.push(files::stale_error(
                &format!(
                    "{shown_out} is not what {shown_spec} makes ({} file(s) differ)",
                    tally.stale
                ),
                &command,
            ));
        }
        problems.extend(version_problem);
        if problems.is_empty() {
            println!("{shown_out} is up to date with {shown_spec}");
            return Ok(markdown);
        }
        return Err(problems.join("\n"));
    }
    println!(
        "{shown_out}: {} file(s) generated, {} written, {} removed",
        generated.len(),
        tally.written,
        tally.removed,
    );
    if let Some(problem) = version_problem {
        println!("note: {problem}");
    }
    Ok(markdown)
}

/// `nexus.json` → `nexus-client`.
fn default_crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    flex_codegen::manifest::default_crate_name(stem)
}

pub use flex_codegen::manifest::crate_slug;

fn display_path(path: &Path, root: &Path) -> String {
    let absolute = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    match absolute.strip_prefix(&root) {
        Ok(relative) => relative.display().to_string(),
        Err(_) => path.display().to_string(),
    }
}
