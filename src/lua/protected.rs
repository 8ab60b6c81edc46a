//! The one door to the Luau C API functions that can raise.
//!
//! Luau raises errors (out of memory, a size limit, a full stack) as C++
//! exceptions, and one that reaches a Rust frame aborts the process. So every
//! raising API function the module uses is called through a small C++ wrapper
//! (`protected.cpp`, compiled by `build.rs`) that catches the exception where it
//! was thrown and keeps it, with its error value. The functions here report that
//! as `Err(Error::raised())`, which travels up like any other error, and the C
//! function's guard raises the kept exception again with [`raise`] once every
//! Rust value is dropped: a memory error stays a memory error, a runtime error
//! keeps its value.
//!
//! Everything else the module calls directly (reading the stack, pushing plain
//! values, `lua_settop`, `lua_rawgeti`, `lua_unref`, `lua_pcall`) cannot raise
//! while the stack stays within the room a C function has: `LUA_MINSTACK`
//! slots, or what [`check_stack`] ensured (beyond it Luau 0.740 grows the stack
//! on any push, and raises when it cannot).
//!
//! [`RAISING`] lists the raw functions that may appear only in this file; a
//! test checks the rest of `src/`.

use std::ffi::{c_char, c_int, c_void, CStr};

use super::sys;
use crate::error::{Error, ErrorKind, Result};

/// Raw Luau functions that can raise, or that allocate on some inputs: outside
/// this file the module reaches them only through the functions below.
/// Anything named `luaL_*` raises too (the auxiliary library reports bad
/// arguments by raising).
#[cfg_attr(not(test), allow(dead_code))]
pub const RAISING: &[&str] = &[
    // Allocation.
    "lua_newuserdata",
    "lua_newuserdatatagged",
    "lua_newuserdatataggedwithmetatable",
    "lua_newuserdatadtor",
    "lua_newuserdata_t",
    "lua_newbuffer",
    "lua_newtable",
    "lua_createtable",
    "lua_newthread",
    "lua_clonetable",
    "lua_clonefunction",
    "lua_pushlstring",
    "lua_pushstring",
    "lua_pushfstring",
    "lua_pushliteral",
    "lua_pushcclosurek",
    "lua_pushcclosure",
    "lua_pushcclosured",
    "lua_pushcfunction",
    "lua_pushcfunctiond",
    // A number converts to a string in place.
    "lua_tolstring",
    "lua_tostring",
    "lua_tolstringatom",
    "lua_tostringatom",
    // Table growth, interned keys, read-only tables.
    "lua_rawset",
    "lua_rawseti",
    "lua_rawsetfield",
    "lua_rawgetfield",
    "lua_ref",
    "lua_setmetatable",
    "lua_registeruserdatadirectfieldget",
    // Stack growth.
    "lua_checkstack",
    "lua_rawcheckstack",
    // Metamethods and calls that are not protected.
    "lua_gettable",
    "lua_getfield",
    "lua_settable",
    "lua_setfield",
    "lua_getglobal",
    "lua_setglobal",
    "lua_concat",
    "lua_equal",
    "lua_lessthan",
    "lua_call",
    "lua_callyieldable",
    "lua_resume",
    "lua_yield",
    "lua_break",
    // Raising on purpose.
    "lua_error",
];

/// The largest userdata block Luau 0.740 allocates: `luaU_newudata` refuses
/// sizes above `INT_MAX - sizeof(Udata)` (24 bytes), and a destructor adds a
/// pointer; rounded down for margin.
pub const MAX_USERDATA: usize = i32::MAX as usize - 64;

/// The longest Luau string (`MAXSSIZE`, lstring.h).
pub const MAX_STRING: usize = 1 << 30;

/// The largest Luau buffer (`MAX_BUFFER_SIZE`, lbuffer.h).
pub const MAX_BUFFER: usize = 1 << 30;

