//! Verifying webhook deliveries signed with the Svix scheme. Part of the runtime that
//! `flex-codegen` copies into every crate it generates.
//!
//! Every delivery carries three headers:
//!
//! - `svix-id`: the message id (the same across retries of one event),
//! - `svix-timestamp`: when it was sent, in Unix seconds,
//! - `svix-signature`: space-separated entries `v1,<base64 HMAC-SHA256>`; the
//!   delivery is authentic if any `v1` entry matches (several appear while a
//!   secret is being rotated). Entries of other versions are ignored.
//!
//! The signed content is `{id}.{timestamp}.{body}`, with the body exactly as
//! received: verify the raw bytes *before* parsing them, never a re-serialised
//! value. The HMAC key is the base64-decoded part of the endpoint secret after
//! its `whsec_` or `fwhsec_` prefix.
//!
//! ```text
//! use flex_client::webhooks::Webhook;
//!
//! // `headers`: a `&HashMap<String, String>` or any other `HeaderSource`;
//! // `body`: the request body, unparsed.
//! let webhook = Webhook::new(&std::env::var("FLEX_WEBHOOK_SECRET")?)?;
//! // The crate's `types::WebhookEvent` when its spec lists webhooks; any `Deserialize` type.
//! let event: WebhookEvent = webhook.construct_event(headers, &body)?;
//! ```
//!
//! This module is part of a generated crate when its spec says `x-webhook-signature: svix`.
//!
//! Headers are read through [`HeaderSource`], implemented for maps, slices of
//! pairs and closures. With `http::HeaderMap` (axum, hyper, reqwest…) pass a
//! closure:
//!
//! ```text
//! webhook.verify(|name: &str| map.get(name)?.to_str().ok(), &body)?;
//! ```
//!
//! (This file is copied into crates of other names, so its examples are not compiled here; the
//! README's webhook handler is, and `tests/tests/webhooks.rs` makes the same calls.)

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use sha2::Sha256;

/// Name of the header carrying the message id.
pub const HEADER_ID: &str = "svix-id";
/// Name of the header carrying the send time, in Unix seconds.
pub const HEADER_TIMESTAMP: &str = "svix-timestamp";
/// Name of the header carrying the signatures.
pub const HEADER_SIGNATURE: &str = "svix-signature";

/// How far a delivery's timestamp may be from the current time, either way,
/// unless [`Webhook::tolerance`] says otherwise.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Prefixes an endpoint secret may carry before its base64 key.
const SECRET_PREFIXES: [&str; 2] = ["whsec_", "fwhsec_"];

/// Standard alphabet; padding optional, so a secret copied without its
/// trailing `=` still decodes.
const SECRET_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

type HmacSha256 = Hmac<Sha256>;

/// Why a delivery was rejected.
///
/// No message contains the secret, the key or a signature.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// A required header is absent.
    #[error("webhook header `{0}` is missing")]
    MissingHeader(&'static str),
    /// A header is present but cannot be parsed (e.g. a non-numeric timestamp).
    #[error("webhook header `{header}` is malformed")]
    MalformedHeader {
        /// Name of the offending header.
        header: &'static str,
    },
    /// The secret is not base64 (after an optional `whsec_`/`fwhsec_` prefix),
    /// or is empty.
    #[error(
        "webhook secret is invalid: expected base64 after an optional `whsec_` or `fwhsec_` prefix"
    )]
    InvalidSecret,
    /// No `v1` signature entry matches the content: wrong secret, or the id,
    /// timestamp or body was altered.
    #[error("no webhook signature matches the delivery")]
    NoMatchingSignature,
    /// The timestamp is further in the past than the tolerance (possible replay).
    #[error("webhook timestamp is too old ({age_secs} s ago)")]
    TimestampTooOld {
        /// How many seconds before now the delivery claims to have been sent.
        age_secs: u64,
    },
    /// The timestamp is further in the future than the tolerance.
    #[error("webhook timestamp is too far in the future ({ahead_secs} s ahead)")]
    TimestampTooNew {
        /// How many seconds after now the delivery claims to have been sent.
        ahead_secs: u64,
    },
    /// The signature is valid but the body is not JSON of the expected shape.
    #[error("webhook body is not a valid event")]
    InvalidBody(#[source] serde_json::Error),
}

