//! Responses (lowering): the success statuses' bodies become what a call returns (one body, or
//! an enum with a variant per status when they differ), and the error statuses' JSON bodies are
//! listed for the docs.

use super::bodies::{essence, is_json};
use super::{Lowerer, unescape};
use crate::diagnostics::error::ErrorKind;
use crate::diagnostics::pointer::Pointer;
use crate::ir::{
    ResponseBody, StatusMatch, StatusVariant, SuccessResponse, TypeDef, TypeKind, TypeRef, TypeRole,
};
use crate::lower::naming::snake_name;
use openapiv3::{ReferenceOr, Response, StatusCode};

impl<'a> Lowerer<'a> {
    /// What a successful call returns, and the JSON body type of each error status, or `None`
    /// when a problem was reported.
    pub(crate) fn lower_responses(
        &mut self,
        operation: &'a openapiv3::Operation,
        at: &Pointer,
        op_type: &str,
    ) -> Option<(SuccessResponse, Vec<(StatusMatch, TypeRef)>)> {
        let at = at.join("responses");
        let mut successes: Vec<(StatusMatch, ResponseBody)> = Vec::new();
        let mut error_bodies: Vec<(StatusMatch, TypeRef)> = Vec::new();
        let mut ok = true;
        for (status, response) in &operation.responses.responses {
            let status_at = at.join(status);
            let Some(response) = self.resolve_response(response, &status_at) else {
                ok = false;
                continue;
            };
            let status = match status {
                StatusCode::Code(code) => StatusMatch::Code(*code),
                // openapiv3 reads a range as its one digit (`2XX` → 2), which fits a `u8`.
                StatusCode::Range(digit) => StatusMatch::Range(*digit as u8),
            };
            let is_success = status
                .codes()
                .is_some_and(|(lowest, _)| (100..300).contains(&lowest));
            let hint = if is_success {
                if successes.is_empty() {
                    format!("{op_type}Response")
                } else {
                    format!("{op_type}Response{status}")
                }
            } else {
                format!("{op_type}Error{status}")
            };
            match self.response_body(response, &status_at, &hint) {
                Some(body) if is_success => successes.push((status, body)),
                Some(ResponseBody::Json(ty)) => error_bodies.push((status, ty)),
                Some(_) => {}
                None => ok = false,
            }
        }
        if let Some(default) = &operation.responses.default {
            let default_at = at.join("default");
            match self.resolve_response(default, &default_at) {
                Some(response) => {
                    match self.response_body(
                        response,
                        &default_at,
                        &format!("{op_type}DefaultError"),
                    ) {
                        Some(ResponseBody::Json(ty)) => {
                            error_bodies.push((StatusMatch::Default, ty))
                        }
                        Some(_) => {}
                        None => ok = false,
                    }
                }
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        let mut distinct: Vec<&ResponseBody> = Vec::new();
        for (_, body) in &successes {
            if !distinct.contains(&body) {
                distinct.push(body);
            }
        }
        let success = match distinct.as_slice() {
            [] => SuccessResponse::Single(ResponseBody::Empty),
            [one] => SuccessResponse::Single((*one).clone()),
            _ => {
                // Success statuses with different bodies: an enum with a variant per status.
                let name = self.type_names.claim(format!("{op_type}Response"));
                let variants: Vec<StatusVariant> = successes
                    .into_iter()
                    .map(|(status, body)| StatusVariant {
                        status,
                        name: format!("Status{status}"),
                        body,
                    })
                    .collect();
                let module = self.type_modules.claim(snake_name(&name, "response"));
                self.types.push(TypeDef {
                    name: name.clone(),
                    module,
                    docs: None,
                    role: TypeRole::Responses,
                    source: super::type_source(&at),
                    deprecated: false,
                    kind: TypeKind::Responses(variants),
                    gate: crate::ir::Gate::Always,
                });
                SuccessResponse::ByStatus {
                    ty: TypeRef::Named(name),
                }
            }
        };
        Some((success, error_bodies))
    }

    /// The body of a response, or `None` when a problem was reported.
    fn response_body(
        &mut self,
        response: &'a Response,
        at: &Pointer,
        hint: &str,
    ) -> Option<ResponseBody> {
        if response.content.is_empty() {
            return Some(ResponseBody::Empty);
        }
        if let Some((media, content)) = response.content.iter().find(|(media, _)| is_json(media)) {
            let Some(schema) = &content.schema else {
                return Some(ResponseBody::Json(TypeRef::Any));
            };
            let schema_at = at.join("content").join(media).join("schema");
            return self
                .lower_schema(schema.into(), &schema_at, hint)
                .map(|l| ResponseBody::Json(l.ty));
        }
        if response
            .content
            .keys()
            .any(|media| essence(media).starts_with("text/"))
        {
            return Some(ResponseBody::Text);
        }
        Some(ResponseBody::Bytes)
    }

    /// A response, following a `$ref` into `#/components/responses`.
    fn resolve_response(
        &mut self,
        response: &'a ReferenceOr<Response>,
        at: &Pointer,
    ) -> Option<&'a Response> {
        match response {
            ReferenceOr::Item(response) => Some(response),
            ReferenceOr::Reference { reference } => {
                let found = reference
                    .strip_prefix("#/components/responses/")
                    .and_then(|key| self.spec.components.as_ref()?.responses.get(&unescape(key)));
                match found {
                    Some(ReferenceOr::Item(response)) => Some(response),
                    _ => {
                        self.error(
                            ErrorKind::UnresolvedRef,
                            at,
                            format!(
                                "`{reference}` does not name a response in `#/components/responses`"
                            ),
                        );
                        None
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{
        ResponseBody, StatusMatch, StatusVariant, SuccessResponse, TypeKind, TypeRef, TypeRole,
    };
    use crate::lower::testing::{lowered, named, operation, type_def};

    /// `GET /a` (operation `get_a`) with these `responses` (YAML, indented under it).
    fn get_a(responses: &str) -> crate::ir::Api {
        lowered(&format!(
            "paths:\n  /a:\n    get:\n      operationId: get_a\n      responses:\n{responses}components:\n  schemas:\n    Customer: {{type: object, properties: {{id: {{type: string}}}}}}\n    Problem: {{type: object, properties: {{message: {{type: string}}}}}}\n"
        ))
    }

    const CUSTOMER: &str = "{application/json: {schema: {$ref: '#/components/schemas/Customer'}}}";

    #[test]
    fn one_success_body_is_returned_as_it_is() {
        let api = get_a(&format!(
            "        '200': {{description: ok, content: {CUSTOMER}}}\n        '201': {{description: ok, content: {CUSTOMER}}}\n"
        ));
        assert_eq!(
            operation(&api, "get_a").response,
            SuccessResponse::Single(ResponseBody::Json(named("Customer")))
        );
    }

    #[test]
    fn success_statuses_with_different_bodies_make_a_responses_enum() {
        let api = get_a(&format!(
            "        '200': {{description: ok, content: {CUSTOMER}}}\n        '202': {{description: accepted}}\n"
        ));
        assert_eq!(
            operation(&api, "get_a").response,
            SuccessResponse::ByStatus {
                ty: named("GetAResponse")
            }
        );
        let def = type_def(&api, "GetAResponse");
        assert_eq!(def.role, TypeRole::Responses);
        assert_eq!(
            def.kind,
            TypeKind::Responses(vec![
                StatusVariant {
                    status: StatusMatch::Code(200),
                    name: "Status200".to_owned(),
                    body: ResponseBody::Json(named("Customer")),
                },
                StatusVariant {
                    status: StatusMatch::Code(202),
                    name: "Status202".to_owned(),
                    body: ResponseBody::Empty,
                },
            ])
        );
    }

    #[test]
    fn error_bodies_are_listed_by_status() {
        let problem = "{application/json: {schema: {$ref: '#/components/schemas/Problem'}}}";
        let api = get_a(&format!(
            "        '204': {{description: none}}\n        '404': {{description: gone, content: {problem}}}\n        '4XX': {{description: bad, content: {{application/json: {{schema: {{type: object, properties: {{code: {{type: integer}}}}}}}}}}}}\n        '500': {{description: down, content: {{text/plain: {{}}}}}}\n        default: {{description: other, content: {problem}}}\n"
        ));
        let op = operation(&api, "get_a");
        assert_eq!(op.response, SuccessResponse::Single(ResponseBody::Empty));
        assert_eq!(
            op.error_bodies,
            [
                (StatusMatch::Code(404), named("Problem")),
                (StatusMatch::Range(4), named("GetAError4Xx")),
                (StatusMatch::Default, named("Problem")),
            ]
        );
    }

    #[test]
    fn text_and_binary_successes() {
        let api = get_a("        '200': {description: ok, content: {text/csv: {}}}\n");
        assert_eq!(
            operation(&api, "get_a").response,
            SuccessResponse::Single(ResponseBody::Text)
        );
        let api = get_a("        '200': {description: ok, content: {application/pdf: {}}}\n");
        assert_eq!(
            operation(&api, "get_a").response,
            SuccessResponse::Single(ResponseBody::Bytes)
        );
        let api = get_a("        '200': {description: ok, content: {application/json: {}}}\n");
        assert_eq!(
            operation(&api, "get_a").response,
            SuccessResponse::Single(ResponseBody::Json(TypeRef::Any))
        );
    }
}
