//! What a directory run prints and writes: the counts by outcome (3.0 and 3.1 apart, ours and
//! progenitor's side by side), the refusals tallied by reason, the slowest documents and the
//! largest one's time and memory; and one JSON line per document in `results.jsonl`.

use super::pool::{Outcome, Run};
use super::{Document, kind};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;

pub fn write_results(
    path: &Path,
    documents: &[Document],
    ours: &[Run],
    theirs: Option<&Vec<Run>>,
) -> Result<(), String> {
    let mut out = String::new();
    for (i, document) in documents.iter().enumerate() {
        let mut line = json!({
            "key": document.key,
            "openapi": document.version,
            "bytes": document.bytes,
            "flex": run_json(&ours[i]),
        });
        if let Some(theirs) = theirs {
            line["progenitor"] = run_json(&theirs[i]);
        }
        out.push_str(&line.to_string());
        out.push('\n');
    }
    crate::files::write_file(path, &out)?;
    println!("directory: per-document results in {}", path.display());
    Ok(())
}

fn run_json(run: &Run) -> serde_json::Value {
    let mut value = json!({
        "outcome": kind(run),
        "seconds": (run.seconds * 1000.0).round() / 1000.0,
        "peak_mb": run.peak_kb / 1024,
    });
    match &run.outcome {
        Outcome::Generated(report) => {
            value["warnings"] = report["warnings"].clone();
            value["lines"] = report["lines"].clone();
        }
        Outcome::Refused(report) => {
            value["reasons"] = json!(reasons(report));
        }
        Outcome::Panicked(message) | Outcome::Crashed(message) => {
            value["message"] = json!(message);
        }
        Outcome::TimedOut | Outcome::OverMemory => {}
    }
    value
}

/// The distinct reasons of a refusal: each problem's kind and message, with the names in
/// backquotes left out, so that the same rule broken in many places counts once.
pub fn reasons(report: &serde_json::Value) -> Vec<String> {
    let mut reasons: Vec<String> = match report["problems"].as_array() {
        Some(problems) => problems
            .iter()
            .map(|p| {
                format!(
                    "{}: {}",
                    p["kind"].as_str().unwrap_or("?"),
                    generalize(p["message"].as_str().unwrap_or(""))
                )
            })
            .collect(),
        None => vec![generalize(report["message"].as_str().unwrap_or("?"))],
    };
    reasons.sort();
    reasons.dedup();
    reasons
}

/// The message with every `quoted` name, number and long tail replaced, so that messages that
/// differ only in what they name are one reason.
fn generalize(message: &str) -> String {
    let mut out = String::new();
    let mut in_quote = false;
    for c in message.chars() {
        if c == '`' {
            if !in_quote {
                out.push_str("`…`");
            }
            in_quote = !in_quote;
        } else if !in_quote {
            if c.is_ascii_digit() {
                if !out.ends_with('#') {
                    out.push('#');
                }
            } else {
                out.push(c);
            }
        }
    }
    out.chars().take(160).collect()
}

pub fn print(
    documents: &[Document],
    ours: &[Run],
    our_seconds: f64,
    theirs: Option<(&[Run], f64)>,
) {
    println!();
    println!("| outcome | flex-codegen 3.0 | flex-codegen 3.1 | progenitor 3.0 | progenitor 3.1 |");
    println!("|---|---|---|---|---|");
    for outcome in [
        "generated",
        "refused",
        "panicked",
        "crashed",
        "timed out",
        "over memory",
    ] {
        let count = |runs: &[Run], version: &str| {
            documents
                .iter()
                .zip(runs)
                .filter(|(d, r)| d.version == version && kind(r) == outcome)
                .count()
        };
        let theirs_cell = |version| match theirs {
            Some((runs, _)) => count(runs, version).to_string(),
            None => "not run".to_owned(),
        };
        println!(
            "| {outcome} | {} | {} | {} | {} |",
            count(ours, "3.0"),
            count(ours, "3.1"),
            theirs_cell("3.0"),
            theirs_cell("3.1")
        );
    }
    let warnings: u64 = ours
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Generated(report) => report["warnings"].as_u64(),
            _ => None,
        })
        .sum();
    let with_warnings = ours
        .iter()
        .filter(|r| matches!(&r.outcome, Outcome::Generated(report) if report["warnings"].as_u64() > Some(0)))
        .count();
    println!();
    println!(
        "flex-codegen: {} documents in {our_seconds:.0} s of wall time; {warnings} warning(s) in {with_warnings} generated document(s)",
        documents.len()
    );
    if let Some((_, seconds)) = theirs {
        println!("progenitor: the same documents in {seconds:.0} s of wall time");
    }

    let mut tally: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (document, run) in documents.iter().zip(ours) {
        if let Outcome::Refused(report) = &run.outcome {
            for reason in reasons(report) {
                tally.entry(reason).or_default().push(&document.key);
            }
        }
    }
    if !tally.is_empty() {
        println!();
        println!("refusals by reason (documents; a document may have several):");
        let mut rows: Vec<_> = tally.into_iter().collect();
        rows.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        for (reason, keys) in rows {
            let shown: Vec<&str> = keys.iter().take(3).copied().collect();
            let more = if keys.len() > 3 { ", ..." } else { "" };
            println!(
                "  {:>4}  {reason}  [{}{more}]",
                keys.len(),
                shown.join(", ")
            );
        }
    }

    let mut by_time: Vec<(&Document, &Run)> = documents.iter().zip(ours).collect();
    by_time.sort_by(|a, b| b.1.seconds.total_cmp(&a.1.seconds));
    println!();
    println!("slowest documents (wall time, peak memory, size):");
    for (document, run) in by_time.iter().take(10) {
        println!(
            "  {:>6.2} s  {:>6} MB  {:>9} bytes  {}",
            run.seconds,
            run.peak_kb / 1024,
            document.bytes,
            document.key
        );
    }
    if let Some((document, run)) = documents.iter().zip(ours).max_by_key(|(d, _)| d.bytes) {
        println!(
            "largest document: {} ({} bytes): {:.2} s, {} MB, {}",
            document.key,
            document.bytes,
            run.seconds,
            run.peak_kb / 1024,
            kind(run)
        );
    }
}
