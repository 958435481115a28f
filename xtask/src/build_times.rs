//! `cargo xtask build-times`: the clean build time of a minimal service on `flex-client` with
//! each TLS backend and every resource (and webhooks), and on the default backend with only the
//! resource it uses (`checkout-sessions`), next to the floor: the same service written on reqwest
//! (the same backend), tokio and serde_json alone. Prints ratios measured side by side in one run.
//!
//! Each service is its own workspace under `target/build-times`, built with its own empty
//! target directory, so every build is clean; the crates come from cargo's download cache, so the
//! network is not timed. The builds run one after another, in rounds (every service once per
//! round), so that a slower or busier stretch of the run weighs on all of them alike.

use crate::util;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// One TLS backend: the `flex-client` feature that picks it, and what a service using reqwest
/// directly writes to get the same thing.
struct Backend {
    feature: &'static str,
    /// The baseline's `reqwest` features (besides `http2`, which flex-client also enables).
    reqwest_features: &'static str,
    /// Extra dependency lines of the baseline.
    extra_dependencies: &'static str,
    /// What the baseline's `main` must do before building a client.
    setup: &'static str,
}

const BACKENDS: &[Backend] = &[
    Backend {
        feature: "rustls-ring",
        reqwest_features: r#""rustls-no-provider""#,
        extra_dependencies: r#"rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }"#,
        setup: "let _ = rustls::crypto::ring::default_provider().install_default();",
    },
    Backend {
        feature: "rustls-aws-lc",
        reqwest_features: r#""rustls""#,
        extra_dependencies: "",
        setup: "",
    },
    Backend {
        feature: "native-tls",
        reqwest_features: r#""native-tls""#,
        extra_dependencies: "",
        setup: "",
    },
];

/// The resource the one-resource service turns on: the one its `main` calls.
const ONE_RESOURCE: &str = "checkout-sessions";

/// The same work in both services: build a client, fetch one object, read a field of it.
const FLEX_MAIN: &str = r#"#[tokio::main]
async fn main() {
    let client = flex_client::Client::new("fsk_test_build_time").expect("client");
    match client.retrieve_checkout_session("fcs_build_time", &Default::default()).await {
        Ok(session) => println!("{:?}", session.status),
        Err(error) => eprintln!("{error}"),
    }
}
"#;

const BASELINE_MAIN: &str = r#"#[tokio::main]
async fn main() {
    SETUP
    let client = reqwest::Client::new();
    let response = client
        .get("https://api.withflex.com/v1/checkout/sessions/fcs_build_time")
        .bearer_auth("fsk_test_build_time")
        .send()
        .await;
    match response {
        Ok(response) => {
            let body: serde_json::Value = response.json().await.unwrap_or_default();
            println!("{:?}", body["checkout_session"]["status"]);
        }
        Err(error) => eprintln!("{error}"),
    }
}
"#;

const TOKIO: &str = r#"tokio = { version = "1", features = ["macros", "rt-multi-thread"] }"#;

struct Service {
    name: String,
    dir: PathBuf,
    times: Vec<Duration>,
}

