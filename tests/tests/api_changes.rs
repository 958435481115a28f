//! A series of edits to a copy of `spec/flex.yaml`: each must change few lines in few files of the
//! generated client, and the API change report (from the IR) must say what changed and whether it
//! breaks users. The reports are snapshots.

use flex_codegen::surface::{Bump, diff, surface};
use flex_codegen::{Settings, generate, lower};
use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn original() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    std::fs::read_to_string(root.join("spec/flex.yaml")).expect("spec readable")
}

fn edited(edit: impl FnOnce(&mut Value)) -> String {
    let mut spec: Value = serde_yaml::from_str(&original()).expect("spec is YAML");
    edit(&mut spec);
    serde_yaml::to_string(&spec).expect("YAML")
}

fn files(spec: &str) -> BTreeMap<PathBuf, String> {
    generate(spec, &Settings::new("flex-client", "spec/flex.yaml"))
        .expect("generates")
        .files
}

/// Lines changed (added plus removed) per file that existed before and after; and the files
/// added and removed.
struct Delta {
    changed: BTreeMap<PathBuf, usize>,
    added: BTreeSet<PathBuf>,
    removed: BTreeSet<PathBuf>,
}

fn delta(before: &BTreeMap<PathBuf, String>, after: &BTreeMap<PathBuf, String>) -> Delta {
    let mut changed = BTreeMap::new();
    for (path, new) in after {
        if let Some(old) = before.get(path) {
            let lines = similar::TextDiff::from_lines(old.as_str(), new.as_str())
                .iter_all_changes()
                .filter(|c| c.tag() != similar::ChangeTag::Equal)
                .count();
            if lines > 0 {
                changed.insert(path.clone(), lines);
            }
        }
    }
    Delta {
        changed,
        added: after
            .keys()
            .filter(|p| !before.contains_key(*p))
            .cloned()
            .collect(),
        removed: before
            .keys()
            .filter(|p| !after.contains_key(*p))
            .cloned()
            .collect(),
    }
}

fn report(spec: &str) -> (String, Bump) {
    let old = surface(&lower(&original()).expect("lowers").api);
    let new = surface(&lower(spec).expect("lowers").api);
    let report = diff(&old, &new);
    (report.to_markdown("flex-client", "0.1.0"), report.bump())
}

fn schema<'a>(spec: &'a mut Value, name: &str) -> &'a mut Value {
    &mut spec["components"]["schemas"][name]
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("YAML")
}

// The edit series. Each edit is a function so that the semver check below runs the same edits as
// the tests that count changed lines.

/// Adds an optional `loyalty_tier` property, of the given schema, to schema `name`.
fn add_loyalty_tier(spec: &mut Value, name: &str, property: &str) {
    schema(spec, name)["properties"]
        .as_mapping_mut()
        .expect("properties")
        .insert("loyalty_tier".into(), yaml(property));
}

fn add_optional_response_field(spec: &mut Value) {
    let property = "{type: string, nullable: true, description: The customer's loyalty tier.}";
    add_loyalty_tier(spec, "Customer", property);
}

fn add_enum_value(spec: &mut Value) {
    schema(spec, "VisitType")["enum"]
        .as_sequence_mut()
        .expect("enum")
        .push("dermatology".into());
}

