//! The fault matrix: the generated client against a misbehaving server (a small TCP server of
//! this file's own, since wiremock cannot misbehave enough). Each fault gives its documented
//! typed error within the configured time, with status and request id where there were any; no
//! test may hang (each runs under an outer deadline) or panic.

mod common;

use common::closed_port;
use flex_client::{ApiErrorKind, Client, Error};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const KEY: &str = "fsk_test_faults";
const TIMEOUT: Duration = Duration::from_millis(300);
/// Far above every configured timeout: reaching it means the client hung.
const DEADLINE: Duration = Duration::from_secs(10);

/// A server that answers every connection with `respond`, counting connections.
async fn server<F, Fut>(respond: F) -> (SocketAddr, Arc<AtomicUsize>)
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&connections);
    let respond = Arc::new(respond);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let respond = Arc::clone(&respond);
            tokio::spawn(async move {
                read_request_head(&mut stream).await;
                respond(stream).await;
            });
        }
    });
    (address, connections)
}

/// Reads up to the end of the request's headers (the requests here have no body).
async fn read_request_head(stream: &mut TcpStream) {
    let mut seen = Vec::new();
    let mut buffer = [0u8; 1024];
    while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => seen.extend_from_slice(&buffer[..n]),
        }
    }
}

/// Writes a whole response and closes the connection.
async fn reply(mut stream: TcpStream, head: &str, body: &[u8]) {
    let mut response = head.replace('\n', "\r\n").into_bytes();
    response.extend_from_slice(body);
    let _ = stream.write_all(&response).await;
    let _ = stream.shutdown().await;
}

fn client(address: SocketAddr) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(format!("http://{address}"))
        .timeout(TIMEOUT)
        .max_retries(0)
        .build()
        .expect("valid configuration")
}

/// Calls the operation under the outer deadline; returns the error and how long it took.
async fn call(client: &Client) -> (Error, Duration) {
    let started = Instant::now();
    let result = tokio::time::timeout(
        DEADLINE,
        client.retrieve_checkout_session("fcs_1", &Default::default()),
    )
    .await
    .expect("the client returned before the deadline");
    let error = result.expect_err("the fault is an error");
    assert!(
        !error.to_string().contains(KEY),
        "the key leaked into {error}"
    );
    (error, started.elapsed())
}

#[tokio::test]
async fn connection_refused_is_a_connection_error() {
    let (error, _) = call(&client(SocketAddr::from(([127, 0, 0, 1], closed_port())))).await;
    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
    assert!(error.is_retryable());
}

#[tokio::test]
async fn a_connection_never_accepted_fails_at_the_connect_timeout() {
    // A listener with a backlog of one that never accepts: once its queue is full the kernel
    // drops further SYNs, so the client's connection attempt hangs until its connect timeout.
    let socket =
        socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).expect("a socket");
    socket
        .bind(&SocketAddr::from(([127, 0, 0, 1], 0)).into())
        .expect("bound");
    socket.listen(1).expect("listening");
    let address = socket
        .local_addr()
        .expect("an address")
        .as_socket()
        .expect("an IP address");
    let mut queued = Vec::new();
    for _ in 0..4 {
        let attempt = tokio::time::timeout(Duration::from_millis(200), TcpStream::connect(address));
        if let Ok(Ok(stream)) = attempt.await {
            queued.push(stream);
        }
    }
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://{address}"))
        .timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_millis(300))
        .max_retries(0)
        .build()
        .expect("valid configuration");
    let (error, took) = call(&client).await;
    // A connection that could not be made: retried like any other, well before the 30 s.
    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
    assert!(error.is_retryable());
    assert!(took < Duration::from_secs(10), "{took:?}");
    drop((queued, socket));
}

#[tokio::test]
async fn a_connection_reset_mid_body_is_a_transport_error() {
    let (address, _) = server(|mut stream| async move {
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n{\"checkout_session\":")
            .await;
        // Reset, not a clean close: a zero linger time makes closing send RST. (Lingering
        // with a zero timeout does not block, which is what tokio's deprecation warns of.)
        if let Ok(stream) = stream.into_std() {
            let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
            drop(stream);
        }
    })
    .await;
    let (error, _) = call(&client(address)).await;
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(
        error.is_retryable(),
        "a body cut short may pass on another try: {error:?}"
    );
}

