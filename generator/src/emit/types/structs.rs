//! Structs (emit phase): the struct of an object schema, its fields, the map of the rest of its
//! properties, its constructor, `Identified`, and the `Debug` that hides secrets.

use super::type_tokens;
use crate::emit::names::{Name, Scope};
use crate::emit::{doc_attrs, ident};
use crate::ir::{Field, Struct, TypeDef, TypeRef, TypeRole, Usage};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn struct_tokens(
    def: &TypeDef,
    s: &Struct,
    header: TokenStream,
    scope: &Scope<'_>,
) -> TokenStream {
    let name = ident(&def.name);
    let fields = s.fields.iter().map(|field| field_tokens(field, scope));
    let rest = s.rest.as_ref().map(|rest| {
        let field = ident(&rest.name);
        let map = type_tokens(&TypeRef::Map(Box::new(rest.ty.clone())), scope);
        let doc = if rest.declared {
            " Properties other than the ones above."
        } else {
            " Fields the spec does not name, as the API sent them; written back unchanged."
        };
        quote! {
            #[doc = #doc]
            #[serde(flatten)]
            pub #field: #map,
        }
    });
    let default = if s.all_optional {
        quote!(Default,)
    } else {
        TokenStream::new()
    };
    // A secret field is never shown by `Debug`: the struct writes its own.
    let secret = s.fields.iter().any(|f| f.secret);
    let debug = if secret {
        TokenStream::new()
    } else {
        quote!(Debug,)
    };
    let debug_impl = if secret {
        redacting_debug(def, s)
    } else {
        TokenStream::new()
    };
    // Every struct is `#[non_exhaustive]`, so that a field the API adds later is not a breaking
    // change: callers read what responses carry, and build requests with `new(..)` and setters.
    let identified = identified_impl(def, s, scope);
    let constructor = constructor(def, s, scope);
    let serialize = scope.get(Name::Serialize);
    // Parameters only ever go out (the client writes them into the query and headers): no
    // `Deserialize`, which is the largest derive and cost 11% of `cargo check` of nexus's crate.
    let deserialize = if decodes(def) {
        let deserialize = scope.get(Name::Deserialize);
        quote!(, #deserialize)
    } else {
        TokenStream::new()
    };
    quote! {
        #header
        #[derive(Clone, #debug #default PartialEq, #serialize #deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #rest
        }
        #constructor
        #identified
        #debug_impl
    }
}

/// Whether the struct implements `Deserialize`: every one but an operation's parameters.
pub(crate) fn decodes(def: &TypeDef) -> bool {
    !matches!(def.role, TypeRole::Params { .. })
}

/// `Debug` that shows `[redacted]` for the value of each secret field (`None` stays `None`).
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

