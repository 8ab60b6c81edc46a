//! `errno`: saved right after each C call, before anything else can change
//! it, for `ffi.errno()`.

use std::ffi::c_int;

use crate::state::ModuleState;

/// Records `errno` right after a C call, before anything else can change it.
#[inline(always)]
pub(super) fn save_errno(module: &ModuleState) {
    module.errno.set(errno());
}

/// The calling thread's `errno`.
#[inline(always)]
pub fn errno() -> c_int {
    // SAFETY: errno_location returns the thread's errno slot.
    unsafe { *errno_location() }
}

/// Sets the calling thread's `errno` (`ffi.errno(new)`).
pub fn set_errno(value: c_int) {
    // SAFETY: as above.
    unsafe { *errno_location() = value };
}

#[cfg(target_os = "linux")]
unsafe fn errno_location() -> *mut c_int {
    extern "C" {
        fn __errno_location() -> *mut c_int;
    }
    // SAFETY: glibc/musl's per-thread errno.
    unsafe { __errno_location() }
}

#[cfg(target_os = "macos")]
unsafe fn errno_location() -> *mut c_int {
    extern "C" {
        fn __error() -> *mut c_int;
    }
    // SAFETY: Apple libc's per-thread errno.
    unsafe { __error() }
}
