//! Scalars (lowering): what a `format` makes of a string, integer or number, and string and
//! integer enums (each with a catch-all variant for values the client does not know).

use crate::ir::{IntEnum, IntVariant, StringEnum, TypeRef, Variant};
use crate::naming::{Namer, type_name};
use serde_json::Value;

/// A string of this format: typed where a Rust user expects it, `String` otherwise (`byte`,
/// `email`, ...).
pub(super) fn string_type(format: Option<&str>) -> TypeRef {
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
pub(super) fn integer_type(format: Option<&str>) -> TypeRef {
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
pub(super) fn number_type(format: Option<&str>) -> TypeRef {
    TypeRef::Number {
        bits: if format == Some("float") { 32 } else { 64 },
    }
}

/// The string enum of these values (duplicates dropped), with a catch-all variant.
pub(super) fn string_enum(values: &[Value]) -> StringEnum {
    let mut names = Namer::new();
    let mut variants: Vec<Variant> = Vec::new();
    for value in values.iter().filter_map(Value::as_str) {
        if variants.iter().any(|v| v.wire_name == value) {
            continue;
        }
        variants.push(Variant {
            name: names.claim(type_name(value, "Empty")),
            wire_name: value.to_owned(),
        });
    }
    let catch_all = names.claim("Unknown".to_owned());
    StringEnum {
        variants,
        catch_all,
    }
}

/// The integer enum of these values (duplicates dropped), with a catch-all variant.
pub(super) fn int_enum(values: &[Value]) -> IntEnum {
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
