//! Direct reads of the running C function's frame: its arguments, its
//! upvalues and the payloads of its string and userdata arguments, read from
//! Luau 0.740's own structures instead of through the C API.
//!
//! Why: every C API read costs a call, `index2addr`'s range checks and, in
//! luau0-src's build (which keeps Luau's assertions), an assertion or two: 30
//! to 70 instructions. A C call such as `add(i, 1)` makes five of them (the
//! upvalue holding the function, two argument types, two numbers), which is
//! more than the crossing into the C function costs. Read directly, each is a
//! load or two.
//!
//! What is read, and only that: the slots of the running C function's frame
//! (`L->base` up to `L->top`), its closure (`L->ci->func`) and that closure's
//! upvalues, the length and bytes of a string and the tag and payload of a
//! userdata found there. Luau does not move or change any of them while the C
//! function runs without calling back into Luau, and these reads never keep a
//! pointer across such a call. Nothing is ever written.
//!
//! The layout, Luau 0.740 (luau0-src 0.22.0+luau740: `lstate.h`, `lobject.h`),
//! 64-bit targets, `LUA_VECTOR_SIZE` 3:
//!
//! | structure | field | offset |
//! |---|---|---:|
//! | `lua_State` | `top`, `base`, `ci` | 8, 16, 32 |
//! | `lua_State` | `end_ci`, `base_ci` | 56, 64 |
//! | `CallInfo` (48 bytes) | `base`, `func` | 0, 8 |
//! | `TValue` (16 bytes) | `value`, `tt` | 0, 12 |
//! | `TString` | `len`, `data` | 20, 24 |
//! | `Udata` | `tag`, `metatable`, `data` | 3, 8, 16 |
//! | `Closure` | `isC`, `nupvalues`, `c.f`, `c.upvals` | 3, 4, 24, 48 |
//!
//! Why it is safe to rely on: a module-mode cdylib only runs in a host whose
//! ABI marker names the same Luau version (`crate::abi_marker`), and an
//! in-process build links exactly the Luau its Cargo.lock names. On top of
//! that, [`verify`] checks the layout against the C API once per process,
//! when the module first opens: a probe closure with known upvalues is called
//! with one argument of every kind, and every offset above is compared with
//! what the API answers (frame size, type tags, numbers, string and userdata
//! payloads and a userdata's metatable, the closure's own function pointer,
//! both upvalues), each pointer
//! checked before it is followed. Only when everything agrees are the reads
//! here direct; otherwise (another Luau, or one built differently) each goes
//! through the C API and gives the same answer more slowly. The environment
//! variable `LUAU_FFI_DIRECT_READS=0` forces the API path (the tests run the
//! scripts that way too).

use std::ffi::c_void;
use std::os::raw::c_int;
use std::sync::atomic::{AtomicU8, Ordering::Relaxed};

use super::{protected, sys};
use crate::error::Result;

/// Offsets into `lua_State`.
const STATE_TOP: usize = 8;
const STATE_BASE: usize = 16;
const STATE_CI: usize = 32;
const STATE_END_CI: usize = 56;
const STATE_BASE_CI: usize = 64;
/// Offsets into `CallInfo`, and its size.
const CI_BASE: usize = 0;
const CI_FUNC: usize = 8;
const CI_SIZE: usize = 48;
/// `TValue`: its size and the offset of its type tag.
const TVALUE_SIZE: usize = 16;
const TVALUE_TT: usize = 12;
/// Offsets into `TString`.
const STRING_LEN: usize = 20;
const STRING_DATA: usize = 24;
/// Offsets into `Udata`.
const UDATA_TAG: usize = 3;
const UDATA_METATABLE: usize = 8;
const UDATA_DATA: usize = 16;
/// Offsets into a C `Closure`.
const CLOSURE_IS_C: usize = 3;
const CLOSURE_NUPVALUES: usize = 4;
const CLOSURE_F: usize = 24;
const CLOSURE_UPVALS: usize = 48;

/// Not verified yet, verified (direct reads), or not usable (the C API).
const UNKNOWN: u8 = 0;
const DIRECT: u8 = 1;
const API: u8 = 2;

/// What [`verify`] found, for this process: the layout is a property of the
/// Luau code this copy of the module runs against, which is one per process
/// (the one it links, or the host's it binds to).
static MODE: AtomicU8 = AtomicU8::new(UNKNOWN);

