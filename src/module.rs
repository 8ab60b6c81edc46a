//! The module table scripts receive from `require("@lune/ffi")`.

use std::os::raw::c_int;

use crate::documented;
use crate::lua::stack::{push_str, set_function};
use crate::lua::sys;

/// Pushes a new module table onto the stack of `state`.
///
/// # Safety
/// `state` must be a live Luau state with room for a few stack slots.
pub unsafe fn push_module(state: *mut sys::lua_State) -> c_int {
    // SAFETY: builds one table at the top of the stack.
    unsafe {
        sys::lua_createtable(state, 0, 8);
        set_function(state, c"open", documented::open);
        push_str(state, env!("CARGO_PKG_VERSION"));
        sys::lua_rawsetfield(state, -2, c"version".as_ptr());
    }
    1
}
