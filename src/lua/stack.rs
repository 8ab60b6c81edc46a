//! Reading arguments from and pushing values onto the Luau stack, without ever
//! raising: failures come back as [`Error`]s for [`super::guard`] to raise.

use std::ffi::CStr;
use std::os::raw::c_int;

use super::{protected, sys};
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
    // SAFETY: the bytes of a string stay valid while the value is on the stack.
    unsafe { super::direct::bytes(state, idx) }
}

/// Argument `idx` as the bytes of a string, UTF-8 or not; `arg` is its
/// position as the script sees it.
pub unsafe fn check_bytes<'a>(
    state: *mut sys::lua_State,
    idx: c_int,
    func: &'static str,
    arg: usize,
) -> Result<&'a [u8]> {
    // SAFETY: forwarded to get_bytes.
    let bytes = unsafe { get_bytes(state, idx) };
    bytes.ok_or_else(|| Error::bad_arg(func, arg, format!("string expected, got {}", unsafe { type_name(state, idx) })))
}

/// Argument `idx` as a UTF-8 string; `arg` is its position as the script sees it.
pub unsafe fn check_str<'a>(state: *mut sys::lua_State, idx: c_int, func: &'static str, arg: usize) -> Result<&'a str> {
    // SAFETY: forwarded to check_bytes.
    let bytes = unsafe { check_bytes(state, idx, func, arg) }?;
    std::str::from_utf8(bytes).map_err(|_| Error::bad_arg(func, arg, "string is not valid UTF-8"))
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

/// Formats a number for a message as LuaJIT prints numbers (`%.14g`):
/// `123`, `0.5`, `1e+300`, `9.007199254741e+15`, `nan`, `-inf`.
pub fn format_number(value: f64) -> String {
    if value.is_nan() {
        return "nan".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.into();
    }
    if value == 0.0 {
        return if value.is_sign_negative() { "-0" } else { "0" }.into();
    }
    const PRECISION: i32 = 14;
    // The decimal exponent after rounding to PRECISION significant digits.
    let scientific = format!("{:.*e}", PRECISION as usize - 1, value);
    let (mantissa, exponent) = scientific.split_once('e').expect("Rust's {:e} has an exponent");
    let exponent: i32 = exponent.parse().expect("a decimal exponent");
    let trim = |digits: &str| -> String {
        if digits.contains('.') {
            digits.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            digits.to_string()
        }
    };
    if !(-4..PRECISION).contains(&exponent) {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", trim(mantissa), exponent.abs())
    } else {
        trim(&format!("{:.*}", (PRECISION - 1 - exponent) as usize, value))
    }
}

/// Pushes a Rust string.
pub unsafe fn push_str(state: *mut sys::lua_State, s: &str) -> Result<()> {
    // SAFETY: forwarded; Luau copies the bytes.
    unsafe { protected::push_str(state, s) }
}

/// Pushes the registry value of a `lua_ref` reference (Luau's `lua_getref`).
#[inline(always)]
pub unsafe fn get_ref(state: *mut sys::lua_State, reference: c_int) {
    // SAFETY: a raw registry read.
    unsafe { sys::lua_rawgeti(state, sys::LUA_REGISTRYINDEX, reference as _) };
}

/// Sets `t[name] = f` for each entry, on the table at the top of the stack,
/// each C function getting the values at the stack indices `upvalues` as its
/// upvalues, in order (the parts of the module state it uses).
pub unsafe fn set_closures<'a>(
    state: *mut sys::lua_State,
    upvalues: &[c_int],
    entries: impl IntoIterator<Item = (&'a CStr, sys::lua_CFunction)>,
) -> Result<()> {
    // SAFETY: the table is at -1 before each push and -2 after it.
    unsafe {
        let upvalues: Vec<c_int> = upvalues.iter().map(|idx| sys::lua_absindex(state, *idx)).collect();
        for (name, function) in entries {
            for idx in &upvalues {
                sys::lua_pushvalue(state, *idx);
            }
            protected::push_closure(state, function, name, upvalues.len() as c_int)?;
            protected::raw_set_field(state, -2, name)?;
        }
    }
    Ok(())
}

