//! The client of `tests/fixtures/constructs.yaml` against a local server: how unions, integer
//! enums, merged `allOf`s, maps and formats decode, and how parameters and bodies of every kind
//! go on the wire.

mod common;

use common::{constructs, received, request_header, serve};
use constructs_client::Multipart;
use constructs_client::types::{
    Amount, Filter, GetPaymentParams, IdOrName, Job, Method, Page, PaymentStatus, Priority, Shape,
};
use serde_json::json;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn params() -> GetPaymentParams {
    GetPaymentParams::new("trace-1")
}

async fn payment(body: serde_json::Value) -> constructs_client::types::Payment {
    let server = serve(ResponseTemplate::new(200).set_body_json(body)).await;
    constructs(&server)
        .get_payment(&IdOrName::String("p1".to_owned()), &params())
        .await
        .expect("decodes")
}

#[tokio::test]
async fn unions_decode_by_tag_by_implicit_tag_and_by_shape() {
    let decoded = payment(json!({
        "id": "p1",
        "created_at": "2024-05-01T12:00:00+02:00",
        "method": {"method": "bank_account", "routing": "021000021"},
        "shape": {"type": "square", "side": 2.5},
        "amount": {"value": 100, "currency": "usd"},
        "priority": 2,
        "reference": "6f1c1f9e-9d44-4b7f-a0a4-7b7b1d0c2f11",
        "counts": {"a": 1, "b": 2}
    }))
    .await;
    let Some(Method::Bank(bank)) = &decoded.method else {
        panic!("{:?}", decoded.method)
    };
    assert_eq!(bank.routing, "021000021");
    let Some(Shape::Square(square)) = &decoded.shape else {
        panic!("{:?}", decoded.shape)
    };
    assert_eq!(square.side, 2.5);
    let Some(Amount::Object(amount)) = &decoded.amount else {
        panic!("{:?}", decoded.amount)
    };
    assert_eq!((amount.value, amount.currency.as_str()), (100, "usd"));
    assert_eq!(decoded.priority, Some(Priority::V2));
    assert_eq!(
        decoded.created_at.map(|t| t.to_rfc3339()),
        Some("2024-05-01T10:00:00+00:00".to_owned())
    );
    assert_eq!(
        decoded.reference.map(|u| u.to_string()),
        Some("6f1c1f9e-9d44-4b7f-a0a4-7b7b1d0c2f11".to_owned())
    );
    assert_eq!(decoded.counts.as_ref().and_then(|c| c.get("b")), Some(&2));

    // Untagged members in specificity order: an integer is not taken for a string.
    assert_eq!(
        payment(json!({"id": "p", "amount": 7})).await.amount,
        Some(Amount::Integer(7))
    );
    assert_eq!(
        payment(json!({"id": "p", "amount": "7.00"})).await.amount,
        Some(Amount::String("7.00".to_owned()))
    );
}

#[tokio::test]
async fn unknown_tags_enum_values_and_shapes_are_kept() {
    let decoded = payment(json!({
        "id": "p1",
        "method": {"method": "crypto", "wallet": "0xabc"},
        "shape": {"type": "hexagon"},
        "amount": [1, 2],
        "priority": 9,
        "status": "refunded"
    }))
    .await;
    assert_eq!(
        decoded.method,
        Some(Method::Unknown(
            json!({"method": "crypto", "wallet": "0xabc"})
        ))
    );
    assert_eq!(
        decoded.shape,
        Some(Shape::Unknown(json!({"type": "hexagon"})))
    );
    assert_eq!(decoded.amount, Some(Amount::Unknown(json!([1, 2]))));
    assert_eq!(decoded.priority, Some(Priority::Unknown(9)));
    assert_eq!(
        decoded.status,
        Some(PaymentStatus::Unknown("refunded".to_owned()))
    );
    // And written back as they came.
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    assert_eq!(
        encoded["method"],
        json!({"method": "crypto", "wallet": "0xabc"})
    );
    assert_eq!(encoded["priority"], json!(9));
}

