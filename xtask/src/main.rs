//! `cargo xtask`: the project's maintenance commands. The generator returns files; this writes
//! them, or checks that what is on disk is what it would write.

mod api_surface;
mod corpus;
mod readme;

use flex_codegen::Settings;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::{env, fs};

const USAGE: &str = "\
usage:
  cargo xtask codegen [--check] [--report FILE]
      regenerate generated-client/src from spec/flex.yaml, and the test clients in tests/
      (--check: change nothing, fail if stale or if a breaking API change lands without a
      version bump; --report: write the API change report as Markdown)
  cargo xtask codegen --spec PATH --out DIR [--crate-name NAME] [--check]
      write a standalone crate (Cargo.toml and src/) for any spec
  cargo xtask corpus
      generate and `cargo check` a crate for every spec in tests/corpus and tests/fixtures
  cargo xtask validate-spec
      validate spec/flex.yaml with openapi-spec-validator (installed into target/tools)
  cargo xtask install-tools
      install Steady, the mock server of tests/tests/mock_server.rs, into target/tools (npm)
  cargo xtask test
      every test: validate-spec, install-tools, `cargo test --workspace`, corpus
  cargo xtask bench [--quick]
      the benchmark (tests/bench, in release mode): generation, scaling, compile time, decode
      and call overhead, each against a baseline; prints a table of ratios (--quick: few
      iterations and a small spec for the compile row, only to prove that it works)";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        Some("corpus") => corpus::run(&root()),
        Some("validate-spec") => validate_spec(&root()),
        Some("install-tools") => install_tools(&root()),
        Some("test") => test(&root()),
        Some("bench") => bench(&root(), &args[1..]),
        Some("help" | "--help" | "-h") | None => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The independent validator's version, pinned so CI does not change under us.
const SPEC_VALIDATOR: &str = "openapi-spec-validator==0.9.0";

/// Validates the spec with an OpenAPI validator that shares no code with the generator,
/// installing it into a virtual environment under `target/tools` on first use.
fn validate_spec(root: &Path) -> Result<(), String> {
    let venv = root.join("target/tools/spec-validator");
    let validator = venv.join("bin/openapi-spec-validator");
    if !validator.exists() {
        println!("installing {SPEC_VALIDATOR} into {}", venv.display());
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        run(Command::new(venv.join("bin/pip")).args(["install", "--quiet", SPEC_VALIDATOR]))?;
    }
    run(Command::new(validator).arg(root.join("spec/flex.yaml")))
}

/// The mock server `tests/tests/mock_server.rs` runs every operation against, pinned likewise.
const STEADY: &str = "@stdy/cli@0.22.2";

/// Installs Steady with npm into `target/tools/steady`, unless it is there already.
fn install_tools(root: &Path) -> Result<(), String> {
    let prefix = root.join("target/tools/steady");
    if !prefix.join("node_modules/.bin/steady").exists() {
        println!("installing {STEADY} into {}", prefix.display());
        run(Command::new("npm")
            .args(["install", "--prefix"])
            .arg(&prefix)
            .args(["--no-audit", "--no-fund", STEADY]))?;
    }
    Ok(())
}

/// Everything the README's test command promises, in order, stopping at the first failure.
fn test(root: &Path) -> Result<(), String> {
    validate_spec(root)?;
    install_tools(root)?;
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    run(Command::new(&cargo)
        .current_dir(root)
        .args(["test", "--workspace"]))?;
    corpus::run(root)
}

