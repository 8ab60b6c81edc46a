//! The loadable module: `luaopen_ffi` plus the ABI marker the host checks first.

use std::ffi::c_char;

/// The ABI marker (see `luau_ffi::abi`). Touches no Luau state, so a host can
/// call it before deciding whether `luaopen_ffi` is safe to call.
#[no_mangle]
pub extern "C" fn luau_ffi_abi() -> *const c_char {
    luau_ffi::abi::marker().as_ptr()
}

/// `require`d as `ffi`: returns the same table as `luau_ffi::module`.
#[mlua::lua_module(name = "ffi")]
fn ffi(lua: &mlua::Lua) -> mlua::Result<mlua::Table> {
    luau_ffi::module(lua.clone())
}