/// Whether reads are direct (the layout was verified).
#[inline(always)]
pub fn is_direct() -> bool {
    MODE.load(Relaxed) == DIRECT
}

#[inline(always)]
unsafe fn read<T: Copy>(base: *const u8, offset: usize) -> T {
    // SAFETY: the caller names a field of a live structure (see the module docs).
    unsafe { std::ptr::read(base.add(offset).cast::<T>()) }
}

/// The slot of argument `idx` (1-based) of the running C function, or `None`
/// beyond its arguments.
#[inline(always)]
unsafe fn slot(state: *mut sys::lua_State, idx: c_int) -> Option<*const u8> {
    // SAFETY: top and base of the running thread (verified layout).
    unsafe {
        let state = state as *const u8;
        let base: *const u8 = read(state, STATE_BASE);
        let top: *const u8 = read(state, STATE_TOP);
        let slot = base.wrapping_add((idx as usize - 1) * TVALUE_SIZE);
        (slot < top).then_some(slot)
    }
}

#[inline(always)]
unsafe fn tag_of(slot: *const u8) -> c_int {
    // SAFETY: a slot of the frame.
    unsafe { read(slot, TVALUE_TT) }
}

/// The number of arguments of the running C function (`lua_gettop`).
///
/// # Safety
/// Inside a C function, before it pushes anything.
#[inline(always)]
pub unsafe fn arg_count(state: *mut sys::lua_State) -> c_int {
    // SAFETY: see the module docs.
    unsafe {
        if !is_direct() {
            return sys::lua_gettop(state);
        }
        let base: usize = read(state as *const u8, STATE_BASE);
        let top: usize = read(state as *const u8, STATE_TOP);
        ((top - base) / TVALUE_SIZE) as c_int
    }
}

/// The Luau type of stack value `idx` (`lua_type`): `LUA_TNONE` beyond the top.
///
/// # Safety
/// `state` is the running thread of a C function; `idx` is a valid index.
#[inline(always)]
pub unsafe fn value_type(state: *mut sys::lua_State, idx: c_int) -> c_int {
    // SAFETY: see the module docs.
    unsafe {
        if idx <= 0 || !is_direct() {
            return sys::lua_type(state, idx);
        }
        match slot(state, idx) {
            Some(slot) => tag_of(slot),
            None => sys::LUA_TNONE,
        }
    }
}

/// The number at `idx`, if the value there is a number (no coercion from
/// strings).
///
/// # Safety
/// As [`value_type`].
#[inline(always)]
pub unsafe fn number(state: *mut sys::lua_State, idx: c_int) -> Option<f64> {
    // SAFETY: see the module docs.
    unsafe {
        if idx <= 0 || !is_direct() {
            return (sys::lua_type(state, idx) == sys::LUA_TNUMBER)
                .then(|| sys::lua_tonumberx(state, idx, std::ptr::null_mut()));
        }
        let slot = slot(state, idx)?;
        (tag_of(slot) == sys::LUA_TNUMBER).then(|| read(slot, 0))
    }
}

/// The number at `idx`, known to be one (`lua_tonumberx` of a number).
///
/// # Safety
/// As [`value_type`]; the value at `idx` is a number.
#[inline(always)]
pub unsafe fn number_unchecked(state: *mut sys::lua_State, idx: c_int) -> f64 {
    // SAFETY: see the module docs; the caller checked the type.
    unsafe {
        if idx <= 0 || !is_direct() {
            return sys::lua_tonumberx(state, idx, std::ptr::null_mut());
        }
        match slot(state, idx) {
            Some(slot) => read(slot, 0),
            None => 0.0,
        }
    }
}

/// The bytes of the string at `idx`, if the value there is a string (numbers
/// are not converted). They live as long as the value stays on the stack.
///
/// # Safety
/// As [`value_type`].
#[inline(always)]
pub unsafe fn bytes<'a>(state: *mut sys::lua_State, idx: c_int) -> Option<&'a [u8]> {
    // SAFETY: see the module docs.
    unsafe {
        if idx <= 0 || !is_direct() {
            return (sys::lua_type(state, idx) == sys::LUA_TSTRING).then(|| protected::string_at(state, idx));
        }
        let slot = slot(state, idx)?;
        if tag_of(slot) != sys::LUA_TSTRING {
            return None;
        }
        let string: *const u8 = read(slot, 0);
        let len: u32 = read(string, STRING_LEN);
        Some(std::slice::from_raw_parts(string.add(STRING_DATA), len as usize))
    }
}