pub fn run(root: &Path, rounds: usize) -> Result<(), String> {
    let work = root.join("target/build-times");
    let client_dir = root.join("generated-client");
    let mut services = Vec::new();
    let flex_manifest = |name: &str, features: &[&str]| {
        format!(
            "[package]\nname = \"svc-{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\nflex-client = {{ path = {client:?}, default-features = false, features = {features:?} }}\n{TOKIO}\n\n[workspace]\n",
            client = client_dir.display().to_string(),
        )
    };
    for backend in BACKENDS {
        let feature = backend.feature;
        // Everything `default` turns on but the backend: every resource, and webhooks.
        let flex = flex_manifest(
            &format!("flex-{feature}"),
            &[
                feature,
                "all-resources",
                flex_codegen::manifest::WEBHOOKS_FEATURE,
            ],
        );
        let baseline = format!(
            "[package]\nname = \"svc-reqwest-{feature}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\nreqwest = {{ version = \"0.13\", default-features = false, features = [\"http2\", \"json\", {features}] }}\n{extra}\nserde_json = \"1\"\n{TOKIO}\n\n[workspace]\n",
            features = backend.reqwest_features,
            extra = backend.extra_dependencies,
        );
        services.push(write_service(
            &work,
            &format!("reqwest-{feature}"),
            &baseline,
            &BASELINE_MAIN.replace("SETUP", backend.setup),
        )?);
        services.push(write_service(
            &work,
            &format!("flex-{feature}"),
            &flex,
            FLEX_MAIN,
        )?);
    }
    // Last: the default backend with only the resource the service calls.
    let default = BACKENDS[0].feature;
    let name = format!("flex-{default}-{ONE_RESOURCE}");
    let one = flex_manifest(&name, &[default, ONE_RESOURCE]);
    services.push(write_service(&work, &name, &one, FLEX_MAIN)?);

    // Resolve and download first, so that no build times the network.
    for service in &services {
        util::run(
            Command::new(util::cargo())
                .current_dir(&service.dir)
                .args(["fetch", "--quiet"]),
        )?;
    }
    for round in 1..=rounds {
        for service in &mut services {
            let target = service.dir.join("target");
            if target.exists() {
                fs::remove_dir_all(&target)
                    .map_err(|e| format!("cannot clear {}: {e}", target.display()))?;
            }
            let started = Instant::now();
            util::run(
                Command::new(util::cargo())
                    .current_dir(&service.dir)
                    .env("CARGO_TARGET_DIR", &target)
                    .args(["build", "--quiet", "--offline"]),
            )?;
            let took = started.elapsed();
            eprintln!(
                "round {round}: {} built in {:.1} s",
                service.name,
                took.as_secs_f64()
            );
            service.times.push(took);
        }
    }
    println!("{}", table(&services));
    Ok(())
}

fn write_service(work: &Path, name: &str, manifest: &str, main: &str) -> Result<Service, String> {
    let dir = work.join(name);
    crate::files::write_file(&dir.join("Cargo.toml"), manifest)?;
    crate::files::write_file(&dir.join("src/main.rs"), main)?;
    Ok(Service {
        name: name.to_string(),
        dir,
        times: Vec::new(),
    })
}

/// The median of a service's clean builds, in seconds.
fn median(times: &[Duration]) -> f64 {
    let mut seconds: Vec<f64> = times.iter().map(Duration::as_secs_f64).collect();
    seconds.sort_by(f64::total_cmp);
    seconds[seconds.len() / 2]
}

/// A Markdown table: per backend, the baseline, flex-client with every resource, their ratio,
/// and flex-client's time against flex-client on the default backend; then the one-resource
/// service against the default backend's baseline. The services come in pairs (baseline, flex),
/// the one-resource service last.
fn table(services: &[Service]) -> String {
    let default_baseline = median(&services[0].times);
    let default_flex = median(&services[1].times);
    let mut out = String::from(
        "| service | reqwest + tokio + serde_json | flex-client service | flex-client / baseline | vs. default backend |\n|---|---|---|---|---|\n",
    );
    for (backend, pair) in BACKENDS.iter().zip(services.chunks(2)) {
        let baseline = median(&pair[0].times);
        let flex = median(&pair[1].times);
        let _ = writeln!(
            out,
            "| `{}`, every resource | {baseline:.1} s | {flex:.1} s | {:.2}× | {:.2}× |",
            backend.feature,
            flex / baseline,
            flex / default_flex,
        );
    }
    if let Some(one) = services.last().filter(|_| services.len() % 2 == 1) {
        let flex = median(&one.times);
        let _ = writeln!(
            out,
            "| `{}`, `{ONE_RESOURCE}` only | {default_baseline:.1} s | {flex:.1} s | {:.2}× | {:.2}× |",
            BACKENDS[0].feature,
            flex / default_baseline,
            flex / default_flex,
        );
    }
    out
}
