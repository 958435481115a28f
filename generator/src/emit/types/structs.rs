//! Structs (emit phase): the struct of an object schema, its fields, the map of the rest of its
//! properties, its constructor and setters, `Identified`, and the `Debug` that hides secrets.
//! Written as text ([`Writer`]): every item here has a fixed shape, and a struct's file is most
//! of what a spec generates.

use super::type_text;
use crate::diagnostics::error::SpecError;
use crate::emit::ident;
use crate::emit::names::{Name, Scope};
use crate::emit::writer::{Writer, code, literal};
use crate::ir::{Field, Struct, TypeDef, TypeRef, TypeRole, Usage};
use proc_macro2::TokenStream;
use quote::quote;

/// The struct's items after its docs (`header`): the definition, `new(..)` with the setters,
/// `Identified`, and a `Debug` that hides secrets.
pub(crate) fn write_struct(
    w: &mut Writer,
    def: &TypeDef,
    s: &Struct,
    scope: &Scope<'_>,
) -> Result<(), SpecError> {
    // A secret field is never shown by `Debug`: the struct writes its own.
    let secret = s.fields.iter().any(|f| f.secret);
    let mut derives = vec!["Clone"];
    if !secret {
        derives.push("Debug");
    }
    if s.all_optional {
        derives.push("Default");
    }
    derives.push("PartialEq");
    let serialize = code(&scope.get(Name::Serialize));
    // Parameters only ever go out (the client writes them into the query and headers): no
    // `Deserialize`, which is the largest derive and cost 11% of `cargo check` of nexus's crate.
    let deserialize = decodes(def).then(|| code(&scope.get(Name::Deserialize)));
    let mut derives: Vec<&str> = derives;
    derives.push(&serialize);
    derives.extend(deserialize.as_deref());
    w.line(0, &format!("#[derive({})]", derives.join(", ")));
    // Every struct is `#[non_exhaustive]`, so that a field the API adds later is not a breaking
    // change: callers read what responses carry, and build requests with `new(..)` and setters.
    w.line(0, "#[non_exhaustive]");
    if s.fields.is_empty() && s.rest.is_none() {
        w.line(0, &format!("pub struct {} {{}}", def.name));
    } else {
        w.line(0, &format!("pub struct {} {{", def.name));
        for field in &s.fields {
            write_field(w, field, scope);
        }
        if let Some(rest) = &s.rest {
            let map = type_text(&TypeRef::Map(Box::new(rest.ty.clone())), scope);
            w.line(
                1,
                if rest.declared {
                    "/// Properties other than the ones above."
                } else {
                    "/// Fields the spec does not name, as the API sent them; written back unchanged."
                },
            );
            w.line(1, "#[serde(flatten)]");
            w.line(1, &format!("pub {}: {map},", rest.name));
        }
        w.line(0, "}");
    }
    write_constructor(w, def, s, scope);
    write_identified(w, def, s, scope);
    if secret {
        let debug = redacting_debug(def, s);
        w.push_text(&crate::emit::text::format(
            &format!("{}'s Debug", def.name),
            debug,
        )?);
    }
    Ok(())
}

/// Whether the struct implements `Deserialize`: every one but an operation's parameters.
pub(crate) fn decodes(def: &TypeDef) -> bool {
    !matches!(def.role, TypeRole::Params { .. })
}

fn write_field(w: &mut Writer, field: &Field, scope: &Scope<'_>) {
    if let Some(docs) = crate::emit::docs::field_docs(field) {
        w.docs(1, &crate::emit::docs::doc_lines(&docs));
    }
    if field.deprecated {
        w.line(1, "#[deprecated]");
    }
    let mut ty = type_text(&field.ty, scope);
    if field.boxed {
        ty = format!("{}<{ty}>", code(&scope.get(Name::Box)));
    }
    let mut serde = Vec::new();
    if field.name != field.wire_name {
        serde.push(format!("rename = {}", literal(&field.wire_name)));
    }
    if field.presence.is_option() {
        let option = code(&scope.get(Name::Option));
        // serde decodes a missing `Option` field as `None` by itself. Only fields the spec does
        // not require are left out when serializing `None`; a required, nullable one is written
        // as `null`.
        if field.presence.omits_none() {
            let is_none = format!("{option}::is_none");
            serde.push(format!("skip_serializing_if = {}", literal(&is_none)));
        }
        ty = format!("{option}<{ty}>");
    }
    if !serde.is_empty() {
        w.line(1, &format!("#[serde({})]", serde.join(", ")));
    }
    w.line(1, &format!("pub {}: {ty},", field.name));
}

