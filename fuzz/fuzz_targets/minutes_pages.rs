//! libFuzzer target `minutes_pages`: see `fuzz/harness.rs` for what it builds
//! from the input and what it checks.
#![no_main]

#[path = "../harness.rs"]
mod harness;

/// The shipped binary's allocator (the `max_memory_bytes` guard), counting
/// the heap so the target can check that the limits bound it.
#[global_allocator]
static ALLOC: harness::Counting = harness::Counting;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::minutes_pages(data));
