//! Every operation of the generated client against a local server (wiremock), one test per
//! resource, answered with Flex's own example responses (`tests/data/flex-docs`, every generation
//! of the docs that has one; inline bodies where the docs show none).
//!
//! Each call checks what was sent (method, path, the query string exactly: parameters set appear,
//! unset ones do not; the JSON envelope and the fields set) and what was decoded: every field the
//! example shows, read through the typed API (`Expandable::Id` for an ID string,
//! `Expandable::Object` for an expanded object, `Page` for cursor lists), and the decoded value
//! re-encoded must give the example back, so nothing the docs show is dropped.
//!
//! `every_docs_example_decodes` walks the whole example directory, so an example file added later
//! is decoded by its operation even before a resource test looks at it.
//!
//! Where an example or the docs disagree with the spec, the assertion that fails is commented out
//! with a `// SPEC:` note saying what the spec should say instead.
//!
//! The helpers are modules of their own (`examples`, `loopback`, `compare`, `checks`), the tests
//! one module per group of resources, and `guard` the coverage of the examples and the spec.

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

use common::{flex, metadata, own, received, request_header, without_nulls};
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
