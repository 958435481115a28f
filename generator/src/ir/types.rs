//! The types of an API in the IR: named types ([`TypeDef`]) and the references to them and to
//! Rust's own ([`TypeRef`]).

use super::StatusVariant;

/// A named Rust type: a struct or an enum.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// The Rust name (`CheckoutSession`).
    pub name: String,
    /// The file stem it is emitted to (`checkout_session`), unique in the crate.
    pub module: String,
    /// Documentation from the spec's title and description.
    pub docs: Option<String>,
    /// What the type is for, beyond the spec's words: emit writes the docs of the types the
    /// generator made up (a params struct, the enum of an operation's statuses, the webhook event).
    pub role: TypeRole,
    /// Where the type comes from in the spec.
    pub source: TypeSource,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// What it is.
    pub kind: TypeKind,
    /// Which cargo features it needs (set by the features pass).
    pub gate: super::Gate,
}

/// What a [`TypeDef`] is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeRole {
    /// A schema of the spec (a component, or inline), documented by the spec.
    Schema,
    /// The query, header and cookie parameters of the method `method`.
    Params {
        /// The method's Rust name (`list_customers`).
        method: String,
    },
    /// What an operation whose success statuses have different bodies returns.
    Responses,
    /// The events the API delivers to webhook endpoints.
    WebhookEvent,
}

/// Where a [`TypeDef`] comes from in the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeSource {
    /// A component (`#/components/schemas/Customer`), or an inline schema inside one: the
    /// section (`schemas`), the component's name, and the properties on the way to the inline
    /// schema (`Customer.shipping`: `["shipping"]`).
    Component {
        /// `schemas`, `responses`, `parameters`, ...
        section: String,
        /// The component's key.
        name: String,
        /// The property names on the way to the schema, outermost first.
        properties: Vec<String>,
    },
    /// An inline schema of an operation.
    Operation {
        /// The method, upper case (`GET`).
        method: String,
        /// The path as the spec writes it.
        path: String,
        /// The part of the operation, when it is one of these.
        part: Option<OperationPart>,
    },
    /// Anywhere else (a webhook, say): the JSON pointer.
    Other(String),
}

/// The part of an operation an inline type stands in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperationPart {
    /// Its parameters (the params struct, an inline parameter schema).
    Parameters,
    /// Its request body.
    RequestBody,
    /// Its responses.
    Responses,
}

/// The shape of a [`TypeDef`].
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// An object with named fields.
    Struct(Struct),
    /// A string with a known set of values, plus a catch-all variant for the others.
    StringEnum(StringEnum),
    /// An integer with a known set of values, plus a catch-all variant for the others.
    IntEnum(IntEnum),
    /// One of several types (`oneOf`/`anyOf`).
    Union(Union),
    /// What an operation with several success statuses returns: a variant per status.
    Responses(Vec<StatusVariant>),
}

/// An integer enum.
#[derive(Clone, Debug, PartialEq)]
pub struct IntEnum {
    /// The known values, in spec order.
    pub variants: Vec<IntVariant>,
    /// The name of the variant that keeps any other value.
    pub catch_all: String,
}

/// One known value of an integer enum.
#[derive(Clone, Debug, PartialEq)]
pub struct IntVariant {
    /// The Rust name (`V1`, `Minus1`).
    pub name: String,
    /// The value.
    pub value: i64,
}

/// A `oneOf`/`anyOf`: an enum with one variant per member.
#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    /// The variants: in the order serde should try them when untagged.
    pub variants: Vec<UnionVariant>,
    /// How to tell the variants apart, when the spec says.
    pub tag: Option<UnionTag>,
    /// The variant that keeps a value no other variant matches, as JSON.
    pub catch_all: String,
}

/// One member of a union.
#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    /// The Rust name.
    pub name: String,
    /// The member's type.
    pub ty: TypeRef,
    /// The tag value that selects this variant, for tagged unions.
    pub tag_value: Option<String>,
    /// What the variant holds, when the spec says (the docs pass says it otherwise).
    pub docs: Option<String>,
    /// Whether the value is boxed: because the types recurse through it, or because it is a
    /// webhook event's (an enum is as large as its largest variant, and events hold whole
    /// objects).
    pub boxed: bool,
    /// The features the variant needs beyond the union's own: its type's, where they are not
    /// on wherever the union is (a webhook event's payload; set by the features pass).
    pub gate: super::Gate,
}

/// The property whose value says which variant of a union an object is.
#[derive(Clone, Debug, PartialEq)]
pub struct UnionTag {
    /// The property's wire name (`type`).
    pub property: String,
}

