//! The call scope: what every C call saves, sets and restores around itself
//! for the callbacks C may make during it (the running thread, the callback
//! frame, temporary callbacks, a callback's error), and the one entry point
//! all calls go through.

use std::ffi::{c_int, c_void};

use super::plan::CallPlan;
use super::{callback, fast, general};
use crate::error::{Error, Result};
use crate::lua::sys;
use crate::state::ModuleState;

/// Calls `address` per `plan` with the Luau arguments from stack index `first`
/// on, and pushes the result. Callbacks C makes during the call run on this
/// thread; temporary callbacks made for its arguments are freed after it, and
/// an error raised inside a callback is raised here, once C has returned.
///
/// # Safety
/// Inside a C function of the module; `address` is a function of the plan's
/// signature (the script's declaration).
pub unsafe fn invoke(
    state: *mut sys::lua_State,
    module: &ModuleState,
    address: *const c_void,
    plan: &CallPlan,
    name: &str,
    first: c_int,
) -> Result<()> {
    let previous = module.running.replace(state);
    let previous_frame = module.callback_frame.replace(callback::CallbackFrame::NONE);
    let mark = module.temporaries_len.get();
    // SAFETY: forwarded.
    let outcome = unsafe { invoke_in_scope(state, module, address, plan, name, first) };
    module.running.set(previous);
    module.callback_frame.set(previous_frame);
    module.converting_arguments.set(false);
    if module.temporaries_len.get() > mark {
        // SAFETY: C has returned; the temporary callbacks of this call go.
        unsafe { free_temporaries(state, module, mark) };
    }
    // SAFETY: right after the C call returned.
    unsafe { callback::take_error(state, module) }?;
    outcome
}

#[cold]
#[inline(never)]
unsafe fn free_temporaries(state: *mut sys::lua_State, module: &ModuleState, mark: usize) {
    let temporaries: Vec<usize> = module.temporaries.borrow_mut().drain(mark..).collect();
    module.temporaries_len.set(mark);
    for code in temporaries {
        // SAFETY: the caller's C call has returned.
        unsafe { callback::free(state, module, code as *const c_void) };
    }
}

unsafe fn invoke_in_scope(
    state: *mut sys::lua_State,
    module: &ModuleState,
    address: *const c_void,
    plan: &CallPlan,
    name: &str,
    first: c_int,
) -> Result<()> {
    // SAFETY: arguments are converted per the declared signature; the call is
    // as safe as the declaration the script gave.
    unsafe {
        let given = sys::lua_gettop(state) - first + 1;
        let expected = plan.args.len() as c_int;
        if given < expected || (given > expected && !plan.variadic) {
            return Err(Error::message(format!(
                "wrong number of arguments for function call to '{name}' (expected {expected}{}, got {given})",
                if plan.variadic { " or more" } else { "" }
            )));
        }
        module.converting_arguments.set(true);
        if !plan.fast {
            return general::call(state, module, address, plan, name, first, given);
        }
        fast::call(state, module, address, plan, name, first)
    }
}
