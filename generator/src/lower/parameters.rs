//! Parameters (lowering): path, query and header parameters, merged from the path item and the
//! operation, lowered like any schema and checked for where they can go; the query and header
//! ones become the fields of the operation's `{Operation}Params` struct, and the path template is
//! split around the path ones.

use super::{Lowerer, unescape};
use crate::error::{ErrorKind, Pointer};
use crate::ir::{
    Field, Param, ParamLocation, PathPart, Presence, Struct, TypeDef, TypeKind, TypeRef, Usage,
};
use crate::naming::{Namer, snake_name, type_name};
use openapiv3::{Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr};
use std::collections::BTreeSet;

impl<'a> Lowerer<'a> {
    /// The parameters of an operation: its own and its path's (an operation-level parameter
    /// overrides a path-level one with the same name and location), lowered and checked for
    /// where they go. Returns the path parameters and the query and header parameters.
    pub(super) fn lower_parameters(
        &mut self,
        operation: &'a openapiv3::Operation,
        item: &'a PathItem,
        at: &Pointer,
        path_at: &Pointer,
        op_type: &str,
    ) -> (Vec<Param>, Vec<Param>) {
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
        (path_params, other_params)
    }

    /// The struct that holds an operation's query and header parameters.
    pub(super) fn params_struct(
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
                presence: if p.required {
                    Presence::Required
                } else {
                    Presence::Optional
                },
                boxed: false,
                deprecated: false,
                // A parameter's default stays on the `Param` (pagination reads it there); the
                // params struct's docs do not repeat it.
                default: None,
                read_only: false,
                write_only: false,
                secret: false,
            })
            .collect();
        let all_optional = fields.iter().all(|f| f.presence.is_option());
        let module = self.type_modules.claim(snake_name(&struct_name, "params"));
        self.types.push(TypeDef {
            name: struct_name.clone(),
            module,
            docs: Some(format!(
                "Query and header parameters of [`Client::{method_name}`](crate::Client::{method_name})."
            )),
            source: at.join("parameters").as_str().to_owned(),
            deprecated: false,
            kind: TypeKind::Struct(Struct {
                fields,
                additional: None,
                id_field: None,
                all_optional,
                expandable_target: false,
                usage: Usage::Params,
            }),
        });
        struct_name
    }

    /// Whether a value of `ty` is one string in a path or header (enums count).
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

    /// A parameter, following a `$ref` into `#/components/parameters`.
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

    /// Splits `/v1/sessions/{id}` into literal text and parameters, and checks that the template
    /// and the path parameters name each other. A `:name` segment (as some specs write paths)
    /// counts as `{name}` when a path parameter of that name is defined. A slip that can mean one
    /// thing only (one placeholder without a parameter, one path parameter not in the path, as in
    /// `/v1/timeoff/{id}` with a parameter `timeoff_id`) maps the parameter to the placeholder,
    /// with a warning.
    pub(super) fn split_path(
        &mut self,
        path: &str,
        params: &[Param],
        at: &Pointer,
    ) -> Option<Vec<PathPart>> {
        let split = split_template(path, params, None);
        if split.unclosed {
            self.error(
                ErrorKind::Invalid,
                at,
                format!("path `{path}` has a `{{` without its `}}`"),
            );
            return None;
        }
        let split = match (split.unknown.as_slice(), split.unused.as_slice()) {
            ([placeholder], [wire]) => {
                let (placeholder, wire) = (placeholder.clone(), wire.clone());
                self.warn(
                    at,
                    format!("the path names `{{{placeholder}}}` but declares the path parameter `{wire}`, which it does not name"),
                    format!("the parameter `{wire}` filling `{{{placeholder}}}`"),
                );
                split_template(path, params, Some((&placeholder, &wire)))
            }
            _ => split,
        };
        let mut ok = true;
        for wire in &split.unknown {
            self.error(
                ErrorKind::Invalid,
                at,
                format!(
                    "path `{path}` names `{{{wire}}}`, but no path parameter `{wire}` is defined"
                ),
            );
            ok = false;
        }
        for wire in &split.unused {
            self.error(
                ErrorKind::Invalid,
                at,
                format!("path parameter `{wire}` does not appear in the path `{path}`"),
            );
            ok = false;
        }
        ok.then_some(split.parts)
    }
}

/// A path template split against its parameters.
struct Split {
    parts: Vec<PathPart>,
    /// Placeholders no parameter fills, in path order.
    unknown: Vec<String>,
    /// Path parameters the template does not name, in declaration order.
    unused: Vec<String>,
    /// Whether a `{` has no `}` (the rest of the split is then incomplete).
    unclosed: bool,
}

/// Splits `path` into literal text and the parameters of `params`; `alias` maps one placeholder
/// to the wire name of the parameter that fills it.
fn split_template(path: &str, params: &[Param], alias: Option<(&str, &str)>) -> Split {
    let mut split = Split {
        parts: Vec::new(),
        unknown: Vec::new(),
        unused: Vec::new(),
        unclosed: false,
    };
    let mut used = BTreeSet::new();
    let mut literal = String::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('{') {
            let Some(close) = after.find('}') else {
                split.unclosed = true;
                return split;
            };
            let placeholder = &after[..close];
            let wire = match alias {
                Some((from, to)) if from == placeholder => to,
                _ => placeholder,
            };
            match params.iter().find(|p| p.wire_name == wire) {
                Some(param) => {
                    used.insert(wire.to_owned());
                    if !literal.is_empty() {
                        split
                            .parts
                            .push(PathPart::Literal(std::mem::take(&mut literal)));
                    }
                    split.parts.push(PathPart::Param(param.name.clone()));
                }
                None => split.unknown.push(placeholder.to_owned()),
            }
            rest = &after[close + 1..];
            continue;
        }
        if literal.ends_with('/') || literal.is_empty() {
            if let Some(after) = rest.strip_prefix(':') {
                let end = after.find('/').unwrap_or(after.len());
                if let Some(param) = params.iter().find(|p| p.wire_name == after[..end]) {
                    used.insert(param.wire_name.clone());
                    split
                        .parts
                        .push(PathPart::Literal(std::mem::take(&mut literal)));
                    split.parts.push(PathPart::Param(param.name.clone()));
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
        split.parts.push(PathPart::Literal(literal));
    }
    split
        .parts
        .retain(|p| !matches!(p, PathPart::Literal(text) if text.is_empty()));
    split.unused = params
        .iter()
        .filter(|p| !used.contains(&p.wire_name))
        .map(|p| p.wire_name.clone())
        .collect();
    split
}

/// Where a parameter goes, as its `in` says: with its name, what identifies it in a list.
fn location(parameter: &Parameter) -> &'static str {
    match parameter {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}