/// `cargo bench -p flex-bench`, passing `--quick` on to the harness.
fn bench(root: &Path, args: &[String]) -> Result<(), String> {
    let mut quick = false;
    for arg in args {
        match arg.as_str() {
            "--quick" => quick = true,
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(&cargo);
    command
        .current_dir(root)
        .args(["bench", "--package", "flex-bench", "--bench", "bench"]);
    if quick {
        command.args(["--", "--quick"]);
    }
    run(&mut command)
}

fn run(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

/// The workspace root (the parent of this crate's directory).
fn root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or(manifest_dir)
}

struct CodegenArgs {
    check: bool,
    report: Option<PathBuf>,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
}

fn parse_args(args: &[String]) -> Result<CodegenArgs, String> {
    let mut parsed = CodegenArgs {
        check: false,
        report: None,
        spec: None,
        out: None,
        crate_name: None,
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| {
            iter.next()
                .cloned()
                .ok_or(format!("{flag} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--spec" => parsed.spec = Some(PathBuf::from(value("--spec")?)),
            "--out" => parsed.out = Some(PathBuf::from(value("--out")?)),
            "--crate-name" => parsed.crate_name = Some(value("--crate-name")?),
            "--report" => parsed.report = Some(PathBuf::from(value("--report")?)),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    if parsed.spec.is_some() != parsed.out.is_some() {
        return Err(format!("--spec and --out go together\n{USAGE}"));
    }
    Ok(parsed)
}

/// The crates this repository commits, each generated from its spec: the Flex client, a client
/// of the constructs fixture (unions, parameters and bodies of every kind on the wire), and a
/// client of the runtime fixture (requests other than GET, for retries and idempotency keys);
/// the integration tests call the last two.
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
];

fn codegen(args: &[String]) -> Result<(), String> {
    let args = parse_args(args)?;
    let root = root();
    if let (Some(spec), Some(out)) = (&args.spec, &args.out) {
        let name = args
            .crate_name
            .clone()
            .unwrap_or_else(|| default_crate_name(spec));
        let markdown = sync_crate(&root, spec, out, &name, true, &args)?;
        return write_report(args.report.as_deref(), &markdown);
    }
    let mut failures = Vec::new();
    let mut reports = String::new();
    for (spec, out, name) in COMMITTED {
        match sync_crate(&root, &root.join(spec), &root.join(out), name, false, &args) {
            Ok(report) => reports.push_str(&report),
            Err(message) => failures.push(message),
        }
    }
    write_report(args.report.as_deref(), &reports)?;
    if let Err(message) = readme::sync(&root, args.check) {
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

/// Generates one crate and writes it (or, with `--check`, compares it with what is on disk).
/// A `standalone` crate gets its own `Cargo.toml` (keeping the version it has); the committed ones
/// have theirs by hand. Each gets an `api-surface.json` recording the API of its current version,
/// against which the change report is made. Returns the report as Markdown.
fn sync_crate(
    root: &Path,
    spec_path: &Path,
    out_dir: &Path,
    crate_name: &str,
    standalone: bool,
    args: &CodegenArgs,
) -> Result<String, String> {
    let text = fs::read_to_string(spec_path)
        .map_err(|e| format!("cannot read {}: {e}", spec_path.display()))?;
    let shown_spec = display_path(spec_path, root);
    let mut settings = Settings::new(crate_name.to_owned(), shown_spec.clone());
    if standalone {
        settings.command = "cargo xtask codegen --spec .. --out ..".to_owned();
    }
    let api =
        flex_codegen::lower_text(&text).map_err(|errors| format!("{shown_spec}: {errors}"))?;
    let mut files =
        flex_codegen::emit(&api, &settings).map_err(|errors| format!("{shown_spec}: {errors}"))?;
    let shown_out = display_path(out_dir, root);
    if standalone {
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
    let command = if standalone {
        format!(
            "cargo xtask codegen --spec {} --out {} --crate-name {crate_name}",
            spec_path.display(),
            out_dir.display()
        )
    } else {
        "cargo xtask codegen".to_owned()
    };
    let changes = compare(out_dir, &files)?;
    if args.check {
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
fn crate_slug(stem: &str) -> String {
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
                let target = out_dir.join(path);
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent)
                        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
                }
                let contents = files.get(path).map(String::as_str).unwrap_or("");
                fs::write(&target, contents)
                    .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
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
