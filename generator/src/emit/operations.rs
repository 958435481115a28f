//! Emission of operations (emit phase): one `impl Client` block per tag under `src/operations/`,
//! one async method per operation.

use super::types::type_tokens;
use super::{doc_attrs, file_attrs, ident};
use crate::ir::{Api, Operation, Param, PathPart, SuccessResponse, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// `src/operations/mod.rs`: one private module per tag (the methods are on `Client`).
pub fn mod_rs(api: &Api) -> TokenStream {
    let attrs = file_attrs();
    let modules = grouped(api).into_keys().map(ident);
    quote! {
        #![doc = " The API's operations, as methods on [`Client`](crate::Client), one module per tag."]
        #attrs
        #( mod #modules; )*
    }
}

fn grouped(api: &Api) -> BTreeMap<&str, Vec<&Operation>> {
    let mut modules: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for operation in &api.operations {
        modules
            .entry(operation.module.as_str())
            .or_default()
            .push(operation);
    }
    modules
}

/// One file per module.
pub fn module_files(api: &Api) -> Vec<(String, TokenStream)> {
    let attrs = file_attrs();
    grouped(api)
        .into_iter()
        .map(|(module, operations)| {
            let methods = operations.iter().map(|op| method(op));
            let tokens = quote! {
                #attrs
                impl crate::Client {
                    #(#methods)*
                }
            };
            (module.to_owned(), tokens)
        })
        .collect()
}

fn method(op: &Operation) -> TokenStream {
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

    let mut args = Vec::new();
    for param in &op.path_params {
        let arg = ident(&param.name);
        let ty = path_arg_type(&param.ty);
        args.push(quote!(#arg: #ty));
    }
    if let Some(body) = &op.body {
        let ty = type_tokens(&body.ty);
        if body.required {
            args.push(quote!(body: &#ty));
        } else {
            args.push(quote!(body: ::std::option::Option<&#ty>));
        }
    }
    if let Some(params) = &op.params_struct {
        let params = ident(params);
        args.push(quote!(params: &crate::types::#params));
    }

    let path = path_expr(op);
    let query = query_stmts(&op.query_params);
    let method = ident(op.method.as_str());
    let body = match &op.body {
        Some(body) if body.required => quote!(::std::option::Option::Some(body)),
        Some(_) => quote!(body),
        None => quote!(::std::option::Option::None::<&()>),
    };
    let content_type = op
        .body
        .as_ref()
        .map_or("application/json", |b| b.content_type.as_str());
    let operation_id = &op.operation_id;
    let path_template = &op.path;
    let request = quote! {
        crate::client::Request {
            operation: #operation_id,
            path_template: #path_template,
            method: ::reqwest::Method::#method,
            path,
            query,
            body: #body,
            content_type: #content_type,
        }
    };
    let (output, call) = match &op.response {
        SuccessResponse::Empty => (quote!(()), quote!(self.send_empty(#request).await)),
        SuccessResponse::Json(ty) => (type_tokens(ty), quote!(self.send(#request).await)),
        SuccessResponse::Envelope {
            envelope,
            field,
            inner,
        } => {
            let envelope = type_tokens(envelope);
            let field = ident(field);
            let call = quote! {
                let envelope: #envelope = self.send(#request).await?;
                ::std::result::Result::Ok(envelope.#field)
            };
            (type_tokens(inner), call)
        }
    };
    quote! {
        #docs
        #spacer
        #[doc = #endpoint]
        #deprecated
        pub async fn #name(&self, #(#args),*) -> ::std::result::Result<#output, crate::Error> {
            #path
            #query
            #call
        }
    }
}

/// Path parameters are taken by reference when they are strings or enums, by value otherwise.
fn path_arg_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&str),
        TypeRef::Named(_) => {
            let ty = type_tokens(ty);
            quote!(&#ty)
        }
        other => type_tokens(other),
    }
}

/// The path, built from the template's literal text and each parameter percent-encoded as one
/// segment (a `String` built by pushes rather than `format!`, which prettyplease cannot lay out).
fn path_expr(op: &Operation) -> TokenStream {
    let pushes = op.path_parts.iter().map(|part| match part {
        PathPart::Literal(text) => quote! { path.push_str(#text); },
        PathPart::Param(name) => {
            let param = op.path_params.iter().find(|p| &p.name == name);
            let wire = param.map_or(name.as_str(), |p| p.wire_name.as_str());
            let arg = ident(name);
            let value = match param.map(|p| &p.ty) {
                Some(TypeRef::String) => quote!(#arg),
                _ => quote!(&#arg.to_string()),
            };
            quote! { path.push_str(&crate::support::encode_path_segment(#wire, #value)?); }
        }
    });
    quote! {
        let mut path = ::std::string::String::new();
        #(#pushes)*
    }
}

/// Statements that collect the query parameters that were set, in spec order.
fn query_stmts(params: &[Param]) -> TokenStream {
    if params.is_empty() {
        return quote! {
            let query: ::std::vec::Vec<(&'static str, ::std::string::String)> = ::std::vec::Vec::new();
        };
    }
    let pushes = params.iter().map(|param| {
        let field = ident(&param.name);
        let wire = &param.wire_name;
        let push = match &param.ty {
            TypeRef::Array(_) if param.explode => quote! {
                for item in value {
                    query.push((#wire, item.to_string()));
                }
            },
            TypeRef::Array(_) => quote! {
                let joined: ::std::vec::Vec<::std::string::String> = value.iter().map(|item| item.to_string()).collect();
                query.push((#wire, joined.join(",")));
            },
            _ => quote! { query.push((#wire, value.to_string())); },
        };
        if param.required {
            quote! {
                let value = &params.#field;
                #push
            }
        } else {
            quote! {
                if let ::std::option::Option::Some(value) = &params.#field {
                    #push
                }
            }
        }
    });
    quote! {
        let mut query: ::std::vec::Vec<(&'static str, ::std::string::String)> = ::std::vec::Vec::new();
        #(#pushes)*
    }
}
