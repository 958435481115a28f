//! Lowering (step 5 of the pipeline): `openapiv3::OpenAPI` → [`ir::Api`](crate::ir::Api).
//!
//! Resolves every `$ref`, names every type (inline ones after where they stand, `{Parent}{Field}`),
//! decides optionality, and collects every problem it meets instead of stopping at the first.
//! Nothing after this module sees an `openapiv3` type. What needs the whole API at once (boxing,
//! envelopes, expandable targets, the order of the types) is left to the IR passes
//! (`crate::passes`).

use crate::diagnostics::Ctxt;
use crate::diagnostics::error::ErrorKind;
use crate::diagnostics::pointer::Pointer;
use crate::document::Spec;
use crate::ir::{Api, Operation, OperationPart, TypeDef, TypeRef, TypeSource};
use crate::lower::naming::{Namer, type_name};
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use std::collections::{BTreeMap, BTreeSet};

mod bodies;
pub(crate) mod naming;
mod objects;
mod operations;
mod parameters;
mod references;
mod responses;
mod scalars;
mod schema;
mod shape;
#[cfg(test)]
pub(crate) mod testing;
mod unions;
mod webhooks;

/// Names the crate root and the runtime use; types get another name when theirs would clash
/// within `types` (they never share a scope with these, but a user importing both would).
const RESERVED_TYPES: &[&str] = &["Expandable", "Identified"];

/// Lowers a read spec to the intermediate representation; `None` when it found a problem, which
/// it told `cx` (with every other it found), as it does each place where a type had to be looser
/// than the spec.
pub(crate) fn lower(spec: &Spec, cx: &mut Ctxt) -> Option<Api> {
    let mut lowerer = Lowerer::new(&spec.openapi, std::mem::take(cx));
    let webhooks = webhooks::read(&spec.openapi, spec.webhooks_key, &mut lowerer.cx);
    lowerer.lower_components();
    let operations = lowerer.lower_operations();
    let webhooks = lowerer.lower_webhooks(&webhooks);
    let (api, back) = lowerer.finish(operations, webhooks);
    *cx = back;
    api
}

/// A schema or a reference to one, whichever container it sits in.
#[derive(Clone, Copy)]
enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

/// What a schema lowers to where it is used.
#[derive(Clone, Debug)]
struct Lowered {
    ty: TypeRef,
    nullable: bool,
    docs: Option<String>,
    /// The schema's `default`, as JSON text, for the docs.
    default: Option<String>,
}

impl Lowered {
    /// Any JSON value, with nothing more said of it.
    fn any() -> Self {
        Lowered {
            ty: TypeRef::Any,
            nullable: false,
            docs: None,
            default: None,
        }
    }
}

/// How a component schema appears in Rust.
#[derive(Clone, Debug)]
enum Component {
    /// It becomes a named type of its own.
    Named(String),
    /// It is written out where it is used (a primitive, array, map or ID-or-object union).
    Alias,
}

struct Lowerer<'a> {
    spec: &'a OpenAPI,
    /// What the run says about the spec (given back by [`Lowerer::finish`]).
    cx: Ctxt,
    components: BTreeMap<&'a str, Component>,
    alias_cache: BTreeMap<String, Option<Lowered>>,
    /// The alias components being lowered, each with the [`Lowerer::named_depth`] at which it
    /// started: meeting one again deeper inside a named type is recursion through that type.
    alias_in_progress: BTreeMap<String, usize>,
    /// How many named types (structs, enums, unions made for inline schemas) are being lowered
    /// inside one another right now.
    named_depth: usize,
    type_names: Namer,
    type_modules: Namer,
    /// Names of the string enums, known before they are lowered (unions and parameters ask).
    enum_names: BTreeSet<String>,
    /// A property the next struct lowered leaves out: the tag of a tagged union, while one of
    /// its members written in place is lowered (the union writes and reads the tag).
    omit_property: Option<String>,
    types: Vec<TypeDef>,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a OpenAPI, cx: Ctxt) -> Self {
        let mut type_names = Namer::new();
        for name in RESERVED_TYPES {
            type_names.reserve(name);
        }
        let mut type_modules = Namer::new();
        type_modules.reserve("mod_");
        Lowerer {
            spec,
            cx,
            components: BTreeMap::new(),
            alias_cache: BTreeMap::new(),
            alias_in_progress: BTreeMap::new(),
            named_depth: 0,
            type_names,
            type_modules,
            enum_names: BTreeSet::new(),
            omit_property: None,
            types: Vec::new(),
        }
    }

    fn error(&mut self, kind: ErrorKind, at: &Pointer, message: impl Into<String>) {
        self.cx.error(kind, at, message);
    }

    /// Records that the type made at `at` is looser than the spec: `loosened` says what it does
    /// not express, `chosen` what was generated.
    fn warn(&mut self, at: &Pointer, loosened: impl Into<String>, chosen: impl Into<String>) {
        self.cx.warn(at, loosened, chosen);
    }

    fn component_schemas(&self) -> Vec<(&'a str, &'a ReferenceOr<Schema>)> {
        let mut schemas: Vec<_> = match &self.spec.components {
            Some(components) => components
                .schemas
                .iter()
                .map(|(k, v)| (k.as_str(), v))
                .collect(),
            None => Vec::new(),
        };
        // Sorted, so that which of two colliding names gets the suffix does not depend on the
        // order the spec happens to list them in.
        schemas.sort_by(|a, b| a.0.cmp(b.0));
        schemas
    }

    /// Names every component that becomes a type, then lowers each one.
    fn lower_components(&mut self) {
        let schemas = self.component_schemas();
        for (key, schema) in &schemas {
            let component = match schema {
                ReferenceOr::Item(schema) if self.classify(&shape::shape(schema)).is_named() => {
                    let name = self.type_names.claim(type_name(key, "Schema"));
                    if matches!(
                        self.classify(&shape::shape(schema)),
                        shape::Class::StringEnum | shape::Class::IntEnum
                    ) {
                        self.enum_names.insert(name.clone());
                    }
                    Component::Named(name)
                }
                _ => Component::Alias,
            };
            self.components.insert(key, component);
        }
        for (key, schema) in schemas {
            let at = Pointer::root().join("components").join("schemas").join(key);
            match (self.components.get(key).cloned(), schema) {
                (Some(Component::Named(name)), ReferenceOr::Item(schema)) => {
                    self.lower_named(&name, schema, &at);
                }
                _ => {
                    // Aliases are written out where they are used; lowering each one here as
                    // well reports its problems even when nothing uses it.
                    self.resolve_component(key, &at);
                }
            }
        }
    }

    /// The API: what was lowered, with the spec's info, servers and security. The IR passes
    /// (`crate::passes`) then run over it.
    /// The API, and the diagnostics context given back; no API when a problem was found.
    fn finish(
        mut self,
        operations: Vec<Operation>,
        webhooks: crate::ir::Webhooks,
    ) -> (Option<Api>, Ctxt) {
        let key_prefixes = key_prefixes(self.spec, &mut self.cx);
        if self.cx.error_count() > 0 {
            return (None, self.cx);
        }
        let info = &self.spec.info;
        let api = Api {
            title: info.title.clone(),
            version: info.version.clone(),
            description: info.description.clone(),
            default_base_url: self.spec.servers.first().and_then(server_url),
            auth_required: self.spec.security.as_ref().is_some_and(|requirements| {
                !requirements.is_empty() && requirements.iter().all(|r| !r.is_empty())
            }),
            types: self.types,
            operations,
            key_prefixes,
            webhooks,
            features: Vec::new(),
        };
        (Some(api), self.cx)
    }
}

