//! The call-overhead row: sequential `retrieve_checkout_session` calls through the generated
//! client, and the same GET with `reqwest` and `serde_json` by hand, against a minimal local
//! HTTP/1.1 server on 127.0.0.1 that always answers the checkout session.

use crate::measure::median;
use flex_client::types::CheckoutSessionEnvelope;
use std::hint::black_box;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

const KEY: &str = "fsk_test_4eC39HqLyjWDarjtT1zdp7dc";
const SESSION: &str = "fcs_01HACMPD";

pub struct Outcome {
    /// Per call, the median over the rounds.
    pub ours: Duration,
    pub raw: Duration,
}

/// A server on its own thread and runtime; it stops when dropped.
struct Server {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start(body: &[u8]) -> Server {
        let mut response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nx-request-id: req_bench\r\n\r\n",
            body.len()
        )
        .into_bytes();
        response.extend_from_slice(body);
        let response: Arc<[u8]> = response.into();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let address = listener.local_addr().expect("local address");
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("server runtime");
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).expect("tokio listener");
                let accept = async {
                    while let Ok((stream, _)) = listener.accept().await {
                        tokio::spawn(connection(stream, response.clone()));
                    }
                };
                tokio::select! {
                    () = accept => {}
                    _ = stopped => {}
                }
            });
        });
        Server {
            address,
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Keep-alive: answers every request head (GETs, so no body) on the connection with the same
/// response, until the client closes it.
async fn connection(mut stream: TcpStream, response: Arc<[u8]>) {
    let _ = stream.set_nodelay(true);
    let mut buffer = vec![0u8; 16 * 1024];
    let mut filled = 0;
    loop {
        let read = match stream.read(&mut buffer[filled..]).await {
            Ok(0) | Err(_) => return,
            Ok(read) => read,
        };
        filled += read;
        while let Some(end) = buffer[..filled].windows(4).position(|w| w == b"\r\n\r\n") {
            if stream.write_all(&response).await.is_err() {
                return;
            }
            buffer.copy_within(end + 4..filled, 0);
            filled -= end + 4;
        }
        if filled == buffer.len() {
            return; // a request head larger than the buffer: not one of ours
        }
    }
}

pub fn measure(body: &[u8], rounds: usize, calls: usize) -> Result<Outcome, String> {
    let server = Server::start(body);
    let base = format!("http://{}", server.address);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let client = flex_client::Client::builder()
        .api_key(KEY)
        .base_url(&base)
        .build()
        .map_err(|e| e.to_string())?;
    // What the generated client sets up by default: reqwest's defaults, and a 60 s timeout
    // (which it sets on each request).
    let http = reqwest::Client::builder()
        .timeout(flex_client::DEFAULT_TIMEOUT)
        .build()
        .map_err(|e| e.to_string())?;
    let url = format!("{base}/v1/checkout/sessions/{SESSION}");

    let ours_once = || async {
        let session = client
            .retrieve_checkout_session(SESSION, &Default::default())
            .await
            .map_err(|e| e.to_string())?;
        black_box(session);
        Ok::<(), String>(())
    };
    let raw_once = || async {
        let response = http
            .get(&url)
            .bearer_auth(KEY)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !response.status().is_success() {
            return Err(format!("HTTP {}", response.status()));
        }
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        let envelope: CheckoutSessionEnvelope =
            serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
        black_box(envelope.checkout_session);
        Ok::<(), String>(())
    };

    let outcome = runtime.block_on(async {
        // Warm-up: connections open, pools and allocator settled.
        for _ in 0..calls.min(50) {
            ours_once().await?;
            raw_once().await?;
        }
        let (mut ours, mut raw) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            let started = std::time::Instant::now();
            for _ in 0..calls {
                ours_once().await?;
            }
            ours.push(started.elapsed() / calls as u32);
            let started = std::time::Instant::now();
            for _ in 0..calls {
                raw_once().await?;
            }
            raw.push(started.elapsed() / calls as u32);
        }
        Ok::<Outcome, String>(Outcome {
            ours: median(&ours),
            raw: median(&raw),
        })
    })?;
    drop(server);
    Ok(outcome)
}
