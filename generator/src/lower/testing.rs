//! Test support for lowering and the IR passes: small specs run through steps 1 to 6 (without
//! the passes, so that each test sees what one step made), and look-ups into the IR.

use crate::diagnostics::Ctxt;
use crate::diagnostics::error::{ErrorKind, Errors};
use crate::ir::{Api, Field, Operation, Struct, TypeDef, TypeKind, TypeRef};

/// What every test spec begins with; the tests write the rest (`paths`, `components`).
const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

/// Steps 1 to 6 on `HEAD` + `rest`: the IR before the passes, and the warnings' pointers and
/// texts, or every problem.
pub(crate) fn try_lower(rest: &str) -> Result<(Api, Vec<String>), Errors> {
    let text = format!("{HEAD}{rest}");
    let mut cx = Ctxt::new();
    let api = crate::document::load(&text, &mut cx).and_then(|spec| super::lower(&spec, &mut cx));
    let (api, warnings) = cx.finish(api)?;
    let warnings = warnings
        .iter()
        .map(|w| format!("{}: {}", w.pointer, w.loosened))
        .collect();
    Ok((api, warnings))
}

/// The IR of a spec that lowers, before the passes.
pub(crate) fn lowered(rest: &str) -> Api {
    let (api, _) = try_lower(rest).unwrap_or_else(|errors| panic!("{errors}"));
    api
}

/// The IR of a spec that lowers, with its warnings (`pointer: what was loosened`).
pub(crate) fn lowered_with_warnings(rest: &str) -> (Api, Vec<String>) {
    try_lower(rest).unwrap_or_else(|errors| panic!("{errors}"))
}

/// The problems of a spec that does not lower, as `(kind, pointer)`.
pub(crate) fn errors(rest: &str) -> Vec<(ErrorKind, String)> {
    match try_lower(rest) {
        Ok((api, _)) => panic!("lowered, but should not have: {api:?}"),
        Err(errors) => errors.iter().map(|e| (e.kind, e.pointer.clone())).collect(),
    }
}

/// The type named `name`.
pub(crate) fn type_def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| {
            let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
            panic!("no type `{name}` among {names:?}")
        })
}

/// The names of the types, in order.
pub(crate) fn type_names(api: &Api) -> Vec<&str> {
    api.types.iter().map(|t| t.name.as_str()).collect()
}

/// The struct named `name`.
pub(crate) fn strukt<'a>(api: &'a Api, name: &str) -> &'a Struct {
    match &type_def(api, name).kind {
        TypeKind::Struct(s) => s,
        other => panic!("`{name}` is not a struct: {other:?}"),
    }
}

/// The field of `s` with the wire name `wire`.
pub(crate) fn field<'a>(s: &'a Struct, wire: &str) -> &'a Field {
    s.fields
        .iter()
        .find(|f| f.wire_name == wire)
        .unwrap_or_else(|| panic!("no field `{wire}` in {s:?}"))
}

/// The operation whose method is named `name`.
pub(crate) fn operation<'a>(api: &'a Api, name: &str) -> &'a Operation {
    api.operations
        .iter()
        .find(|op| op.name == name)
        .unwrap_or_else(|| {
            let names: Vec<&str> = api.operations.iter().map(|op| op.name.as_str()).collect();
            panic!("no operation `{name}` among {names:?}")
        })
}

/// `TypeRef::Named(name)`.
pub(crate) fn named(name: &str) -> TypeRef {
    TypeRef::Named(name.to_owned())
}
