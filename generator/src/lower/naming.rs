//! Naming (lowering phase): every Rust identifier the generator makes comes from here.
//!
//! Names from a spec can be anything: `type`, `2fa`, `e-mail`, `名前`, or two spellings that
//! become one identifier after case conversion. This module turns them into valid, idiomatic
//! identifiers with `heck`, and [`Namer`] settles collisions deterministically (first come in
//! the order the caller presents names, which is always a sorted or spec order). The wire name
//! is kept beside the Rust name wherever both exist, so emission can add `#[serde(rename)]`.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Words that cannot be identifiers as they are (strict, reserved and edition-2024 keywords).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `word` is a Rust keyword (so it needs a trailing underscore to be an identifier).
pub(crate) fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Transliterates to ASCII (`ünïcödé` → `unicode`, `名前` → `Ming Qian`), keeps ASCII letters
/// and digits, and turns every other run of characters into one separator, so that heck sees
/// word boundaries where the spec had punctuation (`e-mail`, `a.b`, `x[]`).
fn words(raw: &str) -> String {
    let ascii = deunicode::deunicode(raw);
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_owned()
}

fn fix_start_and_keywords(mut name: String, fallback: &str, digit_prefix: &str) -> String {
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, digit_prefix);
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// `UpperCamelCase` identifier for a type or enum variant (`checkout_session` → `CheckoutSession`).
/// A name with no ASCII letter or digit becomes `fallback`; a leading digit gets a `V` before it.
pub(crate) fn type_name(raw: &str, fallback: &str) -> String {
    fix_start_and_keywords(words(raw).to_upper_camel_case(), fallback, "V")
}

/// `snake_case` identifier for a field, function, argument or module (`cbtSleep` → `cbt_sleep`).
/// A name with no ASCII letter or digit becomes `fallback`; a leading digit gets `_` before it;
/// a keyword gets `_` after it (`type` → `type_`).
pub(crate) fn snake_name(raw: &str, fallback: &str) -> String {
    fix_start_and_keywords(words(raw).to_snake_case(), fallback, "_")
}

/// Hands out unique names within one scope (a struct's fields, an enum's variants, the crate's
/// types). A name already taken gets the smallest free numeric suffix: `Name2`, `Name3`, ...
#[derive(Clone, Debug, Default)]
pub(crate) struct Namer {
    taken: BTreeSet<String>,
}

impl Namer {
    /// A scope in which nothing is taken yet.
    pub(crate) fn new() -> Self {
        Namer::default()
    }

    /// Marks `name` as taken without handing it out (names the runtime uses).
    pub(crate) fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// `candidate`, or `candidate` with the smallest numeric suffix that is not yet taken.
    pub(crate) fn claim(&mut self, candidate: String) -> String {
        let name = if self.taken.contains(&candidate) {
            let base = candidate.trim_end_matches('_');
            let sep = if base.ends_with(|c: char| c.is_ascii_digit()) {
                "_"
            } else {
                ""
            };
            (2..)
                .map(|n| format!("{base}{sep}{n}"))
                .find(|name| !self.taken.contains(name))
                .unwrap_or(candidate)
        } else {
            candidate
        };
        self.taken.insert(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversion() {
        assert_eq!(type_name("checkout_session", "T"), "CheckoutSession");
        assert_eq!(type_name("cbtSleep", "T"), "CbtSleep");
        assert_eq!(type_name("off_session", "T"), "OffSession");
        assert_eq!(snake_name("cbtSleep", "f"), "cbt_sleep");
        assert_eq!(
            snake_name("retrieveCheckoutSession", "f"),
            "retrieve_checkout_session"
        );
        assert_eq!(snake_name("e-mail", "f"), "e_mail");
        assert_eq!(snake_name("X-Request-ID", "f"), "x_request_id");
    }

    #[test]
    fn keywords_digits_and_empty_names() {
        assert_eq!(snake_name("type", "f"), "type_");
        assert_eq!(snake_name("self", "f"), "self_");
        assert_eq!(snake_name("gen", "f"), "gen_");
        assert_eq!(type_name("self", "T"), "Self_");
        assert_eq!(snake_name("2fa", "f"), "_2fa");
        assert_eq!(type_name("2xx", "T"), "V2xx");
        assert_eq!(snake_name("名前", "field"), "ming_qian");
        assert_eq!(snake_name("ünïcödé", "field"), "unicode");
        assert_eq!(snake_name("😀", "field"), "grinning");
        assert_eq!(snake_name("-", "field"), "field");
        assert_eq!(type_name("", "Empty"), "Empty");
        assert_eq!(snake_name("$ref", "f"), "ref_");
    }

    #[test]
    fn namer_resolves_collisions_deterministically() {
        let mut namer = Namer::new();
        assert_eq!(namer.claim(snake_name("getFoo", "f")), "get_foo");
        assert_eq!(namer.claim(snake_name("get_foo", "f")), "get_foo2");
        assert_eq!(namer.claim(snake_name("get-foo", "f")), "get_foo3");
        namer.reserve("Unknown");
        assert_eq!(namer.claim("Unknown".to_owned()), "Unknown2");
        assert_eq!(namer.claim("V1".to_owned()), "V1");
        assert_eq!(namer.claim("V1".to_owned()), "V1_2");
    }
}
