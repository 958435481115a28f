//! Discounts: coupons and promo codes.
//!
//! Each call checks what it sent (method, path, query string, body) and reads hand-picked fields
//! of what it decoded by their Rust types (ID or expanded object, enum variant, integer, nested
//! struct, page cursor); `docs.rs` round-trips every vendored example in full, and `lossless!`
//! the responses written here for the calls the docs show no example of.

use super::*;

#[tokio::test]
async fn coupons() {
    let lb = Loopback::start().await;
    let one = format!("/v1/coupons/{COUPON}");

    // listCoupons: no parameters and no example in the docs.
    let response = json!({"coupons": [{
        "coupon_id": COUPON,
        "name": "Spring sale",
        "percent_off": 12.5,
        "duration": "repeating",
        "duration_in_months": 3,
        "applies_to": {"products": [PRODUCT]},
        "max_redemptions": 100,
        "times_redeemed": 7,
        "valid": true,
        "created_at": "2024-03-01T00:00:00Z",
        "test_mode": true,
    }]});
    let at = "listCoupons (inline example)";
    let coupons = lb
        .exchange(
            at,
            &Expect::get("/v1/coupons"),
            &response,
            lb.client.list_coupons(),
        )
        .await;
    lossless!(at, coupons, &response["coupons"]);
    assert_eq!(coupons[0].percent_off, Some(12.5));
    assert_eq!(coupons[0].duration, Some(CouponDuration::Repeating));
    assert_eq!(
        coupons[0]
            .applies_to
            .as_ref()
            .and_then(|a| a.products.as_deref()),
        Some(&[PRODUCT.to_owned()][..])
    );

    // createCoupon
    let body = CreateCoupon::new()
        .applies_to(CreateCouponAppliesTo::new().products(vec![PRODUCT.to_owned()]))
        .name("Spring sale")
        .percent_off(12.5)
        .duration(CouponDuration::Repeating)
        .duration_in_months(3)
        .max_redemptions(100)
        .metadata(map(&[("campaign", "spring")]));
    let expect = Expect::post("/v1/coupons").json(json!({"coupon": {
        "applies_to": {"products": [PRODUCT]},
        "name": "Spring sale",
        "duration": "repeating",
        "duration_in_months": 3,
        "percent_off": 12.5,
        "max_redemptions": 100,
        "metadata": {"campaign": "spring"},
    }}));
    for ex in examples("coupons", "createCoupon", &["g1", "g2", "g3"]) {
        let at = ex.file.as_str();
        let c = lb
            .exchange(at, &expect, &ex.body, lb.client.create_coupon(&body))
            .await;
        assert_eq!(c.coupon_id, COUPON);
        check_coupon_generation(&ex, &c);
    }

    // retrieveCoupon
    let expect = Expect::get(&one);
    for ex in examples("coupons", "retrieveCoupon", &["g1", "g2", "g3"]) {
        let at = ex.file.as_str();
        let c = lb
            .exchange(at, &expect, &ex.body, lb.client.retrieve_coupon(COUPON))
            .await;
        check_coupon_generation(&ex, &c);
    }
}

/// What sets the coupon examples of each generation apart.
fn check_coupon_generation(ex: &Example, c: &Coupon) {
    match ex.generation.as_str() {
        "g1" => {
            // The docs' `<any>` placeholder is kept as an unknown duration.
            assert_eq!(
                c.duration,
                Some(CouponDuration::Unknown("<any>".to_owned()))
            );
            assert_eq!(c.percent_off, Some(123.0));
            assert_eq!(
                c.applies_to.as_ref().and_then(|a| a.products.as_deref()),
                Some(&["<string>".to_owned()][..])
            );
        }
        "g2" => {
            assert_eq!(c.duration, Some(CouponDuration::Once));
            assert_eq!(c.applies_to, Some(CouponAppliesTo::default()));
            assert_eq!(c.valid, Some(false));
        }
        _ => {
            assert_eq!(
                c.duration,
                Some(CouponDuration::Unknown("<unknown>".to_owned()))
            );
            assert_eq!(c.times_redeemed, Some(123));
        }
    }
}

#[tokio::test]
async fn promo_codes() {
    let lb = Loopback::start().await;

    // listPromoCodes: a plain list, filtered by `active`.
    let params = ListPromoCodesParams::new().active(true);
    let expect = Expect::get("/v1/promo_codes").query("active", "true");
    for ex in examples("promo_codes", "listPromoCodes", &["g1", "g2", "g3"]) {
        let at = ex.file.as_str();
        let codes = lb
            .exchange(at, &expect, &ex.body, lb.client.list_promo_codes(&params))
            .await;
        check_promo_code_example(&codes[0]);
    }

    // createPromoCode: the coupon goes in as `coupon_id` and comes back as an object.
    let body = CreatePromoCode::new()
        .coupon_id(COUPON)
        .code("SUMMER2016")
        .max_redemptions(100)
        .customer(CUSTOMER)
        .metadata(map(&[("key", "value")]));
    let expect = Expect::post("/v1/promo_codes").json(json!({"promo_code": {
        "coupon_id": COUPON,
        "code": "SUMMER2016",
        "max_redemptions": 100,
        "customer": CUSTOMER,
        "metadata": {"key": "value"},
    }}));
    for ex in examples("promo_codes", "createPromoCode", &["g1", "g3"]) {
        let at = ex.file.as_str();
        let p = lb
            .exchange(at, &expect, &ex.body, lb.client.create_promo_code(&body))
            .await;
        check_promo_code_example(&p);
        let id = if ex.generation == "g1" {
            "fpromo_01jvajb0gcvgxn5d42cqjjmf41"
        } else {
            PROMO_CODE
        };
        assert_eq!(p.promo_code_id, id);
    }

    // updatePromoCode: POST.
    let body = UpdatePromoCode::new()
        .active(false)
        .metadata(map(&[("retired", "2024-06-01")]));
    let expect = Expect::post(format!("/v1/promo_codes/{PROMO_CODE}")).json(json!({"promo_code": {
        "active": false,
        "metadata": {"retired": "2024-06-01"},
    }}));
    for ex in examples("promo_codes", "updatePromoCode", &["g2", "g3"]) {
        let at = ex.file.as_str();
        let p = lb
            .exchange(
                at,
                &expect,
                &ex.body,
                lb.client.update_promo_code(PROMO_CODE, &body),
            )
            .await;
        check_promo_code_example(&p);
        assert_eq!(p.promo_code_id, "fpromo_01HACM7FZ1084XB1GB6053VM0E");
    }
}

/// Every promo code example shows the same code, coupon and customer.
fn check_promo_code_example(p: &PromoCode) {
    assert_eq!(p.code.as_deref(), Some("SUMMER2016"));
    assert_eq!(p.customer, Some(Expandable::Id(CUSTOMER.to_owned())));
    assert_eq!(p.active, Some(true));
    let coupon = p
        .coupon
        .as_ref()
        .and_then(Expandable::as_object)
        .expect("coupon expanded");
    assert_eq!(coupon.coupon_id, COUPON);
    assert_eq!(coupon.percent_off, Some(10.0));
    assert_eq!(coupon.duration, Some(CouponDuration::Once));
    // `null` in the docs.
    assert_eq!(coupon.applies_to, None);
    assert_eq!(coupon.duration_in_months, None);
    assert_eq!(p.coupon.as_ref().and_then(Expandable::id), Some(COUPON));
}
