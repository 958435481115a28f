//! The escape hatch: a request to an endpoint the spec does not have yet, with everything an
//! operation has (the key, retries, an idempotency key for POST, timeouts, the same errors).
//!
//! ```sh
//! FLEX_API_KEY=fsk_test_... cargo run -p flex-client --example raw_request
//! ```

use flex_client::{Client, Method, Result};
use serde_json::{Value, json};

#[tokio::main]
async fn main() -> Result<()> {
    let client = Client::from_env()?;
    // Any `Serialize` type works for the query and the body, and for the answer: here, JSON.
    let card: Value = client
        .request(Method::POST, "/v1/loyalty_cards")
        .query(&json!({"expand": "customer"}))
        .json(&json!({"loyalty_card": {"customer": "fcus_01J9XR8M3K7VZ8N2YB4WJ6T0RA"}}))
        .send()
        .await?;
    println!("{card:#}");
    Ok(())
}
