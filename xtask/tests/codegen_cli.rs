//! `cargo xtask codegen` as a maintainer runs it: standalone crates, `--check` on stale, missing
//! and extra files, and bad specs.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
}

/// A fresh directory under the target directory, removed first if a previous run left it.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `cargo xtask codegen` of the standalone crate `pets-client` from `spec` into `out`, with
/// `extra` flags after.
fn codegen_pets(spec: &str, out: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "codegen",
        "--spec",
        spec,
        "--out",
        out,
        "--crate-name",
        "pets-client",
    ];
    args.extend_from_slice(extra);
    xtask(&args)
}

#[test]
fn standalone_crate_then_check_finds_stale_missing_and_extra_files() {
    let out = scratch("standalone");
    let spec = fixture("responses.yaml");
    let (spec, out_str) = (
        spec.to_str().expect("utf-8 path"),
        out.to_str().expect("utf-8 path"),
    );

    let written = codegen_pets(spec, out_str, &[]);
    assert!(written.status.success(), "{}", stderr(&written));
    let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml written");
    assert!(manifest.contains("name = \"pets-client\""), "{manifest}");
    assert!(out.join("src/lib.rs").is_file() && out.join("src/operations/pets.rs").is_file());

    let clean = codegen_pets(spec, out_str, &["--check"]);
    assert!(clean.status.success(), "{}", stderr(&clean));

    // Stale, missing and extra: each is named, the stale one with a diff, and the command given.
    let types = out.join("src/types/pet.rs");
    let edited = fs::read_to_string(&types)
        .expect("pet.rs")
        .replace("pub name:", "pub nickname:");
    fs::write(&types, edited).expect("edit");
    fs::remove_file(out.join("src/types/new_pet.rs")).expect("remove");
    fs::write(out.join("src/types/leftover.rs"), "// from an older spec\n").expect("extra");
    let check = codegen_pets(spec, out_str, &["--check"]);
    let err = stderr(&check);
    assert_eq!(check.status.code(), Some(1), "{err}");
    assert!(
        err.contains("stale:") && err.contains("src/types/pet.rs"),
        "{err}"
    );
    assert!(
        err.contains("-    pub nickname:") && err.contains("+    pub name:"),
        "{err}"
    );
    assert!(
        err.contains("missing:") && err.contains("src/types/new_pet.rs"),
        "{err}"
    );
    assert!(
        err.contains("extra (no longer generated):") && err.contains("src/types/leftover.rs"),
        "{err}"
    );
    assert!(err.contains("run `cargo xtask codegen --spec"), "{err}");
    // --check changed nothing.
    assert!(
        out.join("src/types/leftover.rs").exists() && !out.join("src/types/new_pet.rs").exists()
    );

    // Regenerating repairs all three, removing the leftover.
    let repaired = codegen_pets(spec, out_str, &[]);
    assert!(repaired.status.success(), "{}", stderr(&repaired));
    assert!(
        !out.join("src/types/leftover.rs").exists() && out.join("src/types/new_pet.rs").exists()
    );
    let again = codegen_pets(spec, out_str, &["--check"]);
    assert!(again.status.success(), "{}", stderr(&again));
}

#[test]
fn a_bad_spec_prints_every_problem_and_exits_1_without_a_panic() {
    let out = scratch("bad");
    let spec = fixture("error_bad_spec.yaml");
    let output = xtask(&[
        "codegen",
        "--spec",
        spec.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("4 problems found"), "{err}");
    assert!(err.contains("#/components/schemas/Loop"), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written for a bad spec");
}

#[test]
fn unknown_arguments_are_refused_with_usage() {
    let output = xtask(&["codegen", "--frobnicate"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("usage:"));
}

#[test]
fn breaking_changes_need_a_version_bump() {
    let dir = scratch("versions");
    fs::create_dir_all(&dir).expect("scratch dir");
    let spec = dir.join("spec.yaml");
    let out = dir.join("client");
    let (spec_s, out_s) = (
        spec.to_str().expect("utf-8").to_owned(),
        out.to_str().expect("utf-8").to_owned(),
    );
    let run = |extra: &[&str]| codegen_pets(&spec_s, &out_s, extra);
    let original = fs::read_to_string(fixture("responses.yaml")).expect("fixture");
    fs::write(&spec, &original).expect("spec");
    assert!(run(&[]).status.success());
    let record = fs::read_to_string(out.join("api-surface.json")).expect("surface recorded");
    assert!(record.contains("\"crate_version\": \"0.1.0\""), "{record}");

    // A non-breaking change: reported, and --check passes once regenerated.
    fs::write(
        &spec,
        original.replace(
            "        name: {type: string}\n    ErrorBody:",
            "        name: {type: string}\n        nickname: {type: string}\n    ErrorBody:",
        ),
    )
    .expect("spec");
    let added = run(&[]);
    let stdout = String::from_utf8_lossy(&added.stdout);
    assert!(
        stdout.contains("optional field `nickname: Option<String>` added")
            && stdout.contains("### Non-breaking"),
        "{stdout}"
    );
    assert!(run(&["--check"]).status.success());

    // A breaking change: --check fails, naming the version to set, even after regenerating.
    fs::write(
        &spec,
        original.replace(
            "        pet_id: {type: string}",
            "        pet_id: {type: integer}",
        ),
    )
    .expect("spec");
    let report = dir.join("report.md");
    let regenerated = run(&["--report", report.to_str().expect("utf-8")]);
    assert!(regenerated.status.success(), "{}", stderr(&regenerated));
    let markdown = fs::read_to_string(&report).expect("report written");
    assert!(
        markdown.contains("### Breaking")
            && markdown.contains("field `pet_id` changed type from `String` to `i64`"),
        "{markdown}"
    );
    let check = run(&["--check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains("set `version = \"0.2.0\"`"),
        "{}",
        stderr(&check)
    );

    // A crate with a changelog: its current version must have an entry.
    let changelog = out.join("CHANGELOG.md");
    fs::write(
        &changelog,
        "# Changelog\n\nIntro.\n\n## [0.1.0] - 2026-01-01\n\nFirst.\n",
    )
    .expect("changelog");

    // Bumping the version (the maintainer's edit) and regenerating records the new surface and
    // adds the report to the changelog, on top.
    let manifest = fs::read_to_string(out.join("Cargo.toml"))
        .expect("manifest")
        .replace("version = \"0.1.0\"", "version = \"0.2.0\"");
    fs::write(out.join("Cargo.toml"), manifest).expect("bump");
    assert!(run(&[]).status.success());
    let check = run(&["--check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let record = fs::read_to_string(out.join("api-surface.json")).expect("surface recorded");
    assert!(record.contains("\"crate_version\": \"0.2.0\""), "{record}");
    let entries = fs::read_to_string(&changelog).expect("changelog");
    let (new, old) = (
        entries.find("## [0.2.0] - ").expect("an entry for 0.2.0"),
        entries.find("## [0.1.0]").expect("the old entry kept"),
    );
    assert!(new < old, "{entries}");
    assert!(
        entries.contains("field `pet_id` changed type from `String` to `i64`"),
        "{entries}"
    );

    // Without its entry, --check fails and says what to run.
    fs::write(&changelog, "# Changelog\n\n## [0.1.0] - 2026-01-01\n").expect("changelog");
    let check = run(&["--check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains("has no entry for version 0.2.0"),
        "{}",
        stderr(&check)
    );
}
