//! Lowering (resolve phase): `openapiv3::OpenAPI` → [`ir::Api`].
//!
//! Resolves every `$ref`, names every type (inline ones after where they stand, `{Parent}{Field}`),
//! decides optionality and boxing, and collects every problem it meets instead of stopping at
//! the first. Nothing after this module sees an `openapiv3` type.

use crate::error::{ErrorKind, Errors, Pointer, SpecError};
use crate::ir::{
    Api, Body, BodyKind, Field, Operation, Pagination, ParamLocation, ResponseBody, Struct,
    SuccessResponse, TypeDef, TypeKind, TypeRef,
};
use crate::naming::{Namer, snake_name, type_name};
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use std::collections::{BTreeMap, BTreeSet};

mod operations;
mod schema;

/// Names the crate root and the runtime use; types get another name when theirs would clash
/// within `types` (they never share a scope with these, but a user importing both would).
const RESERVED_TYPES: &[&str] = &["Expandable", "Identified"];

/// Lowers a parsed spec to the intermediate representation, or returns every problem found.
pub fn lower(spec: &OpenAPI) -> Result<Api, Errors> {
    let mut lowerer = Lowerer::new(spec);
    lowerer.lower_components();
    let operations = lowerer.lower_operations();
    lowerer.finish(operations)
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
    components: BTreeMap<&'a str, Component>,
    alias_cache: BTreeMap<String, Option<Lowered>>,
    alias_in_progress: BTreeSet<String>,
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
            components: BTreeMap::new(),
            alias_cache: BTreeMap::new(),
            alias_in_progress: BTreeSet::new(),
            type_names,
            type_modules,
            enum_names: BTreeSet::new(),
            types: Vec::new(),
        }
    }

    fn error(&mut self, kind: ErrorKind, at: &Pointer, message: impl Into<String>) {
        self.errors.push(SpecError::new(kind, at, message));
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
                ReferenceOr::Item(schema) if self.classify(&schema::shape(schema)).is_named() => {
                    let name = self.type_names.claim(type_name(key, "Schema"));
                    if matches!(
                        self.classify(&schema::shape(schema)),
                        schema::Class::StringEnum | schema::Class::IntEnum
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

    /// Final passes over the whole IR: boxing of recursive fields, envelopes, sorting.
    fn finish(mut self, mut operations: Vec<Operation>) -> Result<Api, Errors> {
        let key_prefixes = key_prefixes(self.spec, &mut self.errors);
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        box_recursive_fields(&mut self.types);
        for operation in &mut operations {
            if let SuccessResponse::Single(ResponseBody::Json(ty)) = &operation.response {
                if let Some((field, inner)) = envelope_field(&self.types, ty) {
                    operation.response = SuccessResponse::Envelope {
                        envelope: ty.clone(),
                        field,
                        inner,
                    };
                } else if let Some((field, item)) = list_field(&self.types, ty) {
                    let pagination = pagination(&self.types, operation, &item);
                    operation.response = SuccessResponse::List {
                        envelope: ty.clone(),
                        field,
                        item,
                        pagination,
                    };
                }
            }
            if let Some(Body {
                kind: BodyKind::Json { ty, envelope, .. },
                ..
            }) = &mut operation.body
            {
                if let Some((wire_name, inner)) = request_envelope(&self.types, ty) {
                    *ty = inner;
                    *envelope = Some(wire_name);
                }
            }
        }
        self.types.sort_by(|a, b| a.name.cmp(&b.name));
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
        })
    }
}

/// A single-field object whose field is named after the type it holds (`{"checkout_session":
/// CheckoutSession}`) is an envelope: the client returns what is inside.
fn envelope_field(types: &[TypeDef], ty: &TypeRef) -> Option<(String, TypeRef)> {
    let field = only_field(struct_def(types, ty)?)?;
    let TypeRef::Named(inner) = &field.ty else {
        return None;
    };
    (snake_name(inner, "") == field.wire_name).then(|| (field.name.clone(), field.ty.clone()))
}

/// The struct a named type is, if it is one.
fn struct_def<'t>(types: &'t [TypeDef], ty: &TypeRef) -> Option<&'t Struct> {
    let TypeRef::Named(name) = ty else {
        return None;
    };
    match &types.iter().find(|t| &t.name == name)?.kind {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    }
}

