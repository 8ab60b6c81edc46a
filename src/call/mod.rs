//! Calling C functions through libffi, below the C type table: this layer knows
//! ABI shapes ([`abi::AbiType`]), not C declarations or Luau values.

#![allow(dead_code, unused_imports)] // consumers (the Luau-facing conversion) do not exist yet

pub mod abi;
pub mod general;

pub use abi::{AbiError, AbiType, FfiType};
pub use general::{CallInterface, RESULT_ALIGN};

#[cfg(test)]
mod tests;
