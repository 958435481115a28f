//! Intermediate representation (between the phases): what `lower` makes of a spec and all that
//! `emit` reads. Plain data with Rust names already settled; no `openapiv3` type appears here.

/// The whole API, ready to emit.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The first server's URL, used as the client's default base URL.
    pub default_base_url: Option<String>,
    /// Whether the spec requires authentication of every operation (global `security`).
    pub auth_required: bool,
    /// Every named type, sorted by Rust name.
    pub types: Vec<TypeDef>,
    /// Every operation, grouped by module and sorted within it by path and method.
    pub operations: Vec<Operation>,
    /// The prefixes of test and live API keys (the vendor extension `x-api-key-prefixes` on a
    /// security scheme), when the spec names them.
    pub key_prefixes: Option<KeyPrefixes>,
}

/// A named Rust type: a struct or an enum.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// The Rust name (`CheckoutSession`).
    pub name: String,
    /// The file stem it is emitted to (`checkout_session`), unique in the crate.
    pub module: String,
    /// Documentation from the spec's title and description.
    pub docs: Option<String>,
    /// Where the type comes from in the spec, as a JSON pointer.
    pub source: String,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// What it is.
    pub kind: TypeKind,
}

/// The shape of a [`TypeDef`].
#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    /// An object with named fields.
    Struct(Struct),
    /// A string with a known set of values, plus a catch-all variant for the others.
    StringEnum(StringEnum),
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
    /// Whether every field is optional, so that the struct can implement `Default`.
    pub all_optional: bool,
}

/// One property of an object schema.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The Rust name (`type_`).
    pub name: String,
    /// The property name on the wire (`type`).
    pub wire_name: String,
    /// Documentation from the spec.
    pub docs: Option<String>,
    /// The type of a present, non-null value.
    pub ty: TypeRef,
    /// Whether the field is `Option<..>`: not required, or nullable.
    pub optional: bool,
    /// Whether the spec lists it in `required` (serialized even when `None`).
    pub required: bool,
    /// Whether the value is boxed because the types recurse through it.
    pub boxed: bool,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
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
}

/// A reference to a type, as a field, parameter or response has it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `i32` or `i64`.
    Integer {
        /// 32 or 64.
        bits: u8,
    },
    /// `f32` or `f64`.
    Number {
        /// 32 or 64.
        bits: u8,
    },
    /// `bool`.
    Boolean,
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

/// An HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// The method as HTTP writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// One operation: a method on the client.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The method name (`retrieve_checkout_session`).
    pub name: String,
    /// The operationId, or the name made from method and path when there is none.
    pub operation_id: String,
    /// The module (one per tag) the method is emitted to.
    pub module: String,
    /// Documentation from summary and description.
    pub docs: Option<String>,
    /// Whether the spec marks it deprecated.
    pub deprecated: bool,
    /// The HTTP method.
    pub method: Method,
    /// The path template as the spec writes it (`/v1/checkout/sessions/{id}`).
    pub path: String,
    /// The path split into literal text and parameters, in order.
    pub path_parts: Vec<PathPart>,
    /// Path parameters, in the order they appear in the path.
    pub path_params: Vec<Param>,
    /// Query parameters, in spec order.
    pub query_params: Vec<Param>,
    /// The name of the struct that holds the query parameters, when there are any.
    pub params_struct: Option<String>,
    /// The JSON request body, when the operation takes one.
    pub body: Option<RequestBody>,
    /// What a successful call returns.
    pub response: SuccessResponse,
}

/// A piece of a path template.
#[derive(Clone, Debug, PartialEq)]
pub enum PathPart {
    /// Text sent as it is.
    Literal(String),
    /// The value of the path parameter with this Rust name, percent-encoded as one segment.
    Param(String),
}

/// A path or query parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The Rust name.
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// Documentation from the spec.
    pub docs: Option<String>,
    /// The type of a present value.
    pub ty: TypeRef,
    /// Whether the caller must give it.
    pub required: bool,
    /// For arrays in a query: `true` repeats the key per value, `false` joins values with commas.
    pub explode: bool,
}

/// A JSON request body.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestBody {
    /// Its type.
    pub ty: TypeRef,
    /// The media type sent as `Content-Type` (`application/json`, `application/merge-patch+json`).
    pub content_type: String,
    /// Whether the caller must send one (`body: &T`) or may leave it out (`Option<&T>`).
    pub required: bool,
}

/// What a successful response decodes to.
#[derive(Clone, Debug, PartialEq)]
pub enum SuccessResponse {
    /// No body (or one the client ignores).
    Empty,
    /// A JSON body of this type.
    Json(TypeRef),
    /// A JSON envelope with one field: the call decodes `envelope` and returns its `field`.
    Envelope {
        /// The envelope type.
        envelope: TypeRef,
        /// The Rust name of the field inside it.
        field: String,
        /// The type of that field.
        inner: TypeRef,
    },
}

/// How test keys and live keys begin (`x-api-key-prefixes: {test: fsk_test_, live: fsk_}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPrefixes {
    /// The prefix of test-mode keys.
    pub test: String,
    /// The prefix of live-mode keys.
    pub live: String,
}
