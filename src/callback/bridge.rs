//! Luau functions as C function pointers.
//!
//! A callback is a libffi closure whose handler calls a Luau function on the
//! thread that is running the FFI call into C. Nothing unwinds through C: the
//! Luau function runs under `pcall`; an error is kept (with its traceback), C
//! gets a zero result, and the error is raised once the FFI call that entered C
//! returns. A callback invoked on another OS thread never touches the VM (the
//! closure's foreign-thread hook prints a message and aborts).

use std::cell::Cell;
use std::ffi::{c_int, c_void, CStr};
use std::rc::Rc;
use std::sync::Arc;

use super::closure::Closure;
use crate::call::plan::CallPlan;
use crate::call::{self, CallInterface};
use crate::cdata::convert::{shape, Aggregate, Cx, Mode, Shape};
use crate::cdata::object::{self, FLAG_CALLBACK};
use crate::ctype::{CKind, CTypeId};
use crate::error::{Error, Result};
use crate::lua::stack::{get_bytes, get_ref};
use crate::lua::sys;
use crate::state::ModuleState;

/// One live callback: the closure and the Luau function it calls.
pub struct Callback {
    closure: Closure,
    shared: Rc<Shared>,
}

/// What the closure's handler reads on every invocation.
struct Shared {
    module: *const ModuleState,
    /// Bytes of the C result, zeroed before the Luau function runs.
    result_size: usize,
    /// Registry reference of the Luau function; `cb:set(fn)` swaps it.
    function: Cell<c_int>,
    plan: Rc<CallPlan>,
}

impl Callback {
    /// The C entry point.
    pub fn code_ptr(&self) -> *const c_void {
        self.closure.code_ptr()
    }
}

/// Creates a callback of the function pointer type `pointer_type` for the Luau
/// function at `idx` and registers it in the module's callback table.
///
/// # Safety
/// Inside a C function of the module.
pub unsafe fn create(
    state: *mut sys::lua_State,
    module: &ModuleState,
    pointer_type: CTypeId,
    idx: c_int,
) -> Result<*const c_void> {
    let function_type = {
        let types = module.types.borrow();
        match types.kind(pointer_type) {
            CKind::Pointer { to } if matches!(types.kind(*to), CKind::Function { .. }) => *to,
            _ => {
                return Err(Error::Message(format!(
                    "cannot convert 'function' to '{}' (a function pointer type is needed for a callback)",
                    types.name(pointer_type)
                )))
            }
        }
    };
    let plan = call::plan_for(module, function_type)?;
    if plan.variadic {
        return Err(Error::Message("a callback cannot be variadic".into()));
    }
    let interface = Arc::new(
        CallInterface::new(plan.abi_ret.clone(), plan.abi_args.clone())
            .map_err(|e| Error::Message(format!("cannot create a callback: {e}")))?,
    );
    // SAFETY: the reference keeps the Luau function alive until free().
    let function = unsafe { sys::lua_ref(state, idx) };
    let result_size = module.types.borrow().size_of(plan.ret_type).unwrap_or(0);
    let shared = Rc::new(Shared { module, result_size, function: Cell::new(function), plan });
    let handler_shared = shared.clone();
    let closure = Closure::new(
        interface,
        Box::new(move |args, result| {
            // SAFETY: the handler runs on the Luau thread (the closure checks)
            // while the module state is alive.
            unsafe { invoke(&handler_shared, args, result) }
        }),
    )
    .map_err(|e| Error::Message(format!("cannot create a callback: {e}")))?;
    let code = closure.code_ptr();
    module.callbacks.borrow_mut().insert(code as usize, Callback { closure, shared });
    Ok(code)
}

/// Frees the callback at `code`, returning whether it existed.
///
/// # Safety
/// `state` must be live.
pub unsafe fn free(state: *mut sys::lua_State, module: &ModuleState, code: *const c_void) -> bool {
    let removed = module.callbacks.borrow_mut().remove(&(code as usize));
    match removed {
        Some(callback) => {
            // SAFETY: the reference was made by create().
            unsafe { sys::lua_unref(state, callback.shared.function.get()) };
            true
        }
        None => false,
    }
}

