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

/// The `type` of a schema, when it names one type (3.1's lists are split by the downgrade).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SchemaType {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
}

/// The keyword a schema's members stand under (named as the spec names them, hence the
/// shared postfix clippy notes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)]
pub(crate) enum Combinator {
    AllOf,
    OneOf,
    AnyOf,
}

/// As the spec writes it, for pointers (`#/components/schemas/A/oneOf/0`).
impl std::fmt::Display for Combinator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Combinator::AllOf => "allOf",
            Combinator::OneOf => "oneOf",
            Combinator::AnyOf => "anyOf",
        })
    }
}

/// The keywords of a schema that decide its Rust type.
pub(crate) struct Shape<'a> {
    /// `type`, when it names one type.
    pub(crate) ty: Option<SchemaType>,
    /// `format`, as the spec writes it.
    pub(crate) format: Option<String>,
    /// `enum`, as JSON.
    pub(crate) enum_values: Vec<Value>,
    /// `properties`.
    pub(crate) properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    /// `required`.
    pub(crate) required: &'a [String],
    /// `additionalProperties`.
    pub(crate) additional: Option<&'a AdditionalProperties>,
    /// `items`.
    pub(crate) items: Option<&'a ReferenceOr<Box<Schema>>>,
    /// `allOf`.
    pub(crate) all_of: &'a [ReferenceOr<Schema>],
    /// `oneOf`.
    pub(crate) one_of: &'a [ReferenceOr<Schema>],
    /// `anyOf`.
    pub(crate) any_of: &'a [ReferenceOr<Schema>],
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
pub(crate) fn shape(schema: &Schema) -> Shape<'_> {
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
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            shape.ty = Some(SchemaType::String);
            shape.format = format_of(&s.format);
            shape.enum_values = s
                .enumeration
                .iter()
                .map(|v| v.clone().map_or(Value::Null, Value::String))
                .collect();
        }
        SchemaKind::Type(Type::Integer(i)) => {
            shape.ty = Some(SchemaType::Integer);
            shape.format = format_of(&i.format);
            shape.enum_values = i
                .enumeration
                .iter()
                .map(|v| v.map_or(Value::Null, Value::from))
                .collect();
        }
        SchemaKind::Type(Type::Number(n)) => {
            shape.ty = Some(SchemaType::Number);
            shape.format = format_of(&n.format);
        }
        SchemaKind::Type(Type::Boolean(_)) => shape.ty = Some(SchemaType::Boolean),
        SchemaKind::Type(Type::Object(o)) => {
            shape.ty = Some(SchemaType::Object);
            shape.properties = Some(&o.properties);
            shape.required = &o.required;
            shape.additional = o.additional_properties.as_ref();
        }
        SchemaKind::Type(Type::Array(a)) => {
            shape.ty = Some(SchemaType::Array);
            shape.items = a.items.as_ref();
        }
        SchemaKind::OneOf { one_of } => shape.one_of = one_of,
        SchemaKind::AnyOf { any_of } => shape.any_of = any_of,
        SchemaKind::AllOf { all_of } => shape.all_of = all_of,
        // The downgrade drops `not` wherever a schema can be, with a warning, before `openapiv3`
        // reads the document: a schema of nothing but `not` is then `{}`, any value.
        SchemaKind::Not { .. } => {}
        SchemaKind::Any(any) => {
            shape.ty = match any.typ.as_deref() {
                Some("string") => Some(SchemaType::String),
                Some("integer") => Some(SchemaType::Integer),
                Some("number") => Some(SchemaType::Number),
                Some("boolean") => Some(SchemaType::Boolean),
                Some("object") => Some(SchemaType::Object),
                Some("array") => Some(SchemaType::Array),
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
        }
    }
    shape
}

/// A schema that says nothing (`{}`): any value. In `oneOf` it adds no alternative.
pub(crate) fn is_empty_schema(member: &ReferenceOr<Schema>) -> bool {
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
}

/// `enum: [null]`: the member of a union that only adds `null`.
pub(crate) fn is_null_schema(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = member else {
        return false;
    };
    let s = shape(schema);
    !s.enum_values.is_empty() && s.enum_values.iter().all(Value::is_null)
}

