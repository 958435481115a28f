//! `cargo xtask`: the project's maintenance commands. This file reads the command line
//! (`flags`) and hands it to the task's module; what several tasks share is in `util`, and every
//! file is written (or checked) by `files`.

mod bench;
mod build_times;
mod codegen;
mod corpus;
mod directory;
mod features;
mod files;
mod flags;
mod test;
mod tools;
mod util;
mod validate_spec;

use flags::{Command, USAGE};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match Command::parse(&args).and_then(dispatch) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(command: Command) -> Result<(), String> {
    let root = util::root();
    match command {
        Command::Help => {
            println!("{USAGE}");
            Ok(())
        }
        Command::Codegen(flags) => codegen::run(&root, &flags),
        Command::Corpus => corpus::run(&root),
        Command::Directory(flags) => directory::run(&root, &flags),
        Command::ValidateSpec => validate_spec::run(&root),
        Command::InstallTools => tools::install(&root),
        Command::Test => test::run(&root),
        Command::Features => features::run(&root),
        Command::Bench { quick } => bench::run(&root, quick),
        Command::BuildTimes { rounds } => build_times::run(&root, rounds),
    }
}
