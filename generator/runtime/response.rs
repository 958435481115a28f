//! Responses: reading a body against the size limit ([`RawResponse`]), decoding it, turning an
//! error status into an [`Error`], and [`ResponseCapture`] for callers that want the status and
//! headers too. Part of the runtime that `flex-codegen` copies into every crate it generates.

use crate::error::{ApiError, DecodeError, Error};
use crate::json_path::{Segment, error_path};
use reqwest::header::{self, HeaderMap};
use serde::de::DeserializeOwned;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

/// Response headers that carry the server's ID for a request, in the order they are tried.
const REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "request-id", "x-amzn-requestid"];

/// A response, its body read.
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    body: bytes::Bytes,
    /// The `Idempotency-Key` the request was sent with, for the errors made from the response.
    pub(crate) idempotency_key: Option<String>,
}

impl RawResponse {
    /// Reads the whole response, whatever its status. The body is read chunk by chunk against
    /// `limit`, so a huge (or endless) response fails early instead of filling memory; a
    /// declared length over the limit fails at once.
    pub(crate) async fn read(
        mut response: reqwest::Response,
        limit: usize,
        url: &url::Url,
        timeout: Duration,
    ) -> Result<RawResponse, Error> {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let too_large = || Error::ResponseTooLarge {
            url: url.to_string(),
            status,
            limit,
            idempotency_key: None,
        };
        if response
            .content_length()
            .is_some_and(|length| length > limit as u64)
        {
            return Err(too_large());
        }
        let mut body = bytes::BytesMut::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| Error::from_reqwest(e, url, timeout))?
        {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse {
            status,
            headers,
            body: body.freeze(),
            idempotency_key: None,
        })
    }

    pub(crate) fn status(&self) -> u16 {
        self.status
    }

    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub(crate) fn into_bytes(self) -> bytes::Bytes {
        self.body
    }

    /// The body as text; a body that is not UTF-8 is a decode error.
    pub(crate) fn into_text(self) -> Result<String, Error> {
        match String::from_utf8(self.body.to_vec()) {
            Ok(text) => Ok(text),
            Err(e) => Err(self.decode_failure(None, format!("the body is not UTF-8 text: {e}"))),
        }
    }

    /// A success status the spec does not list for this operation.
    pub(crate) fn unexpected_status(&self) -> Error {
        self.decode_failure(
            None,
            format!(
                "HTTP {} is not a status this operation documents",
                self.status
            ),
        )
    }

    /// The error of a response whose status is not a success.
    pub(crate) fn into_error(self) -> Error {
        let mut api_error = ApiError::from_response(
            self.status,
            self.request_id(),
            crate::retry::retry_after(&self.headers, SystemTime::now()),
            &self.body,
        );
        api_error.should_retry = crate::retry::should_retry(&self.headers);
        api_error.idempotency_key = self.idempotency_key.clone();
        if (300..400).contains(&self.status) && api_error.message.is_none() {
            // Redirects are not followed (see `ClientBuilder::build`); say where the server
            // pointed, which is usually the fix for the base URL.
            let location = self
                .headers
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("nowhere");
            api_error.message = Some(format!(
                "redirected to {location}; the client does not follow redirects, so set the base URL to where the API is"
            ));
        }
        Error::Api(Box::new(api_error))
    }

    fn content_type(&self) -> Option<String> {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    /// The server's ID for the request, from the first of [`REQUEST_ID_HEADERS`] it sent.
    pub(crate) fn request_id(&self) -> Option<String> {
        REQUEST_ID_HEADERS
            .iter()
            .find_map(|name| self.headers.get(*name))
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    }

    /// Whether the body is a JSON object whose one member is `key` (`{"setup_intent": {...}}`),
    /// for operations whose response comes either wrapped in that envelope or bare. Only the
    /// top-level keys are read (the values are skipped without being built), so the body is then
    /// decoded once, as the shape it has, and a decode error names the real path.
    pub(crate) fn is_enveloped(&self, key: &str) -> bool {
        serde_json::from_slice::<TopLevelKeys>(&self.body)
            .is_ok_and(|keys| keys.0.len() == 1 && keys.0[0] == key)
    }

    /// Decodes the body, naming the path of the field that failed (`a.b[0].c`) when one does.
    pub(crate) fn decode<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice::<T>(&self.body).map_err(|error| {
            // The path is found from where the parser stopped (see `json_path`), not by
            // decoding the body again: that would compile every type's decoding once more, in
            // the crate of whoever awaits the call. Not JSON, or bytes after the document: the
            // parser's error says where.
            let path = match error.classify() {
                serde_json::error::Category::Data => error_path(&self.body, &error),
                _ => None,
            };
            self.decode_error(path.map(|path| path.to_string()), error)
        })
    }

    /// Decodes the body like [`decode`](Self::decode); when that fails, leaves empty each field
    /// whose JSON does not fit its type (an array item is dropped), keeps the rest, and returns
    /// what was left out. A body that is not JSON, or whose envelope lacks its object, still
    /// fails with the strict error. The fast path is the same: this costs more only for a body
    /// that does not fit.
    pub(crate) fn decode_lenient<T: DeserializeOwned>(
        &self,
    ) -> Result<(T, Vec<SkippedField>), Error> {
        let strict_error = match self.decode() {
            Ok(value) => return Ok((value, Vec::new())),
            Err(error) => error,
        };
        let Ok(mut document) = serde_json::from_slice::<serde_json::Value>(&self.body) else {
            return Err(strict_error);
        };
        let mut skipped = Vec::new();
        for _ in 0..MAX_SKIPPED_FIELDS {
            // The document as text again, decoded as the body was: one way of decoding each
            // type, whichever way the call goes.
            let Ok(text) = serde_json::to_vec(&document) else {
                return Err(strict_error);
            };
            let error = match serde_json::from_slice::<T>(&text) {
                Ok(value) => return Ok((value, skipped)),
                Err(error) => error,
            };
            let Some(path) = error_path(&text, &error) else {
                return Err(strict_error);
            };
            let Some(raw) = take_at(&mut document, &path.0) else {
                // At the top of the document: nothing smaller to leave out.
                return Err(strict_error);
            };
            let message = error.to_string();
            let shown = path.to_string();
            tracing::warn!(
                api = crate::API.name,
                path = shown.as_str(),
                error = message.as_str(),
                "a field did not fit its type and was left empty"
            );
            let secret = path.0.iter().any(|segment| {
                matches!(segment, Segment::Key(key) if crate::API.secret_fields.contains(&key.as_str()))
            });
            skipped.push(SkippedField {
                path: shown,
                message,
                raw: if secret {
                    serde_json::Value::String("[redacted]".to_owned())
                } else {
                    raw
                },
            });
        }
        Err(strict_error)
    }

    fn decode_error(&self, path: Option<String>, error: serde_json::Error) -> Error {
        self.decode_failure(path, error.to_string())
    }

    /// A decode error about this response.
    fn decode_failure(&self, path: Option<String>, message: String) -> Error {
        let mut error = DecodeError::new(
            self.status,
            path,
            message,
            self.content_type(),
            self.request_id(),
            &self.body,
        );
        error.idempotency_key = self.idempotency_key.clone();
        Error::Decode(Box::new(error))
    }
}

