//! Luau functions as C function pointers.
//!
//! A callback is a closure (`crate::native::closure`) whose handler calls a Luau
//! function on the thread that is running the FFI call into C. How arguments
//! and the result convert is decided once, when the callback is made. Nothing
//! unwinds through C: the
//! Luau function runs under `pcall`; an error is kept, C gets a zero result,
//! and the error is raised once the FFI call that entered C returns. The error
//! value arrives unchanged, except that a string raised inside the callback
//! gets the callback's traceback appended once (by the message handler, where
//! the stack is still there); an error passing up through nested callbacks is
//! left alone at every level above the one that raised it. A callback invoked
//! on another OS thread never touches the VM (the closure's foreign-thread
//! hook prints a message and aborts).

use std::cell::{Cell, RefCell};
use std::ffi::{c_int, c_void, CStr};
use std::rc::Rc;
use std::sync::Arc;

use super::plan::RetPlan;
use super::Calls;
use crate::cdata::convert::{self, shape, Aggregate, Cx, Mode, Shape};
use crate::cdata::from_c;
use crate::cdata::int64::Int64;
use crate::cdata::object::{self, FLAG_CALLBACK};
use crate::ctype::{CKind, CTypeId, CTypeTable};
use crate::error::{Error, Result};
use crate::fxhash::FxHashMap;
use crate::lua::stack::{get_bytes, get_ref};
use crate::lua::{protected, sys};
use crate::native::closure::Closure;
use crate::native::CallInterface;

/// The callbacks of one module, and the errors they carry to the C calls that
/// ran them. Only this file reads or writes these fields.
pub struct Callbacks {
    /// Live callbacks by code address.
    live: RefCell<FxHashMap<usize, Callback>>,
    /// The error a callback raised during the current C call (a registry
    /// reference, or [`RAISED`]), raised when that call returns
    /// ([`take_error`]); `LUA_NOREF` when there is none.
    error: Cell<c_int>,
    /// Callbacks running now (nested: C calling back during a callback's FFI call).
    depth: Cell<u32>,
    /// Registry reference of the error value an FFI call raised during a
    /// callback, after a nested callback recorded it: the callback's message
    /// handler passes it on unchanged.
    propagated: Cell<c_int>,
    /// Counts releases of callbacks' function references (`cb:free`,
    /// `cb:set`), after which a reference number may name another function
    /// (see [`CallbackFrame`]).
    generation: Cell<u64>,
    /// Registry reference of the callbacks' `pcall` message handler.
    traceback_ref: Cell<c_int>,
}

impl Default for Callbacks {
    fn default() -> Self {
        Callbacks {
            live: RefCell::default(),
            error: Cell::new(sys::LUA_NOREF),
            depth: Cell::new(0),
            propagated: Cell::new(sys::LUA_NOREF),
            generation: Cell::new(0),
            traceback_ref: Cell::new(sys::LUA_NOREF),
        }
    }
}

impl Callbacks {
    /// Records that a callback's function reference was released (its number
    /// may now name another function; see [`CallbackFrame`]).
    fn function_released(&self) {
        self.generation.set(self.generation.get() + 1);
    }
}

/// One live callback: the closure and the Luau function it calls.
pub struct Callback {
    /// Owned, never read: dropping the callback frees its code.
    _closure: Closure,
    shared: Rc<Shared>,
}

/// What the closure's handler reads on every invocation.
struct Shared {
    calls: *const Calls,
    /// Bytes of the C result, zeroed before the Luau function runs.
    result_size: usize,
    /// Registry reference of the Luau function; `cb:set(fn)` swaps it.
    function: Cell<c_int>,
    /// How each argument reaches Luau.
    args: Box<[ArgPush]>,
    /// How the Luau result reaches C.
    result: ResultStore,
}

/// How a callback argument reaches Luau, decided when the callback is made.
#[derive(Clone, Copy, Debug)]
enum ArgPush {
    /// A bool or a number that is not a 64-bit integer: read directly.
    Scalar(Shape),
    /// A 64-bit integer (signed when set): a number when exact, else boxed
    /// (`crate::cdata::from_c`).
    Int64(bool),
    /// A pointer: `nil` when NULL, else a new pointer cdata of this type.
    Pointer(CTypeId),
    /// Anything else, through the general conversion.
    General(CTypeId),
}

