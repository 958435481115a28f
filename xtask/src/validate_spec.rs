//! `cargo xtask validate-spec`: `spec/flex.yaml` checked by an OpenAPI validator that shares no
//! code with the generator.

use crate::tools;
use crate::util;
use std::path::Path;
use std::process::Command;

pub fn run(root: &Path) -> Result<(), String> {
    let validator = tools::spec_validator(root)?;
    util::run(Command::new(validator).arg(root.join("spec/flex.yaml")))
}
