//! Function objects: a declared C function (`ffi.C.strlen`) is a Luau C
//! closure over a [`FunctionData`] userdata, and a function pointer cdata is
//! called through its `__call`; both end in [`invoke`].

use std::ffi::{c_int, c_void, CStr};
use std::rc::Rc;

use super::plan::{ArgPlan, CallPlan};
use super::scope::invoke;
use super::Calls;
use crate::cdata::gc::run_pending_finalizers;
use crate::cdata::object;
use crate::error::{Error, ErrorKind, Result};
use crate::library::SharedLibrary;
use crate::lua::{protected, sys, userdata};

/// A C function bound to its address, type and library.
pub struct FunctionData {
    /// The entry point.
    pub address: *const c_void,
    /// Keeps the library mapped while the function object lives, and answers
    /// whether it was closed (then calls raise an error).
    pub library: Option<Rc<SharedLibrary>>,
    /// The declared name, for error messages.
    pub name: Box<str>,
    /// How arguments and the result travel.
    pub plan: Rc<CallPlan>,
    /// The calls layer's data of the module (part of the module state,
    /// anchored in the registry for the Luau state's lifetime).
    pub calls: *const Calls,
}

impl userdata::Userdata for FunctionData {
    const METATABLE: &'static CStr = c"luau_ffi.FunctionData";
    const TYPE_NAME: &'static CStr = c"FfiFunctionData";

    unsafe fn init_metatable(_state: *mut sys::lua_State) -> Result<()> {
        Ok(())
    }
}

/// Pushes a callable Luau function for `data`: the entry of its register
/// shape when it has one ([`super::shaped`]), else the general entry.
///
/// # Safety
/// `state` must be live.
pub unsafe fn push_function(state: *mut sys::lua_State, data: FunctionData) -> Result<()> {
    let entry = super::shaped::entry_for(&data.plan).unwrap_or(call_entry);
    // SAFETY: one upvalue, the function data (which points to the calls layer's data).
    unsafe {
        userdata::push(state, data)?;
        protected::push_closure(state, entry, c"ffi function", 1)
    }
}

crate::c_functions! {
    call_entry => call_entry_body;
}

/// The [`FunctionData`] of a Luau value that is one of our function objects.
///
/// # Safety
/// `state` must be live.
pub unsafe fn function_data<'a>(state: *mut sys::lua_State, idx: c_int) -> Option<&'a FunctionData> {
    // SAFETY: a closure whose C function is `call_entry` or a shaped entry
    // was made by `push_function`: its upvalue 1 is a FunctionData userdata.
    unsafe {
        let function = sys::lua_tocfunction(state, idx)?;
        if function as usize != call_entry as sys::lua_CFunction as usize && !super::shaped::is_entry(function) {
            return None;
        }
        sys::lua_getupvalue(state, idx, 1);
        let data = sys::lua_touserdata(state, -1).cast::<FunctionData>().cast_const();
        sys::lua_settop(state, -2);
        data.as_ref()
    }
}

/// The address of our function object at `idx`, for `ffi.cast` and function
/// pointer arguments.
///
/// # Safety
/// As [`function_data`].
pub unsafe fn function_address(state: *mut sys::lua_State, idx: c_int) -> Option<*const c_void> {
    // SAFETY: forwarded.
    unsafe { function_data(state, idx) }.map(|d| d.address)
}

/// A C function of ours taking one pointer and returning void, usable as a
/// finalizer from inside the collector (`ffi.gc(p, ffi.C.free)`).
///
/// # Safety
/// As [`function_data`].
pub unsafe fn c_function_of(state: *mut sys::lua_State, idx: c_int) -> Option<unsafe extern "C" fn(*mut c_void)> {
    // SAFETY: the plan proves the signature takes one pointer (any result is ignored).
    unsafe {
        let data = function_data(state, idx)?;
        match data.plan.args.as_slice() {
            [(ArgPlan::Pointer { .. }, _)] if !data.plan.variadic => {
                Some(std::mem::transmute::<*const c_void, unsafe extern "C" fn(*mut c_void)>(data.address))
            }
            _ => None,
        }
    }
}

unsafe fn call_entry_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: call_entry closures carry their function data as upvalue 1.
    unsafe {
        let data = &*crate::lua::direct::userdata_upvalue(state, 1).cast::<FunctionData>();
        let calls = &*data.calls;
        if let Some(library) = &data.library {
            if library.is_closed() {
                return Err(closed_error(data, library));
            }
        }
        run_pending_finalizers(state, &calls.values)?;
        invoke(state, calls, data.address, &data.plan, &data.name, 1)?;
        Ok(data.plan.result_count())
    }
}

/// The error of a call of `data` after its library was closed.
#[cold]
pub(super) fn closed_error(data: &FunctionData, library: &SharedLibrary) -> Error {
    ErrorKind::Closed { func: data.name.to_string().into(), library: library.name().to_owned() }.into()
}

/// Calls a function pointer cdata at `idx` with the arguments after it
/// (`__call` of a cdata).
///
/// # Safety
/// Inside a C function of the module.
pub unsafe fn call_function_pointer(state: *mut sys::lua_State, calls: &Calls, idx: c_int) -> Result<c_int> {
    // SAFETY: the cdata at idx is a pointer to a function type.
    unsafe {
        let cdata = object::get_unchecked(state, idx);
        let address = std::ptr::read_unaligned(cdata.ptr.cast::<*const c_void>());
        if address.is_null() {
            if cdata.flags & object::FLAG_CALLBACK != 0 {
                return Err(Error::message("attempt to call a freed callback"));
            }
            return Err(Error::message("attempt to call a NULL function pointer"));
        }
        let function_type = match calls.values.types.borrow().kind(cdata.ctype) {
            crate::ctype::CKind::Pointer { to } => *to,
            _ => unreachable!("checked by the caller"),
        };
        let plan = calls.plan_for(function_type)?;
        run_pending_finalizers(state, &calls.values)?;
        invoke(state, calls, address, &plan, "function pointer", idx + 1)?;
        Ok(plan.result_count())
    }
}
