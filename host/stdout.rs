//! The host's standard output keeps what a script printed, whatever ends the
//! process.
//!
//! Luau's `print` writes through C's `stdout`, which the C library fully
//! buffers when it is a pipe or a file: on an abort (luau-ffi's deliberate ones,
//! such as C calling a callback from another thread, or a crash) the buffer and
//! everything printed before would be lost. Line buffering writes each printed
//! line at once; on a terminal `stdout` is line-buffered already.

use std::ffi::{c_char, c_int, c_void};

/// `_IOLBF`: the same value in glibc, musl and macOS's libc.
const LINE_BUFFERED: c_int = 1;

extern "C" {
    #[cfg_attr(target_os = "macos", link_name = "__stdoutp")]
    #[cfg_attr(not(target_os = "macos"), link_name = "stdout")]
    static C_STDOUT: *mut c_void;
    fn setvbuf(stream: *mut c_void, buffer: *mut c_char, mode: c_int, size: usize) -> c_int;
}

/// Makes C's `stdout` line-buffered. Must run before anything is written to it.
pub fn line_buffered() {
    // SAFETY: `stdout` is the C library's stream, valid for the whole process;
    // nothing has been written to it yet (setvbuf's precondition), and a NULL
    // buffer lets the C library allocate its own.
    unsafe {
        setvbuf(C_STDOUT, std::ptr::null_mut(), LINE_BUFFERED, 0);
    }
}
