//! Helpers the generated operations and types call. Part of the runtime that `flex-codegen`
//! copies into every crate it generates. A spec without path parameters or without enums leaves
//! a helper unused, so `lib.rs` allows dead code in this module.

use crate::error::Error;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::de::{self, Deserializer, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
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

/// Serializes one variant of a tagged union: the variant's own JSON, with the tag property set
/// (a variant type that does not declare the tag property would otherwise lose it).
pub(crate) fn serialize_tagged<S, T>(
    serializer: S,
    property: &str,
    tag: &str,
    value: &T,
) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
    T: serde::Serialize,
{
    let mut json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(map) = &mut json {
        map.entry(property.to_owned())
            .or_insert_with(|| serde_json::Value::String(tag.to_owned()));
    }
    serde::Serialize::serialize(&json, serializer)
}

/// Adds a query parameter, written the way OpenAPI's `form` (or `deepObject`) style says:
/// scalars as they are, arrays repeated (`explode`) or comma-joined, objects as their properties
/// (`form`, exploded), `name=k,v,...` (`form`, not exploded) or `name[k]=v` (`deepObject`).
/// `None` (JSON `null`) adds nothing, so optional parameters are sent only when set.
pub(crate) fn push_query<T: serde::Serialize + ?Sized>(
    query: &mut Vec<(String, String)>,
    name: &str,
    value: &T,
    explode: bool,
    deep: bool,
) -> Result<(), Error> {
    let value = to_json(name, value)?;
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::Array(items) => {
            let items: Vec<String> = items.iter().filter_map(scalar_text).collect();
            if explode {
                query.extend(items.into_iter().map(|item| (name.to_owned(), item)));
            } else {
                query.push((name.to_owned(), items.join(",")));
            }
        }
        serde_json::Value::Object(map) => {
            let pairs = map
                .iter()
                .filter_map(|(key, value)| scalar_text(value).map(|text| (key, text)));
            if deep {
                query.extend(pairs.map(|(key, text)| (format!("{name}[{key}]"), text)));
            } else if explode {
                query.extend(pairs.map(|(key, text)| (key.clone(), text)));
            } else {
                let joined: Vec<String> =
                    pairs.flat_map(|(key, text)| [key.clone(), text]).collect();
                query.push((name.to_owned(), joined.join(",")));
            }
        }
        scalar => query.extend(scalar_text(&scalar).map(|text| (name.to_owned(), text))),
    }
    Ok(())
}

/// A header parameter's value: a scalar as it is, an array comma-joined (OpenAPI's `simple`).
pub(crate) fn header_value<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let value = to_json("header", value)?;
    Ok(match &value {
        serde_json::Value::Array(items) => items
            .iter()
            .filter_map(scalar_text)
            .collect::<Vec<_>>()
            .join(","),
        other => scalar_text(other).unwrap_or_default(),
    })
}

/// An `application/x-www-form-urlencoded` body from a value's properties (nested objects as
/// `key[sub]`, arrays as repeated keys).
pub(crate) fn form_body<T: serde::Serialize + ?Sized>(
    value: &T,
) -> Result<crate::client::RawBody, Error> {
    fn add(
        form: &mut url::form_urlencoded::Serializer<String>,
        key: &str,
        value: &serde_json::Value,
    ) {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Array(items) => items.iter().for_each(|item| add(form, key, item)),
            serde_json::Value::Object(map) => {
                for (sub, value) in map {
                    add(form, &format!("{key}[{sub}]"), value);
                }
            }
            scalar => {
                if let Some(text) = scalar_text(scalar) {
                    form.append_pair(key, &text);
                }
            }
        }
    }
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    match to_json("body", value)? {
        serde_json::Value::Object(map) => {
            for (key, value) in &map {
                add(&mut form, key, value);
            }
        }
        serde_json::Value::Null => {}
        _ => {
            return Err(Error::InvalidRequest(
                "a form body must be an object".to_owned(),
            ));
        }
    }
    Ok(crate::client::RawBody::new(
        "application/x-www-form-urlencoded",
        form.finish(),
    ))
}

fn to_json<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
) -> Result<serde_json::Value, Error> {
    serde_json::to_value(value)
        .map_err(|e| Error::InvalidRequest(format!("could not encode `{name}`: {e}")))
}

/// A scalar as query text; nested arrays and objects as their JSON.
fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// The impls every generated string enum has besides `as_str` and `From<&str>` (which the
/// generated file writes out, a line per value): `is_unknown`, `Display`, `FromStr`,
/// `From<String>`, `Serialize` and `Deserialize`. Written once here rather than in every enum's
/// file, so the generated files stay short and there is less for the generator to print.
// Unused in a crate whose spec has no string enums.
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident, $catch_all:ident) => {
        impl $name {
            /// Whether this is a value the client does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::$catch_all(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    // Keeps the string it was given rather than copying it again.
                    Self::$catch_all(_) => Self::$catch_all(value),
                    known => known,
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::support::deserialize_string_enum(
                    deserializer,
                    stringify!($name),
                    Self::is_unknown,
                )
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

/// The impls every generated integer enum has besides `value` and `From<i64>`: `Display`,
/// `Serialize` and `Deserialize`; see [`string_enum`].
// Unused in a crate whose spec has no integer enums.
#[allow(unused_macros)]
macro_rules! int_enum {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use int_enum;

/// A request body wrapped in the one-property envelope the API expects
/// (`{"checkout_session": {...}}`): operations take the inner value and send it wrapped.
pub(crate) struct Enveloped<'a, T: ?Sized> {
    key: &'static str,
    value: &'a T,
}

impl<'a, T: ?Sized> Enveloped<'a, T> {
    pub(crate) fn new(key: &'static str, value: &'a T) -> Self {
        Enveloped { key, value }
    }
}

impl<T: Serialize + ?Sized> Serialize for Enveloped<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.key, self.value)?;
        map.end()
    }
}

/// What `Debug` shows in place of a secret value (a field the spec marks `format: password`).
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}
