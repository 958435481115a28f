//! Lowering of schemas (resolve phase): every schema, whatever keywords it uses, becomes a
//! [`TypeRef`], and every schema that needs a Rust type of its own becomes a [`TypeDef`].
//!
//! openapiv3 reads a schema either as a typed variant (`type: string`, ...) or, when keywords of
//! several kinds meet, as `AnySchema`; [`Shape`] puts both into one form so one set of rules
//! decides what each becomes ([`Class`]).

use super::{Component, Lowered, Lowerer, SchemaRef, docs, unescape};
use crate::error::{ErrorKind, Pointer};
use crate::ir::{
    Field, IntEnum, IntVariant, StringEnum, Struct, TypeDef, TypeKind, TypeRef, Union, UnionTag,
    UnionVariant, Variant,
};
use crate::naming::{Namer, snake_name, type_name};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// How many schemas a chain of `$ref`s (or of `allOf`s) may pass through.
const MAX_REFERENCE_DEPTH: usize = 64;

/// The keywords of a schema that decide its Rust type.
pub(super) struct Shape<'a> {
    ty: Option<&'static str>,
    format: Option<String>,
    enum_values: Vec<Value>,
    properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
    items: Option<&'a ReferenceOr<Box<Schema>>>,
    all_of: &'a [ReferenceOr<Schema>],
    one_of: &'a [ReferenceOr<Schema>],
    any_of: &'a [ReferenceOr<Schema>],
    not: bool,
}

fn format_of<T: std::fmt::Debug>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => {
            // The typed formats' names, as the spec writes them (`DateTime` → `date-time`).
            let debug = format!("{item:?}");
            let mut out = String::new();
            for (i, c) in debug.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    out.push('-');
                }
                out.push(c.to_ascii_lowercase());
            }
            Some(out)
        }
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

pub(super) fn shape(schema: &Schema) -> Shape<'_> {
    let mut shape = Shape {
        ty: None,
        format: None,
        enum_values: Vec::new(),
        properties: None,
        required: &[],
        additional: None,
        items: None,
        all_of: &[],
        one_of: &[],
        any_of: &[],
        not: false,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            shape.ty = Some("string");
            shape.format = format_of(&s.format);
            shape.enum_values = s
                .enumeration
                .iter()
                .map(|v| v.clone().map_or(Value::Null, Value::String))
                .collect();
        }
        SchemaKind::Type(Type::Integer(i)) => {
            shape.ty = Some("integer");
            shape.format = format_of(&i.format);
            shape.enum_values = i
                .enumeration
                .iter()
                .map(|v| v.map_or(Value::Null, Value::from))
                .collect();
        }
        SchemaKind::Type(Type::Number(n)) => {
            shape.ty = Some("number");
            shape.format = format_of(&n.format);
        }
        SchemaKind::Type(Type::Boolean(_)) => shape.ty = Some("boolean"),
        SchemaKind::Type(Type::Object(o)) => {
            shape.ty = Some("object");
            shape.properties = Some(&o.properties);
            shape.required = &o.required;
            shape.additional = o.additional_properties.as_ref();
        }
        SchemaKind::Type(Type::Array(a)) => {
            shape.ty = Some("array");
            shape.items = a.items.as_ref();
        }
        SchemaKind::OneOf { one_of } => shape.one_of = one_of,
        SchemaKind::AnyOf { any_of } => shape.any_of = any_of,
        SchemaKind::AllOf { all_of } => shape.all_of = all_of,
        SchemaKind::Not { .. } => shape.not = true,
        SchemaKind::Any(any) => {
            shape.ty = match any.typ.as_deref() {
                Some("string") => Some("string"),
                Some("integer") => Some("integer"),
                Some("number") => Some("number"),
                Some("boolean") => Some("boolean"),
                Some("object") => Some("object"),
                Some("array") => Some("array"),
                _ => None,
            };
            shape.format = any.format.clone();
            shape.enum_values = any.enumeration.clone();
            shape.properties = Some(&any.properties);
            shape.required = &any.required;
            shape.additional = any.additional_properties.as_ref();
            shape.items = any.items.as_ref();
            shape.all_of = &any.all_of;
            shape.one_of = &any.one_of;
            shape.any_of = &any.any_of;
            shape.not = any.not.is_some();
        }
    }
    shape
}

