//! The escape hatch: `Client::request` for an endpoint the spec does not describe yet, with the
//! same auth, retries, idempotency keys, query encoding and errors as a generated operation.

mod common;

use common::{KEY, flex, flex_with_backoff, received, request_header};
use flex_client::{Error, Method};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_raw_post_is_sent_like_an_operation_and_retried_with_one_idempotency_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/loyalty_cards"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/loyalty_cards"))
        .and(query_param("limit", "5"))
        .and(body_json(json!({"loyalty_card": {"points": 10}})))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"loyalty_card": {"id": "flc_1"}})),
        )
        .mount(&server)
        .await;
    // Any `Serialize` value: a struct of yours, or JSON.
    let filters = json!({"limit": 5, "status": null, "labels": ["gold", "new"]});
    let card: Value = flex_with_backoff(&server, 1, 1)
        .request(Method::POST, "/v1/loyalty_cards")
        .query(&filters)
        .header("x-flex-experiment", "cards")
        .json(&json!({"loyalty_card": {"points": 10}}))
        .send()
        .await
        .expect("the second try succeeds");
    assert_eq!(card["loyalty_card"]["id"], json!("flc_1"));

    let requests = received(&server).await;
    assert_eq!(requests.len(), 2, "retried once");
    for request in &requests {
        assert_eq!(
            request_header(request, "authorization"),
            Some(format!("Bearer {KEY}").as_str())
        );
        assert_eq!(request_header(request, "x-flex-experiment"), Some("cards"));
        // `None` left out, arrays repeated. (The order is the value's: serde_json's maps keep
        // insertion order only with its `preserve_order` feature.)
        let mut pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        pairs.sort();
        assert_eq!(
            pairs,
            [("labels", "gold"), ("labels", "new"), ("limit", "5")]
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
        );
    }
    let keys: Vec<_> = requests
        .iter()
        .map(|r| request_header(r, "idempotency-key"))
        .collect();
    assert!(keys[0].is_some(), "a POST gets an idempotency key");
    assert_eq!(keys[0], keys[1], "the same key on each try");
}

#[tokio::test]
async fn errors_are_the_same_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"error": {"code": "not_found", "message": "No such card"}})),
        )
        .mount(&server)
        .await;
    let error = flex(&server)
        .request(Method::GET, "/v1/loyalty_cards/flc_1")
        .send::<Value>()
        .await
        .expect_err("404");
    let Error::Api(api) = &error else {
        panic!("an API error: {error:?}");
    };
    assert_eq!(api.status, 404);
    assert_eq!(api.code.as_deref(), Some("not_found"));
}

#[tokio::test]
async fn a_path_with_a_query_or_without_a_slash_is_refused_before_sending() {
    let server = MockServer::start().await;
    for bad in ["v1/things", "/v1/things?x=1", "/v1/things#top", "/v1/a b"] {
        let error = flex(&server)
            .request(Method::GET, bad)
            .send_empty()
            .await
            .expect_err("refused");
        assert!(
            matches!(error, Error::InvalidRequest(_)),
            "{bad}: {error:?}"
        );
    }
    assert!(received(&server).await.is_empty());
}
