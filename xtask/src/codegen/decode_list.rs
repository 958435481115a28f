//! `tests/src/decode_all.rs`: every type of `flex-client`, written by `cargo xtask codegen` from
//! the Flex spec's IR (and compared with it by `--check`), for the `decode` fuzz target and the
//! test that replays its corpus. Both decode arbitrary bytes as each type through this one list,
//! so a new type is fuzzed without anyone editing a list by hand.

use crate::files::{self, Outcome};
use flex_codegen::ir::Api;
use std::path::Path;

/// Where the list goes.
pub const FILE: &str = "tests/src/decode_all.rs";

/// Rewrites the file from the Flex spec's IR (or, with `check`, fails when it is not what the
/// spec makes).
pub fn sync(root: &Path, api: &Api, check: bool) -> Result<(), String> {
    match files::ensure_file_contents(&root.join(FILE), &file(api), check)? {
        Outcome::Stale => Err(files::stale_error(
            &format!("{FILE} is not what spec/flex.yaml makes"),
            "cargo xtask codegen",
        )),
        _ => Ok(()),
    }
}

fn file(api: &Api) -> String {
    let mut arms = String::new();
    // Parameters only go out: they do not implement `Deserialize`.
    let decoded: Vec<_> = api
        .types
        .iter()
        .filter(|def| !matches!(def.role, flex_codegen::ir::TypeRole::Params { .. }))
        .collect();
    for (index, def) in decoded.iter().enumerate() {
        arms.push_str(&format!(
            "        {index} => round_trip::<flex_client::types::{}>(json),\n",
            def.name
        ));
    }
    format!(
        r#"//! Written by `cargo xtask codegen` from spec/flex.yaml (do not edit): every type of
//! `flex-client`, for the `decode` fuzz target (`generator/fuzz`) and the replay of its corpus
//! (`tests/tests/fuzz_corpus.rs`).

/// How many types [`decode`] chooses from.
pub const TYPES: usize = {count};

/// Decodes `json` as type number `index % TYPES` (in the order of the crate's types). Bytes that
/// are not that type are an error, which is fine; a panic is a bug, and so is a value that
/// decodes but whose own encoding does not decode again.
pub fn decode(index: usize, json: &[u8]) {{
    match index % TYPES {{
{arms}        _ => {{}}
    }}
}}

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &[u8]) {{
    let Ok(value) = serde_json::from_slice::<T>(json) else {{
        return;
    }};
    let encoded = serde_json::to_vec(&value).expect("a decoded value encodes");
    if let Err(error) = serde_json::from_slice::<T>(&encoded) {{
        panic!(
            "{{}} decoded, but its encoding does not decode: {{error}}\n{{}}",
            std::any::type_name::<T>(),
            String::from_utf8_lossy(&encoded)
        );
    }}
}}
"#,
        count = decoded.len(),
    )
}
