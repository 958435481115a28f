//! Lowering (resolve phase): `openapiv3::OpenAPI` → [`ir::Api`].
//!
//! Resolves every `$ref`, names every type (inline ones after where they stand, `{Parent}{Field}`),
//! decides optionality and boxing, and collects every problem it meets instead of stopping at
//! the first. Nothing after this module sees an `openapiv3` type.

use crate::error::{ErrorKind, Errors, Pointer, SpecError};
use crate::ir::{
    Api, Field, Method, Operation, Param, PathPart, RequestBody, StringEnum, Struct,
    SuccessResponse, TypeDef, TypeKind, TypeRef, Variant,
};
use crate::naming::{Namer, snake_name, type_name};
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, Parameter,
    ParameterSchemaOrContent, PathItem, ReferenceOr, Response, Schema, SchemaKind, StatusCode,
    Type, VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet};

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Names the client and its runtime use; operations get another name when theirs would clash.
const RESERVED_METHODS: &[&str] = &[
    "new", "builder", "base_url", "clone", "fmt", "send", "execute",
];

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
                ReferenceOr::Item(schema) if becomes_named_type(schema) => {
                    let name = self.type_names.claim(type_name(key, "Schema"));
                    if matches!(schema.schema_kind, SchemaKind::Type(Type::String(_))) {
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

    /// Lowers a schema that becomes the named type `name`.
    fn lower_named(&mut self, name: &str, schema: &'a Schema, at: &Pointer) {
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                TypeKind::StringEnum(string_enum(&string.enumeration))
            }
            SchemaKind::Type(Type::Object(object)) => TypeKind::Struct(self.lower_struct(
                name,
                &object.properties,
                &object.required,
                object.additional_properties.as_ref(),
                at,
            )),
            SchemaKind::Any(any) => TypeKind::Struct(self.lower_struct(
                name,
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                at,
            )),
            // `becomes_named_type` admits nothing else.
            _ => return,
        };
        let module = self.type_modules.claim(snake_name(name, "schema"));
        self.types.push(TypeDef {
            name: name.to_owned(),
            module,
            docs: docs(schema),
            source: at.as_str().to_owned(),
            deprecated: schema.schema_data.deprecated,
            kind,
        });
    }

    fn lower_struct(
        &mut self,
        name: &str,
        properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&'a AdditionalProperties>,
        at: &Pointer,
    ) -> Struct {
        let mut field_names = Namer::new();
        let mut fields = Vec::with_capacity(properties.len());
        for (wire_name, property) in properties {
            let field_at = at.join("properties").join(wire_name);
            let hint = format!("{name}{}", type_name(wire_name, "Field"));
            let Some(lowered) = self.lower_schema(property.into(), &field_at, &hint) else {
                continue;
            };
            let is_required = required.iter().any(|r| r == wire_name);
            let deprecated = match property {
                ReferenceOr::Item(schema) => schema.schema_data.deprecated,
                ReferenceOr::Reference { .. } => false,
            };
            fields.push(Field {
                name: field_names.claim(snake_name(wire_name, "field")),
                wire_name: wire_name.clone(),
                docs: lowered.docs,
                ty: lowered.ty,
                optional: !is_required || lowered.nullable,
                required: is_required,
                boxed: false,
                deprecated,
            });
        }
        let additional = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let hint = format!("{name}Value");
                let at = at.join("additionalProperties");
                self.lower_schema(schema.as_ref().into(), &at, &hint)
                    .map(|l| l.ty)
            }
            // `true` adds nothing a caller can use that `serde_json::Value` would not give less
            // conveniently, and a flattened catch-all map would make every decode buffer the
            // object; unknown properties are ignored instead.
            Some(AdditionalProperties::Any(_)) | None => None,
        };
        let own_id = format!("{}_id", snake_name(name, "schema"));
        let id_field = fields
            .iter()
            .find(|f| (f.wire_name == own_id || f.wire_name == "id") && f.ty == TypeRef::String)
            .map(|f| f.name.clone());
        let all_optional = fields.iter().all(|f| f.optional);
        Struct {
            fields,
            additional,
            id_field,
            all_optional,
        }
    }

    /// What a schema (or reference) is where it is used. `hint` names any inline type it needs.
    fn lower_schema(&mut self, schema: SchemaRef<'a>, at: &Pointer, hint: &str) -> Option<Lowered> {
        match schema {
            SchemaRef::Ref(reference) => self.resolve_schema_ref(reference, at),
            SchemaRef::Item(schema) => self.lower_inline(schema, at, hint),
        }
    }

    fn resolve_schema_ref(&mut self, reference: &str, at: &Pointer) -> Option<Lowered> {
        let Some(escaped) = reference.strip_prefix(SCHEMA_PREFIX) else {
            self.error(
                ErrorKind::UnresolvedRef,
                at,
                format!(
                    "`{reference}`: only references to `{SCHEMA_PREFIX}...` are supported here"
                ),
            );
            return None;
        };
        let key = unescape(escaped);
        let target = Pointer::from_ref(reference);
        match self.components.get(key.as_str()).cloned() {
            None => {
                self.error(
                    ErrorKind::UnresolvedRef,
                    at,
                    format!("`{reference}` points at nothing"),
                );
                None
            }
            Some(Component::Named(name)) => {
                let nullable = match self.schema_component(&key) {
                    Some(ReferenceOr::Item(schema)) => schema.schema_data.nullable,
                    _ => false,
                };
                Some(Lowered {
                    ty: TypeRef::Named(name),
                    nullable,
                    docs: None,
                })
            }
            Some(Component::Alias) => self.resolve_component(&key, &target),
        }
    }

    fn schema_component(&self, key: &str) -> Option<&'a ReferenceOr<Schema>> {
        self.spec
            .components
            .as_ref()
            .and_then(|c| c.schemas.get(key))
    }

    /// Lowers an alias component once and remembers the result, so that inline types inside it
    /// are made once however often it is used; a chain of aliases that loops is an error.
    fn resolve_component(&mut self, key: &str, at: &Pointer) -> Option<Lowered> {
        if let Some(cached) = self.alias_cache.get(key) {
            return cached.clone();
        }
        let Some(schema) = self.schema_component(key) else {
            self.error(
                ErrorKind::UnresolvedRef,
                at,
                format!("no schema `{key}` in components"),
            );
            return None;
        };
        if !self.alias_in_progress.insert(key.to_owned()) {
            self.error(
                ErrorKind::Invalid,
                at,
                format!("schema `{key}` is defined only in terms of itself"),
            );
            return None;
        }
        let own_at = Pointer::root().join("components").join("schemas").join(key);
        let lowered = self.lower_schema(schema.into(), &own_at, &type_name(key, "Schema"));
        self.alias_in_progress.remove(key);
        self.alias_cache.insert(key.to_owned(), lowered.clone());
        lowered
    }

    fn lower_inline(&mut self, schema: &'a Schema, at: &Pointer, hint: &str) -> Option<Lowered> {
        let nullable = schema.schema_data.nullable;
        let docs = docs(schema);
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                if string.enumeration.iter().any(Option::is_some) {
                    self.inline_named(hint, schema, at)
                } else {
                    TypeRef::String
                }
            }
            SchemaKind::Type(Type::Integer(integer)) => match integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => {
                    TypeRef::Integer { bits: 32 }
                }
                _ => TypeRef::Integer { bits: 64 },
            },
            SchemaKind::Type(Type::Number(number)) => match number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::Number { bits: 32 },
                _ => TypeRef::Number { bits: 64 },
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Boolean,
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => {
                    let hint = format!("{hint}Item");
                    let items = self.lower_schema(items.into(), &at.join("items"), &hint)?;
                    TypeRef::Array(Box::new(items.ty))
                }
                None => TypeRef::Array(Box::new(TypeRef::Any)),
            },
            SchemaKind::Type(Type::Object(object)) => {
                if object.properties.is_empty() {
                    self.lower_map(object.additional_properties.as_ref(), at, hint)?
                } else {
                    self.inline_named(hint, schema, at)
                }
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                self.lower_union(members, at)?
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                // `allOf: [$ref]` is how OpenAPI 3.0 attaches a description or `nullable` to a
                // reference; it means the referenced type.
                let inner =
                    self.lower_schema((&all_of[0]).into(), &at.join("allOf").join(0), hint)?;
                return Some(Lowered {
                    ty: inner.ty,
                    nullable: nullable || inner.nullable,
                    docs: docs.or(inner.docs),
                });
            }
            SchemaKind::AllOf { .. } => {
                self.error(
                    ErrorKind::Unsupported,
                    at,
                    "`allOf` with more than one schema is not supported yet",
                );
                return None;
            }
            SchemaKind::Not { .. } => {
                self.error(
                    ErrorKind::Unsupported,
                    at,
                    "`not` schemas cannot be expressed as a Rust type",
                );
                return None;
            }
            SchemaKind::Any(any) => {
                if !any.properties.is_empty() {
                    self.inline_named(hint, schema, at)
                } else if any.additional_properties.is_some() {
                    self.lower_map(any.additional_properties.as_ref(), at, hint)?
                } else if any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.all_of.is_empty()
                    && any.not.is_none()
                    && any.items.is_none()
                    && any.enumeration.is_empty()
                {
                    TypeRef::Any
                } else {
                    self.error(
                        ErrorKind::Unsupported,
                        at,
                        "this schema mixes keywords of several types (for example `oneOf` next to `items`); it is not supported yet",
                    );
                    return None;
                }
            }
        };
        Some(Lowered { ty, nullable, docs })
    }

    fn lower_map(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        at: &Pointer,
        hint: &str,
    ) -> Option<TypeRef> {
        let value = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let hint = format!("{hint}Value");
                let at = at.join("additionalProperties");
                self.lower_schema(schema.as_ref().into(), &at, &hint)?.ty
            }
            // A free-form object: any values.
            Some(AdditionalProperties::Any(_)) | None => TypeRef::Any,
        };
        Some(TypeRef::Map(Box::new(value)))
    }

    /// `anyOf`/`oneOf` of an ID string and a reference: an ID-or-object field.
    fn lower_union(&mut self, members: &'a [ReferenceOr<Schema>], at: &Pointer) -> Option<TypeRef> {
        let is_plain_string = |member: &ReferenceOr<Schema>| match member {
            ReferenceOr::Item(schema) => matches!(
                &schema.schema_kind,
                SchemaKind::Type(Type::String(s)) if s.enumeration.is_empty()
            ),
            ReferenceOr::Reference { .. } => false,
        };
        if let [a, b] = members {
            let object = match (a, b) {
                (ReferenceOr::Reference { reference }, other)
                | (other, ReferenceOr::Reference { reference })
                    if is_plain_string(other) =>
                {
                    Some(reference)
                }
                _ => None,
            };
            if let Some(reference) = object {
                let target = self.resolve_schema_ref(reference, at)?;
                if let TypeRef::Named(name) = &target.ty {
                    if !self.enum_names.contains(name) {
                        return Some(TypeRef::Expandable(Box::new(target.ty)));
                    }
                }
            }
        }
        self.error(
            ErrorKind::Unsupported,
            at,
            "`oneOf`/`anyOf` is supported only as an ID string or a referenced object (an expandable field)",
        );
        None
    }

    /// Makes a named type for an inline object or enum, named from where it stands.
    fn inline_named(&mut self, hint: &str, schema: &'a Schema, at: &Pointer) -> TypeRef {
        let name = self.type_names.claim(type_name(hint, "Inline"));
        if matches!(schema.schema_kind, SchemaKind::Type(Type::String(_))) {
            self.enum_names.insert(name.clone());
        }
        self.lower_named(&name, schema, at);
        TypeRef::Named(name)
    }

    fn lower_operations(&mut self) -> Vec<Operation> {
        let mut operations = Vec::new();
        let mut method_names = Namer::new();
        for name in RESERVED_METHODS {
            method_names.reserve(name);
        }
        let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
        for (path, item) in &self.spec.paths.paths {
            let path_at = Pointer::root().join("paths").join(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.error(
                        ErrorKind::Unsupported,
                        &path_at,
                        "`$ref` path items are not supported",
                    );
                    continue;
                }
            };
            for (method, operation) in methods(item) {
                let at = path_at.join(method.as_str().to_ascii_lowercase());
                let operation_id = match &operation.operation_id {
                    Some(id) => id.clone(),
                    None => snake_name(&format!("{} {path}", method.as_str()), "operation"),
                };
                if let Some(first) = seen_ids.insert(operation_id.clone(), at.as_str().to_owned()) {
                    self.error(
                        ErrorKind::Invalid,
                        &at.join("operationId"),
                        format!("operationId `{operation_id}` is already used by {first}"),
                    );
                    continue;
                }
                let name = method_names.claim(snake_name(&operation_id, "operation"));
                if let Some(op) = self.lower_operation(
                    name,
                    operation_id,
                    path,
                    method,
                    item,
                    operation,
                    &path_at,
                    &at,
                ) {
                    operations.push(op);
                }
            }
        }
        operations
            .sort_by(|a, b| (&a.module, &a.path, a.method).cmp(&(&b.module, &b.path, b.method)));
        operations
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_operation(
        &mut self,
        name: String,
        operation_id: String,
        path: &str,
        method: Method,
        item: &'a PathItem,
        operation: &'a openapiv3::Operation,
        path_at: &Pointer,
        at: &Pointer,
    ) -> Option<Operation> {
        let errors_before = self.errors.0.len();
        let op_type = type_name(&operation_id, "Operation");
        let module = operation
            .tags
            .first()
            .map_or_else(|| "default".to_owned(), |t| snake_name(t, "default"));

        // Operation-level parameters override path-level ones with the same name and location.
        let mut params: Vec<(Pointer, &'a Parameter)> = Vec::new();
        for (level_at, list) in [(at, &operation.parameters), (path_at, &item.parameters)] {
            for (index, parameter) in list.iter().enumerate() {
                let param_at = level_at.join("parameters").join(index);
                let Some(parameter) = self.resolve_parameter(parameter, &param_at) else {
                    continue;
                };
                let key = (&parameter.parameter_data_ref().name, location(parameter));
                if params
                    .iter()
                    .all(|(_, p)| (&p.parameter_data_ref().name, location(p)) != key)
                {
                    params.push((param_at, parameter));
                }
            }
        }

        let mut arg_names = Namer::new();
        for reserved in [
            "self", "params", "body", "path", "query", "envelope", "response",
        ] {
            arg_names.reserve(reserved);
        }
        let mut query_field_names = Namer::new();
        let mut path_params = Vec::new();
        let mut query_params = Vec::new();
        for (param_at, parameter) in params {
            let data = parameter.parameter_data_ref();
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => schema,
                ParameterSchemaOrContent::Content(_) => {
                    self.error(
                        ErrorKind::Unsupported,
                        &param_at,
                        "parameters with `content` are not supported; use `schema`",
                    );
                    continue;
                }
            };
            let hint = format!("{op_type}{}", type_name(&data.name, "Param"));
            let Some(lowered) = self.lower_schema(schema.into(), &param_at.join("schema"), &hint)
            else {
                continue;
            };
            let docs = data.description.clone().or(lowered.docs);
            match parameter {
                Parameter::Path { .. } => {
                    if !self.is_scalar(&lowered.ty) {
                        self.error(
                            ErrorKind::Unsupported,
                            &param_at,
                            "a path parameter must be a string, number, boolean or string enum",
                        );
                        continue;
                    }
                    path_params.push(Param {
                        name: arg_names.claim(snake_name(&data.name, "param")),
                        wire_name: data.name.clone(),
                        docs,
                        ty: lowered.ty,
                        required: true,
                        explode: false,
                    });
                }
                Parameter::Query { .. } => {
                    let scalar = match &lowered.ty {
                        TypeRef::Array(item) => self.is_scalar(item),
                        other => self.is_scalar(other),
                    };
                    if !scalar {
                        self.error(
                            ErrorKind::Unsupported,
                            &param_at,
                            "a query parameter must be a scalar or an array of scalars; objects are not supported yet",
                        );
                        continue;
                    }
                    query_params.push(Param {
                        name: query_field_names.claim(snake_name(&data.name, "param")),
                        wire_name: data.name.clone(),
                        docs,
                        ty: lowered.ty,
                        required: data.required && !lowered.nullable,
                        explode: data.explode.unwrap_or(true),
                    });
                }
                Parameter::Header { .. } => {
                    self.error(
                        ErrorKind::Unsupported,
                        &param_at,
                        "header parameters are not supported yet",
                    );
                }
                Parameter::Cookie { .. } => {
                    self.error(
                        ErrorKind::Unsupported,
                        &param_at,
                        "cookie parameters are not supported",
                    );
                }
            }
        }

        let path_parts = self.split_path(path, &path_params, at);
        let body = self.lower_request_body(operation, at, &op_type);
        let response = self.lower_responses(operation, at, &op_type);
        if self.errors.0.len() > errors_before {
            return None;
        }

        let params_struct = if query_params.is_empty() {
            None
        } else {
            let struct_name = self.type_names.claim(format!("{op_type}Params"));
            let fields = query_params
                .iter()
                .map(|p| Field {
                    name: p.name.clone(),
                    wire_name: p.wire_name.clone(),
                    docs: p.docs.clone(),
                    ty: p.ty.clone(),
                    optional: !p.required,
                    required: p.required,
                    boxed: false,
                    deprecated: false,
                })
                .collect::<Vec<_>>();
            let all_optional = fields.iter().all(|f| f.optional);
            let module = self.type_modules.claim(snake_name(&struct_name, "params"));
            self.types.push(TypeDef {
                name: struct_name.clone(),
                module,
                docs: Some(format!(
                    "Query parameters of [`Client::{name}`](crate::Client::{name})."
                )),
                source: at.join("parameters").as_str().to_owned(),
                deprecated: false,
                kind: TypeKind::Struct(Struct {
                    fields,
                    additional: None,
                    id_field: None,
                    all_optional,
                }),
            });
            Some(struct_name)
        };

        Some(Operation {
            name,
            operation_id,
            module,
            docs: join_docs(
                operation.summary.as_deref(),
                operation.description.as_deref(),
            ),
            deprecated: operation.deprecated,
            method,
            path: path.to_owned(),
            path_parts: path_parts?,
            path_params,
            query_params,
            params_struct,
            body: body?,
            response: response?,
        })
    }

    fn is_scalar(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::String
            | TypeRef::Integer { .. }
            | TypeRef::Number { .. }
            | TypeRef::Boolean => true,
            TypeRef::Named(name) => self.enum_names.contains(name),
            _ => false,
        }
    }

    fn resolve_parameter(
        &mut self,
        parameter: &'a ReferenceOr<Parameter>,
        at: &Pointer,
    ) -> Option<&'a Parameter> {
        match parameter {
            ReferenceOr::Item(parameter) => Some(parameter),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/parameters/")
                    .and_then(|key| {
                        self.spec
                            .components
                            .as_ref()?
                            .parameters
                            .get(&unescape(key))
                    });
                match found {
                    Some(ReferenceOr::Item(parameter)) => Some(parameter),
                    _ => {
                        self.error(ErrorKind::UnresolvedRef, at, format!("`{reference}` does not name a parameter in `#/components/parameters`"));
                        None
                    }
                }
            }
        }
    }

    fn resolve_response(
        &mut self,
        response: &'a ReferenceOr<Response>,
        at: &Pointer,
    ) -> Option<&'a Response> {
        match response {
            ReferenceOr::Item(response) => Some(response),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/responses/")
                    .and_then(|key| self.spec.components.as_ref()?.responses.get(&unescape(key)));
                match found {
                    Some(ReferenceOr::Item(response)) => Some(response),
                    _ => {
                        self.error(
                            ErrorKind::UnresolvedRef,
                            at,
                            format!(
                                "`{reference}` does not name a response in `#/components/responses`"
                            ),
                        );
                        None
                    }
                }
            }
        }
    }

    /// Splits `/v1/sessions/{id}` into literal text and parameters, and checks that the template
    /// and the path parameters name each other.
    fn split_path(&mut self, path: &str, params: &[Param], at: &Pointer) -> Option<Vec<PathPart>> {
        let mut parts = Vec::new();
        let mut rest = path;
        let mut used = BTreeSet::new();
        let mut ok = true;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                self.error(
                    ErrorKind::Invalid,
                    at,
                    format!("path `{path}` has a `{{` without its `}}`"),
                );
                return None;
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let wire = &rest[open + 1..close];
            match params.iter().find(|p| p.wire_name == wire) {
                Some(param) => {
                    used.insert(wire.to_owned());
                    parts.push(PathPart::Param(param.name.clone()));
                }
                None => {
                    self.error(ErrorKind::Invalid, at, format!("path `{path}` names `{{{wire}}}`, but no path parameter `{wire}` is defined"));
                    ok = false;
                }
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        for param in params {
            if !used.contains(&param.wire_name) {
                self.error(
                    ErrorKind::Invalid,
                    at,
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`",
                        param.wire_name
                    ),
                );
                ok = false;
            }
        }
        ok.then_some(parts)
    }

    fn lower_request_body(
        &mut self,
        operation: &'a openapiv3::Operation,
        at: &Pointer,
        op_type: &str,
    ) -> Option<Option<RequestBody>> {
        let Some(body) = &operation.request_body else {
            return Some(None);
        };
        let at = at.join("requestBody");
        let body = match body {
            ReferenceOr::Item(body) => body,
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/requestBodies/")
                    .and_then(|key| {
                        self.spec
                            .components
                            .as_ref()?
                            .request_bodies
                            .get(&unescape(key))
                    });
                match found {
                    Some(ReferenceOr::Item(body)) => body,
                    _ => {
                        self.error(ErrorKind::UnresolvedRef, &at, format!("`{reference}` does not name a request body in `#/components/requestBodies`"));
                        return None;
                    }
                }
            }
        };
        let Some((media, content)) = body.content.iter().find(|(media, _)| is_json(media)) else {
            let types: Vec<_> = body.content.keys().map(String::as_str).collect();
            self.error(
                ErrorKind::Unsupported,
                &at,
                format!(
                    "request bodies of type {} are not supported yet; only JSON is",
                    types.join(", ")
                ),
            );
            return None;
        };
        let ty = match &content.schema {
            Some(schema) => {
                let schema_at = at.join("content").join(media).join("schema");
                self.lower_schema(schema.into(), &schema_at, &format!("{op_type}Body"))?
                    .ty
            }
            None => TypeRef::Any,
        };
        Some(Some(RequestBody {
            ty,
            content_type: media.clone(),
            required: body.required,
        }))
    }

    fn lower_responses(
        &mut self,
        operation: &'a openapiv3::Operation,
        at: &Pointer,
        op_type: &str,
    ) -> Option<SuccessResponse> {
        let at = at.join("responses");
        let mut success: Option<(String, Option<TypeRef>)> = None;
        let mut ok = true;
        for (status, response) in &operation.responses.responses {
            let status_at = at.join(status);
            let Some(response) = self.resolve_response(response, &status_at) else {
                ok = false;
                continue;
            };
            let is_success = match status {
                StatusCode::Code(code) => (200..300).contains(code),
                StatusCode::Range(range) => *range == 2,
            };
            let hint = if is_success {
                format!("{op_type}Response")
            } else {
                format!("{op_type}Error{status}")
            };
            let ty = match self.response_body(response, &status_at, &hint, is_success) {
                Ok(ty) => ty,
                Err(()) => {
                    ok = false;
                    continue;
                }
            };
            if !is_success {
                continue;
            }
            match &success {
                None => success = Some((status.to_string(), ty)),
                Some((first, first_ty)) if *first_ty != ty => {
                    self.error(
                        ErrorKind::Unsupported,
                        &status_at,
                        format!("success responses {first} and {status} have different bodies; that is not supported yet"),
                    );
                    ok = false;
                }
                Some(_) => {}
            }
        }
        if let Some(default) = &operation.responses.default {
            let default_at = at.join("default");
            match self.resolve_response(default, &default_at) {
                Some(response) => {
                    if self
                        .response_body(
                            response,
                            &default_at,
                            &format!("{op_type}DefaultError"),
                            false,
                        )
                        .is_err()
                    {
                        ok = false;
                    }
                }
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        Some(match success {
            Some((_, Some(ty))) => SuccessResponse::Json(ty),
            _ => SuccessResponse::Empty,
        })
    }

    /// The JSON body type of a response; `Err` when a problem was reported.
    fn response_body(
        &mut self,
        response: &'a Response,
        at: &Pointer,
        hint: &str,
        is_success: bool,
    ) -> Result<Option<TypeRef>, ()> {
        if response.content.is_empty() {
            return Ok(None);
        }
        let Some((media, content)) = response.content.iter().find(|(media, _)| is_json(media))
        else {
            if is_success {
                let types: Vec<_> = response.content.keys().map(String::as_str).collect();
                self.error(
                    ErrorKind::Unsupported,
                    at,
                    format!(
                        "responses of type {} are not supported yet; only JSON is",
                        types.join(", ")
                    ),
                );
                return Err(());
            }
            // A non-JSON error body is kept as text in the error the client returns.
            return Ok(None);
        };
        let Some(schema) = &content.schema else {
            return Ok(Some(TypeRef::Any));
        };
        let schema_at = at.join("content").join(media).join("schema");
        match self.lower_schema(schema.into(), &schema_at, hint) {
            Some(lowered) => Ok(Some(lowered.ty)),
            None => Err(()),
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
            if let SuccessResponse::Json(ty) = &operation.response {
                if let Some((field, inner)) = envelope_field(&self.types, ty) {
                    operation.response = SuccessResponse::Envelope {
                        envelope: ty.clone(),
                        field,
                        inner,
                    };
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

/// Whether a component schema becomes a named type (an object with properties, or a string enum)
/// rather than being written out where it is used.
fn becomes_named_type(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
        SchemaKind::Type(Type::String(string)) => string.enumeration.iter().any(Option::is_some),
        SchemaKind::Any(any) => !any.properties.is_empty(),
        _ => false,
    }
}

fn string_enum(values: &[Option<String>]) -> StringEnum {
    let mut names = Namer::new();
    let mut variants: Vec<Variant> = Vec::new();
    for value in values.iter().flatten() {
        if variants.iter().any(|v| &v.wire_name == value) {
            continue;
        }
        variants.push(Variant {
            name: names.claim(type_name(value, "Empty")),
            wire_name: value.clone(),
        });
    }
    let catch_all = names.claim("Unknown".to_owned());
    StringEnum {
        variants,
        catch_all,
    }
}

/// A single-field object whose field is named after the type it holds (`{"checkout_session":
/// CheckoutSession}`) is an envelope: the client returns what is inside.
fn envelope_field(types: &[TypeDef], ty: &TypeRef) -> Option<(String, TypeRef)> {
    let TypeRef::Named(name) = ty else {
        return None;
    };
    let def = types.iter().find(|t| &t.name == name)?;
    let TypeKind::Struct(s) = &def.kind else {
        return None;
    };
    let [field] = s.fields.as_slice() else {
        return None;
    };
    let TypeRef::Named(inner) = &field.ty else {
        return None;
    };
    let named_after = snake_name(inner, "") == field.wire_name;
    (named_after && !field.optional && s.additional.is_none())
        .then(|| (field.name.clone(), field.ty.clone()))
}

/// Boxes every field whose type leads back to the struct that holds it without passing through a
/// `Vec`, map or `Expandable` (which already allocate), so that recursive types have a size.
fn box_recursive_fields(types: &mut [TypeDef]) {
    let edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|t| {
            let targets = match &t.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .filter_map(|f| match &f.ty {
                        TypeRef::Named(n) => Some(n.clone()),
                        _ => None,
                    })
                    .collect(),
                TypeKind::StringEnum(_) => Vec::new(),
            };
            (t.name.clone(), targets)
        })
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if seen.insert(node.clone()) {
                if let Some(next) = edges.get(&node) {
                    stack.extend(next.iter().cloned());
                }
            }
        }
        false
    };
    for def in types.iter_mut() {
        let owner = def.name.clone();
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                if let TypeRef::Named(target) = &field.ty {
                    field.boxed = reaches(target, &owner);
                }
            }
        }
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

fn methods(item: &PathItem) -> Vec<(Method, &openapiv3::Operation)> {
    [
        (Method::Get, &item.get),
        (Method::Put, &item.put),
        (Method::Post, &item.post),
        (Method::Delete, &item.delete),
        (Method::Options, &item.options),
        (Method::Head, &item.head),
        (Method::Patch, &item.patch),
        (Method::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, op)| op.as_ref().map(|op| (method, op)))
    .collect()
}

fn location(parameter: &Parameter) -> &'static str {
    match parameter {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or(media).trim();
    essence == "application/json" || essence.ends_with("+json")
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