#[test]
fn tagged_variants_write_their_tag() {
    let card = Method::Card(constructs_client::types::Card::new(
        "card".to_owned(),
        "4242".to_owned(),
    ));
    assert_eq!(
        serde_json::to_value(&card).expect("encodes"),
        json!({"method": "card", "last4": "4242"})
    );
    let decoded: Method =
        serde_json::from_value(json!({"method": "card", "last4": "4242"})).expect("decodes");
    assert_eq!(decoded, card);
}

/// A member written in place leaves the tag to the union: its struct has no `type` field, the
/// union writes the tag, and what comes back in is kept whole.
#[test]
fn in_place_variants_get_their_tag_from_the_union() {
    let square = Shape::Square(constructs_client::types::ShapeSquare::new(2.5));
    assert_eq!(
        serde_json::to_value(&square).expect("encodes"),
        json!({"type": "square", "side": 2.5})
    );
    let sent = json!({"type": "square", "side": 2.5, "color": "red"});
    let decoded: Shape = serde_json::from_value(sent.clone()).expect("decodes");
    assert!(
        matches!(&decoded, Shape::Square(s) if s.side == 2.5),
        "{decoded:?}"
    );
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), sent);
}

#[tokio::test]
async fn path_header_and_query_parameters_go_where_the_spec_says() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/payments/my%20payment"))
        .and(header("x-trace-id", "trace-9"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "p"})))
        .expect(1)
        .mount(&server)
        .await;
    let params = GetPaymentParams::new("trace-9")
        .x_flags(vec!["a".to_owned(), "b".to_owned()])
        .filter(Filter::new().status("paid").min_amount(5))
        .page(Page::new().limit(10))
        .ids(vec![1, 2, 3])
        .tags(vec!["x".to_owned(), "y".to_owned()]);
    constructs(&server)
        .get_payment(&IdOrName::String("my payment".to_owned()), &params)
        .await
        .expect("call succeeds");
    let requests = received(&server).await;
    let flags = requests[0]
        .headers
        .get("x-flags")
        .and_then(|v| v.to_str().ok());
    assert_eq!(flags, Some("a,b"), "arrays in a header are comma-joined");
    let query = requests[0].url.query().expect("query");
    // deepObject, exploded form object (its properties), comma-joined array, repeated array.
    assert_eq!(
        query,
        "filter%5Bstatus%5D=paid&filter%5Bmin_amount%5D=5&limit=10&ids=1%2C2%2C3&tags=x&tags=y"
    );
}

#[tokio::test]
async fn a_header_value_with_a_line_break_is_refused_before_sending() {
    let server = MockServer::start().await;
    let mut params = params();
    params.x_trace_id = "a\r\nInjected: yes".to_owned();
    let error = constructs(&server)
        .get_payment(&IdOrName::String("p".to_owned()), &params)
        .await
        .expect_err("refused");
    assert!(
        matches!(error, constructs_client::Error::InvalidRequest(_)),
        "{error:?}"
    );
    assert!(received(&server).await.is_empty());
}

#[tokio::test]
async fn each_success_status_has_its_own_variant() {
    use constructs_client::types::CreateJobResponse;
    let job = Job::new("nightly").priority(Priority::V1);
    for (status, body, expected) in [
        (201, Some(json!({"id": "j1", "name": "nightly"})), "201"),
        (202, Some(json!({"queue_position": 4})), "202"),
        (204, None, "204"),
    ] {
        let server = MockServer::start().await;
        let mut response = ResponseTemplate::new(status);
        if let Some(body) = body {
            response = response.set_body_json(body);
        }
        Mock::given(method("POST"))
            .and(path("/jobs"))
            .and(header("content-type", "application/json"))
            .and(body_string(r#"{"name":"nightly","priority":1}"#))
            .respond_with(response)
            .expect(1)
            .mount(&server)
            .await;
        let result = constructs(&server)
            .create_job(&job)
            .await
            .expect("call succeeds");
        match (expected, result) {
            ("201", CreateJobResponse::Status201(created)) => {
                assert_eq!(created.id.as_deref(), Some("j1"))
            }
            ("202", CreateJobResponse::Status202(queued)) => {
                assert_eq!(queued.queue_position, Some(4))
            }
            ("204", CreateJobResponse::Status204) => {}
            (expected, other) => panic!("{expected}: got {other:?}"),
        }
    }
}

#[tokio::test]
async fn form_bodies_and_text_responses() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/tokens"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(
            "grant_type=client_credentials&scope=read&scope=write+all",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw("tok_123", "text/plain"))
        .expect(1)
        .mount(&server)
        .await;
    let body = constructs_client::types::CreateTokenBody::new()
        .grant_type("client_credentials")
        .scope(vec!["read".to_owned(), "write all".to_owned()]);
    let token = constructs(&server)
        .create_token(&body)
        .await
        .expect("call succeeds");
    assert_eq!(token, "tok_123");
}

