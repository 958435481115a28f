//! Docs for every public field and variant (`#![warn(missing_docs)]` holds in generated
//! crates). A `$ref` cannot carry a description in OpenAPI 3.0, so a field that only names
//! another schema (`capture_method: {$ref: CaptureMethod}`) has none of its own: it gets the
//! first paragraph of the type it holds. A field of a type without docs gets a line made of its
//! name (`shipping_details` → "The shipping details."), and an untagged union's variant one
//! that says what it holds ("A string.").

use crate::ir::{Api, Field, TypeKind, TypeRef};
use heck::ToSnakeCase;
use std::collections::BTreeMap;

pub(crate) fn run(api: &mut Api) {
    let summaries: BTreeMap<String, String> = api
        .types
        .iter()
        .filter_map(|t| Some((t.name.clone(), summary(t.docs.as_deref()?)?)))
        .collect();
    for t in &mut api.types {
        match &mut t.kind {
            TypeKind::Struct(s) => {
                for field in s.fields.iter_mut().filter(|f| f.docs.is_none()) {
                    field.docs = Some(field_doc(field, &summaries));
                }
            }
            TypeKind::Union(u) => {
                for variant in u.variants.iter_mut().filter(|v| v.docs.is_none()) {
                    variant.docs = Some(value_doc(&variant.ty, &summaries));
                }
            }
            _ => {}
        }
    }
}

/// The first paragraph of a type's docs, when it has words.
fn summary(docs: &str) -> Option<String> {
    let first = docs.trim().split("\n\n").next()?.trim();
    (!first.is_empty()).then(|| first.to_owned())
}

/// The named type a reference holds, through lists, maps and `Expandable`.
fn named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Expandable(inner) => named(inner),
        _ => None,
    }
}

fn field_doc(field: &Field, summaries: &BTreeMap<String, String>) -> String {
    if let Some(summary) = named(&field.ty).and_then(|name| summaries.get(name)) {
        return summary.clone();
    }
    let words = field.wire_name.to_snake_case().replace('_', " ");
    match words.trim() {
        // A wire name of punctuation alone (`-`) leaves no words.
        "" => format!("The `{}` field.", field.wire_name.replace('`', "'")),
        words => format!("The {words}."),
    }
}

/// What a value of `ty` is, in a sentence.
fn value_doc(ty: &TypeRef, summaries: &BTreeMap<String, String>) -> String {
    let text = match ty {
        TypeRef::Named(name) => match summaries.get(name) {
            Some(summary) => return summary.clone(),
            None => return format!("A [`{name}`]."),
        },
        TypeRef::String => "A string.",
        TypeRef::Integer { .. } => "An integer.",
        TypeRef::Number { .. } => "A number.",
        TypeRef::Boolean => "A boolean.",
        TypeRef::DateTime => "A date and time (RFC 3339).",
        TypeRef::Date => "A date (`YYYY-MM-DD`).",
        TypeRef::Uuid => "A UUID.",
        TypeRef::IpAddr { .. } => "An IP address.",
        TypeRef::Any => "Any JSON value.",
        TypeRef::Array(_) => "A list.",
        TypeRef::Map(_) => "An object of named values.",
        TypeRef::Expandable(_) => "An ID, or the object it names.",
    };
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use crate::ir::{TypeKind, TypeRef};
    use crate::lower::testing::{field, lowered, strukt, type_def};

    fn api(schemas: &str) -> crate::ir::Api {
        let mut api = lowered(&format!("paths: {{}}\ncomponents:\n  schemas:\n{schemas}"));
        super::run(&mut api);
        api
    }

    #[test]
    fn a_field_that_names_a_type_gets_the_types_first_paragraph() {
        let api = api(
            "    Mode: {type: string, enum: [a], description: \"How it runs.\\n\\nMore.\"}\n    \
             Run: {type: object, properties: {mode: {$ref: '#/components/schemas/Mode'}}}\n",
        );
        assert_eq!(
            field(strukt(&api, "Run"), "mode").docs.as_deref(),
            Some("How it runs.")
        );
    }

    #[test]
    fn a_field_without_a_described_type_gets_its_name_and_the_specs_text_is_kept() {
        let api = api(
            "    Run: {type: object, properties: {shippingDetails: {type: string}, \
             said: {type: string, description: Its own.}, blank: {type: string, description: ''}}}\n",
        );
        let run = strukt(&api, "Run");
        assert_eq!(field(run, "blank").docs.as_deref(), Some("The blank."));
        assert_eq!(
            field(run, "shippingDetails").docs.as_deref(),
            Some("The shipping details.")
        );
        assert_eq!(field(run, "said").docs.as_deref(), Some("Its own."));
    }

    /// squareup's parameters say `description: ""`: no words, so the name's line.
    #[test]
    fn a_parameter_with_an_empty_description_gets_its_name() {
        let mut api = lowered(
            "paths:\n  /things:\n    get:\n      operationId: listThings\n      parameters:\n        \
             - {name: location_id, in: query, description: '', schema: {type: string}}\n      \
             responses: {'200': {description: ok}}\n",
        );
        super::run(&mut api);
        let params = api
            .types
            .iter()
            .find(|t| matches!(t.role, crate::ir::TypeRole::Params { .. }))
            .expect("a params struct");
        let TypeKind::Struct(s) = &params.kind else {
            panic!("not a struct");
        };
        assert_eq!(
            field(s, "location_id").docs.as_deref(),
            Some("The location id.")
        );
    }

    #[test]
    fn an_untagged_variant_says_what_it_holds() {
        let api =
            api("    Id: {oneOf: [{type: integer}, {type: string, description: Its own.}]}\n");
        let TypeKind::Union(u) = &type_def(&api, "Id").kind else {
            panic!("not a union");
        };
        let docs: Vec<(&TypeRef, Option<&str>)> = u
            .variants
            .iter()
            .map(|v| (&v.ty, v.docs.as_deref()))
            .collect();
        assert_eq!(docs[0].1, Some("An integer."));
        assert_eq!(docs[1].1, Some("Its own."));
    }
}