/// How the callback's Luau result reaches C.
#[derive(Clone, Copy, Debug)]
enum ResultStore {
    /// `void`: the result is ignored.
    Void,
    /// An integer or float: a Luau number is stored directly, anything else
    /// goes through the general conversion of the type.
    Number(Shape, CTypeId),
    /// `bool`: nil is false, otherwise the general conversion.
    Bool(CTypeId),
    /// The general conversion of the type.
    General(CTypeId),
}

/// Stack slots that callbacks keep in the frame of the FFI call in progress:
/// the `pcall` message handler and the Luau function of the callback invoked
/// last, so that invoking a callback again during the same C call (a qsort
/// comparator) costs two stack copies instead of two registry reads. Every FFI
/// call starts with none ([`CallbackFrame::NONE`]) and restores its caller's
/// when C returns (its call scope does both: `super::scope`), so slots are only
/// ever used inside the frame that made them.
#[derive(Clone, Copy, Debug)]
pub struct CallbackFrame {
    /// Stack index of the message handler; 0 when the frame has no slots yet.
    /// The cached function is in the slot above it.
    handler: c_int,
    /// Registry reference the cached function was read from.
    function_ref: c_int,
    /// Free stack slots above the cached function ensured by `lua_checkstack`
    /// (each invocation returns the stack to that level).
    room: c_int,
    /// [`Callbacks::generation`] when it was read: references freed
    /// since then may have been reused for other functions.
    generation: u64,
}

impl CallbackFrame {
    /// No slots: the state outside FFI calls and at the start of each.
    pub const NONE: CallbackFrame = CallbackFrame { handler: 0, function_ref: sys::LUA_NOREF, room: 0, generation: 0 };
}

/// The function type of a callback of `pointer_type`, or, when a Luau function
/// cannot become one, LuaJIT's conversion message for the caller to place
/// (`cannot convert 'function' to 'int'`): `pointer_type` is no pointer to a
/// function, or the function is variadic (C would pass arguments the callback
/// cannot know of).
pub fn callback_function_type(types: &CTypeTable, pointer_type: CTypeId) -> std::result::Result<CTypeId, String> {
    let cannot = || format!("cannot convert 'function' to '{}'", types.name(pointer_type));
    match types.kind(pointer_type) {
        CKind::Pointer { to } => match types.kind(*to) {
            CKind::Function { variadic: true, .. } => Err(format!("{}: a callback cannot be variadic", cannot())),
            CKind::Function { .. } => Ok(*to),
            _ => Err(cannot()),
        },
        _ => Err(cannot()),
    }
}

/// Creates a callback of the function pointer type `pointer_type` for the Luau
/// function at `idx` and registers it in the module's callback table.
///
/// # Safety
/// Inside a C function of the module.
pub unsafe fn create(
    state: *mut sys::lua_State,
    calls: &Calls,
    pointer_type: CTypeId,
    idx: c_int,
) -> Result<*const c_void> {
    let function_type = callback_function_type(&calls.values.types.borrow(), pointer_type).map_err(Error::message)?;
    let plan = calls.plan_for(function_type)?;
    let interface = Arc::new(
        CallInterface::new(plan.abi_ret.clone(), plan.abi_args.clone())
            .map_err(|e| Error::message(format!("cannot create a callback: {e}")))?,
    );
    let (args, result, result_size) = {
        let types = calls.values.types.borrow();
        let push = |ty: CTypeId| match shape(&types, ty) {
            s if s.unboxed_size().is_some() => ArgPush::Scalar(s),
            Shape::Int { size: 8, signed } => ArgPush::Int64(signed),
            Shape::Pointer { .. } => ArgPush::Pointer(ty),
            _ => ArgPush::General(ty),
        };
        let args = plan.args.iter().map(|(arg, _)| push(arg.ctype())).collect();
        let ret = plan.ret_type;
        let result = match shape(&types, ret) {
            _ if matches!(plan.ret, RetPlan::Void) => ResultStore::Void,
            s @ (Shape::Int { .. } | Shape::Float { size: 4 | 8 }) => ResultStore::Number(s, ret),
            Shape::Bool => ResultStore::Bool(ret),
            _ => ResultStore::General(ret),
        };
        (args, result, types.size_of(ret).unwrap_or(0))
    };
    // SAFETY: the reference keeps the Luau function alive until free().
    let function = unsafe { protected::reference(state, idx) }?;
    let shared = Rc::new(Shared { calls, result_size, function: Cell::new(function), args, result });
    let handler_shared = shared.clone();
    let closure = Closure::new(
        interface,
        Box::new(move |args, result| {
            // SAFETY: the handler runs on the Luau thread (the closure checks)
            // while the module state is alive.
            unsafe { invoke(&handler_shared, args, result) }
        }),
    )
    .map_err(|e| Error::message(format!("cannot create a callback: {e}")))?;
    let code = closure.code_ptr();
    calls.callbacks.live.borrow_mut().insert(code as usize, Callback { _closure: closure, shared });
    Ok(code)
}

