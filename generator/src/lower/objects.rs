//! Objects (lowering): a schema with `properties` becomes a struct, one field per property
//! (optional unless required and not nullable), and an `allOf` becomes one struct with the
//! properties of all its members (nested `allOf`s and `$ref`s followed; a later definition of a
//! property wins).

use super::Lowerer;
use super::references::MAX_REFERENCE_DEPTH;
use super::shape::{Combinator, SchemaType, Shape, is_empty_schema, is_null_schema, shape};
use crate::diagnostics::error::ErrorKind;
use crate::diagnostics::pointer::Pointer;
use crate::ir::{Field, Presence, Struct, TypeKind, TypeRef, Usage};
use crate::lower::naming::{Namer, snake_name, type_name};
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, StringType, Type,
    VariantOrUnknownOrEmpty,
};

impl<'a> Lowerer<'a> {
    /// An object schema with `properties`: a struct.
    pub(crate) fn lower_struct(&mut self, name: &str, s: &Shape<'a>, at: &Pointer) -> Struct {
        // Taken here, so that no struct lowered inside this one leaves anything out.
        let omit = self.omit_property.take();
        let mut properties = Vec::new();
        if let Some(props) = s.properties {
            for (wire, property) in props {
                if omit.as_deref() == Some(wire.as_str()) {
                    continue;
                }
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
            // OpenAPI's `format: password` marks a value that UIs (and so `Debug`) must hide.
            let secret = matches!(
                property,
                ReferenceOr::Item(schema) if matches!(
                    &schema.schema_kind,
                    SchemaKind::Type(Type::String(StringType {
                        format: VariantOrUnknownOrEmpty::Item(StringFormat::Password),
                        ..
                    }))
                )
            );
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
                secret,
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
            usage: Usage::Unused,
            rest: None,
        }
    }

    /// `allOf`: the properties of every member (and the schema's own) in one struct, or, when
    /// a part is a union (`oneOf`/`anyOf` beside the `allOf` or inside one of its members), that
    /// union with the shared properties merged into every variant.
    pub(crate) fn lower_all_of(
        &mut self,
        name: &str,
        schema: &'a Schema,
        at: &Pointer,
    ) -> Option<TypeKind> {
        let mut collected = Collected::default();
        self.collect_object(schema, at, &mut collected);
        if !collected.ok {
            return None;
        }
        let mut unions = std::mem::take(&mut collected.unions);
        if unions.is_empty() {
            return Some(TypeKind::Struct(self.finish_merge(name, collected, at)));
        }
        let (union_schema, union_at) = unions.remove(0);
        for (_, other_at) in unions {
            // Several unions would make a variant per combination; one is spread into the
            // variants, and what the others add stays out of the type (kept by nothing).
            self.warn(
                &other_at,
                "a second union in one `allOf` would need a variant per combination",
                "the variants of the first union only; this one's properties are not fields",
            );
        }
        let s = shape(union_schema);
        let members = union_members(&s);
        // The discriminator may sit on the union or on the schema around the `allOf`.
        let discriminator = union_schema
            .schema_data
            .discriminator
            .as_ref()
            .or(schema.schema_data.discriminator.as_ref());
        self.lower_union(name, discriminator, &members, &union_at, Some(&collected))
            .map(TypeKind::Union)
    }

    /// One variant of an `allOf` union: the shared properties with `member`'s, as a struct named
    /// `name` (claimed here). A member that is not an object keeps its own type: the shared
    /// properties cannot apply to it.
    pub(crate) fn merged_variant(
        &mut self,
        name: &str,
        shared: &Collected<'a>,
        member: &'a ReferenceOr<Schema>,
        member_at: &Pointer,
    ) -> Option<TypeRef> {
        let (schema, at) = match member {
            ReferenceOr::Item(schema) => (schema, member_at.clone()),
            ReferenceOr::Reference { reference } => (
                self.resolve_raw(reference, member_at)?,
                Pointer::from_ref(reference),
            ),
        };
        if !is_object_like(&shape(schema)) {
            self.warn(
                member_at,
                "the properties an `allOf` shares cannot apply to a variant that is not an object",
                "the variant's own type, without them",
            );
            return self
                .lower_schema(member.into(), member_at, name)
                .map(|l| l.ty);
        }
        let mut collected = shared.clone();
        self.collect_object(schema, &at, &mut collected);
        if !collected.ok {
            return None;
        }
        for (_, nested_at) in std::mem::take(&mut collected.unions) {
            self.warn(
                &nested_at,
                "a union inside a variant of an `allOf` union would need a variant per combination",
                "the variant's other properties only",
            );
        }
        let name = self.type_names.claim(type_name(name, "Inline"));
        let strukt = self.finish_merge(&name, collected, &at);
        self.push_type(&name, schema, &at, TypeKind::Struct(strukt));
        Some(TypeRef::Named(name))
    }

    /// The struct of what [`Lowerer::collect_object`] gathered: a property named twice (a base
    /// and an override) keeps its last definition, in the place where it first appeared.
    fn finish_merge(&mut self, name: &str, collected: Collected<'a>, at: &Pointer) -> Struct {
        let mut merged: Vec<(&'a str, &'a ReferenceOr<Box<Schema>>, Pointer)> = Vec::new();
        for (wire, property, property_at) in collected.properties {
            match merged.iter_mut().find(|(w, _, _)| *w == wire) {
                Some(slot) => *slot = (wire, property, property_at),
                None => merged.push((wire, property, property_at)),
            }
        }
        self.struct_from(name, merged, collected.required, collected.additional, at)
    }

    /// Collects the properties, `required` and `additionalProperties` of an `allOf` member and
    /// of its own members, depth first, and the unions among them.
    fn collect_object(&mut self, schema: &'a Schema, at: &Pointer, into: &mut Collected<'a>) {
        let s = shape(schema);
        for (index, member) in s.all_of.iter().enumerate() {
            let member_at = at.join(Combinator::AllOf).join(index);
            let (member_schema, member_at) = match member {
                ReferenceOr::Item(schema) => (schema, member_at),
                ReferenceOr::Reference { reference } => {
                    if into.visiting.len() >= MAX_REFERENCE_DEPTH {
                        self.error(ErrorKind::Unsupported, &member_at, format!("`allOf` nested more than {MAX_REFERENCE_DEPTH} references deep is not supported"));
                        into.ok = false;
                        continue;
                    }
                    if into.visiting.contains(reference) {
                        self.error(
                            ErrorKind::Invalid,
                            &member_at,
                            format!("`allOf` includes `{reference}` inside itself"),
                        );
                        into.ok = false;
                        continue;
                    }
                    let Some(target) = self.resolve_raw(reference, &member_at) else {
                        into.ok = false;
                        continue;
                    };
                    into.visiting.push(reference.clone());
                    self.collect_object(target, &Pointer::from_ref(reference), into);
                    into.visiting.pop();
                    continue;
                }
            };
            let inner = shape(member_schema);
            if is_object_like(&inner) || !union_members(&inner).is_empty() {
                self.collect_object(member_schema, &member_at, into);
            } else {
                // `allOf: [{type: string}, {type: object, ...}]` holds no value; a struct of the
                // object members is the closest type.
                self.warn(
                    &member_at,
                    "an `allOf` member that is not an object cannot be merged into the others",
                    "a struct of the object members",
                );
            }
        }
        if !union_members(&s).is_empty() {
            into.unions.push((schema, at.clone()));
        }
        if let Some(props) = s.properties {
            for (wire, property) in props {
                into.properties
                    .push((wire.as_str(), property, at.join("properties").join(wire)));
            }
        }
        into.required.extend(s.required.iter().map(String::as_str));
        if s.additional.is_some() {
            into.additional = s.additional;
        }
    }
}

/// What the members of an `allOf` add up to, as [`Lowerer::collect_object`] gathers it.
#[derive(Clone)]
pub(crate) struct Collected<'a> {
    properties: Vec<(&'a str, &'a ReferenceOr<Box<Schema>>, Pointer)>,
    required: Vec<&'a str>,
    additional: Option<&'a AdditionalProperties>,
    /// The schemas among them with a `oneOf`/`anyOf`, and where they are.
    unions: Vec<(&'a Schema, Pointer)>,
    /// The references being followed, against loops.
    visiting: Vec<String>,
    /// Whether no error was met.
    ok: bool,
}

impl Default for Collected<'_> {
    fn default() -> Self {
        Collected {
            properties: Vec::new(),
            required: Vec::new(),
            additional: None,
            unions: Vec::new(),
            visiting: Vec::new(),
            ok: true,
        }
    }
}

