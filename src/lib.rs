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

pub mod abi;
mod api;
pub mod bindgen;
mod call;
mod callback;
mod cdata;
mod cparse;
mod ctype;
mod documented;
mod error;
mod fxhash;
mod library;
pub mod loader;
mod lua;
mod module;
mod namespace;
mod state;

pub use error::Error;

/// Builds the `@lune/ffi` module table for `lua`.
///
/// A Lune fork registers it with
/// `lua.register_module("@lune/ffi", luau_ffi::module(lua.clone())?)`.
pub fn module(lua: mlua::Lua) -> mlua::Result<mlua::Table> {
    let mut failure = None;
    // SAFETY: push_module pushes exactly one table, or nothing and an error;
    // it raises nothing but OOM.
    let table = unsafe {
        lua.exec_raw::<Option<mlua::Table>>((), |state| {
            failure = module::push_module(state).err();
        })
    }?;
    match (table, failure) {
        (Some(table), None) => Ok(table),
        (_, failure) => Err(mlua::Error::runtime(failure.map(|e| e.to_string()).unwrap_or_default())),
    }
}

/// The Luau type definitions of the module: the text of `luau/ffi.luau`.
pub fn typedefs() -> String {
    include_str!("../luau/ffi.luau").to_string()
}

/// Pushes the module table onto `state`'s stack: the body of `luaopen_ffi`
/// for hosts that load the module without mlua.
///
/// # Safety
/// `state` must be a live Luau state built with the same mlua-sys as this crate.
pub unsafe fn push_module_raw(state: *mut mlua::ffi::lua_State) -> std::os::raw::c_int {
    // SAFETY: forwarded; a failure is raised as a Luau error once the Rust
    // values are dropped.
    unsafe { lua::guard(state, module::push_module) }
}
