//! Intermediate representation (between the phases): what `lower` makes of a spec, what the IR
//! passes refine, and all that `emit` reads. Plain data with Rust names already settled; no
//! `openapiv3` type appears here. The API and its webhooks are here; its types and its operations
//! in a file each (`types.rs`, `operations.rs`), re-exported.

mod operations;
mod types;

pub use operations::*;
pub use types::*;

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
    /// The cargo feature of each group of operations (set by the features pass), in module order.
    pub features: Vec<Feature>,
}

impl Api {
    /// The names of the cargo features of the operations' groups, in order.
    pub fn feature_names(&self) -> Vec<String> {
        self.features.iter().map(|f| f.name.clone()).collect()
    }

    /// What the generated crate needs beyond what every generated crate depends on: the
    /// webhook verifier when the spec signs its webhooks, `chrono` when a value is a date,
    /// `uuid` when one is a UUID.
    pub fn needs(&self) -> crate::manifest::Needs {
        let refs: Vec<&TypeRef> = self
            .types
            .iter()
            .flat_map(|def| def.kind.refs())
            .chain(self.operations.iter().flat_map(Operation::refs))
            .collect();
        let holds = |wanted: fn(&TypeRef) -> bool| refs.iter().any(|ty| ty.holds(wanted));
        crate::manifest::Needs {
            webhooks: self.webhooks.signature.is_some(),
            dates: holds(|ty| matches!(ty, TypeRef::Date | TypeRef::DateTime)),
            uuids: holds(|ty| matches!(ty, TypeRef::Uuid)),
        }
    }
}

/// The cargo feature that turns on one group of operations (a tag, or a path's first segment)
/// and the types only they reach.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feature {
    /// The feature's name (`checkout-sessions`).
    pub name: String,
    /// The operations' module (`checkout_sessions`), as [`Operation::module`] says.
    pub module: String,
}

/// Which cargo features a type needs: the ones whose operations reach it.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gate {
    /// Always there: no operation reaches it, or something always there does (the webhook
    /// event enum, a schema no operation uses).
    #[default]
    Always,
    /// There when any of these features is on (sorted, never empty).
    Any(Vec<String>),
}

impl Gate {
    /// Whether everything this gate turns on is on wherever `outer` is on.
    pub fn holds_within(&self, outer: &Gate) -> bool {
        match (self, outer) {
            (Gate::Always, _) => true,
            (Gate::Any(_), Gate::Always) => false,
            (Gate::Any(mine), Gate::Any(theirs)) => theirs.iter().all(|f| mine.contains(f)),
        }
    }
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

/// How test keys and live keys begin (`x-api-key-prefixes: {test: fsk_test_, live: fsk_}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPrefixes {
    /// The prefix of test-mode keys.
    pub test: String,
    /// The prefix of live-mode keys.
    pub live: String,
}

impl TypeRef {
    /// Whether this reference is, or holds (as an array's item, a map's value, an expandable's
    /// object), a reference `wanted` says yes to.
    pub fn holds(&self, wanted: fn(&TypeRef) -> bool) -> bool {
        wanted(self)
            || match self {
                TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Expandable(inner) => {
                    inner.holds(wanted)
                }
                _ => false,
            }
    }

    /// Calls `f` on every type name this reference names, as [`TypeRef::for_each_name_mut`].
    pub fn for_each_name<'a>(&'a self, f: &mut impl FnMut(&'a str)) {
        match self {
            TypeRef::Named(name) => f(name),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Expandable(inner) => {
                inner.for_each_name(f)
            }
            _ => {}
        }
    }

    /// Calls `f` on every type name this reference names (`Vec<Expandable<Customer>>`:
    /// `Customer`).
    pub fn for_each_name_mut(&mut self, f: &mut impl FnMut(&mut String)) {
        match self {
            TypeRef::Named(name) => f(name),
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Expandable(inner) => {
                inner.for_each_name_mut(f)
            }
            _ => {}
        }
    }
}

impl TypeKind {
    /// Every type reference the type holds, in the order of [`TypeKind::refs_mut`].
    pub fn refs(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) => {
                let mut refs: Vec<&TypeRef> = s.fields.iter().map(|f| &f.ty).collect();
                refs.extend(s.additional.as_ref());
                refs.extend(s.rest.as_ref().map(|rest| &rest.ty));
                refs
            }
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Responses(variants) => variants
                .iter()
                .filter_map(|v| match &v.body {
                    ResponseBody::Json(ty) => Some(ty),
                    _ => None,
                })
                .collect(),
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => Vec::new(),
        }
    }

    /// Every type reference the type holds: its fields', its map's, its variants'.
    pub fn refs_mut(&mut self) -> Vec<&mut TypeRef> {
        match self {
            TypeKind::Struct(s) => {
                let mut refs: Vec<&mut TypeRef> = s.fields.iter_mut().map(|f| &mut f.ty).collect();
                refs.extend(s.additional.as_mut());
                refs.extend(s.rest.as_mut().map(|rest| &mut rest.ty));
                refs
            }
            TypeKind::Union(u) => u.variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Responses(variants) => variants
                .iter_mut()
                .filter_map(|v| match &mut v.body {
                    ResponseBody::Json(ty) => Some(ty),
                    _ => None,
                })
                .collect(),
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) => Vec::new(),
        }
    }
}

impl Operation {
    /// Every type reference the operation holds, in the order of [`Operation::refs_mut`].
    pub fn refs(&self) -> Vec<&TypeRef> {
        let mut refs: Vec<&TypeRef> = self
            .path_params
            .iter()
            .chain(self.params.iter())
            .map(|p| &p.ty)
            .collect();
        if let Some(Body {
            kind: BodyKind::Json { ty, .. } | BodyKind::Form { ty },
            ..
        }) = &self.body
        {
            refs.push(ty);
        }
        match &self.response {
            SuccessResponse::Single(ResponseBody::Json(ty)) | SuccessResponse::ByStatus { ty } => {
                refs.push(ty)
            }
            SuccessResponse::Envelope {
                envelope, inner, ..
            } => refs.extend([envelope, inner]),
            SuccessResponse::List { envelope, item, .. } => refs.extend([envelope, item]),
            SuccessResponse::Single(_) => {}
        }
        refs.extend(self.error_bodies.iter().map(|(_, ty)| ty));
        refs
    }

    /// Every type reference the operation holds (not its params struct, which is named apart).
    pub fn refs_mut(&mut self) -> Vec<&mut TypeRef> {
        let mut refs: Vec<&mut TypeRef> = self
            .path_params
            .iter_mut()
            .chain(self.params.iter_mut())
            .map(|p| &mut p.ty)
            .collect();
        if let Some(Body {
            kind: BodyKind::Json { ty, .. } | BodyKind::Form { ty },
            ..
        }) = &mut self.body
        {
            refs.push(ty);
        }
        match &mut self.response {
            SuccessResponse::Single(ResponseBody::Json(ty)) | SuccessResponse::ByStatus { ty } => {
                refs.push(ty)
            }
            SuccessResponse::Envelope {
                envelope, inner, ..
            } => refs.extend([envelope, inner]),
            SuccessResponse::List { envelope, item, .. } => refs.extend([envelope, item]),
            SuccessResponse::Single(_) => {}
        }
        refs.extend(self.error_bodies.iter_mut().map(|(_, ty)| ty));
        refs
    }
}
