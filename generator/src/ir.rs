//! Intermediate representation (between the phases): what `lower` makes of a spec, what the IR
//! passes refine, and all that `emit` reads. Plain data with Rust names already settled; no
//! `openapiv3` type appears here.

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
    /// Every named type, sorted by Rust name (by the ordering pass).
    pub types: Vec<TypeDef>,
    /// Every operation, grouped by module and sorted within it by path and method.
    pub operations: Vec<Operation>,
    /// The prefixes of test and live API keys (the vendor extension `x-api-key-prefixes` on a
    /// security scheme), when the spec names them.
    pub key_prefixes: Option<KeyPrefixes>,
    /// The events the API delivers to webhook endpoints, and how it signs them.
    pub webhooks: Webhooks,
}

/// What a spec says about its webhooks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Webhooks {
    /// How deliveries are signed (`x-webhook-signature`), when the spec says: the crate then has
    /// a `webhooks` module that verifies them.
    pub signature: Option<WebhookSignature>,
    /// The enum of the events (`WebhookEvent`), a tagged [`Union`] among the types, when the spec
    /// lists any.
    pub event: Option<TypeRef>,
}

/// A signing scheme of webhook deliveries that the runtime verifies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookSignature {
    /// Svix's: `svix-id`, `svix-timestamp` and `svix-signature` headers, HMAC-SHA256.
    Svix,
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
    /// Whether the value is boxed: because the types recurse through it, or because it is a
    /// webhook event's (an enum is as large as its largest variant, and events hold whole
    /// objects).
    pub boxed: bool,
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
}

/// Which way a struct travels, which decides how it may change without breaking users.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Usage {
    /// Only in responses: callers read it, never build it, so it is `#[non_exhaustive]` and a
    /// new field is not a breaking change.
    Response,
    /// In requests (and maybe responses too): callers build it, so it stays constructible.
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
    /// Query, header and cookie parameters, in spec order.
    pub query_params: Vec<Param>,
    /// The name of the struct that holds the query and header parameters, when there are any.
    pub params_struct: Option<String>,
    /// The request body, when the operation takes one.
    pub body: Option<Body>,
    /// What a successful call returns.
    pub response: SuccessResponse,
    /// The JSON body type of each error status the spec describes (`400`, `4XX`, `default`),
    /// in spec order.
    pub error_bodies: Vec<(StatusMatch, TypeRef)>,
}

/// A piece of a path template.
#[derive(Clone, Debug, PartialEq)]
pub enum PathPart {
    /// Text sent as it is.
    Literal(String),
    /// The value of the path parameter with this Rust name, percent-encoded as one segment.
    Param(String),
}

/// Where a parameter goes, and in which of OpenAPI's styles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    /// A path segment (`simple` style).
    Path,
    /// The query, `form` style: `key=value`, arrays repeated or comma-joined, objects as their
    /// properties.
    Query,
    /// The query, `deepObject` style: `key[property]=value`.
    QueryDeepObject,
    /// The query, `spaceDelimited` style (not exploded): array items joined by spaces.
    QuerySpaceDelimited,
    /// The query, `pipeDelimited` style (not exploded): array items joined by `|`.
    QueryPipeDelimited,
    /// A request header (`simple` style).
    Header,
    /// A cookie (`form` style), sent with the others in one `Cookie` header.
    Cookie,
}

/// A path, query or header parameter.
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
    /// For arrays in a query: `true` repeats the key per value, `false` joins values with commas;
    /// for objects in a path or header: `true` writes `k=v,k2=v2`, `false` `k,v,k2,v2`.
    pub explode: bool,
    /// Whether the spec gives the parameter as `content: application/json` rather than a
    /// `schema`: its value is sent as JSON text.
    pub json: bool,
    /// Where it goes.
    pub location: ParamLocation,
    /// The spec's `default`, as JSON text.
    pub default: Option<String>,
}

/// A request body.
#[derive(Clone, Debug, PartialEq)]
pub struct Body {
    /// What is sent, and how.
    pub kind: BodyKind,
    /// Whether the caller must send one (`body: &T`) or may leave it out (`Option<..>`).
    pub required: bool,
}

