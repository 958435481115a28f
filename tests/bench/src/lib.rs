//! `flex-bench`: the benchmark behind `cargo xtask bench` is the bench target
//! (`benches/bench/main.rs`); this library is empty. See the README's "Performance" section.
