//! The tools from outside the Rust world that the checks use, each pinned and installed under
//! `target/tools` on first use: the spec validator (pip), Steady (npm) and cargo-semver-checks
//! (crates.io; a tool, not a dependency of any crate here).

use crate::util;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The independent validator's version, pinned so CI does not change under us.
const SPEC_VALIDATOR: &str = "openapi-spec-validator==0.9.0";

/// The mock server `tests/tests/mock_server.rs` runs every operation against, pinned likewise.
const STEADY: &str = "@stdy/cli@0.22.2";

/// The semver checker `tests/tests/api_changes.rs` holds the API change report to, pinned
/// likewise (its lints change between versions).
const SEMVER_CHECKS: &str = "0.51.0";

/// `cargo xtask install-tools`: installs what the tests need and `cargo test` cannot build
/// itself (Steady, cargo-semver-checks).
pub fn install(root: &Path) -> Result<(), String> {
    install_steady(root)?;
    install_semver_checks(root)
}

/// Installs cargo-semver-checks into `target/tools/semver-checks`, unless that version is there
/// already. A clean build of it takes six to twelve minutes on two cores, once per clone.
fn install_semver_checks(root: &Path) -> Result<(), String> {
    let prefix = root.join("target/tools/semver-checks");
    let binary = prefix.join("bin/cargo-semver-checks");
    let installed = binary.exists()
        && Command::new(&binary)
            .args(["semver-checks", "--version"])
            .output()
            .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains(SEMVER_CHECKS));
    if !installed {
        println!(
            "installing cargo-semver-checks {SEMVER_CHECKS} into {}",
            prefix.display()
        );
        util::run(
            Command::new(util::cargo())
                .args(["install", "--locked", "--quiet", "--force"])
                .args(["--version", SEMVER_CHECKS, "--root"])
                .arg(&prefix)
                // cargo builds it in a temporary directory of its own and removes it.
                .arg("cargo-semver-checks"),
        )?;
    }
    Ok(())
}

/// The spec validator's executable, installed into a virtual environment under
/// `target/tools/spec-validator` unless it is there already.
pub fn spec_validator(root: &Path) -> Result<PathBuf, String> {
    let venv = root.join("target/tools/spec-validator");
    let validator = venv.join("bin/openapi-spec-validator");
    if !validator.exists() {
        println!("installing {SPEC_VALIDATOR} into {}", venv.display());
        util::run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
        util::run(Command::new(venv.join("bin/pip")).args(["install", "--quiet", SPEC_VALIDATOR]))?;
    }
    Ok(validator)
}

/// Installs Steady with npm into `target/tools/steady`, unless it is there already.
fn install_steady(root: &Path) -> Result<(), String> {
    let prefix = root.join("target/tools/steady");
    if !prefix.join("node_modules/.bin/steady").exists() {
        println!("installing {STEADY} into {}", prefix.display());
        util::run(
            Command::new("npm")
                .args(["install", "--prefix"])
                .arg(&prefix)
                .args(["--no-audit", "--no-fund", STEADY]),
        )?;
    }
    Ok(())
}