extern "C" {
    fn luauffi_configure(registry: c_int);
    fn luauffi_prepare(state: *mut sys::lua_State) -> c_int;
    fn luauffi_new_tagged(state: *mut sys::lua_State, size: usize, tag: c_int) -> *mut c_void;
    fn luauffi_new_tagged_bare(state: *mut sys::lua_State, size: usize, tag: c_int) -> *mut c_void;
    fn luauffi_register_field_getter(
        state: *mut sys::lua_State,
        tag: c_int,
        field: *const c_char,
        getter: super::field_getter::FieldGetter,
    ) -> c_int;
    fn luauffi_new_userdata_dtor(state: *mut sys::lua_State, size: usize, dtor: sys::lua_Destructor) -> *mut c_void;
    fn luauffi_new_buffer(state: *mut sys::lua_State, size: usize) -> *mut c_void;
    fn luauffi_push_lstring(state: *mut sys::lua_State, s: *const c_char, len: usize) -> c_int;
    fn luauffi_create_table(state: *mut sys::lua_State, narray: c_int, nrec: c_int) -> c_int;
    fn luauffi_clone_table(state: *mut sys::lua_State, idx: c_int) -> c_int;
    fn luauffi_push_closure(
        state: *mut sys::lua_State,
        function: sys::lua_CFunction,
        debug_name: *const c_char,
        nup: c_int,
    ) -> c_int;
    fn luauffi_raw_set_field(state: *mut sys::lua_State, idx: c_int, key: *const c_char) -> c_int;
    fn luauffi_raw_set(state: *mut sys::lua_State, idx: c_int) -> c_int;
    fn luauffi_raw_set_index(state: *mut sys::lua_State, idx: c_int, n: c_int) -> c_int;
    fn luauffi_raw_get_field(state: *mut sys::lua_State, idx: c_int, key: *const c_char, ty: *mut c_int) -> c_int;
    fn luauffi_set_metatable(state: *mut sys::lua_State, idx: c_int) -> c_int;
    fn luauffi_ref(state: *mut sys::lua_State, idx: c_int, reference: *mut c_int) -> c_int;
    fn luauffi_check_stack(state: *mut sys::lua_State, size: c_int, ok: *mut c_int) -> c_int;
    fn luauffi_has_pending() -> c_int;
}

extern "C-unwind" {
    fn luauffi_raise_pending(state: *mut sys::lua_State);
}

/// The failure of a wrapped call: the exception is kept on the C++ side.
#[cold]
#[inline(never)]
fn failed() -> Error {
    Error::raised()
}

/// `Ok(())` for a wrapper's 0, the kept failure otherwise.
#[inline(always)]
fn status(code: c_int) -> Result<()> {
    if code == 0 {
        Ok(())
    } else {
        Err(failed())
    }
}

/// Whether a failed call's error waits to be raised on this thread.
pub fn pending() -> bool {
    // SAFETY: reads a thread-local of protected.cpp.
    unsafe { luauffi_has_pending() != 0 }
}

/// Readies `state` for protected calls: the registry slot that keeps a failed
/// call's error value until it is raised. Called first when the module opens.
///
/// # Safety
/// `state` must be live.
pub unsafe fn prepare(state: *mut sys::lua_State) -> Result<()> {
    // SAFETY: the pseudo-index is this build's; the slot is made under a try block.
    unsafe {
        luauffi_configure(sys::LUA_REGISTRYINDEX);
        status(luauffi_prepare(state))
    }
}

