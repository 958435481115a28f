//! Every link between the project's Markdown pages (the README, `docs/`, CONTRIBUTING, the
//! changelogs) leads somewhere: the file exists, and the heading an anchor names is in it (with
//! GitHub's anchors: lower case, punctuation dropped, spaces as hyphens, `-1` for a repeat).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// The pages whose links are checked.
fn pages() -> Vec<PathBuf> {
    let root = root();
    let mut pages: Vec<PathBuf> = [
        "README.md",
        "CONTRIBUTING.md",
        "generated-client/CHANGELOG.md",
        "generated-client/README.md",
        "generated-client/GUIDE.md",
        "generator/README.md",
        "generator/CHANGELOG.md",
    ]
    .iter()
    .map(|p| root.join(p))
    .filter(|p| p.exists())
    .collect();
    let docs = std::fs::read_dir(root.join("docs")).expect("docs/");
    let mut docs: Vec<PathBuf> = docs
        .map(|entry| entry.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

/// The text outside code fences and inline code.
fn prose(text: &str) -> Vec<String> {
    let mut fence = false;
    let mut lines = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fence = !fence;
            continue;
        }
        if !fence {
            // Inline code holds no links.
            let mut out = String::new();
            for (i, part) in line.split('`').enumerate() {
                if i % 2 == 0 {
                    out.push_str(part);
                }
            }
            lines.push(out);
        }
    }
    lines
}

/// GitHub's anchors of a page's headings.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut fence = false;
    let mut seen = BTreeSet::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fence = !fence;
            continue;
        }
        if fence || !line.starts_with('#') {
            continue;
        }
        let title = line.trim_start_matches('#').trim();
        let slug: String = title
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_' || *c == ' ')
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let mut anchor = slug.clone();
        let mut n = 0;
        while seen.contains(&anchor) {
            n += 1;
            anchor = format!("{slug}-{n}");
        }
        seen.insert(anchor);
    }
    seen
}

/// The targets of a line's Markdown links: `[text](target)`.
fn targets(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("](") {
        let after = &rest[at + 2..];
        match after.find(')') {
            Some(end) => {
                out.push(after[..end].to_owned());
                rest = &after[end..];
            }
            None => break,
        }
    }
    out
}

#[test]
fn every_link_between_the_pages_leads_somewhere() {
    let mut broken = Vec::new();
    let pages = pages();
    assert!(pages.len() >= 6, "{pages:?}");
    for page in &pages {
        let text = std::fs::read_to_string(page).expect("page");
        for line in prose(&text) {
            for target in targets(&line) {
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                let (path, anchor) = target.split_once('#').unwrap_or((&target, ""));
                let file = if path.is_empty() {
                    page.clone()
                } else {
                    page.parent().expect("dir").join(path)
                };
                if !file.exists() {
                    broken.push(format!("{}: {target}: no such file", page.display()));
                    continue;
                }
                if anchor.is_empty() || file.is_dir() {
                    continue;
                }
                let linked = std::fs::read_to_string(&file).expect("linked page");
                if !anchors(&linked).contains(anchor) {
                    broken.push(format!("{}: {target}: no such heading", page.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn anchors_are_githubs() {
    let anchors = anchors(
        "# A page\n## Runtime dependencies of `flex-client`\n## A page\n```\n# not a heading\n```\n",
    );
    assert_eq!(
        anchors.into_iter().collect::<Vec<_>>(),
        ["a-page", "a-page-1", "runtime-dependencies-of-flex-client"]
    );
}
