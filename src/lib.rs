//! luau-ffi: a foreign function interface for Luau.
//!
//! A script does `local ffi = require("@lune/ffi")`, opens a native library and
//! calls its functions. This crate has the shape of Lune's standard libraries:
//! [`module`] builds the table a host registers as `@lune/ffi`, [`typedefs`]
//! returns its Luau type definitions.
//!
//! Everything visible to scripts is built with Luau's raw C API (see [`lua`]);
//! mlua is only the door in.

#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]
#![allow(clippy::missing_safety_doc)]

pub mod abi_marker;
mod api;
pub mod bindgen;
mod call;
mod cdata;
mod cparse;
mod ctype;
mod documented;
mod error;
mod fatal;
#[doc(hidden)]
pub mod fuzzing;
mod fxhash;
mod library;
pub mod loader;
mod lua;
mod module;
mod namespace;
mod native;

pub use error::Error;

/// Builds the `@lune/ffi` module table for `lua`.
///
/// A Lune fork registers it with
/// `lua.register_module("@lune/ffi", luau_ffi::module(lua.clone())?)`.
pub fn module(lua: mlua::Lua) -> mlua::Result<mlua::Table> {
    // SAFETY: `open` is a C function that pushes the table or raises a plain
    // Luau error (which mlua turns into an `mlua::Error`).
    let open = unsafe { lua.create_c_function(module::open) }?;
    open.call(())
}

/// The Luau type definitions of the module: the text of `luau/ffi.luau`.
pub fn typedefs() -> String {
    include_str!("../luau/ffi.luau").to_string()
}

/// `luaopen_ffi` for hosts that load the module without mlua: a Luau C
/// function that pushes the module table (or raises a plain Luau error, with
/// a memory error kept a memory error).
///
/// # Safety
/// `state` must be a live Luau state built with the same mlua-sys as this crate.
pub unsafe extern "C-unwind" fn push_module_raw(state: *mut mlua::ffi::lua_State) -> std::os::raw::c_int {
    // SAFETY: forwarded; the guard raises a failure once the Rust values are dropped.
    unsafe { module::open(state) }
}
