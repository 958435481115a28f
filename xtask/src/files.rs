//! The one way xtask puts a file on disk, or checks it: [`ensure_file_contents`]. Every file
//! xtask writes goes through it: the committed crates and their `api-surface.json`, the README's
//! table of operations, `tests/src/decode_all.rs`, the change report and the scratch files of
//! the other tasks. A file a generated crate no longer has goes through [`remove_stale_file`].
//! With `check` nothing changes: what differs is reported on stderr (`missing:`, `stale:` with a
//! diff, `extra (no longer generated):`), and [`stale_error`] names the command that repairs it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// What [`ensure_file_contents`] or [`remove_stale_file`] found, or did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The file on disk is already what it should be; nothing was written.
    UpToDate,
    /// The file was missing or different, and was written.
    Written,
    /// The file was removed, with the directories the removal left empty.
    Removed,
    /// With `check`: the file is missing, different or extra. It was reported and left alone.
    Stale,
}

/// Makes `path` hold `contents`: writes it (creating its directories) only when what is on disk
/// differs. With `check` it writes nothing, and a missing or different file is reported on
/// stderr (a stale one with a diff) and returned as [`Outcome::Stale`]; the caller fails with
/// [`stale_error`], which names the command to run.
pub fn ensure_file_contents(path: &Path, contents: &str, check: bool) -> Result<Outcome, String> {
    let existing = fs::read_to_string(path).ok();
    if existing.as_deref() == Some(contents) {
        return Ok(Outcome::UpToDate);
    }
    if check {
        eprintln!("{}", describe(path, existing.as_deref(), contents));
        return Ok(Outcome::Stale);
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(Outcome::Written)
}

/// [`ensure_file_contents`] of a file that is an output, not a file to check (a report, a
/// scratch crate): always written when it differs.
pub fn write_file(path: &Path, contents: &str) -> Result<(), String> {
    ensure_file_contents(path, contents, false).map(|_| ())
}

/// A file the generator no longer makes: removed, with the directories the removal leaves empty
/// up to (never including) `keep`. With `check` it is reported on stderr and kept.
pub fn remove_stale_file(path: &Path, keep: &Path, check: bool) -> Result<Outcome, String> {
    if check {
        eprintln!("extra (no longer generated): {}", path.display());
        return Ok(Outcome::Stale);
    }
    fs::remove_file(path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == keep || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(Outcome::Removed)
}

/// How many files of a directory [`ensure_dir_contents`] wrote, removed, or found stale.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub written: usize,
    pub removed: usize,
    /// With `check`: files missing, different or extra.
    pub stale: usize,
}

impl Tally {
    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::UpToDate => {}
            Outcome::Written => self.written += 1,
            Outcome::Removed => self.removed += 1,
            Outcome::Stale => self.stale += 1,
        }
    }
}

/// Makes `dir` hold `files` (paths relative to `dir`): [`ensure_file_contents`] of each, then
/// [`remove_stale_file`] of every file under `dir/owned` that `files` does not have (the
/// generator owns that directory; the rest of `dir` may hold files by hand).
pub fn ensure_dir_contents(
    dir: &Path,
    files: &BTreeMap<PathBuf, String>,
    owned: &Path,
    check: bool,
) -> Result<Tally, String> {
    let mut tally = Tally::default();
    for (path, contents) in files {
        tally.add(ensure_file_contents(&dir.join(path), contents, check)?);
    }
    let mut on_disk = BTreeSet::new();
    list_files(&dir.join(owned), owned, &mut on_disk)?;
    for path in on_disk.into_iter().filter(|p| !files.contains_key(p)) {
        tally.add(remove_stale_file(&dir.join(path), &dir.join(owned), check)?);
    }
    Ok(tally)
}

/// Why a check failed, and what repairs it: `what` (the file or directory, and what it is not),
/// then the command to run.
pub fn stale_error(what: &str, command: &str) -> String {
    format!("{what}; run `{command}` and commit the result")
}

