//! The seam from the values layer to the layers above it.
//!
//! A few conversions and metamethods of cdata need what only the calls layer
//! knows: a Luau function becomes a C function pointer (one of the module's
//! function objects, or a new callback), a function pointer cdata is called,
//! a callback cdata has methods. The values layer must not import the layer
//! that builds on it, so it asks through this trait, which the calls layer
//! (`crate::call::Calls`) implements and installs when the module opens
//! ([`super::Values::install_upcalls`]).

use std::ffi::{c_int, c_void};

use crate::ctype::CTypeId;
use crate::error::Result;
use crate::lua::sys;

/// What the values layer asks of the layers above it.
pub trait Upcalls {
    /// The entry point of the Luau function at `idx` when it is one of the
    /// module's C function objects (`ffi.C.abs`): what it converts to as a
    /// function pointer. `None` for any other value.
    ///
    /// # Safety
    /// `state` must be live.
    unsafe fn function_address(&self, state: *mut sys::lua_State, idx: c_int) -> Option<*const c_void>;

    /// A new callback of the function pointer type `pointer_type` calling the
    /// Luau function at `idx`: its entry point. It is temporary (freed when
    /// the C call returns) when it is made for an argument of a C call whose
    /// arguments are being converted, and lives until `cb:free()` otherwise.
    ///
    /// # Safety
    /// Inside a C function of the module.
    unsafe fn callback(&self, state: *mut sys::lua_State, pointer_type: CTypeId, idx: c_int) -> Result<*const c_void>;

    /// The C function behind the value at `idx` when it is one of the
    /// module's function objects taking one pointer (`ffi.C.free`): a
    /// finalizer that can run inside the collector. `None` for any other value.
    ///
    /// # Safety
    /// `state` must be live.
    unsafe fn c_finalizer(&self, state: *mut sys::lua_State, idx: c_int) -> Option<unsafe extern "C" fn(*mut c_void)>;

    /// Calls the function pointer cdata at `idx` with the values after it as
    /// arguments (`__call`), pushing its result; returns how many values.
    ///
    /// # Safety
    /// Inside a C function of the module; the cdata at `idx` is a pointer to a
    /// function type.
    unsafe fn call_function_pointer(&self, state: *mut sys::lua_State, idx: c_int) -> Result<c_int>;

    /// Pushes the method `key` (`free`, `set`) of a callback cdata; `false`
    /// with nothing pushed when there is no such method.
    ///
    /// # Safety
    /// Inside a C function of the module.
    unsafe fn push_callback_method(&self, state: *mut sys::lua_State, key: &[u8]) -> Result<bool>;
}
