//! The worker of `cargo xtask directory`: generates one OpenAPI document with one generator and
//! prints what became of it as one JSON line on stdout. xtask runs one worker process per
//! document, so that a document that crashes, hangs or exhausts memory takes only its own process
//! down, and measures it from outside (wall time, kill on a limit); the worker adds what only it
//! can see (the generator's own time, its peak memory, its typed errors).
//!
//! `directory-worker flex|progenitor FILE`, or `directory-worker flex FILE --out DIR NAME` to
//! also write the crate (`Cargo.toml` and `src/`) into `DIR`, for the compile sample.
//!
//! Built in release mode with the bench crate (an example, so that it can use the bench's
//! dev-dependencies: progenitor is the baseline), never by `cargo test`.

#[path = "../benches/bench/generation.rs"]
#[allow(dead_code)]
mod generation;

use serde_json::{Value, json};
use std::time::Instant;

/// See `Cargo.toml`: the generator is allocation-bound, and this is the allocator a generator
/// binary should have.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (engine, file, out) = match args.as_slice() {
        [engine, file] => (engine, file, None),
        [engine, file, flag, dir, name] if flag == "--out" => (engine, file, Some((dir, name))),
        _ => {
            eprintln!("usage: directory-worker flex|progenitor FILE [--out DIR NAME]");
            std::process::exit(2);
        }
    };
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("cannot read {file}: {e}");
            std::process::exit(2);
        }
    };
    let mut report = match engine.as_str() {
        "flex" => flex(&text, out),
        "progenitor" => progenitor(&text),
        other => {
            eprintln!("unknown engine {other}");
            std::process::exit(2);
        }
    };
    report["peak_kb"] = json!(peak_kb());
    println!("{report}");
    // What the generator made is not dropped one allocation at a time: the process ends here.
    std::process::exit(0);
}

/// Ours, all of it (parse, downgrade, lower, passes, emit with prettyplease); nothing written.
fn flex(text: &str, out: Option<(&String, &String)>) -> Value {
    let name = out.map_or("directory_document", |(_, name)| name.as_str());
    let settings = flex_codegen::Settings::new(name, "document");
    let start = Instant::now();
    let result = flex_codegen::generate(text, &settings);
    let millis = start.elapsed().as_secs_f64() * 1000.0;
    let mut report = match &result {
        Ok(generated) => {
            let written =
                out.map(|(dir, name)| write_crate(std::path::Path::new(dir), name, generated));
            if let Some(Err(e)) = written {
                eprintln!("{e}");
                std::process::exit(2);
            }
            json!({
            "outcome": "generated",
            "warnings": generated.warnings.len(),
            "files": generated.files.len(),
            "lines": generation::lines(generated.files.values()),
            })
        }
        Err(errors) => json!({
            "outcome": "refused",
            "problems": errors.iter().map(|e| json!({
                "kind": format!("{:?}", e.kind),
                "pointer": e.pointer,
                "message": e.message,
            })).collect::<Vec<_>>(),
        }),
    };
    report["millis"] = json!(millis);
    std::mem::forget(result);
    report
}

/// Writes a generated crate: its files under `dir`, and a manifest.
fn write_crate(
    dir: &std::path::Path,
    name: &str,
    generated: &flex_codegen::Generated,
) -> std::io::Result<()> {
    let manifest = flex_codegen::manifest::cargo_toml(
        name,
        "0.1.0",
        "From the API directory",
        false,
        &generated.features,
        generated.needs,
    );
    for (path, text) in generated
        .files
        .iter()
        .chain([(&std::path::PathBuf::from("Cargo.toml"), &manifest)])
    {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}

/// progenitor's default generator, as the bench runs it; a panic is caught and reported as one.
fn progenitor(text: &str) -> Value {
    let start = Instant::now();
    let result = generation::progenitor(text);
    let millis = start.elapsed().as_secs_f64() * 1000.0;
    let mut report = match result {
        Ok(file) => json!({ "outcome": "generated", "lines": file.lines().count() }),
        Err(message) if message.starts_with("panicked") => {
            json!({ "outcome": "panicked", "message": message })
        }
        Err(message) => json!({ "outcome": "refused", "message": message }),
    };
    report["millis"] = json!(millis);
    report
}

/// The process's peak resident memory in KiB (`VmHWM`), where the platform says (Linux).
fn peak_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}
