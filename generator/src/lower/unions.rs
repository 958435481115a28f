//! Unions (lowering): `oneOf`/`anyOf` become an enum with a variant per member, tagged by a
//! `discriminator` (with its `mapping`) or by a required single-value enum property that every
//! member shares, and otherwise untagged, with the variants ordered most specific first. A
//! member that is itself a union tagged by the same property is flattened into its members; a
//! discriminator that does not name every member's value makes an untagged enum, with a warning.

use super::objects::{Collected, union_members};
use super::references::{MAX_REFERENCE_DEPTH, SCHEMA_PREFIX};
use super::shape::{Class, Combinator, SchemaType, Shape, shape};
use super::{Lowerer, SchemaRef, unescape};
use crate::diagnostics::pointer::Pointer;
use crate::ir::{TypeKind, TypeRef, Union, UnionTag, UnionVariant};
use crate::lower::naming::{Namer, type_name};
use openapiv3::{Discriminator, ReferenceOr, Schema};
use serde_json::Value;

/// One member of a union as lowering sees it: where it is, and the discriminator of the union
/// it came from when it was flattened out of a nested one.
#[derive(Clone)]
struct Member<'a> {
    schema: &'a ReferenceOr<Schema>,
    at: Pointer,
    inner: Option<&'a Discriminator>,
}

