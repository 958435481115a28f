//! `--compile N`: the generated crates of a fixed, seeded sample of the documents that
//! generated, always with the payment APIs, checked warning-free in one throwaway workspace.

use super::Document;
use super::pool::{Outcome, Run};
use crate::corpus;
use std::fs;
use std::path::Path;
use std::process::Command;

/// Documents always in the sample: the payment APIs a Flex merchant's neighbours generate
/// (Stripe, Square, Adyen's checkout, Plaid).
const ALWAYS: &[&str] = &[
    "stripe.com.json",
    "squareup.com.json",
    "adyen.com/CheckoutService-v71.json",
    "plaid.com.json",
];

/// The sample's seed: the same documents on every run, on every machine.
const SEED: u64 = 0x5eed_f1e5;

/// Generates and checks the sample; one failure message per crate that does not compile.
pub fn run(
    root: &Path,
    work: &Path,
    worker: &Path,
    documents: &[Document],
    runs: &[Run],
    sample: usize,
) -> Result<Vec<String>, String> {
    let generated: Vec<&Document> = documents
        .iter()
        .zip(runs)
        .filter(|(_, r)| matches!(r.outcome, Outcome::Generated(_)))
        .map(|(d, _)| d)
        .collect();
    let mut chosen: Vec<&Document> = generated
        .iter()
        .filter(|d| ALWAYS.contains(&d.key.as_str()))
        .copied()
        .collect();
    let mut rest: Vec<&Document> = generated
        .iter()
        .filter(|d| !chosen.iter().any(|c| c.key == d.key))
        .copied()
        .collect();
    rest.sort_by_key(|d| (fnv(SEED, &d.key), d.key.clone()));
    chosen.extend(rest.into_iter().take(sample));

    let crates_dir = work.join("crates");
    if crates_dir.exists() {
        fs::remove_dir_all(&crates_dir)
            .map_err(|e| format!("cannot clear {}: {e}", crates_dir.display()))?;
    }
    let mut names = Vec::new();
    for document in &chosen {
        let name = format!(
            "dir-{}",
            crate::codegen::crate_slug(&document.key.replace(['/', '.'], "-"))
        );
        let status = Command::new(worker)
            .arg("flex")
            .arg(&document.path)
            .arg("--out")
            .arg(crates_dir.join(&name))
            .arg(&name)
            .stdout(std::process::Stdio::null())
            .status()
            .map_err(|e| format!("cannot run the worker: {e}"))?;
        if !status.success() {
            return Err(format!(
                "{}: the worker could not write its crate",
                document.key
            ));
        }
        names.push((name, document.key.clone()));
    }
    println!(
        "directory: checking {} generated crates (the payment APIs and a seeded sample of {sample}), warnings denied",
        names.len()
    );
    let crate_names: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
    let errors = corpus::check(root, work, &crate_names)?;
    let mut failures = Vec::new();
    for (name, key) in &names {
        match errors.get(&name.replace('-', "_")) {
            Some(error) => {
                println!("  compile error  {key}: {error}");
                failures.push(format!("{key}: its crate does not compile: {error}"));
            }
            None => println!("  compiles       {key}"),
        }
    }
    Ok(failures)
}

/// FNV-1a of the seed and the key: a stable order that is not the alphabet's.
fn fnv(seed: u64, key: &str) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325 ^ seed;
    for byte in key.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
