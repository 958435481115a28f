//! Where in a JSON document a decode error happened, from the position serde_json gives it.
//!
//! serde_json says where it stopped (line and column of the last byte it read), not which field
//! it was reading. Rather than decoding the body a second time through a path-tracking
//! deserializer (which compiles every type's decoding once more, in the crate of whoever awaits
//! a call), the text is scanned up to that position: the innermost value the position falls in
//! is the one that failed. A position between a key and its value (serde_json stops there when a
//! value is an object or an array of the wrong type) names that value; one on a brace or a key
//! names the object (a missing field).
//!
//! An error a type raises after it has read its value, outside the deserializer's call (serde's
//! untagged enums), is placed by serde_json at the end of the object that holds it, and so names
//! that object: the generated unions raise theirs on the value (`support::deserialize_value`).

use std::fmt;

/// One step of a path: an object's member or an array's item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

/// A path from the root of a document (`checkout_session.captures[0].created_at`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Path(pub(crate) Vec<Segment>);

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => f.write_str(key)?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// The path of the value a data error of `serde_json` (`error.classify()` is `Data`) happened
/// in, in `text`; `None` for an error at the top of the document, or a position the text does
/// not have.
pub(crate) fn error_path(text: &[u8], error: &serde_json::Error) -> Option<Path> {
    let at = byte_index(text, error.line(), error.column())?;
    let mut scanner = Scanner { text, at, pos: 0 };
    let mut path = Vec::new();
    scanner.skip_whitespace();
    scanner.value(&mut path)?;
    (!path.is_empty()).then_some(Path(path))
}

/// The index of the byte at a one-based line and column (serde_json counts columns in bytes).
fn byte_index(text: &[u8], line: usize, column: usize) -> Option<usize> {
    let mut start = 0;
    for _ in 1..line {
        start += text.get(start..)?.iter().position(|&b| b == b'\n')? + 1;
    }
    let index = (start + column).checked_sub(1)?;
    (index < text.len()).then_some(index)
}

struct Scanner<'a> {
    text: &'a [u8],
    /// The byte the error is at.
    at: usize,
    pos: usize,
}

/// What scanning one value found.
enum Found {
    /// The error is in this value, at the path given.
    Here,
    /// The value ends before the error.
    Before,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Scans the value at `pos`, `path` its path: on [`Found::Here`], `path` is the path of
    /// the innermost value the error is in. `None` when the text is not JSON there.
    fn value(&mut self, path: &mut Vec<Segment>) -> Option<Found> {
        let start = self.pos;
        match self.peek()? {
            b'{' => self.object(path),
            b'[' => self.array(path),
            b'"' => {
                self.string()?;
                Some(self.scalar_found(start))
            }
            _ => {
                while matches!(self.peek(), Some(b) if !matches!(b, b',' | b']' | b'}' | b' ' | b'\n' | b'\r' | b'\t'))
                {
                    self.pos += 1;
                }
                (self.pos > start).then(|| self.scalar_found(start))
            }
        }
    }

    fn scalar_found(&self, start: usize) -> Found {
        if (start..self.pos).contains(&self.at) {
            Found::Here
        } else {
            Found::Before
        }
    }