/// What a schema becomes.
pub(crate) enum Class<'a> {
    /// The same type as one member (`allOf: [$ref]`, `oneOf: [X, {}]`, `oneOf: [X, null]`).
    Same(Combinator, usize, &'a ReferenceOr<Schema>),
    /// `allOf` of several objects: one struct with all their properties.
    Merge,
    /// An ID string or the referenced object.
    Expandable(&'a str),
    /// `oneOf`/`anyOf` of several alternatives: an enum with a variant per member.
    Union(Vec<(Combinator, usize, &'a ReferenceOr<Schema>)>),
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
    pub(crate) fn is_named(&self) -> bool {
        matches!(
            self,
            Class::Merge | Class::Union(_) | Class::StringEnum | Class::IntEnum | Class::Struct
        )
    }
}

impl<'a> Lowerer<'a> {
    /// Decides what a schema becomes.
    pub(crate) fn classify(&self, s: &Shape<'a>) -> Class<'a> {
        let has_properties = s.properties.is_some_and(|p| !p.is_empty());
        let union = union_members(s);
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
                [(index, only)] if alone => return Class::Same(Combinator::AllOf, *index, only),
                // Nothing but annotations: the schema's own keywords decide, below.
                [] if alone => {}
                [(index, first), ..] if alone && typed.iter().all(|(_, m)| !self.is_object(m)) => {
                    return Class::Same(Combinator::AllOf, *index, first);
                }
                _ => return Class::Merge,
            }
        }
        if !union.is_empty() && !has_properties {
            if let [(keyword, index, member)] = union.as_slice() {
                return Class::Same(*keyword, *index, member);
            }
            if let Some(reference) = self.expandable_target(&union) {
                return Class::Expandable(reference);
            }
            // Every member a string enum written in place (dropshot and schemars write an enum
            // so, one described value per member): one enum of all their values.
            if s.enum_values.is_empty() && union.iter().all(|(_, _, m)| is_inline_string_enum(m)) {
                return Class::StringEnum;
            }
            return Class::Union(union);
        }
        let non_null: Vec<&Value> = s.enum_values.iter().filter(|v| !v.is_null()).collect();
        if !non_null.is_empty() {
            if non_null.iter().all(|v| v.is_string())
                && matches!(s.ty, None | Some(SchemaType::String))
            {
                return Class::StringEnum;
            }
            if non_null.iter().all(|v| v.is_i64())
                && matches!(s.ty, None | Some(SchemaType::Integer))
            {
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
            Some(SchemaType::Object) => Class::Map,
            None if s.additional.is_some() => Class::Map,
            Some(SchemaType::Array) => Class::Array,
            None if s.items.is_some() => Class::Array,
            Some(SchemaType::String) => Class::Primitive(scalars::string_type(s.format.as_deref())),
            Some(SchemaType::Integer) => {
                Class::Primitive(scalars::integer_type(s.format.as_deref()))
            }
            Some(SchemaType::Number) => Class::Primitive(scalars::number_type(s.format.as_deref())),
            Some(SchemaType::Boolean) => Class::Primitive(TypeRef::Boolean),
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
        union: &[(Combinator, usize, &'a ReferenceOr<Schema>)],
    ) -> Option<&'a str> {
        let [(_, _, a), (_, _, b)] = union else {
            return None;
        };
        let is_plain_string = |m: &ReferenceOr<Schema>| match m {
            ReferenceOr::Item(schema) => {
                let s = shape(schema);
                s.ty == Some(SchemaType::String) && s.enum_values.is_empty() && s.format.is_none()
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
        let target_shape = shape(target);
        // A target that is itself a union (and nothing more) is never an object; classifying it
        // would come back here, forever when it names itself (`T: anyOf [$ref T, string]`).
        if target_shape.all_of.is_empty()
            && target_shape.properties.is_none_or(|p| p.is_empty())
            && !union_members(&target_shape).is_empty()
        {
            return None;
        }
        matches!(self.classify(&target_shape), Class::Struct | Class::Merge)
            .then_some(reference.as_str())
    }
}

/// A member written in place that is a string enum and nothing more.
fn is_inline_string_enum(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = member else {
        return false;
    };
    let s = shape(schema);
    let values: Vec<&Value> = s.enum_values.iter().filter(|v| !v.is_null()).collect();
    !values.is_empty()
        && values.iter().all(|v| v.is_string())
        && matches!(s.ty, None | Some(SchemaType::String))
        && s.properties.is_none_or(|p| p.is_empty())
        && s.all_of.is_empty()
        && s.one_of.is_empty()
        && s.any_of.is_empty()
}

/// The values of a string enum and what each means: its own `enum`, or those of the members of
/// a `oneOf`/`anyOf` of string enums (see [`Lowerer::classify`]), each described by its member.
pub(crate) fn string_enum_values(s: &Shape<'_>) -> Vec<(String, Option<String>)> {
    if !s.enum_values.is_empty() {
        return s
            .enum_values
            .iter()
            .filter_map(Value::as_str)
            .map(|v| (v.to_owned(), None))
            .collect();
    }
    union_members(s)
        .into_iter()
        .filter_map(|(_, _, member)| match member {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { .. } => None,
        })
        .flat_map(|schema| {
            let docs = super::docs(schema);
            shape(schema)
                .enum_values
                .iter()
                .filter_map(Value::as_str)
                .map(|v| (v.to_owned(), docs.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The members of a schema's `oneOf` and `anyOf` that say something: neither empty (`{}`) nor
/// only `null`.
fn union_members<'a>(s: &Shape<'a>) -> Vec<(Combinator, usize, &'a ReferenceOr<Schema>)> {
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
    use crate::ir::{TypeKind, TypeRef, Union};
    use crate::lower::testing::{field, lowered, lowered_with_warnings, named, strukt, type_def};

    /// The spec of these component schemas (YAML, indented as `schemas`' entries).
    fn components(schemas: &str) -> String {
        format!("paths: {{}}\ncomponents:\n  schemas:\n{schemas}")
    }

    fn kind_of(schemas: &str, name: &str) -> TypeKind {
        type_def(&lowered(&components(schemas)), name).kind.clone()
    }

    fn union_of(schemas: &str, name: &str) -> Union {
        match kind_of(schemas, name) {
            TypeKind::Union(union) => union,
            other => panic!("not a union: {other:?}"),
        }
    }

    #[test]
    fn string_values_make_a_string_enum_with_a_catch_all() {
        let TypeKind::StringEnum(e) = kind_of(
            "    Status: {type: string, enum: [open, paid_out]}\n",
            "Status",
        ) else {
            panic!("not a string enum");
        };
        let names: Vec<(&str, &str)> = e
            .variants
            .iter()
            .map(|v| (v.name.as_str(), v.wire_name.as_str()))
            .collect();
        assert_eq!(names, [("Open", "open"), ("PaidOut", "paid_out")]);
        assert_eq!(e.catch_all, "Unknown");
    }

    #[test]
    fn integer_values_make_an_int_enum() {
        let TypeKind::IntEnum(e) = kind_of("    Level: {type: integer, enum: [1, -1]}\n", "Level")
        else {
            panic!("not an int enum");
        };
        let values: Vec<(&str, i64)> = e
            .variants
            .iter()
            .map(|v| (v.name.as_str(), v.value))
            .collect();
        assert_eq!(values, [("V1", 1), ("Minus1", -1)]);
    }

    /// dropshot's way to document each value: a `oneOf` of one-value enums is one enum, each
    /// value with its member's description; a `null` member makes the fields that use it
    /// optional, as for any union.
    #[test]
    fn a_union_of_string_enums_is_one_enum_with_each_values_docs() {
        let api = lowered(&components(
            "    State:\n      oneOf:\n        - {type: string, enum: [creating], description: Being made.}\n        \
             - {type: string, enum: [running, stopped]}\n        - {enum: [null]}\n    \
             Thing: {type: object, required: [state], properties: {state: {$ref: '#/components/schemas/State'}}}\n",
        ));
        let TypeKind::StringEnum(e) = &type_def(&api, "State").kind else {
            panic!("not one enum: {:?}", type_def(&api, "State").kind);
        };
        let values: Vec<(&str, Option<&str>)> = e
            .variants
            .iter()
            .map(|v| (v.wire_name.as_str(), v.docs.as_deref()))
            .collect();
        assert_eq!(
            values,
            [
                ("creating", Some("Being made.")),
                ("running", None),
                ("stopped", None)
            ]
        );
        assert_eq!(
            field(strukt(&api, "Thing"), "state").ty,
            TypeRef::Named("State".to_owned())
        );
    }

    /// Found by the random-spec test: a union of a string and a reference to itself once
    /// looked for an expandable object forever (a stack overflow).
    #[test]
    fn a_union_of_a_string_and_itself_lowers_as_a_union() {
        let kind = kind_of(
            "    T: {anyOf: [{$ref: '#/components/schemas/T'}, {type: string}], nullable: true}\n",
            "T",
        );
        assert!(matches!(kind, TypeKind::Union(_)), "{kind:?}");
    }

    #[test]
    fn properties_without_a_type_still_make_a_struct() {
        let api = lowered(&components(
            "    Point: {properties: {x: {type: number}}}\n",
        ));
        assert_eq!(
            field(strukt(&api, "Point"), "x").ty,
            TypeRef::Number { bits: 64 }
        );
    }

    #[test]
    fn one_of_primitives_is_an_untagged_union_most_specific_first() {
        let union = union_of(
            "    Amount: {oneOf: [{type: string}, {type: integer}]}\n",
            "Amount",
        );
        assert_eq!(union.tag, None);
        let variants: Vec<(&str, &TypeRef)> = union
            .variants
            .iter()
            .map(|v| (v.name.as_str(), &v.ty))
            .collect();
        let int = TypeRef::Integer {
            bits: 64,
            signed: true,
        };
        assert_eq!(variants, [("Integer", &int), ("String", &TypeRef::String)]);
    }

    #[test]
    fn any_of_a_string_and_an_object_reference_is_expandable() {
        let api = lowered(&components(
            "    Customer: {type: object, properties: {id: {type: string}}}\n    Order:\n      type: object\n      properties:\n        customer: {anyOf: [{type: string}, {$ref: '#/components/schemas/Customer'}]}\n",
        ));
        assert_eq!(
            field(strukt(&api, "Order"), "customer").ty,
            TypeRef::Expandable(Box::new(named("Customer")))
        );
        assert_eq!(api.types.len(), 2, "no union type is made");
    }

    #[test]
    fn a_string_or_a_reference_to_a_non_object_is_a_union() {
        let union = union_of(
            "    Code: {type: string, enum: [a]}\n    Either: {anyOf: [{type: string}, {$ref: '#/components/schemas/Code'}]}\n",
            "Either",
        );
        assert_eq!(union.variants.len(), 2);
    }

    #[test]
    fn all_of_non_objects_is_the_first_with_a_warning() {
        let (api, warnings) = lowered_with_warnings(&components(
            "    Holder:\n      type: object\n      properties:\n        p: {allOf: [{type: string, format: uuid}, {type: string}]}\n",
        ));
        assert_eq!(field(strukt(&api, "Holder"), "p").ty, TypeRef::Uuid);
        assert_eq!(
            warnings,
            [
                "#/components/schemas/Holder/properties/p: `allOf` of 2 schemas that are not objects cannot be merged"
            ]
        );
    }

    #[test]
    fn only_null_allowed_is_any_value() {
        let api = lowered(&components(
            "    Holder: {type: object, properties: {p: {enum: [null]}}}\n",
        ));
        assert_eq!(field(strukt(&api, "Holder"), "p").ty, TypeRef::Any);
    }

    #[test]
    fn a_string_enum_component_used_as_a_property_is_referenced() {
        let api = lowered(&components(
            "    Status: {type: string, enum: [a]}\n    Holder: {type: object, properties: {s: {$ref: '#/components/schemas/Status'}}}\n",
        ));
        assert_eq!(field(strukt(&api, "Holder"), "s").ty, named("Status"));
    }
}
