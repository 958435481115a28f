//! `cargo xtask`'s command line: the usage on request, and a refusal with the usage for what it
//! does not know.

use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

#[test]
fn help_and_no_command_print_the_usage() {
    for args in [&[][..], &["help"], &["--help"], &["-h"]] {
        let output = xtask(args);
        assert!(output.status.success(), "{args:?}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.starts_with("usage:\n") && stdout.contains("cargo xtask install-tools"),
            "{args:?}: {stdout}"
        );
    }
}

#[test]
fn unknown_commands_and_arguments_are_refused_with_usage() {
    for (args, message) in [
        (&["frobnicate"][..], "unknown command `frobnicate`"),
        (&["bench", "--slow"], "unknown argument `--slow`"),
        (&["codegen", "--report"], "--report needs a value"),
        (
            &["codegen", "--spec", "a.yaml"],
            "--spec and --out go together",
        ),
    ] {
        let output = xtask(args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.starts_with(message) && stderr.contains("\nusage:\n"),
            "{args:?}: {stderr}"
        );
    }
}
