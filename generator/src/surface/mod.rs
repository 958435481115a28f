//! The API surface (after lowering): what users of a generated crate can name, taken from the
//! IR, and how two surfaces differ, each change marked breaking or not for users of the Rust
//! crate. `cargo xtask codegen` records the surface of the last released version of a crate and
//! reports what a regeneration changes against it.

mod features;

use crate::ir::{Api, BodyKind, Gate, ResponseBody, SuccessResponse, TypeKind, TypeRef, Usage};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Everything a user of the crate can name: operations and types.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Surface {
    /// Operations by method name.
    pub operations: BTreeMap<String, OperationSurface>,
    /// Types by name.
    pub types: BTreeMap<String, TypeSurface>,
    /// The cargo features that turn on each type that is not always there, by type name
    /// (records made before resource features have none).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub type_features: BTreeMap<String, Vec<String>>,
}

/// The signature of one operation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationSurface {
    /// `GET /v1/checkout/sessions/{id}`.
    pub endpoint: String,
    /// Path parameters, in order, with their Rust types.
    pub path_params: Vec<(String, String)>,
    /// Query and header parameters by field name: Rust type and whether required.
    pub params: BTreeMap<String, ParamSurface>,
    /// The body argument's Rust type, if any.
    pub body: Option<String>,
    /// The Rust type a successful call returns.
    pub returns: String,
    /// The cargo feature that turns it on (empty in records made before resource features).
    #[serde(default)]
    pub feature: String,
}

/// One query or header parameter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParamSurface {
    /// Its Rust type.
    pub ty: String,
    /// Whether the caller must give it.
    pub required: bool,
}

/// The shape of one type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TypeSurface {
    /// A struct: its fields by Rust name, with their Rust types (`Option<..>` when optional).
    Struct {
        /// Whether callers build it: a request body or parameters (or both ways), rather than a
        /// response only.
        input: bool,
        /// Whether callers build it with `new(..)` and setters (every struct is
        /// `#[non_exhaustive]`), so that a new optional field breaks nobody. Records made before
        /// the generator had setters lack it: their input structs were built with literals.
        #[serde(default)]
        setters: bool,
        /// Whether it implements `Deserialize` (every struct but an operation's parameters;
        /// records made before parameters lost it lack the field, and every struct did).
        #[serde(default = "implemented", skip_serializing_if = "is_true")]
        decodes: bool,
        /// Fields by Rust name.
        fields: BTreeMap<String, String>,
    },
    /// An enum with a catch-all: its known values.
    Enum {
        /// Wire values.
        values: BTreeSet<String>,
    },
    /// A union: its variants and their types.
    Union {
        /// Variant name → type.
        variants: BTreeMap<String, String>,
    },
}

fn implemented() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

/// How much a version must move for a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Only additions: a minor bump (a patch bump for `0.x`).
    Minor,
    /// Something breaks callers: a major bump (a minor bump for `0.x`).
    Major,
}

/// One change to the surface.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Whether it breaks code that compiles against the old crate.
    pub breaking: bool,
    /// What changed, in a sentence.
    pub description: String,
}

/// Every change between two surfaces.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The changes, breaking ones first, each group sorted.
    pub changes: Vec<Change>,
}

impl Report {
    /// The bump the changes need.
    pub fn bump(&self) -> Bump {
        if self.changes.iter().any(|c| c.breaking) {
            Bump::Major
        } else if self.changes.is_empty() {
            Bump::None
        } else {
            Bump::Minor
        }
    }

    /// The report as Markdown, for a pull request description.
    pub fn to_markdown(&self, crate_name: &str, baseline_version: &str) -> String {
        let mut out = format!("## API changes in `{crate_name}` since {baseline_version}\n\n");
        if self.changes.is_empty() {
            out.push_str("No change to the API surface.\n");
            return out;
        }
        let bump = match self.bump() {
            Bump::Major => {
                "**breaking**: needs a major version bump (a minor one while the version is 0.x)"
            }
            Bump::Minor => {
                "additions only: a minor version bump (a patch one while the version is 0.x)"
            }
            Bump::None => "none",
        };
        let _ = writeln!(out, "Version bump needed: {bump}.\n");
        for (title, breaking) in [("Breaking", true), ("Non-breaking", false)] {
            let group: Vec<&Change> = self
                .changes
                .iter()
                .filter(|c| c.breaking == breaking)
                .collect();
            if group.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {title}\n");
            for change in group {
                let _ = writeln!(out, "- {}", change.description);
            }
            out.push('\n');
        }
        out
    }
}

