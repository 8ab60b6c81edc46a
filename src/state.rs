//! Per-Luau-state data of the module: the C type table, metatypes, the default
//! namespace, saved `errno`, pending finalizers.
//!
//! One [`ModuleState`] lives in a userdata created when the module table is
//! built; every C function of the module carries it as upvalue 1, so reaching
//! it costs one stack read, and it lives exactly as long as something can call
//! into the module.

use crate::fxhash::FxHashMap;
use std::cell::{Cell, RefCell};
use std::ffi::{c_int, CStr};

use crate::ctype::{CTypeId, CTypeTable};
use crate::error::Result;
use crate::lua::{protected, sys, userdata};

/// The module's data for one Luau state.
pub struct ModuleState {
    /// Every C type and declaration this state knows (`ffi.cdef`).
    pub types: RefCell<CTypeTable>,
    /// `ffi.metatype` tables by (unqualified) ctype: registry references.
    pub metatypes: RefCell<FxHashMap<CTypeId, c_int>>,
    /// Call plans of function types, made once each.
    pub plans: RefCell<FxHashMap<CTypeId, std::rc::Rc<crate::call::plan::CallPlan>>>,
    /// Live callbacks by code address.
    pub callbacks: RefCell<FxHashMap<usize, crate::call::callback::Callback>>,
    /// The error a callback raised during the current C call (registry
    /// reference), raised when that call returns.
    pub callback_error: Cell<c_int>,
    /// Callbacks running now (nested: C calling back during a callback's FFI call).
    pub callback_depth: Cell<u32>,
    /// Registry reference of the error value an FFI call raised during a
    /// callback, after a nested callback recorded it: the callback's message
    /// handler passes it on unchanged (see `crate::call::callback`).
    pub propagated_error: Cell<c_int>,
    /// The Luau thread running the current FFI call: callbacks run on it.
    pub running: Cell<*mut sys::lua_State>,
    /// The main thread, for callbacks invoked outside any FFI call.
    pub main_thread: Cell<*mut sys::lua_State>,
    /// Stack slots callbacks keep in the frame of the FFI call in progress.
    pub callback_frame: Cell<crate::call::callback::CallbackFrame>,
    /// Counts releases of callbacks' function references (`cb:free`,
    /// `cb:set`), after which a reference number may name another function.
    pub function_generation: Cell<u64>,
    /// Registry reference of the callbacks' `pcall` message handler.
    pub traceback_ref: Cell<c_int>,
    /// Set while the arguments of an FFI call are converted: Luau functions
    /// converted to callbacks then are temporary.
    pub converting_arguments: Cell<bool>,
    /// Code addresses of temporary callbacks of the calls in progress.
    pub temporaries: RefCell<Vec<usize>>,
    /// `temporaries.len()`, readable without a borrow on every call.
    pub temporaries_len: Cell<usize>,
    /// The call plans of the documented API's methods, made on first use.
    pub documented_plans: RefCell<[Option<std::rc::Rc<crate::call::plan::CallPlan>>; 5]>,
    /// Address of the library objects' metatable, for cheap identity checks.
    pub library_mt: Cell<*const std::ffi::c_void>,
    /// Registry reference of the library objects' metatable.
    pub library_mt_ref: Cell<c_int>,
    /// `errno` right after the last C call, saved before anything else ran.
    pub errno: Cell<c_int>,
    /// The metatable shared by cdata (`lua_topointer`), to tell it from the
    /// copies that keep the owners of references alive (see `crate::cdata::object`).
    pub cdata_metatable: Cell<*const std::ffi::c_void>,
    /// The array or pointer type indexed last, described (see
    /// `crate::cdata::meta::ElementAccess`).
    pub element_access: Cell<Option<crate::cdata::meta::ElementAccess>>,
    /// The Luau userdata tag of this module's cdata (see `crate::cdata::object`).
    pub cdata_tag: Cell<c_int>,
    /// Finalizers of collected cdata waiting to run (see `crate::cdata::gc`).
    pub pending: std::rc::Rc<crate::cdata::gc::PendingQueue>,
}

impl userdata::Userdata for ModuleState {
    const METATABLE: &'static CStr = c"luau_ffi.ModuleState";
    const TYPE_NAME: &'static CStr = c"FfiModuleState";

    unsafe fn init_metatable(_state: *mut sys::lua_State) -> Result<()> {
        Ok(())
    }
}

impl ModuleState {
    /// Creates the state userdata and leaves it at the top of the stack.
    ///
    /// # Safety
    /// `state` must be a live Luau state with room for a few stack slots.
    pub unsafe fn push_new(state: *mut sys::lua_State) -> Result<*mut ModuleState> {
        // SAFETY: protected calls; the userdata is left on top.
        unsafe {
            let module = userdata::push(
                state,
                ModuleState {
                    types: RefCell::new(CTypeTable::new()),
                    metatypes: RefCell::new(FxHashMap::default()),
                    plans: RefCell::new(FxHashMap::default()),
                    callbacks: RefCell::new(FxHashMap::default()),
                    callback_error: Cell::new(sys::LUA_NOREF),
                    callback_depth: Cell::new(0),
                    propagated_error: Cell::new(sys::LUA_NOREF),
                    running: Cell::new(std::ptr::null_mut()),
                    main_thread: Cell::new(sys::lua_mainthread(state)),
                    converting_arguments: Cell::new(false),
                    traceback_ref: Cell::new(sys::LUA_NOREF),
                    callback_frame: Cell::new(crate::call::callback::CallbackFrame::NONE),
                    function_generation: Cell::new(0),
                    temporaries: RefCell::new(Vec::new()),
                    temporaries_len: Cell::new(0),
                    documented_plans: RefCell::new(Default::default()),
                    library_mt: Cell::new(std::ptr::null()),
                    library_mt_ref: Cell::new(sys::LUA_NOREF),
                    errno: Cell::new(0),
                    cdata_metatable: Cell::new(std::ptr::null()),
                    element_access: Cell::new(None),
                    cdata_tag: Cell::new(-1),
                    pending: Default::default(),
                },
            )?;
            // Anchored for the state's lifetime: library objects, callbacks and
            // finalizers hold plain pointers to it.
            protected::reference(state, -1)?;
            Ok(module)
        }
    }

    /// The thread callbacks run on: the one running the current FFI call.
    pub fn running_thread(&self) -> *mut sys::lua_State {
        let running = self.running.get();
        if running.is_null() {
            self.main_thread.get()
        } else {
            running
        }
    }

    /// Records that a callback's function reference was released (its number
    /// may now name another function; see `CallbackFrame`).
    pub fn function_released(&self) {
        self.function_generation.set(self.function_generation.get() + 1);
    }

    /// The type table for reading on a hot path, without a borrow guard.
    ///
    /// # Safety
    /// No mutable borrow may start while the reference is used: the module
    /// never holds one across a call into Luau, and the callers of this only
    /// read the table and push values.
    #[inline(always)]
    pub unsafe fn types_unguarded(&self) -> &CTypeTable {
        // SAFETY: see above; an active mutable borrow would be a bug, caught here.
        unsafe { self.types.try_borrow_unguarded() }.expect("the C type table is being modified")
    }

    /// The module state of the running C function (its upvalue 1).
    ///
    /// # Safety
    /// Only inside a C function the module pushed with its state as upvalue 1.
    #[inline(always)]
    pub unsafe fn current<'a>(state: *mut sys::lua_State) -> &'a ModuleState {
        // SAFETY: see above; the userdata outlives every closure holding it.
        unsafe { &*sys::lua_touserdata(state, sys::lua_upvalueindex(1)).cast::<ModuleState>() }
    }
}
