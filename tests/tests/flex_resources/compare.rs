//! Comparing with the example, field by field: what was decoded against the JSON the docs show.

use super::*;

pub fn text<'a>(ex: &'a Value, ptr: &str) -> Option<&'a str> {
    ex.pointer(ptr).and_then(Value::as_str)
}

/// A string the example must have.
pub fn must_text<'a>(at: &str, ex: &'a Value, ptr: &str) -> &'a str {
    text(ex, ptr).unwrap_or_else(|| panic!("{at}{ptr}: the example has no string here"))
}

pub fn eq_text(at: &str, ex: &Value, ptr: &str, got: Option<&str>) {
    assert_eq!(got, text(ex, ptr), "{at}{ptr}");
}

pub fn eq_int(at: &str, ex: &Value, ptr: &str, got: Option<i64>) {
    assert_eq!(got, ex.pointer(ptr).and_then(Value::as_i64), "{at}{ptr}");
}

pub fn eq_num(at: &str, ex: &Value, ptr: &str, got: Option<f64>) {
    assert_eq!(got, ex.pointer(ptr).and_then(Value::as_f64), "{at}{ptr}");
}

pub fn eq_flag(at: &str, ex: &Value, ptr: &str, got: Option<bool>) {
    assert_eq!(got, ex.pointer(ptr).and_then(Value::as_bool), "{at}{ptr}");
}

/// A string-to-string map (`metadata`).
pub fn eq_map(at: &str, ex: &Value, ptr: &str, got: Option<&BTreeMap<String, String>>) {
    let want = ex.pointer(ptr).filter(|v| !v.is_null()).map(|v| {
        v.as_object()
            .unwrap_or_else(|| panic!("{at}{ptr}: not an object"))
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().expect("string values").to_owned()))
            .collect::<BTreeMap<_, _>>()
    });
    assert_eq!(got, want.as_ref(), "{at}{ptr}");
}

/// A field kept as raw JSON.
pub fn eq_raw(at: &str, ex: &Value, ptr: &str, got: Option<Value>) {
    assert_eq!(
        got.as_ref(),
        ex.pointer(ptr).filter(|v| !v.is_null()),
        "{at}{ptr}"
    );
}

pub fn eq_texts(at: &str, ex: &Value, ptr: &str, got: Option<&[String]>) {
    let want: Option<Vec<&str>> = ex
        .pointer(ptr)
        .and_then(Value::as_array)
        .map(|items| items.iter().map(|v| v.as_str().expect("strings")).collect());
    let got: Option<Vec<&str>> = got.map(|items| items.iter().map(String::as_str).collect());
    assert_eq!(got, want, "{at}{ptr}");
}

/// A nested object: present exactly when the example has it, and then checked by `check`.
pub fn nested<T: Debug>(
    at: &str,
    ex: &Value,
    ptr: &str,
    got: Option<&T>,
    check: impl FnOnce(&str, &T, &Value),
) {
    let here = format!("{at}{ptr}");
    match ex.pointer(ptr) {
        None | Some(Value::Null) => assert!(got.is_none(), "{here}: absent, got {got:?}"),
        Some(want) => check(
            &here,
            got.unwrap_or_else(|| panic!("{here}: not decoded")),
            want,
        ),
    }
}

/// A list: as long as the example's, each item checked by `check`.
pub fn each<T>(
    at: &str,
    ex: &Value,
    ptr: &str,
    got: Option<&[T]>,
    check: impl Fn(&str, &T, &Value),
) {
    let here = format!("{at}{ptr}");
    match ex.pointer(ptr) {
        None | Some(Value::Null) => assert!(got.is_none(), "{here}: absent"),
        Some(Value::Array(want)) => {
            let got = got.unwrap_or_else(|| panic!("{here}: not decoded"));
            assert_eq!(got.len(), want.len(), "{here}: length");
            for (i, (item, want)) in got.iter().zip(want).enumerate() {
                check(&format!("{here}/{i}"), item, want);
            }
        }
        Some(other) => panic!("{here}: not an array: {other}"),
    }
}

/// An ID-or-object field: an ID string in the example must decode as `Expandable::Id`, an object
/// as `Expandable::Object` (then checked by `check`), and absence as `None`.
pub fn expandable<T: Debug + PartialEq>(
    at: &str,
    ex: &Value,
    ptr: &str,
    got: Option<&Expandable<T>>,
    check: impl FnOnce(&str, &T, &Value),
) {
    let here = format!("{at}{ptr}");
    match ex.pointer(ptr) {
        None | Some(Value::Null) => assert!(got.is_none(), "{here}: absent, got {got:?}"),
        Some(want) => expanded(
            &here,
            got.unwrap_or_else(|| panic!("{here}: not decoded")),
            want,
            check,
        ),
    }
}

pub fn expanded<T: Debug + PartialEq>(
    at: &str,
    got: &Expandable<T>,
    want: &Value,
    check: impl FnOnce(&str, &T, &Value),
) {
    match (want, got) {
        (Value::String(id), _) => assert_eq!(got, &Expandable::Id(id.clone()), "{at}: an ID"),
        (Value::Object(_), Expandable::Object(object)) => check(at, object, want),
        (Value::Object(_), Expandable::Id(id)) => {
            panic!("{at}: an expanded object in the example, decoded as the ID {id}")
        }
        (other, _) => panic!("{at}: neither an ID nor an object: {other}"),
    }
}

/// What was decoded, encoded again, is the example (its nulls aside, which encode as absent
/// fields): nothing the docs show is lost or changed on the way through the types.
macro_rules! lossless {
    ($at:expr, $decoded:expr, $example:expr) => {
        $crate::compare::assert_lossless(
            $at,
            &serde_json::to_value(&$decoded).expect("decoded values encode"),
            $example,
        )
    };
}
pub(crate) use lossless;

pub fn assert_lossless(at: &str, encoded: &Value, example: &Value) {
    let mut problems = Vec::new();
    json_diff(
        &without_nulls(example),
        encoded,
        String::new(),
        &mut problems,
    );
    assert!(
        problems.is_empty(),
        "{at}: decoding loses or changes what the docs show:\n{}",
        problems.join("\n")
    );
}

/// The differences between two JSON values, as JSON pointers. Numbers compare by value, so an
/// example's `10` equals the `10.0` a float field encodes.
pub fn json_diff(want: &Value, got: &Value, at: String, out: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(want), Value::Object(got)) => {
            for (key, w) in want {
                match got.get(key) {
                    Some(g) => json_diff(w, g, format!("{at}/{key}"), out),
                    None => out.push(format!("{at}/{key}: dropped")),
                }
            }
            for key in got.keys().filter(|k| !want.contains_key(*k)) {
                out.push(format!("{at}/{key}: added"));
            }
        }
        (Value::Array(want), Value::Array(got)) if want.len() == got.len() => {
            for (i, (w, g)) in want.iter().zip(got).enumerate() {
                json_diff(w, g, format!("{at}/{i}"), out);
            }
        }
        (Value::Number(w), Value::Number(g)) if w.as_f64() == g.as_f64() => {}
        (w, g) if w == g => {}
        (w, g) => out.push(format!("{at}: {w} became {g}")),
    }
}