/// The handler body: C called the callback.
unsafe fn invoke(shared: &Shared, args: &[*const c_void], result: *mut c_void) {
    // SAFETY: see the module docs; the module outlives its callbacks' use from Luau.
    unsafe {
        let module = &*shared.module;
        let plan = &shared.plan;
        let state = module.running_thread();
        std::ptr::write_bytes(result.cast::<u8>(), 0, shared.result_size);
        // After a first error, later invocations in the same C call do nothing.
        if module.callback_error.get() != sys::LUA_NOREF {
            return;
        }
        let top = sys::lua_gettop(state);
        if sys::lua_checkstack(state, args.len() as c_int + 4) == 0 {
            return record_error_message(state, module, "callback: Luau stack overflow");
        }
        push_traceback_handler(state, module);
        let handler_idx = sys::lua_gettop(state);
        get_ref(state, shared.function.get());
        {
            let types = module.types.borrow();
            let cx = Cx { state, module, types: &types };
            for (i, (arg, _)) in plan.args.iter().enumerate() {
                if let Err(message) = cx.push_value(arg.ctype(), args[i] as *mut u8, Aggregate::Copy) {
                    drop(types);
                    sys::lua_settop(state, top);
                    return record_error_message(state, module, &format!("callback argument #{}: {message}", i + 1));
                }
            }
        }
        let returns = if matches!(plan.ret, call::plan::RetPlan::Void) { 0 } else { 1 };
        if sys::lua_pcall(state, args.len() as c_int, returns, handler_idx) != 0 {
            module.callback_error.set(sys::lua_ref(state, -1));
            sys::lua_settop(state, top);
            return;
        }
        if returns == 1 {
            let types = module.types.borrow();
            let cx = Cx { state, module, types: &types };
            let converted = if shape(&types, plan.ret_type) == Shape::Bool && sys::lua_type(state, -1) == sys::LUA_TNIL
            {
                Ok(()) // nil is false
            } else {
                cx.to_c(-1, plan.ret_type, result.cast(), Mode::Convert)
            };
            if let Err(message) = converted {
                drop(types);
                sys::lua_settop(state, top);
                return record_error_message(state, module, &format!("bad callback result: {message}"));
            }
        }
        sys::lua_settop(state, top);
    }
}

/// Pushes the message handler, made once per state.
unsafe fn push_traceback_handler(state: *mut sys::lua_State, module: &ModuleState) {
    // SAFETY: a registry read, or one closure made and referenced.
    unsafe {
        if module.traceback_ref.get() == sys::LUA_NOREF {
            sys::lua_pushcclosurek(state, traceback_handler, c"traceback".as_ptr(), 0, None);
            module.traceback_ref.set(sys::lua_ref(state, -1));
        } else {
            get_ref(state, module.traceback_ref.get());
        }
    }
}

/// Keeps `message` as the pending callback error.
unsafe fn record_error_message(state: *mut sys::lua_State, module: &ModuleState, message: &str) {
    // SAFETY: a string push and a registry reference.
    unsafe {
        crate::lua::stack::push_str(state, message);
        module.callback_error.set(sys::lua_ref(state, -1));
        sys::lua_settop(state, -2);
    }
}

