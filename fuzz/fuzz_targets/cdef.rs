//! ffi.cdef text on a fresh type table.
//! The checks are in `luau_ffi::fuzzing`: a panic there is a finding.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    luau_ffi::fuzzing::cdef(data);
});
