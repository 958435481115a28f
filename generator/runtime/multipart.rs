//! `multipart/form-data` bodies. Part of the runtime that `flex-codegen` copies into every crate
//! it generates.
//!
//! The body is encoded to bytes up front (rather than streamed, as `reqwest::multipart` does), so
//! a request that carries one can be sent again.

use std::hash::{BuildHasher, Hasher};

/// A `multipart/form-data` body: text fields and files, in the order they are added.
#[derive(Clone, Debug, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Clone, Debug)]
struct Part {
    name: String,
    filename: Option<String>,
    content_type: Option<String>,
    data: bytes::Bytes,
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Multipart::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            filename: None,
            content_type: None,
            data: bytes::Bytes::from(value.into()),
        });
        self
    }

    /// Adds a file.
    pub fn file(
        mut self,
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<bytes::Bytes>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            filename: Some(filename.into()),
            content_type: Some(content_type.into()),
            data: data.into(),
        });
        self
    }

    /// The boundary, one that occurs in no part, and the encoded body (see
    /// `request::Body::multipart`).
    pub(crate) fn encode(self) -> (String, Vec<u8>) {
        let mut seed = std::collections::hash_map::RandomState::new().build_hasher();
        seed.write_usize(self.parts.len());
        let mut boundary = format!("flex-boundary-{:016x}", seed.finish());
        while self
            .parts
            .iter()
            .any(|p| contains(&p.data, boundary.as_bytes()))
        {
            boundary.push('x');
        }
        let mut body = Vec::new();
        for part in &self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let name = quote(&part.name);
            match &part.filename {
                Some(filename) => body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{}\"\r\n",
                        quote(filename)
                    )
                    .as_bytes(),
                ),
                None => body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n").as_bytes(),
                ),
            }
            if let Some(content_type) = &part.content_type {
                let content_type: String =
                    content_type.chars().filter(|c| !c.is_control()).collect();
                body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(&part.data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (boundary, body)
    }
}

/// A name or file name inside a quoted header parameter: quotes escaped, line breaks dropped.
fn quote(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