#[tokio::test]
async fn headers_that_never_come_time_out() {
    let (address, _) = server(|stream| async move {
        tokio::time::sleep(Duration::from_secs(30)).await;
        drop(stream);
    })
    .await;
    let (error, took) = call(&client(address)).await;
    assert!(
        matches!(error, Error::Timeout { timeout, .. } if timeout == TIMEOUT),
        "{error:?}"
    );
    assert!(took < TIMEOUT * 5, "took {took:?}");
}

#[tokio::test]
async fn a_body_that_stalls_times_out() {
    let (address, _) = server(|mut stream| async move {
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"checkout")
            .await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let (error, took) = call(&client(address)).await;
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(took < TIMEOUT * 5, "took {took:?}");
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_with_status_and_request_id() {
    let (address, _) = server(|stream| async move {
        let body = br#"{"checkout_session": {"checkout_session_id": "fcs_1", "amount_tot"#;
        let head = format!("HTTP/1.1 200 OK\ncontent-type: application/json\nx-request-id: req_trunc\ncontent-length: {}\n\n", body.len());
        reply(stream, &head, body).await;
    })
    .await;
    let (error, _) = call(&client(address)).await;
    let Error::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        (decode.status, decode.request_id.as_deref()),
        (200, Some("req_trunc"))
    );
    assert!(decode.message.contains("EOF"), "{}", decode.message);
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn an_html_502_is_a_server_error_keeping_the_page() {
    let (address, _) = server(|stream| async move {
        let body = b"<html><body><h1>502 Bad Gateway</h1></body></html>";
        let head = format!("HTTP/1.1 502 Bad Gateway\ncontent-type: text/html\nx-request-id: req_502\ncontent-length: {}\n\n", body.len());
        reply(stream, &head, body).await;
    })
    .await;
    let (error, _) = call(&client(address)).await;
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        (api.status, api.kind(), api.request_id.as_deref()),
        (502, ApiErrorKind::Server, Some("req_502"))
    );
    assert!(api.body.contains("Bad Gateway"));
    assert!(error.is_retryable());
}

#[tokio::test]
async fn an_empty_200_is_a_decode_error() {
    let (address, _) = server(|stream| async move {
        reply(
            stream,
            "HTTP/1.1 200 OK\ncontent-type: application/json\ncontent-length: 0\n\n",
            b"",
        )
        .await;
    })
    .await;
    let (error, _) = call(&client(address)).await;
    let Error::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        (
            decode.status,
            decode.body_excerpt.as_str(),
            decode.path.as_deref()
        ),
        (200, "", None)
    );
}

#[tokio::test]
async fn a_wrong_content_type_is_judged_by_the_body() {
    // JSON labelled as HTML decodes (the label is the server's mistake, the data is fine)...
    let json =
        serde_json::json!({"checkout_session": {"checkout_session_id": "fcs_1"}}).to_string();
    let (address, _) = server(move |stream| {
        let json = json.clone();
        async move {
            let head = format!(
                "HTTP/1.1 200 OK\ncontent-type: text/html\ncontent-length: {}\n\n",
                json.len()
            );
            reply(stream, &head, json.as_bytes()).await;
        }
    })
    .await;
    let session = client(address)
        .retrieve_checkout_session("fcs_1", &Default::default())
        .await
        .expect("decodes");
    assert_eq!(session.checkout_session_id, "fcs_1");
    // ...and HTML labelled as JSON is a decode error that shows both.
    let (address, _) = server(|stream| async move {
        let body = b"<!doctype html><p>maintenance</p>";
        let head = format!(
            "HTTP/1.1 200 OK\ncontent-type: application/json\ncontent-length: {}\n\n",
            body.len()
        );
        reply(stream, &head, body).await;
    })
    .await;
    let (error, _) = call(&client(address)).await;
    let Error::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(decode.content_type.as_deref(), Some("application/json"));
    assert!(decode.body_excerpt.starts_with("<!doctype html>"));
}

