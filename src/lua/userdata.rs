//! Rust values owned by Luau userdata, created with the raw API and freed by our
//! own destructor (never mlua's: see the module docs of [`crate::lua`]).

use std::ffi::CStr;
use std::os::raw::{c_int, c_void};
use std::{mem, ptr};

use super::sys;

/// A Rust type that lives inside a Luau userdata created by this module.
pub trait Userdata: Sized + 'static {
    /// The registry key of the type's metatable; unique per type.
    const METATABLE: &'static CStr;
    /// What `typeof(value)` answers in Luau.
    const TYPE_NAME: &'static CStr;
    /// Fills the metatable at the top of the stack (its `__type` is already set).
    unsafe fn init_metatable(state: *mut sys::lua_State);
}

unsafe extern "C" fn drop_userdata<T>(_state: *mut sys::lua_State, data: *mut c_void) {
    // SAFETY: Luau calls this once, with the block `push` initialised with a `T`.
    // A panic must not unwind into Luau's collector.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| unsafe { ptr::drop_in_place(data.cast::<T>()) }));
}

/// Pushes the metatable of `T`, creating it on first use in this Luau state.
pub unsafe fn push_metatable<T: Userdata>(state: *mut sys::lua_State) {
    // SAFETY: registry access with a static key; creating tables only fails on OOM.
    unsafe {
        if sys::luaL_newmetatable(state, T::METATABLE.as_ptr()) != 0 {
            sys::lua_pushstring(state, T::TYPE_NAME.as_ptr());
            sys::lua_rawsetfield(state, -2, c"__type".as_ptr());
            T::init_metatable(state);
        }
    }
}

/// Moves `value` into a new userdata at the top of the stack and returns a
/// pointer to it (valid while the userdata is alive).
pub unsafe fn push<T: Userdata>(state: *mut sys::lua_State, value: T) -> *mut T {
    const { assert!(mem::align_of::<T>() <= 8, "Luau aligns userdata to 8 bytes") };
    // SAFETY: a fresh block of the right size, initialised before anything else can see it.
    unsafe {
        let data = sys::lua_newuserdatadtor(state, mem::size_of::<T>(), drop_userdata::<T>).cast::<T>();
        ptr::write(data, value);
        push_metatable::<T>(state);
        sys::lua_setmetatable(state, -2);
        data
    }
}

/// The `T` at `idx`, if the value there is a userdata of type `T` made by [`push`].
pub unsafe fn get<'a, T: Userdata>(state: *mut sys::lua_State, idx: c_int) -> Option<&'a mut T> {
    // SAFETY: the metatable identity proves the block holds a `T`.
    unsafe {
        let data = sys::lua_touserdata(state, idx);
        if data.is_null() || sys::lua_type(state, idx) != sys::LUA_TUSERDATA {
            return None;
        }
        if sys::lua_getmetatable(state, idx) == 0 {
            return None;
        }
        sys::lua_rawgetfield(state, sys::LUA_REGISTRYINDEX, T::METATABLE.as_ptr());
        let same = sys::lua_rawequal(state, -1, -2) != 0;
        sys::lua_settop(state, -3);
        same.then(|| &mut *data.cast::<T>())
    }
}

/// Moves `value` into a new userdata whose metatable is the registry reference
/// `metatable` (a metatable the module keeps per state, rather than under a
/// registry name).
pub unsafe fn push_with<T: 'static>(state: *mut sys::lua_State, value: T, metatable: c_int) -> *mut T {
    const { assert!(mem::align_of::<T>() <= 8, "Luau aligns userdata to 8 bytes") };
    // SAFETY: as in push.
    unsafe {
        let data = sys::lua_newuserdatadtor(state, mem::size_of::<T>(), drop_userdata::<T>).cast::<T>();
        ptr::write(data, value);
        super::stack::get_ref(state, metatable);
        sys::lua_setmetatable(state, -2);
        data
    }
}

/// The `T` at `idx` if its metatable is the one at address `metatable`.
pub unsafe fn get_with<'a, T>(state: *mut sys::lua_State, idx: c_int, metatable: *const c_void) -> Option<&'a mut T> {
    // SAFETY: the metatable identity proves the block holds a `T`.
    unsafe {
        if sys::lua_type(state, idx) != sys::LUA_TUSERDATA || sys::lua_getmetatable(state, idx) == 0 {
            return None;
        }
        let same = sys::lua_topointer(state, -1) == metatable;
        sys::lua_settop(state, -2);
        same.then(|| &mut *sys::lua_touserdata(state, idx).cast::<T>())
    }
}
