//! Reading arguments from and pushing values onto the Luau stack, without ever
//! raising: failures come back as [`Error`]s for [`super::guard`] to raise.

use std::ffi::CStr;
use std::os::raw::c_int;

use super::sys;
use crate::error::{Error, Result};

/// The Luau name of the value's type at `idx` (`nil`, `number`, `userdata`, ...).
pub unsafe fn type_name(state: *mut sys::lua_State, idx: c_int) -> &'static str {
    // SAFETY: lua_typename returns a static string for every type tag.
    unsafe {
        let tag = sys::lua_type(state, idx);
        if tag == sys::LUA_TNONE {
            return "no value";
        }
        CStr::from_ptr(sys::lua_typename(state, tag)).to_str().unwrap_or("?")
    }
}

/// The bytes of the string at `idx`, if the value there is a string (numbers are
/// not coerced: a number where a name is expected is a mistake worth reporting).
/// The slice lives as long as the value stays on the stack.
pub unsafe fn get_bytes<'a>(state: *mut sys::lua_State, idx: c_int) -> Option<&'a [u8]> {
    // SAFETY: the pointer returned by lua_tolstring stays valid while the value is on the stack.
    unsafe {
        if sys::lua_type(state, idx) != sys::LUA_TSTRING {
            return None;
        }
        let mut len = 0usize;
        let ptr = sys::lua_tolstring(state, idx, &mut len);
        Some(std::slice::from_raw_parts(ptr.cast::<u8>(), len))
    }
}

/// Argument `idx` as a string; `arg` is its position as the script sees it.
pub unsafe fn check_str<'a>(state: *mut sys::lua_State, idx: c_int, func: &'static str, arg: usize) -> Result<&'a str> {
    // SAFETY: forwarded to get_bytes.
    let bytes = unsafe { get_bytes(state, idx) };
    match bytes {
        Some(bytes) => std::str::from_utf8(bytes).map_err(|_| Error::bad_arg(func, arg, "string is not valid UTF-8")),
        None => Err(Error::bad_arg(func, arg, format!("string expected, got {}", unsafe { type_name(state, idx) }))),
    }
}

/// Argument `idx` as an integer that fits `T`. Floats with a fractional part,
/// NaN, infinities and out-of-range values are rejected with a message that says
/// what is accepted.
pub unsafe fn check_integer<T>(
    state: *mut sys::lua_State,
    idx: c_int,
    func: &'static str,
    arg: usize,
    c_type: &str,
) -> Result<T>
where
    T: TryFrom<i64> + Copy,
    i64: From<T>,
{
    // SAFETY: plain stack reads.
    let tag = unsafe { sys::lua_type(state, idx) };
    if tag != sys::LUA_TNUMBER {
        return Err(Error::bad_arg(func, arg, format!("number expected, got {}", unsafe { type_name(state, idx) })));
    }
    let value = unsafe { sys::lua_tonumberx(state, idx, std::ptr::null_mut()) };
    let out_of_range =
        || Error::bad_arg(func, arg, format!("integer expected for '{c_type}', got {}", format_number(value)));
    const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
    if !value.is_finite() || value.fract() != 0.0 || !(-TWO_POW_63..TWO_POW_63).contains(&value) {
        return Err(out_of_range());
    }
    T::try_from(value as i64).map_err(|_| out_of_range())
}

/// Formats a number the way Luau's `tostring` does for the common cases.
pub fn format_number(value: f64) -> String {
    if value.is_nan() {
        "nan".into()
    } else if value.is_infinite() {
        if value > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        }
    } else if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// Pushes a Rust string.
pub unsafe fn push_str(state: *mut sys::lua_State, s: &str) {
    // SAFETY: lua_pushlstring copies the bytes.
    unsafe { sys::lua_pushlstring(state, s.as_ptr().cast(), s.len()) };
}

/// Pushes the registry value of a `lua_ref` reference (Luau's `lua_getref`).
#[inline(always)]
pub unsafe fn get_ref(state: *mut sys::lua_State, reference: c_int) {
    // SAFETY: a raw registry read.
    unsafe { sys::lua_rawgeti(state, sys::LUA_REGISTRYINDEX, reference as _) };
}

/// Sets `t[name] = f` for each entry, on the table at the top of the stack,
/// each C function getting the value at `upvalue_idx` (the module state) as
/// its upvalue 1.
pub unsafe fn set_closures<'a>(
    state: *mut sys::lua_State,
    upvalue_idx: c_int,
    entries: impl IntoIterator<Item = (&'a CStr, sys::lua_CFunction)>,
) {
    // SAFETY: the table is at -1 before each push and -2 after it.
    unsafe {
        let upvalue_idx = sys::lua_absindex(state, upvalue_idx);
        for (name, function) in entries {
            sys::lua_pushvalue(state, upvalue_idx);
            sys::lua_pushcclosurek(state, function, name.as_ptr(), 1, None);
            sys::lua_rawsetfield(state, -2, name.as_ptr());
        }
    }
}
