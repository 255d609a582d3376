//! Fuzz target `cablegate_csv`: see `fuzz/harness.rs` for what it runs and checks.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::cablegate_csv(data));