    /// Scans a string, leaving `pos` after its closing quote.
    fn string(&mut self) -> Option<()> {
        self.pos += 1;
        loop {
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                b'\\' => self.pos += 2,
                _ => self.pos += 1,
            }
        }
    }

    fn object(&mut self, path: &mut Vec<Segment>) -> Option<Found> {
        self.pos += 1;
        loop {
            self.skip_whitespace();
            if self.peek()? == b'}' {
                self.pos += 1;
                return Some(self.container_found());
            }
            let key_start = self.pos;
            self.string()?;
            let key: String = serde_json::from_slice(&self.text[key_start..self.pos]).ok()?;
            if self.at < self.pos {
                // On the key (or before it): the object's own error.
                return Some(Found::Here);
            }
            self.skip_whitespace();
            if self.peek()? != b':' {
                return None;
            }
            self.pos += 1;
            self.skip_whitespace();
            path.push(Segment::Key(key));
            // Between the key and its value: serde_json stopped before a value it would not read.
            if self.at < self.pos {
                return Some(Found::Here);
            }
            match self.value(path)? {
                Found::Here => return Some(Found::Here),
                Found::Before => path.pop(),
            };
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => {}
                _ => return None,
            }
        }
    }

    fn array(&mut self, path: &mut Vec<Segment>) -> Option<Found> {
        let mut index = 0;
        self.pos += 1;
        loop {
            self.skip_whitespace();
            if self.peek()? == b']' {
                self.pos += 1;
                return Some(self.container_found());
            }
            path.push(Segment::Index(index));
            // On the bracket or comma before the item: the item's error.
            if self.at < self.pos {
                return Some(Found::Here);
            }
            match self.value(path)? {
                Found::Here => return Some(Found::Here),
                Found::Before => path.pop(),
            };
            index += 1;
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {}
                _ => return None,
            }
        }
    }

    /// After a container's closing bracket: the error is the container's if it is on that
    /// bracket.
    fn container_found(&self) -> Found {
        if self.at < self.pos {
            Found::Here
        } else {
            Found::Before
        }
    }
}

#[cfg(test)]
mod tests {
    use super::error_path;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize)]
    struct Outer {
        #[allow(dead_code)]
        items: Vec<Inner>,
        #[allow(dead_code)]
        #[serde(default)]
        tags: BTreeMap<String, String>,
        #[allow(dead_code)]
        #[serde(flatten)]
        extra: BTreeMap<String, serde_json::Value>,
    }

    #[derive(Debug, Deserialize)]
    struct Inner {
        #[allow(dead_code)]
        n: i64,
        #[allow(dead_code)]
        #[serde(default)]
        either: Option<Either>,
        #[allow(dead_code)]
        #[serde(flatten)]
        extra: BTreeMap<String, serde_json::Value>,
    }

    /// A union as the generated ones decode: the value read whole, then decoded; the error
    /// raised on the value (`support::deserialize_value`).
    #[derive(Debug)]
    struct Either;

    impl<'de> Deserialize<'de> for Either {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            crate::support::deserialize_value(deserializer, |value| match value.get("x") {
                Some(_) => Ok(Either),
                None => Err("no variant fits".to_owned()),
            })
        }
    }

    fn path(text: &str) -> Option<String> {
        let error = serde_json::from_str::<Outer>(text).expect_err("fails");
        error_path(text.as_bytes(), &error).map(|path| path.to_string())
    }

    #[test]
    fn the_path_is_the_innermost_value_at_the_error() {
        for (text, expected) in [
            // A scalar of the wrong type: the error is on its last byte.
            (r#"{"items":[{"n":1},{"n":"x"}]}"#, Some("items[1].n")),
            (r#"{"items":[{"n":1},{"n":  12.5  }]}"#, Some("items[1].n")),
            (r#"{"items":[{"n":true}]}"#, Some("items[0].n")),
            (r#"{"items":[null]}"#, Some("items[0]")),
            (r#"{"items":[{"n":1}], "tags": {"a": 3}}"#, Some("tags.a")),
            // An object or array of the wrong type: the error is before it.
            (r#"{"items":[{"n":[1,2]}]}"#, Some("items[0].n")),
            (r#"{"items":[{"n":{"a":[1]}}]}"#, Some("items[0].n")),
            (r#"{"items":{}}"#, Some("items")),
            (r#"{"items":[{"n":1}, [2]]}"#, Some("items[1]")),
            // A missing field: the error is on the object's closing brace.
            (r#"{"items":[{"n":1},{}]}"#, Some("items[1]")),
            // No variant of an untagged union fits: the union.
            (
                r#"{"items":[{"n":1, "either": {"y":1}}]}"#,
                Some("items[0].either"),
            ),
            // Keys with escapes, and lines.
            ("{\"items\":[{\"n\":\n\"x\"}]}", Some("items[0].n")),
            (r#"{"tags": {"a\"b": 1}, "items": []}"#, Some("tags.a\"b")),
            // The top of the document.
            (r#"[1]"#, None),
        ] {
            assert_eq!(path(text).as_deref(), expected, "{text}");
        }
    }
}
