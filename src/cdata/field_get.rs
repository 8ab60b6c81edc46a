//! Field reads without a call frame: a userdata tag per record type, whose
//! scalar members Luau reads through direct field getters
//! (`crate::lua::field_getter`).
//!
//! `p.x` on a cdata normally costs a call of the cdata metatable's `__index`
//! (a C function: a Luau call frame, the key's lookup, the push), which alone
//! is slower than LuaJIT's interpreter reading the field. Luau 0.740 can
//! instead call a getter registered for a userdata tag and a field name, with
//! no frame. The getter only gets the userdata's memory and the result slot:
//! it cannot raise, allocate or decline. So a getter exists only for a read
//! that can do none of these and that `__index` would answer the same way:
//!
//! - a member found directly in the record by name (not through an anonymous
//!   member), not a bitfield, whose value is a number or a boolean without
//!   boxing: `bool`, integers of up to 32 bits, enums, floating point
//!   ([`Shape::unboxed_size`]); `__index` reads exactly these first, before
//!   any metatype, so the answer is the same;
//! - read from a cdata that is the record (owned, or a reference to it) and
//!   whose memory holds the whole record, so no bounds check can fail.
//!
//! Every other key (other members, metatype methods, missing names) has no
//! getter and takes `__index` as before, errors included.
//!
//! A getter is per tag and knows only the memory, so the tag names the record
//! type: each record type read this way gets a tag of its own when its first
//! value is made, claimed from the VM's free tags just below the module's
//! cdata tag ([`RecordTags`]; at most [`MAX_RECORD_TAGS`], leaving the rest to
//! the host). The cdata header carries a pointer to its type's [`FieldSlot`]s,
//! so one getter per position (`get::<K>`) serves every record type. A type
//! made when no tag is left, or when the host's Luau lacks the API, keeps the
//! shared cdata tag and reads through `__index`.

use std::cell::{Cell, RefCell};
use std::ffi::{c_int, c_void, CString};
use std::ptr;

use super::convert::{read_scalar, Scalar};
use super::object::CData;
use super::Values;
use crate::ctype::{CKind, CTypeId, CTypeTable, Shape};
use crate::error::Result;
use crate::fxhash::FxHashMap;
use crate::lua::field_getter::{self, FieldGetter};
use crate::lua::{protected, sys};

/// How many record types at most get a tag of their own.
pub const MAX_RECORD_TAGS: c_int = 32;

/// A member read by a getter: where it is in the record and how to read it.
#[derive(Clone, Copy, Debug)]
pub struct FieldSlot {
    /// Byte offset from the start of the record.
    offset: usize,
    /// Its shape: one with an [`Shape::unboxed_size`].
    shape: Shape,
}

/// The userdata tag a new cdata gets, with what its header's `fields` holds:
/// the module's cdata tag and null, or a record type's tag and its slots.
#[derive(Clone, Copy, Debug)]
pub struct ValueTag {
    /// The userdata tag.
    pub tag: c_int,
    /// The record type's [`FieldSlot`]s, or null.
    pub fields: *const FieldSlot,
}

/// The record types' tags of one module state (part of [`Values`]).
#[derive(Default)]
pub struct RecordTags {
    /// The lowest tag the module holds: its tags are `lowest..=` the cdata tag
    /// (so recognising a cdata stays a range check); 0 until the module opens.
    lowest: Cell<c_int>,
    /// The decision per record type (unqualified): its tag, or `None` for the
    /// shared tag.
    by_record: RefCell<FxHashMap<CTypeId, Option<ValueTag>>>,
    /// The slots of every record type with a tag (boxed: headers point into them).
    slots: RefCell<Vec<Box<[FieldSlot]>>>,
}

impl RecordTags {
    /// The lowest tag the module holds.
    #[inline(always)]
    pub fn lowest(&self) -> c_int {
        self.lowest.get()
    }

    /// Starts the range at the module's cdata tag (`super::meta::install`).
    pub fn start_at(&self, tag: c_int) {
        self.lowest.set(tag);
    }
}

impl Values {
    /// The tag a new cdata of `ctype` gets: its record type's tag when the
    /// cdata is the record (or a reference to it) and `whole` (its memory
    /// holds the whole record), the shared cdata tag otherwise. The first
    /// value of a record type claims the type's tag and registers its getters.
    ///
    /// # Safety
    /// `state` must be live, inside a C function of the module.
    pub unsafe fn value_tag(&self, state: *mut sys::lua_State, ctype: CTypeId, whole: bool) -> Result<ValueTag> {
        let shared = ValueTag { tag: self.tag.get(), fields: ptr::null() };
        // SAFETY: only read here; no Luau call while the reference is used.
        let types = unsafe { self.types_unguarded() };
        let record = types.base(types.unreferenced(types.base(ctype)));
        // An incomplete record (a reference through a pointer to an opaque
        // struct) is decided once its body is declared.
        if !whole || !matches!(types.kind(record), CKind::Record { complete: true, .. }) {
            return Ok(shared);
        }
        if let Some(decided) = self.record_tags.by_record.borrow().get(&record) {
            return Ok(decided.unwrap_or(shared));
        }
        // SAFETY: forwarded.
        let decided = unsafe { self.claim_record_tag(state, types, record)? };
        Ok(decided.unwrap_or(shared))
    }

