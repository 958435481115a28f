//! `cargo xtask bench`: `cargo bench -p flex-bench`, passing `--quick` on to the harness, and
//! the pinned API directory (installed as `cargo xtask directory` installs it) in
//! `FLEX_BENCH_DIRECTORY`, for the rows of its largest documents.

use crate::util;
use std::path::Path;
use std::process::Command;

pub fn run(root: &Path, quick: bool) -> Result<(), String> {
    let directory = crate::directory::install(root)?;
    let mut command = Command::new(util::cargo());
    command
        .current_dir(root)
        .env("FLEX_BENCH_DIRECTORY", directory)
        .args(["bench", "--package", "flex-bench", "--bench", "bench"]);
    if quick {
        command.args(["--", "--quick"]);
    }
    util::run(&mut command)
}
