//! Rust values owned by Luau userdata, created with the raw API and freed by our
//! own destructor (never mlua's: see the module docs of [`crate::lua`]).

use std::ffi::CStr;
use std::os::raw::{c_int, c_void};
use std::{mem, ptr};

use super::{protected, sys};
use crate::error::Result;

/// A Rust type that lives inside a Luau userdata created by this module.
pub trait Userdata: Sized + 'static {
    /// The registry key of the type's metatable; unique per type.
    const METATABLE: &'static CStr;
    /// What `typeof(value)` answers in Luau.
    const TYPE_NAME: &'static CStr;
    /// Fills the metatable at the top of the stack (its `__type` is already set).
    unsafe fn init_metatable(state: *mut sys::lua_State) -> Result<()>;
}

unsafe extern "C" fn drop_userdata<T>(_state: *mut sys::lua_State, data: *mut c_void) {
    // SAFETY: Luau calls this once, with the block `push` initialised with a `T`.
    // A panic must not unwind into Luau's collector.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| unsafe { ptr::drop_in_place(data.cast::<T>()) }));
}

/// Pushes the metatable of `T`, creating it on first use in this Luau state
/// (registered only once complete, so that a failure leaves nothing half-made).
pub unsafe fn push_metatable<T: Userdata>(state: *mut sys::lua_State) -> Result<()> {
    // SAFETY: registry access with a static key; the new table is filled on the stack.
    unsafe {
        if protected::raw_get_field(state, sys::LUA_REGISTRYINDEX, T::METATABLE)? != sys::LUA_TNIL {
            return Ok(());
        }
        sys::lua_settop(state, -2);
        protected::create_table(state, 0, 2)?;
        protected::push_bytes(state, T::TYPE_NAME.to_bytes())?;
        protected::raw_set_field(state, -2, c"__type")?;
        T::init_metatable(state)?;
        sys::lua_pushvalue(state, -1);
        protected::raw_set_field(state, sys::LUA_REGISTRYINDEX, T::METATABLE)?;
    }
    Ok(())
}

/// Moves `value` into a new userdata at the top of the stack and returns a
/// pointer to it (valid while the userdata is alive).
pub unsafe fn push<T: Userdata>(state: *mut sys::lua_State, value: T) -> Result<*mut T> {
    const { assert!(mem::align_of::<T>() <= 8, "Luau aligns userdata to 8 bytes") };
    // SAFETY: a fresh block of the right size, initialised before anything else can see it.
    unsafe {
        let data = protected::new_userdata_dtor(state, mem::size_of::<T>(), drop_userdata::<T>)?.cast::<T>();
        ptr::write(data, value);
        push_metatable::<T>(state)?;
        protected::set_metatable(state, -2)?;
        Ok(data)
    }
}

/// Moves `value` into a new userdata whose metatable is the registry reference
/// `metatable` (a metatable the module keeps per state, rather than under a
/// registry name).
pub unsafe fn push_with<T: 'static>(state: *mut sys::lua_State, value: T, metatable: c_int) -> Result<*mut T> {
    const { assert!(mem::align_of::<T>() <= 8, "Luau aligns userdata to 8 bytes") };
    // SAFETY: as in push.
    unsafe {
        let data = protected::new_userdata_dtor(state, mem::size_of::<T>(), drop_userdata::<T>)?.cast::<T>();
        ptr::write(data, value);
        super::stack::get_ref(state, metatable);
        protected::set_metatable(state, -2)?;
        Ok(data)
    }
}

/// The `T` at `idx` if its metatable is the one at address `metatable`.
pub unsafe fn get_with<'a, T>(state: *mut sys::lua_State, idx: c_int, metatable: *const c_void) -> Option<&'a mut T> {
    // SAFETY: the metatable identity proves the block holds a `T`.
    unsafe { super::direct::userdata_with_metatable(state, idx, metatable).cast::<T>().as_mut() }
}
