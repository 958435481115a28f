//! Requests the spec does not describe yet: the escape hatch. Part of the runtime that
//! `flex-codegen` copies into every crate it generates.

use crate::client::Client;
use crate::error::Error;
use crate::request::{Body, Request};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A request to a path the spec does not describe yet, sent with everything a generated
/// operation has: the API key, retries (with an idempotency key for requests other than GET),
/// timeouts, the client's options and the same [`Error`]s. Made by [`Client::request`].
///
/// ```text
/// let thing: serde_json::Value = client
///     .request(Method::POST, "/v1/new_things")
///     .json(&serde_json::json!({"new_thing": {"name": "x"}}))
///     .send()
///     .await?;
/// ```
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest<'a> {
    client: &'a Client,
    /// The request so far, or the first problem met while building it (reported by `send`).
    request: Result<Request, Error>,
}

impl Client {
    /// A request to `path` (`/v1/new_things`, appended to the base URL as it is), for an
    /// endpoint the spec does not describe yet. See [`RawRequest`].
    pub fn request(&self, method: reqwest::Method, path: &str) -> RawRequest<'_> {
        let request = if !path.starts_with('/')
            || path.contains(['?', '#'])
            || path.chars().any(char::is_whitespace)
        {
            Err(Error::InvalidRequest(format!(
                "a raw request's path must start with `/` and hold no query, fragment or white space: `{path}`"
            )))
        } else {
            // Tracing names the request by method only: the path may hold IDs.
            Ok(Request::new(method, "raw request", "(raw request)", path))
        };
        RawRequest {
            client: self,
            request,
        }
    }
}

impl<'a> RawRequest<'a> {
    fn map(self, f: impl FnOnce(Request) -> Result<Request, Error>) -> Self {
        RawRequest {
            client: self.client,
            request: self.request.and_then(f),
        }
    }

    /// Adds query parameters: each field of `params` (a struct or map) as `name=value`; `None`
    /// fields are left out, arrays repeat the name.
    pub fn query<T: Serialize + ?Sized>(self, params: &T) -> Self {
        self.map(|mut request| {
            let value = serde_json::to_value(params).map_err(|e| {
                Error::InvalidRequest(format!("cannot encode the query parameters: {e}"))
            })?;
            let serde_json::Value::Object(fields) = value else {
                return Err(Error::InvalidRequest(
                    "query parameters must be a struct or a map".to_owned(),
                ));
            };
            let mut query = std::mem::take(&mut request.query);
            for (name, value) in &fields {
                query = query.form(name, value)?;
            }
            Ok(request.query(query))
        })
    }

    /// Adds a header (checked for line breaks before sending).
    pub fn header(self, name: &'static str, value: &str) -> Self {
        self.map(|request| request.header(name, value))
    }

    /// Sends `body` as JSON.
    pub fn json<T: Serialize + ?Sized>(self, body: &T) -> Self {
        self.map(|request| Ok(request.body(Body::json(body)?)))
    }

    /// Sends the request and decodes the JSON response into `T` (`serde_json::Value` for any).
    pub async fn send<T: DeserializeOwned>(self) -> Result<T, Error> {
        self.client.send(self.request?).await
    }

    /// Sends the request and ignores the response body.
    pub async fn send_empty(self) -> Result<(), Error> {
        self.client.send_empty(self.request?).await
    }
}
