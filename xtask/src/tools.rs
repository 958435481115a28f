//! The tools from outside the Rust world that the checks use, each pinned and installed under
//! `target/tools` on first use: the spec validator (pip) and Steady (npm).

use crate::util;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The independent validator's version, pinned so CI does not change under us.
const SPEC_VALIDATOR: &str = "openapi-spec-validator==0.9.0";

/// The mock server `tests/tests/mock_server.rs` runs every operation against, pinned likewise.
const STEADY: &str = "@stdy/cli@0.22.2";

/// `cargo xtask install-tools`: installs what the tests need and Cargo cannot (Steady).
pub fn install(root: &Path) -> Result<(), String> {
    install_steady(root)
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
