//! Luau functions as C function pointers: `bridge` runs a Luau function
//! through a C-callable closure of the native layer (`crate::native::closure`).

pub mod bridge;
