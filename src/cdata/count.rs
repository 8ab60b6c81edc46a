//! Integers a script gives where luau-ffi takes a count, a length or an
//! integer `$` parameter: a Luau number with an integral value, or an integer
//! cdata, as LuaJIT takes both (`ffi.new("uint8_t[?]", n)` with `n` a
//! `size_t` C returned, or a boxed `int64_t` a script made). Every such site
//! reads its argument here, then checks the range it needs.

use std::ffi::c_int;

use super::convert::{read_scalar, shape, Scalar};
use super::int64::Int64;
use super::object;
use super::Values;
use crate::ctype::CTypeId;
use crate::lua::{direct, sys};

/// The largest count or length: every integer up to it is a Luau number.
pub const MAX_COUNT: u64 = super::from_c::EXACT_LIMIT;

/// An integer given by a script.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Integer {
    /// A Luau number with an integral value.
    Number(i128),
    /// An integer cdata (an enum too): its value (`unsigned` only for a
    /// `uint64_t`), and its C type.
    CData(Int64, CTypeId),
}

impl Integer {
    /// The value.
    pub fn value(self) -> i128 {
        match self {
            Integer::Number(v) => v,
            Integer::CData(i, _) if i.unsigned => i.bits as i128,
            Integer::CData(i, _) => i.bits as i64 as i128,
        }
    }
}

/// The integer at `idx`: a Luau number with an integral value (within the
/// range of 64-bit integers) or a cdata of an integer type; `None` for
/// anything else.
///
/// # Safety
/// `state` must be live; `idx` a valid or acceptable index.
pub unsafe fn integer_at(state: *mut sys::lua_State, values: &Values, idx: c_int) -> Option<Integer> {
    // SAFETY: stack reads; a cdata's payload holds a value of its type.
    unsafe {
        match direct::value_type(state, idx) {
            sys::LUA_TNUMBER => {
                let n = direct::number_unchecked(state, idx);
                // The usual count or length first, without the 128-bit
                // conversion below (a library call).
                if (0.0..9_223_372_036_854_775_808.0).contains(&n) {
                    let i = n as i64;
                    return (i as f64 == n).then_some(Integer::Number(i as i128));
                }
                // NaN and the infinities fail the range test.
                let in_range = (-9_223_372_036_854_775_808.0..18_446_744_073_709_551_616.0).contains(&n);
                (in_range && n.fract() == 0.0).then_some(Integer::Number(n as i128))
            }
            sys::LUA_TUSERDATA => {
                let cdata = object::get(state, values, idx).filter(|c| !c.is_ctype())?;
                let types = values.types.borrow();
                // A reference cdata counts as its referent.
                let ty = cdata.value_type(&types);
                match read_scalar(shape(&types, ty), cdata.ptr) {
                    Some(Scalar::Int(i)) => Some(Integer::CData(i, ty)),
                    Some(Scalar::Wide(w)) => {
                        let value = if w.unsigned { i128::try_from(w.bits).ok()? } else { w.bits as i128 };
                        Some(Integer::Number(value))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

/// The count or length at `idx`: an [`integer_at`] from 0 to [`MAX_COUNT`],
/// or a number or floating-point cdata truncated toward zero into that range:
/// LuaJIT converts a count to an integer as C does, so code such as
/// `ffi.new("uint8_t[?]", #s * 3 / 4)` counts the integer part.
///
/// # Safety
/// As [`integer_at`].
pub unsafe fn count_at(state: *mut sys::lua_State, values: &Values, idx: c_int) -> Option<u64> {
    // SAFETY: forwarded.
    let value = match unsafe { integer_at(state, values, idx) } {
        Some(integer) => integer.value(),
        None => unsafe { truncated_at(state, values, idx) }?,
    };
    (0..=MAX_COUNT as i128).contains(&value).then_some(value as u64)
}

/// The number or floating-point cdata at `idx` truncated toward zero; `None`
/// for anything else, NaN and the infinities.
///
/// # Safety
/// As [`integer_at`].
unsafe fn truncated_at(state: *mut sys::lua_State, values: &Values, idx: c_int) -> Option<i128> {
    // SAFETY: stack reads; a cdata's payload holds a value of its type.
    let n = unsafe {
        match direct::value_type(state, idx) {
            sys::LUA_TNUMBER => direct::number_unchecked(state, idx),
            sys::LUA_TUSERDATA => {
                let cdata = object::get(state, values, idx).filter(|c| !c.is_ctype())?;
                let types = values.types.borrow();
                match read_scalar(shape(&types, cdata.value_type(&types)), cdata.ptr) {
                    Some(Scalar::Float(f)) => f,
                    _ => return None,
                }
            }
            _ => return None,
        }
    };
    // `as` saturates: a value beyond the range stays beyond MAX_COUNT.
    n.is_finite().then(|| n.trunc() as i128)
}
