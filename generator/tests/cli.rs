//! The `flex-codegen` command: a crate written from a spec, then checked; what `--check` finds;
//! a bad spec and bad arguments refused with a message, never a panic.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn flex_codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_flex-codegen"))
        .args(args)
        .output()
        .expect("flex-codegen runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
        .to_str()
        .expect("utf-8")
        .to_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_crate_is_written_then_checked() {
    let out = scratch("pets");
    let out_s = out.to_str().expect("utf-8");
    let spec = fixture("responses.yaml");
    let written = flex_codegen(&["generate", "--spec", &spec, "--out", out_s]);
    assert!(written.status.success(), "{}", stderr(&written));
    let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(
        manifest.contains("name = \"responses-client\""),
        "{manifest}"
    );
    assert!(manifest.contains("[workspace]"), "{manifest}");
    assert!(out.join("src/lib.rs").exists());
    let checked = flex_codegen(&["generate", "--spec", &spec, "--out", out_s, "--check"]);
    assert!(checked.status.success(), "{}", stderr(&checked));

    // What --check finds: a file changed, one missing, one the generator does not make.
    fs::write(out.join("src/lib.rs"), "// edited\n").expect("edit");
    fs::remove_file(out.join("src/types/mod.rs")).expect("remove");
    fs::write(out.join("src/types/old.rs"), "// stale\n").expect("extra");
    let checked = flex_codegen(&["generate", "--spec", &spec, "--out", out_s, "--check"]);
    assert_eq!(checked.status.code(), Some(1));
    let message = stderr(&checked);
    for expected in ["stale: ", "missing: ", "extra: ", "src/types/old.rs"] {
        assert!(message.contains(expected), "{message}");
    }
    // Regenerating mends all three, keeping the version the maintainer set.
    let bumped = manifest.replace("version = \"0.1.0\"", "version = \"0.3.0\"");
    fs::write(out.join("Cargo.toml"), bumped).expect("bump");
    let written = flex_codegen(&["generate", "--spec", &spec, "--out", out_s]);
    assert!(written.status.success(), "{}", stderr(&written));
    assert!(!out.join("src/types/old.rs").exists());
    let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("version = \"0.3.0\""), "{manifest}");
}

#[test]
fn a_bad_spec_and_bad_arguments_are_refused_with_a_message() {
    let dir = scratch("bad");
    let spec = dir.join("bad.yaml");
    fs::write(
        &spec,
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Nope'}}}}}\n",
    )
    .expect("spec");
    let out = dir.join("out");
    let refused = flex_codegen(&[
        "generate",
        "--spec",
        spec.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("#/components/schemas/Nope"),
        "{}",
        stderr(&refused)
    );
    assert!(!out.exists(), "nothing is written for a bad spec");
    for args in [&["generate"][..], &["make"], &["generate", "--spec"], &[]] {
        let refused = flex_codegen(args);
        assert_eq!(refused.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&refused).contains("usage: flex-codegen"),
            "{args:?}: {}",
            stderr(&refused)
        );
    }
}
