//! Unions (lowering): `oneOf`/`anyOf` become an enum with a variant per member, tagged by a
//! `discriminator` (with its `mapping`) or by a required single-value enum property that every
//! member shares, and otherwise untagged, with the variants ordered most specific first.

use super::shape::{Shape, shape};
use super::{Lowerer, unescape};
use crate::error::{ErrorKind, Pointer};
use crate::ir::{TypeKind, TypeRef, Union, UnionTag, UnionVariant};
use crate::naming::{Namer, type_name};
use openapiv3::{ReferenceOr, Schema};
use serde_json::Value;

impl<'a> Lowerer<'a> {
    /// `oneOf`/`anyOf`: a variant per member, tagged when the members say how to tell them apart.
    pub(super) fn lower_union(
        &mut self,
        name: &str,
        schema: &'a Schema,
        members: &[(&'static str, usize, &'a ReferenceOr<Schema>)],
        at: &Pointer,
    ) -> Option<Union> {
        let explicit = schema.schema_data.discriminator.as_ref();
        let tag_property = match explicit {
            Some(discriminator) => Some(discriminator.property_name.clone()),
            None => self.implicit_tag(members),
        };
        let mut variant_names = Namer::new();
        variant_names.reserve("Unknown");
        let mut variants = Vec::new();
        let mut ok = true;
        for (keyword, index, member) in members {
            let member_at = at.join(keyword).join(index);
            let tag_value = tag_property
                .as_deref()
                .and_then(|property| self.tag_value(member, property, explicit));
            let base = match (member, &tag_value) {
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
            let Some(lowered) = self.lower_schema((*member).into(), &member_at, &hint) else {
                ok = false;
                continue;
            };
            variants.push(UnionVariant {
                name: variant_name,
                ty: lowered.ty,
                tag_value,
                boxed: false,
            });
        }
        if !ok {
            return None;
        }
        let tag = match tag_property {
            Some(property) if variants.iter().all(|v| v.tag_value.is_some()) => {
                Some(UnionTag { property })
            }
            Some(property) if explicit.is_some() => {
                self.error(ErrorKind::Unsupported, at, format!("the discriminator `{property}` does not name a value for every member; give each a `mapping` entry or a single-value enum"));
                return None;
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

    /// Members that are all objects with a common required property whose schema is a
    /// single-value string enum (how serde's internally tagged enums are written) are tagged
    /// by that property even without a `discriminator`.
    fn implicit_tag(
        &self,
        members: &[(&'static str, usize, &'a ReferenceOr<Schema>)],
    ) -> Option<String> {
        let mut candidates: Option<Vec<String>> = None;
        for (_, _, member) in members {
            let schema = self.member_schema(member)?;
            let s = shape(schema);
            let props = s.properties?;
            let singles: Vec<String> = props
                .iter()
                .filter(|(wire, _)| s.required.contains(wire))
                .filter(|(_, p)| single_string_value(p).is_some())
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

    /// The tag value that selects `member`: from the discriminator's mapping, from a single-value
    /// enum on the tag property, or (for references) the schema's name, as OpenAPI defaults it.
    fn tag_value(
        &self,
        member: &'a ReferenceOr<Schema>,
        property: &str,
        explicit: Option<&openapiv3::Discriminator>,
    ) -> Option<String> {
        if let (Some(discriminator), ReferenceOr::Reference { reference }) = (explicit, member) {
            if let Some((value, _)) = discriminator
                .mapping
                .iter()
                .find(|(_, target)| *target == reference)
            {
                return Some(value.clone());
            }
        }
        let schema = self.member_schema(member)?;
        if let Some(value) = shape(schema)
            .properties
            .and_then(|p| p.get(property))
            .and_then(single_string_value)
        {
            return Some(value);
        }
        match (explicit, member) {
            (Some(_), ReferenceOr::Reference { reference }) => {
                reference.rsplit('/').next().map(unescape)
            }
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

/// The one value of a property schema that is a single-value string enum.
fn single_string_value(property: &ReferenceOr<Box<Schema>>) -> Option<String> {
    let ReferenceOr::Item(schema) = property else {
        return None;
    };
    match shape(schema).enum_values.as_slice() {
        [Value::String(value)] => Some(value.clone()),
        _ => None,
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
    if let (Some("string"), Some(format)) = (s.ty, s.format.as_deref()) {
        return type_name(format, "String");
    }
    match s.ty {
        Some("string") => "String",
        Some("integer") => "Integer",
        Some("number") => "Number",
        Some("boolean") => "Boolean",
        Some("array") => "Array",
        Some("object") => "Map",
        _ if s.items.is_some() => "Array",
        _ => "Value",
    }
    .to_owned()
}