/// Frees the callback at `code`, returning whether it existed.
///
/// # Safety
/// `state` must be live.
pub unsafe fn free(state: *mut sys::lua_State, calls: &Calls, code: *const c_void) -> bool {
    let removed = calls.callbacks.live.borrow_mut().remove(&(code as usize));
    match removed {
        Some(callback) => {
            // SAFETY: the reference was made by create().
            unsafe { sys::lua_unref(state, callback.shared.function.get()) };
            calls.callbacks.function_released();
            true
        }
        None => false,
    }
}

/// The handler body: C called the callback.
unsafe fn invoke(shared: &Shared, args: &[*const c_void], result: *mut c_void) {
    // SAFETY: see the module docs; the module outlives its callbacks' use from Luau.
    unsafe {
        let calls = &*shared.calls;
        if shared.result_size <= 8 {
            // Every closure result buffer holds at least 8 bytes (libffi's
            // register save area, a thunk's word).
            result.cast::<u64>().write_unaligned(0);
        } else {
            std::ptr::write_bytes(result.cast::<u8>(), 0, shared.result_size);
        }
        // After a first error, later invocations in the same C call do nothing.
        if calls.callbacks.error.get() != sys::LUA_NOREF {
            return;
        }
        if calls.values.finalizers.in_collector() {
            eprintln!(
                "luau-ffi: a C finalizer (ffi.gc) called a Luau callback inside the garbage collector, \
                 where Luau code cannot run; the callback returned 0 to C without running."
            );
            return;
        }
        let in_ffi_call = calls.active.in_call();
        let state = calls.active.running_thread();
        let base = sys::lua_gettop(state);
        let (handler, top) = match push_function(state, calls, shared, in_ffi_call) {
            Ok(Some(slots)) => slots,
            Ok(None) => return record_failure(state, calls, "callback: Luau stack overflow"),
            Err(_) => {
                sys::lua_settop(state, base);
                return calls.callbacks.error.set(RAISED);
            }
        };
        for (i, push) in shared.args.iter().enumerate() {
            let src = args[i] as *mut u8;
            match *push {
                ArgPush::Scalar(shape) => convert::push_scalar(state, shape, src),
                ArgPush::Int64(signed) => {
                    let value = Int64 { bits: std::ptr::read_unaligned(src.cast()), unsigned: !signed };
                    if from_c::push_integer(state, &calls.values, value).is_err() {
                        sys::lua_settop(state, top);
                        return calls.callbacks.error.set(RAISED);
                    }
                }
                ArgPush::Pointer(ty) => {
                    if from_c::push_address(state, &calls.values, ty, std::ptr::read_unaligned(src.cast())).is_err() {
                        sys::lua_settop(state, top);
                        return calls.callbacks.error.set(RAISED);
                    }
                }
                ArgPush::General(ty) => {
                    let types = calls.values.types.borrow();
                    let cx = Cx { state, values: &calls.values, types: &types };
                    if let Err(message) = cx.push_value(ty, src, Aggregate::Copy) {
                        drop(types);
                        sys::lua_settop(state, top);
                        let message = format!("callback argument #{}: {message}", i + 1);
                        return record_failure(state, calls, &message);
                    }
                }
            }
        }
        let returns = if matches!(shared.result, ResultStore::Void) { 0 } else { 1 };
        calls.callbacks.depth.set(calls.callbacks.depth.get() + 1);
        let status = sys::lua_pcall(state, args.len() as c_int, returns, handler);
        calls.callbacks.depth.set(calls.callbacks.depth.get() - 1);
        if status != 0 {
            if status == sys::LUA_ERRERR {
                restore_propagated(state, calls);
            }
            release_propagated(state, calls);
            calls.callbacks.error.set(protected::reference(state, -1).unwrap_or(RAISED));
            sys::lua_settop(state, top);
            return;
        }
        release_propagated(state, calls);
        let general = match shared.result {
            ResultStore::Void => None,
            ResultStore::Number(shape, ty) => {
                if sys::lua_type(state, -1) == sys::LUA_TNUMBER {
                    convert::write_number(shape, result.cast(), sys::lua_tonumberx(state, -1, std::ptr::null_mut()));
                    None
                } else {
                    Some(ty)
                }
            }
            // nil is false
            ResultStore::Bool(ty) => (sys::lua_type(state, -1) != sys::LUA_TNIL).then_some(ty),
            ResultStore::General(ty) => Some(ty),
        };
        if let Some(ty) = general {
            let types = calls.values.types.borrow();
            let cx = Cx { state, values: &calls.values, types: &types };
            if let Err(message) = cx.to_c(-1, ty, result.cast(), Mode::Convert) {
                drop(types);
                sys::lua_settop(state, top);
                // The script's position is the function that returned the
                // value (LuaJIT names the line it returned from).
                get_ref(state, shared.function.get());
                let position = crate::lua::stack::function_position(state, -1);
                sys::lua_settop(state, top);
                return record_failure(state, calls, &format!("{position}bad callback result: {message}"));
            }
        }
        sys::lua_settop(state, top);
    }
}