/// `Debug` that shows `[redacted]` for the value of each secret field (`None` stays `None`):
/// tokens, printed by prettyplease, since its method chain wraps as prettyplease decides.
fn redacting_debug(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let type_name = &def.name;
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let label = &f.name;
        match (f.secret, f.presence.is_option()) {
            (false, _) => quote!(.field(#label, &self.#field)),
            (true, true) => {
                quote!(.field(#label, &self.#field.as_ref().map(|_| crate::support::Redacted)))
            }
            (true, false) => quote!(.field(#label, &crate::support::Redacted)),
        }
    });
    let rest = s.rest.as_ref().map(|rest| {
        let field = ident(&rest.name);
        let label = &rest.name;
        quote!(.field(#label, &self.#field))
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#fields)*
                    #rest
                    .finish()
            }
        }
    }
}

/// prettyplease writes a struct literal on one line up to this width.
const STRUCT_LITERAL_MAX_WIDTH: usize = 34;

/// `new(..)`, which takes the required fields, in order, and leaves every optional one `None`;
/// and, for the structs callers build (requests and parameters), a setter per optional field
/// (`.mode(CheckoutSessionMode::Payment)`), so that a request reads as one chain and a field
/// the API adds later breaks no caller. A response struct with no required field has `Default`
/// and no `new`; one callers build has both.
fn write_constructor(w: &mut Writer, def: &TypeDef, s: &Struct, scope: &Scope<'_>) {
    let built = s.usage != Usage::Response;
    if s.all_optional {
        if !built {
            return;
        }
        w.line(0, &format!("impl {} {{", def.name));
        w.line(
            1,
            &format!(
                "/// A `{}` with every field `None`; set them with the setters.",
                def.name
            ),
        );
        // No setter is named `default` (see `TAKEN_METHOD_NAMES`), so this is `Default`'s.
        w.line(1, "pub fn new() -> Self {");
        w.line(2, "Self::default()");
        w.line(1, "}");
        write_setters(w, s, scope);
        w.line(0, "}");
        return;
    }
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| !f.presence.is_option())
        .collect();
    // A type callers build takes `impl Into<T>`, as its setters do (`CreatePrice::new("fprod_1",
    // 1200)`); a response type's `new` takes the types themselves, for the tests that make one.
    let into = code(&scope.get(Name::Into));
    let params: Vec<String> = required
        .iter()
        .map(|f| {
            let ty = type_text(&f.ty, scope);
            if built {
                format!("{}: impl {into}<{ty}>", f.name)
            } else {
                format!("{}: {ty}", f.name)
            }
        })
        .collect();
    let mut inits: Vec<String> = s
        .fields
        .iter()
        .map(|f| match (f.presence.is_option(), f.boxed) {
            (true, _) => format!("{}: {}", f.name, code(&scope.get(Name::None))),
            (false, true) => {
                let value = if built {
                    format!("{}.into()", f.name)
                } else {
                    f.name.clone()
                };
                format!("{}: {}::new({value})", f.name, code(&scope.get(Name::Box)))
            }
            (false, false) if built => format!("{0}: {0}.into()", f.name),
            (false, false) => f.name.clone(),
        })
        .collect();
    if let Some(rest) = &s.rest {
        inits.push(format!(
            "{}: {}::new()",
            rest.name,
            code(&scope.get(Name::BTreeMap))
        ));
    }
    let doc = if built {
        format!(
            "/// A `{}` with the required fields given and every other one `None`; set those with the setters.",
            def.name
        )
    } else {
        format!(
            "/// A `{}` with the required fields given and every other one `None`.",
            def.name
        )
    };
    w.line(0, &format!("impl {} {{", def.name));
    w.line(1, &doc);
    // Clippy's limit is seven arguments.
    if required.len() > 7 {
        w.line(1, "#[allow(clippy::too_many_arguments)]");
    }
    w.signature(1, "pub fn new", &params, " -> Self {");
    let flat = format!("{} {{ {} }}", def.name, inits.join(", "));
    if flat.len() <= STRUCT_LITERAL_MAX_WIDTH && 8 + flat.len() <= crate::emit::writer::MARGIN {
        w.line(2, &flat);
    } else {
        w.line(2, &format!("{} {{", def.name));
        for init in &inits {
            w.line(3, &format!("{init},"));
        }
        w.line(2, "}");
    }
    w.line(1, "}");
    if built {
        write_setters(w, s, scope);
    }
    w.line(0, "}");
}

/// Field names whose setter would take the name of a method callers (or the generated code)
/// call on every struct: the constructor, and the methods of the traits structs implement. An
/// inherent method wins over a trait's, so a setter named `default` would turn `Self::default()`
/// into a call of the setter, and one named `clone` would break `body.clone()`. Their setters
/// are `with_{field}`.
const TAKEN_METHOD_NAMES: [&str; 16] = [
    "new",
    "default",
    "clone",
    "clone_from",
    "eq",
    "ne",
    "fmt",
    "serialize",
    "deserialize",
    "into",
    "try_into",
    "from",
    "to_owned",
    "borrow",
    "type_id",
    "object_id",
];

/// The setters of a struct's optional fields, a line each: `crate::support::setters!` writes
/// each one (`pub fn mode(mut self, mode: impl Into<CheckoutSessionMode>) -> Self`), so that the
/// generated file stays short and there is less to print and to compile. A field named after a
/// method every struct has ([`TAKEN_METHOD_NAMES`]) has its setter, `with_{field}`, written out.
fn write_setters(w: &mut Writer, s: &Struct, scope: &Scope<'_>) {
    let optional = || s.fields.iter().filter(|f| f.presence.is_option());
    let taken = |f: &Field| TAKEN_METHOD_NAMES.contains(&f.name.as_str());
    for f in optional().filter(|f| taken(f)) {
        let ty = type_text(&f.ty, scope);
        let value = if f.boxed {
            format!("{}::new(value.into())", code(&scope.get(Name::Box)))
        } else {
            "value.into()".to_owned()
        };
        let (some, into) = (code(&scope.get(Name::Some)), code(&scope.get(Name::Into)));
        w.line(1, &format!("/// Sets `{}`.", f.name));
        w.signature(
            1,
            &format!("pub fn with_{}", f.name),
            &["mut self".to_owned(), format!("value: impl {into}<{ty}>")],
            " -> Self {",
        );
        w.line(2, &format!("self.{} = {some}({value});", f.name));
        w.line(2, "self");
        w.line(1, "}");
    }
    let (boxed, plain): (Vec<&Field>, Vec<&Field>) =
        optional().filter(|f| !taken(f)).partition(|f| f.boxed);
    for (setters, fields) in [("setters", plain), ("boxed_setters", boxed)] {
        if fields.is_empty() {
            continue;
        }
        w.line(1, &format!("crate::support::{setters}! {{"));
        for f in fields {
            w.line(2, &format!("{}: {};", f.name, type_text(&f.ty, scope)));
        }
        w.line(1, "}");
    }
}

/// `Identified` for structs with an ID field, and for every struct that is the object side of an
/// `Expandable` (whose `id()` needs it), with or without one.
fn write_identified(w: &mut Writer, def: &TypeDef, s: &Struct, scope: &Scope<'_>) {
    let body = match s
        .id_field
        .as_ref()
        .and_then(|id| s.fields.iter().find(|f| &f.name == id))
    {
        Some(field) if field.presence.is_option() => format!("self.{}.as_deref()", field.name),
        Some(field) => format!("{}(&self.{})", code(&scope.get(Name::Some)), field.name),
        None if s.expandable_target => code(&scope.get(Name::None)),
        None => return,
    };
    let option = code(&scope.get(Name::Option));
    w.line(0, &format!("impl crate::Identified for {} {{", def.name));
    w.line(1, &format!("fn object_id(&self) -> {option}<&str> {{"));
    w.line(2, &body);
    w.line(1, "}");
    w.line(0, "}");
}
