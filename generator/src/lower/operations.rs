//! Lowering of operations (resolve phase): paths, parameters, request bodies and responses
//! become [`Operation`]s, with their parameters' and bodies' types lowered like any schema.

use super::{Lowerer, join_docs, unescape};
use crate::error::{ErrorKind, Pointer};
use crate::ir::{
    Body, BodyKind, Field, Method, Operation, Param, ParamLocation, PathPart, ResponseBody,
    StatusVariant, Struct, SuccessResponse, TypeDef, TypeKind, TypeRef,
};
use crate::naming::{Namer, snake_name, type_name};
use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr, RequestBody,
    Response, StatusCode,
};
use std::collections::{BTreeMap, BTreeSet};

/// The methods of the runtime's `Client` (`generator/runtime/client.rs`, public or not, and those
/// of the traits it implements); operations get another name when theirs would clash. A test
/// below reads the runtime's sources and fails when a method is missing here.
const RESERVED_METHODS: &[&str] = &[
    // Public.
    "new",
    "from_env",
    "builder",
    "with_options",
    "base_url",
    "timeout",
    "max_retries",
    "mode",
    "is_test_mode",
    // Crate-private: what the generated operations call, and what that calls.
    "send",
    "send_raw",
    "send_empty",
    "execute",
    "attempt",
    // Traits: `Clone`, `Debug`.
    "clone",
    "fmt",
];