/// Where [`Webhook::verify`] reads the `svix-*` headers from.
///
/// Names are looked up case-insensitively (the constants are lower-case).
/// Implemented for:
///
/// - `&HashMap<K, V>` and `&BTreeMap<K, V>` with string keys and values,
/// - `&[(K, V)]`, `&[(K, V); N]` and `&Vec<(K, V)>` of string pairs,
/// - closures `Fn(&str) -> Option<&str>`, for any other header type, e.g.
///   `|name: &str| map.get(name)?.to_str().ok()` for an `http::HeaderMap`.
///
/// The lifetime `'a` is that of the returned header values, which lets a
/// closure hand out values borrowed from the map it captures.
pub trait HeaderSource<'a> {
    /// The value of header `name`, if present; with several, the first.
    fn header(&self, name: &str) -> Option<&'a str>;
}

impl<'a, F> HeaderSource<'a> for F
where
    F: Fn(&str) -> Option<&'a str>,
{
    fn header(&self, name: &str) -> Option<&'a str> {
        self(name)
    }
}

fn find_in_pairs<'a, K, V>(pairs: &'a [(K, V)], name: &str) -> Option<&'a str>
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    pairs
        .iter()
        .find(|(k, _)| k.as_ref().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_ref())
}

fn same_name<K: Borrow<str>>(key: &K, name: &str) -> bool {
    Borrow::<str>::borrow(key).eq_ignore_ascii_case(name)
}

impl<'a, K: AsRef<str>, V: AsRef<str>> HeaderSource<'a> for &'a [(K, V)] {
    fn header(&self, name: &str) -> Option<&'a str> {
        find_in_pairs(self, name)
    }
}

impl<'a, K: AsRef<str>, V: AsRef<str>, const N: usize> HeaderSource<'a> for &'a [(K, V); N] {
    fn header(&self, name: &str) -> Option<&'a str> {
        find_in_pairs(self.as_slice(), name)
    }
}

impl<'a, K: AsRef<str>, V: AsRef<str>> HeaderSource<'a> for &'a Vec<(K, V)> {
    fn header(&self, name: &str) -> Option<&'a str> {
        find_in_pairs(self.as_slice(), name)
    }
}

impl<'a, K, V, S> HeaderSource<'a> for &'a HashMap<K, V, S>
where
    K: Borrow<str> + Hash + Eq,
    V: AsRef<str>,
    S: BuildHasher,
{
    fn header(&self, name: &str) -> Option<&'a str> {
        let map: &'a HashMap<K, V, S> = self;
        map.get(name)
            .or_else(|| {
                map.iter()
                    .find(|(k, _)| same_name(*k, name))
                    .map(|(_, v)| v)
            })
            .map(AsRef::as_ref)
    }
}

impl<'a, K, V> HeaderSource<'a> for &'a BTreeMap<K, V>
where
    K: Borrow<str> + Ord,
    V: AsRef<str>,
{
    fn header(&self, name: &str) -> Option<&'a str> {
        let map: &'a BTreeMap<K, V> = self;
        map.get(name)
            .or_else(|| {
                map.iter()
                    .find(|(k, _)| same_name(*k, name))
                    .map(|(_, v)| v)
            })
            .map(AsRef::as_ref)
    }
}

/// Verifies (and, for tests, signs) deliveries for one endpoint secret.
///
/// Holds the HMAC key derived from the secret; its `Debug` output shows
/// neither.
#[derive(Clone)]
pub struct Webhook {
    /// HMAC-SHA256 already keyed with the decoded secret.
    mac: HmacSha256,
    tolerance: Duration,
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("key", &format_args!("[redacted]"))
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

impl Webhook {
    /// Builds a verifier from the endpoint secret: `whsec_<base64>`,
    /// `fwhsec_<base64>`, or the base64 key alone. Surrounding whitespace is
    /// ignored.
    ///
    /// Fails with [`WebhookError::InvalidSecret`] if the key part is not
    /// base64 or is empty.
    pub fn new(secret: &str) -> Result<Self, WebhookError> {
        let secret = secret.trim();
        let encoded = SECRET_PREFIXES
            .iter()
            .find_map(|prefix| secret.strip_prefix(prefix))
            .unwrap_or(secret);
        let key = SECRET_BASE64
            .decode(encoded)
            .map_err(|_| WebhookError::InvalidSecret)?;
        if key.is_empty() {
            return Err(WebhookError::InvalidSecret);
        }
        let mac = HmacSha256::new_from_slice(&key).map_err(|_| WebhookError::InvalidSecret)?;
        Ok(Self {
            mac,
            tolerance: DEFAULT_TOLERANCE,
        })
    }

