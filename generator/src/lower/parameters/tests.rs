//! Tests of parameter lowering: where each parameter goes, its type and style, the params
//! struct, and the path template split around the path parameters.

use crate::ir::{Operation, Param, ParamLocation, PathPart, Presence, TypeRef, TypeRole, Usage};
use crate::lower::testing::{field, lowered, lowered_with_warnings, operation, strukt, type_def};

/// The spec of one operation `op` at `path` (`get`) with these parameters (YAML list items,
/// indented under `parameters`).
fn spec(path: &str, parameters: &str) -> String {
    format!(
        "paths:\n  {path}:\n    get:\n      operationId: op\n      parameters:\n{parameters}      responses: {{'204': {{description: ok}}}}\n"
    )
}

fn op(path: &str, parameters: &str) -> Operation {
    operation(&lowered(&spec(path, parameters)), "op").clone()
}

fn param<'a>(params: &'a [Param], wire: &str) -> &'a Param {
    params
        .iter()
        .find(|p| p.wire_name == wire)
        .unwrap_or_else(|| panic!("no parameter `{wire}` in {params:?}"))
}

fn int64() -> TypeRef {
    TypeRef::Integer {
        bits: 64,
        signed: true,
    }
}

#[test]
fn query_header_and_cookie_parameters_fill_the_params_struct() {
    let api = lowered(&spec(
        "/a",
        "        - {name: limit, in: query, required: true, schema: {type: integer}}\n        - {name: X-Trace, in: header, schema: {type: string}}\n        - {name: session, in: cookie, schema: {type: string}}\n",
    ));
    let op = operation(&api, "op");
    let found: Vec<(&str, ParamLocation, bool)> = op
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.location, p.required))
        .collect();
    assert_eq!(
        found,
        [
            ("limit", ParamLocation::Query, true),
            ("x_trace", ParamLocation::Header, false),
            ("session", ParamLocation::Cookie, false),
        ]
    );
    assert_eq!(op.params_struct.as_deref(), Some("OpParams"));
    let params = strukt(&api, "OpParams");
    assert_eq!(params.usage, Usage::Params);
    assert_eq!(field(params, "limit").presence, Presence::Required);
    assert_eq!(field(params, "X-Trace").presence, Presence::Optional);
    assert_eq!(
        type_def(&api, "OpParams").role,
        TypeRole::Params {
            method: "op".to_owned()
        }
    );
}

#[test]
fn an_operation_without_query_or_header_parameters_has_no_params_struct() {
    let api = lowered(&spec(
        "/a/{id}",
        "        - {name: id, in: path, required: true, schema: {type: string}}\n",
    ));
    assert_eq!(operation(&api, "op").params_struct, None);
    assert!(api.types.is_empty(), "{:?}", api.types);
}

#[test]
fn json_content_sends_the_value_as_json_text() {
    let op = op(
        "/a",
        "        - {name: where, in: query, content: {application/json: {schema: {type: object, additionalProperties: {type: string}}}}}\n        - {name: note, in: query, content: {text/plain: {schema: {type: string}}}}\n",
    );
    let filter = param(&op.params, "where");
    assert!(filter.json);
    assert_eq!(filter.ty, TypeRef::Map(Box::new(TypeRef::String)));
    assert!(!param(&op.params, "note").json);
}

#[test]
fn delimited_styles_apply_unless_exploded() {
    let op = op(
        "/a",
        "        - {name: s, in: query, style: spaceDelimited, explode: false, schema: {type: array, items: {type: string}}}\n        - {name: p, in: query, style: pipeDelimited, explode: false, schema: {type: array, items: {type: string}}}\n        - {name: e, in: query, style: spaceDelimited, explode: true, schema: {type: array, items: {type: string}}}\n        - {name: d, in: query, style: deepObject, schema: {type: object, properties: {a: {type: string}}}}\n",
    );
    let locations: Vec<ParamLocation> = op.params.iter().map(|p| p.location).collect();
    assert_eq!(
        locations,
        [
            ParamLocation::QuerySpaceDelimited,
            ParamLocation::QueryPipeDelimited,
            ParamLocation::Query,
            ParamLocation::QueryDeepObject,
        ]
    );
}

#[test]
fn explode_defaults_to_true_in_the_query_and_false_in_headers() {
    let op = op(
        "/a",
        "        - {name: q, in: query, schema: {type: array, items: {type: string}}}\n        - {name: joined, in: query, explode: false, schema: {type: array, items: {type: string}}}\n        - {name: h, in: header, schema: {type: array, items: {type: string}}}\n        - {name: hx, in: header, explode: true, schema: {type: object, properties: {a: {type: string}}}}\n",
    );
    let explode: Vec<(&str, bool)> = op
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), p.explode))
        .collect();
    assert_eq!(
        explode,
        [("q", true), ("joined", false), ("h", false), ("hx", true)]
    );
}