/// The surface of an API.
pub fn surface(api: &Api) -> Surface {
    let mut types = BTreeMap::new();
    for def in &api.types {
        let shape = match &def.kind {
            TypeKind::Struct(s) => {
                let mut fields: BTreeMap<String, String> = s
                    .fields
                    .iter()
                    .map(|f| {
                        let mut ty = rust_type(&f.ty);
                        if f.boxed {
                            ty = format!("Box<{ty}>");
                        }
                        if f.presence.is_option() {
                            ty = format!("Option<{ty}>");
                        }
                        (f.name.clone(), ty)
                    })
                    .collect();
                if let Some(extra) = &s.additional {
                    fields.insert(
                        "additional_properties".to_owned(),
                        format!("BTreeMap<String, {}>", rust_type(extra)),
                    );
                }
                let input = s.usage != Usage::Response;
                TypeSurface::Struct {
                    input,
                    // The emitter's rules, so the report cannot disagree with the code.
                    setters: input,
                    decodes: !matches!(def.role, crate::ir::TypeRole::Params { .. }),
                    fields,
                }
            }
            TypeKind::StringEnum(e) => TypeSurface::Enum {
                values: e.variants.iter().map(|v| v.wire_name.clone()).collect(),
            },
            TypeKind::IntEnum(e) => TypeSurface::Enum {
                values: e.variants.iter().map(|v| v.value.to_string()).collect(),
            },
            TypeKind::Union(u) => TypeSurface::Union {
                variants: u
                    .variants
                    .iter()
                    .map(|v| (v.name.clone(), rust_type(&v.ty)))
                    .collect(),
            },
            TypeKind::Responses(variants) => TypeSurface::Union {
                variants: variants
                    .iter()
                    .map(|v| (v.name.clone(), response_type(&v.body)))
                    .collect(),
            },
        };
        types.insert(def.name.clone(), shape);
    }
    let operations = api
        .operations
        .iter()
        .map(|op| {
            let surface = OperationSurface {
                endpoint: format!("{} {}", op.method.as_str(), op.path),
                path_params: op
                    .path_params
                    .iter()
                    .map(|p| (p.name.clone(), rust_type(&p.ty)))
                    .collect(),
                params: op
                    .params
                    .iter()
                    .map(|p| {
                        (
                            p.name.clone(),
                            ParamSurface {
                                ty: rust_type(&p.ty),
                                required: p.required,
                            },
                        )
                    })
                    .collect(),
                body: op.body.as_ref().map(|b| {
                    let ty = match &b.kind {
                        BodyKind::Json { ty, .. } | BodyKind::Form { ty } => rust_type(ty),
                        BodyKind::Multipart { .. } => "Multipart".to_owned(),
                        BodyKind::Text { .. } => "String".to_owned(),
                        BodyKind::Bytes { .. } => "Bytes".to_owned(),
                    };
                    if b.required {
                        ty
                    } else {
                        format!("Option<{ty}>")
                    }
                }),
                returns: match &op.response {
                    SuccessResponse::Single(body) => response_type(body),
                    SuccessResponse::Envelope { inner, .. } => rust_type(inner),
                    SuccessResponse::List {
                        item, pagination, ..
                    } => match pagination {
                        Some(_) => format!("Page<{}>", rust_type(item)),
                        None => format!("Vec<{}>", rust_type(item)),
                    },
                    SuccessResponse::ByStatus { ty } => rust_type(ty),
                },
                feature: api
                    .features
                    .iter()
                    .find(|f| f.module == op.module)
                    .map(|f| f.name.clone())
                    .unwrap_or_default(),
            };
            (op.name.clone(), surface)
        })
        .collect();
    let type_features = api
        .types
        .iter()
        .filter_map(|def| match &def.gate {
            Gate::Always => None,
            Gate::Any(features) => Some((def.name.clone(), features.clone())),
        })
        .collect();
    Surface {
        operations,
        types,
        type_features,
    }
}