/// A schema that says nothing (`{}`): any value. In `oneOf` it adds no alternative.
fn is_empty_schema(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = member else {
        return false;
    };
    let s = shape(schema);
    s.ty.is_none()
        && s.enum_values.is_empty()
        && s.properties.is_none_or(IndexMap::is_empty)
        && s.additional.is_none()
        && s.items.is_none()
        && s.all_of.is_empty()
        && s.one_of.is_empty()
        && s.any_of.is_empty()
        && !s.not
}

/// `enum: [null]`: the member of a union that only adds `null`.
fn is_null_schema(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = member else {
        return false;
    };
    let s = shape(schema);
    !s.enum_values.is_empty() && s.enum_values.iter().all(Value::is_null)
}

/// What a schema becomes.
pub(super) enum Class<'a> {
    /// `not`: no Rust type says "anything but".
    Not,
    /// The same type as one member (`allOf: [$ref]`, `oneOf: [X, {}]`, `oneOf: [X, null]`).
    Same(&'static str, usize, &'a ReferenceOr<Schema>),
    /// `allOf` of several objects: one struct with all their properties.
    Merge,
    /// An ID string or the referenced object.
    Expandable(&'a str),
    /// `oneOf`/`anyOf` of several alternatives: an enum with a variant per member.
    Union(Vec<(&'static str, usize, &'a ReferenceOr<Schema>)>),
    /// A string enum.
    StringEnum,
    /// An integer enum.
    IntEnum,
    /// An object with properties.
    Struct,
    /// An object with only `additionalProperties` (or nothing): a map.
    Map,
    /// An array.
    Array,
    /// A primitive.
    Primitive(TypeRef),
    /// Any JSON value.
    Any,
}

impl Class<'_> {
    /// Whether this class is a Rust type of its own (so a component of it gets its name).
    pub(super) fn is_named(&self) -> bool {
        matches!(
            self,
            Class::Merge | Class::Union(_) | Class::StringEnum | Class::IntEnum | Class::Struct
        )
    }
}

