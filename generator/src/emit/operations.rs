//! Emission of operations (emit phase): one `impl Client` block per tag under `src/operations/`,
//! one async method per operation. Each method builds the runtime's `request::Request` in a few
//! lines and sends it:
//!
//! ```text
//! let mut path = String::from("/v1/checkout/sessions/");
//! path.push_str(&path_segment("id", id)?);
//! let query = Query::new().form("expand_customer", &params.expand_customer)?;
//! let request = Request::new(Method::GET, "retrieveCheckoutSession", "/v1/checkout/sessions/{id}", path)
//!     .query(query);
//! let envelope: CheckoutSessionEnvelope = self.send(request).await?;
//! Ok(envelope.checkout_session)
//! ```

use super::types::type_tokens;
use super::{doc_attrs, file_attrs, ident};
use crate::ir::{
    Api, Body, BodyKind, Operation, Param, ParamLocation, PathPart, ResponseBody, StatusMatch,
    StatusVariant, SuccessResponse, TypeRef,
};
use proc_macro2::TokenStream;
use quote::quote;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

/// `src/operations/mod.rs`: one private module per tag (the methods are on `Client`).
pub fn mod_rs(api: &Api) -> TokenStream {
    let attrs = file_attrs();
    let modules = grouped(api).into_keys().map(ident);
    let send_check = (!api.operations.is_empty()).then(|| {
        quote! {
            #[cfg(test)]
            mod send_check;
        }
    });
    quote! {
        #![doc = " The API's operations, as methods on [`Client`](crate::Client), one module per tag."]
        #attrs
        #( mod #modules; )*
        #send_check
    }
}

