//! Lowering of operations (step 5 of the pipeline): each method of each path becomes an
//! [`Operation`], named from its `operationId`. This module walks the paths; the parts are by
//! concern: `parameters` (path, query and header parameters, the params struct, the path
//! template), `bodies` (request bodies) and `responses` (what a call returns, error bodies).

use super::{Lowerer, join_docs};
use crate::diagnostics::error::ErrorKind;
use crate::diagnostics::pointer::Pointer;
use crate::ir::{Method, Operation};
use crate::lower::naming::{Namer, snake_name, type_name};
use openapiv3::{PathItem, ReferenceOr};
use std::collections::BTreeMap;

/// The methods of the runtime's `Client` (`generator/runtime/client.rs`, public or not, and those
/// of the traits it implements); operations get another name when theirs would clash. A test
/// below reads the runtime's sources and fails when a method is missing here.
const RESERVED_METHODS: &[&str] = &[
    // Public.
    "new",
    "from_env",
    "builder",
    "with_options",
    "base_url",
    "timeout",
    "max_retries",
    "deadline",
    "mode",
    "is_test_mode",
    "request",
    // Crate-private: what the generated operations call, and what that calls.
    "send",
    "send_raw",
    "send_empty",
    "send_enveloped_or_bare",
    "decode",
    "execute",
    "attempt",
    // Traits: `Clone`, `Debug`.
    "clone",
    "fmt",
];

