//! ID-or-object fields. Part of the runtime that `flex-codegen` copies into every crate it
//! generates.

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;

/// An object that knows its own ID.
pub trait Identified {
    /// The object's ID, if it has one.
    fn object_id(&self) -> Option<&str>;
}

/// A field the API sends either as the ID of an object or, when asked to expand it, as the
/// object itself.
///
/// `id()` gives the ID either way; `as_object()` gives the object only when it was expanded.
#[derive(Clone, Debug, PartialEq)]
pub enum Expandable<T> {
    /// Not expanded: the ID only.
    Id(String),
    /// Expanded: the whole object.
    Object(Box<T>),
}

impl<T> Expandable<T> {
    /// The ID, whether the field was expanded or not (`None` only for an expanded object that
    /// carries no ID).
    pub fn id(&self) -> Option<&str>
    where
        T: Identified,
    {
        match self {
            Expandable::Id(id) => Some(id),
            Expandable::Object(object) => object.object_id(),
        }
    }

    /// The object, if the field was expanded.
    pub fn as_object(&self) -> Option<&T> {
        match self {
            Expandable::Id(_) => None,
            Expandable::Object(object) => Some(object),
        }
    }

    /// The object, if the field was expanded.
    pub fn into_object(self) -> Option<T> {
        match self {
            Expandable::Id(_) => None,
            Expandable::Object(object) => Some(*object),
        }
    }

    /// Whether the field was expanded.
    pub fn is_object(&self) -> bool {
        matches!(self, Expandable::Object(_))
    }
}

/// An ID, as a request sends it: `"fcus_123".into()`.
impl<T> From<&str> for Expandable<T> {
    fn from(id: &str) -> Self {
        Expandable::Id(id.to_owned())
    }
}

/// An ID, as a request sends it.
impl<T> From<String> for Expandable<T> {
    fn from(id: String) -> Self {
        Expandable::Id(id)
    }
}

impl<T: Serialize> Serialize for Expandable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Expandable::Id(id) => serializer.serialize_str(id),
            Expandable::Object(object) => object.serialize(serializer),
        }
    }
}

// Written by hand rather than `#[serde(untagged)]`: an untagged enum buffers the whole object and,
// when the object fails to decode, reports only "did not match any variant", losing the path to
// the field that was wrong. This visitor decides on the first token and decodes the object in place.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Expandable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ExpandableVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ExpandableVisitor<T> {
            type Value = Expandable<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an ID string or an object")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(Expandable::Id(value.to_owned()))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(Expandable::Id(value))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|object| Expandable::Object(Box::new(object)))
            }
        }

        deserializer.deserialize_any(ExpandableVisitor(PhantomData))
    }
}