/// The one field of a struct that has exactly one, required and not nullable, and nothing else
/// (no further properties).
fn only_field(s: &Struct) -> Option<&Field> {
    match s.fields.as_slice() {
        [field] if !field.optional && s.additional.is_none() => Some(field),
        _ => None,
    }
}

/// A single-field object whose field is an array (`{"customers": [Customer]}`) is a list
/// envelope: the client returns the items.
fn list_field(types: &[TypeDef], ty: &TypeRef) -> Option<(String, TypeRef)> {
    let field = only_field(struct_def(types, ty)?)?;
    match &field.ty {
        TypeRef::Array(item) => Some((field.name.clone(), (**item).clone())),
        _ => None,
    }
}

/// A list operation pages when its parameters have a `starting_after` cursor and a `limit`, and
/// its items are objects with an ID of their own (the cursor of the next page is the last
/// item's ID).
fn pagination(types: &[TypeDef], operation: &Operation, item: &TypeRef) -> Option<Pagination> {
    struct_def(types, item)?.id_field.as_ref()?;
    let param = |wire: &str| {
        operation
            .query_params
            .iter()
            .find(|p| p.wire_name == wire && p.location == ParamLocation::Query && !p.required)
    };
    let cursor = param("starting_after").filter(|p| p.ty == TypeRef::String)?;
    let limit = param("limit").filter(|p| matches!(p.ty, TypeRef::Integer { .. }))?;
    Some(Pagination {
        cursor: cursor.name.clone(),
        limit: limit.name.clone(),
        default_limit: limit.default.as_deref().and_then(|d| d.parse().ok()),
    })
}

/// A JSON request body that is an object with one required property holding an object
/// (`{"checkout_session": CreateCheckoutSession}`) is a request envelope: the caller passes the
/// inner object and the client wraps it. Returns the property's wire name and the inner type.
fn request_envelope(types: &[TypeDef], ty: &TypeRef) -> Option<(String, TypeRef)> {
    let field = only_field(struct_def(types, ty)?)?;
    struct_def(types, &field.ty)?;
    Some((field.wire_name.clone(), field.ty.clone()))
}

/// Boxes every field (and union variant) whose type leads back to the type that holds it without
/// passing through a `Vec`, map or `Expandable` (which already allocate), so that recursive types
/// have a size.
fn box_recursive_fields(types: &mut [TypeDef]) {
    // A field's target leads back to its owner exactly when both are in one strongly connected
    // component of the graph of direct (unboxed) type references; Tarjan's algorithm finds the
    // components in linear time, so a spec of thousands of schemas stays fast.
    let index: BTreeMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let direct = |ty: &TypeRef| match ty {
        TypeRef::Named(n) => index.get(n.as_str()).copied(),
        _ => None,
    };
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
            TypeKind::Union(u) => u.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) | TypeKind::Responses(_) => Vec::new(),
        })
        .collect();
    let component = strongly_connected_components(&edges);
    let same = |a: usize, b: Option<usize>| b.is_some_and(|b| component[a] == component[b]);
    let targets: Vec<Vec<Option<usize>>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().map(|f| direct(&f.ty)).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| direct(&v.ty)).collect(),
            _ => Vec::new(),
        })
        .collect();
    for (owner, def) in types.iter_mut().enumerate() {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for (field, target) in s.fields.iter_mut().zip(&targets[owner]) {
                    field.boxed = same(owner, *target);
                }
            }
            TypeKind::Union(u) => {
                for (variant, target) in u.variants.iter_mut().zip(&targets[owner]) {
                    variant.boxed = same(owner, *target);
                }
            }
            TypeKind::StringEnum(_) | TypeKind::IntEnum(_) | TypeKind::Responses(_) => {}
        }
    }
}

/// Tarjan's algorithm, iterative (a long chain of types must not overflow the stack): the
/// component number of each node.
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut next_component = 0;
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut work = vec![(root, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && order[node] == UNSEEN {
                order[node] = next_order;
                low[node] = next_order;
                next_order += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if order[next] == UNSEEN {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
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
