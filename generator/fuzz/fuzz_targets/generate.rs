//! Fuzz target: any bytes, as spec text, must give files or typed errors, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let settings = flex_codegen::Settings::new("fuzz-client", "fuzz.yaml");
    if let Err(errors) = flex_codegen::generate(&text, &settings) {
        // The generator's own output failing to parse is the one error that is a bug.
        assert!(errors.iter().all(|e| e.kind != flex_codegen::ErrorKind::Internal), "{errors}");
    }
});
