//! C data objects (cdata), their memory, conversions and metamethods.
//!
//! [`Values`] is this layer's part of the module's per-state data; what it
//! needs from the layers above goes through [`Upcalls`].

pub mod complex;
pub mod construct;
pub mod convert;
pub mod count;
pub mod field_get;
pub mod from_c;
pub mod gc;
pub mod int128;
pub mod int64;
pub mod long_double;
pub mod meta;
pub mod metatype;
pub mod object;
pub mod upcalls;
pub mod values;

pub use upcalls::Upcalls;
pub use values::Values;
