//! The module table scripts receive from `require("@lune/ffi")`.

use std::os::raw::c_int;

use crate::error::Result;
use crate::library::SharedLibrary;
use crate::lua::stack::{push_str, set_closures};
use crate::lua::{protected, sys};
use crate::state::ModuleState;
use crate::{api, cdata, documented, namespace};

crate::c_functions! {
    /// `luaopen_ffi`: pushes the module table (the cdylib exports it; the
    /// in-process [`crate::module`] calls it through mlua).
    open => push_module;
}

/// Pushes a new module table onto the stack of `state`.
///
/// # Safety
/// `state` must be live with room for a few stack slots.
pub unsafe fn push_module(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: builds the module state, the cdata metatable and one table,
    // leaving only the table on the stack (the guard abandons the stack on
    // failure).
    unsafe {
        protected::prepare(state)?;
        let module = &*ModuleState::push_new(state)?;
        let module_idx = sys::lua_gettop(state);
        cdata::meta::install(state, module, module_idx)?;
        documented::install_metatable(state, module, module_idx)?;

        protected::create_table(state, 0, 32)?;
        // The documented API and the full FFI: every function carries the
        // module state as upvalue 1.
        let extra: [(&std::ffi::CStr, sys::lua_CFunction); 2] =
            [(c"open", documented::open), (c"load", namespace::load)];
        set_closures(state, module_idx, api::FUNCTIONS.iter().copied().chain(extra))?;
        namespace::push_namespace(state, module_idx, SharedLibrary::process())?;
        protected::raw_set_field(state, -2, c"C")?;
        api::push_nullptr(state, module)?;
        protected::raw_set_field(state, -2, c"nullptr")?;
        push_str(state, api::OS)?;
        protected::raw_set_field(state, -2, c"os")?;
        push_str(state, api::ARCH)?;
        protected::raw_set_field(state, -2, c"arch")?;
        push_str(state, env!("CARGO_PKG_VERSION"))?;
        protected::raw_set_field(state, -2, c"version")?;

        // Keep only the table.
        sys::lua_remove(state, module_idx);
    }
    Ok(1)
}
