//! The values layer's part of a module's per-state data: the C type table,
//! `ffi.metatype` tables, the userdata tag and metatable of cdata, the element
//! access cache, the queue of pending finalizers, and the seam to the layers
//! above ([`Upcalls`]).
//!
//! One [`Values`] lives inside the module state userdata (see `crate::module`),
//! which is anchored in the registry for the life of the Luau state, so plain
//! pointers to it stay valid; the cdata metamethods carry it as upvalue 1.

use std::cell::{Cell, RefCell};
use std::ffi::{c_int, c_void};
use std::ptr::NonNull;
use std::rc::Rc;

use super::construct::EmptyConstructor;
use super::gc::PendingQueue;
use super::meta::ElementAccess;
use super::upcalls::Upcalls;
use crate::ctype::{CTypeId, CTypeTable};
use crate::fxhash::FxHashMap;
use crate::lua::sys;

/// The values layer's per-state data (see the module docs).
pub struct Values {
    /// Every C type and declaration this state knows (`ffi.cdef`).
    pub types: RefCell<CTypeTable>,
    /// `ffi.metatype` tables by (unqualified) ctype: registry references
    /// (added by [`Values::declare_metatype`] only).
    pub(super) metatypes: RefCell<FxHashMap<CTypeId, c_int>>,
    /// Finalizers of collected cdata waiting to run (see `super::gc`).
    pub finalizers: Rc<PendingQueue>,
    /// The Luau userdata tag of this module's cdata (see `super::object`); set
    /// once by `super::meta::install`.
    pub(super) tag: Cell<c_int>,
    /// The tags of record types read by Luau's field getters (see
    /// `super::field_get`).
    pub(super) record_tags: super::field_get::RecordTags,
    /// The metatable shared by cdata (`lua_topointer`), to tell it from the
    /// copies that keep the owners of references alive (see `super::object`);
    /// set once by `super::meta::install`.
    pub(super) metatable: Cell<*const c_void>,
    /// The array or pointer type indexed last, described (see
    /// [`ElementAccess`]).
    pub(super) element_access: Cell<Option<ElementAccess>>,
    /// The type constructed last without arguments, described (see
    /// [`EmptyConstructor`]).
    pub(super) empty_constructor: Cell<Option<EmptyConstructor>>,
    /// The layers above; set once when the module opens ([`Values::install_upcalls`]).
    upcalls: Cell<Option<NonNull<dyn Upcalls>>>,
}

impl Values {
    /// The values of a new module: the built-in types, no cdata tag yet (see
    /// `super::meta::install`), no upcalls yet.
    pub fn new() -> Values {
        Values {
            types: RefCell::new(crate::cparse::new_table()),
            metatypes: RefCell::new(FxHashMap::default()),
            finalizers: Rc::default(),
            tag: Cell::new(-1),
            record_tags: Default::default(),
            metatable: Cell::new(std::ptr::null()),
            element_access: Cell::new(None),
            empty_constructor: Cell::new(None),
            upcalls: Cell::new(None),
        }
    }

    /// Connects the values layer to the layers above it: `upcalls` answers
    /// what this layer cannot (see [`Upcalls`]).
    ///
    /// # Safety
    /// `upcalls` must live, at the same address, as long as `self`: both are
    /// parts of the module state userdata.
    pub unsafe fn install_upcalls(&self, upcalls: &(dyn Upcalls + 'static)) {
        self.upcalls.set(Some(NonNull::from(upcalls)));
    }

    /// The layers above, reached through the seam.
    #[inline]
    pub fn upcalls(&self) -> &dyn Upcalls {
        let upcalls = self.upcalls.get().expect("the upcalls are installed when the module opens");
        // SAFETY: `install_upcalls`' contract: it lives as long as `self`.
        unsafe { upcalls.as_ref() }
    }

    /// Whether `key` (an unqualified ctype) has an `ffi.metatype` table.
    pub fn has_metatype(&self, key: CTypeId) -> bool {
        self.metatypes.borrow().contains_key(&key)
    }

    /// Records the registry reference `reference` as the `ffi.metatype` table
    /// of `key` (an unqualified ctype). The constructor plan is dropped: it
    /// was made for a type without a metatype (see `super::construct`).
    pub fn declare_metatype(&self, key: CTypeId, reference: c_int) {
        self.metatypes.borrow_mut().insert(key, reference);
        self.empty_constructor.set(None);
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

    /// The values of the running C function of the values layer (its upvalue
    /// 1, a light userdata pointing to them: see `super::meta::install`).
    ///
    /// # Safety
    /// Only inside a C function pushed with a pointer to live values as upvalue 1.
    #[inline(always)]
    pub unsafe fn current<'a>(state: *mut sys::lua_State) -> &'a Values {
        // SAFETY: see above; the module state outlives every closure holding it.
        unsafe { &*crate::lua::direct::light_upvalue(state, 1).cast::<Values>() }
    }
}

impl Default for Values {
    fn default() -> Self {
        Self::new()
    }
}