/// The most fields lenient decoding leaves out of one response before it gives up.
const MAX_SKIPPED_FIELDS: usize = 64;

/// Removes and returns the value at `path` (an object's field, or an array's item), or `None`
/// when the path is empty or leads nowhere.
fn take_at(document: &mut serde_json::Value, path: &[Segment]) -> Option<serde_json::Value> {
    let (last, parents) = path.split_last()?;
    let mut node = document;
    for segment in parents {
        node = match segment {
            Segment::Key(key) => node.get_mut(key.as_str())?,
            Segment::Index(index) => node.get_mut(*index)?,
        };
    }
    match last {
        Segment::Key(key) => node.as_object_mut()?.remove(key.as_str()),
        Segment::Index(index) => {
            let items = node.as_array_mut()?;
            (*index < items.len()).then(|| items.remove(*index))
        }
    }
}

/// A field of a response that did not fit its type: lenient decoding left it empty (or
/// dropped the array item), and keeps its JSON here.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct SkippedField {
    /// Where it was (`checkout_session.split_cart`, `invoices[2]`).
    pub path: String,
    /// Why it did not fit, as the JSON decoder said.
    pub message: String,
    /// Its JSON, as the API sent it (`"[redacted]"` for a field the spec marks secret).
    pub raw: serde_json::Value,
}

/// A place for the status, headers and request ID of a response, for callers that need more
/// than the decoded body. Clones share one slot.
///
/// ```text
/// let capture = ResponseCapture::new();
/// let session = client
///     .with_options(RequestOptions::new().capture_response(&capture))
///     .retrieve_checkout_session("fcs_..", &Default::default())
///     .await?;
/// let meta = capture.get();   // Some(ResponseMeta { status: 200, request_id, headers, .. })
/// ```
#[derive(Clone, Debug, Default)]
pub struct ResponseCapture {
    slot: Arc<Mutex<Option<ResponseMeta>>>,
}

impl ResponseCapture {
    /// An empty capture.
    pub fn new() -> Self {
        ResponseCapture::default()
    }

