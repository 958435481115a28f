//! Lowering (step 5 of the pipeline): `openapiv3::OpenAPI` → [`ir::Api`](crate::ir::Api).
//!
//! Resolves every `$ref`, names every type (inline ones after where they stand, `{Parent}{Field}`),
//! decides optionality, and collects every problem it meets instead of stopping at the first.
//! Nothing after this module sees an `openapiv3` type. What needs the whole API at once (boxing,
//! envelopes, expandable targets, the order of the types) is left to the IR passes
//! (`crate::passes`).

use crate::error::{ErrorKind, Errors, Pointer, SpecError};
use crate::ir::{Api, Operation, TypeDef, TypeRef};
use crate::naming::{Namer, type_name};
use crate::warning::{Warning, Warnings};
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use std::collections::{BTreeMap, BTreeSet};

mod bodies;
mod objects;
mod operations;
mod parameters;
mod references;
mod responses;
mod scalars;
mod schema;
mod shape;
mod unions;
mod webhooks;

/// Names the crate root and the runtime use; types get another name when theirs would clash
/// within `types` (they never share a scope with these, but a user importing both would).
const RESERVED_TYPES: &[&str] = &["Expandable", "Identified"];

/// Lowers a parsed spec to the intermediate representation, or returns every problem found.
/// `webhooks_key` is where the source document has its webhooks (`webhooks` in 3.1, which the
/// downgrade moved to `x-webhooks`; `x-webhooks` in 3.0), for the pointers of its errors.
/// Where a type had to be looser than the spec, a warning goes to `warnings`.
pub(crate) fn lower(
    spec: &OpenAPI,
    webhooks_key: &str,
    warnings: &mut Warnings,
) -> Result<Api, Errors> {
    let mut errors = Errors::default();
    let webhooks = webhooks::read(spec, webhooks_key, &mut errors);
    let mut lowerer = Lowerer::new(spec);
    lowerer.errors = errors;
    lowerer.lower_components();
    let operations = lowerer.lower_operations();
    let webhooks = lowerer.lower_webhooks(&webhooks);
    warnings.extend(std::mem::take(&mut lowerer.warnings));
    lowerer.finish(operations, webhooks)
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
    errors: Errors,
    warnings: Warnings,
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
    types: Vec<TypeDef>,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a OpenAPI) -> Self {
        let mut type_names = Namer::new();
        for name in RESERVED_TYPES {
            type_names.reserve(name);
        }
        let mut type_modules = Namer::new();
        type_modules.reserve("mod_");
        Lowerer {
            spec,
            errors: Errors::default(),
            warnings: Warnings::default(),
            components: BTreeMap::new(),
            alias_cache: BTreeMap::new(),
            alias_in_progress: BTreeMap::new(),
            named_depth: 0,
            type_names,
            type_modules,
            enum_names: BTreeSet::new(),
            types: Vec::new(),
        }
    }

    fn error(&mut self, kind: ErrorKind, at: &Pointer, message: impl Into<String>) {
        self.errors.push(SpecError::new(kind, at, message));
    }

    /// Records that the type made at `at` is looser than the spec: `loosened` says what it does
    /// not express, `chosen` what was generated.
    fn warn(&mut self, at: &Pointer, loosened: impl Into<String>, chosen: impl Into<String>) {
        self.warnings.push(Warning::new(at, loosened, chosen));
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
    fn finish(
        mut self,
        operations: Vec<Operation>,
        webhooks: crate::ir::Webhooks,
    ) -> Result<Api, Errors> {
        let key_prefixes = key_prefixes(self.spec, &mut self.errors);
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        let info = &self.spec.info;
        Ok(Api {
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
        })
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
fn key_prefixes(spec: &OpenAPI, errors: &mut Errors) -> Option<crate::ir::KeyPrefixes> {
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
                errors.push(SpecError::new(
                    ErrorKind::Invalid,
                    pointer.as_str(),
                    "must be `{test: <prefix>, live: <prefix>}` with two different non-empty strings",
                ));
                None
            }
        }
    })
}
