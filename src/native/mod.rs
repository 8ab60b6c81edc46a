//! Native calls and closures: the layer below Luau.
//!
//! Everything here works on C-level shapes and raw value pointers, never on a
//! Luau state: the calling-convention shapes and their libffi descriptions
//! ([`abi_type`]), the lowering of C types from the type table to them
//! ([`lower`]), the register fast path ([`fast`]) beside libffi's general path
//! ([`general`]), and C function pointers that run a Rust handler ([`closure`]:
//! precompiled register [`thunk`]s, libffi closures otherwise). The Luau-facing
//! calls and callbacks (`crate::call`) are built on it.

pub mod abi_type;
pub mod closure;
pub mod fast;
pub mod general;
pub mod lower;
pub mod thunk;

pub use abi_type::{AbiError, AbiType};
pub use general::CallInterface;

#[cfg(test)]
mod tests;