/// How a request body is encoded.
#[derive(Clone, Debug, PartialEq)]
pub enum BodyKind {
    /// JSON of a typed value.
    Json {
        /// The type the caller passes.
        ty: TypeRef,
        /// The media type sent as `Content-Type` (`application/json`, `application/merge-patch+json`).
        content_type: String,
        /// For a request envelope (`{"checkout_session": {...}}`), the wire name of the one
        /// property the value is wrapped in; the caller passes what goes inside.
        envelope: Option<String>,
    },
    /// `application/x-www-form-urlencoded` of a typed value.
    Form {
        /// Its type.
        ty: TypeRef,
    },
    /// `multipart/form-data`, built by the caller with the runtime's `Multipart`.
    Multipart {
        /// The part names the spec lists, for the docs.
        parts: Vec<String>,
    },
    /// Text, sent as it is.
    Text {
        /// The media type sent as `Content-Type`.
        content_type: String,
    },
    /// Bytes, sent as they are.
    Bytes {
        /// The media type sent as `Content-Type`.
        content_type: String,
    },
}

/// The body of one response.
#[derive(Clone, Debug, PartialEq)]
pub enum ResponseBody {
    /// No body (or one the client ignores).
    Empty,
    /// JSON of this type.
    Json(TypeRef),
    /// Text.
    Text,
    /// Bytes.
    Bytes,
}

/// The statuses one response of the spec stands for: a key of an operation's `responses`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusMatch {
    /// One status code (`201`).
    Code(u16),
    /// The hundred codes that begin with this digit (`2` for `2XX`: 200 to 299).
    Range(u8),
    /// Every status no other response of the operation names (`default`).
    Default,
}

impl StatusMatch {
    /// The lowest and highest code matched; `None` for [`StatusMatch::Default`].
    pub fn codes(self) -> Option<(u16, u16)> {
        match self {
            StatusMatch::Code(code) => Some((code, code)),
            StatusMatch::Range(digit) => {
                let lowest = u16::from(digit) * 100;
                Some((lowest, lowest + 99))
            }
            StatusMatch::Default => None,
        }
    }
}

/// As the spec writes it: `201`, `2XX`, `default`.
impl std::fmt::Display for StatusMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusMatch::Code(code) => write!(f, "{code}"),
            StatusMatch::Range(digit) => write!(f, "{digit}XX"),
            StatusMatch::Default => f.write_str("default"),
        }
    }
}

/// One success status of an operation whose successes differ.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusVariant {
    /// The statuses it stands for.
    pub status: StatusMatch,
    /// The variant's Rust name (`Status201`).
    pub name: String,
    /// Its body.
    pub body: ResponseBody,
}

/// What a successful call returns.
#[derive(Clone, Debug, PartialEq)]
pub enum SuccessResponse {
    /// Every success status has this body.
    Single(ResponseBody),
    /// A JSON envelope with one field: the call decodes `envelope` and returns its `field`.
    Envelope {
        /// The envelope type.
        envelope: TypeRef,
        /// The Rust name of the field inside it.
        field: String,
        /// The type of that field.
        inner: TypeRef,
        /// When the spec says the body is either the envelope or the bare inner object (a
        /// `oneOf` of the two), the envelope's one property name on the wire: the client then
        /// takes whichever shape arrives.
        or_bare: Option<String>,
    },
    /// A JSON envelope whose one field is an array (`{"customers": [...]}`): the call returns the
    /// items, as a [`Page`](Pagination) when the operation pages through them.
    List {
        /// The envelope type.
        envelope: TypeRef,
        /// The Rust name of the array field inside it.
        field: String,
        /// The type of one item.
        item: TypeRef,
        /// How to ask for the next page, when the operation takes a cursor.
        pagination: Option<Pagination>,
    },
    /// Success statuses with different bodies: the enum `name`, a variant per status.
    ByStatus {
        /// The enum's Rust name.
        name: String,
        /// The statuses, in spec order.
        variants: Vec<StatusVariant>,
    },
}

/// How a list operation pages: a cursor parameter that takes the ID of the last item seen
/// (`starting_after`) and a page size (`limit`).
#[derive(Clone, Debug, PartialEq)]
pub struct Pagination {
    /// The Rust name of the cursor field in the operation's params struct.
    pub cursor: String,
    /// The cursor parameter's name in the query (`starting_after`).
    pub cursor_wire: String,
    /// The Rust name of the page-size field in the params struct.
    pub limit: String,
    /// The page-size parameter's name in the query (`limit`).
    pub limit_wire: String,
    /// The page size the server uses when none is sent (the spec's `default`).
    pub default_limit: Option<u64>,
    /// The name of the method that streams every item across pages (`list_customers_stream`),
    /// unique among the client's methods.
    pub stream_method: String,
}

/// How test keys and live keys begin (`x-api-key-prefixes: {test: fsk_test_, live: fsk_}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPrefixes {
    /// The prefix of test-mode keys.
    pub test: String,
    /// The prefix of live-mode keys.
    pub live: String,
}
