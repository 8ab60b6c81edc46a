//! The module table scripts receive from `require("@lune/ffi")`.

use std::os::raw::c_int;

use crate::error::Result;
use crate::library::SharedLibrary;
use crate::lua::stack::{push_str, set_closures};
use crate::lua::sys;
use crate::state::ModuleState;
use crate::{api, cdata, documented, namespace};

/// Pushes a new module table onto the stack of `state`.
///
/// # Safety
/// `state` must be a live Luau state with room for a few stack slots.
pub unsafe fn push_module(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: builds the module state, the cdata metatable and one table,
    // leaving only the table on the stack (nothing on failure).
    unsafe {
        let top = sys::lua_gettop(state);
        let module = &*ModuleState::push_new(state);
        let module_idx = sys::lua_gettop(state);
        if let Err(error) = cdata::meta::install(state, module, module_idx) {
            sys::lua_settop(state, top);
            return Err(error);
        }
        documented::install_metatable(state, module, module_idx);

        sys::lua_createtable(state, 0, 32);
        // The documented API and the full FFI: every function carries the
        // module state as upvalue 1.
        let extra: [(&std::ffi::CStr, sys::lua_CFunction); 2] =
            [(c"open", documented::open), (c"load", namespace::load)];
        set_closures(state, module_idx, api::FUNCTIONS.iter().copied().chain(extra));
        namespace::push_namespace(state, module_idx, SharedLibrary::process());
        sys::lua_rawsetfield(state, -2, c"C".as_ptr());
        api::push_nullptr(state, module);
        sys::lua_rawsetfield(state, -2, c"nullptr".as_ptr());
        push_str(state, api::OS);
        sys::lua_rawsetfield(state, -2, c"os".as_ptr());
        push_str(state, api::ARCH);
        sys::lua_rawsetfield(state, -2, c"arch".as_ptr());
        push_str(state, env!("CARGO_PKG_VERSION"));
        sys::lua_rawsetfield(state, -2, c"version".as_ptr());

        // Keep only the table.
        sys::lua_remove(state, module_idx);
    }
    Ok(1)
}
