//! The error protocol between Rust and Luau.
//!
//! Luau raises errors as C++ exceptions in mlua builds. A Rust frame holding
//! values with destructors must never be unwound by one, and a Rust panic must
//! never cross into Luau. So every C function the module exports runs its body
//! through [`guard`]: the body returns `Result` and never raises (a Luau API call
//! that can raise goes through [`super::protected`], which keeps what it
//! raised); `guard` raises the error (a kept Luau error unchanged, anything else
//! as a plain string) only after every Rust value of the body has been dropped.

use std::os::raw::c_int;
use std::panic::{catch_unwind, AssertUnwindSafe};

use super::{protected, sys};
use crate::error::Error;
use crate::fatal::panic_message;

/// A C function body: reads its arguments from the stack, pushes its results and
/// returns how many there are.
pub type CFunction = unsafe fn(*mut sys::lua_State) -> Result<c_int, Error>;

/// Runs `body` for a C function entry point and converts its failure into a Luau
/// error (a plain string).
///
/// # Safety
/// `state` must be the running Luau thread that called the C function.
#[inline(always)]
pub unsafe fn guard(state: *mut sys::lua_State, body: CFunction) -> c_int {
    // SAFETY: the body's contract is the caller's.
    let outcome = catch_unwind(AssertUnwindSafe(|| unsafe { body(state) }));
    match outcome {
        Ok(Ok(results)) => results,
        // SAFETY: all Rust values of the body are dropped.
        Ok(Err(error)) => unsafe { protected::raise(state, error) },
        Err(panic) => {
            let detail = panic_message(panic.as_ref());
            drop(panic);
            let error = Error::message(format!("luau-ffi internal error: {detail}"));
            // SAFETY: as above.
            unsafe { protected::raise(state, error) }
        }
    }
}

/// Calls the function below `nargs` arguments at the top of the stack under
/// `pcall`; a Luau error comes back as [`Error::Propagate`] with the error value
/// left on the stack, so that [`guard`] re-raises it unchanged.
///
/// # Safety
/// The stack must hold the function and its arguments.
pub unsafe fn pcall(
    state: *mut sys::lua_State,
    nargs: std::os::raw::c_int,
    nresults: std::os::raw::c_int,
) -> Result<(), Error> {
    // SAFETY: lua_pcall catches every Luau error; nothing unwinds through Rust.
    match unsafe { sys::lua_pcall(state, nargs, nresults, 0) } {
        0 => Ok(()),
        _ => Err(Error::propagate()),
    }
}

/// Declares `unsafe extern "C-unwind" fn $name(L) -> c_int` entry points that run
/// the given bodies through [`guard`].
#[macro_export]
#[doc(hidden)]
macro_rules! c_functions {
    ($($(#[$meta:meta])* $name:ident => $body:path;)*) => {
        $(
            $(#[$meta])*
            pub(crate) unsafe extern "C-unwind" fn $name(state: *mut $crate::lua::sys::lua_State) -> ::std::os::raw::c_int {
                // SAFETY: Luau calls this entry point with its running thread.
                unsafe { $crate::lua::guard(state, $body) }
            }
        )*
    };
}