/// Where the script that called the running C function is, as `luaL_where(L,
/// 1)` words it: `chunk:line: `, or an empty string when the caller is not a
/// Luau function with line information (a C function such as `pcall` calling
/// ours directly, or the host). Nothing is allocated in Luau, so reading it
/// cannot raise.
///
/// # Safety
/// `state` must be live.
pub unsafe fn caller_position(state: *mut sys::lua_State) -> String {
    // SAFETY: lua_getinfo with "sl" only reads the call stack; `short_src`
    // points into `info` itself.
    unsafe {
        let mut info: sys::lua_Debug = std::mem::zeroed();
        if sys::lua_getinfo(state, 1, c"sl".as_ptr(), &mut info) == 0 || info.currentline <= 0 {
            return String::new();
        }
        format!("{}:{}: ", CStr::from_ptr(info.short_src).to_string_lossy(), info.currentline)
    }
}

/// Where the Luau function at stack index `idx` is defined, as
/// `chunk:line: `, or an empty string for a C function. Nothing is allocated
/// in Luau, so reading it cannot raise.
///
/// # Safety
/// `state` must be live; `idx` must hold a function.
pub unsafe fn function_position(state: *mut sys::lua_State, idx: c_int) -> String {
    // SAFETY: lua_getinfo of a stack slot (a negative level in Luau) only reads
    // the function's debug information; `short_src` points into `info` itself.
    unsafe {
        let idx = sys::lua_absindex(state, idx);
        let mut info: sys::lua_Debug = std::mem::zeroed();
        let level = -(sys::lua_gettop(state) - idx + 1);
        if sys::lua_getinfo(state, level, c"s".as_ptr(), &mut info) == 0 || info.linedefined <= 0 {
            return String::new();
        }
        format!("{}:{}: ", CStr::from_ptr(info.short_src).to_string_lossy(), info.linedefined)
    }
}

/// Call levels a traceback shows from its start and from its end; the levels
/// between are summarised in one line (as Lua 5.3's `luaL_traceback` does).
const TRACEBACK_HEAD: c_int = 10;
const TRACEBACK_TAIL: c_int = 11;

/// The traceback of `state` from call level `level` on, one `\n\t`-prefixed
/// line per level, built from debug information only: nothing is allocated in
/// Luau, so reading it cannot raise.
///
/// # Safety
/// `state` must be live.
pub unsafe fn traceback_text(state: *mut sys::lua_State, level: c_int) -> String {
    let mut text = String::new();
    // SAFETY: lua_stackdepth and lua_getinfo only read the call stack; the
    // strings they hand out live as long as the frames inspected here.
    unsafe {
        let depth = sys::lua_stackdepth(state);
        let mut level = level;
        let mut shown = 0;
        let mut info: sys::lua_Debug = std::mem::zeroed();
        while sys::lua_getinfo(state, level, c"sln".as_ptr(), &mut info) != 0 {
            if shown == TRACEBACK_HEAD && depth - level > TRACEBACK_TAIL {
                let skipped = depth - level - TRACEBACK_TAIL;
                text.push_str(&format!("\n\t...\t(skipping {skipped} levels)"));
                level += skipped;
                shown += 1;
                continue;
            }
            let source = CStr::from_ptr(info.short_src).to_string_lossy();
            text.push_str(&format!("\n\t{source}:"));
            if info.currentline > 0 {
                text.push_str(&format!("{}:", info.currentline));
            }
            match (info.name.is_null(), CStr::from_ptr(info.what).to_bytes()) {
                (false, _) => text.push_str(&format!(" in function '{}'", CStr::from_ptr(info.name).to_string_lossy())),
                (true, b"main") => text.push_str(" in main chunk"),
                (true, b"C") => text.push_str(" in ?"),
                (true, _) => text.push_str(&format!(" in function <{source}:{}>", info.linedefined)),
            }
            level += 1;
            shown += 1;
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn numbers_print_as_luajit_prints_them() {
        // The texts are LuaJIT's `string.format("%.14g", value)`.
        for (value, text) in [
            (123.0, "123"),
            (-7.0, "-7"),
            (0.5, "0.5"),
            (0.1, "0.1"),
            (1e300, "1e+300"),
            (-1e300, "-1e+300"),
            (1.5e-7, "1.5e-07"),
            (0.0001, "0.0001"),
            (9007199254740992.0, "9.007199254741e+15"),
            (2147483648.0, "2147483648"),
            (1.0 / 3.0, "0.33333333333333"),
            (99999999999999.0, "99999999999999"),
            (123456789012346.0, "1.2345678901235e+14"),
            (f64::NAN, "nan"),
            (f64::NEG_INFINITY, "-inf"),
            (0.0, "0"),
        ] {
            assert_eq!(format_number(value), text, "{value:e}");
        }
    }
}
