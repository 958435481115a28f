//! Helpers the generated operations and types call. Part of the runtime that `flex-codegen`
//! copies into every crate it generates. A spec without path parameters or without enums leaves
//! a helper unused, so `lib.rs` allows dead code in this module.

use crate::error::Error;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::de::{self, Deserializer, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// Everything but RFC 3986's unreserved characters is encoded, so a value can never leave its
/// path segment: `/`, `?`, `#`, `%` and spaces all become `%XX`.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Encodes a path parameter as one path segment. An empty value is refused (it would change
/// which endpoint is called), and so are `.` and `..`: URL parsing (WHATWG, which the `url`
/// crate follows) resolves them, even percent-encoded as `%2E`, to the current or parent
/// directory, so no encoding keeps them inside their segment.
pub(crate) fn encode_path_segment(name: &str, value: &str) -> Result<String, Error> {
    if value.is_empty() {
        return Err(Error::InvalidRequest(format!(
            "path parameter `{name}` must not be empty"
        )));
    }
    if value == "." || value == ".." {
        return Err(Error::InvalidRequest(format!(
            "path parameter `{name}` must not be `{value}`: URLs resolve it to another path"
        )));
    }
    Ok(utf8_percent_encode(value, PATH_SEGMENT).to_string())
}

/// Deserializes a string enum through `From<&str>`, so that values the enum does not know become
/// its catch-all variant instead of an error, and known ones do not allocate. Each unknown value
/// decoded logs one `tracing` warning naming the enum (`type_name`) and the value, so that a
/// value the API added is noticed before code that matches on the enum needs it.
pub(crate) fn deserialize_string_enum<'de, D, T>(
    deserializer: D,
    type_name: &'static str,
    is_unknown: fn(&T) -> bool,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct EnumVisitor<T> {
        type_name: &'static str,
        is_unknown: fn(&T) -> bool,
        marker: PhantomData<T>,
    }

    impl<T> Visitor<'_> for EnumVisitor<T>
    where
        T: for<'a> From<&'a str>,
    {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            let decoded = T::from(value);
            if (self.is_unknown)(&decoded) {
                tracing::warn!(
                    enum_type = self.type_name,
                    value,
                    "unknown enum value: kept as it is, but this client version does not know it"
                );
            }
            Ok(decoded)
        }

        // An owned string goes through `visit_str` too: known values do not need it, and an
        // unknown one is copied once into the catch-all variant.
        fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
            self.visit_str(&value)
        }
    }

    deserializer.deserialize_str(EnumVisitor {
        type_name,
        is_unknown,
        marker: PhantomData,
    })
}
