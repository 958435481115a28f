//! Typed errors, against a local server (wiremock): the kind of an API error to match on, the
//! retry-after of a rate limit, and timeouts, connection errors and decode errors, each with
//! whether it is retryable.

mod common;

use common::{
    closed_url, error, fails_then_succeeds, flex, flex_at, ok_session, received, retrieve,
};
use flex_client::{ApiErrorKind, Error, RequestOptions};
use std::time::{Duration, SystemTime};
use wiremock::ResponseTemplate;

#[tokio::test]
async fn api_errors_have_a_kind_to_match_on() {
    let cases = [
        (400, ApiErrorKind::BadRequest, false),
        (401, ApiErrorKind::Authentication, false),
        (403, ApiErrorKind::Permission, false),
        (404, ApiErrorKind::NotFound, false),
        (409, ApiErrorKind::Conflict, true),
        (422, ApiErrorKind::Unprocessable, false),
        (429, ApiErrorKind::RateLimited { retry_after: None }, true),
        (500, ApiErrorKind::Server, true),
        (502, ApiErrorKind::Server, true),
        (408, ApiErrorKind::Other, true),
        (402, ApiErrorKind::Other, false),
    ];
    for (status, kind, retryable) in cases {
        let server = fails_then_succeeds(error(status), 100, ok_session()).await;
        let client = flex(&server).with_options(RequestOptions::new().max_retries(0));
        let error = retrieve(&client).await.expect_err("error status");
        let Error::Api(api) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(api.kind(), kind, "{status}");
        assert_eq!(error.api_kind(), Some(kind), "{status}");
        assert_eq!(error.is_retryable(), retryable, "{status}");
        assert_eq!(error.status(), Some(status));
        let code = format!("code_{status}");
        assert_eq!(error.code(), Some(code.as_str()));
    }
}

#[tokio::test]
async fn rate_limited_errors_carry_the_retry_after_they_were_given() {
    let in_thirty = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
    for (header, value, expected) in [
        ("retry-after", "7".to_owned(), 7_000),
        ("retry-after-ms", "1500".to_owned(), 1_500),
        ("retry-after", in_thirty, 30_000),
        ("retry-after", "3600".to_owned(), 3_600_000),
    ] {
        let server = fails_then_succeeds(
            error(429).insert_header(header, value.as_str()),
            100,
            ok_session(),
        )
        .await;
        let client = flex(&server).with_options(RequestOptions::new().max_retries(0));
        let error = retrieve(&client).await.expect_err("429");
        let Some(ApiErrorKind::RateLimited {
            retry_after: Some(after),
        }) = error.api_kind()
        else {
            panic!("{header}: {value}: {error:?}")
        };
        let millis = after.as_millis();
        // An HTTP date has whole seconds, and a little time passes before it is read.
        assert!(
            millis <= expected && millis + 2_000 > expected,
            "{header}: {value}: {after:?}"
        );
    }
}

#[tokio::test]
async fn timeouts_and_connection_errors_are_their_own_retryable_variants() {
    let slow = fails_then_succeeds(
        ok_session().set_delay(Duration::from_millis(500)),
        100,
        ok_session(),
    )
    .await;
    let timeout = retrieve(
        &flex(&slow).with_options(
            RequestOptions::new()
                .timeout(Duration::from_millis(50))
                .max_retries(0),
        ),
    )
    .await
    .expect_err("timeout");
    assert!(matches!(timeout, Error::Timeout { .. }), "{timeout:?}");
    assert!(timeout.is_retryable());
    assert_eq!(timeout.status(), None);

    let refused = flex_at(closed_url()).max_retries(0).build().expect("valid");
    let connection = retrieve(&refused).await.expect_err("refused");
    assert!(
        matches!(connection, Error::Connection { .. }),
        "{connection:?}"
    );
    assert!(connection.is_retryable());
    assert!(
        connection.to_string().contains("could not connect"),
        "{connection}"
    );

    let empty_id = refused
        .retrieve_checkout_session("", &Default::default())
        .await
        .expect_err("refused");
    assert!(!empty_id.is_retryable());
}

#[tokio::test]
async fn a_decode_error_is_not_retried() {
    let server = fails_then_succeeds(
        ResponseTemplate::new(200).set_body_raw("<html>", "text/html"),
        100,
        ok_session(),
    )
    .await;
    let error = retrieve(&flex(&server)).await.expect_err("html");
    assert!(matches!(error, Error::Decode(_)) && !error.is_retryable());
    assert_eq!(received(&server).await.len(), 1);
}
