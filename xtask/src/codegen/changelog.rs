//! A committed crate's `CHANGELOG.md` (Keep a Changelog): when a run of `cargo xtask codegen`
//! records a new version, the version's API change report becomes its entry, at the top; and
//! `--check` fails while the crate's current version has no entry. Crates without a changelog
//! (the test clients, standalone crates) are left alone.

use crate::files::{self, Outcome};
use std::fs;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// Adds the entry of `version` (from `report`, the run's Markdown report) when this run records
/// it (`released`), or checks that the changelog has one.
pub fn sync(
    out_dir: &Path,
    version: &str,
    released: bool,
    report: &str,
    check: bool,
) -> Result<(), String> {
    let path = out_dir.join("CHANGELOG.md");
    let Ok(text) = fs::read_to_string(&path) else {
        return Ok(());
    };
    let heading = format!("## [{version}]");
    if text.lines().any(|line| line.starts_with(&heading)) {
        return Ok(());
    }
    if !released || check {
        return Err(format!(
            "{} has no entry for version {version}: run `cargo xtask codegen` after bumping the version, which adds the API change report",
            path.display()
        ));
    }
    let updated = with_entry(&text, &entry(version, &today(), report));
    match files::ensure_file_contents(&path, &updated, false)? {
        Outcome::Stale => Err(format!("{} could not be updated", path.display())),
        _ => Ok(()),
    }
}

/// `## [version] - date`, then the report without its title.
fn entry(version: &str, date: &str, report: &str) -> String {
    let body = report.split_once('\n').map_or("", |(_, rest)| rest).trim();
    format!("## [{version}] - {date}\n\n{body}\n\n")
}

/// The changelog with `entry` before its first version's entry (after the title and intro).
fn with_entry(text: &str, entry: &str) -> String {
    match text.find("\n## [") {
        Some(at) => format!("{}\n{entry}{}", &text[..at], &text[at + 1..]),
        None => format!("{}\n\n{entry}", text.trim_end()),
    }
}

/// Today's date (UTC), `YYYY-MM-DD`.
fn today() -> String {
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::{entry, with_entry};

    #[test]
    fn a_new_version_goes_on_top_of_the_others() {
        let text = "# Changelog\n\nIntro.\n\n## [0.1.0] - 2026-01-01\n\nFirst.\n";
        let report = "## API changes in `x` since 0.1.0\n\nVersion bump needed: additions only.\n\n### Non-breaking\n\n- type `A` added\n";
        let updated = with_entry(text, &entry("0.2.0", "2026-02-02", report));
        assert_eq!(
            updated,
            "# Changelog\n\nIntro.\n\n## [0.2.0] - 2026-02-02\n\nVersion bump needed: additions only.\n\n### Non-breaking\n\n- type `A` added\n\n## [0.1.0] - 2026-01-01\n\nFirst.\n"
        );
    }
}
