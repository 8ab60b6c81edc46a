//! Type strings (ffi.typeof) on a table with a few declarations.
//! The checks are in `luau_ffi::fuzzing`: a panic there is a finding.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    luau_ffi::fuzzing::type_string(data);
});
