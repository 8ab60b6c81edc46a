//! Deliberate aborts: where luau-ffi cannot continue without undefined
//! behaviour (C calling a callback on another thread or after it was freed, a
//! panic inside a callback handler), it explains on stderr and aborts.
//!
//! An abort skips the C library's exit-time flush, and a host's `stdout` is
//! fully buffered when it is a pipe or a file: everything the script printed
//! before (Luau's `print` writes through C's `stdout`) would be lost with the
//! buffer. So `stdout` is flushed first.
//!
//! [`panic_message`] reads a caught panic's text: for the abort a panicking
//! callback handler causes (`crate::native::closure`) and for the error a
//! panicking C function body becomes (`crate::lua::guard`).

use std::ffi::{c_int, c_void};
use std::fmt;

extern "C" {
    #[cfg_attr(target_os = "macos", link_name = "__stdoutp")]
    #[cfg_attr(not(target_os = "macos"), link_name = "stdout")]
    static C_STDOUT: *mut c_void;
    fn ftrylockfile(stream: *mut c_void) -> c_int;
    fn funlockfile(stream: *mut c_void);
    fn fflush(stream: *mut c_void) -> c_int;
}

/// Prints `luau-ffi: {message}` on stderr and aborts the process, after
/// flushing what was buffered for C's `stdout`.
pub fn abort(message: fmt::Arguments<'_>) -> ! {
    flush_c_stdout();
    eprintln!("luau-ffi: {message}");
    std::process::abort()
}

/// The message of a caught panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// Flushes C's `stdout` unless another thread is writing to it right now:
/// waiting for that thread could hang the abort (it may be the thread the
/// foreign-thread callback is blocking), and a lost buffer is the lesser harm.
fn flush_c_stdout() {
    // SAFETY: `stdout` is the C library's stream, valid for the whole process;
    // the stream lock is recursive, so flushing while holding it is allowed.
    unsafe {
        let stream = C_STDOUT;
        if ftrylockfile(stream) == 0 {
            fflush(stream);
            funlockfile(stream);
        }
    }
}
