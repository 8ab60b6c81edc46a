//! Calling C functions from Luau, and C calling Luau functions.
//!
//! A declared function reached through a namespace (`ffi.C.strlen`) is a Luau C
//! closure over a [`FunctionData`] userdata ([`function`]): calling it is one
//! crossing into Rust, with no lookup and no allocation for register-only
//! signatures. Each function type gets a call plan, made once ([`plan`]); a
//! call runs inside a call scope ([`scope`]) and takes the register fast path
//! ([`fast`]) or libffi's general path ([`general`]), with `errno` saved right
//! after it ([`errno`]). Luau functions become C function pointers through
//! callbacks ([`callback`]).

pub mod callback;
pub mod errno;
mod fast;
pub mod function;
mod general;
pub mod plan;
pub mod scope;

pub use errno::set_errno;
pub use function::{c_function_of, call_function_pointer, function_address, push_function, FunctionData};
pub use plan::plan_for;
pub use scope::invoke;
