//! Files, exports and events.
//!
//! Each call checks what it sent (method, path, query string, body) and reads hand-picked fields
//! of what it decoded by their Rust types (ID or expanded object, enum variant, integer, nested
//! struct, page cursor); `docs.rs` round-trips every example in full, field by field.

use super::*;

#[tokio::test]
async fn files() {
    let lb = Loopback::start().await;

    // listFiles
    let params = ListFilesParams::new()
        .purpose(FilePurpose::DisputeEvidence)
        .limit(1);
    let expect = Expect::get("/v1/files")
        .query("purpose", "dispute_evidence")
        .query("limit", "1");
    for ex in examples("files", "listFiles", &["g2"]) {
        let at = ex.file.as_str();
        let page = lb
            .exchange(at, &expect, &ex.body, lb.client.list_files(&params))
            .await;
        assert_eq!(page.next_cursor(), Some(G2_ID));
        assert_eq!(page[0].purpose, Some(FilePurpose::AccountRequirement));
        assert_eq!(page[0].size, Some(0));
    }

    // createFile: multipart/form-data, not JSON.
    let expect = Expect::post("/v1/files").other_body();
    for ex in examples("files", "createFile", &["g2"]) {
        let at = ex.file.as_str();
        let form = Multipart::new().text("purpose", "dispute_evidence").file(
            "file",
            "receipt.pdf",
            "application/pdf",
            b"%PDF-1.4".to_vec(),
        );
        let f = lb
            .exchange(at, &expect, &ex.body, lb.client.create_file(form))
            .await;
        let request = lb.last_request(at).await;
        let content_type = request_header(&request, "content-type").expect("content type");
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap_or_else(|| panic!("{at}: not multipart: {content_type}"));
        let sent = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\ndispute_evidence\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"receipt.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n\
             --{boundary}--\r\n"
        );
        assert_eq!(String::from_utf8_lossy(&request.body), sent, "{at}: body");
        assert_eq!(f.file_id, G2_ID);
        assert_eq!(f.type_.as_deref(), Some("string"));
        assert_eq!(f.expires_at.as_deref(), Some("2024-01-01T00:00:00Z"));
    }

    // retrieveFile
    let expect = Expect::get(format!("/v1/files/{FILE}"));
    for ex in examples("files", "retrieveFile", &["g2"]) {
        let at = ex.file.as_str();
        let f = lb
            .exchange(at, &expect, &ex.body, lb.client.retrieve_file(FILE))
            .await;
        assert_eq!(f.filename.as_deref(), Some("string"));
        assert_eq!(f.purpose, Some(FilePurpose::AccountRequirement));
    }
}

#[tokio::test]
async fn exports() {
    let lb = Loopback::start().await;
    let one = format!("/v1/exports/{EXPORT}");

    // createExport: `type_` goes out as `type`.
    let body = CreateExport::new()
        .description("May payments")
        .filters(
            CreateExportFilters::new().payment(
                CreateExportPaymentFilters::new()
                    .limit(100)
                    .customer(CUSTOMER),
            ),
        )
        .metadata(map(&[("month", "2024-05")]))
        .type_(ExportType::Product);
    let expect = Expect::post("/v1/exports").json(json!({"export": {
        "description": "May payments",
        "filters": {"payment": {"limit": 100, "customer": CUSTOMER}},
        "metadata": {"month": "2024-05"},
        "type": "product",
    }}));
    for ex in examples("exports", "createExport", &["g2"]) {
        let at = ex.file.as_str();
        let e = lb
            .exchange(at, &expect, &ex.body, lb.client.create_export(&body))
            .await;
        assert_eq!(e.type_, Some(ExportType::Product));
        assert_eq!(e.status, Some(ExportStatus::Created));
        assert_eq!(e.filters, Some(ExportFilters::default()));
    }

    // retrieveExport
    let expect = Expect::get(&one);
    for ex in examples("exports", "retrieveExport", &["g2b"]) {
        let at = ex.file.as_str();
        let e = lb
            .exchange(at, &expect, &ex.body, lb.client.retrieve_export(EXPORT))
            .await;
        let payment = e
            .filters
            .as_ref()
            .and_then(|f| f.payment.as_ref())
            .expect("payment filters");
        assert_eq!(payment.limit, Some(0));
        assert_eq!(payment.customer.as_deref(), Some("string"));
        assert_eq!(e.completed_at.as_deref(), Some("2024-01-01T00:00:00Z"));
    }

    // cancelExport: no body.
    let expect = Expect::post(format!("{one}/cancel"));
    for ex in examples("exports", "cancelExport", &["g2"]) {
        let at = ex.file.as_str();
        let e = lb
            .exchange(at, &expect, &ex.body, lb.client.cancel_export(EXPORT))
            .await;
        assert_eq!(e.export_id, G2_ID);
        assert_eq!(e.description.as_deref(), Some("string"));
        assert_eq!(e.test_mode, Some(false));
    }
}

#[tokio::test]
async fn events() {
    let lb = Loopback::start().await;

    // retryEvent
    let body = RetryEvent::new().webhook_id("fwh_01HACMWA");
    let expect = Expect::post(format!("/v1/events/{EVENT}/retry"))
        .json(json!({"event": {"webhook_id": "fwh_01HACMWA"}}));
    for ex in examples("events", "retryEvent", &["g1", "g3"]) {
        let at = ex.file.as_str();
        let e = lb
            .exchange(at, &expect, &ex.body, lb.client.retry_event(EVENT, &body))
            .await;
        assert_eq!(e.event_type, Some(EventType::AccountUpdated));
        // The object sits under a key naming its type, as raw JSON.
        let object = e.object.as_ref().expect("object");
        assert_eq!(object["customer"]["customer_id"], json!(CUSTOMER));
        assert_eq!(object["customer"]["shipping"]["city"], json!("<string>"));
        let has_metadata = object["customer"].get("metadata").is_some();
        assert_eq!(has_metadata, ex.generation == "g3", "{at}");
    }
}
