//! The shape of a schema (lowering): openapiv3 reads a schema either as a typed variant
//! (`type: string`, ...) or, when keywords of several kinds meet, as `AnySchema`; [`Shape`] puts
//! both into one form, so that one set of rules ([`Lowerer::classify`]) decides what each
//! becomes ([`Class`]).

use super::Lowerer;
use super::references::SCHEMA_PREFIX;
use super::scalars;
use super::unescape;
use crate::ir::TypeRef;
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

/// The keywords of a schema that decide its Rust type.
pub(super) struct Shape<'a> {
    /// `type`, when it is one this generator knows.
    pub(super) ty: Option<&'static str>,
    /// `format`, as the spec writes it.
    pub(super) format: Option<String>,
    /// `enum`, as JSON.
    pub(super) enum_values: Vec<Value>,
    /// `properties`.
    pub(super) properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    /// `required`.
    pub(super) required: &'a [String],
    /// `additionalProperties`.
    pub(super) additional: Option<&'a AdditionalProperties>,
    /// `items`.
    pub(super) items: Option<&'a ReferenceOr<Box<Schema>>>,
    /// `allOf`.
    pub(super) all_of: &'a [ReferenceOr<Schema>],
    /// `oneOf`.
    pub(super) one_of: &'a [ReferenceOr<Schema>],
    /// `anyOf`.
    pub(super) any_of: &'a [ReferenceOr<Schema>],
    /// Whether there is a `not`.
    pub(super) not: bool,
}

/// The `format` of a typed schema, as the spec writes it.
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

/// The keywords of `schema` that decide its Rust type, whichever way openapiv3 read it.
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
pub(super) fn is_empty_schema(member: &ReferenceOr<Schema>) -> bool {
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
pub(super) fn is_null_schema(member: &ReferenceOr<Schema>) -> bool {
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
            // Members that say nothing of the type (`{description: ...}`, `{nullable: true}`)
            // only annotate the others.
            let typed: Vec<(usize, &'a ReferenceOr<Schema>)> = s
                .all_of
                .iter()
                .enumerate()
                .filter(|(_, m)| !is_empty_schema(m))
                .collect();
            let alone = !has_properties && union.is_empty();
            match typed.as_slice() {
                [(index, only)] if alone => return Class::Same("allOf", *index, only),
                // Nothing but annotations: the schema's own keywords decide, below.
                [] if alone => {}
                [(index, first), ..] if alone && typed.iter().all(|(_, m)| !self.is_object(m)) => {
                    return Class::Same("allOf", *index, first);
                }
                _ => return Class::Merge,
            }
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
            Some("string") => Class::Primitive(scalars::string_type(s.format.as_deref())),
            Some("integer") => Class::Primitive(scalars::integer_type(s.format.as_deref())),
            Some("number") => Class::Primitive(scalars::number_type(s.format.as_deref())),
            Some("boolean") => Class::Primitive(TypeRef::Boolean),
            _ => Class::Any,
        }
    }

    /// Whether an `allOf` member is an object (or may be one: it says nothing of its type, or
    /// is a union, or a reference this cannot follow), so that it merges into a struct.
    fn is_object(&self, member: &'a ReferenceOr<Schema>) -> bool {
        match self.member_schema(member) {
            Some(schema) => {
                let s = shape(schema);
                super::objects::is_object_like(&s) || !s.one_of.is_empty() || !s.any_of.is_empty()
            }
            None => true,
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
}
