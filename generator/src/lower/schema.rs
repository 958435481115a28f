//! Lowering of schemas (step 5 of the pipeline): every schema, whatever keywords it uses,
//! becomes a [`TypeRef`], and every schema that needs a Rust type of its own becomes a
//! [`TypeDef`]. This module is the entry ([`Lowerer::lower_schema`], [`Lowerer::lower_named`])
//! and lowers what is written out where it is used (arrays, maps, primitives); the rest is by
//! concern:
//!
//! - `shape`: what a schema's keywords make it ([`Class`]);
//! - `references`: `$ref`s and the alias components they lead to;
//! - `objects`: structs, their fields, and `allOf` merged into one struct;
//! - `unions`: `oneOf`/`anyOf`, discriminators and tags;
//! - `scalars`: formats and enums.

use super::scalars::{documented_string_enum, int_enum};
use super::shape::{Class, Combinator, is_empty_schema, is_null_schema, shape, string_enum_values};
use super::{Lowered, Lowerer, SchemaRef, docs};
use crate::diagnostics::pointer::Pointer;
use crate::ir::{TypeDef, TypeKind, TypeRef, TypeRole};
use crate::lower::naming::{snake_name, type_name};
use openapiv3::{AdditionalProperties, Schema};

impl<'a> Lowerer<'a> {
    /// Lowers a schema that becomes the named type `name` (already claimed).
    pub(crate) fn lower_named(&mut self, name: &str, schema: &'a Schema, at: &Pointer) {
        let s = shape(schema);
        let kind = match self.classify(&s) {
            Class::Struct => TypeKind::Struct(self.lower_struct(name, &s, at)),
            Class::Merge => match self.lower_all_of(name, schema, at) {
                Some(kind) => kind,
                None => return,
            },
            Class::Union(members) => {
                let discriminator = schema.schema_data.discriminator.as_ref();
                match self.lower_union(name, discriminator, &members, at, None) {
                    Some(union) => TypeKind::Union(union),
                    None => return,
                }
            }
            Class::StringEnum => {
                TypeKind::StringEnum(documented_string_enum(string_enum_values(&s)))
            }
            Class::IntEnum => TypeKind::IntEnum(int_enum(&s.enum_values)),
            // `is_named` admits nothing else.
            _ => return,
        };
        self.push_type(name, schema, at, kind);
    }

    /// Adds the named type `name` (already claimed), made from `schema` at `at`.
    pub(crate) fn push_type(
        &mut self,
        name: &str,
        schema: &'a Schema,
        at: &Pointer,
        kind: TypeKind,
    ) {
        let module = self.type_modules.claim(snake_name(name, "schema"));
        self.types.push(TypeDef {
            name: name.to_owned(),
            module,
            docs: docs(schema),
            role: TypeRole::Schema,
            source: super::type_source(at),
            deprecated: schema.schema_data.deprecated,
            kind,
            gate: crate::ir::Gate::Always,
        });
    }

    /// What a schema (or reference) is where it is used. `hint` names any inline type it needs.
    pub(crate) fn lower_schema(
        &mut self,
        schema: SchemaRef<'a>,
        at: &Pointer,
        hint: &str,
    ) -> Option<Lowered> {
        match schema {
            SchemaRef::Ref(reference) => self.resolve_schema_ref(reference, at),
            SchemaRef::Item(schema) => self.lower_inline(schema, at, hint),
        }
    }

