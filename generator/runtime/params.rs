//! Parameters: how a path, query, header or cookie value is written, as OpenAPI's `style`,
//! `explode` and `content` say. Values go through `serde`, so enums, arrays, objects and unions
//! are written the way their JSON is. Part of the runtime that `flex-codegen` copies into every
//! crate it generates.

use crate::error::Error;
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

/// How a path, header or cookie value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// `simple` (path, header) or `form` (cookie), not exploded: a scalar as it is, an array
    /// comma-joined (`1,2`), an object as its keys and values comma-joined (`k,v,k2,v2`).
    Joined,
    /// Exploded: an object as `k=v,k2=v2`; a cookie array as one pair per item.
    Exploded,
    /// `content: application/json`: the value's JSON text (`{"k":"v"}`).
    Json,
}

/// Everything but RFC 3986's unreserved characters is encoded, so a value can never leave its
/// path segment: `/`, `?`, `#`, `%` and spaces all become `%XX`.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// What RFC 6265 does not allow in a cookie's value (controls, space, `"`, `,`, `;`, `\`),
/// and `%` itself, so that the encoding can be undone.
const COOKIE_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// Encodes a path parameter (a string, or a scalar or enum written as its JSON text; an array or
/// object comma-joined) as one path segment. See [`path_segment_as`].
pub(crate) fn path_segment<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<String, Error> {
    path_segment_as(name, value, Encoding::Joined)
}

/// Encodes a path parameter as one path segment, written as `encoding` says. An empty value is
/// refused (it would change which endpoint is called), and so are `.` and `..`: URL parsing
/// (WHATWG, which the `url` crate follows) resolves them, even percent-encoded as `%2E`, to the
/// current or parent directory, so no encoding keeps them inside their segment.
pub(crate) fn path_segment_as<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    encoding: Encoding,
) -> Result<String, Error> {
    let value = encode(name, value, encoding)?.unwrap_or_default();
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
    Ok(utf8_percent_encode(&value, PATH_SEGMENT).to_string())
}

/// A header or cookie value written as `encoding` says; `None` for `null` (nothing is sent).
pub(crate) fn encode<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    encoding: Encoding,
) -> Result<Option<String>, Error> {
    let json = to_json(name, value)?;
    Ok(match (json, encoding) {
        (Value::Null, _) => None,
        (json, Encoding::Json) => Some(json.to_string()),
        (Value::Array(items), _) => Some(joined(items.iter().filter_map(scalar_text))),
        (Value::Object(map), Encoding::Exploded) => {
            Some(joined(map.iter().filter_map(|(k, v)| {
                scalar_text(v).map(|text| format!("{k}={text}"))
            })))
        }
        (Value::Object(map), _) => Some(joined(
            map.iter()
                .filter_map(|(k, v)| scalar_text(v).map(|text| [k.clone(), text]))
                .flatten(),
        )),
        (scalar, _) => scalar_text(&scalar),
    })
}

/// The `name=value` pairs of a cookie parameter (form style): one pair, or with
/// [`Encoding::Exploded`] one per array item; each value percent-encoded where a cookie cannot
/// hold it.
pub(crate) fn cookie_pairs<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    encoding: Encoding,
) -> Result<Vec<String>, Error> {
    if name.is_empty()
        || name
            .bytes()
            .any(|b| !b.is_ascii_graphic() || b"()<>@,;:\\\"/[]?={}".contains(&b))
    {
        return Err(Error::InvalidRequest(format!(
            "{name:?} is not a valid cookie name"
        )));
    }
    let pair = |text: &str| format!("{name}={}", utf8_percent_encode(text, COOKIE_VALUE));
    Ok(match (to_json(name, value)?, encoding) {
        (Value::Null, _) => Vec::new(),
        (Value::Array(items), Encoding::Exploded) => items
            .iter()
            .filter_map(scalar_text)
            .map(|text| pair(&text))
            .collect(),
        (json, encoding) => encode(name, &json, encoding)?
            .map(|text| pair(&text))
            .into_iter()
            .collect(),
    })
}

fn joined(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(",")
}

/// The query parameters of a request, in the order they are added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Query {
    pairs: Vec<(String, String)>,
}

