//! Fuzz target `front_matter`: see `fuzz/harness.rs` for what it runs and checks.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::front_matter(data));
