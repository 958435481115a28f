//! `cargo xtask tls-build-times`: the clean build time of a minimal service on `flex-client`
//! with each TLS backend, next to the floor of the same service written on reqwest (the same
//! backend), tokio and serde_json alone. Prints ratios measured side by side in one run.
//!
//! Each service is its own workspace under `target/tls-build-times`, built with its own empty
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
    let work = root.join("target/tls-build-times");
    let client_dir = root.join("generated-client");
    let mut services = Vec::new();
    for backend in BACKENDS {
        let feature = backend.feature;
        let flex = format!(
            "[package]\nname = \"svc-flex-{feature}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\nflex-client = {{ path = {client:?}, default-features = false, features = [{feature:?}] }}\n{TOKIO}\n\n[workspace]\n",
            client = client_dir.display().to_string(),
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

/// A Markdown table: per backend, the baseline, flex-client, their ratio, and flex-client's time
/// against flex-client on the default backend. The services come in pairs (baseline, flex).
fn table(services: &[Service]) -> String {
    let default_flex = median(&services[1].times);
    let mut out = String::from(
        "| backend | reqwest + tokio + serde_json | flex-client service | flex-client / baseline | vs. default backend |\n|---|---|---|---|---|\n",
    );
    for (backend, pair) in BACKENDS.iter().zip(services.chunks(2)) {
        let baseline = median(&pair[0].times);
        let flex = median(&pair[1].times);
        let _ = writeln!(
            out,
            "| `{}` | {baseline:.1} s | {flex:.1} s | {:.2}× | {:.2}× |",
            backend.feature,
            flex / baseline,
            flex / default_flex,
        );
    }
    out
}