impl<'a> Lowerer<'a> {
    pub(super) fn lower_operations(&mut self) -> Vec<Operation> {
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
                let site = Site {
                    path,
                    method,
                    item,
                    operation,
                    path_at: &path_at,
                    at: &at,
                };
                if let Some(op) = self.lower_operation(name, operation_id, site) {
                    operations.push(op);
                }
            }
        }
        operations
            .sort_by(|a, b| (&a.module, &a.path, a.method).cmp(&(&b.module, &b.path, b.method)));
        operations
    }

    fn lower_operation(
        &mut self,
        name: String,
        operation_id: String,
        site: Site<'a, '_>,
    ) -> Option<Operation> {
        let Site {
            path,
            method,
            item,
            operation,
            path_at,
            at,
        } = site;
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
            "self", "params", "body", "path", "query", "headers", "envelope", "response",
        ] {
            arg_names.reserve(reserved);
        }
        let mut field_names = Namer::new();
        let mut path_params = Vec::new();
        let mut other_params = Vec::new();
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
            let (location, explode) = match parameter {
                Parameter::Path { .. } => {
                    // Named types here are enums or unions of scalars (`NameOrId`); they are written
                    // as the JSON scalar they serialize to.
                    if !self.is_scalar(&lowered.ty) && !matches!(lowered.ty, TypeRef::Named(_)) {
                        self.error(ErrorKind::Unsupported, &param_at, "a path parameter must be a string, number, boolean, enum or a union of those");
                        continue;
                    }
                    (ParamLocation::Path, false)
                }
                Parameter::Query { style, .. } => {
                    let location = match style {
                        QueryStyle::DeepObject => ParamLocation::QueryDeepObject,
                        QueryStyle::Form => ParamLocation::Query,
                        QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited => {
                            self.error(ErrorKind::Unsupported, &param_at, "spaceDelimited and pipeDelimited query parameters are not supported");
                            continue;
                        }
                    };
                    (location, data.explode.unwrap_or(true))
                }
                Parameter::Header { .. } => {
                    if !self.is_scalar(&lowered.ty)
                        && !matches!(&lowered.ty, TypeRef::Array(item) if self.is_scalar(item))
                    {
                        self.error(
                            ErrorKind::Unsupported,
                            &param_at,
                            "a header parameter must be a scalar or an array of scalars",
                        );
                        continue;
                    }
                    (ParamLocation::Header, false)
                }
                Parameter::Cookie { .. } => {
                    self.error(ErrorKind::Unsupported, &param_at, "cookie parameters are not supported; set the `Cookie` header on your own `reqwest::Client`");
                    continue;
                }
            };
            let names = if location == ParamLocation::Path {
                &mut arg_names
            } else {
                &mut field_names
            };
            let param = Param {
                name: names.claim(snake_name(&data.name, "param")),
                wire_name: data.name.clone(),
                docs,
                ty: lowered.ty,
                required: location == ParamLocation::Path || (data.required && !lowered.nullable),
                explode,
                location,
                default: lowered.default,
            };
            if location == ParamLocation::Path {
                path_params.push(param);
            } else {
                other_params.push(param);
            }
        }

        let path_parts = self.split_path(path, &path_params, at);
        let body = self.lower_request_body(operation, at, &op_type);
        let response = self.lower_responses(operation, at, &op_type);
        if self.errors.0.len() > errors_before {
            return None;
        }
        let response = response?;

        let params_struct = if other_params.is_empty() {
            None
        } else {
            Some(self.params_struct(&name, &op_type, &other_params, at))
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
            query_params: other_params,
            params_struct,
            body: body?,
            response: response.0,
            error_bodies: response.1,
        })
    }

    /// The struct that holds an operation's query and header parameters.
    fn params_struct(
        &mut self,
        method_name: &str,
        op_type: &str,
        params: &[Param],
        at: &Pointer,
    ) -> String {
        let struct_name = self.type_names.claim(format!("{op_type}Params"));
        let fields: Vec<Field> = params
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
            .collect();
        let all_optional = fields.iter().all(|f| f.optional);
        let module = self.type_modules.claim(snake_name(&struct_name, "params"));
        self.types.push(TypeDef {
            name: struct_name.clone(),
            module,
            docs: Some(format!(
                "Query and header parameters of [`Client::{method_name}`](crate::Client::{method_name})."
            )),
            source: at.join("parameters").as_str().to_owned(),
            deprecated: false,
            kind: TypeKind::Struct(Struct { fields, additional: None, id_field: None, all_optional }),
        });
        struct_name
    }

    pub(super) fn is_scalar(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::String
            | TypeRef::Integer { .. }
            | TypeRef::Number { .. }
            | TypeRef::Boolean
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Uuid
            | TypeRef::IpAddr { .. } => true,
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
    /// and the path parameters name each other. A `:name` segment (as some specs write paths)
    /// counts as `{name}` when a path parameter of that name is defined.
    fn split_path(&mut self, path: &str, params: &[Param], at: &Pointer) -> Option<Vec<PathPart>> {
        let mut parts = Vec::new();
        let mut used = BTreeSet::new();
        let mut ok = true;
        let mut literal = String::new();
        let mut rest = path;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('{') {
                let Some(close) = after.find('}') else {
                    self.error(
                        ErrorKind::Invalid,
                        at,
                        format!("path `{path}` has a `{{` without its `}}`"),
                    );
                    return None;
                };
                let wire = &after[..close];
                match params.iter().find(|p| p.wire_name == wire) {
                    Some(param) => {
                        used.insert(wire.to_owned());
                        if !literal.is_empty() {
                            parts.push(PathPart::Literal(std::mem::take(&mut literal)));
                        }
                        parts.push(PathPart::Param(param.name.clone()));
                    }
                    None => {
                        self.error(ErrorKind::Invalid, at, format!("path `{path}` names `{{{wire}}}`, but no path parameter `{wire}` is defined"));
                        ok = false;
                    }
                }
                rest = &after[close + 1..];
                continue;
            }
            if literal.ends_with('/') || literal.is_empty() {
                if let Some(after) = rest.strip_prefix(':') {
                    let end = after.find('/').unwrap_or(after.len());
                    if let Some(param) = params.iter().find(|p| p.wire_name == after[..end]) {
                        used.insert(param.wire_name.clone());
                        parts.push(PathPart::Literal(std::mem::take(&mut literal)));
                        parts.push(PathPart::Param(param.name.clone()));
                        rest = &after[end..];
                        continue;
                    }
                }
            }
            let mut chars = rest.chars();
            if let Some(c) = chars.next() {
                literal.push(c);
            }
            rest = chars.as_str();
        }
        if !literal.is_empty() {
            parts.push(PathPart::Literal(literal));
        }
        parts.retain(|p| !matches!(p, PathPart::Literal(text) if text.is_empty()));
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
    ) -> Option<Option<Body>> {
        let Some(body) = &operation.request_body else {
            return Some(None);
        };
        let at = at.join("requestBody");
        let body: &'a RequestBody = match body {
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
        // One media type is chosen, in this order of preference, when the spec offers several.
        let kinds: [(&str, MediaMatcher); 5] = [
            ("json", is_json),
            ("form", |m| {
                essence(m) == "application/x-www-form-urlencoded"
            }),
            ("multipart", |m| essence(m).starts_with("multipart/")),
            ("text", |m| essence(m).starts_with("text/")),
            ("bytes", |_| true),
        ];
        for (kind, matches) in kinds {
            let Some((media, content)) = body.content.iter().find(|(media, _)| matches(media))
            else {
                continue;
            };
            let content_type = essence(media).to_owned();
            let content_type = if content_type == "*/*" {
                "application/octet-stream".to_owned()
            } else {
                content_type
            };
            let schema_at = at.join("content").join(media).join("schema");
            let typed = |lowerer: &mut Self| -> Option<TypeRef> {
                match &content.schema {
                    Some(schema) => Some(
                        lowerer
                            .lower_schema(schema.into(), &schema_at, &format!("{op_type}Body"))?
                            .ty,
                    ),
                    None => Some(TypeRef::Any),
                }
            };
            let kind = match kind {
                "json" => BodyKind::Json {
                    ty: typed(self)?,
                    content_type,
                    envelope: None,
                },
                "form" => BodyKind::Form { ty: typed(self)? },
                "multipart" => BodyKind::Multipart {
                    parts: multipart_parts(content),
                },
                "text" => BodyKind::Text { content_type },
                _ => BodyKind::Bytes { content_type },
            };
            return Some(Some(Body {
                kind,
                required: body.required,
            }));
        }
        // No content at all: nothing to send.
        Some(None)
    }

    fn lower_responses(
        &mut self,
        operation: &'a openapiv3::Operation,
        at: &Pointer,
        op_type: &str,
    ) -> Option<(SuccessResponse, Vec<(String, TypeRef)>)> {
        let at = at.join("responses");
        let mut successes: Vec<(u16, String, ResponseBody)> = Vec::new();
        let mut error_bodies: Vec<(String, TypeRef)> = Vec::new();
        let mut ok = true;
        for (status, response) in &operation.responses.responses {
            let status_at = at.join(status);
            let Some(response) = self.resolve_response(response, &status_at) else {
                ok = false;
                continue;
            };
            let code = match status {
                StatusCode::Code(code) => *code,
                StatusCode::Range(range) => range * 100,
            };
            let is_success = (100..300).contains(&code);
            let hint = if is_success {
                if successes.is_empty() {
                    format!("{op_type}Response")
                } else {
                    format!("{op_type}Response{status}")
                }
            } else {
                format!("{op_type}Error{status}")
            };
            match self.response_body(response, &status_at, &hint) {
                Some(body) if is_success => successes.push((code, status.to_string(), body)),
                Some(ResponseBody::Json(ty)) => error_bodies.push((status.to_string(), ty)),
                Some(_) => {}
                None => ok = false,
            }
        }
        if let Some(default) = &operation.responses.default {
            let default_at = at.join("default");
            match self.resolve_response(default, &default_at) {
                Some(response) => {
                    match self.response_body(
                        response,
                        &default_at,
                        &format!("{op_type}DefaultError"),
                    ) {
                        Some(ResponseBody::Json(ty)) => {
                            error_bodies.push(("default".to_owned(), ty))
                        }
                        Some(_) => {}
                        None => ok = false,
                    }
                }
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        let mut distinct: Vec<&ResponseBody> = Vec::new();
        for (_, _, body) in &successes {
            if !distinct.contains(&body) {
                distinct.push(body);
            }
        }
        let success = match distinct.as_slice() {
            [] => SuccessResponse::Single(ResponseBody::Empty),
            [one] => SuccessResponse::Single((*one).clone()),
            _ => {
                // Success statuses with different bodies: an enum with a variant per status.
                let name = self.type_names.claim(format!("{op_type}Response"));
                let variants: Vec<StatusVariant> = successes
                    .into_iter()
                    .map(|(code, status, body)| StatusVariant {
                        status: code,
                        name: format!("Status{status}"),
                        body,
                    })
                    .collect();
                let module = self.type_modules.claim(snake_name(&name, "response"));
                self.types.push(TypeDef {
                    name: name.clone(),
                    module,
                    docs: Some("What a successful call returned: the variant says which status came, since each has its own body.".to_owned()),
                    source: at.as_str().to_owned(),
                    deprecated: false,
                    kind: TypeKind::Responses(variants.clone()),
                });
                SuccessResponse::ByStatus { name, variants }
            }
        };
        Some((success, error_bodies))
    }

    /// The body of a response, or `None` when a problem was reported.
    fn response_body(
        &mut self,
        response: &'a Response,
        at: &Pointer,
        hint: &str,
    ) -> Option<ResponseBody> {
        if response.content.is_empty() {
            return Some(ResponseBody::Empty);
        }
        if let Some((media, content)) = response.content.iter().find(|(media, _)| is_json(media)) {
            let Some(schema) = &content.schema else {
                return Some(ResponseBody::Json(TypeRef::Any));
            };
            let schema_at = at.join("content").join(media).join("schema");
            return self
                .lower_schema(schema.into(), &schema_at, hint)
                .map(|l| ResponseBody::Json(l.ty));
        }
        if response
            .content
            .keys()
            .any(|media| essence(media).starts_with("text/"))
        {
            return Some(ResponseBody::Text);
        }
        Some(ResponseBody::Bytes)
    }
}

/// Whether a media type is of one kind of body.
type MediaMatcher = fn(&str) -> bool;

/// Where an operation stands in the spec.
struct Site<'a, 'p> {
    path: &'a str,
    method: Method,
    item: &'a PathItem,
    operation: &'a openapiv3::Operation,
    path_at: &'p Pointer,
    at: &'p Pointer,
}

/// The property names of a multipart body's schema, for the docs (the caller builds the parts).
fn multipart_parts(content: &MediaType) -> Vec<String> {
    match &content.schema {
        Some(ReferenceOr::Item(schema)) => match &schema.schema_kind {
            openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) => {
                object.properties.keys().cloned().collect()
            }
            openapiv3::SchemaKind::Any(any) => any.properties.keys().cloned().collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
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

/// A media type without its parameters (`application/json; charset=utf-8` → `application/json`).
fn essence(media: &str) -> &str {
    media.split(';').next().unwrap_or(media).trim()
}

fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json")
}

#[cfg(test)]
mod tests {
    use super::RESERVED_METHODS;
    use std::path::Path;

    /// The methods of `Client` in one runtime file: of its inherent and trait `impl` blocks, and
    /// of the traits it derives.
    fn client_methods(file: &syn::File) -> Vec<String> {
        let mut methods = Vec::new();
        for item in &file.items {
            match item {
                syn::Item::Impl(block) if is_client(&block.self_ty) => {
                    for item in &block.items {
                        if let syn::ImplItem::Fn(function) = item {
                            methods.push(function.sig.ident.to_string());
                        }
                    }
                }
                syn::Item::Struct(item) if item.ident == "Client" => {
                    for attr in item.attrs.iter().filter(|a| a.path().is_ident("derive")) {
                        let _ = attr.parse_nested_meta(|meta| {
                            let method = match meta.path.get_ident().map(ToString::to_string) {
                                Some(name) if name == "Clone" => "clone",
                                Some(name) if name == "Debug" => "fmt",
                                Some(name) if name == "Default" => "default",
                                Some(name) if name == "PartialEq" => "eq",
                                Some(name) if name == "Hash" => "hash",
                                _ => return Ok(()),
                            };
                            methods.push(method.to_owned());
                            Ok(())
                        });
                    }
                }
                _ => {}
            }
        }
        methods
    }

    fn is_client(ty: &syn::Type) -> bool {
        matches!(ty, syn::Type::Path(path)
            if path.path.segments.last().is_some_and(|segment| segment.ident == "Client"))
    }

    #[test]
    fn every_method_of_the_runtime_client_is_reserved() {
        let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&runtime).expect("generator/runtime is readable") {
            let path = entry.expect("directory entry").path();
            if path.extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("runtime source is readable");
            let file = syn::parse_file(&text)
                .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
            found.extend(client_methods(&file));
        }
        // The file that defines `Client` was read: the test would pass on nothing otherwise.
        for method in ["new", "send", "with_options"] {
            assert!(
                found.iter().any(|m| m == method),
                "no `Client::{method}` found"
            );
        }
        let missing: Vec<&String> = found
            .iter()
            .filter(|method| !RESERVED_METHODS.contains(&method.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "methods of the runtime's `Client` missing from RESERVED_METHODS: {missing:?}"
        );
    }
}
