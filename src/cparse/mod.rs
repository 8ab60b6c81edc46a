//! The C declaration parser behind `ffi.cdef` and type strings.
//!
//! Following LuaJIT's lj_cparse.c, it only *builds* entries in a
//! [`CTypeTable`](crate::ctype::CTypeTable): struct layout, naming and every
//! other question about a type are answered by `crate::ctype` from the table.
//! Callers parse through [`Declare`] (`table.cdef(...)`, `table.parse_type(...)`).

mod constexpr;
mod declarator;
mod declare;
mod error;
mod keywords;
mod lexer;
mod parser;
#[cfg(all(test, target_os = "linux"))]
mod real_headers;
mod record;
mod specifier;

#[cfg(test)]
mod limits_tests;
#[cfg(test)]
mod tests;

pub(crate) use declare::{new_table, Declare};
pub(crate) use error::printable;
pub use error::CParseError;
pub(crate) use lexer::name_from_bytes;
pub(crate) use parser::{parse_declarations, parse_declarations_with, parse_type};