/// Raises `error` in Luau: the kept error of a failed call when there is one,
/// the value at the top of the stack for [`ErrorKind::Propagate`], a string
/// otherwise. Only from a C function's guard: the function's stack is
/// abandoned, and nothing of its Rust frames may be alive.
///
/// A string error is raised on behalf of the script that called the C
/// function, so it starts with that script's position, as `luaL_error` and
/// LuaJIT's `lj_err_callermsg` put it (`script.luau:12: attempt to write to
/// constant location`; see [`super::stack::caller_position`]). This is the one
/// place that adds it: errors raised by Luau itself (a kept error, an error
/// value passed on unchanged) already say where they come from.
///
/// # Safety
/// `state` must be the running thread of the C function being left.
#[cold]
#[inline(never)]
pub unsafe fn raise(state: *mut sys::lua_State, error: Error) -> ! {
    if pending() {
        drop(error);
    } else if matches!(error.kind(), ErrorKind::Propagate) {
        drop(error);
        // SAFETY: the error value is at the top; nothing of ours is alive.
        unsafe { sys::lua_error(state) };
    } else {
        // SAFETY: reads debug information of the running call stack.
        let position = unsafe { super::stack::caller_position(state) };
        let message = format!("{position}{error}");
        drop(error);
        drop(position);
        // SAFETY: pushing a string; a failure is kept and raised below.
        let pushed = unsafe { push_bytes(state, &message.as_bytes()[..message.len().min(MAX_STRING)]) };
        drop(message);
        match pushed {
            // SAFETY: the message is at the top; nothing of ours is alive.
            Ok(()) => unsafe { sys::lua_error(state) },
            Err(failure) => drop(failure),
        }
    }
    // SAFETY: a failed call's error is pending, so this raises it.
    unsafe { luauffi_raise_pending(state) };
    // It returns only when nothing was pending, which the branches above exclude.
    std::process::abort()
}

/// A new userdata block of `size` bytes with the userdata tag `tag` and the
/// metatable registered for it (a cdata).
///
/// # Safety
/// `state` must be live with a free stack slot.
#[inline(always)]
pub unsafe fn new_tagged(state: *mut sys::lua_State, size: usize, tag: c_int) -> Result<*mut u8> {
    check_userdata_size(size)?;
    // SAFETY: a protected call.
    allocated(unsafe { luauffi_new_tagged(state, size, tag) })
}

/// A new userdata block of `size` bytes with the userdata tag `tag` and no
/// metatable yet (the caller sets one of its own).
///
/// # Safety
/// As [`new_tagged`].
pub unsafe fn new_tagged_bare(state: *mut sys::lua_State, size: usize, tag: c_int) -> Result<*mut u8> {
    check_userdata_size(size)?;
    // SAFETY: a protected call.
    allocated(unsafe { luauffi_new_tagged_bare(state, size, tag) })
}

/// Registers `getter` as Luau's direct getter of the field `field` for
/// userdata of `tag` (`lua_registeruserdatadirectfieldget`: interns and pins
/// the name, grows the tag's dispatch table).
///
/// # Safety
/// `state` must be live; [`super::field_getter::available`] must have said yes;
/// `getter` must be sound for every userdata of `tag` (see
/// [`super::field_getter`]).
pub unsafe fn register_field_getter(
    state: *mut sys::lua_State,
    tag: c_int,
    field: &CStr,
    getter: super::field_getter::FieldGetter,
) -> Result<()> {
    // SAFETY: a protected call.
    status(unsafe { luauffi_register_field_getter(state, tag, field.as_ptr(), getter) })
}

/// A new userdata block of `size` bytes freed with `dtor`.
///
/// # Safety
/// As [`new_tagged`].
pub unsafe fn new_userdata_dtor(state: *mut sys::lua_State, size: usize, dtor: sys::lua_Destructor) -> Result<*mut u8> {
    check_userdata_size(size)?;
    // SAFETY: a protected call.
    allocated(unsafe { luauffi_new_userdata_dtor(state, size, dtor) })
}

/// A new zeroed Luau buffer of `size` bytes.
///
/// # Safety
/// As [`new_tagged`].
pub unsafe fn new_buffer(state: *mut sys::lua_State, size: usize) -> Result<*mut u8> {
    if size > MAX_BUFFER {
        return Err(Error::message(format!("a Luau buffer holds at most {MAX_BUFFER} bytes")));
    }
    // SAFETY: a protected call.
    allocated(unsafe { luauffi_new_buffer(state, size) })
}

/// Refuses what Luau cannot allocate as a userdata, in LuaJIT's words.
#[inline(always)]
fn check_userdata_size(size: usize) -> Result<()> {
    if size > MAX_USERDATA {
        return Err(too_large());
    }
    Ok(())
}

