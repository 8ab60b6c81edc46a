//! C data objects (cdata) and their memory.

pub mod construct;
pub mod convert;
pub mod gc;
pub mod int64;
pub mod long_double;
pub mod meta;
pub mod object;