/// A 429 without `Retry-After`, or with one that cannot be read, is retried on the client's own
/// backoff and ends as a rate-limited error without a retry-after.
#[tokio::test]
async fn rate_limits_without_a_usable_retry_after_fall_back_to_the_backoff() {
    for retry_after in [None, Some("soon"), Some("-5"), Some("Thu, 99 Foo 2024")] {
        let (address, connections) = server(move |stream| async move {
            let extra = retry_after.map(|v| format!("retry-after: {v}\n")).unwrap_or_default();
            let body = br#"{"error": {"code": "rate_limited", "message": "slow down"}}"#;
            let head = format!("HTTP/1.1 429 Too Many Requests\ncontent-type: application/json\n{extra}content-length: {}\n\n", body.len());
            reply(stream, &head, body).await;
        })
        .await;
        let client = Client::builder()
            .api_key(KEY)
            .base_url(format!("http://{address}"))
            .timeout(TIMEOUT)
            .max_retries(2)
            .retry_backoff(Duration::from_millis(5), Duration::from_millis(20))
            .build()
            .expect("valid");
        let (error, took) = call(&client).await;
        assert_eq!(
            error.api_kind(),
            Some(ApiErrorKind::RateLimited { retry_after: None }),
            "{retry_after:?}: {error:?}"
        );
        assert_eq!(error.code(), Some("rate_limited"));
        assert_eq!(
            connections.load(Ordering::SeqCst),
            3,
            "{retry_after:?}: tried three times"
        );
        assert!(
            took < Duration::from_secs(2),
            "{retry_after:?}: the backoff was used, took {took:?}"
        );
    }
}

#[tokio::test]
async fn a_redirect_loop_is_not_followed() {
    let (address, connections) = server(|stream| async move {
        reply(
            stream,
            "HTTP/1.1 302 Found\nlocation: /v1/checkout/sessions/fcs_1\ncontent-length: 0\n\n",
            b"",
        )
        .await;
    })
    .await;
    let (error, _) = call(&client(address)).await;
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.status, 302);
    assert!(
        api.message
            .as_deref()
            .is_some_and(|m| m.contains("redirected to /v1/checkout/sessions/fcs_1")),
        "{api:?}"
    );
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_response_over_the_limit_is_refused() {
    // Declared too large: refused from the headers.
    let (address, _) = server(|stream| async move {
        reply(
            stream,
            "HTTP/1.1 200 OK\ncontent-type: application/json\ncontent-length: 10000000\n\n",
            b"{",
        )
        .await;
    })
    .await;
    let limited = |address: SocketAddr| {
        Client::builder()
            .api_key(KEY)
            .base_url(format!("http://{address}"))
            .timeout(TIMEOUT)
            .max_retries(0)
            .max_response_bytes(1024)
            .build()
            .expect("valid")
    };
    let (error, _) = call(&limited(address)).await;
    assert!(
        matches!(
            error,
            Error::ResponseTooLarge {
                status: 200,
                limit: 1024,
                ..
            }
        ),
        "{error:?}"
    );
    // Chunked with no length, larger as it streams: refused once past the limit.
    let (address, _) = server(|mut stream| async move {
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
            .await;
        for _ in 0..64 {
            if stream.write_all(b"100\r\n").await.is_err() {
                return;
            }
            let _ = stream.write_all(&[b' '; 256]).await;
            let _ = stream.write_all(b"\r\n").await;
        }
        let _ = stream.write_all(b"0\r\n\r\n").await;
    })
    .await;
    let (error, _) = call(&limited(address)).await;
    assert!(matches!(error, Error::ResponseTooLarge { .. }), "{error:?}");
    assert!(!error.is_retryable());
}

#[test]
fn the_key_is_never_sent_over_plain_http_beyond_this_machine() {
    for remote in [
        "http://api.withflex.com",
        "http://10.0.0.5:8080",
        "http://[2001:db8::1]",
        // Names under `.localhost` reach the network with resolvers that do not treat them
        // specially; only `localhost` itself and loopback addresses are this machine.
        "http://anything.localhost",
        "http://localhost.example.com",
    ] {
        let error = Client::builder()
            .api_key(KEY)
            .base_url(remote)
            .build()
            .expect_err("plain http");
        let shown = error.to_string();
        assert!(
            shown.contains(remote) && shown.contains("plain http"),
            "{shown}"
        );
        assert!(!shown.contains(KEY));
    }
    for local in [
        "http://localhost:8080",
        "http://127.0.0.1:9",
        "http://127.1.2.3",
        "http://[::1]:80",
        "https://api.withflex.com",
    ] {
        Client::builder()
            .api_key(KEY)
            .base_url(local)
            .build()
            .unwrap_or_else(|e| panic!("{local}: {e}"));
    }
}