#[tokio::test]
async fn multipart_bodies_and_byte_responses() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/files"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(vec![0u8, 159, 146, 150], "application/octet-stream"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let form = Multipart::new()
        .text("caption", "a \"quoted\" caption")
        .file("file", "scan.png", "image/png", vec![1u8, 2, 3]);
    let bytes = constructs(&server)
        .upload_file(form)
        .await
        .expect("call succeeds");
    assert_eq!(bytes.as_ref(), &[0u8, 159, 146, 150]);

    let requests = received(&server).await;
    let content_type = request_header(&requests[0], "content-type").expect("content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("multipart");
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\na \"quoted\" caption\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"scan.png\"\r\nContent-Type: image/png\r\n\r\n\u{1}\u{2}\u{3}\r\n\
         --{boundary}--\r\n"
    );
    assert_eq!(String::from_utf8_lossy(&requests[0].body), expected);
}

#[test]
fn read_only_fields_may_be_left_out_of_requests() {
    let job = Job::new("n");
    assert_eq!(
        serde_json::to_value(&job).expect("encodes"),
        json!({"name": "n"})
    );
}

/// Path parameters that are arrays and objects (`simple`, exploded or not) and JSON (`content`),
/// a JSON query parameter, `spaceDelimited` and `pipeDelimited` arrays, an object header and
/// cookies: each written as OpenAPI says, byte for byte.
#[tokio::test]
async fn parameters_of_every_style_are_sent_as_the_spec_says() {
    use constructs_client::types::{GetReportParams, Point};
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let params = GetReportParams::new("s=1; x")
        .filter(Filter::new().status("open"))
        .spaced(vec!["a b".to_owned(), "c".to_owned()])
        .piped(vec![1, 2])
        .x_point(Point::new(5, 6))
        .lang("en");
    constructs(&server)
        .get_report(&[1, 2, 3], &Point::new(1, 2), &Point::new(3, 4), &params)
        .await
        .expect("sent");
    let requests = received(&server).await;
    let request = &requests[0];
    assert_eq!(
        request.url.path(),
        "/reports/1%2C2%2C3/x%3D1%2Cy%3D2/%7B%22x%22%3A3%2C%22y%22%3A4%7D"
    );
    assert_eq!(
        request.url.query(),
        Some("filter=%7B%22status%22%3A%22open%22%7D&spaced=a+b+c&piped=1%7C2")
    );
    assert_eq!(request_header(request, "x-point"), Some("x,5,y,6"));
    assert_eq!(
        request_header(request, "cookie"),
        Some("session=s=1%3B%20x; lang=en")
    );

    // Unset optional parameters send nothing: no query, no header, only the required cookie.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let params = GetReportParams::new("s");
    constructs(&server)
        .get_report(&[7], &Point::new(0, 0), &Point::new(0, 0), &params)
        .await
        .expect("sent");
    let requests = received(&server).await;
    assert_eq!(requests[0].url.query(), None);
    assert_eq!(request_header(&requests[0], "x-point"), None);
    assert_eq!(request_header(&requests[0], "cookie"), Some("session=s"));
}
