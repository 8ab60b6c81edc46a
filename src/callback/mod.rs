//! C-callable function pointers backed by Rust handlers (libffi closures),
//! below the Luau layer: it only sees ABI shapes and raw value pointers.

#![allow(dead_code, unused_imports)] // consumers (the Luau-facing callbacks) do not exist yet

pub mod bridge;
pub mod closure;

pub use closure::{abort_on_foreign_thread, Closure, ForeignThreadCall, ForeignThreadHook, Handler};