fn server_url(server: &openapiv3::Server) -> Option<String> {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    (url.starts_with("http://") || url.starts_with("https://"))
        .then(|| url.trim_end_matches('/').to_owned())
}

/// Undoes JSON-pointer escaping in one `$ref` token.
/// Where the type made for the schema at `at` comes from, read off its pointer once, here.
fn type_source(at: &Pointer) -> TypeSource {
    let pointer = at.as_str();
    let parts: Vec<String> = pointer
        .trim_start_matches("#/")
        .split('/')
        .map(unescape)
        .collect();
    match parts.as_slice() {
        [components, section, name, rest @ ..] if components == "components" => {
            TypeSource::Component {
                section: section.clone(),
                name: name.clone(),
                properties: rest
                    .chunks(2)
                    .filter_map(|pair| match pair {
                        [key, value] if key == "properties" => Some(value.clone()),
                        _ => None,
                    })
                    .collect(),
            }
        }
        [paths, path, method, rest @ ..] if paths == "paths" => TypeSource::Operation {
            method: method.to_uppercase(),
            path: path.clone(),
            part: match rest.first().map(String::as_str) {
                Some("parameters") => Some(OperationPart::Parameters),
                Some("requestBody") => Some(OperationPart::RequestBody),
                Some("responses") => Some(OperationPart::Responses),
                _ => None,
            },
        },
        _ => TypeSource::Other(pointer.to_owned()),
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn docs(schema: &Schema) -> Option<String> {
    join_docs(
        schema.schema_data.title.as_deref(),
        schema.schema_data.description.as_deref(),
    )
}

fn join_docs(summary: Option<&str>, description: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = [summary, description]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    match parts.as_slice() {
        [] => None,
        [one] => Some((*one).to_owned()),
        [a, b] if a == b => Some((*a).to_owned()),
        _ => Some(parts.join("\n\n")),
    }
}

/// The test and live key prefixes from the first security scheme that has the vendor extension
/// `x-api-key-prefixes: {test: .., live: ..}` (both non-empty strings).
fn key_prefixes(spec: &OpenAPI, cx: &mut Ctxt) -> Option<crate::ir::KeyPrefixes> {
    let schemes = &spec.components.as_ref()?.security_schemes;
    schemes.iter().find_map(|(name, scheme)| {
        let ReferenceOr::Item(scheme) = scheme else {
            return None;
        };
        let extensions = match scheme {
            openapiv3::SecurityScheme::APIKey { extensions, .. }
            | openapiv3::SecurityScheme::HTTP { extensions, .. }
            | openapiv3::SecurityScheme::OAuth2 { extensions, .. }
            | openapiv3::SecurityScheme::OpenIDConnect { extensions, .. } => extensions,
        };
        let value = extensions.get("x-api-key-prefixes")?;
        let prefix = |mode: &str| {
            value
                .get(mode)
                .and_then(|v| v.as_str())
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
        };
        match (prefix("test"), prefix("live")) {
            (Some(test), Some(live)) if test != live => Some(crate::ir::KeyPrefixes { test, live }),
            _ => {
                let pointer = Pointer::root()
                    .join("components")
                    .join("securitySchemes")
                    .join(name)
                    .join("x-api-key-prefixes");
                cx.error(
                    ErrorKind::Invalid,
                    &pointer,
                    "must be `{test: <prefix>, live: <prefix>}` with two different non-empty strings",
                );
                None
            }
        }
    })
}
