//! Feeds arbitrary bytes to the importer of xlsx files, as `peilstok import` would: read or
//! refused, never a panic, an abort or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use peilstok_core::formats::{Format, read_bytes};

fuzz_target!(|data: &[u8]| {
    let _ = read_bytes(
        Some(Format::Xlsx),
        data.to_vec(),
        std::path::Path::new("fuzzed.xlsx"),
    );
});
