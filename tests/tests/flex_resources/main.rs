//! Every operation of the generated client against a local server (wiremock), answered with
//! Flex's own example responses (`tests/data/flex-docs`, indexed by `index.toml`; inline bodies
//! where the docs show none). What is checked where:
//!
//! - `docs`: every vendored example, whether or not a resource test reads it. Each response
//!   decodes strictly through its operation, re-encodes to the same JSON and is all typed
//!   (`checks::untyped`); each request example is sent as the page shows it; every field of
//!   every example is one the spec names. An example file added later is covered at once.
//! - `guard`: the client has every operation of the spec, as `docs` calls them.
//! - The resource tests (`checkout`, `payments`, `billing`, `customers_and_catalog`,
//!   `discounts`, `files_and_events`), one test per resource: what each call sent (method, path,
//!   the query string exactly: parameters set appear, unset ones do not; the JSON envelope and
//!   the fields set), and what a round-trip cannot see, on hand-picked fields read through the
//!   typed API: `Expandable::Id` for an ID string and `Expandable::Object` for an expanded
//!   object, an enum's known variant, integer amounts, nested structs, `Page` limits and
//!   cursors. Each decoded value is also all typed (`checks::typed`, in `Loopback::exchange`),
//!   and a response written inline, which `docs` never sees, must re-encode to itself
//!   (`compare::lossless!`).
//!
//! Where an example or the docs disagree with the spec, the assertion that fails is commented out
//! with a `// SPEC:` note saying what the spec should say instead.
//!
//! The helpers are modules of their own (`examples`, `loopback`, `checks`, `compare`).

#[path = "../common/mod.rs"]
mod common;

mod checks;
mod compare;
mod docs;
mod examples;
mod guard;
mod loopback;

mod billing;
mod checkout;
mod customers_and_catalog;
mod discounts;
mod files_and_events;
mod payments;

use common::{flex, map, metadata, own, received, request_header};
use flex_client::types::*;
use flex_client::{Client, Expandable, Multipart};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use checks::*;
use compare::*;
use examples::*;
use loopback::*;

const SESSION: &str = "fcs_01HACMPD";
const CUSTOMER: &str = "fcus_01HACM7FZ1084XB1GB6053VM0D";
const PAYMENT_METHOD: &str = "fpm_01J9XR8M3K7VZ8N2YB4WJ6T0RA";
const PRODUCT: &str = "fprod_01J9XR8M3K";
const PRICE: &str = "fprice_01J9XR8M3K7VZ8N2YB4WJ6T0RA";
const PAYMENT_INTENT: &str = "fpi_01HACMNC";
const REFUND: &str = "fre_01HACMR2";
const CAPTURE: &str = "fcap_01HACMLA";
const SUBSCRIPTION: &str = "fsub_01HACMH7";
const INVOICE: &str = "fin_01HACMD3";
const DISPUTE: &str = "fdsp_01jx3q8kt1b9a7n2c4d5e6f7g8";
const COUPON: &str = "fcoup_1234567890";
const PROMO_CODE: &str = "fpromo_01k3p7zzdh18fa378epap93907";
const PAYMENT_LINK: &str = "fplink_01HACMQ4";
const SHIPPING_RATE: &str = "fshr_01HACMS5";
const SETUP_INTENT: &str = "fsi_01HACMT6";
const FILE: &str = "file_01HACMU7";
const EXPORT: &str = "fexp_01HACMV8";
const EVENT: &str = "fevt_01HACMW9";
const PAYOUT: &str = "fpo_01HACMX0";
/// The ID every G2 example uses.
const G2_ID: &str = "obj_01EXAMPLE00000000000000000";