    /// Sets how far a delivery's timestamp may be from now, either way
    /// (default [`DEFAULT_TOLERANCE`], 5 minutes). Whole seconds count.
    #[must_use]
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// Checks that `body` was signed with this secret and sent within the
    /// tolerance of the current system time.
    pub fn verify<'a>(
        &self,
        headers: impl HeaderSource<'a>,
        body: &[u8],
    ) -> Result<(), WebhookError> {
        self.verify_at(headers, body, unix_now())
    }

    /// Like [`verify`](Self::verify), with the current time given as Unix
    /// seconds (for tests, or a clock of your own).
    pub fn verify_at<'a>(
        &self,
        headers: impl HeaderSource<'a>,
        body: &[u8],
        now: u64,
    ) -> Result<(), WebhookError> {
        let id = required(&headers, HEADER_ID)?;
        let timestamp = required(&headers, HEADER_TIMESTAMP)?;
        let signatures = required(&headers, HEADER_SIGNATURE)?;

        let timestamp = parse_timestamp(timestamp)?;
        let tolerance = self.tolerance.as_secs();
        if now > timestamp && now - timestamp > tolerance {
            return Err(WebhookError::TimestampTooOld {
                age_secs: now - timestamp,
            });
        }
        if timestamp > now && timestamp - now > tolerance {
            return Err(WebhookError::TimestampTooNew {
                ahead_secs: timestamp - now,
            });
        }

        let mac = self.mac_for(id, timestamp, body);
        let matched = signatures
            .split_ascii_whitespace()
            .filter_map(|entry| entry.split_once(','))
            .filter(|(version, _)| *version == "v1")
            .filter_map(|(_, signature)| STANDARD.decode(signature).ok())
            // `verify_slice` compares in constant time.
            .any(|signature| mac.clone().verify_slice(&signature).is_ok());
        if matched {
            Ok(())
        } else {
            Err(WebhookError::NoMatchingSignature)
        }
    }

    /// Verifies the delivery like [`verify`](Self::verify), then decodes the
    /// body as JSON into `T` (e.g. an event enum, or `serde_json::Value`).
    pub fn construct_event<'a, T: DeserializeOwned>(
        &self,
        headers: impl HeaderSource<'a>,
        body: &[u8],
    ) -> Result<T, WebhookError> {
        self.construct_event_at(headers, body, unix_now())
    }

    /// Like [`construct_event`](Self::construct_event), with the current time
    /// given as Unix seconds.
    pub fn construct_event_at<'a, T: DeserializeOwned>(
        &self,
        headers: impl HeaderSource<'a>,
        body: &[u8],
        now: u64,
    ) -> Result<T, WebhookError> {
        self.verify_at(headers, body, now)?;
        serde_json::from_slice(body).map_err(WebhookError::InvalidBody)
    }

    /// The `v1,<base64>` signature entry for a delivery, as Flex would put it
    /// in `svix-signature`; for building deliveries in your own tests.
    pub fn sign(&self, id: &str, timestamp: u64, body: &[u8]) -> String {
        let tag = self.mac_for(id, timestamp, body).finalize().into_bytes();
        format!("v1,{}", STANDARD.encode(tag))
    }

    /// The MAC fed with `{id}.{timestamp}.{body}`.
    fn mac_for(&self, id: &str, timestamp: u64, body: &[u8]) -> HmacSha256 {
        let mut mac = self.mac.clone();
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }
}

fn required<'a>(
    headers: &impl HeaderSource<'a>,
    name: &'static str,
) -> Result<&'a str, WebhookError> {
    headers
        .header(name)
        .ok_or(WebhookError::MissingHeader(name))
}

/// Unix seconds: ASCII digits only (no sign, no fraction).
fn parse_timestamp(value: &str) -> Result<u64, WebhookError> {
    let value = value.trim();
    let malformed = WebhookError::MalformedHeader {
        header: HEADER_TIMESTAMP,
    };
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed);
    }
    value.parse().map_err(|_| malformed)
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}
