//! The API change report and version discipline of the committed crates.
//!
//! Each committed crate keeps `api-surface.json`: the API surface (from the generator's IR) of
//! the crate's current version, recorded when that version was set. A regeneration compares the
//! surface it is about to write with that record and reports every change, marked breaking or
//! not. When `Cargo.toml`'s version moves, the record moves with it (the new version's surface).
//! `--check` fails when breaking changes are reported and the version has not moved enough.

use flex_codegen::ir::Api;
use flex_codegen::surface::{self, Bump, Surface};
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::Path;

/// The record's file name, beside the crate's `Cargo.toml`.
pub const FILE: &str = "api-surface.json";

#[derive(Serialize, Deserialize)]
struct Record {
    /// The crate version this surface belongs to.
    crate_version: String,
    surface: Surface,
}

pub struct Outcome {
    /// The record to write.
    pub file: String,
    /// The change report, as Markdown.
    pub markdown: String,
    /// Why `--check` must fail on versions, if it must.
    pub version_problem: Option<String>,
    /// The crate's version, as its manifest says.
    pub version: String,
    /// Whether this run records a new version (the manifest's version moved): its report is
    /// that version's changelog entry.
    pub released: bool,
}

pub fn record(out_dir: &Path, crate_name: &str, api: &Api) -> Result<Outcome, String> {
    let manifest = out_dir.join("Cargo.toml");
    // A standalone crate written for the first time has no manifest yet: it starts at 0.1.0.
    let version = package_version(&manifest).unwrap_or_else(|_| "0.1.0".to_owned());
    let new_surface = surface::surface(api);
    let path = out_dir.join(FILE);
    let previous: Option<Record> = match fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).map_err(|e| {
            format!(
                "{} is not a surface record ({e}); delete it to record the current API",
                path.display()
            )
        })?),
        Err(_) => None,
    };
    let Some(previous) = previous else {
        let record = Record {
            crate_version: version.clone(),
            surface: new_surface,
        };
        let markdown = format!(
            "## API changes in `{crate_name}`\n\nFirst record of the API surface, at version {version}.\n"
        );
        return Ok(Outcome {
            file: to_json(&record)?,
            markdown,
            version_problem: None,
            version,
            released: false,
        });
    };
    let report = surface::diff(&previous.surface, &new_surface);
    let markdown = report.to_markdown(crate_name, &previous.crate_version);
    if version != previous.crate_version {
        // The version moved: a release point. The record becomes this version's surface.
        let problem = (!bump_is_enough(&previous.crate_version, &version, report.bump())).then(|| {
            format!(
                "{crate_name} moved from {} to {version}, which is not enough for the breaking changes above; use {}",
                previous.crate_version,
                next_version(&previous.crate_version, Bump::Major)
            )
        });
        let record = Record {
            crate_version: version.clone(),
            surface: new_surface,
        };
        return Ok(Outcome {
            file: to_json(&record)?,
            markdown,
            version_problem: problem,
            version,
            released: true,
        });
    }
    let problem = (report.bump() == Bump::Major).then(|| {
        format!(
            "{crate_name} has breaking API changes but is still at version {version}: set `version = \"{}\"` in {} and run `cargo xtask codegen`",
            next_version(&version, Bump::Major),
            manifest.display()
        )
    });
    Ok(Outcome {
        file: to_json(&previous)?,
        markdown,
        version_problem: problem,
        version,
        released: false,
    })
}

fn to_json(record: &Record) -> Result<String, String> {
    serde_json::to_string_pretty(record)
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|e| format!("cannot encode the surface record: {e}"))
}

/// The `version` of the `[package]` table.
pub fn package_version(manifest: &Path) -> Result<String, String> {
    let text = fs::read_to_string(manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    let mut in_package = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(value) = line
                .strip_prefix("version")
                .map(str::trim)
                .and_then(|r| r.strip_prefix('='))
            {
                return Ok(value.trim().trim_matches('"').to_owned());
            }
        }
    }
    Err(format!("{} has no [package] version", manifest.display()))
}

fn parse(version: &str) -> (u64, u64, u64) {
    let mut parts = version
        .split(['.', '-', '+'])
        .map(|p| p.parse::<u64>().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

/// The smallest version after `from` that allows changes of size `bump` (Cargo's rules: in
/// 0.x the minor number is the breaking one).
pub fn next_version(from: &str, bump: Bump) -> String {
    let (major, minor, patch) = parse(from);
    match (bump, major) {
        (Bump::None, _) => from.to_owned(),
        (Bump::Major, 0) => format!("0.{}.0", minor + 1),
        (Bump::Major, _) => format!("{}.0.0", major + 1),
        (Bump::Minor, 0) => format!("0.{minor}.{}", patch + 1),
        (Bump::Minor, _) => format!("{major}.{}.0", minor + 1),
    }
}

/// Whether moving from `from` to `to` is enough for breaking changes, when there are any.
fn bump_is_enough(from: &str, to: &str, bump: Bump) -> bool {
    if bump != Bump::Major {
        return true;
    }
    let (from, to) = (parse(from), parse(to));
    if from.0 == 0 {
        to.0 > 0 || to.1 > from.1
    } else {
        to.0 > from.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_follow_cargo_semver() {
        assert_eq!(next_version("0.1.0", Bump::Major), "0.2.0");
        assert_eq!(next_version("1.4.2", Bump::Major), "2.0.0");
        assert_eq!(next_version("0.1.0", Bump::Minor), "0.1.1");
        assert_eq!(next_version("1.4.2", Bump::Minor), "1.5.0");
        assert!(bump_is_enough("0.1.0", "0.2.0", Bump::Major));
        assert!(!bump_is_enough("0.1.0", "0.1.1", Bump::Major));
        assert!(bump_is_enough("1.0.0", "2.0.0", Bump::Major));
        assert!(!bump_is_enough("1.0.0", "1.1.0", Bump::Major));
        assert!(bump_is_enough("1.0.0", "1.0.0", Bump::Minor));
    }
}
