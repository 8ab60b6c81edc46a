//! The rule for values converted from C to Luau (issue 10): wherever a C
//! value becomes a Luau value (call results, callback arguments, field and
//! element reads, extern variables, `p[i]` reads of out-parameters), a NULL
//! pointer of any pointer type becomes `nil`, and a 64-bit integer of any
//! spelling (`int64_t`, `size_t`, `long` on LP64, an enum with a 64-bit
//! range...) becomes a Luau number when the number holds it exactly
//! (|v| <= 2^53), a boxed `int64_t`/`uint64_t` cdata otherwise.
//!
//! Why: LuaJIT code compares pointer results with `nil` and 64-bit results
//! with numbers (`if p == nil`, `if n < size`, `tonumber(n)`), which works
//! there because LuaJIT calls `__eq`/`__lt` between a cdata and `nil` or a
//! number. Luau never does (it compares only values of one type), so a NULL
//! cdata would never equal `nil` and a boxed `5ULL` never equal `5`. Deno's
//! FFI answers JavaScript's same limitation the same way (`null`; a number
//! when safe, a `bigint` otherwise). Values a script makes itself
//! (`ffi.new`, `ffi.cast`, 64-bit arithmetic, `ffi.nullptr`) stay cdata, as
//! in LuaJIT.
//!
//! Every conversion site calls these two functions; nothing else decides.

use super::convert::{push_int64, push_pointer};
use super::int64::Int64;
use super::Values;
use crate::ctype::CTypeId;
use crate::lua::sys;

/// 2^53: every integer of at most this magnitude is a Luau number exactly.
pub const EXACT_LIMIT: u64 = 1 << 53;

/// The Luau number equal to `value` when there is one exactly (|v| <= 2^53).
#[inline(always)]
pub fn exact_number(value: Int64) -> Option<f64> {
    let magnitude = if value.unsigned { value.bits } else { (value.bits as i64).unsigned_abs() };
    (magnitude <= EXACT_LIMIT).then(|| value.to_number())
}

/// Pushes a 64-bit integer read from C: a Luau number when exact, a boxed
/// `int64_t`/`uint64_t` cdata otherwise.
///
/// # Safety
/// `state` must be live with room on the stack.
#[inline(always)]
pub unsafe fn push_integer(state: *mut sys::lua_State, values: &Values, value: Int64) -> crate::error::Result<()> {
    match exact_number(value) {
        // SAFETY: the caller guarantees a stack slot.
        Some(number) => unsafe { sys::lua_pushnumber(state, number) },
        // SAFETY: as above.
        None => unsafe { push_boxed(state, values, value)? },
    }
    Ok(())
}

/// Pushes a pointer of type `ty` read from C: `nil` when NULL, a pointer
/// cdata otherwise.
///
/// # Safety
/// As [`push_integer`].
#[inline(always)]
pub unsafe fn push_address(
    state: *mut sys::lua_State,
    values: &Values,
    ty: CTypeId,
    address: usize,
) -> crate::error::Result<()> {
    if address == 0 {
        // SAFETY: the caller guarantees a stack slot.
        unsafe { sys::lua_pushnil(state) };
        Ok(())
    } else {
        // SAFETY: as above.
        unsafe { push_pointer(state, values, ty, address) }
    }
}

/// The boxed case, out of the inline number path.
#[cold]
#[inline(never)]
unsafe fn push_boxed(state: *mut sys::lua_State, values: &Values, value: Int64) -> crate::error::Result<()> {
    // SAFETY: forwarded.
    unsafe { push_int64(state, values, value) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_up_to_two_to_the_53() {
        let two53 = 1i64 << 53;
        assert_eq!(exact_number(Int64::signed(two53)), Some(two53 as f64));
        assert_eq!(exact_number(Int64::signed(-two53)), Some(-two53 as f64));
        assert_eq!(exact_number(Int64::signed(two53 + 1)), None);
        assert_eq!(exact_number(Int64::signed(-two53 - 1)), None);
        assert_eq!(exact_number(Int64::signed(i64::MIN)), None);
        assert_eq!(exact_number(Int64::signed(i64::MAX)), None);
        assert_eq!(exact_number(Int64::signed(-1)), Some(-1.0));
        assert_eq!(exact_number(Int64::unsigned(1 << 53)), Some(two53 as f64));
        assert_eq!(exact_number(Int64::unsigned((1 << 53) + 1)), None);
        assert_eq!(exact_number(Int64::unsigned(u64::MAX)), None);
        assert_eq!(exact_number(Int64::unsigned(0)), Some(0.0));
    }
}
