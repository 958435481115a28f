//! Parameters (lowering): path, query and header parameters, merged from the path item and the
//! operation, lowered like any schema and checked for where they can go; the query and header
//! ones become the fields of the operation's `{Operation}Params` struct, and the path template is
//! split around the path ones.

use super::{Lowerer, unescape};
use crate::diagnostics::error::ErrorKind;
use crate::diagnostics::pointer::Pointer;
use crate::ir::{
    Field, Param, ParamLocation, PathPart, Presence, Struct, TypeDef, TypeKind, TypeRole, Usage,
};
use crate::lower::naming::{Namer, snake_name, type_name};
use openapiv3::{Parameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr};
use std::collections::BTreeSet;

/// Names an operation method's own arguments and locals take, which a path parameter's
/// argument must not.
const RESERVED_ARGUMENTS: [&str; 8] = [
    "self", "params", "body", "path", "query", "headers", "envelope", "response",
];

impl<'a> Lowerer<'a> {
    /// The parameters of an operation: its own and its path's (an operation-level parameter
    /// overrides a path-level one with the same name and location), lowered and checked for
    /// where they go. Returns the path parameters and the query and header parameters.
    pub(crate) fn lower_parameters(
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
        for reserved in RESERVED_ARGUMENTS {
            arg_names.reserve(reserved);
        }
        let mut field_names = Namer::new();
        let mut path_params = Vec::new();
        let mut other_params = Vec::new();
        for (param_at, parameter) in params {
            let data = parameter.parameter_data_ref();
            // `content` (one media type and its schema) instead of `schema`: a JSON media type
            // sends the value as JSON text; another (`text/plain`) as `schema` would.
            let (schema, json, schema_at) = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    (Some(schema), false, param_at.join("schema"))
                }
                ParameterSchemaOrContent::Content(content) => {
                    let Some((media_type, media)) = content.iter().next() else {
                        self.error(
                            ErrorKind::Invalid,
                            &param_at.join("content"),
                            "`content` must name one media type",
                        );
                        continue;
                    };
                    let json = is_json(media_type);
                    let at = param_at.join("content").join(media_type).join("schema");
                    (media.schema.as_ref(), json, at)
                }
            };
            let hint = format!("{op_type}{}", type_name(&data.name, "Param"));
            let lowered = match schema {
                Some(schema) => match self.lower_schema(schema.into(), &schema_at, &hint) {
                    Some(lowered) => lowered,
                    None => continue,
                },
                // A media type without a schema: any JSON value.
                None => super::Lowered::any(),
            };
            // A description with no words (`description: ""`) is none: the schema's docs, if any.
            let docs = super::join_docs(None, data.description.as_deref()).or(lowered.docs);
            let (location, explode) = match parameter {
                // Path and header values are written in `simple` style: scalars as they are,
                // arrays and objects comma-joined (or as JSON text, for `content`).
                Parameter::Path { .. } => (ParamLocation::Path, data.explode.unwrap_or(false)),
                Parameter::Query { style, .. } => {
                    let location = match style {
                        QueryStyle::DeepObject => ParamLocation::QueryDeepObject,
                        QueryStyle::Form => ParamLocation::Query,
                        // Exploded, both are `form`'s repeated keys.
                        QueryStyle::SpaceDelimited if data.explode != Some(true) => {
                            ParamLocation::QuerySpaceDelimited
                        }
                        QueryStyle::PipeDelimited if data.explode != Some(true) => {
                            ParamLocation::QueryPipeDelimited
                        }
                        QueryStyle::SpaceDelimited | QueryStyle::PipeDelimited => {
                            ParamLocation::Query
                        }
                    };
                    (location, data.explode.unwrap_or(true))
                }
                Parameter::Header { .. } => (ParamLocation::Header, data.explode.unwrap_or(false)),
                Parameter::Cookie { .. } => (ParamLocation::Cookie, data.explode.unwrap_or(true)),
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
                json,
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
    pub(crate) fn params_struct(
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
            docs: None,
            role: TypeRole::Params {
                method: method_name.to_owned(),
            },
            source: super::type_source(&at.join("parameters")),
            deprecated: false,
            kind: TypeKind::Struct(Struct {
                fields,
                additional: None,
                id_field: None,
                all_optional,
                expandable_target: false,
                usage: Usage::Params,
                rest: None,
            }),
            gate: crate::ir::Gate::Always,
        });
        struct_name
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
    /// counts as `{name}` when a path parameter of that name is defined. Slips that leave the
    /// request unambiguous are mended with a warning: one placeholder without a parameter and one
    /// path parameter not in the path (`/v1/timeoff/{id}` with a parameter `timeoff_id`) map to
    /// each other; another placeholder without a parameter gets an implied one (a required
    /// string named after it); a path parameter the path does not name is left out.
    pub(crate) fn split_path(
        &mut self,
        path: &str,
        params: &mut Vec<Param>,
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
        if split.unknown.is_empty() && split.unused.is_empty() {
            return Some(split.parts);
        }
        for wire in &split.unused {
            self.warn(
                at,
                format!("path parameter `{wire}` does not appear in the path `{path}`"),
                "the parameter left out of the method",
            );
        }
        params.retain(|p| !split.unused.contains(&p.wire_name));
        let mut names = Namer::new();
        for reserved in RESERVED_ARGUMENTS {
            names.reserve(reserved);
        }
        for param in params.iter() {
            names.reserve(&param.name);
        }
        for placeholder in &split.unknown {
            self.warn(
                at,
                format!("path `{path}` names `{{{placeholder}}}`, but no path parameter `{placeholder}` is defined"),
                format!("an implied required string parameter `{placeholder}`"),
            );
            params.push(Param {
                name: names.claim(snake_name(placeholder, "param")),
                wire_name: placeholder.clone(),
                docs: None,
                ty: crate::ir::TypeRef::String,
                required: true,
                explode: false,
                json: false,
                location: ParamLocation::Path,
                default: None,
            });
        }
        // Parameters in the order the path names them, as the method takes them.
        let split = split_template(path, params, None);
        let order: Vec<&str> = split
            .parts
            .iter()
            .filter_map(|part| match part {
                PathPart::Param(name) => Some(name.as_str()),
                PathPart::Literal(_) => None,
            })
            .collect();
        params.sort_by_key(|p| order.iter().position(|name| *name == p.name));
        Some(split.parts)
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

/// Whether a media type is JSON (`application/json`, `application/problem+json`, `text/json`).
fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence.ends_with("/json")
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

#[cfg(test)]
mod tests;
