//! `ffi.gc` finalizers.
//!
//! Luau has no `__gc`: a userdata's destructor runs inside the collector, where
//! no Luau code may run. So a finalizer that is a C function of this module
//! (`ffi.gc(p, ffi.C.free)`, the common case) is called directly from the
//! destructor, while a Luau function is queued with a copy of the value and run
//! at the next entry into the module that makes cdata (`ffi.new`, a ctype
//! call, `ffi.cast`, `ffi.gc`, a C call, 64-bit arithmetic), under `pcall`: an
//! error in it is reported on stderr and never crashes.
//!
//! Queued finalizers run one at a time, oldest first, and never nest: a
//! finalizer that calls into the FFI (`ffi.C.free(p)`) does not start the
//! queue again; the loop already running takes what the collector queued
//! meanwhile, so none is lost, however many the collector hands over.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::ffi::{c_int, c_void};
use std::rc::Rc;

use super::object::CData;
use super::Values;
use crate::ctype::CTypeId;
use crate::error::Result;
use crate::lua::sys;

/// What to run when a cdata is collected.
pub enum FinalizerKind {
    /// A Luau function, by registry reference.
    Luau(c_int),
    /// A C function `void f(T)` taking the cdata's pointer value (or address).
    C(unsafe extern "C" fn(*mut c_void)),
}

/// The finalizer of one cdata.
pub struct Finalizer {
    /// What runs.
    pub kind: FinalizerKind,
    /// Whether the C function receives the pointer stored in the cdata (a
    /// pointer cdata) rather than the cdata's address.
    pub pass_pointer_value: bool,
    /// Bytes of the value copied for a Luau finalizer (its size when `ffi.gc`
    /// attached it, with a variable-length value's elements).
    pub value_size: usize,
    /// For a reference cdata: registry reference of the cdata owning the
    /// memory, so that the memory is still there when the reference is
    /// collected (both may be collected in one cycle); `LUA_NOREF` otherwise.
    pub owner: c_int,
    /// The queue of the cdata's Luau state.
    pub queue: Rc<PendingQueue>,
}

/// A Luau finalizer waiting to run: its function and a copy of the value.
pub struct Pending {
    /// Registry reference of the finalizer.
    pub function: c_int,
    /// The collected cdata's type.
    pub ctype: CTypeId,
    /// The collected cdata's element count (`object::NO_COUNT` if fixed).
    pub count: u64,
    /// A copy of the collected cdata's bytes.
    pub bytes: Vec<u8>,
}

/// Finalizers of collected cdata, per Luau state, and registry references
/// they no longer need.
#[derive(Default)]
pub struct PendingQueue {
    items: RefCell<VecDeque<Pending>>,
    releases: RefCell<Vec<c_int>>,
    nonempty: Cell<bool>,
    running: Cell<bool>,
    in_collector: Cell<bool>,
}

impl PendingQueue {
    /// Whether anything waits (one load: checked on every entry).
    #[inline(always)]
    pub fn has_pending(&self) -> bool {
        self.nonempty.get()
    }

    /// Whether a C finalizer is running inside the collector, where no Luau
    /// code may run (a callback it calls must not enter Luau).
    #[inline(always)]
    pub fn in_collector(&self) -> bool {
        self.in_collector.get()
    }

    fn push(&self, item: Pending) {
        self.items.borrow_mut().push_back(item);
        self.nonempty.set(true);
    }

    fn release_later(&self, reference: c_int) {
        if reference != sys::LUA_NOREF {
            self.releases.borrow_mut().push(reference);
            self.nonempty.set(true);
        }
    }

    fn pop(&self) -> Option<Pending> {
        self.items.borrow_mut().pop_front()
    }

    fn take_releases(&self) -> Vec<c_int> {
        std::mem::take(&mut *self.releases.borrow_mut())
    }

    fn settle(&self) {
        self.nonempty.set(!self.items.borrow().is_empty() || !self.releases.borrow().is_empty());
    }

    /// Queues again a finalizer that could not run, before the others.
    fn put_back(&self, item: Pending) {
        self.items.borrow_mut().push_front(item);
        self.nonempty.set(true);
    }
}

