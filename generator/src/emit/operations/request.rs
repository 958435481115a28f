//! The request (emit phase): the path built from its parameters, the query, header and cookie
//! parameters each in its style, and `Request::new(..)` with the body.

use super::body::BodyValue;
use crate::emit::ident;
use crate::emit::names::{Name, Scope};
use crate::emit::types::type_tokens;
use crate::ir::{Operation, Param, ParamLocation, PathPart, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Path parameters are taken by reference when they are strings or enums, by value otherwise.
pub(crate) fn path_arg_type(ty: &TypeRef, scope: &Scope<'_>) -> TokenStream {
    path_arg_type_in(ty, &TokenStream::new(), scope)
}

/// [`path_arg_type`], with references of the given lifetime (`'a`; none when empty).
pub(crate) fn path_arg_type_in(
    ty: &TypeRef,
    lifetime: &TokenStream,
    scope: &Scope<'_>,
) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&#lifetime str),
        TypeRef::Array(item) => {
            let item = type_tokens(item, scope);
            quote!(&#lifetime [#item])
        }
        TypeRef::Named(_) | TypeRef::Map(_) | TypeRef::Any => {
            let ty = type_tokens(ty, scope);
            quote!(&#lifetime #ty)
        }
        other => type_tokens(other, scope),
    }
}

/// How a path, header or cookie parameter is written, when not in the plain `simple` style
/// (`Encoding::Exploded` for `explode: true`, `Encoding::Json` for `content`); `None` for the
/// plain style, which `path_segment` and `header` write.
pub(crate) fn encoding(param: &Param, scope: &Scope<'_>) -> Option<TokenStream> {
    let variant = if param.json {
        quote!(Json)
    } else if param.explode {
        quote!(Exploded)
    } else {
        return None;
    };
    let encoding = scope.get(Name::Encoding);
    Some(quote!(#encoding::#variant))
}

/// The statements that build the path, and the expression that is the path: the template's
/// literal text and each parameter percent-encoded as one segment (a `String` built by pushes
/// rather than `format!`, which prettyplease cannot lay out). A path without parameters is its
/// literal.
pub(crate) fn path_parts(op: &Operation, scope: &Scope<'_>) -> (TokenStream, TokenStream) {
    let has_params = op
        .path_parts
        .iter()
        .any(|part| matches!(part, PathPart::Param(_)));
    if !has_params {
        let literal: String = op
            .path_parts
            .iter()
            .map(|part| match part {
                PathPart::Literal(text) => text.as_str(),
                PathPart::Param(_) => "",
            })
            .collect();
        return (TokenStream::new(), quote!(#literal));
    }
    let string = scope.get(Name::String);
    let mut parts = op.path_parts.as_slice();
    let start = match parts.first() {
        Some(PathPart::Literal(text)) => {
            parts = &parts[1..];
            quote!(#string::from(#text))
        }
        _ => quote!(#string::new()),
    };
    let pushes = parts.iter().map(|part| match part {
        // One character between two parameters (`/{a}/{b}`): `push`, as clippy would have it.
        PathPart::Literal(text) if text.chars().count() == 1 => {
            let c = text.chars().next().unwrap_or('/');
            quote! { path.push(#c); }
        }
        PathPart::Literal(text) => quote! { path.push_str(#text); },
        PathPart::Param(name) => {
            let param = op.path_params.iter().find(|p| &p.name == name);
            let wire = param.map_or(name.as_str(), |p| p.wire_name.as_str());
            let arg = ident(name);
            let value = match param.map(|p| &p.ty) {
                // Taken by reference already; scalars by value.
                Some(
                    TypeRef::String
                    | TypeRef::Named(_)
                    | TypeRef::Array(_)
                    | TypeRef::Map(_)
                    | TypeRef::Any,
                ) => quote!(#arg),
                _ => quote!(&#arg),
            };
            match param.and_then(|p| encoding(p, scope)) {
                None => {
                    let path_segment = scope.get(Name::PathSegment);
                    quote! { path.push_str(&#path_segment(#wire, #value)?); }
                }
                Some(encoding) => {
                    let path_segment_as = scope.get(Name::PathSegmentAs);
                    quote! { path.push_str(&#path_segment_as(#wire, #value, #encoding)?); }
                }
            }
        }
    });
    let stmts = quote! {
        let mut path = #start;
        #(#pushes)*
    };
    (stmts, quote!(path))
}

/// `let query = Query::new().form(..)?...;` for the query parameters, in spec order, when the
/// operation has any. Each is written in its style (`form`, exploded or not, or `deepObject`);
/// values go through `serde`, so enums, arrays, objects and unions are written the way their
/// JSON is, and one that is not set adds nothing.
pub(crate) fn query_stmt(params: &[Param], scope: &Scope<'_>) -> Option<TokenStream> {
    let calls: Vec<TokenStream> = params
        .iter()
        .filter(|param| {
            !matches!(
                param.location,
                ParamLocation::Header | ParamLocation::Cookie
            )
        })
        .map(|param| {
            let field = ident(&param.name);
            let wire = &param.wire_name;
            let style = match (param.location, param.explode) {
                _ if param.json => quote!(json),
                (ParamLocation::QueryDeepObject, true) => quote!(deep_object),
                (ParamLocation::QueryDeepObject, false) => quote!(deep_object_joined),
                (ParamLocation::QuerySpaceDelimited, _) => quote!(space_delimited),
                (ParamLocation::QueryPipeDelimited, _) => quote!(pipe_delimited),
                (_, true) => quote!(form),
                (_, false) => quote!(form_joined),
            };
            quote!(.#style(#wire, &params.#field)?)
        })
        .collect();
    if calls.is_empty() {
        return None;
    }
    let query = scope.get(Name::Query);
    Some(quote! { let query = #query::new() #(#calls)*; })
}

/// `let request = Request::new(..)`, with the query, the header parameters and the body.
pub(crate) fn request_stmts(
    op: &Operation,
    path: TokenStream,
    has_query: bool,
    body: Option<&BodyValue>,
    scope: &Scope<'_>,
) -> TokenStream {
    let request = scope.get(Name::Request);
    let method = scope.get(Name::Method);
    let verb = ident(op.method.as_str());
    let operation_id = &op.operation_id;
    let template = &op.path;
    let query = has_query.then(|| quote!(.query(query)));
    let headers = op
        .params
        .iter()
        .filter(|param| {
            matches!(
                param.location,
                ParamLocation::Header | ParamLocation::Cookie
            )
        })
        .map(|param| {
            let field = ident(&param.name);
            let wire = &param.wire_name;
            let encoding = encoding(param, scope);
            match (param.location, encoding) {
                (ParamLocation::Header, None) => quote!(.header(#wire, &params.#field)?),
                (ParamLocation::Header, Some(encoding)) => {
                    quote!(.header_as(#wire, &params.#field, #encoding)?)
                }
                (_, encoding) => {
                    // Cookies are `form` style: exploded unless the spec says otherwise.
                    let name = scope.get(Name::Encoding);
                    let encoding = match encoding {
                        Some(encoding) => encoding,
                        None => quote!(#name::Joined),
                    };
                    quote!(.cookie(#wire, &params.#field, #encoding)?)
                }
            }
        });
    let new = quote! {
        #request::new(#method::#verb, #operation_id, #template, #path) #query #(#headers)*
    };
    match body {
        None => quote! { let request = #new; },
        Some(body) if body.required => {
            let value = &body.value;
            quote! { let request = #new.body(#value); }
        }
        Some(body) => {
            let some = scope.get(Name::Some);
            let value = &body.value;
            quote! {
                let mut request = #new;
                if let #some(body) = body {
                    request = request.body(#value);
                }
            }
        }
    }
}
