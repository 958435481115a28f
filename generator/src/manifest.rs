//! The manifest of a standalone generated crate (emit phase): its `Cargo.toml`.

/// The dependencies every generated crate needs, as `Cargo.toml` lines. The committed
/// `generated-client/Cargo.toml` lists the same; a test keeps the two equal.
pub const DEPENDENCIES: &[(&str, &str)] = &[
    ("bytes", r#""1""#),
    ("futures-core", r#""0.3""#),
    ("httpdate", r#""1""#),
    ("percent-encoding", r#""2""#),
    (
        "reqwest",
        r#"{ version = "0.13", default-features = false, features = ["http2"] }"#,
    ),
    // Only with the `rustls-ring` feature: reqwest's `rustls-no-provider` leaves the choice of
    // crypto to whoever installs one, and the runtime installs ring's (see `config.rs`).
    (
        "rustls",
        r#"{ version = "0.23", default-features = false, features = ["ring", "std", "tls12"], optional = true }"#,
    ),
    ("serde", r#"{ version = "1", features = ["derive"] }"#),
    ("serde_json", r#""1""#),
    ("thiserror", r#""2""#),
    (
        "tokio",
        r#"{ version = "1", default-features = false, features = ["time"] }"#,
    ),
    (
        "tracing",
        r#"{ version = "0.1", default-features = false, features = ["std"] }"#,
    ),
    ("url", r#""2""#),
];

/// What `date` and `date-time` fields need, in the manifest of a crate whose spec has them.
pub const DATE_DEPENDENCY: (&str, &str) = (
    "chrono",
    r#"{ version = "0.4", default-features = false, features = ["serde", "std"] }"#,
);

/// What `uuid` fields need, in the manifest of a crate whose spec has them.
pub const UUID_DEPENDENCY: (&str, &str) = ("uuid", r#"{ version = "1", features = ["serde"] }"#);

/// What a generated crate's code needs beyond [`DEPENDENCIES`], as its spec decides: a crate
/// depends on a crate only its types or its webhooks use when they do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// The spec signs its webhooks: the verifier, behind [`WEBHOOKS_FEATURE`], and
    /// [`WEBHOOK_DEPENDENCIES`].
    pub webhooks: bool,
    /// A type has a `date` or `date-time` field: [`DATE_DEPENDENCY`].
    pub dates: bool,
    /// A type has a `uuid` field: [`UUID_DEPENDENCY`].
    pub uuids: bool,
}

impl Needs {
    /// Everything: what the runtime built alone (`flex-runtime`) may list.
    pub const ALL: Needs = Needs {
        webhooks: true,
        dates: true,
        uuids: true,
    };
}

/// What verifying webhook deliveries needs (HMAC-SHA256 over the delivery, base64 secrets and
/// signatures): in the manifest of a crate whose spec signs its webhooks, optional, behind the
/// [`WEBHOOKS_FEATURE`], so that a service that does not receive webhooks does not build them.
pub const WEBHOOK_DEPENDENCIES: &[(&str, &str)] = &[
    ("base64", r#"{ version = "0.22", optional = true }"#),
    ("hmac", r#"{ version = "0.12", optional = true }"#),
    ("sha2", r#"{ version = "0.10", optional = true }"#),
];

/// The feature that turns on the verification of webhook deliveries (`webhooks::Webhook`), in
/// `default`; only a crate whose spec says how its webhooks are signed has it.
pub const WEBHOOKS_FEATURE: &str = "webhooks";

/// The TLS backends a generated crate can be built with, as `[features]` lines. The committed
/// manifests list the same; a test keeps them equal.
///
/// `rustls-ring` is the default: it needs no CMake and no C library of the system, and a clean
/// build of a service on it is the fastest of the three (README, "Choosing a TLS backend").
/// `rustls-aws-lc` is reqwest's own default (aws-lc-rs, with a FIPS-validated mode); `native-tls`
/// uses the platform's library (OpenSSL on Linux, Secure Transport, SChannel).
pub const TLS_FEATURES: &[(&str, &str)] = &[
    ("native-tls", r#"["reqwest/native-tls"]"#),
    ("rustls-aws-lc", r#"["reqwest/rustls"]"#),
    (
        "rustls-ring",
        r#"["reqwest/rustls-no-provider", "dep:rustls"]"#,
    ),
];

/// The feature every resource feature is part of (and that `default` turns on).
pub const ALL_RESOURCES: &str = "all-resources";

/// The `[features]` table of a generated crate whose operations are grouped under `resources`
/// (the cargo feature of each group, [`crate::Generated::features`]): the TLS backends, a
/// feature per resource, `all-resources`, and, for a crate that verifies webhook deliveries
/// ([`Needs::webhooks`]), [`WEBHOOKS_FEATURE`]; `default` turns on `rustls-ring`, every
/// resource and webhooks. The table ends the manifest: `cargo xtask codegen` rewrites it in the committed
/// clients' manifests from `[features]` on.
pub fn features_table(resources: &[String], webhooks: bool) -> String {
    let mut text = String::from(if webhooks {
        "[features]\n# Every resource, webhook verification and the TLS backend that needs no C toolchain; build\n# for less with `default-features = false, features = [\"<resource>\", ..., \"rustls-ring\"]`\n# (and `\"webhooks\"` to verify deliveries).\n"
    } else {
        "[features]\n# Every resource and the TLS backend that needs no C toolchain; build for fewer resources\n# with `default-features = false, features = [\"<resource>\", ..., \"rustls-ring\"]`.\n"
    });
    if webhooks {
        text.push_str(&format!(
            "default = [\"rustls-ring\", \"{ALL_RESOURCES}\", \"{WEBHOOKS_FEATURE}\"]\n"
        ));
    } else {
        text.push_str(&format!(
            "default = [\"rustls-ring\", \"{ALL_RESOURCES}\"]\n"
        ));
    }
    text.push_str("\n# The TLS backend (one of them).\n");
    for (name, spec) in TLS_FEATURES {
        text.push_str(&format!("{name} = {spec}\n"));
    }
    if webhooks {
        let deps: Vec<String> = WEBHOOK_DEPENDENCIES
            .iter()
            .map(|(name, _)| format!("\"dep:{name}\""))
            .collect();
        text.push_str(&format!(
            "\n# Verifying webhook deliveries (`webhooks::Webhook`).\n{WEBHOOKS_FEATURE} = [{}]\n",
            deps.join(", ")
        ));
    }
    text.push_str("\n# A feature per resource (a tag of the spec, or the first segment of untagged paths): its\n# operations, and the types only they use.\n");
    text.push_str(&format!("{ALL_RESOURCES} = ["));
    for (i, name) in resources.iter().enumerate() {
        text.push_str(if i == 0 { "\n" } else { "" });
        text.push_str(&format!("    \"{name}\",\n"));
    }
    text.push_str("]\n");
    for name in resources {
        text.push_str(&format!("{name} = []\n"));
    }
    text
}

/// `Cargo.toml` for a crate named `crate_name` whose resource features are `resources`. With
/// `own_workspace`, the crate is its own workspace root, so that it builds wherever it is
/// written, even inside another workspace's tree.
pub fn cargo_toml(
    crate_name: &str,
    version: &str,
    description: &str,
    own_workspace: bool,
    resources: &[String],
    needs: Needs,
) -> String {
    let mut text = format!(
        "[package]\nname = {crate_name:?}\nversion = {version:?}\nedition = \"2024\"\ndescription = {description:?}\npublish = false\n\n[dependencies]\n"
    );
    for (name, spec) in dependencies(needs) {
        text.push_str(&format!("{name} = {spec}\n"));
    }
    text.push('\n');
    text.push_str(&features_table(resources, needs.webhooks));
    if own_workspace {
        text.push_str("\n[workspace]\n");
    }
    text
}

/// The dependencies of a generated crate, by name: [`DEPENDENCIES`], and what its spec
/// [`Needs`].
pub fn dependencies(needs: Needs) -> Vec<(&'static str, &'static str)> {
    let mut all: Vec<(&str, &str)> = DEPENDENCIES.to_vec();
    if needs.webhooks {
        all.extend_from_slice(WEBHOOK_DEPENDENCIES);
    }
    if needs.dates {
        all.push(DATE_DEPENDENCY);
    }
    if needs.uuids {
        all.push(UUID_DEPENDENCY);
    }
    all.sort_unstable_by_key(|(name, _)| *name);
    all
}

/// The crate name for a spec whose file is named `stem` (`nexus` → `nexus-client`).
pub fn default_crate_name(stem: &str) -> String {
    format!("{}-client", crate_slug(stem).trim_matches('-'))
}

/// A file stem as a crate-name fragment: ASCII letters and digits lowercased, the rest `-`.
pub fn crate_slug(stem: &str) -> String {
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}
