//! What the integration tests against a local server share: the test API key, clients of the
//! Flex, runtime and constructs crates pointed at a wiremock server, servers that answer with a
//! fixed body, what a server received, JSON helpers, and the capture of what the client logs.
//!
//! Each file in `tests/tests/` is a crate of its own that declares `mod common;` and uses only
//! part of this; what it leaves unused would be dead code in that crate, hence the `allow`.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::Future;
use std::io;
use std::sync::Once;
use std::time::Duration;
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A test-mode Flex key (`fsk_test_`), which the client accepts; no server here checks it.
pub const KEY: &str = "fsk_test_4eC39HqLyjWDarjtT1zdp7dc";

// ---- Clients ----

/// A Flex client for `server`. Retries are on by default; tests that are not about them wait a
/// millisecond between tries (retries themselves are tested in `retries.rs`).
pub fn flex(server: &MockServer) -> flex_client::Client {
    flex_with_backoff(server, 1, 1)
}

/// A Flex client for `server` whose backoff starts at `initial_ms` and stops at `max_ms`.
pub fn flex_with_backoff(server: &MockServer, initial_ms: u64, max_ms: u64) -> flex_client::Client {
    flex_at(server.uri())
        .retry_backoff(
            Duration::from_millis(initial_ms),
            Duration::from_millis(max_ms),
        )
        .build()
        .expect("valid configuration")
}

/// A builder of a Flex client with the test key for `base_url`, for the test to finish.
pub fn flex_at(base_url: impl Into<String>) -> flex_client::ClientBuilder {
    flex_client::Client::builder()
        .api_key(KEY)
        .base_url(base_url)
}

/// A builder of the client of `tests/fixtures/runtime.yaml` (requests other than GET) for
/// `server`, with retries a millisecond apart. Its spec has no key prefixes: any key will do.
pub fn pets(server: &MockServer) -> runtime_client::ClientBuilder {
    runtime_client::Client::builder()
        .api_key("any-key-at-all")
        .base_url(server.uri())
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(1))
}

/// The client of `tests/fixtures/constructs.yaml` for `server` (its spec has no security).
pub fn constructs(server: &MockServer) -> constructs_client::Client {
    constructs_client::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("valid configuration")
}

/// A port on this machine that nothing listens on: bound, noted and closed again.
pub fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind")
        .port()
}

/// The URL of [`closed_port`].
pub fn closed_url() -> String {
    format!("http://127.0.0.1:{}", closed_port())
}

// ---- Servers ----

/// A server that answers every GET with `response`.
pub async fn serve(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// A server that answers every GET with this status and JSON body, and the request ID
/// `req_8f3a`.
pub async fn serve_json(status: u16, body: Value) -> MockServer {
    serve(
        ResponseTemplate::new(status)
            .set_body_json(body)
            .insert_header("x-request-id", "req_8f3a"),
    )
    .await
}

/// A server that answers every GET with this status and raw body.
pub async fn serve_raw(status: u16, body: &str, content_type: &str) -> MockServer {
    serve(ResponseTemplate::new(status).set_body_raw(body, content_type)).await
}

/// A server that answers every request with `failure` `times` times, then with `success`.
pub async fn fails_then_succeeds(
    failure: ResponseTemplate,
    times: u64,
    success: ResponseTemplate,
) -> MockServer {
    let server = MockServer::start().await;
    if times > 0 {
        Mock::given(any())
            .respond_with(failure)
            .up_to_n_times(times)
            .with_priority(1)
            .mount(&server)
            .await;
    }
    Mock::given(any())
        .respond_with(success)
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

/// Every request `server` has received so far.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

/// The value of a header of a received request, if it has one that is text.
pub fn request_header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

// ---- A session and a pet: the bodies of the runtime tests ----

pub const SESSION_ID: &str = "fcs_01HACMPD";

pub fn session() -> Value {
    json!({"checkout_session": {"checkout_session_id": SESSION_ID, "status": "complete"}})
}

pub fn ok_session() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(session())
        .insert_header("x-request-id", "req_ok")
}

/// An error response with the code `code_<status>` and the request ID `req_<status>`.
pub fn error(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(json!({"error": {"code": format!("code_{status}"), "message": "no"}}))
        .insert_header("x-request-id", format!("req_{status}"))
}

pub async fn retrieve(
    client: &flex_client::Client,
) -> Result<flex_client::types::CheckoutSession, flex_client::Error> {
    client
        .retrieve_checkout_session(SESSION_ID, &Default::default())
        .await
}

pub fn pet() -> Value {
    json!({"pet": {"pet_id": "pet_1", "name": "Rex", "status": "available"}})
}

/// What the runtime fixture's `createPet` answers.
pub fn created_pet() -> ResponseTemplate {
    ResponseTemplate::new(201).set_body_json(pet())
}

pub fn new_pet() -> runtime_client::types::NewPet {
    runtime_client::types::NewPet::new("Rex")
}

// ---- JSON ----

/// `value` without the object fields that are `null`, at every depth: what decoding and
/// encoding again gives, since `None` encodes as an absent field.
pub fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// A `metadata` map, for a request's setter.
pub fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A `metadata` field as a response carries it.
pub fn metadata(pairs: &[(&str, &str)]) -> Option<BTreeMap<String, String>> {
    Some(map(pairs))
}

/// An optional string field, set.
pub fn own(text: &str) -> Option<String> {
    Some(text.to_owned())
}

// ---- Capturing tracing output ----
//
// One global subscriber (so that no callsite's interest is decided without it) writes to a
// buffer of the current thread; `#[tokio::test]` runs each test, and the client's futures, on
// its own thread, so a test reads only what its own calls logged.

thread_local! {
    static LOGS: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
}

struct ThreadBuffer;

impl io::Write for ThreadBuffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        LOGS.with(|logs| {
            if let Some(buffer) = logs.borrow_mut().as_mut() {
                buffer.extend_from_slice(bytes);
            }
        });
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Runs `future` and returns its output with everything logged meanwhile, at every level,
/// with a line for each span as it closes (which shows the fields recorded on it).
pub async fn logged<F: Future>(future: F) -> (F::Output, String) {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        use tracing_subscriber::util::SubscriberInitExt;
        tracing_subscriber::fmt()
            .with_writer(|| ThreadBuffer)
            .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .finish()
            .try_init()
            .expect("no other global subscriber");
    });
    LOGS.with(|logs| *logs.borrow_mut() = Some(Vec::new()));
    let output = future.await;
    let bytes = LOGS
        .with(|logs| logs.borrow_mut().take())
        .unwrap_or_default();
    (output, String::from_utf8_lossy(&bytes).into_owned())
}
