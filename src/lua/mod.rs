//! A thin layer over Luau's C API (`mlua::ffi`).
//!
//! Everything the module hands to scripts is built here with the raw API: C
//! functions, userdata with our own destructors, plain string errors. mlua's own
//! objects are avoided on purpose: in module mode their destructors write into
//! the host's mlua state (see README, "ABI contract").

pub mod direct;
pub mod field_getter;
pub mod guard;
pub mod protected;
pub mod stack;
pub mod userdata;

pub use guard::{guard, pcall};
pub use mlua::ffi as sys;