/// Pushes the callback's Luau function, with the message handler below it
/// (its stack index is returned with the top to restore afterwards). Inside an
/// FFI call both stay in that call's frame for the next invocation (see
/// [`CallbackFrame`]); outside one (C calling back after the FFI call that
/// gave it the callback returned) they are pushed each time. `None` when the stack cannot grow.
#[inline(always)]
unsafe fn push_function(
    state: *mut sys::lua_State,
    calls: &Calls,
    shared: &Shared,
    in_ffi_call: bool,
) -> Result<Option<(c_int, c_int)>> {
    // SAFETY: stack pushes after a check for room; slots are used only in the
    // frame that made them (CallbackFrame).
    unsafe {
        let room = shared.args.len() as c_int + 4;
        let function_ref = shared.function.get();
        let generation = calls.callbacks.generation.get();
        let mut frame = calls.active.frame();
        if !in_ffi_call || frame.handler == 0 {
            if !protected::check_stack(state, room + 2)? {
                return Ok(None);
            }
            let top = sys::lua_gettop(state);
            push_traceback_handler(state, calls)?;
            get_ref(state, function_ref);
            if !in_ffi_call {
                return Ok(Some((top + 1, top)));
            }
            frame = CallbackFrame { handler: top + 1, function_ref, room, generation };
            calls.active.set_frame(frame);
        } else {
            if room > frame.room {
                if !protected::check_stack(state, room)? {
                    return Ok(None);
                }
                frame.room = room;
                calls.active.set_frame(frame);
            }
            if frame.function_ref != function_ref || frame.generation != generation {
                get_ref(state, function_ref);
                sys::lua_replace(state, frame.handler + 1);
                frame.function_ref = function_ref;
                frame.generation = generation;
                calls.active.set_frame(frame);
            }
        }
        let top = sys::lua_gettop(state);
        sys::lua_pushvalue(state, frame.handler + 1);
        Ok(Some((frame.handler, top)))
    }
}

/// Pushes the message handler, made once per state.
unsafe fn push_traceback_handler(state: *mut sys::lua_State, calls: &Calls) -> Result<()> {
    // SAFETY: a registry read, or one closure made and referenced; its upvalue
    // is the calls layer's data, which lives as long as the Luau state.
    unsafe {
        if calls.callbacks.traceback_ref.get() == sys::LUA_NOREF {
            sys::lua_pushlightuserdata(state, (calls as *const Calls).cast_mut().cast());
            protected::push_closure(state, traceback_handler, c"traceback", 1)?;
            calls.callbacks.traceback_ref.set(protected::reference(state, -1)?);
        } else {
            get_ref(state, calls.callbacks.traceback_ref.get());
        }
    }
    Ok(())
}

/// [`Callbacks::error`] when the error is a Luau error that a
/// protected call kept (see `crate::lua::protected`), raised as it is.
pub const RAISED: c_int = -2;

/// Keeps the failure of a callback: the Luau error a protected call kept, if
/// there is one (it caused the failure), `message` otherwise.
unsafe fn record_failure(state: *mut sys::lua_State, calls: &Calls, message: &str) {
    if protected::pending() {
        calls.callbacks.error.set(RAISED);
    } else {
        // SAFETY: forwarded.
        unsafe { record_error_message(state, calls, message) };
    }
}

