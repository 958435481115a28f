//! A reconciliation job: every refund created in a period, read page after page as one stream,
//! totalled by status.
//!
//! ```sh
//! FLEX_API_KEY=fsk_test_... cargo run -p flex-client --example reconcile_refunds -- 2026-11-01 2026-12-01
//! ```
//!
//! Lists come newest first, so the stream is read until a refund older than the period; each
//! page is a call of its own, with its retries, and an error ends the job.

use chrono::{DateTime, NaiveDate, Utc};
use flex_client::types::ListRefundsParams;
use flex_client::{Client, Error};
use futures::StreamExt;
use std::collections::BTreeMap;

/// Cents refunded in `[from, to)`, by status.
pub async fn refunds_between(
    client: &Client,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<BTreeMap<String, i64>, Error> {
    let mut totals = BTreeMap::new();
    let refunds = client.list_refunds_stream(&ListRefundsParams::new().limit(100));
    futures::pin_mut!(refunds);
    while let Some(refund) = refunds.next().await {
        let refund = refund?;
        let Some(created) = refund
            .created_at
            .as_deref()
            .and_then(|at| at.parse::<DateTime<Utc>>().ok())
        else {
            eprintln!("refund {} has no creation time; skipped", refund.refund_id);
            continue;
        };
        if created < from {
            break; // Newest first: the rest are older still.
        }
        if created < to {
            let status = refund
                .status
                .map_or_else(|| "unknown".to_owned(), |s| s.to_string());
            *totals.entry(status).or_insert(0) += refund.amount.unwrap_or(0);
        }
    }
    Ok(totals)
}

fn day(text: &str) -> Result<DateTime<Utc>, Box<dyn std::error::Error>> {
    let date: NaiveDate = text.parse()?;
    Ok(date.and_hms_opt(0, 0, 0).ok_or("midnight")?.and_utc())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [from, to] = args.as_slice() else {
        return Err("usage: reconcile_refunds FROM TO (dates, YYYY-MM-DD; TO excluded)".into());
    };
    let client = Client::from_env()?;
    for (status, cents) in refunds_between(&client, day(from)?, day(to)?).await? {
        println!("{status}: {}.{:02}", cents / 100, cents % 100);
    }
    Ok(())
}
