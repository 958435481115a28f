//! Helpers the generated types call (string and integer enums, tagged unions), and the random
//! numbers of the client (backoff jitter, idempotency keys). Part of the runtime that
//! `flex-codegen` copies into every crate it generates. A spec without enums leaves a helper
//! unused, so `lib.rs` allows dead code in this module.

use serde::de::{self, Deserializer, Visitor};
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

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

/// Deserializes a value as JSON and hands it to `decode` (a tagged union reads its tag, then
/// decodes the variant). The value is read by the deserializer's own visitor, so an error
/// `decode` returns is raised while the deserializer is still on the value: serde_json then
/// reports it at the value, and the decode error names the union's field, not the object that
/// holds it (see `json_path`).
pub(crate) fn deserialize_value<'de, D, T>(
    deserializer: D,
    decode: impl FnOnce(serde_json::Value) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct ValueVisitor<F>(F);

    impl<'de, T, F: FnOnce(serde_json::Value) -> Result<T, String>> Visitor<'de> for ValueVisitor<F> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any JSON value")
        }

        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            let value: serde_json::Value =
                de::Deserialize::deserialize(de::value::MapAccessDeserializer::new(map))?;
            (self.0)(value).map_err(de::Error::custom)
        }

        fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
            let value: serde_json::Value =
                de::Deserialize::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
            (self.0)(value).map_err(de::Error::custom)
        }

        fn visit_bool<E: de::Error>(self, value: bool) -> Result<T, E> {
            (self.0)(value.into()).map_err(E::custom)
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<T, E> {
            (self.0)(value.into()).map_err(E::custom)
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<T, E> {
            (self.0)(value.into()).map_err(E::custom)
        }

        fn visit_f64<E: de::Error>(self, value: f64) -> Result<T, E> {
            (self.0)(value.into()).map_err(E::custom)
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            (self.0)(value.into()).map_err(E::custom)
        }

        fn visit_unit<E: de::Error>(self) -> Result<T, E> {
            (self.0)(serde_json::Value::Null).map_err(E::custom)
        }

        fn visit_none<E: de::Error>(self) -> Result<T, E> {
            (self.0)(serde_json::Value::Null).map_err(E::custom)
        }
    }

    deserializer.deserialize_any(ValueVisitor(decode))
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

/// The setters of the optional fields of a type callers build: each `field: Type;` makes
/// `pub fn field(mut self, value: impl Into<Type>) -> Self`, which sets the field to
/// `Some(value.into())`, so that a request reads as one chain
/// (`CreateCustomer::new().email("ada@example.com").phone("+15550100")`). Written once here, so
/// that a generated type has a line per setter.
// Unused in a crate whose spec has no type callers build with an optional field.
#[allow(unused_macros)]
macro_rules! setters {
    ($($field:ident: $ty:ty;)*) => {
        $(
            #[doc = concat!("Sets `", stringify!($field), "`.")]
            pub fn $field(mut self, value: impl ::std::convert::Into<$ty>) -> Self {
                self.$field = ::std::option::Option::Some(value.into());
                self
            }
        )*
    };
}
#[allow(unused_imports)]
pub(crate) use setters;

/// [`setters!`] for fields that are boxed (a type that contains itself).
#[allow(unused_macros)]
macro_rules! boxed_setters {
    ($($field:ident: $ty:ty;)*) => {
        $(
            #[doc = concat!("Sets `", stringify!($field), "`.")]
            pub fn $field(mut self, value: impl ::std::convert::Into<$ty>) -> Self {
                self.$field = ::std::option::Option::Some(::std::boxed::Box::new(value.into()));
                self
            }
        )*
    };
}
#[allow(unused_imports)]
pub(crate) use boxed_setters;

/// `From<Variant>` for a union, a line per variant whose type no other variant shares:
/// `Union; Variant(Type); ..` makes `impl From<Type> for Union`, so that a setter that takes the
/// union takes any of its variants (`.metadata(Metadata::new())`).
#[allow(unused_macros)]
macro_rules! variant_from {
    ($union:ident; $($variant:ident($ty:ty);)*) => {
        $(
            impl ::std::convert::From<$ty> for $union {
                fn from(value: $ty) -> Self {
                    Self::$variant(value)
                }
            }
        )*
    };
}
#[allow(unused_imports)]
pub(crate) use variant_from;

/// [`variant_from!`] for variants that are boxed.
#[allow(unused_macros)]
macro_rules! boxed_variant_from {
    ($union:ident; $($variant:ident($ty:ty);)*) => {
        $(
            impl ::std::convert::From<$ty> for $union {
                fn from(value: $ty) -> Self {
                    Self::$variant(::std::boxed::Box::new(value))
                }
            }
        )*
    };
}
#[allow(unused_imports)]
pub(crate) use boxed_variant_from;

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

/// 64 random bits, good enough for jitter and for idempotency keys (which must be unique, not
/// secret): the standard library's randomly seeded SipHash over a counter and the clock.
fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    if let Ok(now) = SystemTime::now().duration_since(UNIX_EPOCH) {
        hasher.write_u128(now.as_nanos());
    }
    hasher.finish()
}

/// A random number in `[0, 1)`.
pub(crate) fn random_fraction() -> f64 {
    (random_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A new idempotency key: a random (version 4) UUID.
pub(crate) fn new_idempotency_key() -> String {
    let (a, b) = (random_u64(), random_u64());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0x0fff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

/// What `Debug` shows in place of a secret value (a field the spec marks `format: password`).
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_fractions_are_in_the_unit_interval() {
        for _ in 0..1000 {
            let fraction = random_fraction();
            assert!((0.0..1.0).contains(&fraction), "{fraction}");
        }
    }

    #[test]
    fn idempotency_keys_are_distinct_version_4_uuids() {
        let (a, b) = (new_idempotency_key(), new_idempotency_key());
        assert_ne!(a, b);
        let groups: Vec<&str> = a.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(groups[2].starts_with('4'), "{a}");
        assert!(
            matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'),
            "{a}"
        );
    }
}