/// `src/operations/send_check.rs`, compiled by `cargo test` only: one function per operation
/// that hands its future to `is_send`, so that a future that cannot cross threads (and so
/// cannot be `tokio::spawn`ed) fails the crate's tests at compile time, naming the operation.
pub fn send_check_file(api: &Api) -> TokenStream {
    let attrs = file_attrs();
    let names = Names::new(api);
    let checks: Vec<TokenStream> = api
        .operations
        .iter()
        .map(|op| {
            let name = ident(&op.name);
            let (params, args) = arguments(op, &names);
            let stream = match &op.response {
                SuccessResponse::List {
                    pagination: Some(pagination),
                    ..
                } => {
                    let stream = ident(&pagination.stream_method);
                    let path_args = op.path_params.iter().map(|p| ident(&p.name));
                    quote! { is_send(client.#stream(#(#path_args,)* params)); }
                }
                _ => TokenStream::new(),
            };
            quote! {
                fn #name(client: &crate::Client, #(#params),*) {
                    is_send(client.#name(#(#args),*));
                    #stream
                }
            }
        })
        .collect();
    // After the checks are built: building them is what records the names to import.
    let imports = names.imports();
    quote! {
        #![doc = " Every operation's future is `Send` (a compile-time check, built by `cargo test` only)."]
        #attrs
        #![allow(dead_code)]
        #imports
        fn is_send<T: Send>(_: T) {}
        #(#checks)*
    }
}

/// An operation method's parameters after `&self`, and the arguments that pass them on.
fn arguments(op: &Operation, names: &Names<'_>) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut params = Vec::new();
    let mut args = Vec::new();
    for param in &op.path_params {
        let arg = ident(&param.name);
        let ty = path_arg_type(&param.ty);
        params.push(quote!(#arg: #ty));
        args.push(quote!(#arg));
    }
    if let Some(body) = &op.body {
        // Only the argument is wanted here: the `Body` that building the value names is
        // imported only when something else uses it (the method itself does).
        let had_body = names.imported.borrow().contains(&Name::Body);
        params.push(body_parts(body, names).arg);
        if !had_body {
            names.imported.borrow_mut().remove(&Name::Body);
        }
        args.push(quote!(body));
    }
    if let Some(params_struct) = &op.params_struct {
        let ty = type_tokens(&TypeRef::Named(params_struct.clone()));
        params.push(quote!(params: &#ty));
        args.push(quote!(params));
    }
    (params, args)
}

/// The operations of each module (tag), in the order of the IR.
pub fn grouped(api: &Api) -> BTreeMap<&str, Vec<&Operation>> {
    let mut modules: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for operation in &api.operations {
        modules
            .entry(operation.module.as_str())
            .or_default()
            .push(operation);
    }
    modules
}

/// The file of one module: the `use`s of the names it writes short, then its operations as
/// methods of `Client`.
pub fn module_file(api: &Api, operations: &[&Operation]) -> TokenStream {
    let attrs = file_attrs();
    let names = Names::new(api);
    let methods: Vec<TokenStream> = operations
        .iter()
        .map(|op| {
            let method = method(op, &names);
            let stream = stream_method(op, &names);
            quote!(#method #stream)
        })
        .collect();
    let imports = names.imports();
    quote! {
        #attrs
        #imports
        impl crate::Client {
            #(#methods)*
        }
    }
}

/// A name that operation files write: a standard one, or one of the runtime's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Name {
    String,
    Vec,
    Option,
    Some,
    None,
    Ok,
    Err,
    Into,
    Result,
    Request,
    Query,
    Body,
    Method,
    PathSegment,
    PathSegmentAs,
    Encoding,
    Page,
    Paginate,
    Stream,
    Multipart,
    Bytes,
}

impl Name {
    /// The name as it is written when it is in scope.
    fn short(self) -> &'static str {
        match self {
            Name::String => "String",
            Name::Vec => "Vec",
            Name::Option => "Option",
            Name::Some => "Some",
            Name::None => "None",
            Name::Ok => "Ok",
            Name::Err => "Err",
            Name::Into => "Into",
            Name::Result => "Result",
            Name::Request => "Request",
            Name::Query => "Query",
            Name::Body => "Body",
            Name::Method => "Method",
            Name::PathSegment => "path_segment",
            Name::PathSegmentAs => "path_segment_as",
            Name::Encoding => "Encoding",
            Name::Page => "Page",
            Name::Paginate => "paginate",
            Name::Stream => "Stream",
            Name::Multipart => "Multipart",
            Name::Bytes => "Bytes",
        }
    }

    /// The module a `use` takes the name from; `None` for the prelude's.
    fn module(self) -> Option<&'static str> {
        match self {
            Name::String
            | Name::Vec
            | Name::Option
            | Name::Some
            | Name::None
            | Name::Ok
            | Name::Err
            | Name::Into => None,
            Name::Result | Name::Page | Name::Multipart => Some("crate"),
            Name::Request | Name::Body | Name::Method => Some("crate::request"),
            Name::Query | Name::PathSegment | Name::PathSegmentAs | Name::Encoding => {
                Some("crate::params")
            }
            Name::Paginate => Some("crate::page"),
            Name::Stream => Some("::futures_core"),
            Name::Bytes => Some("::bytes"),
        }
    }

    /// The path that names it whatever is in scope.
    fn full(self) -> TokenStream {
        match self {
            Name::String => quote!(::std::string::String),
            Name::Vec => quote!(::std::vec::Vec),
            Name::Option => quote!(::std::option::Option),
            Name::Some => quote!(::std::option::Option::Some),
            Name::None => quote!(::std::option::Option::None),
            Name::Ok => quote!(::std::result::Result::Ok),
            Name::Err => quote!(::std::result::Result::Err),
            Name::Into => quote!(::std::convert::Into),
            Name::Result => quote!(crate::Result),
            Name::Request => quote!(crate::request::Request),
            Name::Query => quote!(crate::params::Query),
            Name::Body => quote!(crate::request::Body),
            Name::Method => quote!(crate::request::Method),
            Name::PathSegment => quote!(crate::params::path_segment),
            Name::PathSegmentAs => quote!(crate::params::path_segment_as),
            Name::Encoding => quote!(crate::params::Encoding),
            Name::Page => quote!(crate::Page),
            Name::Paginate => quote!(crate::page::paginate),
            Name::Stream => quote!(::futures_core::Stream),
            Name::Multipart => quote!(crate::Multipart),
            Name::Bytes => quote!(::bytes::Bytes),
        }
    }
}

/// The names an operations file writes, short (`String`, `Request`) wherever that is sure to
/// mean the right thing, and the `use`s that the short ones need. A spec type of the same name
/// (a schema called `Option` or `Body`) could be in scope as well, so then the full path is
/// written instead.
struct Names<'a> {
    /// The names of the spec's types.
    taken: BTreeSet<&'a str>,
    /// The names written short that need a `use`.
    imported: RefCell<BTreeSet<Name>>,
}

impl<'a> Names<'a> {
    fn new(api: &'a Api) -> Self {
        Names {
            taken: api.types.iter().map(|def| def.name.as_str()).collect(),
            imported: RefCell::default(),
        }
    }

    fn is_short(&self, name: Name) -> bool {
        !self.taken.contains(name.short())
    }

    /// How to write `name` here.
    fn get(&self, name: Name) -> TokenStream {
        if !self.is_short(name) {
            return name.full();
        }
        if name.module().is_some() {
            self.imported.borrow_mut().insert(name);
        }
        let short = ident(name.short());
        quote!(#short)
    }

    /// `Result<output>`: the crate's alias, or the standard type with the crate's error.
    fn result(&self, output: TokenStream) -> TokenStream {
        if self.is_short(Name::Result) {
            let result = self.get(Name::Result);
            quote!(#result<#output>)
        } else {
            quote!(::std::result::Result<#output, crate::Error>)
        }
    }

    /// One `use` per module, of the names written short.
    fn imports(&self) -> TokenStream {
        let mut by_module: BTreeMap<&str, Vec<Name>> = BTreeMap::new();
        for name in self.imported.borrow().iter() {
            if let Some(module) = name.module() {
                by_module.entry(module).or_default().push(*name);
            }
        }
        let uses = by_module.into_iter().map(|(module, names)| {
            let module: TokenStream = module.parse().unwrap_or_default();
            let mut names: Vec<&str> = names.iter().map(|name| name.short()).collect();
            names.sort_unstable();
            let names: Vec<_> = names.into_iter().map(ident).collect();
            match names.as_slice() {
                [name] => quote!(use #module::#name;),
                _ => quote!(use #module::{#(#names),*};),
            }
        });
        quote!(#(#uses)*)
    }
}

fn method(op: &Operation, names: &Names<'_>) -> TokenStream {
    let docs = doc_attrs(op.docs.as_deref());
    let endpoint = format!(
        " `{} {}` (operation `{}`)",
        op.method.as_str(),
        op.path,
        op.operation_id
    );
    let spacer = if op.docs.is_some() {
        quote!(#[doc = ""])
    } else {
        TokenStream::new()
    };
    let deprecated = if op.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    let name = ident(&op.name);

    let (args, _) = arguments(op, names);
    let body = op.body.as_ref().map(|body| body_parts(body, names));

    let (path_stmts, path) = path_parts(op, names);
    let query = query_stmt(&op.query_params, names);
    let request = request_stmts(op, path, query.is_some(), body.as_ref(), names);
    let (output, call) = response(op, names);
    let output = names.result(output);
    let errors = error_docs(op);
    quote! {
        #docs
        #spacer
        #[doc = #endpoint]
        #errors
        #deprecated
        pub async fn #name(&self, #(#args),*) -> #output {
            #path_stmts
            #query
            #request
            #call
        }
    }
}

/// For an operation that pages, the method that streams every item across its pages, right after
/// the operation's own method:
///
/// ```text
/// pub fn list_customers_stream<'a>(&'a self, params: &ListCustomersParams)
///     -> impl Stream<Item = Result<Customer>> + Send + use<'a> {
///     paginate(
///         params.clone(),
///         move |params| async move { self.list_customers(&params).await },
///         |params, cursor| params.starting_after = Some(cursor),
///     )
/// }
/// ```
///
/// The stream borrows the client and the path arguments, not `params` (a copy is kept), so that
/// it can be made from a temporary.
fn stream_method(op: &Operation, names: &Names<'_>) -> TokenStream {
    let SuccessResponse::List {
        item,
        pagination: Some(pagination),
        ..
    } = &op.response
    else {
        return TokenStream::new();
    };
    let Some(params_struct) = &op.params_struct else {
        return TokenStream::new();
    };
    let name = ident(&pagination.stream_method);
    let list = ident(&op.name);
    let cursor_field = ident(&pagination.cursor);
    let mut args = Vec::new();
    let mut call_args = Vec::new();
    let lifetime = quote!('a);
    for param in &op.path_params {
        let arg = ident(&param.name);
        let ty = path_arg_type_in(&param.ty, &lifetime);
        args.push(quote!(#arg: #ty));
        call_args.push(quote!(#arg));
    }
    let params_type = type_tokens(&TypeRef::Named(params_struct.clone()));
    let item = type_tokens(item);
    let output = names.result(item);
    let stream = names.get(Name::Stream);
    let paginate = names.get(Name::Paginate);
    let some = names.get(Name::Some);
    let docs = format!(
        "Every item of [`{list}`](Self::{list}), page after page, as a stream.\n\n\
         Each page after the first is asked for with the same `params` and `{cursor}` set to the\n\
         ID of the last item before it; a page shorter than `{limit}`, or empty, is the last.\n\
         Each page is a call of its own, with its retries; an error is yielded and ends the\n\
         stream. Nothing is sent until the stream is polled, and nothing more once it is dropped.",
        list = op.name,
        cursor = pagination.cursor_wire,
        limit = pagination.limit_wire,
    );
    let docs = doc_attrs(Some(&docs));
    let deprecated = if op.deprecated {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    };
    quote! {
        #docs
        #deprecated
        pub fn #name<'a>(&'a self, #(#args,)* params: &#params_type) -> impl #stream<Item = #output> + Send + use<'a> {
            #paginate(
                params.clone(),
                move |params| async move { self.#list(#(#call_args,)* &params).await },
                |params, cursor| params.#cursor_field = #some(cursor),
            )
        }
    }
}

/// What the method returns, and the statements that send `request` and make that from the
/// response.
fn response(op: &Operation, names: &Names<'_>) -> (TokenStream, TokenStream) {
    let ok = names.get(Name::Ok);
    match &op.response {
        SuccessResponse::Single(ResponseBody::Empty) => {
            (quote!(()), quote!(self.send_empty(request).await))
        }
        SuccessResponse::Single(ResponseBody::Json(ty)) => {
            (type_tokens(ty), quote!(self.send(request).await))
        }
        SuccessResponse::Single(ResponseBody::Text) => (
            names.get(Name::String),
            quote!(self.send_raw(request).await?.into_text()),
        ),
        SuccessResponse::Single(ResponseBody::Bytes) => (
            names.get(Name::Bytes),
            quote!(#ok(self.send_raw(request).await?.into_bytes())),
        ),
        SuccessResponse::Envelope {
            envelope,
            field,
            inner,
            or_bare,
        } => {
            let envelope = type_tokens(envelope);
            let field = ident(field);
            let call = match or_bare {
                None => quote! {
                    let envelope: #envelope = self.send(request).await?;
                    #ok(envelope.#field)
                },
                Some(key) => quote! {
                    self.send_enveloped_or_bare(request, #key, |envelope: #envelope| envelope.#field).await
                },
            };
            (type_tokens(inner), call)
        }
        SuccessResponse::List {
            envelope,
            field,
            item,
            pagination,
        } => {
            let envelope = type_tokens(envelope);
            let field = ident(field);
            let item = type_tokens(item);
            match pagination {
                None => {
                    let vec = names.get(Name::Vec);
                    (
                        quote!(#vec<#item>),
                        quote! {
                            let envelope: #envelope = self.send(request).await?;
                            #ok(envelope.#field)
                        },
                    )
                }
                Some(pagination) => {
                    // The page remembers the page size asked for, so that it can tell whether
                    // it was the last one.
                    let limit = ident(&pagination.limit);
                    let default = match pagination.default_limit {
                        Some(n) => {
                            let some = names.get(Name::Some);
                            let n = proc_macro2::Literal::u64_unsuffixed(n);
                            quote!(#some(#n))
                        }
                        None => names.get(Name::None),
                    };
                    let page = names.get(Name::Page);
                    (
                        quote!(#page<#item>),
                        quote! {
                            let limit = params.#limit.and_then(|limit| u64::try_from(limit).ok()).or(#default);
                            let envelope: #envelope = self.send(request).await?;
                            #ok(#page::new(envelope.#field, limit))
                        },
                    )
                }
            }
        }
        SuccessResponse::ByStatus { name, variants } => {
            let name = ident(name);
            let name = quote!(crate::types::#name);
            // Exact codes first, then ranges, then `default` (which takes every other status).
            let mut sorted: Vec<&StatusVariant> = variants.iter().collect();
            sorted.sort_by_key(|v| match v.status {
                StatusMatch::Code(_) => 0,
                StatusMatch::Range(_) => 1,
                StatusMatch::Default => 2,
            });
            let arms = sorted.iter().map(|v| {
                let variant = ident(&v.name);
                let value = match &v.body {
                    ResponseBody::Empty => quote!(#name::#variant),
                    ResponseBody::Json(_) => quote!(#name::#variant(raw.decode()?)),
                    ResponseBody::Text => quote!(#name::#variant(raw.into_text()?)),
                    ResponseBody::Bytes => quote!(#name::#variant(raw.into_bytes())),
                };
                match v.status.codes() {
                    Some((code, highest)) if code == highest => {
                        let code = proc_macro2::Literal::u16_unsuffixed(code);
                        quote!(#code => #value,)
                    }
                    Some((lowest, highest)) => {
                        let lowest = proc_macro2::Literal::u16_unsuffixed(lowest);
                        let highest = proc_macro2::Literal::u16_unsuffixed(highest);
                        quote!(#lowest..=#highest => #value,)
                    }
                    None => quote!(_ => #value,),
                }
            });
            let err = names.get(Name::Err);
            let unexpected = if variants.iter().any(|v| v.status == StatusMatch::Default) {
                TokenStream::new()
            } else {
                quote!(_ => return #err(raw.unexpected_status()),)
            };
            let call = quote! {
                let raw = self.send_raw(request).await?;
                #ok(match raw.status() {
                    #(#arms)*
                    #unexpected
                })
            };
            (name, call)
        }
    }
}

/// One line naming the type of the documented error bodies, each with its statuses, which
/// callers can decode with `ApiError::body_as`:
/// `Error body: [`ErrorEnvelope`](..) (400, 404, any other)`.
fn error_docs(op: &Operation) -> TokenStream {
    // Types in the order they first appear, each with its statuses in spec order.
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for (status, ty) in &op.error_bodies {
        let TypeRef::Named(name) = ty else {
            continue;
        };
        let status = match status {
            StatusMatch::Default => "any other".to_owned(),
            StatusMatch::Code(_) | StatusMatch::Range(_) => status.to_string(),
        };
        match groups.iter_mut().find(|(group, _)| group == name) {
            Some((_, statuses)) => statuses.push(status),
            None => groups.push((name, vec![status])),
        }
    }
    if groups.is_empty() {
        return TokenStream::new();
    }
    let label = if groups.len() == 1 {
        "Error body"
    } else {
        "Error bodies"
    };
    let types: Vec<String> = groups
        .iter()
        .map(|(name, statuses)| {
            format!("[`{name}`](crate::types::{name}) ({})", statuses.join(", "))
        })
        .collect();
    let line = format!(" [{label}](crate::ApiError::body_as): {}", types.join("; "));
    quote! {
        #[doc = ""]
        #[doc = #line]
    }
}

/// A body's argument, and the `Body` expression made from the variable `body` (the argument,
/// or what an optional one holds).
struct BodyParts {
    arg: TokenStream,
    value: TokenStream,
    required: bool,
}

fn body_parts(body: &Body, names: &Names<'_>) -> BodyParts {
    let required = body.required;
    let option = names.get(Name::Option);
    let body_type = names.get(Name::Body);
    // The type of a body passed by reference, as the argument has it.
    let by_ref = |ty: &TypeRef| {
        let ty = type_tokens(ty);
        if required {
            quote!(body: &#ty)
        } else {
            quote!(body: #option<&#ty>)
        }
    };
    match &body.kind {
        BodyKind::Json {
            ty,
            content_type,
            envelope,
        } => {
            // The caller passes what goes inside an envelope; the client wraps it.
            let mut value = match envelope {
                Some(key) => quote!(#body_type::enveloped(#key, body)?),
                None => quote!(#body_type::json(body)?),
            };
            if content_type != "application/json" {
                value = quote!(#value.with_content_type(#content_type));
            }
            BodyParts {
                arg: by_ref(ty),
                value,
                required,
            }
        }
        BodyKind::Form { ty } => BodyParts {
            arg: by_ref(ty),
            value: quote!(#body_type::form(body)?),
            required,
        },
        BodyKind::Multipart { .. } => {
            let multipart = names.get(Name::Multipart);
            BodyParts {
                arg: if required {
                    quote!(body: #multipart)
                } else {
                    quote!(body: #option<#multipart>)
                },
                value: quote!(#body_type::multipart(body)),
                required,
            }
        }
        BodyKind::Text { content_type } | BodyKind::Bytes { content_type } => {
            let (ty, constructor) = if matches!(body.kind, BodyKind::Text { .. }) {
                (names.get(Name::String), quote!(text))
            } else {
                (names.get(Name::Bytes), quote!(bytes))
            };
            let arg = if required {
                let into = names.get(Name::Into);
                quote!(body: impl #into<#ty>)
            } else {
                quote!(body: #option<#ty>)
            };
            BodyParts {
                arg,
                value: quote!(#body_type::#constructor(#content_type, body)),
                required,
            }
        }
    }
}

/// Path parameters are taken by reference when they are strings or enums, by value otherwise.
fn path_arg_type(ty: &TypeRef) -> TokenStream {
    path_arg_type_in(ty, &TokenStream::new())
}

/// [`path_arg_type`], with references of the given lifetime (`'a`; none when empty).
fn path_arg_type_in(ty: &TypeRef, lifetime: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&#lifetime str),
        TypeRef::Array(item) => {
            let item = type_tokens(item);
            quote!(&#lifetime [#item])
        }
        TypeRef::Named(_) | TypeRef::Map(_) | TypeRef::Any => {
            let ty = type_tokens(ty);
            quote!(&#lifetime #ty)
        }
        other => type_tokens(other),
    }
}

/// How a path, header or cookie parameter is written, when not in the plain `simple` style
/// (`Encoding::Exploded` for `explode: true`, `Encoding::Json` for `content`); `None` for the
/// plain style, which `path_segment` and `header` write.
fn encoding(param: &Param, names: &Names<'_>) -> Option<TokenStream> {
    let variant = if param.json {
        quote!(Json)
    } else if param.explode {
        quote!(Exploded)
    } else {
        return None;
    };
    let encoding = names.get(Name::Encoding);
    Some(quote!(#encoding::#variant))
}

/// The statements that build the path, and the expression that is the path: the template's
/// literal text and each parameter percent-encoded as one segment (a `String` built by pushes
/// rather than `format!`, which prettyplease cannot lay out). A path without parameters is its
/// literal.
fn path_parts(op: &Operation, names: &Names<'_>) -> (TokenStream, TokenStream) {
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
    let string = names.get(Name::String);
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
            match param.and_then(|p| encoding(p, names)) {
                None => {
                    let path_segment = names.get(Name::PathSegment);
                    quote! { path.push_str(&#path_segment(#wire, #value)?); }
                }
                Some(encoding) => {
                    let path_segment_as = names.get(Name::PathSegmentAs);
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
fn query_stmt(params: &[Param], names: &Names<'_>) -> Option<TokenStream> {
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
    let query = names.get(Name::Query);
    Some(quote! { let query = #query::new() #(#calls)*; })
}

/// `let request = Request::new(..)`, with the query, the header parameters and the body.
fn request_stmts(
    op: &Operation,
    path: TokenStream,
    has_query: bool,
    body: Option<&BodyParts>,
    names: &Names<'_>,
) -> TokenStream {
    let request = names.get(Name::Request);
    let method = names.get(Name::Method);
    let verb = ident(op.method.as_str());
    let operation_id = &op.operation_id;
    let template = &op.path;
    let query = has_query.then(|| quote!(.query(query)));
    let headers = op
        .query_params
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
            let encoding = encoding(param, names);
            match (param.location, encoding) {
                (ParamLocation::Header, None) => quote!(.header(#wire, &params.#field)?),
                (ParamLocation::Header, Some(encoding)) => {
                    quote!(.header_as(#wire, &params.#field, #encoding)?)
                }
                (_, encoding) => {
                    // Cookies are `form` style: exploded unless the spec says otherwise.
                    let name = names.get(Name::Encoding);
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
            let some = names.get(Name::Some);
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
