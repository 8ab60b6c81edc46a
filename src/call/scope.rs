//! The call scope: what every C call saves, sets and restores around itself
//! for the callbacks C may make during it, and the one entry point all calls
//! go through ([`invoke`]).
//!
//! During a C call, callbacks run on the Luau thread that made the call, keep
//! stack slots in that call's frame, and may be temporary (made for one of its
//! arguments, freed when it returns); an error a callback raises is carried
//! to the call and raised once C has returned. [`ActiveCall`] holds what the
//! innermost call set up. Only a [`CallScope`] (this file) saves, sets and
//! restores it; during the call, the conversion of its arguments marks itself
//! ([`ActiveCall::converting_arguments`]), callbacks made then are recorded as
//! temporaries ([`ActiveCall::keep_if_temporary`]) and running callbacks keep
//! their stack slots in its frame ([`ActiveCall::set_frame`]).

use std::cell::{Cell, RefCell};
use std::ffi::{c_int, c_void};

use super::callback::{self, CallbackFrame};
use super::plan::CallPlan;
use super::{fast, general, Calls};
use crate::error::{Error, Result};
use crate::lua::sys;

/// What the C call in progress (the innermost) set up for the callbacks C
/// makes during it.
pub struct ActiveCall {
    /// The Luau thread running the current C call: callbacks run on it; null
    /// outside any call.
    running: Cell<*mut sys::lua_State>,
    /// The main thread, for callbacks invoked outside any C call.
    main_thread: *mut sys::lua_State,
    /// Stack slots callbacks keep in the frame of the call (see [`CallbackFrame`]).
    frame: Cell<CallbackFrame>,
    /// Set while the arguments of a call are converted: Luau functions
    /// converted to callbacks then are temporary.
    converting_arguments: Cell<bool>,
    /// Code addresses of the temporary callbacks of the calls in progress,
    /// innermost last.
    temporaries: RefCell<Vec<usize>>,
    /// `temporaries.len()`, readable without a borrow on every call.
    temporaries_len: Cell<usize>,
}

impl ActiveCall {
    /// No call in progress in a Luau state whose main thread is `main_thread`.
    pub fn new(main_thread: *mut sys::lua_State) -> ActiveCall {
        ActiveCall {
            running: Cell::new(std::ptr::null_mut()),
            main_thread,
            frame: Cell::new(CallbackFrame::NONE),
            converting_arguments: Cell::new(false),
            temporaries: RefCell::new(Vec::new()),
            temporaries_len: Cell::new(0),
        }
    }

    /// Whether a C call is in progress.
    #[inline(always)]
    pub fn in_call(&self) -> bool {
        !self.running.get().is_null()
    }

    /// The thread callbacks run on: the one running the current C call, else
    /// the main thread.
    #[inline(always)]
    pub fn running_thread(&self) -> *mut sys::lua_State {
        let running = self.running.get();
        if running.is_null() {
            self.main_thread
        } else {
            running
        }
    }

    /// The callback slots of the current call's frame.
    #[inline(always)]
    pub fn frame(&self) -> CallbackFrame {
        self.frame.get()
    }

    /// Keeps callback slots in the current call's frame (a callback running
    /// during the call; the scope restores the caller's frame).
    #[inline(always)]
    pub fn set_frame(&self, frame: CallbackFrame) {
        self.frame.set(frame);
    }

    /// Marks the conversion of the current call's arguments as begun or done:
    /// Luau functions converted meanwhile become temporary callbacks.
    #[inline(always)]
    pub(super) fn converting_arguments(&self, converting: bool) {
        self.converting_arguments.set(converting);
    }

    /// Records the callback at `code`, just made by a conversion, as temporary
    /// when the conversion is of an argument of the call in progress.
    pub fn keep_if_temporary(&self, code: *const c_void) {
        if self.converting_arguments.get() {
            let mut temporaries = self.temporaries.borrow_mut();
            temporaries.push(code as usize);
            self.temporaries_len.set(temporaries.len());
        }
    }
}

