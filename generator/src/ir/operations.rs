//! The operations of an API in the IR: their parameters, bodies and what they return.

use super::TypeRef;

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
    /// The fields of the params struct: the query, header and cookie parameters, in spec order,
    /// each with where it goes.
    pub params: Vec<Param>,
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
    /// Success statuses with different bodies: the enum `ty`, a variant per status (its
    /// [`TypeKind::Responses`](super::TypeKind::Responses) lists them).
    ByStatus {
        /// The enum, a named type.
        ty: TypeRef,
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
