//! A series of edits to a copy of `spec/flex.yaml`: each must change few lines in few files of the
//! generated client, and the API change report (from the IR) must say what changed and whether it
//! breaks users. The reports are snapshots.

use flex_codegen::surface::{Bump, diff, surface};
use flex_codegen::{Settings, generate, lower_text};
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
    generate(spec, &Settings::new("flex-client", "spec/flex.yaml")).expect("generates")
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
    let old = surface(&lower_text(&original()).expect("lowers"));
    let new = surface(&lower_text(spec).expect("lowers"));
    let report = diff(&old, &new);
    (report.to_markdown("flex-client", "0.1.0"), report.bump())
}

fn schema<'a>(spec: &'a mut Value, name: &str) -> &'a mut Value {
    &mut spec["components"]["schemas"][name]
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("YAML")
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
    let spec = edited(|spec| {
        let properties = schema(spec, "Customer")["properties"]
            .as_mapping_mut()
            .expect("properties");
        properties.insert(
            "loyalty_tier".into(),
            yaml("{type: string, nullable: true, description: The customer's loyalty tier.}"),
        );
    });
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
    let spec = edited(|spec| {
        schema(spec, "VisitType")["enum"]
            .as_sequence_mut()
            .expect("enum")
            .push("dermatology".into());
    });
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
    let spec = edited(|spec| {
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
    });
    let d = delta(&files(&original()), &files(&spec));
    let touched: BTreeSet<&Path> = d.changed.keys().map(PathBuf::as_path).collect();
    let allowed: BTreeSet<&Path> = [
        Path::new("src/types/mod.rs"),
        Path::new("src/operations/mod.rs"),
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
    let spec = edited(|spec| {
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
    });
    let (markdown, bump) = report(&spec);
    assert_eq!(bump, Bump::Major);
    insta::assert_snapshot!("breaking", markdown);
}
