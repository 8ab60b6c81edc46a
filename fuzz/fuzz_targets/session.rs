//! Sessions mixing declarations, $ parameters, type strings and field look-ups on one table.
//! The checks are in `luau_ffi::fuzzing`: a panic there is a finding.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    luau_ffi::fuzzing::session(data);
});