    /// The last response captured, if a call has received one.
    pub fn get(&self) -> Option<ResponseMeta> {
        self.slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The last response captured, leaving the capture empty.
    pub fn take(&self) -> Option<ResponseMeta> {
        self.slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    pub(crate) fn set(&self, meta: ResponseMeta) {
        *self.slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(meta);
    }

    /// Adds the fields lenient decoding left out to the captured response.
    pub(crate) fn add_skipped(&self, skipped: Vec<SkippedField>) {
        if let Some(meta) = self
            .slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_mut()
        {
            meta.skipped_fields.extend(skipped);
        }
    }
}

/// What a response was, besides its body.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ResponseMeta {
    /// The HTTP status.
    pub status: u16,
    /// Every response header.
    pub headers: HeaderMap,
    /// The server's ID for the request (`x-request-id`), if it sent one.
    pub request_id: Option<String>,
    /// How many tries the call took (1 when it was not retried).
    pub attempts: u32,
    /// The `Idempotency-Key` the request was sent with, when it had one: the key to send a
    /// request that changes data again with, should its outcome be in doubt.
    pub idempotency_key: Option<String>,
    /// The fields that did not fit their types and were left empty (see
    /// [`ClientBuilder::strict_decoding`](crate::ClientBuilder::strict_decoding)).
    pub skipped_fields: Vec<SkippedField>,
}

/// The keys of a JSON object, its values skipped (see [`RawResponse::is_enveloped`]). At most
/// two are kept: that is enough to tell a one-member envelope from anything else.
struct TopLevelKeys(Vec<String>);

impl<'de> serde::Deserialize<'de> for TopLevelKeys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Keys;
        impl<'de> serde::de::Visitor<'de> for Keys {
            type Value = TopLevelKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<TopLevelKeys, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    if keys.len() < 2 {
                        keys.push(key);
                    }
                }
                Ok(TopLevelKeys(keys))
            }
        }
        deserializer.deserialize_map(Keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn response(status: u16, headers: &[(&'static str, &str)], body: &str) -> RawResponse {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(*name, HeaderValue::from_str(value).expect("valid value"));
        }
        RawResponse {
            status,
            headers: map,
            body: bytes::Bytes::copy_from_slice(body.as_bytes()),
            idempotency_key: None,
        }
    }

    #[test]
    fn an_envelope_is_an_object_whose_one_member_is_the_key() {
        let enveloped = |body: &str| response(200, &[], body).is_enveloped("setup_intent");
        assert!(enveloped(
            r#"{"setup_intent": {"setup_intent_id": "fsi_1"}}"#
        ));
        assert!(enveloped(r#" { "setup_intent" : null } "#));
        // The bare object, another key, a second member, or no object at all.
        assert!(!enveloped(
            r#"{"setup_intent_id": "fsi_1", "status": "succeeded"}"#
        ));
        assert!(!enveloped(r#"{"customer": {}}"#));
        assert!(!enveloped(r#"{"setup_intent": {}, "test_mode": true}"#));
        assert!(!enveloped(r#"{}"#));
        assert!(!enveloped(r#"["setup_intent"]"#));
        assert!(!enveloped("<html>not JSON</html>"));
    }

    #[derive(Debug, serde::Deserialize)]
    struct Outer {
        #[allow(dead_code)]
        items: Vec<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Inner {
        #[allow(dead_code)]
        n: i64,
    }

    #[test]
    fn a_decode_error_names_the_field_that_failed() {
        let raw = response(
            200,
            &[("x-request-id", "req_1")],
            r#"{"items":[{"n":1},{"n":"x"}]}"#,
        );
        let Err(Error::Decode(error)) = raw.decode::<Outer>() else {
            panic!("decodes");
        };
        assert_eq!(error.path.as_deref(), Some("items[1].n"));
        assert_eq!(error.request_id.as_deref(), Some("req_1"));
        let trailing = response(200, &[], r#"{"items":[]} x"#);
        assert!(matches!(trailing.decode::<Outer>(), Err(Error::Decode(_))));
    }

    #[test]
    fn an_error_status_keeps_code_message_request_id_and_wait() {
        let raw = response(
            429,
            &[("request-id", "req_2"), ("retry-after", "2")],
            r#"{"error":{"code":"rate_limited","message":"slow down"}}"#,
        );
        let Error::Api(error) = raw.into_error() else {
            panic!("an API error");
        };
        assert_eq!(error.code.as_deref(), Some("rate_limited"));
        assert_eq!(error.message.as_deref(), Some("slow down"));
        assert_eq!(error.request_id.as_deref(), Some("req_2"));
        assert_eq!(error.retry_after, Some(Duration::from_secs(2)));

        let redirect = response(301, &[("location", "https://elsewhere.example")], "");
        let Error::Api(error) = redirect.into_error() else {
            panic!("an API error");
        };
        assert!(
            error
                .message
                .is_some_and(|m| m.contains("redirected to https://elsewhere.example"))
        );
    }
}