/// The error of a userdata size beyond Luau's limit (out of line: the
/// allocations on hot paths keep a small frame).
#[cold]
#[inline(never)]
fn too_large() -> Error {
    Error::message("size of C type is unknown or too large")
}

/// The block an allocating wrapper returned; NULL when Luau raised.
#[inline(always)]
fn allocated(block: *mut c_void) -> Result<*mut u8> {
    if block.is_null() {
        return Err(failed());
    }
    Ok(block.cast())
}

/// Pushes `bytes` as a Luau string (LuaJIT's `string length overflow` beyond
/// Luau's limit).
///
/// # Safety
/// `state` must be live with a free stack slot.
#[inline]
pub unsafe fn push_bytes(state: *mut sys::lua_State, bytes: &[u8]) -> Result<()> {
    if bytes.len() > MAX_STRING {
        return Err(Error::message("string length overflow"));
    }
    // SAFETY: a protected call; Luau copies the bytes.
    status(unsafe { luauffi_push_lstring(state, bytes.as_ptr().cast(), bytes.len()) })
}

/// Pushes a Rust string.
///
/// # Safety
/// As [`push_bytes`].
#[inline]
pub unsafe fn push_str(state: *mut sys::lua_State, s: &str) -> Result<()> {
    // SAFETY: forwarded.
    unsafe { push_bytes(state, s.as_bytes()) }
}

/// Pushes a new table with room for `narray` and `nrec` entries.
///
/// # Safety
/// As [`push_bytes`].
pub unsafe fn create_table(state: *mut sys::lua_State, narray: c_int, nrec: c_int) -> Result<()> {
    // SAFETY: a protected call.
    status(unsafe { luauffi_create_table(state, narray, nrec) })
}

/// Pushes a copy of the table at `idx` (its entries and metatable).
///
/// # Safety
/// As [`push_bytes`]; `idx` must hold a table.
pub unsafe fn clone_table(state: *mut sys::lua_State, idx: c_int) -> Result<()> {
    // SAFETY: a protected call.
    status(unsafe { luauffi_clone_table(state, idx) })
}

/// Pushes the C function `function` as a closure over the `nup` values at the
/// top (which it pops).
///
/// # Safety
/// As [`push_bytes`]; `nup` values must be on the stack.
pub unsafe fn push_closure(
    state: *mut sys::lua_State,
    function: sys::lua_CFunction,
    debug_name: &CStr,
    nup: c_int,
) -> Result<()> {
    // SAFETY: a protected call; Luau copies the name.
    status(unsafe { luauffi_push_closure(state, function, debug_name.as_ptr(), nup) })
}

/// `t[key] = v` for the table `t` at `idx` and the value `v` at the top (popped).
///
/// # Safety
/// `idx` must hold a table that is not read-only; a value must be on the stack.
pub unsafe fn raw_set_field(state: *mut sys::lua_State, idx: c_int, key: &CStr) -> Result<()> {
    // SAFETY: a protected call.
    status(unsafe { luauffi_raw_set_field(state, idx, key.as_ptr()) })
}

/// `t[k] = v` for the table `t` at `idx`, `k` below the top and `v` at the top
/// (both popped).
///
/// # Safety
/// `idx` must hold a table that is not read-only; `k` must not be nil or NaN.
pub unsafe fn raw_set(state: *mut sys::lua_State, idx: c_int) -> Result<()> {
    // SAFETY: a protected call.
    status(unsafe { luauffi_raw_set(state, idx) })
}

/// `t[n] = v` for the table `t` at `idx` and the value `v` at the top (popped).
///
/// # Safety
/// `idx` must hold a table that is not read-only; a value must be on the stack.
pub unsafe fn raw_set_index(state: *mut sys::lua_State, idx: c_int, n: c_int) -> Result<()> {
    // SAFETY: a protected call.
    status(unsafe { luauffi_raw_set_index(state, idx, n) })
}