#[test]
fn a_path_array_parameter_is_a_required_vec() {
    let op = op(
        "/a/{ids}",
        "        - {name: ids, in: path, required: true, schema: {type: array, items: {type: integer}}}\n",
    );
    let ids = param(&op.path_params, "ids");
    assert_eq!(ids.ty, TypeRef::Array(Box::new(int64())));
    assert_eq!(
        (ids.location, ids.required, ids.explode),
        (ParamLocation::Path, true, false)
    );
    assert_eq!(
        op.path_parts,
        [
            PathPart::Literal("/a/".to_owned()),
            PathPart::Param("ids".to_owned())
        ]
    );
}

#[test]
fn a_placeholder_without_a_parameter_implies_a_string_with_a_warning() {
    let (api, warnings) = lowered_with_warnings(
        "paths:\n  /a/{id}/b/{n}:\n    get:\n      operationId: op\n      parameters: [{name: n, in: path, required: true, schema: {type: integer}}]\n      responses: {'204': {description: ok}}\n",
    );
    let op = operation(&api, "op");
    let path: Vec<(&str, &TypeRef, bool)> = op
        .path_params
        .iter()
        .map(|p| (p.name.as_str(), &p.ty, p.required))
        .collect();
    assert_eq!(
        path,
        [("id", &TypeRef::String, true), ("n", &int64(), true)]
    );
    assert_eq!(
        warnings,
        [
            "#/paths/~1a~1{id}~1b~1{n}/get: path `/a/{id}/b/{n}` names `{id}`, but no path parameter `id` is defined"
        ]
    );
}

#[test]
fn one_unnamed_placeholder_and_one_unused_parameter_fill_each_other() {
    let (api, warnings) = lowered_with_warnings(&spec(
        "/jobs/{id}",
        "        - {name: job_id, in: path, required: true, schema: {type: string}}\n",
    ));
    let op = operation(&api, "op");
    assert_eq!(op.path_params.len(), 1);
    assert_eq!(
        op.path_parts,
        [
            PathPart::Literal("/jobs/".to_owned()),
            PathPart::Param("job_id".to_owned())
        ]
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
}

#[test]
fn a_colon_segment_names_a_path_parameter() {
    let op = op(
        "/users/:user_id/posts",
        "        - {name: user_id, in: path, required: true, schema: {type: string}}\n",
    );
    assert_eq!(
        op.path_parts,
        [
            PathPart::Literal("/users/".to_owned()),
            PathPart::Param("user_id".to_owned()),
            PathPart::Literal("/posts".to_owned()),
        ]
    );
}

#[test]
fn an_operation_parameter_overrides_the_path_items() {
    let api = lowered(
        "paths:\n  /a:\n    parameters:\n      - {name: q, in: query, schema: {type: string}}\n      - {name: shared, in: header, schema: {type: string}}\n    get:\n      operationId: op\n      parameters: [{name: q, in: query, required: true, schema: {type: integer}}]\n      responses: {'204': {description: ok}}\n",
    );
    let op = operation(&api, "op");
    let found: Vec<(&str, &TypeRef, bool)> = op
        .params
        .iter()
        .map(|p| (p.wire_name.as_str(), &p.ty, p.required))
        .collect();
    assert_eq!(
        found,
        [("q", &int64(), true), ("shared", &TypeRef::String, false)]
    );
}

#[test]
fn a_nullable_required_query_parameter_is_optional_and_keeps_its_default() {
    let op = op(
        "/a",
        "        - {name: limit, in: query, required: true, schema: {type: integer, nullable: true, default: 10}}\n",
    );
    let limit = param(&op.params, "limit");
    assert!(!limit.required);
    assert_eq!(limit.default.as_deref(), Some("10"));
}

#[test]
fn an_implied_path_parameter_never_takes_an_argument_name_of_the_method() {
    // `{body}` has no parameter, and the method already has a `body` argument.
    let api = crate::lower::testing::lowered(
        "paths:\n  /a/{body}:\n    post:\n      operationId: op\n      requestBody:\n        required: true\n        content: {application/json: {schema: {type: string}}}\n      responses: {'204': {description: ok}}\n",
    );
    let names: Vec<&str> = api.operations[0]
        .path_params
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["body2"]);
    assert_eq!(api.operations[0].path_params[0].wire_name, "body");
}
