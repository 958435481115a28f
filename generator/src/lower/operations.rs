//! Lowering of operations (step 4 of the pipeline): each method of each path becomes an
//! [`Operation`], named from its `operationId`. This module walks the paths; the parts are by
//! concern: `parameters` (path, query and header parameters, the params struct, the path
//! template), `bodies` (request bodies) and `responses` (what a call returns, error bodies).

use super::{Lowerer, join_docs};
use crate::error::{ErrorKind, Pointer};
use crate::ir::{Method, Operation};
use crate::naming::{Namer, snake_name, type_name};
use openapiv3::{PathItem, ReferenceOr};
use std::collections::BTreeMap;

/// Names the client and its runtime use; operations get another name when theirs would clash.
const RESERVED_METHODS: &[&str] = &[
    "new",
    "builder",
    "base_url",
    "clone",
    "fmt",
    "send",
    "execute",
    "timeout",
    "with_options",
    "from_env",
];

impl<'a> Lowerer<'a> {
    /// Every operation of every path, sorted by module, path and method.
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

    /// One operation, or `None` when a problem was reported.
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

        let (path_params, other_params) =
            self.lower_parameters(operation, item, at, path_at, &op_type);

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
}

/// Where an operation stands in the spec.
struct Site<'a, 'p> {
    path: &'a str,
    method: Method,
    item: &'a PathItem,
    operation: &'a openapiv3::Operation,
    path_at: &'p Pointer,
    at: &'p Pointer,
}

/// The operations of a path item, in the order OpenAPI lists the methods of a path item.
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