/// The payload of the userdata at `idx` if its userdata tag lies in
/// `lowest..=highest`, else null.
///
/// # Safety
/// As [`value_type`].
#[inline(always)]
pub unsafe fn userdata_in_tags(state: *mut sys::lua_State, idx: c_int, lowest: c_int, highest: c_int) -> *mut c_void {
    let in_range = |tag: c_int| (tag.wrapping_sub(lowest) as u32) <= (highest - lowest) as u32;
    // SAFETY: see the module docs.
    unsafe {
        if idx <= 0 || !is_direct() {
            return if in_range(sys::lua_userdatatag(state, idx)) {
                sys::lua_touserdata(state, idx)
            } else {
                std::ptr::null_mut()
            };
        }
        match slot(state, idx) {
            Some(slot) if tag_of(slot) == sys::LUA_TUSERDATA => {
                let udata: *mut u8 = read(slot, 0);
                if in_range(read::<u8>(udata, UDATA_TAG) as c_int) {
                    udata.add(UDATA_DATA).cast()
                } else {
                    std::ptr::null_mut()
                }
            }
            _ => std::ptr::null_mut(),
        }
    }
}

/// The payload of the full userdata at `idx` if its metatable is the table
/// at address `metatable` (`lua_topointer` of it), else null.
///
/// # Safety
/// As [`value_type`]; the stack has room for one more value (the API path
/// pushes the metatable).
#[inline(always)]
pub unsafe fn userdata_with_metatable(state: *mut sys::lua_State, idx: c_int, metatable: *const c_void) -> *mut c_void {
    // SAFETY: see the module docs.
    unsafe {
        if idx <= 0 || !is_direct() {
            if sys::lua_type(state, idx) != sys::LUA_TUSERDATA || sys::lua_getmetatable(state, idx) == 0 {
                return std::ptr::null_mut();
            }
            let same = sys::lua_topointer(state, -1) == metatable;
            sys::lua_settop(state, -2);
            return if same { sys::lua_touserdata(state, idx) } else { std::ptr::null_mut() };
        }
        match slot(state, idx) {
            Some(slot) if tag_of(slot) == sys::LUA_TUSERDATA => {
                let udata: *mut u8 = read(slot, 0);
                if read::<*const c_void>(udata, UDATA_METATABLE) == metatable {
                    udata.add(UDATA_DATA).cast()
                } else {
                    std::ptr::null_mut()
                }
            }
            _ => std::ptr::null_mut(),
        }
    }
}

/// The payload of the full userdata at `idx`, which is known to be one (a
/// metamethod's operand of the module's own userdata tag).
///
/// # Safety
/// As [`value_type`]; the value at `idx` is a full userdata.
#[inline(always)]
pub unsafe fn userdata_unchecked(state: *mut sys::lua_State, idx: c_int) -> *mut c_void {
    // SAFETY: see the module docs; the caller knows the type.
    unsafe {
        if idx <= 0 || !is_direct() {
            return sys::lua_touserdata(state, idx);
        }
        match slot(state, idx) {
            Some(slot) => read::<*mut u8>(slot, 0).add(UDATA_DATA).cast(),
            None => std::ptr::null_mut(),
        }
    }
}

/// What a metamethod's shortcut reads of its frame at once: upvalue 1 (a
/// light userdata), the payload of the userdata at index 1 and the number of
/// arguments. `None` when reads go through the C API, or index 1 holds no
/// userdata: the caller then takes its general path.
#[derive(Clone, Copy)]
pub struct UserdataFrame {
    /// Upvalue 1 of the running C closure, a light userdata.
    pub upvalue: *mut c_void,
    /// The payload of the userdata at index 1.
    pub first: *mut c_void,
    /// The number of arguments, the userdata included.
    pub args: c_int,
    /// The frame's first slot.
    base: *const u8,
}

impl UserdataFrame {
    /// The number at index `idx` of the frame (`idx` at least 2), if the
    /// value there is one.
    #[inline(always)]
    pub fn number(&self, idx: c_int) -> Option<f64> {
        if idx > self.args {
            return None;
        }
        // SAFETY: a slot of the frame, below its top (verified layout).
        unsafe {
            let slot = self.base.add((idx as usize - 1) * TVALUE_SIZE);
            (tag_of(slot) == sys::LUA_TNUMBER).then(|| read::<f64>(slot, 0))
        }
    }
}