/// One C call in progress: made the active call by [`CallScope::enter`],
/// undone when dropped or left ([`CallScope::leave`]) however the call ended:
/// the caller's running thread and callback frame come back, the temporary
/// callbacks of this call are freed, and (on leaving) a callback's error is
/// raised.
pub struct CallScope<'a> {
    state: *mut sys::lua_State,
    calls: &'a Calls,
    previous_running: *mut sys::lua_State,
    previous_frame: CallbackFrame,
    /// `temporaries_len` when the call began.
    mark: usize,
}

impl<'a> CallScope<'a> {
    /// Makes a C call on `state` the active call.
    #[inline(always)]
    pub fn enter(state: *mut sys::lua_State, calls: &'a Calls) -> CallScope<'a> {
        let active = &calls.active;
        CallScope {
            state,
            calls,
            previous_running: active.running.replace(state),
            previous_frame: active.frame.replace(CallbackFrame::NONE),
            mark: active.temporaries_len.get(),
        }
    }

    /// Ends the call (see [`CallScope`]) and raises the error a callback
    /// recorded during it.
    ///
    /// # Safety
    /// Right after the C call returned, inside the C function that made it.
    #[inline(always)]
    pub unsafe fn leave(self) -> Result<()> {
        let (state, calls) = (self.state, self.calls);
        drop(self);
        // SAFETY: right after the C call returned.
        unsafe { callback::take_error(state, calls) }
    }
}

impl Drop for CallScope<'_> {
    #[inline(always)]
    fn drop(&mut self) {
        let active = &self.calls.active;
        active.running.set(self.previous_running);
        active.frame.set(self.previous_frame);
        active.converting_arguments.set(false);
        if active.temporaries_len.get() > self.mark {
            // SAFETY: C has returned (or the call never began); the temporary
            // callbacks of this call go.
            unsafe { free_temporaries(self.state, self.calls, self.mark) };
        }
    }
}

#[cold]
#[inline(never)]
unsafe fn free_temporaries(state: *mut sys::lua_State, calls: &Calls, mark: usize) {
    let active = &calls.active;
    let temporaries: Vec<usize> = active.temporaries.borrow_mut().drain(mark..).collect();
    active.temporaries_len.set(mark);
    for code in temporaries {
        // SAFETY: the caller's C call has returned.
        unsafe { callback::free(state, calls, code as *const c_void) };
    }
}

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
    calls: &Calls,
    address: *const c_void,
    plan: &CallPlan,
    name: &str,
    first: c_int,
) -> Result<()> {
    let scope = CallScope::enter(state, calls);
    // SAFETY: forwarded.
    let outcome = unsafe { invoke_in_scope(state, calls, address, plan, name, first) };
    // SAFETY: right after the C call returned.
    unsafe { scope.leave() }?;
    outcome
}

/// The call itself, inside its scope (kept out of the scope's frame: the
/// scope's saved values stay in registers).
unsafe fn invoke_in_scope(
    state: *mut sys::lua_State,
    calls: &Calls,
    address: *const c_void,
    plan: &CallPlan,
    name: &str,
    first: c_int,
) -> Result<()> {
    // SAFETY: arguments are converted per the declared signature; the call is
    // as safe as the declaration the script gave.
    unsafe {
        let given = crate::lua::direct::arg_count(state) - first + 1;
        let expected = plan.args.len() as c_int;
        if given < expected || (given > expected && !plan.variadic) {
            return Err(Error::message(format!(
                "wrong number of arguments for function call to '{name}' (expected {expected}{}, got {given})",
                if plan.variadic { " or more" } else { "" }
            )));
        }
        calls.active.converting_arguments(true);
        if !plan.fast {
            if plan.variadic_registers && fast::call_variadic(state, calls, address, plan, name, first, given)? {
                return Ok(());
            }
            return general::call(state, calls, address, plan, name, first, given);
        }
        fast::call(state, calls, address, plan, name, first)
    }
}