/// Whether a schema's shape is an object's, or says nothing of its type (merging it adds its
/// properties, if any).
pub(crate) fn is_object_like(s: &Shape<'_>) -> bool {
    s.ty == Some(SchemaType::Object)
        || s.properties.is_some_and(|p| !p.is_empty())
        || !s.all_of.is_empty()
        || (s.ty.is_none() && s.enum_values.is_empty() && s.items.is_none())
}

/// The members of a schema's `oneOf` and `anyOf` that are alternatives (not `{}`, not `null`).
pub(crate) fn union_members<'a>(
    s: &Shape<'a>,
) -> Vec<(Combinator, usize, &'a ReferenceOr<Schema>)> {
    s.one_of
        .iter()
        .enumerate()
        .map(|(i, m)| (Combinator::OneOf, i, m))
        .chain(
            s.any_of
                .iter()
                .enumerate()
                .map(|(i, m)| (Combinator::AnyOf, i, m)),
        )
        .filter(|(_, _, m)| !is_empty_schema(m) && !is_null_schema(m))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::error::ErrorKind;
    use crate::ir::{Presence, TypeKind, TypeRef};
    use crate::lower::testing::{
        errors, field, lowered, lowered_with_warnings, named, strukt, type_def,
    };

    fn components(schemas: &str) -> String {
        format!("paths: {{}}\ncomponents:\n  schemas:\n{schemas}")
    }

    fn wire_names(s: &crate::ir::Struct) -> Vec<&str> {
        s.fields.iter().map(|f| f.wire_name.as_str()).collect()
    }

    #[test]
    fn all_of_merges_the_members_properties_and_required() {
        let api = lowered(&components(
            "    Base: {type: object, required: [id], properties: {id: {type: string}}}\n    Customer:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - {type: object, required: [name], properties: {name: {type: string}, note: {type: string}}}\n",
        ));
        let customer = strukt(&api, "Customer");
        assert_eq!(wire_names(customer), ["id", "name", "note"]);
        assert_eq!(field(customer, "id").presence, Presence::Required);
        assert_eq!(field(customer, "name").presence, Presence::Required);
        assert_eq!(field(customer, "note").presence, Presence::Optional);
        assert!(!customer.all_optional);
    }

    #[test]
    fn a_later_definition_of_a_merged_property_wins_in_its_first_place() {
        let api = lowered(&components(
            "    Base: {type: object, properties: {amount: {type: string}, currency: {type: string}}}\n    Price:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - {properties: {amount: {type: integer}}}\n",
        ));
        let price = strukt(&api, "Price");
        assert_eq!(wire_names(price), ["amount", "currency"]);
        assert!(matches!(field(price, "amount").ty, TypeRef::Integer { .. }));
    }

    #[test]
    fn a_non_object_member_of_all_of_is_left_out_with_a_warning() {
        let (api, warnings) = lowered_with_warnings(&components(
            "    Odd: {allOf: [{type: string}, {type: object, properties: {a: {type: string}}}]}\n",
        ));
        assert_eq!(wire_names(strukt(&api, "Odd")), ["a"]);
        assert_eq!(
            warnings,
            [
                "#/components/schemas/Odd/allOf/0: an `allOf` member that is not an object cannot be merged into the others"
            ]
        );
    }

    #[test]
    fn all_of_that_includes_itself_is_an_error() {
        let found = errors(&components(
            "    A: {allOf: [{$ref: '#/components/schemas/B'}, {properties: {a: {type: string}}}]}\n    B: {allOf: [{$ref: '#/components/schemas/A'}, {properties: {b: {type: string}}}]}\n",
        ));
        assert!(!found.is_empty());
        assert!(
            found.iter().all(|(kind, _)| *kind == ErrorKind::Invalid),
            "{found:?}"
        );
    }

    #[test]
    fn the_id_field_is_the_own_id_or_id_when_a_string() {
        let api = lowered(&components(
            "    Customer: {type: object, properties: {name: {type: string}, customer_id: {type: string}}}\n    Invoice: {type: object, properties: {customer_id: {type: string}, id: {type: string}}}\n    Counter: {type: object, properties: {id: {type: integer}}}\n",
        ));
        assert_eq!(
            strukt(&api, "Customer").id_field.as_deref(),
            Some("customer_id")
        );
        assert_eq!(strukt(&api, "Invoice").id_field.as_deref(), Some("id"));
        assert_eq!(strukt(&api, "Counter").id_field, None);
    }

    #[test]
    fn read_only_and_write_only_required_fields_may_be_missing() {
        let api = lowered(&components(
            "    User:\n      type: object\n      required: [id, password, name]\n      properties:\n        id: {type: string, readOnly: true}\n        password: {type: string, format: password, writeOnly: true}\n        name: {type: string}\n",
        ));
        let user = strukt(&api, "User");
        assert_eq!(field(user, "id").presence, Presence::RequiredNullable);
        assert!(field(user, "id").read_only);
        let password = field(user, "password");
        assert_eq!(password.presence, Presence::RequiredNullable);
        assert!(password.write_only && password.secret);
        assert_eq!(field(user, "name").presence, Presence::Required);
        assert!(!field(user, "name").secret);
    }

    #[test]
    fn additional_properties_beside_properties_are_kept() {
        let api = lowered(&components(
            "    Meta: {type: object, properties: {a: {type: string}}, additionalProperties: {type: boolean}}\n    Loose: {type: object, properties: {a: {type: string}}, additionalProperties: true}\n",
        ));
        assert_eq!(strukt(&api, "Meta").additional, Some(TypeRef::Boolean));
        assert_eq!(strukt(&api, "Loose").additional, None);
        assert!(strukt(&api, "Meta").all_optional);
    }

    #[test]
    fn all_of_around_a_union_merges_the_shared_properties_into_each_variant() {
        let api = lowered(&components(
            "    Payment:\n      type: object\n      properties: {amount: {type: integer}}\n      oneOf:\n        - {title: Card, properties: {last4: {type: string}}, required: [last4]}\n        - {title: Bank, properties: {iban: {type: string}}, required: [iban]}\n      allOf: [{properties: {currency: {type: string}}}]\n",
        ));
        let TypeKind::Union(union) = &type_def(&api, "Payment").kind else {
            panic!("not a union");
        };
        let tys: Vec<&TypeRef> = union.variants.iter().map(|v| &v.ty).collect();
        assert_eq!(tys, [&named("PaymentCard"), &named("PaymentBank")]);
        assert_eq!(
            wire_names(strukt(&api, "PaymentCard")),
            ["currency", "amount", "last4"]
        );
        assert_eq!(
            wire_names(strukt(&api, "PaymentBank")),
            ["currency", "amount", "iban"]
        );
    }
}
