//! `errno`: saved right after each C call, before anything else can change
//! it, for `ffi.errno()`.

use std::cell::Cell;
use std::ffi::c_int;

/// `errno` as the last C call left it.
#[derive(Default)]
pub struct SavedErrno(Cell<c_int>);

impl SavedErrno {
    /// Records `errno` right after a C call, before anything else can change it.
    #[inline(always)]
    pub fn save(&self) {
        self.0.set(errno());
    }

    /// The value saved after the last C call (or set since).
    pub fn get(&self) -> c_int {
        self.0.get()
    }

    /// Sets both the saved value and the calling thread's `errno` (`ffi.errno(new)`).
    pub fn set(&self, value: c_int) {
        self.0.set(value);
        set_errno(value);
    }
}

/// The calling thread's `errno`.
#[inline(always)]
fn errno() -> c_int {
    // SAFETY: errno_location returns the thread's errno slot.
    unsafe { *errno_location() }
}

/// Sets the calling thread's `errno`.
fn set_errno(value: c_int) {
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
