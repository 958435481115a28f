//! `cargo xtask features`: `flex-client` checked with each of its resource features alone (and
//! with none, and with `webhooks` alone), on the default TLS backend, so that a service that turns on only what it uses
//! builds without an error or a warning. The features come from the spec's IR, as the manifest's
//! do. A loop rather than `cargo hack --each-feature`: each check must add the TLS backend, which
//! `--each-feature` does not, and the loop needs no tool to install.

use crate::util;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

pub fn run(root: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(root.join("spec/flex.yaml"))
        .map_err(|e| format!("cannot read spec/flex.yaml: {e}"))?;
    let lowered =
        flex_codegen::lower(&text).map_err(|errors| format!("spec/flex.yaml: {errors}"))?;
    let mut sets: Vec<String> = vec!["rustls-ring".to_owned()];
    sets.extend(
        lowered
            .api
            .feature_names()
            .into_iter()
            .map(|feature| format!("rustls-ring,{feature}")),
    );
    if lowered.api.webhooks.signature.is_some() {
        sets.push(format!(
            "rustls-ring,{}",
            flex_codegen::manifest::WEBHOOKS_FEATURE
        ));
    }
    let mut problems = Vec::new();
    for features in &sets {
        let started = Instant::now();
        let output = Command::new(util::cargo())
            .current_dir(root)
            .args([
                "check",
                "--quiet",
                "--package",
                "flex-client",
                "--no-default-features",
            ])
            .args(["--message-format", "short", "--features", features])
            .output()
            .map_err(|e| format!("cannot run cargo check: {e}"))?;
        let took = started.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&output.stderr);
        let complaints: Vec<&str> = stderr
            .lines()
            .filter(|line| line.contains("warning") || line.contains("error"))
            .collect();
        let verdict = if output.status.success() && complaints.is_empty() {
            "ok"
        } else {
            problems.push(format!("--features {features}:\n{stderr}"));
            "FAILED"
        };
        println!("{verdict:>7}  --features {features} ({took:.1} s)");
    }
    if problems.is_empty() {
        println!(
            "flex-client: {} feature sets check without a warning",
            sets.len()
        );
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}