/// Keeps `message` as the pending callback error (or what Luau raised while
/// keeping it).
unsafe fn record_error_message(state: *mut sys::lua_State, calls: &Calls, message: &str) {
    // SAFETY: a protected string push and registry reference; the stack is
    // restored either way.
    unsafe {
        let top = sys::lua_gettop(state);
        let recorded = protected::push_str(state, message).and_then(|()| protected::reference(state, -1));
        calls.callbacks.error.set(recorded.unwrap_or(RAISED));
        sys::lua_settop(state, top);
    }
}

crate::c_functions! {
    /// The `pcall` message handler of callbacks.
    traceback_handler => traceback_body;
}

/// The message handler's body: a string error raised in the callback gets the
/// traceback appended (and a clear word for the one thing Luau cannot do
/// here); any other value, and an error passing up from a nested callback
/// ([`Callbacks::propagated`]), is returned unchanged.
unsafe fn traceback_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: a message handler receives the error value at 1; upvalue 1 is
    // the calls layer's data (see push_traceback_handler).
    unsafe {
        sys::lua_settop(state, 1);
        if sys::lua_type(state, 1) != sys::LUA_TSTRING {
            return Ok(1);
        }
        let calls = &*sys::lua_tolightuserdata(state, sys::lua_upvalueindex(1)).cast::<Calls>();
        let propagated = calls.callbacks.propagated.get();
        if propagated != sys::LUA_NOREF {
            get_ref(state, propagated);
            let same = sys::lua_rawequal(state, 1, 2) != 0;
            sys::lua_settop(state, 1);
            if same {
                return Ok(1);
            }
        }
        let message = String::from_utf8_lossy(get_bytes(state, 1).unwrap_or_default()).into_owned();
        let prefix = if message.contains("yield across") {
            "callback: a Luau callback cannot yield (it runs inside a C call): "
        } else {
            ""
        };
        // At most about twenty levels, from the function that raised the error.
        let trace = crate::lua::stack::traceback_text(state, 1);
        crate::lua::stack::push_str(state, &format!("{prefix}{message}\nstack traceback:{trace}"))?;
        Ok(1)
    }
}

/// After an error passed the message handler of a callback whose nested FFI
/// call raised [`Callbacks::propagated`]: when the handler itself could
/// not run (`LUA_ERRERR`: it is called one C level deeper, which fails exactly
/// at Luau's C stack limit while a `C stack overflow` passes up), the value
/// Luau put instead ("error in error handling") is replaced by the original.
unsafe fn restore_propagated(state: *mut sys::lua_State, calls: &Calls) {
    let propagated = calls.callbacks.propagated.get();
    if propagated != sys::LUA_NOREF {
        // SAFETY: the error value is at the top; replaced by a registry read.
        unsafe {
            sys::lua_settop(state, -2);
            get_ref(state, propagated);
        }
    }
}

/// Forgets [`Callbacks::propagated`] once the callback around the FFI
/// call that raised it has returned: no message handler can see it any more.
#[inline(always)]
unsafe fn release_propagated(state: *mut sys::lua_State, calls: &Calls) {
    let propagated = calls.callbacks.propagated.replace(sys::LUA_NOREF);
    if propagated != sys::LUA_NOREF {
        // SAFETY: the reference was made by the handler that recorded the error.
        unsafe { sys::lua_unref(state, propagated) };
    }
}

/// Raises the error a callback recorded during the FFI call that just returned.
///
/// # Safety
/// Inside a C function of the module, right after the C call.
#[inline(always)]
pub unsafe fn take_error(state: *mut sys::lua_State, calls: &Calls) -> Result<()> {
    let reference = calls.callbacks.error.get();
    if reference == sys::LUA_NOREF {
        return Ok(());
    }
    calls.callbacks.error.set(sys::LUA_NOREF);
    if reference == RAISED {
        return Err(Error::raised());
    }
    // SAFETY: the reference was made by the handler.
    unsafe {
        get_ref(state, reference);
        if calls.callbacks.depth.get() > 0 {
            // Raised inside a callback: its message handler must let it pass.
            let previous = calls.callbacks.propagated.replace(reference);
            if previous != sys::LUA_NOREF {
                sys::lua_unref(state, previous);
            }
        } else {
            sys::lua_unref(state, reference);
        }
    }
    Err(Error::propagate())
}

