//! What several tasks share: running a command, finding the workspace. Files are written by
//! `crate::files`.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `command`, failing with the command line and its exit status unless it succeeds.
pub fn run(command: &mut Command) -> Result<(), String> {
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
pub fn root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or(manifest_dir)
}

/// The Cargo that runs this xtask (`cargo xtask` sets `CARGO`), or the one on the `PATH`.
pub fn cargo() -> String {
    env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}
