//! The document (steps 1 to 5 of the pipeline): the spec's text made into what lowering reads,
//! one file a step, in the order [`load`] runs them: [`parse`] (text → JSON, the version
//! checked), [`inline`] (deep `$ref`s made components or copied in), [`repair`] (slips mended
//! with a warning), [`downgrade`] (3.1 → 3.0, and what no Rust type holds loosened with a
//! warning), [`read`] (JSON → `openapiv3`, every node of the wrong shape named).

mod downgrade;
mod inline;
mod loosen;
mod parse;
mod read;
mod repair;

use crate::diagnostics::Ctxt;
use openapiv3::OpenAPI;

/// A spec as JSON, before it is read as `openapiv3`: the form the 3.1 downgrade rewrites.
#[derive(Debug)]
pub(crate) struct Document {
    /// The whole document.
    pub(crate) value: serde_json::Value,
    /// The OpenAPI version it declares (or, after the downgrade, the one it now has).
    pub(crate) version: Version,
    /// Where the document has its webhooks, for the pointers of errors: `x-webhooks` (3.0), or
    /// `webhooks` once the downgrade has moved 3.1's there.
    pub(crate) webhooks_key: &'static str,
}

/// The OpenAPI versions this generator reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Version {
    /// 3.0.x, which `openapiv3` reads.
    V3_0,
    /// 3.1.x, which [`crate::downgrade`] rewrites into 3.0.
    V3_1,
}

/// What lowering reads: the spec as `openapiv3` holds it, and what it needs to know of the
/// document beyond that.
pub(crate) struct Spec {
    pub(crate) openapi: OpenAPI,
    /// Where the document has its webhooks, for the pointers of errors: `x-webhooks` (3.0), or
    /// `webhooks` (3.1, which the downgrade moved to `x-webhooks`, where `openapiv3` keeps it).
    pub(crate) webhooks_key: &'static str,
}

/// Steps 1 to 5: the text parsed, its deep references inlined, its slips repaired, downgraded to
/// 3.0 and read. `None` when a step found a problem, which it told `cx`.
pub(crate) fn load(text: &str, cx: &mut Ctxt) -> Option<Spec> {
    let document = prepare(text, cx)?;
    let webhooks_key = document.webhooks_key;
    match read::read(document) {
        Some(openapi) => Some(Spec {
            openapi,
            webhooks_key,
        }),
        None => {
            // `read` consumed the document, for speed; steps 1 to 4 run again (their warnings,
            // already said, are dropped) to say where it went wrong, which is rare.
            let mut again = Ctxt::new();
            if let Some(document) = prepare(text, &mut again) {
                read::locate(&document, cx);
            }
            None
        }
    }
}

/// Steps 1 to 4, on the JSON.
fn prepare(text: &str, cx: &mut Ctxt) -> Option<Document> {
    let mut document = parse::parse(text, cx)?;
    cx.made_components(inline::inline_deep_refs(&mut document.value));
    repair::repair(&mut document, cx);
    downgrade::downgrade(&mut document, cx);
    Some(document)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::error::{ErrorKind, Errors};

    /// Parses and reads a 3.0 document (the tests' documents need no downgrade).
    pub(crate) fn parse(text: &str) -> Result<OpenAPI, Errors> {
        let mut cx = Ctxt::new();
        let document = parse::parse(text, &mut cx);
        let spec = document.and_then(|document| match read::read(document) {
            Some(spec) => Some(spec),
            None => {
                if let Some(document) = parse::parse(text, &mut Ctxt::new()) {
                    read::locate(&document, &mut cx);
                }
                None
            }
        });
        cx.finish(spec).map(|(spec, _)| spec)
    }

    #[test]
    fn yaml_syntax_error_has_line_and_column() {
        let errors = parse("openapi: 3.0.3\ninfo: [unclosed\n").unwrap_err();
        let error = &errors.iter().next().expect("a problem");
        assert_eq!(error.kind, ErrorKind::Syntax);
        assert!(error.line_column.is_some(), "{error}");
    }

    #[test]
    fn json_syntax_error_has_line_and_column() {
        let errors = parse("{\n  \"openapi\": \"3.0.3\",\n  \"info\": }").unwrap_err();
        assert_eq!(
            errors.iter().next().expect("a problem").line_column,
            Some((3, 11))
        );
    }

    #[test]
    fn other_versions_are_rejected() {
        let errors =
            parse("openapi: 4.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n").unwrap_err();
        assert_eq!(
            errors.iter().next().expect("a problem").kind,
            ErrorKind::UnsupportedVersion
        );
        assert_eq!(
            errors.iter().next().expect("a problem").pointer,
            "#/openapi"
        );
        let errors = parse("swagger: '2.0'\n").unwrap_err();
        assert_eq!(
            errors.iter().next().expect("a problem").pointer,
            "#/swagger"
        );
    }

    #[test]
    fn wrong_shape_names_every_place() {
        let text = r#"
openapi: 3.0.3
info: {title: x, version: '1'}
paths:
  /a: {get: {responses: 7}}
  /b:
    post:
      parameters: [{name: q, in: nowhere}]
      responses: {}
components:
  schemas:
    S: {type: object, properties: 3}
"#;
        let errors = parse(text).unwrap_err();
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert!(errors.iter().all(|e| e.kind == ErrorKind::Structure));
        assert_eq!(
            pointers,
            [
                "#/paths/~1a/get/responses",
                "#/paths/~1b/post/parameters/0",
                "#/components/schemas/S/properties"
            ],
            "{errors}"
        );
    }
}
