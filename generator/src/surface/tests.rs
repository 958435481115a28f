//! The change rules, on surfaces written as `api-surface.json` records them.

use super::{Bump, Surface, TypeSurface, diff};

/// A surface of one struct, `Body`, from its JSON record (as `api-surface.json` keeps it).
fn one_struct(shape: &str) -> Surface {
    let json = format!(r#"{{"operations": {{}}, "types": {{"Body": {{"Struct": {shape}}}}}}}"#);
    serde_json::from_str(&json).expect("a surface record")
}

#[test]
fn a_record_made_before_setters_reads_as_literals_and_the_move_is_breaking() {
    let old = one_struct(r#"{"input": true, "fields": {"a": "Option<String>"}}"#);
    let TypeSurface::Struct { setters, .. } = &old.types["Body"] else {
        panic!("a struct");
    };
    assert!(!setters);
    let new = one_struct(r#"{"input": true, "setters": true, "fields": {"a": "Option<String>"}}"#);
    let report = diff(&old, &new);
    assert_eq!(report.bump(), Bump::Major);
    assert!(
        report.changes[0]
            .description
            .contains("struct literals no longer compile")
    );
}

#[test]
fn with_setters_only_a_required_field_breaks() {
    let old = one_struct(r#"{"input": true, "setters": true, "fields": {"a": "Option<String>"}}"#);
    let optional = one_struct(
        r#"{"input": true, "setters": true, "fields": {"a": "Option<String>", "b": "Option<i64>"}}"#,
    );
    assert_eq!(diff(&old, &optional).bump(), Bump::Minor);
    let required = one_struct(
        r#"{"input": true, "setters": true, "fields": {"a": "Option<String>", "b": "i64"}}"#,
    );
    assert_eq!(diff(&old, &required).bump(), Bump::Major);
    // A response struct's `new(..)` takes its required fields too.
    let response = one_struct(r#"{"input": false, "fields": {"a": "Option<String>"}}"#);
    let grown = one_struct(r#"{"input": false, "fields": {"a": "Option<String>", "b": "i64"}}"#);
    assert_eq!(diff(&response, &grown).bump(), Bump::Major);
}

#[test]
fn a_struct_no_request_takes_any_more_loses_its_setters() {
    let old = one_struct(r#"{"input": true, "setters": true, "fields": {}}"#);
    let new = one_struct(r#"{"input": false, "setters": false, "fields": {}}"#);
    assert_eq!(diff(&old, &new).bump(), Bump::Major);
}

/// A surface of one operation, `op`, behind `feature`, returning `Body`, gated by `body_features`.
fn gated(feature: &str, body_features: &[&str]) -> Surface {
    let gates: Vec<String> = body_features.iter().map(|f| format!("{f:?}")).collect();
    let type_features = if gates.is_empty() {
        String::new()
    } else {
        format!(r#", "type_features": {{"Body": [{}]}}"#, gates.join(", "))
    };
    let json = format!(
        r#"{{"operations": {{"op": {{"endpoint": "GET /a", "path_params": [], "params": {{}}, "body": null, "returns": "Body", "feature": {feature:?}}}}},
            "types": {{"Body": {{"Struct": {{"input": false, "fields": {{}}}}}}}}{type_features}}}"#
    );
    serde_json::from_str(&json).expect("a surface record")
}

#[test]
fn features_appearing_break_crates_built_without_default_features() {
    let report = diff(&gated("", &[]), &gated("a", &["a"]));
    assert_eq!(report.bump(), Bump::Major);
    assert_eq!(report.changes.len(), 1, "{:?}", report.changes);
    assert!(
        report.changes[0]
            .description
            .contains("cargo feature per resource")
    );
}

#[test]
fn a_type_turned_on_by_fewer_features_breaks_and_by_more_does_not() {
    let base = gated("a", &["a", "b"]);
    assert_eq!(
        diff(&base, &gated("a", &["a", "b", "c"])).bump(),
        Bump::Minor
    );
    assert_eq!(diff(&base, &gated("a", &[])).bump(), Bump::Minor);
    assert_eq!(diff(&base, &gated("a", &["a"])).bump(), Bump::Major);
    assert_eq!(
        diff(&gated("a", &[]), &gated("a", &["a"])).bump(),
        Bump::Major
    );
    assert_eq!(diff(&base, &gated("c", &["a", "b"])).bump(), Bump::Major);
}

#[test]
fn a_struct_that_no_longer_decodes_is_a_major_change() {
    // Records made before parameters lost `Deserialize` lack the field: every struct decoded.
    let old = one_struct(r#"{"input": true, "setters": true, "fields": {}}"#);
    let TypeSurface::Struct { decodes, .. } = &old.types["Body"] else {
        panic!("a struct");
    };
    assert!(decodes);
    let new = one_struct(r#"{"input": true, "setters": true, "decodes": false, "fields": {}}"#);
    let report = diff(&old, &new);
    assert_eq!(report.bump(), Bump::Major);
    assert!(
        report.changes[0]
            .description
            .contains("no longer implements `Deserialize`")
    );
    assert_eq!(diff(&new, &old).bump(), Bump::Minor);
}