/// Called by the cdata destructor (inside the collector) for a cdata with a
/// finalizer. Runs C finalizers at once; queues Luau ones.
///
/// # Safety
/// `cdata` must be the collected object; its payload is still readable (its
/// owner, for a reference, is held by `Finalizer::owner`).
pub unsafe fn collected(cdata: &mut CData) {
    // SAFETY: the finalizer box was made by `Box::into_raw` in ffi.gc and is
    // taken exactly once.
    let finalizer = unsafe { Box::from_raw(std::mem::replace(&mut cdata.finalizer, std::ptr::null_mut())) };
    match finalizer.kind {
        FinalizerKind::C(function) => {
            let argument = if finalizer.pass_pointer_value {
                // SAFETY: a pointer cdata stores one pointer.
                unsafe { *cdata.ptr.cast::<*mut c_void>() }
            } else {
                cdata.ptr.cast()
            };
            finalizer.queue.in_collector.set(true);
            // SAFETY: the script chose this C function as the finalizer of this value.
            unsafe { function(argument) };
            finalizer.queue.in_collector.set(false);
        }
        FinalizerKind::Luau(function) => {
            // SAFETY: the payload holds the value's bytes.
            let bytes = unsafe { std::slice::from_raw_parts(cdata.ptr, finalizer.value_size) }.to_vec();
            finalizer.queue.push(Pending { function, ctype: cdata.ctype, count: cdata.count, bytes });
        }
    }
    finalizer.queue.release_later(finalizer.owner);
}

/// The finalizer the value at `idx` makes: a C function of the module taking
/// one pointer (`ffi.C.free`) runs inside the collector, anything else is
/// queued (a registry reference to it is taken).
///
/// # Safety
/// Inside a C function of the module.
pub unsafe fn finalizer_of(state: *mut sys::lua_State, values: &Values, idx: c_int) -> Result<FinalizerKind> {
    // SAFETY: forwarded.
    unsafe {
        let idx = sys::lua_absindex(state, idx);
        match values.upcalls().c_finalizer(state, idx) {
            Some(function) => Ok(FinalizerKind::C(function)),
            None => Ok(FinalizerKind::Luau(crate::lua::protected::reference(state, idx)?)),
        }
    }
}

/// Gives the cdata at stack index `idx` the finalizer `kind` (`ffi.gc`, or a
/// metatype's `__gc` when `ffi.new` makes a record), replacing the one it
/// had; `None` removes it.
///
/// # Safety
/// Inside a C function of the module; the value at `idx` is a cdata that is
/// not a ctype, and a `FinalizerKind::Luau` reference is handed over (released
/// here on failure).
pub unsafe fn set_finalizer(
    state: *mut sys::lua_State,
    values: &Values,
    idx: c_int,
    kind: Option<FinalizerKind>,
) -> Result<()> {
    // SAFETY: stack reads; the finalizer box is owned by the cdata header.
    unsafe {
        let cdata = super::object::get_unchecked(state, idx);
        // A reference's memory belongs to the cdata its metatable holds (see
        // `object::push_ref`): kept alive until the finalizer ran.
        let owner = match &kind {
            Some(kind) if cdata.flags & super::object::FLAG_REF != 0 && cdata.extent != super::object::UNBOUNDED => {
                sys::lua_getmetatable(state, idx);
                sys::lua_rawgeti(state, -1, 1);
                let owner = crate::lua::protected::reference(state, -1);
                sys::lua_settop(state, -3);
                match owner {
                    Ok(owner) => owner,
                    Err(error) => {
                        if let FinalizerKind::Luau(reference) = kind {
                            sys::lua_unref(state, *reference);
                        }
                        return Err(error);
                    }
                }
            }
            _ => sys::LUA_NOREF,
        };
        if !cdata.finalizer.is_null() {
            discard(state, std::mem::replace(&mut cdata.finalizer, std::ptr::null_mut()));
        }
        if let Some(kind) = kind {
            super::object::arm_destructor(state, values);
            let types = values.types.borrow();
            let is_pointer = matches!(types.shape(cdata.ctype), crate::ctype::Shape::Pointer { .. });
            let value_size = cdata.byte_len(&types).unwrap_or(0);
            cdata.finalizer = Box::into_raw(Box::new(Finalizer {
                kind,
                pass_pointer_value: is_pointer,
                value_size,
                owner,
                queue: values.finalizers.clone(),
            }));
        }
        Ok(())
    }
}

