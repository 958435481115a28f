//! `cargo xtask bench`: `cargo bench -p flex-bench`, passing `--quick` on to the harness.

use crate::util;
use std::path::Path;
use std::process::Command;

pub fn run(root: &Path, quick: bool) -> Result<(), String> {
    let mut command = Command::new(util::cargo());
    command
        .current_dir(root)
        .args(["bench", "--package", "flex-bench", "--bench", "bench"]);
    if quick {
        command.args(["--", "--quick"]);
    }
    util::run(&mut command)
}