fn response_type(body: &ResponseBody) -> String {
    match body {
        ResponseBody::Empty => "()".to_owned(),
        ResponseBody::Json(ty) => rust_type(ty),
        ResponseBody::Text => "String".to_owned(),
        ResponseBody::Bytes => "Bytes".to_owned(),
    }
}

/// A short Rust spelling of a type, for reports.
pub(crate) fn rust_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Integer { bits, signed } => format!("{}{bits}", if *signed { "i" } else { "u" }),
        TypeRef::Number { bits } => format!("f{bits}"),
        TypeRef::Boolean => "bool".to_owned(),
        TypeRef::DateTime => "DateTime<Utc>".to_owned(),
        TypeRef::Date => "NaiveDate".to_owned(),
        TypeRef::Uuid => "Uuid".to_owned(),
        TypeRef::IpAddr { version: Some(4) } => "Ipv4Addr".to_owned(),
        TypeRef::IpAddr { version: Some(6) } => "Ipv6Addr".to_owned(),
        TypeRef::IpAddr { .. } => "IpAddr".to_owned(),
        TypeRef::Any => "Value".to_owned(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Array(inner) => format!("Vec<{}>", rust_type(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", rust_type(inner)),
        TypeRef::Expandable(inner) => format!("Expandable<{}>", rust_type(inner)),
    }
}

/// What changed from `old` to `new`.
pub fn diff(old: &Surface, new: &Surface) -> Report {
    let mut changes = Vec::new();
    let mut push = |breaking: bool, description: String| {
        changes.push(Change {
            breaking,
            description,
        })
    };

    for (name, op) in &new.operations {
        match old.operations.get(name) {
            None => push(
                false,
                format!("operation `{name}` added (`{}`)", op.endpoint),
            ),
            Some(before) => diff_operation(name, before, op, &mut push),
        }
    }
    for (name, op) in &old.operations {
        if !new.operations.contains_key(name) {
            push(
                true,
                format!("operation `{name}` removed (`{}`)", op.endpoint),
            );
        }
    }

    for (name, ty) in &new.types {
        match old.types.get(name) {
            None => push(false, format!("type `{name}` added")),
            Some(before) => diff_type(name, before, ty, &mut push),
        }
    }
    for name in old.types.keys() {
        if !new.types.contains_key(name) {
            push(true, format!("type `{name}` removed"));
        }
    }
    features::diff(old, new, &mut push);

    changes.sort_by(|a, b| (!a.breaking, &a.description).cmp(&(!b.breaking, &b.description)));
    Report { changes }
}

fn diff_operation(
    name: &str,
    old: &OperationSurface,
    new: &OperationSurface,
    push: &mut impl FnMut(bool, String),
) {
    if old.endpoint != new.endpoint {
        push(
            false,
            format!(
                "operation `{name}` now calls `{}` (was `{}`)",
                new.endpoint, old.endpoint
            ),
        );
    }
    if old.path_params != new.path_params {
        let show = |p: &[(String, String)]| {
            p.iter()
                .map(|(n, t)| format!("{n}: {t}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        push(
            true,
            format!(
                "operation `{name}`: path arguments changed from ({}) to ({})",
                show(&old.path_params),
                show(&new.path_params)
            ),
        );
    }
    for (param, p) in &new.params {
        match old.params.get(param) {
            // Parameters are fields of the operation's params struct, built with `new(..)` (which
            // takes the required ones) and a setter per optional one: only a required one breaks.
            None => push(
                p.required,
                format!(
                    "operation `{name}`: {} parameter `{param}` added",
                    if p.required { "required" } else { "optional" },
                ),
            ),
            Some(before) if before.ty != p.ty => push(
                true,
                format!(
                    "operation `{name}`: parameter `{param}` changed type from `{}` to `{}`",
                    before.ty, p.ty
                ),
            ),
            Some(before) if !before.required && p.required => push(
                true,
                format!("operation `{name}`: parameter `{param}` is now required"),
            ),
            Some(before) if before.required && !p.required => push(
                true,
                format!(
                    "operation `{name}`: parameter `{param}` is now optional (its type becomes an `Option`)"
                ),
            ),
            Some(_) => {}
        }
    }
    for param in old.params.keys() {
        if !new.params.contains_key(param) {
            push(
                true,
                format!("operation `{name}`: parameter `{param}` removed"),
            );
        }
    }
    if old.body != new.body {
        let show = |b: &Option<String>| b.clone().unwrap_or_else(|| "none".to_owned());
        push(
            true,
            format!(
                "operation `{name}`: body changed from `{}` to `{}`",
                show(&old.body),
                show(&new.body)
            ),
        );
    }
    if old.returns != new.returns {
        push(
            true,
            format!(
                "operation `{name}`: returns `{}` instead of `{}`",
                new.returns, old.returns
            ),
        );
    }
}

fn diff_type(
    name: &str,
    old: &TypeSurface,
    new: &TypeSurface,
    push: &mut impl FnMut(bool, String),
) {
    match (old, new) {
        (
            TypeSurface::Struct {
                fields: before,
                setters: had_setters,
                decodes: decoded,
                ..
            },
            TypeSurface::Struct {
                input,
                setters,
                decodes,
                fields: after,
            },
        ) => {
            if *decoded != *decodes {
                let change = if *decodes {
                    "now implements"
                } else {
                    "no longer implements"
                };
                push(!decodes, format!("type `{name}`: {change} `Deserialize`"));
            }
            if *input && *setters && !had_setters {
                push(
                    true,
                    format!(
                        "type `{name}`: now `#[non_exhaustive]`, built with `new(..)` and a setter per optional field (struct literals no longer compile)"
                    ),
                );
            }
            if *had_setters && !setters {
                // No request uses it any more: it is a response struct, with no setters.
                push(
                    true,
                    format!("type `{name}`: setters removed (no request takes it any more)"),
                );
            }
            for (field, ty) in after {
                match before.get(field) {
                    None => {
                        // Every struct is `#[non_exhaustive]` and built with `new(..)`, which
                        // takes the required fields: a new optional field (and its setter)
                        // breaks nobody, a new required one changes `new(..)` (or, in a struct
                        // that had none, takes away `Default`).
                        let required = !ty.starts_with("Option<");
                        let kind = if required { "required" } else { "optional" };
                        push(
                            required,
                            format!("type `{name}`: {kind} field `{field}: {ty}` added"),
                        );
                    }
                    Some(old_ty) if old_ty != ty => push(
                        true,
                        format!(
                            "type `{name}`: field `{field}` changed type from `{old_ty}` to `{ty}`"
                        ),
                    ),
                    Some(_) => {}
                }
            }
            for field in before.keys() {
                if !after.contains_key(field) {
                    push(true, format!("type `{name}`: field `{field}` removed"));
                }
            }
        }
        (TypeSurface::Enum { values: before }, TypeSurface::Enum { values: after }) => {
            for value in after.difference(before) {
                // Enums keep unknown values and are `#[non_exhaustive]`, so a new value breaks
                // neither decoding nor matches.
                push(false, format!("enum `{name}`: value `{value}` added"));
            }
            for value in before.difference(after) {
                push(true, format!("enum `{name}`: value `{value}` removed"));
            }
        }
        (TypeSurface::Union { variants: before }, TypeSurface::Union { variants: after }) => {
            for (variant, ty) in after {
                match before.get(variant) {
                    None => push(
                        false,
                        format!("union `{name}`: variant `{variant}({ty})` added"),
                    ),
                    Some(old_ty) if old_ty != ty => push(
                        true,
                        format!(
                            "union `{name}`: variant `{variant}` changed type from `{old_ty}` to `{ty}`"
                        ),
                    ),
                    Some(_) => {}
                }
            }
            for variant in before.keys() {
                if !after.contains_key(variant) {
                    push(true, format!("union `{name}`: variant `{variant}` removed"));
                }
            }
        }
        _ => push(true, format!("type `{name}` changed kind")),
    }
}

#[cfg(test)]
mod tests;
