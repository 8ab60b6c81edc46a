//! The module table scripts receive from `require("@lune/ffi")`, and the
//! per-state data behind it.
//!
//! One [`ModuleState`] lives in a userdata created when the module table is
//! built, anchored in the registry for the life of the Luau state. It is made
//! of the parts each layer owns, each with its own invariants: the calls
//! layer's [`Calls`] (which holds the values layer's `cdata::Values`) and the
//! documented API's [`Documented`]. Every C function of the module carries
//! pointers to the parts it uses as upvalues (light userdata: one stack read
//! reaches them), and the values layer reaches the calls layer through the
//! seam installed here (`cdata::Upcalls`).

use std::ffi::{c_int, c_void, CStr};

use crate::call::Calls;
use crate::documented::Documented;
use crate::error::Result;
use crate::library::SharedLibrary;
use crate::lua::stack::{push_str, set_closures};
use crate::lua::{protected, sys, userdata};
use crate::{api, cdata, documented, namespace};

/// The module's data for one Luau state: the parts of the layers.
pub struct ModuleState {
    /// The calls layer's part (with the values layer's inside it).
    calls: Calls,
    /// The documented API's part.
    documented: Documented,
}

impl userdata::Userdata for ModuleState {
    const METATABLE: &'static CStr = c"luau_ffi.ModuleState";
    const TYPE_NAME: &'static CStr = c"FfiModuleState";

    unsafe fn init_metatable(_state: *mut sys::lua_State) -> Result<()> {
        Ok(())
    }
}

impl ModuleState {
    /// Creates the state userdata, anchors it in the registry for the life of
    /// the Luau state and connects its layers; leaves it at the top of the
    /// stack. The reference is valid as long as the Luau state lives.
    ///
    /// # Safety
    /// `state` must be live with room for a few stack slots.
    unsafe fn push_new<'a>(state: *mut sys::lua_State) -> Result<&'a ModuleState> {
        // SAFETY: protected calls; the userdata is left on top.
        unsafe {
            let module = ModuleState { calls: Calls::new(state), documented: Documented::default() };
            let module = &*userdata::push(state, module)?;
            // Anchored for the state's lifetime: closures, library objects,
            // callbacks and finalizers hold plain pointers to its parts.
            protected::reference(state, -1)?;
            module.calls.install_upcalls();
            Ok(module)
        }
    }
}

crate::c_functions! {
    /// `luaopen_ffi`: pushes the module table (the cdylib exports it; the
    /// in-process [`crate::module`] calls it through mlua).
    open => push_module;
}

/// Pushes a light userdata pointing to `part` and returns its stack index.
unsafe fn push_part<T>(state: *mut sys::lua_State, part: &T) -> c_int {
    // SAFETY: one push (the stack has room for a few slots).
    unsafe {
        sys::lua_pushlightuserdata(state, (part as *const T).cast_mut().cast::<c_void>());
        sys::lua_gettop(state)
    }
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
        // Once per process: whether the C functions may read their frames
        // directly (see `lua::direct`).
        crate::lua::direct::verify(state)?;
        let base = sys::lua_gettop(state);
        let module = ModuleState::push_new(state)?;
        cdata::meta::install(state, &module.calls.values)?;
        let calls_idx = push_part(state, &module.calls);
        let documented_idx = push_part(state, &module.documented);
        documented::install_metatable(state, &module.documented, [calls_idx, documented_idx])?;

        protected::create_table(state, 0, 32)?;
        // The full FFI carries the calls layer's data as upvalue 1; the
        // documented API also its own as upvalue 2.
        let load: (&CStr, sys::lua_CFunction) = (c"load", namespace::load);
        set_closures(state, &[calls_idx], api::FUNCTIONS.iter().copied().chain([load]))?;
        set_closures(state, &[calls_idx, documented_idx], [(c"open", documented::open as sys::lua_CFunction)])?;
        namespace::push_namespace(state, calls_idx, SharedLibrary::process())?;
        protected::raw_set_field(state, -2, c"C")?;
        api::push_nullptr(state, &module.calls.values)?;
        protected::raw_set_field(state, -2, c"nullptr")?;
        push_str(state, api::OS)?;
        protected::raw_set_field(state, -2, c"os")?;
        push_str(state, api::ARCH)?;
        protected::raw_set_field(state, -2, c"arch")?;
        push_str(state, env!("CARGO_PKG_VERSION"))?;
        protected::raw_set_field(state, -2, c"version")?;

        // Keep only the table.
        sys::lua_replace(state, base + 1);
        sys::lua_settop(state, base + 1);
    }
    Ok(1)
}