impl<'a> Lowerer<'a> {
    /// Decides what a schema becomes.
    pub(super) fn classify(&self, s: &Shape<'a>) -> Class<'a> {
        if s.not {
            return Class::Not;
        }
        let has_properties = s.properties.is_some_and(|p| !p.is_empty());
        let union: Vec<(&'static str, usize, &'a ReferenceOr<Schema>)> = s
            .one_of
            .iter()
            .enumerate()
            .map(|(i, m)| ("oneOf", i, m))
            .chain(s.any_of.iter().enumerate().map(|(i, m)| ("anyOf", i, m)))
            .filter(|(_, _, m)| !is_empty_schema(m) && !is_null_schema(m))
            .collect();
        if !s.all_of.is_empty() {
            if let ([only], false, true) = (s.all_of, has_properties, union.is_empty()) {
                return Class::Same("allOf", 0, only);
            }
            return Class::Merge;
        }
        if !union.is_empty() && !has_properties {
            if let [(keyword, index, member)] = union.as_slice() {
                return Class::Same(keyword, *index, member);
            }
            if let Some(reference) = self.expandable_target(&union) {
                return Class::Expandable(reference);
            }
            return Class::Union(union);
        }
        let non_null: Vec<&Value> = s.enum_values.iter().filter(|v| !v.is_null()).collect();
        if !non_null.is_empty() {
            if non_null.iter().all(|v| v.is_string()) && matches!(s.ty, None | Some("string")) {
                return Class::StringEnum;
            }
            if non_null.iter().all(|v| v.is_i64()) && matches!(s.ty, None | Some("integer")) {
                return Class::IntEnum;
            }
        } else if !s.enum_values.is_empty() {
            // `enum: [null]`: nothing but null.
            return Class::Any;
        }
        if has_properties {
            return Class::Struct;
        }
        match s.ty {
            Some("object") => Class::Map,
            None if s.additional.is_some() => Class::Map,
            Some("array") => Class::Array,
            None if s.items.is_some() => Class::Array,
            Some("string") => Class::Primitive(match s.format.as_deref() {
                Some("date-time") => TypeRef::DateTime,
                Some("date") => TypeRef::Date,
                Some("uuid") => TypeRef::Uuid,
                Some("ip") => TypeRef::IpAddr { version: None },
                Some("ipv4") => TypeRef::IpAddr { version: Some(4) },
                Some("ipv6") => TypeRef::IpAddr { version: Some(6) },
                _ => TypeRef::String,
            }),
            Some("integer") => Class::Primitive(integer_type(s.format.as_deref())),
            Some("number") => Class::Primitive(TypeRef::Number {
                bits: if s.format.as_deref() == Some("float") {
                    32
                } else {
                    64
                },
            }),
            Some("boolean") => Class::Primitive(TypeRef::Boolean),
            _ => Class::Any,
        }
    }

    /// `[string, $ref]` (either order) where the reference names an object type.
    fn expandable_target(
        &self,
        union: &[(&'static str, usize, &'a ReferenceOr<Schema>)],
    ) -> Option<&'a str> {
        let [(_, _, a), (_, _, b)] = union else {
            return None;
        };
        let is_plain_string = |m: &ReferenceOr<Schema>| match m {
            ReferenceOr::Item(schema) => {
                let s = shape(schema);
                s.ty == Some("string") && s.enum_values.is_empty() && s.format.is_none()
            }
            ReferenceOr::Reference { .. } => false,
        };
        let reference = match (a, b) {
            (ReferenceOr::Reference { reference }, other)
            | (other, ReferenceOr::Reference { reference })
                if is_plain_string(other) =>
            {
                reference
            }
            _ => return None,
        };
        let key = unescape(reference.strip_prefix(SCHEMA_PREFIX)?);
        let ReferenceOr::Item(target) = self.schema_component(&key)? else {
            return None;
        };
        matches!(self.classify(&shape(target)), Class::Struct | Class::Merge)
            .then_some(reference.as_str())
    }