/// The running C closure's [`UserdataFrame`], with one layout check for all
/// three reads.
///
/// # Safety
/// Inside a C closure whose upvalue 1 is a light userdata, before it pushes
/// anything.
#[inline(always)]
pub unsafe fn userdata_frame(state: *mut sys::lua_State) -> Option<UserdataFrame> {
    // SAFETY: see the module docs.
    unsafe {
        if !is_direct() {
            return None;
        }
        let base: *const u8 = read(state as *const u8, STATE_BASE);
        let top: *const u8 = read(state as *const u8, STATE_TOP);
        if base >= top || tag_of(base) != sys::LUA_TUSERDATA {
            return None;
        }
        Some(UserdataFrame {
            upvalue: read(upvalue_slot(state, 1), 0),
            first: read::<*mut u8>(base, 0).add(UDATA_DATA).cast(),
            args: ((top as usize - base as usize) / TVALUE_SIZE) as c_int,
            base,
        })
    }
}

/// The upvalue slot `n` (1-based) of the running C closure.
#[inline(always)]
unsafe fn upvalue_slot(state: *mut sys::lua_State, n: c_int) -> *const u8 {
    // SAFETY: the running C function's closure (verified layout); the caller
    // names one of its upvalues.
    unsafe {
        let ci: *const u8 = read(state as *const u8, STATE_CI);
        let func: *const u8 = read(ci, CI_FUNC);
        let closure: *const u8 = read(func, 0);
        debug_assert!(n >= 1 && n as u8 <= read::<u8>(closure, CLOSURE_NUPVALUES));
        closure.add(CLOSURE_UPVALS + (n as usize - 1) * TVALUE_SIZE)
    }
}

/// Upvalue `n` of the running C closure, known to be a light userdata
/// (`lua_tolightuserdata(L, lua_upvalueindex(n))`).
///
/// # Safety
/// Inside a C closure whose upvalue `n` is a light userdata.
#[inline(always)]
pub unsafe fn light_upvalue(state: *mut sys::lua_State, n: c_int) -> *mut c_void {
    // SAFETY: see the module docs.
    unsafe {
        if !is_direct() {
            return sys::lua_tolightuserdata(state, sys::lua_upvalueindex(n));
        }
        read(upvalue_slot(state, n), 0)
    }
}

/// The payload of upvalue `n` of the running C closure, known to be a full
/// userdata (`lua_touserdata(L, lua_upvalueindex(n))`).
///
/// # Safety
/// Inside a C closure whose upvalue `n` is a full userdata.
#[inline(always)]
pub unsafe fn userdata_upvalue(state: *mut sys::lua_State, n: c_int) -> *mut c_void {
    // SAFETY: see the module docs.
    unsafe {
        if !is_direct() {
            return sys::lua_touserdata(state, sys::lua_upvalueindex(n));
        }
        read::<*mut u8>(upvalue_slot(state, n), 0).add(UDATA_DATA).cast()
    }
}

/// Decides, once per process, whether reads are direct: unless
/// `LUAU_FFI_DIRECT_READS=0` says otherwise, a probe closure is called with
/// one value of every kind and compares the layout with the API (see the
/// module docs). A failure to make the probe's values (out of memory) is
/// returned, and the decision is left for the next module to open.
///
/// # Safety
/// `state` must be live, inside a C function, holding no Rust borrow of any
/// module state (the probe runs as a Luau call).
pub unsafe fn verify(state: *mut sys::lua_State) -> Result<()> {
    if MODE.load(Relaxed) != UNKNOWN {
        return Ok(());
    }
    if std::env::var_os("LUAU_FFI_DIRECT_READS").is_some_and(|v| v == "0") {
        MODE.store(API, Relaxed);
        return Ok(());
    }
    let mut outcome = ProbeOutcome { ran: false, agreed: false };
    // SAFETY: protected pushes, then one protected call of the probe, which
    // only reads; the stack is put back as it was.
    unsafe {
        let top = sys::lua_gettop(state);
        let pushed = push_probe_call(state, &mut outcome);
        let called = pushed.map(|nargs| sys::lua_pcall(state, nargs, 0, 0));
        sys::lua_settop(state, top);
        called?;
    }
    let mode = if outcome.ran && outcome.agreed { DIRECT } else { API };
    MODE.store(mode, Relaxed);
    Ok(())
}

