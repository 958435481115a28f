//! The docs' examples: the example responses under `tests/data/flex-docs`, one file per operation
//! and generation of the docs.

use super::*;

pub fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/flex-docs")
}

/// One generation of the docs' example response of one operation.
pub struct Example {
    /// `resource/operationId.gN.json`, for messages.
    pub file: String,
    /// `g1`, `g2` or `g3`.
    pub generation: String,
    pub body: Value,
}

impl Example {
    /// The object inside the response's envelope (`{"customer": {...}}` → `{...}`).
    pub fn inner(&self, key: &str) -> &Value {
        self.body
            .get(key)
            .unwrap_or_else(|| panic!("{}: no `{key}` envelope", self.file))
    }
}

/// The examples of `operation`, one per generation, in generation order. The generations found
/// must be `generations`, so that the coverage this test claims is the coverage it has.
pub fn examples(resource: &str, operation: &str, generations: &[&str]) -> Vec<Example> {
    let dir = docs_dir().join(resource);
    let mut found: Vec<Example> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter_map(|file| {
            let name = file.file_name()?.to_str()?.to_owned();
            let generation = name
                .strip_prefix(operation)?
                .strip_prefix('.')?
                .strip_suffix(".json")?
                .to_owned();
            let text = std::fs::read_to_string(&file).expect("example is readable");
            let body = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{resource}/{name} is not JSON: {e}"));
            Some(Example {
                file: format!("{resource}/{name}"),
                generation,
                body,
            })
        })
        .collect();
    found.sort_by(|a, b| a.generation.cmp(&b.generation));
    let have: Vec<&str> = found.iter().map(|e| e.generation.as_str()).collect();
    assert_eq!(have, generations, "{resource}/{operation}: generations");
    found
}
