//! A checkout, start to finish: create a session with a line item, send the customer to its
//! `redirect_url`, then read it back with its payment intent expanded, capture what was
//! authorized and refund $5.00 of it.
//!
//! ```sh
//! FLEX_API_KEY=fsk_test_... FLEX_PRICE=fprice_... cargo run -p flex-client --example checkout
//! ```
//!
//! `FLEX_BASE_URL` points it elsewhere (a local mock server; `tests/tests/mock_server.rs` runs
//! this file against one, so it cannot rot).

use flex_client::types::{
    CaptureCheckoutSession, CaptureMethod, CheckoutSessionMode, CreateCheckoutSession,
    CreateCheckoutSessionLineItem, RefundCheckoutSession, RetrieveCheckoutSessionParams,
};
use flex_client::{Client, Expandable, Result};

/// The flow, for the price `price`.
pub async fn run(client: &Client, price: &str) -> Result<()> {
    let line = CreateCheckoutSessionLineItem::new()
        .price(price)
        .quantity(2);
    let body = CreateCheckoutSession::new()
        .mode(CheckoutSessionMode::Payment)
        .capture_method(CaptureMethod::Manual)
        .line_items([line])
        .success_url("https://shop.example/thanks?session={CHECKOUT_SESSION_ID}")
        .cancel_url("https://shop.example/cart");
    let session = client.create_checkout_session(&body).await?;
    // Send the customer here (an HTTP redirect from your checkout button).
    println!(
        "redirect to {}",
        session.redirect_url.as_deref().unwrap_or_default()
    );

    // Later (once a signed webhook says it completed): the session, its payment intent expanded.
    let params = RetrieveCheckoutSessionParams::new().expand_payment_intent(true);
    let session = client
        .retrieve_checkout_session(&session.checkout_session_id, &params)
        .await?;
    if let Some(Expandable::Object(intent)) = &session.payment_intent {
        println!("authorized {:?} cents", intent.amount_capturable);
    }

    // Capture all that was authorized, then refund $5.00 of it.
    let id = &session.checkout_session_id;
    client
        .capture_checkout_session(id, &CaptureCheckoutSession::new())
        .await?;
    let refunds = client
        .refund_checkout_session(id, &RefundCheckoutSession::new().amount(500))
        .await?;
    for refund in &refunds {
        println!("refund {} is {:?}", refund.refund_id, refund.status);
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    // `FLEX_API_KEY`, and `FLEX_BASE_URL` when set.
    let client = Client::from_env()?;
    let price = std::env::var("FLEX_PRICE")
        .unwrap_or_else(|_| "fprice_01J9XR8M3K7VZ8N2YB4WJ6T0RA".to_owned());
    run(&client, &price).await
}