/// What the probe found.
struct ProbeOutcome {
    ran: bool,
    agreed: bool,
}

/// The sample the probe compares: a distinctive number and string.
const SAMPLE_NUMBER: f64 = -1234.5625;
const SAMPLE_STRING: &[u8] = b"luau-ffi layout probe";
/// How many arguments and upvalues the probe gets.
const PROBE_UPVALUES: u8 = 2;

unsafe extern "C" fn sample_dtor(_state: *mut sys::lua_State, _data: *mut c_void) {}

/// Pushes the probe closure and its arguments; returns the argument count.
unsafe fn push_probe_call(state: *mut sys::lua_State, outcome: &mut ProbeOutcome) -> Result<c_int> {
    // SAFETY: protected pushes on a stack made big enough first.
    unsafe {
        if !protected::check_stack(state, 16)? {
            return Err(crate::error::Error::message("stack overflow"));
        }
        protected::new_userdata_dtor(state, 8, sample_dtor)?;
        let userdata = sys::lua_gettop(state);
        protected::create_table(state, 0, 0)?;
        protected::set_metatable(state, userdata)?;
        let outcome = (outcome as *mut ProbeOutcome).cast::<c_void>();
        sys::lua_pushlightuserdata(state, outcome);
        sys::lua_pushvalue(state, userdata);
        protected::push_closure(state, probe, c"luau-ffi layout probe", PROBE_UPVALUES as c_int)?;
        let function = sys::lua_gettop(state);
        sys::lua_pushnil(state);
        sys::lua_pushboolean(state, 1);
        sys::lua_pushnumber(state, SAMPLE_NUMBER);
        protected::push_bytes(state, SAMPLE_STRING)?;
        sys::lua_pushlightuserdata(state, outcome);
        protected::create_table(state, 0, 0)?;
        sys::lua_pushvalue(state, userdata);
        sys::lua_pushvalue(state, function);
        Ok(sys::lua_gettop(state) - function)
    }
}

/// The probe: compares the layout with the API for its own frame. Never
/// raises (it only reads).
unsafe extern "C-unwind" fn probe(state: *mut sys::lua_State) -> c_int {
    // SAFETY: upvalue 1 is the outcome (see push_probe_call), read by the API.
    unsafe {
        let outcome = &mut *sys::lua_tolightuserdata(state, sys::lua_upvalueindex(1)).cast::<ProbeOutcome>();
        outcome.ran = true;
        outcome.agreed = layout_agrees(state);
    }
    0
}

/// Whether `metatable` is the metatable of the userdata at `idx` as the API
/// sees it, and a table (the probe's sample has one, so the offset is tested).
unsafe fn metatable_agrees(state: *mut sys::lua_State, idx: c_int, metatable: *const c_void) -> bool {
    // SAFETY: API reads; the stack is put back.
    unsafe {
        if sys::lua_getmetatable(state, idx) == 0 {
            return false;
        }
        let agrees = sys::lua_topointer(state, -1) == metatable;
        sys::lua_settop(state, -2);
        agrees
    }
}