    /// Gives `record` a tag of its own with a getter per readable member, if
    /// it has such members, the API exists and a tag is left, and records the
    /// decision. The decision stands even when registering a getter fails (an
    /// allocation): a member without its getter reads through `__index`.
    unsafe fn claim_record_tag(
        &self,
        state: *mut sys::lua_State,
        types: &CTypeTable,
        record: CTypeId,
    ) -> Result<Option<ValueTag>> {
        let shared = |values: &Values| {
            values.record_tags.by_record.borrow_mut().insert(record, None);
            Ok(None)
        };
        let members = readable_members(types, record);
        if members.is_empty() || !field_getter::available() {
            return shared(self);
        }
        let cdata_tag = self.tag.get();
        let tag = self.record_tags.lowest() - 1;
        if tag < 1 || cdata_tag - tag > MAX_RECORD_TAGS {
            return shared(self);
        }
        // SAFETY: reads of the VM's tag registry, then the registration of a
        // free tag with the cdata metatable (and the destructor once armed),
        // as for the cdata tag.
        unsafe {
            sys::lua_getuserdatametatable(state, tag);
            let taken = sys::lua_type(state, -1) != sys::LUA_TNIL || sys::lua_getuserdatadtor(state, tag).is_some();
            sys::lua_settop(state, -2);
            if taken {
                return shared(self);
            }
            sys::lua_getuserdatametatable(state, cdata_tag);
            super::object::register_tag(state, tag, super::object::destructor_armed(state, self));
        }
        self.record_tags.lowest.set(tag);
        let slots: Box<[FieldSlot]> = members.iter().map(|(_, slot)| *slot).collect();
        let fields = slots.as_ptr();
        self.record_tags.slots.borrow_mut().push(slots);
        let decided = ValueTag { tag, fields };
        self.record_tags.by_record.borrow_mut().insert(record, Some(decided));
        for (position, (name, _)) in members.iter().enumerate() {
            // SAFETY: every userdata of `tag` is a cdata of `record` holding
            // the whole record, whose header points at these slots
            // (`value_tag` is the only way to the tag).
            unsafe { protected::register_field_getter(state, tag, name, GETTERS[position])? };
        }
        Ok(Some(decided))
    }
}

/// The members of `record` a getter may read (see the module docs), with
/// their names, in declaration order; at most one per getter.
fn readable_members(types: &CTypeTable, record: CTypeId) -> Vec<(CString, FieldSlot)> {
    let CKind::Record { fields, complete: true, .. } = types.kind(record) else { return Vec::new() };
    if types.is_vla(record) {
        return Vec::new();
    }
    let mut members: Vec<(CString, FieldSlot)> = Vec::new();
    for (index, field) in fields.iter().enumerate() {
        let (Some(name), Some(shape)) = (&field.name, field.scalar) else { continue };
        if field.bits.is_some() || shape.unboxed_size().is_none() {
            continue;
        }
        // `__index` takes the first member of a name; a getter must too.
        if fields[..index].iter().any(|earlier| earlier.name.as_deref() == Some(name.as_str())) {
            continue;
        }
        let Ok(cname) = CString::new(name.as_str()) else { continue };
        members.push((cname, FieldSlot { offset: field.offset, shape }));
        if members.len() == GETTERS.len() {
            break;
        }
    }
    members
}

/// The getter of the `K`th readable member of the record type whose tag the
/// userdata has.
///
/// # Safety
/// Luau calls it only for userdata of a record type's tag (see
/// [`Values::value_tag`]): a cdata whose header points at that type's slots,
/// more than `K` of them, and whose memory holds the whole record.
unsafe extern "C" fn get<const K: usize>(data: *mut c_void, result: *mut c_void) {
    // SAFETY: as documented; reads a member inside the record's memory.
    unsafe {
        let cdata = &*data.cast::<CData>();
        let slot = *cdata.fields.add(K);
        let address = cdata.ptr.add(slot.offset);
        match slot.shape {
            Shape::Float { size: 8 } => field_getter::set_number(result, ptr::read_unaligned(address.cast::<f64>())),
            Shape::Int { size: 4, signed: true } => {
                field_getter::set_number(result, ptr::read_unaligned(address.cast::<i32>()) as f64)
            }
            shape => match read_scalar(shape, address) {
                Some(Scalar::Int(i)) => field_getter::set_number(result, i.to_number()),
                Some(Scalar::Float(f)) => field_getter::set_number(result, f),
                Some(Scalar::Bool(b)) => field_getter::set_boolean(result, b),
                // Not a shape `readable_members` takes.
                _ => field_getter::set_number(result, f64::NAN),
            },
        }
    }
}

/// One getter per position of a readable member.
const GETTERS: [FieldGetter; 48] = [
    get::<0>, get::<1>, get::<2>, get::<3>, get::<4>, get::<5>, get::<6>, get::<7>, get::<8>, get::<9>, get::<10>,
    get::<11>, get::<12>, get::<13>, get::<14>, get::<15>, get::<16>, get::<17>, get::<18>, get::<19>, get::<20>,
    get::<21>, get::<22>, get::<23>, get::<24>, get::<25>, get::<26>, get::<27>, get::<28>, get::<29>, get::<30>,
    get::<31>, get::<32>, get::<33>, get::<34>, get::<35>, get::<36>, get::<37>, get::<38>, get::<39>, get::<40>,
    get::<41>, get::<42>, get::<43>, get::<44>, get::<45>, get::<46>, get::<47>,
];
