//! Snapshots of what the generator makes: one small fixture spec per construct
//! (`tests/fixtures/*.yaml`), and the error reports of specs it must refuse (`error_*.yaml`).

use flex_codegen::{Settings, generate};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Whether a generated file is one of the runtime's, copied verbatim into every crate from
/// `generator/runtime/` (all but its stand-in `lib.rs`): snapshots show what the spec made.
fn is_runtime_file(path: &str) -> bool {
    match path.strip_prefix("src/") {
        Some(name) if !name.contains('/') && name != "lib.rs" => workspace_root()
            .join("generator/runtime")
            .join(name)
            .is_file(),
        _ => false,
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// All generated files but the runtime, in path order, each under a `// ---- path ----` line.
fn concatenated(files: &BTreeMap<PathBuf, String>) -> String {
    let mut out = String::new();
    for (path, text) in files {
        let shown = path.to_string_lossy().replace('\\', "/");
        if is_runtime_file(&shown) {
            continue;
        }
        out.push_str(&format!("// ---- {shown} ----\n{text}\n"));
    }
    out
}

fn settings_for(path: &Path) -> Settings {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("spec");
    Settings::new("fixture-client", format!("tests/fixtures/{name}"))
}

// The Flex client has no snapshot of its own: `generated-client/src` is committed and
// `committed_clients_are_what_their_specs_make` (and `cargo xtask codegen --check`) compare it with
// what the spec makes, so a second copy of its ~10,000 lines here would only double every diff.

#[test]
fn fixture_snapshots() {
    insta::glob!("../fixtures", "*.{yaml,json}", |path| {
        let text = std::fs::read_to_string(path).expect("fixture readable");
        let is_error_fixture = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("error_"));
        match generate(&text, &settings_for(path)) {
            Ok(generated) => {
                let files = generated.files;
                assert!(
                    !is_error_fixture,
                    "{} should have been refused",
                    path.display()
                );
                for (file, contents) in &files {
                    if let Err(e) = syn::parse_file(contents) {
                        panic!(
                            "{} → {} does not parse: {e}",
                            path.display(),
                            file.display()
                        );
                    }
                }
                // The warning report beside the files: what the fixture's types loosen.
                let warnings = generated.warnings.to_string();
                insta::assert_snapshot!(format!("{warnings}\n{}", concatenated(&files)));
            }
            Err(errors) => {
                assert!(is_error_fixture, "{} failed:\n{errors}", path.display());
                insta::assert_snapshot!(errors.to_string());
            }
        }
    });
}

#[test]
fn generation_is_deterministic() {
    let text =
        std::fs::read_to_string(workspace_root().join("spec/flex.yaml")).expect("spec readable");
    let settings = Settings::new("flex-client", "spec/flex.yaml");
    let first = generate(&text, &settings).expect("generates");
    for _ in 0..3 {
        assert_eq!(generate(&text, &settings).expect("generates"), first);
    }
}

/// The clients committed to the repository (as `cargo xtask codegen` writes them): spec, crate
/// directory, crate name.
const COMMITTED_CLIENTS: &[(&str, &str, &str)] = &[
    ("spec/flex.yaml", "generated-client", "flex-client"),
    (
        "tests/fixtures/constructs.yaml",
        "tests/constructs-client",
        "constructs-client",
    ),
    (
        "tests/fixtures/runtime.yaml",
        "tests/runtime-client",
        "runtime-client",
    ),
    (
        "tests/fixtures/loosened.yaml",
        "tests/loosened-client",
        "loosened-client",
    ),
];

/// The same check as `cargo xtask codegen --check`, so that `cargo test` alone catches a stale
/// client: every generated file is on disk with the same bytes, and `src/` holds nothing else.
#[test]
fn committed_clients_are_what_their_specs_make() {
    let root = workspace_root();
    let mut problems = Vec::new();
    for (spec, dir, crate_name) in COMMITTED_CLIENTS {
        let text = std::fs::read_to_string(root.join(spec)).expect("spec readable");
        let settings = Settings::new(*crate_name, *spec).with_guide_from(&root.join(dir));
        let generated = generate(&text, &settings).expect("generates");
        // Only the loosened fixture warns, by design (its warnings are in its snapshot).
        assert!(
            generated.warnings.is_empty() || spec.ends_with("loosened.yaml"),
            "{spec} is committed, so it must generate without warnings:\n{}",
            generated.warnings
        );
        let files = generated.files;
        let out = root.join(dir);
        for (path, contents) in &files {
            match std::fs::read_to_string(out.join(path)) {
                Ok(existing) if &existing == contents => {}
                Ok(_) => problems.push(format!("stale: {dir}/{}", path.display())),
                Err(_) => problems.push(format!("missing: {dir}/{}", path.display())),
            }
        }
        let mut stack = vec![out.join("src")];
        while let Some(src_dir) = stack.pop() {
            for entry in std::fs::read_dir(&src_dir).expect("src readable") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let relative = path.strip_prefix(&out).expect("under out").to_path_buf();
                    if !files.contains_key(&relative) {
                        problems.push(format!("extra: {}", path.display()));
                    }
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "run `cargo xtask codegen`:\n{}",
        problems.join("\n")
    );
}

/// The committed clients' `Cargo.toml`s are written by hand (their versions are the maintainers'
/// to bump); their dependencies must be the ones the generator writes into standalone crates.
#[test]
fn client_manifests_list_the_generator_dependencies() {
    for (spec, crate_dir, _) in COMMITTED_CLIENTS {
        // What the spec needs (webhooks, dates, UUIDs) decides the optional part of the list.
        let text = std::fs::read_to_string(workspace_root().join(spec)).expect("spec readable");
        let needs = flex_codegen::lower(&text).expect("lowers").api.needs();
        let generated: toml::Table = flex_codegen::manifest::dependencies(needs)
            .iter()
            .map(|(name, spec)| format!("{name} = {spec}"))
            .collect::<Vec<_>>()
            .join("\n")
            .parse()
            .expect("generator's dependency list is TOML");
        let manifest = std::fs::read_to_string(workspace_root().join(crate_dir).join("Cargo.toml"))
            .expect("manifest");
        let manifest: toml::Table = manifest.parse().expect("manifest is TOML");
        let committed = manifest["dependencies"]
            .as_table()
            .expect("dependencies table")
            .clone();
        assert_eq!(committed, generated, "{crate_dir}/Cargo.toml");
    }
}

/// The TLS features of every committed manifest (the clients' and the runtime's) are the ones
/// the generator writes, so that each backend builds the code the generator emits. (The rest of
/// a client's `[features]`, its resources, is written by `cargo xtask codegen` and checked with
/// the generated files.)
#[test]
fn committed_manifests_list_the_generator_tls_features() {
    let generated: toml::Table = flex_codegen::manifest::TLS_FEATURES
        .iter()
        .map(|(name, spec)| format!("{name:?} = {spec}"))
        .collect::<Vec<_>>()
        .join("\n")
        .parse()
        .expect("generator's feature list is TOML");
    let dirs = COMMITTED_CLIENTS
        .iter()
        .map(|(_, crate_dir, _)| *crate_dir)
        .chain(["generator/flex-runtime"]);
    for crate_dir in dirs {
        let manifest = std::fs::read_to_string(workspace_root().join(crate_dir).join("Cargo.toml"))
            .expect("manifest");
        let manifest: toml::Table = manifest.parse().expect("manifest is TOML");
        let committed = manifest
            .get("features")
            .and_then(toml::Value::as_table)
            .cloned()
            .unwrap_or_default();
        for (name, spec) in &generated {
            assert_eq!(
                committed.get(name),
                Some(spec),
                "{crate_dir}/Cargo.toml [features] {name}"
            );
        }
        assert!(
            committed["default"]
                .as_array()
                .is_some_and(|d| d.iter().any(|f| f.as_str() == Some("rustls-ring"))),
            "{crate_dir}/Cargo.toml: rustls-ring is the default backend"
        );
    }
}

/// The runtime built alone (`generator/flex-runtime/Cargo.toml`, package `flex-runtime`) depends on a
/// part of what generated crates do, each dependency written the same, so that what its unit
/// tests build is what every generated crate builds.
#[test]
fn the_runtime_manifest_takes_its_dependencies_from_the_generator() {
    let generated: toml::Table =
        flex_codegen::manifest::dependencies(flex_codegen::manifest::Needs::ALL)
            .iter()
            .map(|(name, spec)| format!("{name} = {spec}"))
            .collect::<Vec<_>>()
            .join("\n")
            .parse()
            .expect("generator's dependency list is TOML");
    let manifest =
        std::fs::read_to_string(workspace_root().join("generator/flex-runtime/Cargo.toml"))
            .expect("manifest");
    let manifest: toml::Table = manifest.parse().expect("manifest is TOML");
    let dependencies = manifest["dependencies"]
        .as_table()
        .expect("dependencies table");
    assert!(!dependencies.is_empty());
    for (name, spec) in dependencies {
        assert_eq!(
            Some(spec),
            generated.get(name),
            "generator/flex-runtime/Cargo.toml: {name}"
        );
    }
}
