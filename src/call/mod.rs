//! Calling C functions from Luau, and C calling Luau functions.
//!
//! A declared function reached through a namespace (`ffi.C.strlen`) is a Luau C
//! closure over a [`FunctionData`] userdata ([`function`]): calling it is one
//! crossing into Rust, with no lookup and no allocation for register-only
//! signatures; a short all-number signature gets an entry specialised for its
//! register shape when it is bound ([`shaped`]). Each function type gets a
//! call plan, made once ([`plan`]); a call runs inside a call scope
//! ([`scope`]) and takes the register fast path
//! ([`fast`]) or libffi's general path ([`general`]), with `errno` saved right
//! after it ([`errno`]). Luau functions become C function pointers through
//! callbacks ([`callback`]).
//!
//! [`Calls`] is this layer's part of the module's per-state data; it holds the
//! values layer's part and answers what that layer asks of it
//! ([`crate::cdata::Upcalls`]).

pub mod callback;
pub mod errno;
mod fast;
pub mod function;
mod general;
pub mod plan;
pub mod scope;
mod shaped;

use std::ffi::{c_int, c_void};
use std::rc::Rc;

pub use function::{function_address, push_function, FunctionData};
pub use scope::invoke;
pub use shaped::call_int_of_int;

use crate::cdata::{Upcalls, Values};
use crate::ctype::CTypeId;
use crate::error::Result;
use crate::lua::sys;

/// The calls layer's per-state data: the values layer's, call plans,
/// callbacks, the call in progress and `errno`. Lives inside the module state
/// userdata (see `crate::module`), anchored for the life of the Luau state;
/// the C functions of this layer and of the API carry a pointer to it as
/// upvalue 1 ([`Calls::current`]).
pub struct Calls {
    /// The values layer's data: the type table, cdata, finalizers.
    pub values: Values,
    /// Call plans of function types, made once each.
    plans: plan::PlanCache,
    /// Live callbacks, and the errors they carry to the C calls that ran them.
    callbacks: callback::Callbacks,
    /// What the C call in progress set up for callbacks (see [`scope`]).
    active: scope::ActiveCall,
    /// `errno` right after the last C call.
    pub errno: errno::SavedErrno,
}

impl Calls {
    /// The calls layer of a new module in the Luau state of `state`.
    ///
    /// # Safety
    /// `state` must be live.
    pub unsafe fn new(state: *mut sys::lua_State) -> Calls {
        Calls {
            values: Values::new(),
            plans: Default::default(),
            callbacks: Default::default(),
            // SAFETY: the caller's contract.
            active: scope::ActiveCall::new(unsafe { sys::lua_mainthread(state) }),
            errno: Default::default(),
        }
    }

    /// Connects the values layer to this one (see [`Upcalls`]), once the
    /// value is in its final place.
    ///
    /// # Safety
    /// `self` stays at its address as long as the Luau state lives (it is part
    /// of the module state userdata).
    pub unsafe fn install_upcalls(&self) {
        // SAFETY: forwarded.
        unsafe { self.values.install_upcalls(self) };
    }

    /// The calls layer's data of the running C function (its upvalue 1, a
    /// light userdata pointing to it).
    ///
    /// # Safety
    /// Only inside a C function pushed with a pointer to live `Calls` as upvalue 1.
    #[inline(always)]
    pub unsafe fn current<'a>(state: *mut sys::lua_State) -> &'a Calls {
        // SAFETY: see above; the module state outlives every closure holding it.
        unsafe { &*crate::lua::direct::light_upvalue(state, 1).cast::<Calls>() }
    }

    /// The (cached) call plan of a function type.
    pub fn plan_for(&self, function_type: CTypeId) -> Result<Rc<plan::CallPlan>> {
        self.plans.get(&self.values.types, function_type)
    }
}

impl Upcalls for Calls {
    unsafe fn function_address(&self, state: *mut sys::lua_State, idx: c_int) -> Option<*const c_void> {
        // SAFETY: forwarded.
        unsafe { function::function_address(state, idx) }
    }

    unsafe fn callback(&self, state: *mut sys::lua_State, pointer_type: CTypeId, idx: c_int) -> Result<*const c_void> {
        // SAFETY: forwarded.
        let code = unsafe { callback::create(state, self, pointer_type, idx) }?;
        self.active.keep_if_temporary(code);
        Ok(code)
    }

    unsafe fn c_finalizer(&self, state: *mut sys::lua_State, idx: c_int) -> Option<unsafe extern "C" fn(*mut c_void)> {
        // SAFETY: forwarded.
        unsafe { function::c_function_of(state, idx) }
    }

    unsafe fn call_function_pointer(&self, state: *mut sys::lua_State, idx: c_int) -> Result<c_int> {
        // SAFETY: forwarded.
        unsafe { function::call_function_pointer(state, self, idx) }
    }

    unsafe fn push_callback_method(&self, state: *mut sys::lua_State, key: &[u8]) -> Result<bool> {
        // SAFETY: forwarded.
        unsafe { callback::push_method(state, self, key) }
    }
}
