//! The loadable module: `luaopen_ffi` plus the ABI marker the host checks first.

use std::ffi::{c_char, c_int};

/// The ABI marker (see `luau_ffi::abi_marker`). Touches no Luau state, so a host can
/// call it before deciding whether `luaopen_ffi` is safe to call.
#[no_mangle]
pub extern "C" fn luau_ffi_abi() -> *const c_char {
    luau_ffi::abi_marker::marker().as_ptr()
}

/// `require`d as `ffi`: pushes the same table as `luau_ffi::module`. A plain
/// Luau C function, built with Luau's C API alone: the module's own mlua never
/// sets itself up in the host's state, and a failure is a plain Luau error
/// (a memory error stays one).
///
/// # Safety
/// Luau calls it with a live state of the host the ABI marker was checked against.
#[no_mangle]
pub unsafe extern "C-unwind" fn luaopen_ffi(state: *mut mlua::ffi::lua_State) -> c_int {
    // SAFETY: forwarded.
    unsafe { luau_ffi::push_module_raw(state) }
}
