//! The typed checks a round-trip cannot make. `docs.rs` decodes every example and compares the
//! JSON it encodes back, which cannot tell where in the Rust value a field went: a field that
//! landed in a type's `extra` map (the catch-all for fields the struct does not name) and an
//! enum value that fell to the `Unknown` variant both encode back unchanged.
//!
//! [`untyped`] finds both, at any depth, in the response to every example `docs.rs` sends, and
//! [`typed`] in every value a resource test decodes (`Loopback::exchange` calls it): nothing may
//! sit in an `extra` map, and no enum value in `Unknown` but the docs' placeholders (`<any>`,
//! `<unknown>`). What else a round-trip cannot see (`Expandable::Id` for an ID string,
//! `Expandable::Object` for an expanded object, which variant of an enum, an integer amount, a
//! nested struct, a `Page`'s limit and cursor) the resource tests assert on chosen fields,
//! through the typed API.

use super::*;

/// Fails when `decoded` is not all typed (see [`untyped`]).
pub fn typed<T: Debug>(at: &str, decoded: &T) {
    let problems = untyped(decoded);
    assert!(problems.is_empty(), "{at}:\n{}", problems.join("\n"));
}

/// What in `decoded`, at any depth, is a field outside the ones its type names, or an enum value
/// its type does not know (other than a `<placeholder>` of the docs), each as a sentence.
///
/// It reads the value's `Debug` form, which every generated type has and which shows each
/// struct's `extra` map and each enum's `Unknown("value")`, and skips the string literals in it,
/// so no text inside a value can pass for either.
pub fn untyped<T: Debug>(decoded: &T) -> Vec<String> {
    const EXTRA: &[u8] = b"extra: {";
    const UNKNOWN: &[u8] = b"Unknown(\"";
    let debug = format!("{decoded:?}");
    let bytes = debug.as_bytes();
    let mut problems = Vec::new();
    let (mut i, mut in_string) = (0, false);
    while i < bytes.len() {
        let rest = &bytes[i..];
        // `extra` and `Unknown` as whole names, not the end of longer ones.
        let word = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        if in_string {
            match rest[0] {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else if word && rest.starts_with(EXTRA) && rest.get(EXTRA.len()) != Some(&b'}') {
            problems.push(format!(
                "a field the type does not name, kept in `extra`: …{}",
                context(&debug, i)
            ));
        } else if word && rest.starts_with(UNKNOWN) && rest.get(UNKNOWN.len()) != Some(&b'<') {
            problems.push(format!(
                "an enum value its type does not know: …{}",
                context(&debug, i)
            ));
        } else if rest[0] == b'"' {
            in_string = true;
        }
        i += 1;
    }
    problems
}

/// The `Debug` text around byte `at`: the field names before it say where it is.
fn context(debug: &str, at: usize) -> &str {
    let floor = |mut i: usize| {
        while !debug.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    &debug[floor(at.saturating_sub(160))..floor((at + 80).min(debug.len()))]
}

/// Whether [`untyped`] finds anything in `value`.
fn rejects<T: Debug>(value: &T) -> bool {
    !untyped(value).is_empty()
}

#[test]
fn untyped_sees_extra_fields_and_unknown_values() {
    let customer = Customer::new(CUSTOMER.to_owned());
    assert!(!rejects(&customer), "a plain customer passes");
    assert!(
        format!("{customer:?}").contains("extra: {}"),
        "the generated types still call their catch-all `extra`"
    );
    let mut quoted = customer.clone();
    quoted.first_name = own("extra: {\"x\": 1} Unknown(\"y\")");
    assert!(
        !rejects(&quoted),
        "text inside a value is mistaken for neither"
    );
    let mut extra = customer;
    extra.extra.insert("nickname".to_owned(), json!("Jo"));
    assert!(rejects(&extra), "a field kept in `extra` fails");

    let product = |visit_type: &str| {
        let mut p = Product::new(PRODUCT.to_owned());
        p.visit_type = Some(VisitType::from(visit_type));
        p
    };
    assert!(!rejects(&product("cbtSleep")), "a known value passes");
    assert!(!rejects(&product("<string>")), "a placeholder passes");
    assert!(
        rejects(&product("yoga")),
        "a value the enum does not know fails"
    );
}