impl<'a> Lowerer<'a> {
    /// `oneOf`/`anyOf`: a variant per member, tagged when the members say how to tell them apart.
    /// With `shared` (an `allOf` around the union), each variant is a struct of the shared
    /// properties and the member's own.
    pub(crate) fn lower_union(
        &mut self,
        name: &str,
        explicit: Option<&'a Discriminator>,
        members: &[(Combinator, usize, &'a ReferenceOr<Schema>)],
        at: &Pointer,
        shared: Option<&Collected<'a>>,
    ) -> Option<Union> {
        let direct: Vec<Member<'a>> = members
            .iter()
            .map(|(keyword, index, schema)| Member {
                schema,
                at: at.join(keyword).join(index),
                inner: None,
            })
            .collect();
        let (members, tag_property) = match explicit {
            Some(discriminator) => {
                let property = discriminator.property_name.clone();
                (self.flatten(&direct, Some(&property)), Some(property))
            }
            None => match self.implicit_tag(&direct) {
                Some(property) => (direct, Some(property)),
                None => {
                    // Members that are unions tagged alike may share a tag once flattened.
                    let nested = direct.iter().any(|m| self.nested_union(m.schema).is_some());
                    let flat = nested.then(|| self.flatten(&direct, None));
                    match flat.and_then(|flat| self.implicit_tag(&flat).map(|p| (flat, p))) {
                        Some((flat, property)) => (flat, Some(property)),
                        None => (direct, None),
                    }
                }
            },
        };
        let mut variant_names = Namer::new();
        variant_names.reserve("Unknown");
        let mut variants = Vec::new();
        let mut ok = true;
        let tag_values: Vec<Option<String>> = members
            .iter()
            .map(|member| {
                let property = tag_property.as_deref()?;
                self.tag_value(member, property, explicit)
            })
            .collect();
        // The tag chooses the variant (every member has a value, no value twice): the union
        // writes and reads it, so a member written in place leaves it out of its struct; a
        // member that is a component keeps all its properties, as it does where else it is used.
        let mut distinct = std::collections::BTreeSet::new();
        let tag_chooses = tag_values
            .iter()
            .all(|value| value.as_ref().is_some_and(|v| distinct.insert(v.clone())));
        for (member, tag_value) in members.iter().zip(tag_values) {
            let base = match (member.schema, &tag_value) {
                (ReferenceOr::Reference { reference }, _) => {
                    reference.rsplit('/').next().map_or_else(
                        || "Variant".to_owned(),
                        |k| type_name(&unescape(k), "Variant"),
                    )
                }
                (ReferenceOr::Item(member_schema), Some(value))
                    if member_schema.schema_data.title.is_none() =>
                {
                    type_name(value, "Variant")
                }
                (ReferenceOr::Item(member_schema), _) => match &member_schema.schema_data.title {
                    Some(title) => type_name(title, "Variant"),
                    None => variant_kind_name(&shape(member_schema)),
                },
            };
            let variant_name = variant_names.claim(base);
            let hint = format!("{name}{variant_name}");
            let ty = match shared {
                None => {
                    let in_place_struct = match member.schema {
                        ReferenceOr::Item(schema) => {
                            matches!(self.classify(&shape(schema)), Class::Struct)
                        }
                        ReferenceOr::Reference { .. } => false,
                    };
                    if tag_chooses && in_place_struct {
                        self.omit_property = tag_property.clone();
                    }
                    let lowered = self.lower_schema(member.schema.into(), &member.at, &hint);
                    self.omit_property = None;
                    lowered.map(|lowered| lowered.ty)
                }
                Some(shared) => self.merged_variant(&hint, shared, member.schema, &member.at),
            };
            let Some(ty) = ty else {
                ok = false;
                continue;
            };
            variants.push(UnionVariant {
                name: variant_name,
                ty,
                tag_value,
                // An inline member's own description; a referenced one is described on its type.
                docs: match member.schema {
                    ReferenceOr::Item(schema) => super::docs(schema),
                    ReferenceOr::Reference { .. } => None,
                },
                boxed: false,
                gate: crate::ir::Gate::Always,
            });
        }
        if !ok {
            return None;
        }
        let mut seen = std::collections::BTreeSet::new();
        let repeated: Vec<String> = variants
            .iter()
            .filter_map(|v| v.tag_value.clone())
            .filter(|value| !seen.insert(value.clone()))
            .collect();
        let tag = match tag_property {
            // Two members with one tag value: the tag cannot choose between them, so serde
            // tries the shapes instead.
            Some(property) if !repeated.is_empty() => {
                self.warn(
                    at,
                    format!(
                        "the tag `{property}` has the value `{}` in more than one member",
                        repeated[0]
                    ),
                    "an untagged enum (variants tried most specific first)",
                );
                for variant in &mut variants {
                    variant.tag_value = None;
                }
                None
            }
            Some(property) if variants.iter().all(|v| v.tag_value.is_some()) => {
                Some(UnionTag { property })
            }
            Some(property) if explicit.is_some() => {
                let missing: Vec<&str> = variants
                    .iter()
                    .filter(|v| v.tag_value.is_none())
                    .map(|v| v.name.as_str())
                    .collect();
                self.warn(
                    &at.join("discriminator"),
                    format!(
                        "the discriminator `{property}` names no value for {}",
                        missing.join(", ")
                    ),
                    "an untagged enum (variants tried most specific first)",
                );
                for variant in &mut variants {
                    variant.tag_value = None;
                }
                None
            }
            _ => None,
        };
        if tag.is_none() {
            // Untagged: serde tries the variants in order, so the most specific go first.
            variants.sort_by_key(|v| self.specificity(&v.ty));
        }
        Some(Union {
            variants,
            tag,
            catch_all: "Unknown".to_owned(),
        })
    }

    /// The members with each member that is itself a union (a `$ref` to a `oneOf`/`anyOf`
    /// schema) tagged by `property` replaced by its own members, depth first: one enum with a
    /// variant per concrete type, which is what a tag value selects.
    fn flatten(&self, members: &[Member<'a>], property: Option<&str>) -> Vec<Member<'a>> {
        let mut out = Vec::new();
        let mut visiting = Vec::new();
        for member in members {
            self.flatten_into(member.clone(), property, &mut visiting, &mut out);
        }
        out
    }

    fn flatten_into(
        &self,
        member: Member<'a>,
        property: Option<&str>,
        visiting: &mut Vec<&'a str>,
        out: &mut Vec<Member<'a>>,
    ) {
        let nested = self
            .nested_union(member.schema)
            .filter(|(reference, target)| {
                let same_tag = match (property, &target.schema_data.discriminator) {
                    (Some(property), Some(inner)) => inner.property_name == property,
                    // A nested union without a discriminator may still be tagged by single-value
                    // enums on the property (checked when its members' values are read).
                    _ => true,
                };
                same_tag && !visiting.contains(reference) && visiting.len() < MAX_REFERENCE_DEPTH
            });
        let Some((reference, target)) = nested else {
            out.push(member);
            return;
        };
        visiting.push(reference);
        let inner = target.schema_data.discriminator.as_ref();
        let target_at = Pointer::from_ref(reference);
        for (keyword, index, schema) in union_members(&shape(target)) {
            let nested_member = Member {
                schema,
                at: target_at.join(keyword).join(index),
                inner: inner.or(member.inner),
            };
            self.flatten_into(nested_member, property, visiting, out);
        }
        visiting.pop();
    }

    /// A member that is a `$ref` to a schema that is only a union: the reference and the schema.
    fn nested_union(&self, member: &'a ReferenceOr<Schema>) -> Option<(&'a str, &'a Schema)> {
        let ReferenceOr::Reference { reference } = member else {
            return None;
        };
        let target = self.member_schema(member)?;
        let s = shape(target);
        let only_union = s.all_of.is_empty()
            && s.properties.is_none_or(|p| p.is_empty())
            && union_members(&s).len() > 1;
        only_union.then_some((reference.as_str(), target))
    }

    /// Members that are all objects with a common required property whose schema is a
    /// single-value string enum (how serde's internally tagged enums are written) are tagged
    /// by that property even without a `discriminator`.
    fn implicit_tag(&self, members: &[Member<'a>]) -> Option<String> {
        let mut candidates: Option<Vec<String>> = None;
        for member in members {
            let schema = self.member_schema(member.schema)?;
            let s = shape(schema);
            let props = s.properties?;
            let singles: Vec<String> = props
                .iter()
                .filter(|(wire, _)| s.required.contains(wire))
                .filter(|(_, p)| self.single_string_value((*p).into(), 0).is_some())
                .map(|(wire, _)| wire.clone())
                .collect();
            candidates = Some(match candidates {
                None => singles,
                Some(previous) => previous
                    .into_iter()
                    .filter(|c| singles.contains(c))
                    .collect(),
            });
        }
        candidates?.into_iter().next()
    }

    /// The tag value that selects `member`: from the discriminator's mapping (the union's, then
    /// that of the nested union it was flattened from), from a single-value enum on the tag
    /// property (`const`, `enum: [v]`, either made nullable, or a `$ref` to one), or (for
    /// references) the schema's name, as OpenAPI defaults it.
    fn tag_value(
        &self,
        member: &Member<'a>,
        property: &str,
        explicit: Option<&Discriminator>,
    ) -> Option<String> {
        if let ReferenceOr::Reference { reference } = member.schema {
            for discriminator in explicit.into_iter().chain(member.inner) {
                // A mapping names its schema by `$ref` or, as OpenAPI also allows, by its bare
                // name in `components/schemas` (`cat: Cat`).
                let names_member = |target: &String| {
                    target == reference
                        || (!target.contains('/')
                            && reference
                                .strip_prefix(SCHEMA_PREFIX)
                                .map(unescape)
                                .as_deref()
                                == Some(target.as_str()))
                };
                if let Some((value, _)) = discriminator
                    .mapping
                    .iter()
                    .find(|(_, target)| names_member(target))
                {
                    return Some(value.clone());
                }
            }
        }
        let schema = self.member_schema(member.schema)?;
        if let Some(value) = shape(schema)
            .properties
            .and_then(|p| p.get(property))
            .and_then(|p| self.single_string_value(p.into(), 0))
        {
            return Some(value);
        }
        match (explicit.or(member.inner), member.schema) {
            (Some(_), ReferenceOr::Reference { reference }) => {
                reference.rsplit('/').next().map(unescape)
            }
            _ => None,
        }
    }

    /// The one string value a property schema allows, if it allows one: `enum: [v]` (3.1's
    /// `const` is that after the downgrade), with or without `null`, directly, through a `$ref`,
    /// or as the only alternative of a `oneOf`/`anyOf`/`allOf` besides `null`.
    fn single_string_value(&self, schema: SchemaRef<'a>, depth: usize) -> Option<String> {
        if depth > MAX_REFERENCE_DEPTH {
            return None;
        }
        let schema = match schema {
            SchemaRef::Item(schema) => schema,
            SchemaRef::Ref(reference) => {
                let key = unescape(reference.strip_prefix(SCHEMA_PREFIX)?);
                match self.schema_component(&key)? {
                    ReferenceOr::Item(schema) => schema,
                    ReferenceOr::Reference { reference } => {
                        return self.single_string_value(SchemaRef::Ref(reference), depth + 1);
                    }
                }
            }
        };
        let s = shape(schema);
        let values: Vec<&Value> = s.enum_values.iter().filter(|v| !v.is_null()).collect();
        if let [Value::String(value)] = values.as_slice() {
            return Some(value.clone());
        }
        if !values.is_empty() {
            return None;
        }
        let parts: Vec<&'a ReferenceOr<Schema>> = union_members(&s)
            .into_iter()
            .map(|(_, _, m)| m)
            .chain(
                s.all_of
                    .iter()
                    .filter(|m| !super::shape::is_empty_schema(m)),
            )
            .collect();
        match parts.as_slice() {
            [only] => self.single_string_value((*only).into(), depth + 1),
            _ => None,
        }
    }

    /// Sort key for untagged variants: objects with more required fields first, then other
    /// objects, maps, arrays, enums, numbers, strings, booleans, and `Any` last.
    fn specificity(&self, ty: &TypeRef) -> (u8, usize) {
        match ty {
            TypeRef::Named(name) => {
                match self.types.iter().find(|t| &t.name == name).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) => {
                        let required = s.fields.iter().filter(|f| !f.presence.is_option()).count();
                        (if required > 0 { 0 } else { 1 }, usize::MAX - required)
                    }
                    Some(TypeKind::Union(_) | TypeKind::Responses(_)) => (2, 0),
                    Some(TypeKind::IntEnum(_)) => (5, 0),
                    Some(TypeKind::StringEnum(_)) => (6, 0),
                    None => (1, 0),
                }
            }
            TypeRef::Expandable(_) => (1, 0),
            TypeRef::Map(_) => (3, 0),
            TypeRef::Array(_) => (4, 0),
            TypeRef::Integer { .. } => (5, 1),
            TypeRef::Number { .. } => (5, 2),
            TypeRef::DateTime | TypeRef::Date | TypeRef::Uuid | TypeRef::IpAddr { .. } => (6, 1),
            TypeRef::String => (6, 2),
            TypeRef::Boolean => (7, 0),
            TypeRef::Any => (8, 0),
        }
    }
}

/// A variant name for an untitled inline member, from what it is.
fn variant_kind_name(s: &Shape<'_>) -> String {
    if s.properties.is_some_and(|p| !p.is_empty()) {
        return "Object".to_owned();
    }
    if !s.enum_values.is_empty() {
        return "Enum".to_owned();
    }
    if let (Some(SchemaType::String), Some(format)) = (s.ty, s.format.as_deref()) {
        return type_name(format, "String");
    }
    match s.ty {
        Some(SchemaType::String) => "String",
        Some(SchemaType::Integer) => "Integer",
        Some(SchemaType::Number) => "Number",
        Some(SchemaType::Boolean) => "Boolean",
        Some(SchemaType::Array) => "Array",
        Some(SchemaType::Object) => "Map",
        _ if s.items.is_some() => "Array",
        _ => "Value",
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use crate::ir::{TypeKind, Union, UnionTag};
    use crate::lower::testing::{lowered_with_warnings, named, type_def};

    /// The union `name` among these component schemas, and the warnings.
    fn union_of(schemas: &str, name: &str) -> (Union, Vec<String>) {
        let (api, warnings) =
            lowered_with_warnings(&format!("paths: {{}}\ncomponents:\n  schemas:\n{schemas}"));
        match &type_def(&api, name).kind {
            TypeKind::Union(union) => (union.clone(), warnings),
            other => panic!("not a union: {other:?}"),
        }
    }

    /// `(variant name, tag value)` of each variant, in order.
    fn tags(union: &Union) -> Vec<(&str, Option<&str>)> {
        union
            .variants
            .iter()
            .map(|v| (v.name.as_str(), v.tag_value.as_deref()))
            .collect()
    }

    const CAT_DOG: &str = "    Cat: {type: object, properties: {kind: {type: string}, meow: {type: boolean}}}\n    Dog: {type: object, properties: {kind: {type: string}}}\n";

    fn tag(property: &str) -> Option<UnionTag> {
        Some(UnionTag {
            property: property.to_owned(),
        })
    }

    /// The tag is the union's to write: a member written in place leaves it out of its struct;
    /// a component keeps it, as it does wherever else it is used.
    #[test]
    fn members_in_place_leave_the_tag_to_the_union_and_components_keep_it() {
        let schemas = "    Cat: {type: object, required: [kind], properties: {kind: {type: string, enum: [cat]}, meow: {type: boolean}}}\n    \
             Pet:\n      oneOf:\n        - {$ref: '#/components/schemas/Cat'}\n        \
             - {type: object, required: [kind], properties: {kind: {type: string, enum: [dog]}, bark: {type: boolean}}}\n";
        let (api, _) =
            lowered_with_warnings(&format!("paths: {{}}\ncomponents:\n  schemas:\n{schemas}"));
        let TypeKind::Union(union) = &type_def(&api, "Pet").kind else {
            panic!("not a union");
        };
        assert_eq!(union.tag, tag("kind"));
        let wire_names = |name: &str| -> Vec<String> {
            match &type_def(&api, name).kind {
                TypeKind::Struct(s) => s.fields.iter().map(|f| f.wire_name.clone()).collect(),
                other => panic!("not a struct: {other:?}"),
            }
        };
        assert_eq!(wire_names("Cat"), ["kind", "meow"]);
        let crate::ir::TypeRef::Named(dog) = &union.variants[1].ty else {
            panic!("not named");
        };
        assert_eq!(wire_names(dog), ["bark"]);
    }

    #[test]
    fn a_discriminator_mapping_gives_each_variant_its_tag_value() {
        let (union, warnings) = union_of(
            &format!(
                "{CAT_DOG}    Pet:\n      oneOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}]\n      discriminator:\n        propertyName: kind\n        mapping: {{cat: '#/components/schemas/Cat', doggo: '#/components/schemas/Dog'}}\n"
            ),
            "Pet",
        );
        assert_eq!(union.tag, tag("kind"));
        assert_eq!(tags(&union), [("Cat", Some("cat")), ("Dog", Some("doggo"))]);
        assert_eq!(union.variants[0].ty, named("Cat"));
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn a_discriminator_mapping_may_name_a_schema_without_its_ref() {
        let (union, _) = union_of(
            &format!(
                "{CAT_DOG}    Pet:\n      oneOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}]\n      discriminator:\n        propertyName: kind\n        mapping: {{cat: Cat, doggo: Dog}}\n"
            ),
            "Pet",
        );
        assert_eq!(tags(&union), [("Cat", Some("cat")), ("Dog", Some("doggo"))]);
    }

    #[test]
    fn a_discriminator_without_mapping_tags_by_the_schema_names() {
        let (union, _) = union_of(
            &format!(
                "{CAT_DOG}    Pet:\n      oneOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}]\n      discriminator: {{propertyName: kind}}\n"
            ),
            "Pet",
        );
        assert_eq!(tags(&union), [("Cat", Some("Cat")), ("Dog", Some("Dog"))]);
    }

    #[test]
    fn a_nested_discriminated_union_is_flattened_into_its_members() {
        let (union, _) = union_of(
            &format!(
                "{CAT_DOG}    Plant: {{type: object, properties: {{kind: {{type: string}}}}}}\n    Animal:\n      oneOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}]\n      discriminator: {{propertyName: kind, mapping: {{c: '#/components/schemas/Cat'}}}}\n    Thing:\n      oneOf: [{{$ref: '#/components/schemas/Animal'}}, {{$ref: '#/components/schemas/Plant'}}]\n      discriminator: {{propertyName: kind}}\n"
            ),
            "Thing",
        );
        assert_eq!(union.tag, tag("kind"));
        assert_eq!(
            tags(&union),
            [
                ("Cat", Some("c")),
                ("Dog", Some("Dog")),
                ("Plant", Some("Plant"))
            ]
        );
    }

    #[test]
    fn a_required_single_value_enum_shared_by_every_member_is_an_implicit_tag() {
        let (union, _) = union_of(
            "    Shape:\n      oneOf:\n        - {type: object, required: [type], properties: {type: {enum: [circle]}, r: {type: number}}}\n        - {type: object, required: [type], properties: {type: {enum: [square]}, side: {type: number}}}\n",
            "Shape",
        );
        assert_eq!(union.tag, tag("type"));
        assert_eq!(
            tags(&union),
            [("Circle", Some("circle")), ("Square", Some("square"))]
        );
        assert_eq!(union.variants[0].ty, named("ShapeCircle"));
    }

    #[test]
    fn a_discriminator_that_names_no_value_for_a_member_leaves_it_untagged() {
        let (union, warnings) = union_of(
            &format!(
                "{CAT_DOG}    Pet:\n      oneOf:\n        - $ref: '#/components/schemas/Cat'\n        - {{type: object, properties: {{kind: {{type: string}}, wild: {{type: boolean}}}}}}\n      discriminator: {{propertyName: kind}}\n"
            ),
            "Pet",
        );
        assert_eq!(union.tag, None);
        assert!(union.variants.iter().all(|v| v.tag_value.is_none()));
        assert_eq!(
            warnings,
            [
                "#/components/schemas/Pet/discriminator: the discriminator `kind` names no value for Object"
            ]
        );
    }

    #[test]
    fn a_tag_value_in_two_members_makes_the_union_untagged_with_a_warning() {
        let (union, warnings) = union_of(
            "    Shape:\n      oneOf:\n        - {type: object, required: [type, r], properties: {type: {enum: [round]}, r: {type: number}}}\n        - {type: object, required: [type], properties: {type: {enum: [round]}, d: {type: number}}}\n",
            "Shape",
        );
        assert_eq!(union.tag, None);
        assert_eq!(
            warnings,
            [
                "#/components/schemas/Shape: the tag `type` has the value `round` in more than one member"
            ]
        );
    }
}