/// Drops a finalizer that will not run (replaced or removed by `ffi.gc`).
///
/// # Safety
/// Inside a C function of the module; `finalizer` came from `Box::into_raw`.
pub unsafe fn discard(state: *mut sys::lua_State, finalizer: *mut Finalizer) {
    // SAFETY: see above; the references were made by ffi.gc.
    unsafe {
        let finalizer = Box::from_raw(finalizer);
        if let FinalizerKind::Luau(reference) = finalizer.kind {
            sys::lua_unref(state, reference);
        }
        sys::lua_unref(state, finalizer.owner);
    }
}

/// Runs queued `ffi.gc` finalizers: called on entry to the module's functions.
///
/// # Safety
/// Inside a C function of the module.
#[inline(always)]
pub unsafe fn run_pending_finalizers(state: *mut sys::lua_State, values: &Values) -> Result<()> {
    if values.finalizers.has_pending() {
        // SAFETY: forwarded.
        unsafe { run_pending(state, values) }?;
    }
    Ok(())
}

/// Runs the queued Luau finalizers, each under `pcall` with a copy of its
/// collected value, until none is left (including those queued while they
/// run), and releases the registry references finalizers no longer need. An
/// error in one is reported on stderr and does not stop the others. Inside a
/// finalizer this returns at once: finalizers never nest. When Luau cannot
/// make a copy (out of memory), that finalizer and those after it stay queued
/// and the error is returned.
///
/// # Safety
/// Inside a C function of the module, with room on the stack, holding no
/// borrow of the module's state (finalizers may call any `ffi` function).
pub unsafe fn run_pending(state: *mut sys::lua_State, values: &Values) -> Result<()> {
    let queue = &*values.finalizers;
    if queue.running.get() {
        return Ok(());
    }
    /// Clears `running` however the loop ends.
    struct Running<'a>(&'a PendingQueue);
    impl Drop for Running<'_> {
        fn drop(&mut self) {
            self.0.running.set(false);
            self.0.settle();
        }
    }
    queue.running.set(true);
    let _running = Running(queue);
    loop {
        for reference in queue.take_releases() {
            // SAFETY: references made by ffi.gc, released once.
            unsafe { sys::lua_unref(state, reference) };
        }
        let Some(item) = queue.pop() else { break };
        let align = values.types.borrow().align_of(item.ctype).unwrap_or(1);
        // SAFETY: the copy gets its own cdata, filled before anything reads it.
        let copy = unsafe { super::object::push_owned(state, values, item.ctype, item.bytes.len(), align) };
        let copy = match copy {
            Ok(copy) => copy,
            Err(error) => {
                queue.put_back(item);
                return Err(error);
            }
        };
        // SAFETY: the reference was made by ffi.gc; the function goes below the copy.
        unsafe {
            std::ptr::copy_nonoverlapping(item.bytes.as_ptr(), copy.ptr, item.bytes.len());
            crate::lua::stack::get_ref(state, item.function);
            sys::lua_unref(state, item.function);
            copy.count = item.count;
            drop(item);
            sys::lua_insert(state, -2);
            if sys::lua_pcall(state, 1, 0, 0) != 0 {
                let message = crate::lua::stack::get_bytes(state, -1)
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_else(|| "(error object is not a string)".into());
                eprintln!("luau-ffi: error in ffi.gc finalizer: {message}");
                sys::lua_settop(state, -2);
            }
            if sys::lua_gc(state, sys::LUA_GCISRUNNING, 0) != 0 {
                sys::lua_gc(state, sys::LUA_GCSTEP, FINALIZER_GC_WORK_KB);
            }
        }
    }
    Ok(())
}

/// Collector work (KB, as `collectgarbage("step", n)` counts it) done after
/// each Luau finalizer. A finalizer's function is held by the registry until
/// it has run, so it survives the cycle in which its cdata died, and Luau's
/// pacer counts it as live: with a new closure per object (`ffi.gc(p,
/// function(p) ... n += 1 end)`) each cycle then kept what it allocated and
/// memory grew without bound (540 MB after 8e6 objects). Paying this much
/// work per finalizer keeps cycles short against what they retain (7 MB);
/// LuaJIT's collector runs finalizers inside its own steps to the same end.
const FINALIZER_GC_WORK_KB: c_int = 1;