impl<'a> Lowerer<'a> {
    /// Every operation of every path, sorted by module, path and method.
    pub(crate) fn lower_operations(&mut self) -> Vec<Operation> {
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
                let mut operation_id = match &operation.operation_id {
                    Some(id) => id.clone(),
                    None => snake_name(&format!("{} {path}", method.as_str()), "operation"),
                };
                // Two operations with one ID (the spec's, or the names made for `GET /jobs` and
                // `GET /jobs/`) are still two requests: the later one, in spec order, gets a
                // number, with a warning.
                if let Some(first) = seen_ids.get(&operation_id) {
                    let base = operation_id.clone();
                    let mut n = 2;
                    while seen_ids.contains_key(&format!("{base}_{n}")) {
                        n += 1;
                    }
                    operation_id = format!("{base}_{n}");
                    let what = if operation.operation_id.is_some() {
                        "operationId"
                    } else {
                        "name made from the method and path"
                    };
                    self.warn(
                        &at.join("operationId"),
                        format!("the {what} `{base}` is already the operation {first}'s"),
                        format!("the operation ID `{operation_id}`"),
                    );
                }
                seen_ids.insert(operation_id.clone(), at.as_str().to_owned());
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
        let errors_before = self.cx.error_count();
        let op_type = type_name(&operation_id, "Operation");
        let module = match operation.tags.first() {
            Some(tag) => snake_name(tag, "default"),
            None => snake_name(resource_of(path), "default"),
        };

        let (mut path_params, other_params) =
            self.lower_parameters(operation, item, at, path_at, &op_type);

        let path_parts = self.split_path(path, &mut path_params, at);
        let body = self.lower_request_body(operation, at, &op_type);
        let response = self.lower_responses(operation, at, &op_type);
        if self.cx.error_count() > errors_before {
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
            params: other_params,
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

/// The resource an untagged operation belongs to, which names its module (and so its file and
/// its cargo feature): the path's first segment after any `api` and version prefix (`v1`,
/// `v2beta`, `2010-04-01`), so that `/v1/customers/{id}/sources` is `customers`; `default` when
/// there is none (`/`, `/{id}`).
fn resource_of(path: &str) -> &str {
    let is_prefix = |segment: &str| {
        segment.eq_ignore_ascii_case("api")
            || segment.starts_with(|c: char| c.is_ascii_digit())
            || (segment.len() > 1
                && segment.starts_with(['v', 'V'])
                && segment[1..].starts_with(|c: char| c.is_ascii_digit()))
    };
    path.split('/')
        .filter(|segment| !segment.is_empty())
        .skip_while(|segment| is_prefix(segment))
        .find(|segment| !segment.contains(['{', '}', ':']))
        .unwrap_or("default")
}

#[cfg(test)]
mod tests {
    use super::RESERVED_METHODS;
    use std::path::Path;

    /// The methods of `Client` in one runtime file: of its inherent and trait `impl` blocks, and
    /// of the traits it derives.
    fn client_methods(file: &syn::File) -> Vec<String> {
        let mut methods = Vec::new();
        for item in &file.items {
            match item {
                syn::Item::Impl(block) if is_client(&block.self_ty) => {
                    for item in &block.items {
                        if let syn::ImplItem::Fn(function) = item {
                            methods.push(function.sig.ident.to_string());
                        }
                    }
                }
                syn::Item::Struct(item) if item.ident == "Client" => {
                    for attr in item.attrs.iter().filter(|a| a.path().is_ident("derive")) {
                        let _ = attr.parse_nested_meta(|meta| {
                            let method = match meta.path.get_ident().map(ToString::to_string) {
                                Some(name) if name == "Clone" => "clone",
                                Some(name) if name == "Debug" => "fmt",
                                Some(name) if name == "Default" => "default",
                                Some(name) if name == "PartialEq" => "eq",
                                Some(name) if name == "Hash" => "hash",
                                _ => return Ok(()),
                            };
                            methods.push(method.to_owned());
                            Ok(())
                        });
                    }
                }
                _ => {}
            }
        }
        methods
    }

    fn is_client(ty: &syn::Type) -> bool {
        matches!(ty, syn::Type::Path(path)
            if path.path.segments.last().is_some_and(|segment| segment.ident == "Client"))
    }

    #[test]
    fn every_method_of_the_runtime_client_is_reserved() {
        let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&runtime).expect("generator/runtime is readable") {
            let path = entry.expect("directory entry").path();
            if path.extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("runtime source is readable");
            let file = syn::parse_file(&text)
                .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()));
            found.extend(client_methods(&file));
        }
        // The file that defines `Client` was read: the test would pass on nothing otherwise.
        for method in ["new", "send", "with_options"] {
            assert!(
                found.iter().any(|m| m == method),
                "no `Client::{method}` found"
            );
        }
        let missing: Vec<&String> = found
            .iter()
            .filter(|method| !RESERVED_METHODS.contains(&method.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "methods of the runtime's `Client` missing from RESERVED_METHODS: {missing:?}"
        );
    }

    mod lowering {
        use crate::ir::Method;
        use crate::lower::testing::{lowered, lowered_with_warnings, operation};

        const NO_CONTENT: &str = "responses: {'204': {description: ok}}";

        #[test]
        fn names_module_and_docs_come_from_the_operation() {
            let api = lowered(&format!(
                "paths:\n  /v1/customers:\n    get:\n      operationId: listCustomers\n      tags: [Billing Things]\n      summary: List customers\n      description: Newest first.\n      deprecated: true\n      {NO_CONTENT}\n"
            ));
            let op = operation(&api, "list_customers");
            assert_eq!(op.operation_id, "listCustomers");
            assert_eq!(op.module, "billing_things");
            assert_eq!(op.docs.as_deref(), Some("List customers\n\nNewest first."));
            assert!(op.deprecated);
            assert_eq!(
                (op.method, op.path.as_str()),
                (Method::Get, "/v1/customers")
            );
        }

        #[test]
        fn an_untagged_operation_belongs_to_its_paths_first_resource() {
            use super::super::resource_of;
            for (path, resource) in [
                ("/v1/customers/{customer}/sources", "customers"),
                ("/api/v2beta1/checkout/sessions", "checkout"),
                ("/2010-04-01/Accounts/{AccountSid}/Calls.json", "Accounts"),
                ("/V3/{id}/things", "things"),
                ("/vendors", "vendors"),
                ("/", "default"),
                ("/v1/{id}", "default"),
            ] {
                assert_eq!(resource_of(path), resource, "{path}");
            }
        }

        #[test]
        fn an_operation_without_an_id_is_named_from_method_and_path() {
            let api = lowered(&format!(
                "paths:\n  /v1/customers/{{id}}:\n    delete:\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      {NO_CONTENT}\n"
            ));
            let op = operation(&api, "delete_v1_customers_id");
            assert_eq!(op.operation_id, "delete_v1_customers_id");
            assert_eq!(op.module, "customers");
        }

        #[test]
        fn a_repeated_operation_id_gets_a_number_and_a_warning() {
            let (api, warnings) = lowered_with_warnings(&format!(
                "paths:\n  /a:\n    get: {{operationId: fetch, {NO_CONTENT}}}\n  /b:\n    get: {{operationId: fetch, {NO_CONTENT}}}\n"
            ));
            assert_eq!(operation(&api, "fetch").path, "/a");
            assert_eq!(operation(&api, "fetch_2").operation_id, "fetch_2");
            assert_eq!(
                warnings,
                [
                    "#/paths/~1b/get/operationId: the operationId `fetch` is already the operation #/paths/~1a/get's"
                ]
            );
        }

        #[test]
        fn a_name_the_client_uses_gets_another() {
            let api = lowered(&format!(
                "paths:\n  /a:\n    post: {{operationId: send, {NO_CONTENT}}}\n"
            ));
            assert_eq!(api.operations[0].name, "send2");
            assert_eq!(api.operations[0].operation_id, "send");
        }

        #[test]
        fn operations_are_sorted_by_module_path_and_method() {
            let api = lowered(&format!(
                "paths:\n  /z:\n    post: {{operationId: z_post, tags: [a], {NO_CONTENT}}}\n    get: {{operationId: z_get, tags: [a], {NO_CONTENT}}}\n  /b:\n    get: {{operationId: b_get, tags: [b], {NO_CONTENT}}}\n  /y:\n    get: {{operationId: y_get, tags: [a], {NO_CONTENT}}}\n"
            ));
            let names: Vec<&str> = api.operations.iter().map(|op| op.name.as_str()).collect();
            assert_eq!(names, ["y_get", "z_get", "z_post", "b_get"]);
        }
    }
}