    /// Lowers a schema that becomes the named type `name` (already claimed).
    pub(super) fn lower_named(&mut self, name: &str, schema: &'a Schema, at: &Pointer) {
        let s = shape(schema);
        let kind = match self.classify(&s) {
            Class::Struct => TypeKind::Struct(self.lower_struct(name, &s, at)),
            Class::Merge => match self.merge_all_of(name, schema, at) {
                Some(merged) => TypeKind::Struct(merged),
                None => return,
            },
            Class::Union(members) => match self.lower_union(name, schema, &members, at) {
                Some(union) => TypeKind::Union(union),
                None => return,
            },
            Class::StringEnum => TypeKind::StringEnum(string_enum(&s.enum_values)),
            Class::IntEnum => TypeKind::IntEnum(int_enum(&s.enum_values)),
            // `is_named` admits nothing else.
            _ => return,
        };
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

    fn lower_struct(&mut self, name: &str, s: &Shape<'a>, at: &Pointer) -> Struct {
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
            let mut docs = lowered.docs;
            let mut notes = Vec::new();
            if read_only {
                notes.push("Read-only: the API sends it and ignores it in requests.".to_owned());
            }
            if write_only {
                notes.push("Write-only: sent in requests, never returned.".to_owned());
            }
            if let Some(default) = &lowered.default {
                notes.push(format!("Default: `{default}`."));
            }
            if !notes.is_empty() {
                let text = docs.take().map_or(String::new(), |d| format!("{d}\n\n"));
                docs = Some(format!("{text}{}", notes.join(" ")));
            }
            fields.push(Field {
                name: field_names.claim(snake_name(wire_name, "field")),
                wire_name: wire_name.to_owned(),
                docs,
                ty: lowered.ty,
                // A read-only field is left out of requests and a write-only one out of
                // responses, so either may be missing even when required.
                optional: !is_required || lowered.nullable || read_only || write_only,
                required: is_required,
                boxed: false,
                deprecated,
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
        let all_optional = fields.iter().all(|f| f.optional);
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
    fn merge_all_of(&mut self, name: &str, schema: &'a Schema, at: &Pointer) -> Option<Struct> {
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

    /// The schema a `#/components/schemas/..` reference names, following references to references.
    fn resolve_raw(&mut self, reference: &str, at: &Pointer) -> Option<&'a Schema> {
        let mut reference = reference.to_owned();
        for _ in 0..MAX_REFERENCE_DEPTH {
            let key = self.component_key(&reference, at)?;
            match self.schema_component(&key) {
                Some(ReferenceOr::Item(schema)) => return Some(schema),
                Some(ReferenceOr::Reference { reference: next }) => reference = next.clone(),
                None => {
                    self.error(
                        ErrorKind::UnresolvedRef,
                        at,
                        format!("`{reference}` points at nothing"),
                    );
                    return None;
                }
            }
        }
        self.error(
            ErrorKind::Invalid,
            at,
            format!("`{reference}` is a chain of references that does not end"),
        );
        None
    }

    /// `oneOf`/`anyOf`: a variant per member, tagged when the members say how to tell them apart.
    fn lower_union(
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

    fn member_schema(&self, member: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
        match member {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => {
                let key = unescape(reference.strip_prefix(SCHEMA_PREFIX)?);
                match self.schema_component(&key)? {
                    ReferenceOr::Item(schema) => Some(schema),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
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
                        let required = s.fields.iter().filter(|f| !f.optional).count();
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

    /// The component name a schema `$ref` points at, or an error for any other kind of reference.
    fn component_key(&mut self, reference: &str, at: &Pointer) -> Option<String> {
        match reference.strip_prefix(SCHEMA_PREFIX) {
            Some(escaped) => Some(unescape(escaped)),
            None => {
                self.error(
                    ErrorKind::UnresolvedRef,
                    at,
                    format!(
                        "`{reference}`: only references to `{SCHEMA_PREFIX}...` are supported here"
                    ),
                );
                None
            }
        }
    }

    fn resolve_schema_ref(&mut self, reference: &str, at: &Pointer) -> Option<Lowered> {
        let key = self.component_key(reference, at)?;
        let target = Pointer::from_ref(reference);
        match self.components.get(key.as_str()).cloned() {
            None => {
                self.error(
                    ErrorKind::UnresolvedRef,
                    at,
                    format!("`{reference}` points at nothing"),
                );
                None
            }
            Some(Component::Named(name)) => {
                let nullable = match self.schema_component(&key) {
                    Some(ReferenceOr::Item(schema)) => schema.schema_data.nullable,
                    _ => false,
                };
                Some(Lowered {
                    ty: TypeRef::Named(name),
                    nullable,
                    docs: None,
                    default: None,
                })
            }
            Some(Component::Alias) => self.resolve_component(&key, &target),
        }
    }

    pub(super) fn schema_component(&self, key: &str) -> Option<&'a ReferenceOr<Schema>> {
        self.spec
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(key))
    }

    /// Lowers an alias component once and remembers the result, so that inline types inside it
    /// are made once however often it is used; a chain of aliases that loops is an error.
    pub(super) fn resolve_component(&mut self, key: &str, at: &Pointer) -> Option<Lowered> {
        if let Some(cached) = self.alias_cache.get(key) {
            return cached.clone();
        }
        let Some(schema) = self.schema_component(key) else {
            self.error(
                ErrorKind::UnresolvedRef,
                at,
                format!("no schema `{key}` in components"),
            );
            return None;
        };
        // Each link of a chain of references is a level of recursion here; a spec that chains
        // more than this many is refused rather than risking the stack.
        if self.alias_in_progress.len() >= MAX_REFERENCE_DEPTH {
            self.error(ErrorKind::Unsupported, at, format!("a chain of more than {MAX_REFERENCE_DEPTH} references from one schema to the next is not supported"));
            return None;
        }
        if !self.alias_in_progress.insert(key.to_owned()) {
            self.error(
                ErrorKind::Invalid,
                at,
                format!("schema `{key}` is defined only in terms of itself"),
            );
            return None;
        }
        let own_at = Pointer::root().join("components").join("schemas").join(key);
        let lowered = self.lower_schema(schema.into(), &own_at, &type_name(key, "Schema"));
        self.alias_in_progress.remove(key);
        self.alias_cache.insert(key.to_owned(), lowered.clone());
        lowered
    }

    fn lower_inline(&mut self, schema: &'a Schema, at: &Pointer, hint: &str) -> Option<Lowered> {
        let nullable = schema.schema_data.nullable;
        let docs = docs(schema);
        let default = schema.schema_data.default.as_ref().map(|d| d.to_string());
        let s = shape(schema);
        let ty = match self.classify(&s) {
            Class::Not => {
                self.error(
                    ErrorKind::Unsupported,
                    at,
                    "`not` schemas cannot be expressed as a Rust type",
                );
                return None;
            }
            Class::Same(keyword, index, member) => {
                // `allOf: [$ref]` is how OpenAPI 3.0 attaches a description or `nullable` to a
                // reference; `oneOf: [X, {}]` and `oneOf: [X, null]` add nothing but null.
                let member_at = at.join(keyword).join(index);
                let inner = self.lower_schema(member.into(), &member_at, hint)?;
                let adds_null = s.one_of.iter().chain(s.any_of).any(is_null_schema);
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
                self.lower_named(&name, schema, at);
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

fn integer_type(format: Option<&str>) -> TypeRef {
    let (bits, signed) = match format {
        Some("int8") => (8, true),
        Some("int16") => (16, true),
        Some("int32") => (32, true),
        Some("uint8") => (8, false),
        Some("uint16") => (16, false),
        Some("uint32") => (32, false),
        Some("uint64" | "uint") => (64, false),
        _ => (64, true),
    };
    TypeRef::Integer { bits, signed }
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

pub(super) fn string_enum(values: &[Value]) -> StringEnum {
    let mut names = Namer::new();
    let mut variants: Vec<Variant> = Vec::new();
    for value in values.iter().filter_map(Value::as_str) {
        if variants.iter().any(|v| v.wire_name == value) {
            continue;
        }
        variants.push(Variant {
            name: names.claim(type_name(value, "Empty")),
            wire_name: value.to_owned(),
        });
    }
    let catch_all = names.claim("Unknown".to_owned());
    StringEnum {
        variants,
        catch_all,
    }
}

fn int_enum(values: &[Value]) -> IntEnum {
    let mut names = Namer::new();
    let mut variants: Vec<IntVariant> = Vec::new();
    for value in values.iter().filter_map(Value::as_i64) {
        if variants.iter().any(|v| v.value == value) {
            continue;
        }
        let name = if value < 0 {
            format!("Minus{}", value.unsigned_abs())
        } else {
            format!("V{value}")
        };
        variants.push(IntVariant {
            name: names.claim(name),
            value,
        });
    }
    let catch_all = names.claim("Unknown".to_owned());
    IntEnum {
        variants,
        catch_all,
    }
}
