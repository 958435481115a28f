//! The fuzzers' corpora, replayed as plain tests so that CI runs every input fuzzing kept without
//! cargo-fuzz, in seconds: `generator/fuzz/corpus/generate` (spec text for the generator) and
//! `generator/fuzz/corpus/decode` (a type number and JSON for `flex-client`'s types), plus the
//! inputs that once crashed a target (`generator/fuzz/regressions/<target>`), each a regression
//! test. See the README's "Fuzzing".

use flex_sdk_tests::decode_all;
use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/fuzz")
}

/// The inputs of a target: its corpus and its regressions, sorted by path.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for dir in [
        fuzz_dir().join("corpus").join(target),
        fuzz_dir().join("regressions").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() {
                let bytes = std::fs::read(&path).expect("readable input");
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}

/// Runs `check` on every input of `target`, naming the input that panics.
fn replay(target: &str, minimum: usize, check: impl Fn(&[u8]) + std::panic::RefUnwindSafe) {
    let inputs = inputs(target);
    assert!(
        inputs.len() >= minimum,
        "expected at least {minimum} inputs for `{target}`, found {}",
        inputs.len()
    );
    let mut failed = Vec::new();
    for (path, bytes) in &inputs {
        if std::panic::catch_unwind(|| check(bytes)).is_err() {
            failed.push(path.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "inputs that fail `{target}`: {failed:#?}"
    );
}

#[test]
fn the_generate_corpus_gives_files_or_typed_errors() {
    replay("generate", 50, |bytes| {
        let text = String::from_utf8_lossy(bytes);
        let settings = flex_codegen::Settings::new("fuzz-client", "fuzz.yaml");
        if let Err(errors) = flex_codegen::generate(&text, &settings) {
            assert!(
                errors
                    .iter()
                    .all(|e| e.kind != flex_codegen::ErrorKind::Internal),
                "{errors}"
            );
        }
    });
}

#[test]
fn the_decode_corpus_decodes_or_fails_cleanly() {
    replay("decode", 50, |bytes| {
        if let Some((&index, json)) = bytes.split_first() {
            decode_all::decode(usize::from(index), json);
        }
    });
}
