//! `Client::from_env`: the API key from `FLEX_API_KEY`, the base URL from `FLEX_BASE_URL`.
//!
//! A test binary of its own with one test, because it changes the process's environment: no
//! other thread of this process reads the environment while it does.

mod common;

use common::KEY;
use flex_client::{Client, Error, KeyMode};
use std::time::Duration;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn set(name: &str, value: Option<&str>) {
    // SAFETY: this binary has one test and it starts no thread before it is done with the
    // environment, so nothing reads the environment concurrently.
    unsafe {
        match value {
            Some(value) => std::env::set_var(name, value),
            None => std::env::remove_var(name),
        }
    }
}

#[test]
fn from_env_reads_the_key_and_an_optional_base_url() {
    assert_eq!(flex_client::API_KEY_ENV, "FLEX_API_KEY");
    assert_eq!(flex_client::BASE_URL_ENV, "FLEX_BASE_URL");

    // No key: a clear error naming the variable.
    set("FLEX_API_KEY", None);
    set("FLEX_BASE_URL", None);
    let error = Client::from_env().expect_err("no key");
    assert!(
        matches!(&error, Error::Config(m) if m.contains("FLEX_API_KEY")),
        "{error}"
    );
    set("FLEX_API_KEY", Some("   "));
    assert!(Client::from_env().is_err(), "a blank key is no key");

    // A key alone: the default base URL; surrounding whitespace (a trailing newline from a
    // secrets file, say) is dropped.
    set("FLEX_API_KEY", Some(&format!(" {KEY}\n")));
    let client = Client::from_env().expect("key set");
    assert_eq!(client.base_url().as_str(), "https://api.withflex.com/");
    assert_eq!(client.mode(), KeyMode::Test);

    // A key that is not a Flex key fails here, not with a 401 later.
    set("FLEX_API_KEY", Some("sk_live_4eC39HqLyjWDarjtT1zdp7dc"));
    let error = Client::from_env().expect_err("not a Flex key");
    assert!(!error.to_string().contains("4eC39"), "{error}");

    // The builder form keeps other settings; a key given to the builder is kept when the
    // variable is not set.
    set("FLEX_API_KEY", None);
    let client = Client::builder()
        .api_key(KEY)
        .from_env()
        .expect("key given")
        .timeout(Duration::from_secs(5))
        .build()
        .expect("valid");
    assert_eq!(client.timeout(), Duration::from_secs(5));

    // Key and base URL: requests go there, with that key. The server's socket is bound now and
    // the server started once the environment is no longer touched.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    set("FLEX_API_KEY", Some(KEY));
    set("FLEX_BASE_URL", Some(&format!("http://{address}")));
    let client = Client::from_env().expect("both set");
    set("FLEX_API_KEY", None);
    set("FLEX_BASE_URL", None);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime.block_on(MockServer::builder().listener(listener).start());
    runtime.block_on(async {
        Mock::given(method("GET"))
            .and(path("/v1/checkout/sessions/fcs_1"))
            .and(header("authorization", format!("Bearer {KEY}").as_str()))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                serde_json::json!({"checkout_session": {"checkout_session_id": "fcs_1"}}),
            ))
            .expect(1)
            .mount(&server)
            .await;
        let session = client
            .retrieve_checkout_session("fcs_1", &Default::default())
            .await
            .expect("served by the mock");
        assert_eq!(session.checkout_session_id, "fcs_1");
    });
}