/// `new(..)`, which takes the required fields, in order, and leaves every optional one `None`;
/// and, for the structs callers build (requests and parameters), a setter per optional field
/// (`.mode(CheckoutSessionMode::Payment)`), so that a request reads as one chain and a field
/// the API adds later breaks no caller. A response struct with no required field has `Default`
/// and no `new`; one callers build has both.
fn constructor(def: &TypeDef, s: &Struct, scope: &Scope<'_>) -> TokenStream {
    let built = s.usage != Usage::Response;
    let name = ident(&def.name);
    let setters = if built {
        setters(s, scope)
    } else {
        TokenStream::new()
    };
    if s.all_optional {
        if !built {
            return TokenStream::new();
        }
        let doc = format!(
            " A `{}` with every field `None`; set them with the setters.",
            def.name
        );
        return quote! {
            impl #name {
                #[doc = #doc]
                // No setter is named `default` (see `TAKEN_METHOD_NAMES`), so this is `Default`'s.
                pub fn new() -> Self {
                    Self::default()
                }
                #setters
            }
        };
    }
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| !f.presence.is_option())
        .collect();
    // A type callers build takes `impl Into<T>`, as its setters do (`CreatePrice::new("fprod_1",
    // 1200)`); a response type's `new` takes the types themselves, for the tests that make one.
    let into = scope.get(Name::Into);
    let args = required.iter().map(|f| {
        let name = ident(&f.name);
        let ty = type_tokens(&f.ty, scope);
        if built {
            quote!(#name: impl #into<#ty>)
        } else {
            quote!(#name: #ty)
        }
    });
    let inits: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| {
            let name = ident(&f.name);
            match (f.presence.is_option(), f.boxed) {
                (true, _) => {
                    let none = scope.get(Name::None);
                    quote!(#name: #none)
                }
                (false, true) => {
                    let boxed = scope.get(Name::Box);
                    let value = if built {
                        quote!(#name.into())
                    } else {
                        quote!(#name)
                    };
                    quote!(#name: #boxed::new(#value))
                }
                (false, false) if built => quote!(#name: #name.into()),
                (false, false) => quote!(#name),
            }
        })
        .collect();
    let additional = s.rest.as_ref().map(|rest| {
        let field = ident(&rest.name);
        let map = scope.get(Name::BTreeMap);
        quote!(#field: #map::new(),)
    });
    // Clippy's limit is seven arguments.
    let allow = if required.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        TokenStream::new()
    };
    let doc = if built {
        format!(
            " A `{}` with the required fields given and every other one `None`; set those with the setters.",
            def.name
        )
    } else {
        format!(
            " A `{}` with the required fields given and every other one `None`.",
            def.name
        )
    };
    quote! {
        impl #name {
            #[doc = #doc]
            #allow
            pub fn new(#(#args),*) -> Self {
                #name { #(#inits,)* #additional }
            }
            #setters
        }
    }
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
fn setters(s: &Struct, scope: &Scope<'_>) -> TokenStream {
    let optional = || s.fields.iter().filter(|f| f.presence.is_option());
    let taken = |f: &Field| TAKEN_METHOD_NAMES.contains(&f.name.as_str());
    let mut out = TokenStream::new();
    for f in optional().filter(|f| taken(f)) {
        let field = ident(&f.name);
        let setter = ident(&format!("with_{}", f.name));
        let ty = type_tokens(&f.ty, scope);
        let value = if f.boxed {
            let boxed = scope.get(Name::Box);
            quote!(#boxed::new(value.into()))
        } else {
            quote!(value.into())
        };
        let (some, into) = (scope.get(Name::Some), scope.get(Name::Into));
        let doc = format!(" Sets `{}`.", f.name);
        out.extend(quote! {
            #[doc = #doc]
            pub fn #setter(mut self, value: impl #into<#ty>) -> Self {
                self.#field = #some(#value);
                self
            }
        });
    }
    let line = |f: &Field| {
        let field = ident(&f.name);
        let ty = type_tokens(&f.ty, scope);
        quote!(#field: #ty;)
    };
    let (boxed, plain): (Vec<&Field>, Vec<&Field>) =
        optional().filter(|f| !taken(f)).partition(|f| f.boxed);
    let plain: Vec<TokenStream> = plain.into_iter().map(line).collect();
    let boxed: Vec<TokenStream> = boxed.into_iter().map(line).collect();
    if !plain.is_empty() {
        out.extend(quote!(crate::support::setters! { #(#plain)* }));
    }
    if !boxed.is_empty() {
        out.extend(quote!(crate::support::boxed_setters! { #(#boxed)* }));
    }
    out
}

fn field_tokens(field: &Field, scope: &Scope<'_>) -> TokenStream {
    let docs = doc_attrs(crate::emit::docs::field_docs(field).as_deref());
    let name = ident(&field.name);
    let mut ty = type_tokens(&field.ty, scope);
    if field.boxed {
        let boxed = scope.get(Name::Box);
        ty = quote!(#boxed<#ty>);
    }
    let mut serde = Vec::new();
    if field.name != field.wire_name {
        let wire = &field.wire_name;
        serde.push(quote!(rename = #wire));
    }
    if field.presence.is_option() {
        let option = scope.get(Name::Option);
        ty = quote!(#option<#ty>);
        // serde decodes a missing `Option` field as `None` by itself. Only fields the spec does
        // not require are left out when serializing `None`; a required, nullable one is written
        // as `null`.
        if field.presence.omits_none() {
            let is_none = format!("{option}::is_none").replace(' ', "");
            serde.push(quote!(skip_serializing_if = #is_none));
        }
    }
    let serde = if serde.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[serde(#(#serde),*)])
    };
    let deprecated = if field.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    quote! {
        #docs
        #deprecated
        #serde
        pub #name: #ty,
    }
}

/// `Identified` for structs with an ID field, and for every struct that is the object side of an
/// `Expandable` (whose `id()` needs it), with or without one.
fn identified_impl(def: &TypeDef, s: &Struct, scope: &Scope<'_>) -> TokenStream {
    let name = ident(&def.name);
    let body = match s
        .id_field
        .as_ref()
        .and_then(|id| s.fields.iter().find(|f| &f.name == id))
    {
        Some(field) => {
            let field_name = ident(&field.name);
            if field.presence.is_option() {
                quote!(self.#field_name.as_deref())
            } else {
                let some = scope.get(Name::Some);
                quote!(#some(&self.#field_name))
            }
        }
        None if s.expandable_target => scope.get(Name::None),
        None => return TokenStream::new(),
    };
    let option = scope.get(Name::Option);
    quote! {
        impl crate::Identified for #name {
            fn object_id(&self) -> #option<&str> {
                #body
            }
        }
    }
}