    /// What an inline schema is where it is used: a named type made for it (named after
    /// `hint`), or a type written out (arrays, maps, primitives, `Expandable`).
    fn lower_inline(&mut self, schema: &'a Schema, at: &Pointer, hint: &str) -> Option<Lowered> {
        let nullable = schema.schema_data.nullable;
        let docs = docs(schema);
        let default = schema.schema_data.default.as_ref().map(|d| d.to_string());
        let s = shape(schema);
        let ty = match self.classify(&s) {
            Class::Same(keyword, index, member) => {
                // `allOf: [$ref]` is how OpenAPI 3.0 attaches a description or `nullable` to a
                // reference (`allOf: [$ref, {description, nullable}]` too); `oneOf: [X, {}]` and
                // `oneOf: [X, null]` add nothing but null.
                let member_at = at.join(keyword).join(index);
                let others = s
                    .all_of
                    .iter()
                    .enumerate()
                    .filter(|(i, m)| *i != index && !is_empty_schema(m))
                    .count();
                if keyword == Combinator::AllOf && others > 0 {
                    // Only when no member is an object (see `classify`): the value must be all of
                    // them at once, which one type says best by being the first.
                    self.warn(
                        at,
                        format!(
                            "`allOf` of {} schemas that are not objects cannot be merged",
                            others + 1
                        ),
                        "the type of its first member",
                    );
                }
                let inner = self.lower_schema(member.into(), &member_at, hint)?;
                let adds_null = s.one_of.iter().chain(s.any_of).any(is_null_schema)
                    || s.all_of.iter().any(|m| {
                        matches!(m, openapiv3::ReferenceOr::Item(annotation)
                            if is_empty_schema(m) && annotation.schema_data.nullable)
                    });
                return Some(Lowered {
                    ty: inner.ty,
                    nullable: nullable || inner.nullable || adds_null,
                    docs: docs.or(inner.docs),
                    default: default.or(inner.default),
                });
            }
            Class::Expandable(reference) => {
                let target = self.resolve_schema_ref(reference, at)?;
                TypeRef::Expandable(Box::new(target.ty))
            }
            Class::Merge | Class::Union(_) | Class::StringEnum | Class::IntEnum | Class::Struct => {
                let name = self.type_names.claim(type_name(hint, "Inline"));
                let kind = self.classify(&s);
                if matches!(kind, Class::StringEnum | Class::IntEnum) {
                    self.enum_names.insert(name.clone());
                }
                let before = self.cx.error_count();
                self.named_depth += 1;
                self.lower_named(&name, schema, at);
                self.named_depth -= 1;
                if self.cx.error_count() > before {
                    return None;
                }
                TypeRef::Named(name)
            }
            Class::Map => {
                let value = match s.additional {
                    Some(AdditionalProperties::Schema(value)) => {
                        let hint = format!("{hint}Value");
                        self.lower_schema(
                            value.as_ref().into(),
                            &at.join("additionalProperties"),
                            &hint,
                        )?
                        .ty
                    }
                    // A free-form object: any values.
                    Some(AdditionalProperties::Any(_)) | None => TypeRef::Any,
                };
                TypeRef::Map(Box::new(value))
            }
            Class::Array => match s.items {
                Some(items) => {
                    let hint = format!("{hint}Item");
                    let items = self.lower_schema(items.into(), &at.join("items"), &hint)?;
                    TypeRef::Array(Box::new(items.ty))
                }
                None => TypeRef::Array(Box::new(TypeRef::Any)),
            },
            Class::Primitive(ty) => ty,
            Class::Any => TypeRef::Any,
        };
        Some(Lowered {
            ty,
            nullable,
            docs,
            default,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Presence, TypeKind, TypeRef, TypeSource};
    use crate::lower::testing::{field, lowered, named, strukt, type_def, type_names};

    /// A `Holder` component whose one property `p` is `property` (YAML flow), beside `Customer`.
    fn holder(property: &str) -> crate::ir::Api {
        lowered(&format!(
            "paths: {{}}\ncomponents:\n  schemas:\n    Customer: {{type: object, properties: {{id: {{type: string}}}}}}\n    Holder:\n      type: object\n      required: [p]\n      properties:\n        p: {property}\n"
        ))
    }

    fn holder_field(property: &str) -> crate::ir::Field {
        field(strukt(&holder(property), "Holder"), "p").clone()
    }

    #[test]
    fn an_object_with_properties_is_a_named_struct() {
        let api = holder("{type: string}");
        let def = type_def(&api, "Holder");
        assert!(matches!(def.kind, TypeKind::Struct(_)));
        assert_eq!(def.module, "holder");
        assert_eq!(strukt(&api, "Holder").fields.len(), 1);
    }

    #[test]
    fn a_primitive_is_written_out_where_it_is_used() {
        let p = holder_field("{type: boolean}");
        assert_eq!(p.ty, TypeRef::Boolean);
        assert_eq!(p.presence, Presence::Required);
    }

    #[test]
    fn an_object_of_only_additional_properties_is_a_map() {
        let p = holder_field("{type: object, additionalProperties: {type: integer}}");
        let int = TypeRef::Integer {
            bits: 64,
            signed: true,
        };
        assert_eq!(p.ty, TypeRef::Map(Box::new(int)));
        assert_eq!(
            holder_field("{type: object}").ty,
            TypeRef::Map(Box::new(TypeRef::Any))
        );
    }

    #[test]
    fn an_array_holds_its_items_type() {
        let p = holder_field("{type: array, items: {$ref: '#/components/schemas/Customer'}}");
        assert_eq!(p.ty, TypeRef::Array(Box::new(named("Customer"))));
        let p = holder_field("{type: array}");
        assert_eq!(p.ty, TypeRef::Array(Box::new(TypeRef::Any)));
    }

    #[test]
    fn an_inline_object_is_named_after_its_parent_and_property() {
        let api = holder("{type: object, properties: {city: {type: string}}}");
        assert_eq!(field(strukt(&api, "Holder"), "p").ty, named("HolderP"));
        assert_eq!(
            type_def(&api, "HolderP").source,
            TypeSource::Component {
                section: "schemas".to_owned(),
                name: "Holder".to_owned(),
                properties: vec!["p".to_owned()],
            }
        );
    }

    #[test]
    fn all_of_one_reference_is_that_type_with_the_outer_docs() {
        let api =
            holder("{allOf: [{$ref: '#/components/schemas/Customer'}], description: The owner}");
        let p = field(strukt(&api, "Holder"), "p");
        assert_eq!(p.ty, named("Customer"));
        assert_eq!(p.docs.as_deref(), Some("The owner"));
        assert_eq!(type_names(&api), ["Customer", "Holder"]);
    }

    #[test]
    fn a_nullable_required_property_is_required_nullable() {
        let p = holder_field("{type: string, nullable: true}");
        assert_eq!(
            (p.ty, p.presence),
            (TypeRef::String, Presence::RequiredNullable)
        );
    }

    #[test]
    fn nullable_beside_a_lone_all_of_reference_makes_it_nullable() {
        let p = holder_field("{allOf: [{$ref: '#/components/schemas/Customer'}], nullable: true}");
        assert_eq!(
            (p.ty, p.presence),
            (named("Customer"), Presence::RequiredNullable)
        );
    }

    #[test]
    fn one_of_a_type_and_null_is_that_type_nullable() {
        let p = holder_field("{oneOf: [{type: integer, format: int32}, {enum: [null]}]}");
        let int = TypeRef::Integer {
            bits: 32,
            signed: true,
        };
        assert_eq!((p.ty, p.presence), (int, Presence::RequiredNullable));
    }

    #[test]
    fn a_default_is_kept_as_json_text() {
        let p = holder_field("{type: integer, default: 10}");
        assert_eq!(p.default.as_deref(), Some("10"));
    }
}