/// How a query parameter is written (OpenAPI's `style` and `explode`, or `content`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// `form`: scalars as they are; arrays repeated (`explode`) or comma-joined; objects as
    /// their properties (`explode`) or `name=k,v,...`.
    Form { explode: bool },
    /// `deepObject`: objects as `name[k]=v`; arrays as in `form`.
    DeepObject { explode: bool },
    /// `spaceDelimited` (` `) or `pipeDelimited` (`|`), not exploded: arrays and objects joined
    /// by the delimiter.
    Delimited(char),
    /// `content: application/json`: the value's JSON text.
    Json,
}

impl Query {
    /// No parameters.
    pub(crate) fn new() -> Self {
        Query::default()
    }

    /// A parameter in `form` style, exploded (OpenAPI's default): `ids=1&ids=2`, an object as
    /// its properties. `None` adds nothing.
    pub(crate) fn form<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Result<Self, Error> {
        self.push(name, value, Style::Form { explode: true })
    }

    /// A parameter in `form` style, not exploded: `ids=1,2`, an object as `name=k,v,...`.
    pub(crate) fn form_joined<T: Serialize + ?Sized>(
        self,
        name: &str,
        value: &T,
    ) -> Result<Self, Error> {
        self.push(name, value, Style::Form { explode: false })
    }

    /// A parameter in `deepObject` style: an object as `name[k]=v`, an array repeated.
    pub(crate) fn deep_object<T: Serialize + ?Sized>(
        self,
        name: &str,
        value: &T,
    ) -> Result<Self, Error> {
        self.push(name, value, Style::DeepObject { explode: true })
    }

    /// A parameter in `deepObject` style with `explode: false`: an object as `name[k]=v`, an
    /// array comma-joined.
    pub(crate) fn deep_object_joined<T: Serialize + ?Sized>(
        self,
        name: &str,
        value: &T,
    ) -> Result<Self, Error> {
        self.push(name, value, Style::DeepObject { explode: false })
    }

    /// A parameter in `spaceDelimited` style: `ids=1%202` (an exploded one is [`Query::form`]).
    pub(crate) fn space_delimited<T: Serialize + ?Sized>(
        self,
        name: &str,
        value: &T,
    ) -> Result<Self, Error> {
        self.push(name, value, Style::Delimited(' '))
    }

    /// A parameter in `pipeDelimited` style: `ids=1|2` (an exploded one is [`Query::form`]).
    pub(crate) fn pipe_delimited<T: Serialize + ?Sized>(
        self,
        name: &str,
        value: &T,
    ) -> Result<Self, Error> {
        self.push(name, value, Style::Delimited('|'))
    }

    /// A parameter with `content: application/json`: `filter={"status":"open"}`.
    pub(crate) fn json<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Result<Self, Error> {
        self.push(name, value, Style::Json)
    }

    /// The pairs, in order.
    pub(crate) fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    fn push<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        style: Style,
    ) -> Result<Self, Error> {
        let (explode, separator) = match style {
            Style::Form { explode } | Style::DeepObject { explode } => (explode, ","),
            Style::Delimited(' ') => (false, " "),
            Style::Delimited(_) => (false, "|"),
            Style::Json => (false, ","),
        };
        let query = &mut self.pairs;
        match to_json(name, value)? {
            Value::Null => {}
            json if style == Style::Json => query.push((name.to_owned(), json.to_string())),
            Value::Array(items) => {
                let items: Vec<String> = items.iter().filter_map(scalar_text).collect();
                if explode {
                    query.extend(items.into_iter().map(|item| (name.to_owned(), item)));
                } else {
                    query.push((name.to_owned(), items.join(separator)));
                }
            }
            Value::Object(map) => {
                let pairs = map
                    .iter()
                    .filter_map(|(key, value)| scalar_text(value).map(|text| (key, text)));
                if let Style::DeepObject { .. } = style {
                    query.extend(pairs.map(|(key, text)| (format!("{name}[{key}]"), text)));
                } else if explode {
                    query.extend(pairs.map(|(key, text)| (key.clone(), text)));
                } else {
                    let joined: Vec<String> =
                        pairs.flat_map(|(key, text)| [key.clone(), text]).collect();
                    query.push((name.to_owned(), joined.join(separator)));
                }
            }
            scalar => query.extend(scalar_text(&scalar).map(|text| (name.to_owned(), text))),
        }
        Ok(self)
    }
}

/// A value as JSON, its encoding error naming the parameter.
pub(crate) fn to_json<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<Value, Error> {
    serde_json::to_value(value)
        .map_err(|e| Error::InvalidRequest(format!("could not encode `{name}`: {e}")))
}

