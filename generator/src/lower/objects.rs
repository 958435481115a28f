//! Objects (lowering): a schema with `properties` becomes a struct, one field per property
//! (optional unless required and not nullable), and an `allOf` becomes one struct with the
//! properties of all its members (nested `allOf`s and `$ref`s followed; a later definition of a
//! property wins).

use super::Lowerer;
use super::references::MAX_REFERENCE_DEPTH;
use super::shape::{Shape, is_empty_schema, is_null_schema, shape};
use crate::error::{ErrorKind, Pointer};
use crate::ir::{Field, Presence, Struct, TypeRef};
use crate::naming::{Namer, snake_name, type_name};
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

impl<'a> Lowerer<'a> {
    /// An object schema with `properties`: a struct.
    pub(super) fn lower_struct(&mut self, name: &str, s: &Shape<'a>, at: &Pointer) -> Struct {
        let mut properties = Vec::new();
        if let Some(props) = s.properties {
            for (wire, property) in props {
                properties.push((wire.as_str(), property, at.join("properties").join(wire)));
            }
        }
        self.struct_from(
            name,
            properties,
            s.required.iter().map(String::as_str).collect(),
            s.additional,
            at,
        )
    }

    /// The struct of these properties, in order: a field each, optional unless required and
    /// not nullable (nor read- or write-only), its ID field found, `additionalProperties` beside.
    fn struct_from(
        &mut self,
        name: &str,
        properties: Vec<(&'a str, &'a ReferenceOr<Box<Schema>>, Pointer)>,
        required: Vec<&str>,
        additional: Option<&'a AdditionalProperties>,
        at: &Pointer,
    ) -> Struct {
        let mut field_names = Namer::new();
        let mut fields = Vec::with_capacity(properties.len());
        for (wire_name, property, field_at) in properties {
            let hint = format!("{name}{}", type_name(wire_name, "Field"));
            let Some(lowered) = self.lower_schema(property.into(), &field_at, &hint) else {
                continue;
            };
            let is_required = required.contains(&wire_name);
            let (deprecated, read_only, write_only) = match property {
                ReferenceOr::Item(schema) => {
                    let data = &schema.schema_data;
                    (data.deprecated, data.read_only, data.write_only)
                }
                ReferenceOr::Reference { .. } => (false, false, false),
            };
            fields.push(Field {
                name: field_names.claim(snake_name(wire_name, "field")),
                wire_name: wire_name.to_owned(),
                docs: lowered.docs,
                ty: lowered.ty,
                // A read-only field is left out of requests and a write-only one out of
                // responses, so either may be missing even when required.
                presence: if !is_required {
                    Presence::Optional
                } else if lowered.nullable || read_only || write_only {
                    Presence::RequiredNullable
                } else {
                    Presence::Required
                },
                boxed: false,
                deprecated,
                default: lowered.default,
                read_only,
                write_only,
            });
        }
        let additional = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let hint = format!("{name}Value");
                let at = at.join("additionalProperties");
                self.lower_schema(schema.as_ref().into(), &at, &hint)
                    .map(|l| l.ty)
            }
            // `true` adds nothing a caller can use that `serde_json::Value` would not give less
            // conveniently, and a flattened catch-all map would make every decode buffer the
            // object; unknown properties are ignored instead.
            Some(AdditionalProperties::Any(_)) | None => None,
        };
        let own_id = format!("{}_id", snake_name(name, "schema"));
        let id_field = fields
            .iter()
            .find(|f| (f.wire_name == own_id || f.wire_name == "id") && f.ty == TypeRef::String)
            .map(|f| f.name.clone());
        let all_optional = fields.iter().all(|f| f.presence.is_option());
        Struct {
            fields,
            additional,
            id_field,
            all_optional,
            expandable_target: false,
        }
    }

    /// `allOf`: the properties of every member (and the schema's own) in one struct. Members must
    /// be objects, directly or through references and nested `allOf`s.
    pub(super) fn merge_all_of(
        &mut self,
        name: &str,
        schema: &'a Schema,
        at: &Pointer,
    ) -> Option<Struct> {
        let mut properties: Vec<(&'a str, &'a ReferenceOr<Box<Schema>>, Pointer)> = Vec::new();
        let mut required: Vec<&'a str> = Vec::new();
        let mut additional = None;
        let mut ok = true;
        let mut visiting = Vec::new();
        self.collect_object(
            schema,
            at,
            &mut properties,
            &mut required,
            &mut additional,
            &mut ok,
            &mut visiting,
        );
        if !ok {
            return None;
        }
        // A property named twice (a base and an override) keeps its last definition, in the
        // place where it first appeared.
        let mut merged: Vec<(&'a str, &'a ReferenceOr<Box<Schema>>, Pointer)> = Vec::new();
        for (wire, property, property_at) in properties {
            match merged.iter_mut().find(|(w, _, _)| *w == wire) {
                Some(slot) => *slot = (wire, property, property_at),
                None => merged.push((wire, property, property_at)),
            }
        }
        Some(self.struct_from(name, merged, required, additional, at))
    }

    /// Collects the properties, `required` and `additionalProperties` of an `allOf` member and
    /// of its own members, depth first; `visiting` holds the references being followed.
    #[allow(clippy::too_many_arguments)]
    fn collect_object(
        &mut self,
        schema: &'a Schema,
        at: &Pointer,
        properties: &mut Vec<(&'a str, &'a ReferenceOr<Box<Schema>>, Pointer)>,
        required: &mut Vec<&'a str>,
        additional: &mut Option<&'a AdditionalProperties>,
        ok: &mut bool,
        visiting: &mut Vec<String>,
    ) {
        let s = shape(schema);
        for (index, member) in s.all_of.iter().enumerate() {
            let member_at = at.join("allOf").join(index);
            let (member_schema, member_at) = match member {
                ReferenceOr::Item(schema) => (schema, member_at),
                ReferenceOr::Reference { reference } => {
                    if visiting.len() >= MAX_REFERENCE_DEPTH {
                        self.error(ErrorKind::Unsupported, &member_at, format!("`allOf` nested more than {MAX_REFERENCE_DEPTH} references deep is not supported"));
                        *ok = false;
                        continue;
                    }
                    if visiting.contains(reference) {
                        self.error(
                            ErrorKind::Invalid,
                            &member_at,
                            format!("`allOf` includes `{reference}` inside itself"),
                        );
                        *ok = false;
                        continue;
                    }
                    let Some(target) = self.resolve_raw(reference, &member_at) else {
                        *ok = false;
                        continue;
                    };
                    visiting.push(reference.clone());
                    self.collect_object(
                        target,
                        &Pointer::from_ref(reference),
                        properties,
                        required,
                        additional,
                        ok,
                        visiting,
                    );
                    visiting.pop();
                    continue;
                }
            };
            let inner = shape(member_schema);
            let object_like = inner.ty == Some("object")
                || inner.properties.is_some_and(|p| !p.is_empty())
                || !inner.all_of.is_empty()
                || (inner.ty.is_none() && inner.enum_values.is_empty() && inner.items.is_none());
            if object_like {
                self.collect_object(
                    member_schema,
                    &member_at,
                    properties,
                    required,
                    additional,
                    ok,
                    visiting,
                );
            } else {
                self.error(
                    ErrorKind::Unsupported,
                    &member_at,
                    "every member of an `allOf` must be an object to merge into one struct",
                );
                *ok = false;
            }
        }
        if s.one_of
            .iter()
            .chain(s.any_of)
            .any(|m| !is_empty_schema(m) && !is_null_schema(m))
        {
            self.error(
                ErrorKind::Unsupported,
                at,
                "`oneOf`/`anyOf` inside an `allOf` is not supported",
            );
            *ok = false;
        }
        if let Some(props) = s.properties {
            for (wire, property) in props {
                properties.push((wire.as_str(), property, at.join("properties").join(wire)));
            }
        }
        required.extend(s.required.iter().map(String::as_str));
        if s.additional.is_some() {
            *additional = s.additional;
        }
    }
}
