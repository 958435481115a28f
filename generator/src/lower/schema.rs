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

use super::scalars::{int_enum, string_enum};
use super::shape::{Class, is_empty_schema, is_null_schema, shape};
use super::{Lowered, Lowerer, SchemaRef, docs};
use crate::error::Pointer;
use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::naming::{snake_name, type_name};
use openapiv3::{AdditionalProperties, Schema};

impl<'a> Lowerer<'a> {
    /// Lowers a schema that becomes the named type `name` (already claimed).
    pub(super) fn lower_named(&mut self, name: &str, schema: &'a Schema, at: &Pointer) {
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
            Class::StringEnum => TypeKind::StringEnum(string_enum(&s.enum_values)),
            Class::IntEnum => TypeKind::IntEnum(int_enum(&s.enum_values)),
            // `is_named` admits nothing else.
            _ => return,
        };
        self.push_type(name, schema, at, kind);
    }

    /// Adds the named type `name` (already claimed), made from `schema` at `at`.
    pub(super) fn push_type(
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
            source: at.as_str().to_owned(),
            deprecated: schema.schema_data.deprecated,
            kind,
        });
    }

    /// What a schema (or reference) is where it is used. `hint` names any inline type it needs.
    pub(super) fn lower_schema(
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
            // The downgrade drops `not` (with a warning) before `openapiv3` reads the schema, so
            // only a schema read some other way gets here: any value, said again.
            Class::Not => {
                self.warn(
                    &at.join("not"),
                    "`not` is a rule on values that no Rust type expresses, and is not checked",
                    "`serde_json::Value`",
                );
                TypeRef::Any
            }
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
                if keyword == "allOf" && others > 0 {
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
                let before = self.errors.0.len();
                self.named_depth += 1;
                self.lower_named(&name, schema, at);
                self.named_depth -= 1;
                if self.errors.0.len() > before {
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
