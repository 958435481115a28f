//! Scalars (lowering): what a `format` makes of a string, integer or number, and string and
//! integer enums (each with a catch-all variant for values the client does not know).

use crate::ir::{IntEnum, IntVariant, StringEnum, TypeRef, Variant};
use crate::lower::naming::{Namer, type_name};
use serde_json::Value;

/// A string of this format: typed where a Rust user expects it, `String` otherwise (`byte`,
/// `email`, ...).
pub(crate) fn string_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("date-time") => TypeRef::DateTime,
        Some("date") => TypeRef::Date,
        Some("uuid") => TypeRef::Uuid,
        Some("ip") => TypeRef::IpAddr { version: None },
        Some("ipv4") => TypeRef::IpAddr { version: Some(4) },
        Some("ipv6") => TypeRef::IpAddr { version: Some(6) },
        _ => TypeRef::String,
    }
}

/// An integer of this format: `i64` without one.
pub(crate) fn integer_type(format: Option<&str>) -> TypeRef {
    let (bits, signed) = match format {
        Some("int8") => (8, true),
        Some("int16") => (16, true),
        Some("int32") => (32, true),
        Some("uint8") => (8, false),
        Some("uint16") => (16, false),
        Some("uint32") => (32, false),
        Some("uint64" | "uint") => (64, false),
        _ => (64, true),
    };
    TypeRef::Integer { bits, signed }
}

/// A number of this format: `f32` for `float`, `f64` otherwise.
pub(crate) fn number_type(format: Option<&str>) -> TypeRef {
    TypeRef::Number {
        bits: if format == Some("float") { 32 } else { 64 },
    }
}

/// The string enum of these values, each with what it means when the spec says (duplicates
/// dropped, the first kept), with a catch-all variant.
pub(crate) fn documented_string_enum(
    values: impl IntoIterator<Item = (String, Option<String>)>,
) -> StringEnum {
    let mut names = Namer::new();
    let mut variants: Vec<Variant> = Vec::new();
    for (value, docs) in values {
        if variants.iter().any(|v| v.wire_name == value) {
            continue;
        }
        variants.push(Variant {
            name: names.claim(type_name(&value, "Empty")),
            wire_name: value,
            docs,
        });
    }
    let catch_all = names.claim("Unknown".to_owned());
    StringEnum {
        variants,
        catch_all,
    }
}

/// The integer enum of these values (duplicates dropped), with a catch-all variant.
pub(crate) fn int_enum(values: &[Value]) -> IntEnum {
    let mut names = Namer::new();
    let mut variants: Vec<IntVariant> = Vec::new();
    for value in values.iter().filter_map(Value::as_i64) {
        if variants.iter().any(|v| v.value == value) {
            continue;
        }
        let name = if value < 0 {
            format!("Minus{}", value.unsigned_abs())
        } else {
            format!("V{value}")
        };
        variants.push(IntVariant {
            name: names.claim(name),
            value,
        });
    }
    let catch_all = names.claim("Unknown".to_owned());
    IntEnum {
        variants,
        catch_all,
    }
}

#[cfg(test)]
mod tests {
    use super::{documented_string_enum, int_enum, integer_type, number_type, string_type};
    use crate::ir::TypeRef;
    use crate::lower::testing::{field, lowered, strukt};
    use serde_json::json;

    #[test]
    fn string_formats_become_typed_values() {
        assert_eq!(string_type(Some("date-time")), TypeRef::DateTime);
        assert_eq!(string_type(Some("date")), TypeRef::Date);
        assert_eq!(string_type(Some("uuid")), TypeRef::Uuid);
        assert_eq!(string_type(Some("ip")), TypeRef::IpAddr { version: None });
        assert_eq!(
            string_type(Some("ipv6")),
            TypeRef::IpAddr { version: Some(6) }
        );
        assert_eq!(string_type(Some("email")), TypeRef::String);
        assert_eq!(string_type(None), TypeRef::String);
    }

    #[test]
    fn integer_and_number_formats_choose_the_width() {
        let int = |bits, signed| TypeRef::Integer { bits, signed };
        assert_eq!(integer_type(Some("int32")), int(32, true));
        assert_eq!(integer_type(Some("uint8")), int(8, false));
        assert_eq!(integer_type(Some("uint")), int(64, false));
        assert_eq!(integer_type(Some("int64")), int(64, true));
        assert_eq!(integer_type(None), int(64, true));
        assert_eq!(number_type(Some("float")), TypeRef::Number { bits: 32 });
        assert_eq!(number_type(Some("double")), TypeRef::Number { bits: 64 });
    }

    #[test]
    fn formats_in_a_spec_reach_the_fields() {
        let api = lowered(
            "paths: {}\ncomponents:\n  schemas:\n    Event:\n      type: object\n      properties:\n        at: {type: string, format: date-time}\n        count: {type: integer, format: int32}\n        ratio: {type: number, format: float}\n        host: {type: string, format: ipv4}\n",
        );
        let event = strukt(&api, "Event");
        assert_eq!(field(event, "at").ty, TypeRef::DateTime);
        assert_eq!(
            field(event, "count").ty,
            TypeRef::Integer {
                bits: 32,
                signed: true
            }
        );
        assert_eq!(field(event, "ratio").ty, TypeRef::Number { bits: 32 });
        assert_eq!(
            field(event, "host").ty,
            TypeRef::IpAddr { version: Some(4) }
        );
    }

    #[test]
    fn a_string_enum_drops_repeats_and_frees_the_catch_all_name() {
        let e = documented_string_enum(["unknown", "a-b", "unknown"].map(|v| (v.to_owned(), None)));
        let names: Vec<(&str, &str)> = e
            .variants
            .iter()
            .map(|v| (v.name.as_str(), v.wire_name.as_str()))
            .collect();
        assert_eq!(names, [("Unknown", "unknown"), ("AB", "a-b")]);
        assert_eq!(e.catch_all, "Unknown2");
    }

    #[test]
    fn an_int_enum_names_negative_values_and_drops_repeats() {
        let e = int_enum(&[json!(0), json!(-5), json!(0)]);
        let names: Vec<(&str, i64)> = e
            .variants
            .iter()
            .map(|v| (v.name.as_str(), v.value))
            .collect();
        assert_eq!(names, [("V0", 0), ("Minus5", -5)]);
        assert_eq!(e.catch_all, "Unknown");
    }
}