/// An object schema.
#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    /// Fields, in spec order.
    pub fields: Vec<Field>,
    /// The type of further properties (`additionalProperties` next to `properties`), if any.
    pub additional: Option<TypeRef>,
    /// The field that holds the object's own ID, when it has one (`customer_id` on `Customer`).
    pub id_field: Option<String>,
    /// Whether every field is an `Option` ([`Presence::is_option`]), so that the struct can
    /// implement `Default`.
    pub all_optional: bool,
    /// Whether a field or union variant somewhere holds it as the object side of an
    /// `Expandable<T>`, so that it implements `Identified` even without an ID field (set by the
    /// expandable pass).
    pub expandable_target: bool,
    /// Which way the struct travels (set by the usage pass).
    pub usage: Usage,
    /// The field that holds the properties the fields do not name, when the struct has one
    /// (set by the usage pass, since it depends on which way the struct travels).
    pub rest: Option<RestField>,
}

/// The map of a struct's other properties: `additional_properties`, typed as the spec's
/// `additionalProperties` say, or, in what responses carry, `extra`, the JSON of the fields this
/// version of the client does not know, so that nothing the API sends is lost.
#[derive(Clone, Debug, PartialEq)]
pub struct RestField {
    /// The Rust name of the field (`extra`, or `extra_` when a property took that name).
    pub name: String,
    /// The type of one value.
    pub ty: TypeRef,
    /// Whether the spec names these properties' type (`additionalProperties`), rather than
    /// the client keeping what it does not know.
    pub declared: bool,
}

/// Which way a struct travels: whether callers build it (and so get its setters), and whether
/// it keeps the fields the spec does not name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Usage {
    /// Only in responses: callers read it, and build one only in tests (`new(..)`, then fields
    /// assigned).
    Response,
    /// In requests (and maybe responses too): callers build it, with `new(..)` and a setter per
    /// optional field.
    Request,
    /// The query and header parameters of an operation.
    Params,
    /// Neither, as far as the operations tell (a schema no operation uses).
    Unused,
}

/// One property of an object schema.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The Rust name (`type_`).
    pub name: String,
    /// The property name on the wire (`type`).
    pub wire_name: String,
    /// Documentation from the spec (its title and description; emit adds the notes on
    /// `read_only`, `write_only` and `default`).
    pub docs: Option<String>,
    /// The type of a present, non-null value.
    pub ty: TypeRef,
    /// Whether it must be there: its Rust type (`T` or `Option<T>`) and what `None` is written as.
    pub presence: Presence,
    /// Whether the value is boxed because the types recurse through it.
    pub boxed: bool,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// The spec's `default`, as JSON text (the server applies it; the docs note it).
    pub default: Option<String>,
    /// Whether the spec marks it `readOnly`: sent by the API, ignored in requests.
    pub read_only: bool,
    /// Whether the spec marks it `writeOnly`: sent in requests, never returned.
    pub write_only: bool,
    /// Whether the value is a secret (`format: password`): never shown by `Debug`.
    pub secret: bool,
}

/// Whether a field must be there, and so its Rust type and how it is serialized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// `T`: the spec requires it, and it is not nullable.
    Required,
    /// `Option<T>`, `None` written as `null`: the spec requires it, but it may be `null`
    /// (nullable) or missing on one side of the wire (`readOnly`, `writeOnly`).
    RequiredNullable,
    /// `Option<T>`, `None` left out: the spec does not require it.
    Optional,
}

impl Presence {
    /// Whether the Rust type is `Option<T>` (a missing field decodes as `None`).
    pub fn is_option(self) -> bool {
        self != Presence::Required
    }

    /// Whether a `None` is left out when serializing, rather than written as `null`.
    pub fn omits_none(self) -> bool {
        self == Presence::Optional
    }
}

/// A string enum.
#[derive(Clone, Debug, PartialEq)]
pub struct StringEnum {
    /// The known values, in spec order.
    pub variants: Vec<Variant>,
    /// The name of the variant that keeps any other value (`Unknown`, or a free name if a known
    /// value already took it).
    pub catch_all: String,
}

/// One known value of a string enum.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// The Rust name (`CbtSleep`).
    pub name: String,
    /// The value on the wire (`cbtSleep`).
    pub wire_name: String,
    /// What the value means, when the spec says (a `oneOf` of one-value enums, each described).
    pub docs: Option<String>,
}

/// A reference to a type, as a field, parameter or response has it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `i8` to `i64`, `u8` to `u64`.
    Integer {
        /// 8, 16, 32 or 64.
        bits: u8,
        /// Whether negative values are allowed.
        signed: bool,
    },
    /// `f32` or `f64`.
    Number {
        /// 32 or 64.
        bits: u8,
    },
    /// `bool`.
    Boolean,
    /// A `date-time` string: `chrono::DateTime<chrono::Utc>`.
    DateTime,
    /// A `date` string: `chrono::NaiveDate`.
    Date,
    /// A `uuid` string: `uuid::Uuid`.
    Uuid,
    /// An `ip`, `ipv4` or `ipv6` string: `std::net::IpAddr`, `Ipv4Addr` or `Ipv6Addr`.
    IpAddr {
        /// 4, 6, or `None` for either.
        version: Option<u8>,
    },
    /// Any JSON value.
    Any,
    /// A named type of this crate.
    Named(String),
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// A map from string keys to `T`.
    Map(Box<TypeRef>),
    /// An ID string or the object it names.
    Expandable(Box<TypeRef>),
}
