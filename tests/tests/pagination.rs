//! Every item of a list as one stream (`list_*_stream`), against a local server: the cursor of
//! each page after the first, `limit` and the other parameters kept on every page, the end at a
//! short or empty page, an error on a later page, retries of a page, and no request once the
//! stream is dropped.

mod common;

use common::{error, flex, received};
use flex_client::Error;
use flex_client::types::{Customer, ListCustomersParams};
use futures::StreamExt;
use serde_json::{Value, json};
use std::pin::pin;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A page of customers with these IDs.
fn customers(ids: &[&str]) -> ResponseTemplate {
    let customers: Vec<Value> = ids
        .iter()
        .map(|id| json!({"customer_id": id, "email": "john.doe@example.com"}))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({ "customers": customers }))
}

/// Answers the first page (no cursor) with `first`.
async fn first_page(server: &MockServer, first: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path("/v1/customers"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(first)
        .mount(server)
        .await;
}

/// Answers the page after `cursor` with `page`.
async fn page_after(server: &MockServer, cursor: &str, page: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path("/v1/customers"))
        .and(query_param("starting_after", cursor))
        .respond_with(page)
        .mount(server)
        .await;
}

fn by_email(limit: Option<i64>) -> ListCustomersParams {
    // A field set from an `Option` is assigned: the fields are public.
    let mut params = ListCustomersParams::new().email("john.doe@example.com");
    params.limit = limit;
    params
}

fn ids(customers: &[Customer]) -> Vec<&str> {
    customers.iter().map(|c| c.customer_id.as_str()).collect()
}

/// The query of each request the server received, as `name=value` pairs in order.
async fn queries(server: &MockServer) -> Vec<Vec<(String, String)>> {
    received(server)
        .await
        .iter()
        .map(|request| {
            request
                .url
                .query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .collect()
}

fn pair(name: &str, value: &str) -> (String, String) {
    (name.to_owned(), value.to_owned())
}

#[tokio::test]
async fn a_stream_reads_every_page_with_the_last_id_of_the_one_before() {
    let server = MockServer::start().await;
    first_page(&server, customers(&["fcus_1", "fcus_2"])).await;
    page_after(&server, "fcus_2", customers(&["fcus_3", "fcus_4"])).await;
    page_after(&server, "fcus_4", customers(&["fcus_5"])).await;
    let client = flex(&server);

    let all: Vec<Customer> = client
        .list_customers_stream(&by_email(Some(2)))
        .map(|item| item.expect("every page succeeds"))
        .collect()
        .await;

    assert_eq!(
        ids(&all),
        ["fcus_1", "fcus_2", "fcus_3", "fcus_4", "fcus_5"]
    );
    // The first page has no cursor; each one after it the last ID before it. `limit` and the
    // filter go with every page.
    let limit = pair("limit", "2");
    let email = pair("email", "john.doe@example.com");
    assert_eq!(
        queries(&server).await,
        [
            vec![limit.clone(), email.clone()],
            vec![
                pair("starting_after", "fcus_2"),
                limit.clone(),
                email.clone()
            ],
            vec![pair("starting_after", "fcus_4"), limit, email],
        ]
    );
}

#[tokio::test]
async fn an_empty_first_page_is_an_empty_stream() {
    let server = MockServer::start().await;
    first_page(&server, customers(&[])).await;
    let client = flex(&server);

    let all: Vec<_> = client
        .list_customers_stream(&by_email(Some(2)))
        .collect()
        .await;

    assert!(all.is_empty());
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn a_full_last_page_is_followed_by_an_empty_one() {
    let server = MockServer::start().await;
    first_page(&server, customers(&["fcus_1", "fcus_2"])).await;
    page_after(&server, "fcus_2", customers(&[])).await;
    let client = flex(&server);

    let all: Vec<Customer> = client
        .list_customers_stream(&by_email(Some(2)))
        .map(|item| item.expect("both pages succeed"))
        .collect()
        .await;

    assert_eq!(ids(&all), ["fcus_1", "fcus_2"]);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn without_a_limit_the_spec_default_decides_which_page_is_the_last() {
    // The spec says Flex returns 10 when `limit` is left out, so three items are the last page.
    let server = MockServer::start().await;
    first_page(&server, customers(&["fcus_1", "fcus_2", "fcus_3"])).await;
    let client = flex(&server);

    let all: Vec<_> = client
        .list_customers_stream(&by_email(None))
        .collect()
        .await;

    assert_eq!(all.len(), 3);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn an_error_on_the_second_page_comes_after_the_first_pages_items_and_ends_the_stream() {
    let server = MockServer::start().await;
    first_page(&server, customers(&["fcus_1", "fcus_2"])).await;
    page_after(&server, "fcus_2", error(400)).await;
    let client = flex(&server);

    let all: Vec<Result<Customer, Error>> = client
        .list_customers_stream(&by_email(Some(2)))
        .collect()
        .await;

    assert_eq!(all.len(), 3, "{all:?}");
    assert_eq!(all[0].as_ref().expect("first item").customer_id, "fcus_1");
    assert_eq!(all[1].as_ref().expect("second item").customer_id, "fcus_2");
    match &all[2] {
        Err(error) => assert_eq!(error.status(), Some(400), "{error}"),
        Ok(customer) => panic!("expected the second page's error, got {customer:?}"),
    }
    // A 400 is final: one request per page, and none after the error.
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn each_page_is_retried_like_any_other_call() {
    let server = MockServer::start().await;
    first_page(&server, customers(&["fcus_1", "fcus_2"])).await;
    // The second page fails once with a 503, then succeeds.
    Mock::given(method("GET"))
        .and(query_param("starting_after", "fcus_2"))
        .respond_with(error(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    page_after(&server, "fcus_2", customers(&["fcus_3"])).await;
    let client = flex(&server);

    let all: Vec<Customer> = client
        .list_customers_stream(&by_email(Some(2)))
        .map(|item| item.expect("the retry succeeds"))
        .collect()
        .await;

    assert_eq!(ids(&all), ["fcus_1", "fcus_2", "fcus_3"]);
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn a_stream_dropped_part_way_sends_no_more_requests() {
    let server = MockServer::start().await;
    first_page(&server, customers(&["fcus_1", "fcus_2"])).await;
    page_after(&server, "fcus_2", customers(&["fcus_3", "fcus_4"])).await;
    page_after(&server, "fcus_4", customers(&["fcus_5", "fcus_6"])).await;
    let client = flex(&server);

    {
        // Three items: the first page, then one of the second.
        let mut stream = pin!(client.list_customers_stream(&by_email(Some(2))));
        for expected in ["fcus_1", "fcus_2", "fcus_3"] {
            let customer = stream.next().await.expect("an item").expect("a page");
            assert_eq!(customer.customer_id, expected);
        }
    }
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert_eq!(received(&server).await.len(), 2);

    // Nothing at all is sent before the stream is first polled.
    let stream = client.list_customers_stream(&by_email(Some(2)));
    drop(stream);
    assert_eq!(received(&server).await.len(), 2);
}