fn add_endpoint(spec: &mut Value) {
    spec["paths"].as_mapping_mut().expect("paths").insert(
        "/v1/loyalty_cards/{id}".into(),
        yaml(
            r##"
get:
  operationId: retrieveLoyaltyCard
  tags: [Loyalty Cards]
  summary: Retrieve a loyalty card
  parameters:
    - {name: id, in: path, required: true, schema: {type: string}}
  responses:
    "200":
      description: The loyalty card, in its envelope.
      content:
        application/json:
          schema: {$ref: "#/components/schemas/LoyaltyCardEnvelope"}
    default: {$ref: "#/components/responses/UnexpectedError"}
"##,
        ),
    );
    let schemas = spec["components"]["schemas"]
        .as_mapping_mut()
        .expect("schemas");
    schemas.insert(
        "LoyaltyCard".into(),
        yaml(r##"{type: object, required: [loyalty_card_id], properties: {loyalty_card_id: {type: string}}}"##),
    );
    schemas.insert(
        "LoyaltyCardEnvelope".into(),
        yaml(r##"{type: object, required: [loyalty_card], properties: {loyalty_card: {$ref: "#/components/schemas/LoyaltyCard"}}}"##),
    );
}

fn break_things(spec: &mut Value) {
    let customer = schema(spec, "Customer")["properties"]
        .as_mapping_mut()
        .expect("properties");
    customer.remove("phone");
    customer.insert("email".into(), yaml("{type: integer}"));
    schema(spec, "VisitType")["enum"]
        .as_sequence_mut()
        .expect("enum")
        .retain(|v| v.as_str() != Some("gym"));
    spec["paths"]["/v1/checkout/sessions/{id}"]["get"]["parameters"]
        .as_sequence_mut()
        .expect("parameters")
        .push(yaml(
            "{name: merchant, in: query, required: true, schema: {type: string}}",
        ));
}

#[test]
fn regenerating_the_same_spec_changes_nothing() {
    let spec = original();
    let d = delta(&files(&spec), &files(&spec));
    assert!(d.changed.is_empty() && d.added.is_empty() && d.removed.is_empty());
    assert_eq!(report(&spec).1, Bump::None);
}

#[test]
fn an_optional_response_field_touches_one_file_and_breaks_nothing() {
    let spec = edited(add_optional_response_field);
    let d = delta(&files(&original()), &files(&spec));
    assert_eq!(
        d.changed.keys().collect::<Vec<_>>(),
        [Path::new("src/types/customer.rs")]
    );
    assert!(d.changed.values().sum::<usize>() < 15, "{:?}", d.changed);
    assert!(d.added.is_empty() && d.removed.is_empty());
    let (markdown, bump) = report(&spec);
    assert_eq!(bump, Bump::Minor);
    insta::assert_snapshot!("optional_field", markdown);
}

#[test]
fn a_new_enum_value_touches_a_handful_of_lines_and_breaks_nothing() {
    let spec = edited(add_enum_value);
    let d = delta(&files(&original()), &files(&spec));
    assert_eq!(
        d.changed.keys().collect::<Vec<_>>(),
        [Path::new("src/types/visit_type.rs")]
    );
    assert!(d.changed.values().sum::<usize>() <= 8, "{:?}", d.changed);
    let (markdown, bump) = report(&spec);
    assert_eq!(bump, Bump::Minor);
    insta::assert_snapshot!("enum_value", markdown);
}

#[test]
fn a_new_endpoint_adds_files_and_touches_only_the_module_lists() {
    let spec = edited(add_endpoint);
    let d = delta(&files(&original()), &files(&spec));
    let touched: BTreeSet<&Path> = d.changed.keys().map(PathBuf::as_path).collect();
    // The lists: of modules, of the operations whose futures `cargo test` checks are `Send`, and
    // of the cargo features in the crate's docs (the endpoint's tag is a new resource).
    let allowed: BTreeSet<&Path> = [
        Path::new("src/lib.rs"),
        Path::new("src/types/mod.rs"),
        Path::new("src/operations/mod.rs"),
        Path::new("src/operations/send_check.rs"),
    ]
    .into();
    assert!(touched.is_subset(&allowed), "{touched:?}");
    assert_eq!(
        d.added,
        [
            PathBuf::from("src/operations/loyalty_cards.rs"),
            PathBuf::from("src/types/loyalty_card.rs"),
            PathBuf::from("src/types/loyalty_card_envelope.rs")
        ]
        .into()
    );
    let (markdown, bump) = report(&spec);
    assert_eq!(bump, Bump::Minor);
    insta::assert_snapshot!("new_endpoint", markdown);
}

#[test]
fn type_changes_removals_and_new_required_parameters_are_breaking() {
    let spec = edited(break_things);
    let (markdown, bump) = report(&spec);
    assert_eq!(bump, Bump::Major);
    insta::assert_snapshot!("breaking", markdown);
}

/// An optional field in a request body.
fn add_optional_request_field(spec: &mut Value) {
    let property = "{type: string, description: The customer's loyalty tier.}";
    add_loyalty_tier(spec, "CreateCustomer", property);
}

/// An optional query parameter of `listCustomers`.
fn add_optional_query_parameter(spec: &mut Value) {
    spec["paths"]["/v1/customers"]["get"]["parameters"]
        .as_sequence_mut()
        .expect("parameters")
        .push(yaml(
            "{name: loyalty_tier, in: query, description: Only customers of this tier., schema: {type: string}}",
        ));
}

/// A value of an enum that request bodies carry (`CreateCheckoutSession.mode`).
fn add_request_enum_value(spec: &mut Value) {
    schema(spec, "CheckoutSessionMode")["enum"]
        .as_sequence_mut()
        .expect("enum")
        .push("installments".into());
}

/// A required field in a request body: `new(..)` takes one more argument.
fn add_required_request_field(spec: &mut Value) {
    add_optional_request_field(spec);
    let create = schema(spec, "CreateCustomer")
        .as_mapping_mut()
        .expect("schema");
    let required = create
        .entry("required".into())
        .or_insert_with(|| Value::Sequence(Vec::new()));
    required
        .as_sequence_mut()
        .expect("required")
        .push("loyalty_tier".into());
}

/// Requests are built with `new(..)` and setters, and every struct is `#[non_exhaustive]`: what
/// the API adds that a caller may leave out breaks nobody.
#[test]
fn optional_request_fields_query_parameters_and_request_enum_values_are_minor() {
    for (name, edit, lines) in [
        (
            "optional_request_field",
            add_optional_request_field as Edit,
            15,
        ),
        ("optional_query_parameter", add_optional_query_parameter, 15),
        ("request_enum_value", add_request_enum_value, 8),
    ] {
        let spec = edited(edit);
        let d = delta(&files(&original()), &files(&spec));
        // A query parameter also adds a line where the operation writes its query string.
        assert!(d.changed.len() <= 2, "{name}: {:?}", d.changed);
        assert!(d.added.is_empty() && d.removed.is_empty());
        assert!(
            d.changed.values().sum::<usize>() <= lines,
            "{name}: {:?}",
            d.changed
        );
        let (markdown, bump) = report(&spec);
        assert_eq!(bump, Bump::Minor, "{name}:\n{markdown}");
        insta::assert_snapshot!(name, markdown);
    }
}

#[test]
fn a_required_request_field_is_breaking() {
    let (markdown, bump) = report(&edited(add_required_request_field));
    assert_eq!(bump, Bump::Major);
    insta::assert_snapshot!("required_request_field", markdown);
}

/// An edit of a copy of the spec.
type Edit = fn(&mut Value);

/// The edits the semver check runs, with the identity edit first.
const SERIES: &[(&str, Edit)] = &[
    ("unchanged", |_| {}),
    ("optional response field", add_optional_response_field),
    ("optional request field", add_optional_request_field),
    ("optional query parameter", add_optional_query_parameter),
    ("request enum value", add_request_enum_value),
    ("required request field", add_required_request_field),
    ("enum value", add_enum_value),
    ("new endpoint", add_endpoint),
    ("breaking", break_things),
];

/// The report's verdict must be the one cargo-semver-checks (the tool Rust users trust for this)
/// reaches on the crates generated before and after each edit of the series: breaking exactly when
/// the report asks for a major bump.
///
/// Each crate is written to one directory under `target/`, documented as rustdoc JSON with one
/// shared target directory (the dependencies are built once), and the JSON files are compared
/// with `--release-type minor`, which fails exactly when a change needs a major bump. The tool is
/// installed by `cargo xtask install-tools` (and `cargo xtask test`); without it this test fails
/// rather than skips.
#[test]
fn cargo_semver_checks_agrees_with_every_report() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let tool = root.join("target/tools/semver-checks/bin/cargo-semver-checks");
    assert!(
        tool.exists(),
        "{} is missing: run `cargo xtask install-tools`",
        tool.display()
    );
    let work = root.join("target/semver-checks-test");
    let baseline = rustdoc_json(root, &work, "baseline", &original());
    let mut disagreements = Vec::new();
    for (name, edit) in SERIES {
        let spec = edited(edit);
        let (_, bump) = report(&spec);
        let current = rustdoc_json(root, &work, name, &spec);
        let output = std::process::Command::new(&tool)
            .args(["semver-checks", "check-release", "--release-type", "minor"])
            .arg("--baseline-rustdoc")
            .arg(&baseline)
            .arg("--current-rustdoc")
            .arg(&current)
            .output()
            .expect("cargo-semver-checks runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        // Exit code 100 with its summary line is its verdict "breaking"; any other failure is the
        // tool failing.
        let breaking = match output.status.code() {
            Some(0) => false,
            Some(100) if text.contains("semver requires new major version") => true,
            code => panic!("cargo-semver-checks failed ({code:?}) on edit {name:?}:\n{text}"),
        };
        if breaking != (bump == Bump::Major) {
            disagreements.push(format!(
                "edit {name:?}: the report says {bump:?}, cargo-semver-checks says {}:\n{text}",
                if breaking { "breaking" } else { "not breaking" }
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n\n"));
}

/// Writes the crate generated from `spec` into `work/crate` (replacing the last one, so that one
/// target directory serves every edit and the dependencies are built once), documents it as
/// rustdoc JSON and returns a copy of the JSON named after `label`.
fn rustdoc_json(root: &Path, work: &Path, label: &str, spec: &str) -> PathBuf {
    let dir = work.join("crate");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("old crate removed");
    }
    std::fs::create_dir_all(&dir).expect("crate dir");
    let generated =
        generate(spec, &Settings::new("flex-client", "spec/flex.yaml")).expect("generates");
    std::fs::write(
        dir.join("Cargo.toml"),
        flex_codegen::manifest::cargo_toml(
            "flex-client",
            "0.2.0",
            "semver check",
            true,
            &generated.features,
            generated.needs,
        ),
    )
    .expect("manifest written");
    // The workspace's lock file: the same dependency versions, and nothing new to resolve.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file copied");
    for (path, text) in generated.files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        std::fs::write(path, text).expect("file written");
    }
    let target = work.join("target");
    let json = target.join("doc/flex_client.json");
    let _ = std::fs::remove_file(&json);
    let output = std::process::Command::new(env!("CARGO"))
        .arg("rustdoc")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .args([
            "--lib",
            "--quiet",
            "--",
            "-Zunstable-options",
            "--output-format",
            "json",
        ])
        .env("CARGO_TARGET_DIR", &target)
        // rustdoc's JSON output is unstable; cargo-semver-checks itself builds it this way.
        .env("RUSTC_BOOTSTRAP", "1")
        .output()
        .expect("cargo rustdoc runs");
    assert!(
        output.status.success(),
        "rustdoc of edit {label:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let copy = work.join(format!("{}.json", label.replace(' ', "-")));
    std::fs::copy(&json, &copy).expect("rustdoc JSON copied");
    copy
}