/// Whether every offset of the module docs agrees with the API in the frame
/// of the probe. Each pointer is checked, as far as the API can tell, before it
/// is followed.
unsafe fn layout_agrees(state: *mut sys::lua_State) -> bool {
    // SAFETY: reads at the offsets under test; a pointer is followed only once
    // the reads before it agreed with the API (see the module docs).
    unsafe {
        let l = state as *const u8;
        let n = sys::lua_gettop(state);
        let base: *const u8 = read(l, STATE_BASE);
        let top: *const u8 = read(l, STATE_TOP);
        if n < 1 || base.is_null() || top < base || (top as usize - base as usize) != n as usize * TVALUE_SIZE {
            return false;
        }
        // Every argument: its tag, then its payload.
        for idx in 1..=n {
            let slot = base.add((idx as usize - 1) * TVALUE_SIZE);
            let tag: c_int = read(slot, TVALUE_TT);
            if tag != sys::lua_type(state, idx) {
                return false;
            }
            let agrees = match tag {
                sys::LUA_TNIL => true,
                sys::LUA_TBOOLEAN => (read::<c_int>(slot, 0) != 0) == (sys::lua_toboolean(state, idx) != 0),
                sys::LUA_TNUMBER => {
                    read::<u64>(slot, 0) == sys::lua_tonumberx(state, idx, std::ptr::null_mut()).to_bits()
                }
                sys::LUA_TLIGHTUSERDATA => read::<*mut c_void>(slot, 0) == sys::lua_tolightuserdata(state, idx),
                sys::LUA_TSTRING => {
                    let api = protected::string_at(state, idx);
                    let string: *const u8 = read(slot, 0);
                    string.wrapping_add(STRING_DATA) == api.as_ptr()
                        && read::<u32>(string, STRING_LEN) as usize == api.len()
                }
                sys::LUA_TUSERDATA => {
                    let udata: *const u8 = read(slot, 0);
                    let data = sys::lua_touserdata(state, idx);
                    udata.wrapping_add(UDATA_DATA) == data.cast::<u8>().cast_const()
                        && read::<u8>(udata, UDATA_TAG) as c_int == sys::lua_userdatatag(state, idx)
                        && metatable_agrees(state, idx, read(udata, UDATA_METATABLE))
                }
                sys::LUA_TTABLE | sys::LUA_TFUNCTION => {
                    read::<*const c_void>(slot, 0) == sys::lua_topointer(state, idx)
                }
                _ => false,
            };
            if !agrees {
                return false;
            }
        }
        // The samples the probe was given, so that the checks above saw each kind.
        let kinds = [sys::LUA_TNUMBER, sys::LUA_TSTRING, sys::LUA_TUSERDATA, sys::LUA_TLIGHTUSERDATA];
        if !kinds.iter().all(|kind| (1..=n).any(|idx| sys::lua_type(state, idx) == *kind)) {
            return false;
        }
        // The call info: inside the array of call infos, of the running frame.
        let ci: *const u8 = read(l, STATE_CI);
        let base_ci: *const u8 = read(l, STATE_BASE_CI);
        let end_ci: *const u8 = read(l, STATE_END_CI);
        if base_ci.is_null() || ci < base_ci || ci > end_ci || (ci as usize - base_ci as usize) % CI_SIZE != 0 {
            return false;
        }
        let func: *const u8 = read(ci, CI_FUNC);
        if read::<*const u8>(ci, CI_BASE) != base || func != base.wrapping_sub(TVALUE_SIZE) {
            return false;
        }
        // The closure: a C function, this one, with its two upvalues.
        if read::<c_int>(func, TVALUE_TT) != sys::LUA_TFUNCTION {
            return false;
        }
        let closure: *const u8 = read(func, 0);
        let probe_fn: sys::lua_CFunction = probe;
        if read::<u8>(closure, CLOSURE_IS_C) != 1
            || read::<u8>(closure, CLOSURE_NUPVALUES) != PROBE_UPVALUES
            || read::<usize>(closure, CLOSURE_F) != probe_fn as usize
        {
            return false;
        }
        let first = closure.add(CLOSURE_UPVALS);
        let second = first.add(TVALUE_SIZE);
        read::<c_int>(first, TVALUE_TT) == sys::LUA_TLIGHTUSERDATA
            && read::<*mut c_void>(first, 0) == sys::lua_tolightuserdata(state, sys::lua_upvalueindex(1))
            && read::<c_int>(second, TVALUE_TT) == sys::LUA_TUSERDATA
            && read::<*const u8>(second, 0).wrapping_add(UDATA_DATA)
                == sys::lua_touserdata(state, sys::lua_upvalueindex(2)).cast::<u8>().cast_const()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On this build the layout must verify: otherwise every call quietly takes
    /// the slower API path.
    #[test]
    fn the_layout_of_this_luau_is_verified() {
        if std::env::var_os("LUAU_FFI_DIRECT_READS").is_some() {
            return;
        }
        let lua = mlua::Lua::new();
        // SAFETY: a fresh state; verify leaves the stack as it found it.
        unsafe {
            lua.exec_raw::<()>((), |state| {
                let top = sys::lua_gettop(state);
                verify(state).expect("the probe's values");
                assert_eq!(sys::lua_gettop(state), top);
            })
            .unwrap();
        }
        assert!(is_direct(), "Luau 0.740's layout, checked against its C API");
    }
}
