//! `ffi.gc` finalizers.
//!
//! Luau has no `__gc`: a userdata's destructor runs inside the collector, where
//! no Luau code may run. So a finalizer that is a C function of this module
//! (`ffi.gc(p, ffi.C.free)`, the common case) is called directly from the
//! destructor, while a Luau function is queued with a copy of the value and run
//! at the next entry into the module (any `ffi.*` function or C call), under
//! `pcall`: an error in it is reported on stderr and never crashes.

use std::cell::{Cell, RefCell};
use std::ffi::{c_int, c_void};
use std::rc::Rc;

use super::object::CData;
use crate::ctype::CTypeId;

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
    /// Bytes of the value copied for a Luau finalizer (the ctype's size when
    /// `ffi.gc` attached it).
    pub value_size: usize,
    /// The queue of the cdata's Luau state.
    pub queue: Rc<PendingQueue>,
}

/// A Luau finalizer waiting to run: its function and a copy of the value.
pub struct Pending {
    /// Registry reference of the finalizer.
    pub function: c_int,
    /// The collected cdata's type.
    pub ctype: CTypeId,
    /// A copy of the collected cdata's bytes.
    pub bytes: Vec<u8>,
}

/// Finalizers of collected cdata, per Luau state.
#[derive(Default)]
pub struct PendingQueue {
    items: RefCell<Vec<Pending>>,
    nonempty: Cell<bool>,
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

    /// Takes everything that waits.
    pub fn take(&self) -> Vec<Pending> {
        self.nonempty.set(false);
        std::mem::take(&mut *self.items.borrow_mut())
    }

    fn push(&self, item: Pending) {
        self.items.borrow_mut().push(item);
        self.nonempty.set(true);
    }

    /// Queues again finalizers that could not run, before the others.
    fn put_back(&self, items: impl Iterator<Item = Pending>) {
        let mut queue = self.items.borrow_mut();
        let later = std::mem::replace(&mut *queue, items.collect());
        queue.extend(later);
        self.nonempty.set(!queue.is_empty());
    }
}

/// Called by the cdata destructor (inside the collector) for a cdata with a
/// finalizer. Runs C finalizers at once; queues Luau ones.
///
/// # Safety
/// `cdata` must be the collected object; its payload is still readable.
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
            finalizer.queue.push(Pending { function, ctype: cdata.ctype, bytes });
        }
    }
}

/// Runs the queued Luau finalizers, each under `pcall` with a copy of its
/// collected value. An error in one is reported on stderr and does not stop
/// the others. When Luau cannot make the copy (out of memory), the finalizers
/// not run yet go back to the queue and the error is returned.
///
/// # Safety
/// Inside a C function of the module, with room on the stack.
pub unsafe fn run_pending(
    state: *mut crate::lua::sys::lua_State,
    module: &crate::state::ModuleState,
) -> crate::error::Result<()> {
    use crate::lua::sys;
    let mut items = module.pending.take().into_iter();
    while let Some(item) = items.next() {
        let align = module.types.borrow().align_of(item.ctype).unwrap_or(1);
        // SAFETY: the copy gets its own cdata, filled before anything reads it.
        let copy = unsafe { super::object::push_owned(state, module, item.ctype, item.bytes.len(), align) };
        let copy = match copy {
            Ok(copy) => copy,
            Err(error) => {
                module.pending.put_back(std::iter::once(item).chain(items));
                return Err(error);
            }
        };
        // SAFETY: the reference was made by ffi.gc; the function goes below the copy.
        unsafe {
            std::ptr::copy_nonoverlapping(item.bytes.as_ptr(), copy.ptr, item.bytes.len());
            crate::lua::stack::get_ref(state, item.function);
            sys::lua_unref(state, item.function);
            sys::lua_insert(state, -2);
            if sys::lua_pcall(state, 1, 0, 0) != 0 {
                let message = crate::lua::stack::get_bytes(state, -1)
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                    .unwrap_or_else(|| "(error object is not a string)".into());
                eprintln!("luau-ffi: error in ffi.gc finalizer: {message}");
                sys::lua_settop(state, -2);
            }
        }
    }
    Ok(())
}