/// A scalar as query text; nested arrays and objects as their JSON.
pub(crate) fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(query: &Query) -> Vec<(&str, &str)> {
        query
            .pairs()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn query_styles() {
        let ids = vec![1, 2];
        // One property per object: the order of several would depend on serde_json's features.
        let filter = json!({"status": "open"});
        let query = Query::new()
            .form("limit", &Some(10))
            .and_then(|q| q.form("unset", &None::<i64>))
            .and_then(|q| q.form("tags", &["a", "b"]))
            .and_then(|q| q.form_joined("ids", &ids))
            .and_then(|q| q.deep_object("filter", &filter))
            .and_then(|q| q.form_joined("pair", &json!({"min": 3})))
            .and_then(|q| q.form("flat", &json!({"x": true})))
            .and_then(|q| q.space_delimited("spaced", &ids))
            .and_then(|q| q.pipe_delimited("piped", &["a", "b"]))
            .and_then(|q| q.pipe_delimited("piped_object", &json!({"k": "v"})))
            .and_then(|q| q.json("where", &filter))
            .and_then(|q| q.json("no_where", &None::<String>))
            .expect("encodes");
        assert_eq!(
            pairs(&query),
            [
                ("limit", "10"),
                ("tags", "a"),
                ("tags", "b"),
                ("ids", "1,2"),
                ("filter[status]", "open"),
                ("pair", "min,3"),
                ("x", "true"),
                ("spaced", "1 2"),
                ("piped", "a|b"),
                ("piped_object", "k|v"),
                ("where", r#"{"status":"open"}"#),
            ]
        );
        let arrays = Query::new()
            .deep_object("d", &ids)
            .and_then(|q| q.deep_object_joined("j", &ids))
            .expect("encodes");
        assert_eq!(pairs(&arrays), [("d", "1"), ("d", "2"), ("j", "1,2")]);
    }

    #[test]
    fn path_segments_stay_in_their_segment() {
        assert_eq!(path_segment("id", "a/b c").expect("encodes"), "a%2Fb%20c");
        assert_eq!(path_segment("n", &42).expect("encodes"), "42");
        for bad in ["", ".", ".."] {
            assert!(matches!(
                path_segment("id", bad),
                Err(Error::InvalidRequest(_))
            ));
        }
    }

    #[test]
    fn simple_style_arrays_and_objects() {
        let point = json!({"x": 1, "y": "two"});
        assert_eq!(
            path_segment("ids", &[3, 4, 5]).expect("encodes"),
            "3%2C4%2C5"
        );
        assert_eq!(
            encode("p", &point, Encoding::Joined)
                .expect("encodes")
                .as_deref(),
            Some("x,1,y,two")
        );
        assert_eq!(
            encode("p", &point, Encoding::Exploded)
                .expect("encodes")
                .as_deref(),
            Some("x=1,y=two")
        );
        assert_eq!(
            encode("p", &point, Encoding::Json)
                .expect("encodes")
                .as_deref(),
            Some(r#"{"x":1,"y":"two"}"#)
        );
        assert_eq!(
            path_segment_as("p", &point, Encoding::Json).expect("encodes"),
            "%7B%22x%22%3A1%2C%22y%22%3A%22two%22%7D"
        );
        assert_eq!(
            encode("p", &None::<i64>, Encoding::Json).expect("encodes"),
            None
        );
    }

    #[test]
    fn cookies_are_escaped_and_named() {
        assert_eq!(
            cookie_pairs("session", "a b;c,\"d\"%", Encoding::Joined).expect("encodes"),
            ["session=a%20b%3Bc%2C%22d%22%25"]
        );
        assert_eq!(
            cookie_pairs("ids", &[1, 2], Encoding::Joined).expect("encodes"),
            ["ids=1,2".replace(',', "%2C")]
        );
        assert_eq!(
            cookie_pairs("ids", &[1, 2], Encoding::Exploded).expect("encodes"),
            ["ids=1", "ids=2"]
        );
        assert!(
            cookie_pairs("unset", &None::<String>, Encoding::Joined)
                .expect("encodes")
                .is_empty()
        );
        for bad in ["", "a b", "a;b", "a=b"] {
            assert!(cookie_pairs(bad, "x", Encoding::Joined).is_err(), "{bad:?}");
        }
    }
}