/// Pushes `t[key]` of the table `t` at `idx` and returns its type (interning
/// the key may allocate).
///
/// # Safety
/// `idx` must hold a table; the stack needs a free slot.
pub unsafe fn raw_get_field(state: *mut sys::lua_State, idx: c_int, key: &CStr) -> Result<c_int> {
    let mut ty = 0;
    // SAFETY: a protected call.
    status(unsafe { luauffi_raw_get_field(state, idx, key.as_ptr(), &mut ty) })?;
    Ok(ty)
}

/// Pops the table (or nil) at the top and makes it the metatable of the value
/// at `idx`.
///
/// # Safety
/// `idx` must hold a userdata or a table that is not read-only.
pub unsafe fn set_metatable(state: *mut sys::lua_State, idx: c_int) -> Result<()> {
    // SAFETY: a protected call.
    status(unsafe { luauffi_set_metatable(state, idx) })
}

/// A registry reference to the value at `idx` (`lua_ref`).
///
/// # Safety
/// `idx` must be a valid stack index.
pub unsafe fn reference(state: *mut sys::lua_State, idx: c_int) -> Result<c_int> {
    let mut reference = sys::LUA_NOREF;
    // SAFETY: a protected call.
    status(unsafe { luauffi_ref(state, idx, &mut reference) })?;
    Ok(reference)
}

/// Ensures room for `size` more stack slots; `Ok(false)` when the stack cannot
/// grow that far (Luau's limit).
///
/// # Safety
/// `state` must be live.
pub unsafe fn check_stack(state: *mut sys::lua_State, size: c_int) -> Result<bool> {
    let mut ok = 0;
    // SAFETY: a protected call.
    status(unsafe { luauffi_check_stack(state, size, &mut ok) })?;
    Ok(ok != 0)
}

/// The bytes of the string at `idx`, valid while the value stays on the stack.
///
/// # Safety
/// The value at `idx` must be a string (`lua_tolstring` converts a number in
/// place, which allocates).
#[inline(always)]
pub unsafe fn string_at<'a>(state: *mut sys::lua_State, idx: c_int) -> &'a [u8] {
    let mut len = 0usize;
    // SAFETY: a string is returned as is, without allocating.
    unsafe {
        let data = sys::lua_tolstring(state, idx, &mut len);
        std::slice::from_raw_parts(data.cast::<u8>(), len)
    }
}

#[cfg(test)]
mod tests {
    use super::RAISING;
    use std::path::Path;

    /// Whether `name` occurs in `line` as a whole identifier.
    fn mentions(line: &str, name: &str) -> bool {
        let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
        line.match_indices(name).any(|(at, _)| {
            let before = line[..at].chars().next_back();
            let after = line[at + name.len()..].chars().next();
            !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
        })
    }

    /// `luaL_*` identifiers in `line`.
    fn mentions_auxiliary(line: &str) -> bool {
        line.match_indices("luaL_")
            .any(|(at, _)| !line[..at].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_'))
    }

    fn scan(dir: &Path, own: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                scan(&path, own, found);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") || path == own {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (number, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                let hits: Vec<&str> = RAISING.iter().copied().filter(|name| mentions(code, name)).collect();
                if !hits.is_empty() || mentions_auxiliary(code) {
                    found.push(format!("{}:{}: {}", path.display(), number + 1, line.trim()));
                }
            }
        }
    }

    #[test]
    fn raising_functions_are_called_only_through_this_layer() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let own = src.join("lua").join("protected.rs");
        let mut found = Vec::new();
        scan(&src, &own, &mut found);
        assert!(found.is_empty(), "raw raising Luau calls outside src/lua/protected.rs:\n{}", found.join("\n"));
    }

    #[test]
    fn the_scan_recognises_calls() {
        assert!(mentions("        sys::lua_ref(state, -1);", "lua_ref"));
        assert!(!mentions("sys::lua_refx(state)", "lua_ref"));
        assert!(!mentions("lua_unref(state, r)", "lua_ref"));
        assert!(mentions_auxiliary("sys::luaL_traceback(state, state, null, 1)"));
    }
}