/// The `pcall` message handler of callbacks: the message with a traceback,
/// and a clear word for the one thing Luau cannot do here.
unsafe extern "C-unwind" fn traceback_handler(state: *mut sys::lua_State) -> c_int {
    // SAFETY: a message handler receives the error value at 1; it only pushes.
    unsafe {
        let message = match get_bytes(state, 1) {
            Some(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            None => format!("(a {} error value)", crate::lua::stack::type_name(state, 1)),
        };
        let message = if message.contains("yield across") {
            format!("callback: a Luau callback cannot yield (it runs inside a C call): {message}")
        } else {
            message
        };
        sys::luaL_traceback(state, state, std::ptr::null(), 1);
        let trace = get_bytes(state, -1).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
        let text = format!("{message}\nstack traceback:\n{trace}");
        crate::lua::stack::push_str(state, &text);
        1
    }
}

/// Raises the error a callback recorded during the FFI call that just returned.
///
/// # Safety
/// Inside a C function of the module, right after the C call.
#[inline(always)]
pub unsafe fn take_error(state: *mut sys::lua_State, module: &ModuleState) -> Result<()> {
    let reference = module.callback_error.get();
    if reference == sys::LUA_NOREF {
        return Ok(());
    }
    module.callback_error.set(sys::LUA_NOREF);
    // SAFETY: the reference was made by the handler.
    unsafe {
        get_ref(state, reference);
        sys::lua_unref(state, reference);
    }
    Err(Error::propagate())
}

/// `ffi.cast(fnptr_type, luau_function)`: a callback cdata, permanent until
/// `cb:free()`.
///
/// # Safety
/// Inside a C function of the module.
pub unsafe fn cast(
    state: *mut sys::lua_State,
    module: &ModuleState,
    pointer_type: CTypeId,
    idx: c_int,
) -> Result<c_int> {
    // SAFETY: creates the callback, then a pointer cdata holding its address.
    unsafe {
        let code = create(state, module, pointer_type, idx)?;
        let cdata = object::push_owned(state, module, pointer_type, 8, 8);
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

/// The callback cdata at index 1 and its code pointer.
unsafe fn callback_arg<'a>(
    state: *mut sys::lua_State,
    module: &ModuleState,
    method: &str,
) -> Result<&'a mut crate::cdata::object::CData> {
    // SAFETY: stack reads.
    unsafe {
        match object::get(state, module, 1) {
            Some(cdata) if cdata.flags & FLAG_CALLBACK != 0 => Ok(cdata),
            _ => {
                Err(Error::Message(format!("bad self to '{method}' (callback expected; call it as cb:{method}(...))")))
            }
        }
    }
}

unsafe fn free_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: upvalue 1 is the module state.
    unsafe {
        let module = ModuleState::current(state);
        let cdata = callback_arg(state, module, "free")?;
        let code = std::ptr::read(cdata.ptr.cast::<*const c_void>());
        if code.is_null() || !free(state, module, code) {
            return Err(Error::Message("bad callback: already freed".into()));
        }
        std::ptr::write(cdata.ptr.cast::<*const c_void>(), std::ptr::null());
        Ok(0)
    }
}

unsafe fn set_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: upvalue 1 is the module state.
    unsafe {
        let module = ModuleState::current(state);
        let cdata = callback_arg(state, module, "set")?;
        if sys::lua_type(state, 2) != sys::LUA_TFUNCTION {
            return Err(Error::bad_arg(
                "set",
                1,
                format!("function expected, got {}", crate::lua::stack::type_name(state, 2)),
            ));
        }
        let code = std::ptr::read(cdata.ptr.cast::<*const c_void>());
        let callbacks = module.callbacks.borrow();
        let callback =
            callbacks.get(&(code as usize)).ok_or_else(|| Error::Message("bad callback: already freed".into()))?;
        let old = callback.shared.function.replace(sys::lua_ref(state, 2));
        sys::lua_unref(state, old);
        Ok(0)
    }
}

/// Pushes `cb.free` / `cb.set` for a callback cdata indexed with `key`.
///
/// # Safety
/// Inside the cdata `__index` metamethod (upvalue 1 is the module state).
pub unsafe fn push_method(state: *mut sys::lua_State, key: &[u8]) -> bool {
    let (function, name): (sys::lua_CFunction, &CStr) = match key {
        b"free" => (callback_free, c"free"),
        b"set" => (callback_set, c"set"),
        _ => return false,
    };
    // SAFETY: the method gets the module state as its upvalue.
    unsafe {
        sys::lua_pushvalue(state, sys::lua_upvalueindex(1));
        sys::lua_pushcclosurek(state, function, name.as_ptr(), 1, None);
    }
    true
}
