//! Luau functions as C function pointers.
//!
//! `closure` and `thunk` make C-callable function pointers that run Rust
//! handlers, below the Luau layer (they only see ABI shapes and raw value
//! pointers): a precompiled thunk for register-only signatures, a libffi
//! closure for everything else. `bridge` runs Luau functions through them.

pub mod bridge;
pub mod closure;
pub mod thunk;
