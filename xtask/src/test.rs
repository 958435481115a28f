//! `cargo xtask test`: everything the README's test command promises, in order, stopping at the
//! first failure.

use crate::{corpus, tools, util, validate_spec};
use std::path::Path;
use std::process::Command;

pub fn run(root: &Path) -> Result<(), String> {
    validate_spec::run(root)?;
    tools::install(root)?;
    util::run(
        Command::new(util::cargo())
            .current_dir(root)
            .args(["test", "--workspace"]),
    )?;
    corpus::run(root)
}