/// The report of a file that is not what it should be: missing, or stale with a unified diff of
/// what is on disk (`committed`) against what is wanted (`generated`), cut at 60 lines.
fn describe(path: &Path, existing: Option<&str>, contents: &str) -> String {
    let Some(old) = existing else {
        return format!("missing: {}", path.display());
    };
    let diff = similar::TextDiff::from_lines(old, contents);
    let mut text = format!("stale: {}\n", path.display());
    let unified = diff
        .unified_diff()
        .context_radius(2)
        .header("committed", "generated")
        .to_string();
    // Enough to see what changed without flooding the CI log.
    for line in unified.lines().take(60) {
        text.push_str(line);
        text.push('\n');
    }
    if unified.lines().count() > 60 {
        text.push_str("(diff cut at 60 lines)\n");
    }
    text
}

/// Every file under `dir`, as `relative` joined with its path below `dir`.
fn list_files(dir: &Path, relative: &Path, out: &mut BTreeSet<PathBuf>) -> Result<(), String> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot list {}: {e}", dir.display())),
    };
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        let name = entry.file_name();
        let path = entry.path();
        if path.is_dir() {
            list_files(&path, &relative.join(&name), out)?;
        } else {
            out.insert(relative.join(&name));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory under the system's temporary directory.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-files-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn writes_only_what_differs_and_check_writes_nothing() {
        let dir = scratch("ensure");
        let path = dir.join("a/b/file.txt");
        assert_eq!(
            ensure_file_contents(&path, "one\n", true),
            Ok(Outcome::Stale)
        );
        assert!(!path.exists(), "check writes nothing");
        assert_eq!(
            ensure_file_contents(&path, "one\n", false),
            Ok(Outcome::Written)
        );
        assert_eq!(fs::read_to_string(&path).ok().as_deref(), Some("one\n"));
        assert_eq!(
            ensure_file_contents(&path, "one\n", false),
            Ok(Outcome::UpToDate)
        );
        assert_eq!(
            ensure_file_contents(&path, "one\n", true),
            Ok(Outcome::UpToDate)
        );
        assert_eq!(
            ensure_file_contents(&path, "two\n", true),
            Ok(Outcome::Stale)
        );
        assert_eq!(fs::read_to_string(&path).ok().as_deref(), Some("one\n"));
        assert_eq!(
            ensure_file_contents(&path, "two\n", false),
            Ok(Outcome::Written)
        );
        assert_eq!(fs::read_to_string(&path).ok().as_deref(), Some("two\n"));
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_stale_file_is_described_with_a_diff() {
        let text = describe(Path::new("x.rs"), Some("a\nb\n"), "a\nc\n");
        assert!(
            text.starts_with("stale: x.rs\n--- committed\n+++ generated\n"),
            "{text}"
        );
        assert!(text.contains("\n-b\n+c\n"), "{text}");
        assert_eq!(describe(Path::new("x.rs"), None, "a\n"), "missing: x.rs");
    }

    #[test]
    fn a_directory_loses_the_files_it_no_longer_has_but_keeps_the_rest() {
        let dir = scratch("dir");
        let owned = Path::new("src");
        let wanted = |names: &[&str]| -> BTreeMap<PathBuf, String> {
            names
                .iter()
                .map(|n| (PathBuf::from(n), format!("{n}\n")))
                .collect()
        };
        let first = wanted(&["Cargo.toml", "src/lib.rs", "src/deep/old.rs"]);
        let tally = ensure_dir_contents(&dir, &first, owned, false).expect("written");
        assert_eq!(tally.written, 3);
        fs::write(dir.join("by-hand.txt"), "kept\n").expect("by hand");

        let second = wanted(&["Cargo.toml", "src/lib.rs"]);
        let checked = ensure_dir_contents(&dir, &second, owned, true).expect("checked");
        assert_eq!(
            checked,
            Tally {
                written: 0,
                removed: 0,
                stale: 1
            }
        );
        assert!(
            dir.join("src/deep/old.rs").exists(),
            "check removes nothing"
        );

        let synced = ensure_dir_contents(&dir, &second, owned, false).expect("synced");
        assert_eq!(
            synced,
            Tally {
                written: 0,
                removed: 1,
                stale: 0
            }
        );
        assert!(
            !dir.join("src/deep").exists(),
            "the emptied directory goes too"
        );
        assert!(dir.join("src/lib.rs").exists() && dir.join("by-hand.txt").exists());

        let empty = BTreeMap::new();
        ensure_dir_contents(&dir, &empty, owned, false).expect("emptied");
        assert!(dir.join("src").is_dir(), "the owned directory itself stays");
        let _ = fs::remove_dir_all(&dir);
    }
}