/// `ffi.cast(fnptr_type, luau_function)`: a callback cdata, permanent until
/// `cb:free()`.
///
/// # Safety
/// Inside a C function of the module.
pub unsafe fn cast(state: *mut sys::lua_State, calls: &Calls, pointer_type: CTypeId, idx: c_int) -> Result<c_int> {
    // SAFETY: creates the callback, then a pointer cdata holding its address.
    unsafe {
        let code = create(state, calls, pointer_type, idx)?;
        let cdata = match object::push_owned(state, &calls.values, pointer_type, 8, 8) {
            Ok(cdata) => cdata,
            Err(error) => {
                free(state, calls, code);
                return Err(error);
            }
        };
        std::ptr::write(cdata.ptr.cast::<*const c_void>(), code);
        cdata.flags |= FLAG_CALLBACK;
        Ok(1)
    }
}

crate::c_functions! {
    /// `cb:free()`.
    callback_free => free_body;
    /// `cb:set(fn)`.
    callback_set => set_body;
}

/// The callback cdata at index 1: a function pointer value, which the
/// methods find live or not (LuaJIT's rule: any function pointer may be
/// one).
unsafe fn callback_arg<'a>(
    state: *mut sys::lua_State,
    calls: &Calls,
    method: &str,
) -> Result<&'a mut crate::cdata::object::CData> {
    // SAFETY: stack reads.
    unsafe {
        let is_function_pointer = |cdata: &crate::cdata::object::CData| {
            let types = calls.values.types.borrow();
            !cdata.is_ctype()
                && matches!(types.kind(cdata.ctype), CKind::Pointer { to } if matches!(types.kind(*to), CKind::Function { .. }))
        };
        match object::get(state, &calls.values, 1) {
            Some(cdata) if cdata.flags & FLAG_CALLBACK != 0 || is_function_pointer(cdata) => Ok(cdata),
            _ => {
                Err(Error::message(format!("bad self to '{method}' (callback expected; call it as cb:{method}(...))")))
            }
        }
    }
}

unsafe fn free_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: upvalue 1 is the calls layer's data (see push_method).
    unsafe {
        let calls = Calls::current(state);
        let cdata = callback_arg(state, calls, "free")?;
        let code = std::ptr::read(cdata.ptr.cast::<*const c_void>());
        if code.is_null() || !free(state, calls, code) {
            return Err(not_a_callback(cdata));
        }
        std::ptr::write(cdata.ptr.cast::<*const c_void>(), std::ptr::null());
        // Whatever made this cdata, it now holds a freed callback.
        cdata.flags |= FLAG_CALLBACK;
        Ok(0)
    }
}

unsafe fn set_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: upvalue 1 is the calls layer's data (see push_method).
    unsafe {
        let calls = Calls::current(state);
        let cdata = callback_arg(state, calls, "set")?;
        if sys::lua_type(state, 2) != sys::LUA_TFUNCTION {
            return Err(Error::bad_arg(
                "set",
                1,
                format!("function expected, got {}", crate::lua::stack::type_name(state, 2)),
            ));
        }
        let code = std::ptr::read(cdata.ptr.cast::<*const c_void>());
        let callbacks = calls.callbacks.live.borrow();
        let callback = callbacks.get(&(code as usize)).ok_or_else(|| not_a_callback(cdata))?;
        let old = callback.shared.function.replace(protected::reference(state, 2)?);
        sys::lua_unref(state, old);
        calls.callbacks.function_released();
        Ok(0)
    }
}

/// The error of a callback method on a function pointer that is no live
/// callback: one made as a callback and freed since, or any other.
fn not_a_callback(cdata: &crate::cdata::object::CData) -> Error {
    if cdata.flags & FLAG_CALLBACK != 0 {
        Error::message("bad callback: already freed")
    } else {
        Error::message("bad callback: not a callback")
    }
}

/// Pushes `cb.free` / `cb.set` for a callback cdata indexed with `key`
/// (through [`crate::cdata::Upcalls::push_callback_method`]).
///
/// # Safety
/// Inside a C function of the module.
pub unsafe fn push_method(state: *mut sys::lua_State, calls: &Calls, key: &[u8]) -> Result<bool> {
    let (function, name): (sys::lua_CFunction, &CStr) = match key {
        b"free" => (callback_free, c"free"),
        b"set" => (callback_set, c"set"),
        _ => return Ok(false),
    };
    // SAFETY: the method gets the calls layer's data as its upvalue (it lives
    // as long as the Luau state).
    unsafe {
        sys::lua_pushlightuserdata(state, (calls as *const Calls).cast_mut().cast());
        protected::push_closure(state, function, name, 1)?;
    }
    Ok(true)
}
