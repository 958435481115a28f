//! A webhook endpoint in axum: each delivery verified (Svix signatures, against forgeries and
//! replays) before its typed event is acted on.
//!
//! ```sh
//! FLEX_WEBHOOK_SECRET=whsec_... cargo run -p flex-client --example webhook_receiver
//! ```
//!
//! It listens on `127.0.0.1:3000` (or `$PORT`); point a Flex webhook endpoint (or a tunnel to
//! it) at `/webhooks/flex`.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use flex_client::types::WebhookEvent;
use flex_client::webhooks::{Webhook, WebhookError};

/// `POST /webhooks/flex`: verifies the delivery, then acts on its event.
async fn flex_webhook(
    State(webhook): State<Webhook>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    // The raw body, before any parsing: the signature is over these bytes.
    let header = |name: &str| headers.get(name)?.to_str().ok();
    let event = match webhook.construct_event(header, &body) {
        Ok(event) => event,
        // Forged, replayed or garbled: refuse it (the error names what failed, never the secret).
        Err(error) => {
            eprintln!("rejected a webhook delivery: {error}");
            return StatusCode::BAD_REQUEST;
        }
    };
    match event {
        WebhookEvent::CheckoutSessionCompleted(event) => {
            let session = &event.object;
            // `event_id` is the same on every retry of a delivery: drop the ones already seen.
            println!(
                "{}: fulfil {} ({} cents)",
                event.event_id,
                session.checkout_session_id,
                session.amount_total.unwrap_or(0)
            );
        }
        WebhookEvent::ChargeDisputeCreated(event) => {
            println!("dispute {} opened", event.object.dispute_id);
        }
        WebhookEvent::Unknown(body) => println!("not handled yet: {}", body["event_type"]),
        _ => {}
    }
    // Any 2xx acknowledges the delivery; anything else is retried.
    StatusCode::OK
}

/// The app, with the verifier for `secret`.
pub fn app(secret: &str) -> Result<Router, WebhookError> {
    let webhook = Webhook::new(secret)?;
    Ok(Router::new()
        .route("/webhooks/flex", post(flex_webhook))
        .with_state(webhook))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let app = app(&std::env::var("FLEX_WEBHOOK_SECRET")?)?;
    let port = std::env::var("PORT").unwrap_or_else(|_| "3000".to_owned());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!(
        "listening on http://{}/webhooks/flex",
        listener.local_addr()?
    );
    axum::serve(listener, app).await?;
    Ok(())
}
