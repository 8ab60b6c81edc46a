//! Luau 0.740's direct field getters, as far as this layer knows them.
//!
//! For a userdata tag, the VM can be given a getter per field name
//! (`lua_registeruserdatadirectfieldget`); `ud.name` then calls it, in the
//! interpreter and in native code, before any `__index` and without a Luau
//! call frame. A name without a getter takes `__index` as before. A getter gets
//! the userdata's memory and the VM's result slot, nothing else: it cannot
//! raise, allocate or decline, so it is only sound for a read that can do none
//! of these (`crate::cdata::field_get` decides which).
//!
//! The API is new and experimental, so the module binds it weakly
//! (`protected.cpp`): under a host whose Luau lacks it, [`available`] says no
//! and every field read takes `__index`. Registering is in
//! [`super::protected::register_field_getter`] (it allocates).

use std::ffi::{c_int, c_void};
use std::sync::OnceLock;

/// A direct field getter: reads a field of the userdata whose memory is `data`
/// and writes it to the VM's `result` with [`set_number`] or [`set_boolean`].
pub type FieldGetter = unsafe extern "C" fn(data: *mut c_void, result: *mut c_void);

extern "C" {
    fn luauffi_has_field_getters() -> c_int;
    fn luauffi_field_number(result: *mut c_void, n: f64);
    fn luauffi_field_boolean(result: *mut c_void, b: c_int);
}

/// Whether the host's Luau has the direct field getters, and they are not
/// turned off (`LUAU_FFI_FIELD_GETTERS=0`, which the tests use to run every
/// script through `__index` too).
pub fn available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        // SAFETY: compares three weak symbols with null.
        let present = unsafe { luauffi_has_field_getters() } != 0;
        present && std::env::var_os("LUAU_FFI_FIELD_GETTERS").is_none_or(|v| v != "0")
    })
}

/// A getter's result: the number `n`.
///
/// # Safety
/// Only inside a getter, with its `result`.
#[inline(always)]
pub unsafe fn set_number(result: *mut c_void, n: f64) {
    // SAFETY: as documented; writes one value, cannot raise.
    unsafe { luauffi_field_number(result, n) }
}

/// A getter's result: the boolean `b`.
///
/// # Safety
/// As [`set_number`].
#[inline(always)]
pub unsafe fn set_boolean(result: *mut c_void, b: bool) {
    // SAFETY: as documented.
    unsafe { luauffi_field_boolean(result, b as c_int) }
}
