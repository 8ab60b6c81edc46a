//! The cdata object: a Luau userdata holding a C value of a known ctype.
//!
//! A cdata either owns its memory (inline after the header, freed with the
//! userdata by Luau's GC) or refers into memory owned by another cdata (a nested
//! struct, an array element by reference). ctype objects (`ffi.typeof`) are
//! cdata too, with [`CData::is_ctype`] set, as in LuaJIT.
//!
//! A reference keeps the cdata that owns its memory alive through its
//! metatable: the owner's first reference gives the owner a metatable of its
//! own (a copy of the shared one holding the owner), and every reference into
//! that memory gets the same metatable. The GC then traces owner from
//! reference like any other edge, so a reference costs nothing once it is
//! unreachable and both die in the same cycle. (A table keyed by references
//! held by the registry, weak or not, would mark every owner whose reference
//! died during the cycle, and under allocation pressure Luau's pacer then
//! never catches up: memory grew without bound.)
//!
//! Every cdata records how many bytes of memory that luau-ffi allocated lie
//! from its address to the end of that allocation ([`CData::extent`]), so that
//! every access through such memory, however it was reached, is checked
//! against what was allocated; memory that C owns (a pointer's target, an
//! extern variable) is [`UNBOUNDED`] and unchecked, as in C.
//!
//! Every cdata is a userdata of a Luau userdata tag the module claims: the
//! cdata tag, claimed when it opens (see [`claim_tag`]), or the tag of a
//! record type whose members Luau reads without `__index`
//! (`super::field_get`), claimed just below it. Each tag's metatable is
//! registered with the VM, so creating a cdata is one allocation with nothing
//! looked up, and recognising one is a range check of its tag. The tags'
//! destructor, which only a cdata with a finalizer needs, is registered when
//! the first finalizer is attached ([`arm_destructor`]): until then freeing a
//! cdata calls nothing.

use std::ffi::{c_int, c_void};
use std::ptr;

use super::field_get::{FieldSlot, ValueTag};
use super::Values;
use crate::ctype::{ArrayLen, CKind, CTypeId, CTypeTable};
use crate::error::Result;
use crate::lua::{protected, sys};

/// The header at the start of every cdata userdata.
#[repr(C)]
pub struct CData {
    /// The C type of the value.
    pub ctype: CTypeId,
    /// `FLAG_*` bits.
    pub flags: u32,
    /// Where the C value is: inline after this header, or inside an owner.
    pub ptr: *mut u8,
    /// Element count of a variable-length array or struct (`[?]`), or of a
    /// reference to a `[?]` or `[]` array inside memory luau-ffi allocated,
    /// which the ctype does not record; `NO_COUNT` otherwise.
    pub count: u64,
    /// Bytes of the allocation holding the value from `ptr` to its end, when
    /// luau-ffi allocated it; `UNBOUNDED` for memory C owns.
    pub extent: usize,
    /// The `ffi.gc` finalizer, if any (see `crate::cdata::gc`).
    pub finalizer: *mut super::gc::Finalizer,
    /// For a cdata of a record type's tag, that type's members read by Luau's
    /// field getters; null otherwise (see `super::field_get`).
    pub fields: *const FieldSlot,
}

/// `count` of a cdata whose ctype has a fixed size.
pub const NO_COUNT: u64 = u64::MAX;
/// `extent` of a cdata in memory that C owns: accesses are not checked.
pub const UNBOUNDED: usize = usize::MAX;
/// A ctype object (`ffi.typeof`): `ctype` is the type it stands for; no value.
pub const FLAG_CTYPE: u32 = 1;
/// The value lives inside another object's memory.
pub const FLAG_REF: u32 = 2;
/// A function pointer made by `ffi.cast(fnptr, luau_function)` (`cb:free()`, `cb:set()`).
pub const FLAG_CALLBACK: u32 = 4;

/// Bytes before the inline payload: the header rounded up to 8 (Luau's
/// userdata alignment; stricter payloads are aligned in `push_owned`).
const HEADER: usize = (std::mem::size_of::<CData>() + 7) & !7;

impl CData {
    /// The header of a new cdata of `ctype` owning the `size` bytes at
    /// `payload` (inside its own block), with the fields of `tag`.
    #[inline(always)]
    fn owned(ctype: CTypeId, payload: *mut u8, size: usize, tag: ValueTag) -> CData {
        CData {
            ctype,
            flags: 0,
            ptr: payload,
            count: NO_COUNT,
            extent: size,
            finalizer: ptr::null_mut(),
            fields: tag.fields,
        }
    }

    /// Whether this is a ctype object rather than a value.
    #[inline(always)]
    pub fn is_ctype(&self) -> bool {
        self.flags & FLAG_CTYPE != 0
    }

    /// The type of the value: the cdata's type, or for a reference cdata
    /// (whose `ptr` is its referent's address) the type it refers to.
    #[inline]
    pub fn value_type(&self, types: &CTypeTable) -> CTypeId {
        types.unreferenced(self.ctype)
    }

    /// The element count of an array value of length `len`: fixed by its type,
    /// or given when a `[?]` array was created, or what fits the allocation
    /// for a reference to a `[?]` or `[]` array. `None` when unknown (C's
    /// memory).
    #[inline(always)]
    pub fn array_length(&self, len: crate::ctype::ArrayLen) -> Option<u64> {
        match len {
            crate::ctype::ArrayLen::Fixed(n) => Some(n),
            _ if self.count != NO_COUNT => Some(self.count),
            _ => None,
        }
    }

    /// Bytes luau-ffi allocated from `address` (inside this cdata's value) to
    /// the end of the allocation; `UNBOUNDED` for memory C owns.
    #[inline]
    pub fn room_at(&self, address: *const u8) -> usize {
        if self.extent == UNBOUNDED {
            return UNBOUNDED;
        }
        // An address before `ptr` (a wild index of zero-size elements) has no room.
        let offset = (address as usize).wrapping_sub(self.ptr as usize);
        self.extent.saturating_sub(offset)
    }

    /// The size in bytes of the value: what its type says (with the element
    /// count of a variable-length one), capped by the allocation; `None` when
    /// neither is known (C's memory of an unsized type, or of a zero-length
    /// array).
    pub fn byte_len(&self, types: &CTypeTable) -> Option<usize> {
        let ty = self.value_type(types);
        let typed = match (self.count, types.kind(ty)) {
            // A zero-length array (`char data[0]` ending a struct, which C
            // allocates past) says nothing of its memory: what the allocation
            // holds after it, or for C's memory no limit, as in LuaJIT.
            (_, CKind::Array { len: ArrayLen::Fixed(0), .. }) => None,
            (NO_COUNT, _) => types.size_of(ty),
            (n, CKind::Array { .. }) | (n, CKind::Record { .. }) => types.size_of_vla(ty, n),
            _ => types.size_of(ty),
        };
        match (typed, self.extent) {
            (Some(size), UNBOUNDED) => Some(size),
            (Some(size), extent) => Some(size.min(extent)),
            (None, UNBOUNDED) => None,
            (None, extent) => Some(extent),
        }
    }
}

/// The element count and extent of a reference of type `ty` at `address`
/// inside `parent`'s value: a `[?]` or `[]` array gets the element count that
/// fits the allocation (the exact count of a variable-length struct's
/// trailing array).
fn part_bounds(types: &CTypeTable, parent: &CData, ty: CTypeId, address: *const u8) -> (u64, usize) {
    let extent = parent.room_at(address);
    if extent == UNBOUNDED {
        return (NO_COUNT, UNBOUNDED);
    }
    let count = match types.kind(ty) {
        CKind::Array { elem, len } if !matches!(len, ArrayLen::Fixed(_)) => match types.size_of(*elem) {
            Some(size) if size > 0 => {
                let fits = (extent / size) as u64;
                if *len == ArrayLen::Vla && parent.count != NO_COUNT {
                    parent.count.min(fits)
                } else {
                    fits
                }
            }
            // Zero-size elements: no access reads or writes a byte.
            _ => NO_COUNT,
        },
        _ => NO_COUNT,
    };
    (count, extent)
}

/// The destructor of the cdata tag.
unsafe extern "C" fn destroy(_state: *mut sys::lua_State, data: *mut c_void) {
    // SAFETY: Luau calls this once per cdata block, which `push_owned` or
    // `push_ref` initialised right after allocating it.
    unsafe {
        let cdata = &mut *data.cast::<CData>();
        if !cdata.finalizer.is_null() {
            super::gc::collected(cdata);
        }
    }
}

/// The largest value a cdata can own with alignment `align`: what fits one Luau
/// userdata block after the header and the alignment padding.
pub fn max_owned_size(align: usize) -> usize {
    protected::MAX_USERDATA - HEADER - if align > 8 { align } else { 0 }
}

/// Pushes a new cdata of `ctype` owning `size` zeroed bytes aligned to `align`,
/// and returns it. Its metatable is the module's cdata metatable. Sizes above
/// [`max_owned_size`] are refused.
///
/// # Safety
/// `state` must be live; `values` must be the values of a module of that state.
pub unsafe fn push_owned<'a>(
    state: *mut sys::lua_State,
    values: &Values,
    ctype: CTypeId,
    size: usize,
    align: usize,
) -> Result<&'a mut CData> {
    // SAFETY: forwarded.
    unsafe {
        let tag = values.value_tag(state, ctype, true)?;
        push_owned_as(state, values, ctype, size, align, tag)
    }
}

/// [`push_owned`] with the tag already chosen ([`Values::value_tag`] for
/// `ctype`, or the cdata tag for a ctype object).
///
/// # Safety
/// As [`push_owned`]; `tag` must be what `Values::value_tag` gives `ctype`
/// (the cdata tag is always sound).
#[inline]
pub unsafe fn push_owned_as<'a>(
    state: *mut sys::lua_State,
    _values: &Values,
    ctype: CTypeId,
    size: usize,
    align: usize,
    tag: ValueTag,
) -> Result<&'a mut CData> {
    // Luau aligns userdata blocks to 8 bytes; over-allocate for stricter types.
    let extra = if align > 8 { align } else { 0 };
    // A size near usize::MAX stays too large for new_tagged, which refuses it.
    let total = size.saturating_add(HEADER + extra);
    // SAFETY: a fresh block of the cdata tag, initialised before anything can read it.
    unsafe {
        let block = protected::new_tagged(state, total, tag.tag)?;
        let payload = block.add(HEADER);
        let payload = payload.add(payload.align_offset(align.max(1)));
        ptr::write_bytes(payload, 0, size);
        let cdata = block.cast::<CData>();
        ptr::write(cdata, CData::owned(ctype, payload, size, tag));
        Ok(&mut *cdata)
    }
}

/// Pushes a new cdata of the 8-byte scalar type `ctype` (a pointer, a 64-bit
/// integer) holding `value`: [`push_owned`] without the general alignment and
/// zero fill (boxed call results and callback arguments).
///
/// # Safety
/// As [`push_owned`]; `ctype` must be 8 bytes with alignment at most 8.
#[inline]
pub unsafe fn push_word(state: *mut sys::lua_State, values: &Values, ctype: CTypeId, value: u64) -> Result<()> {
    // SAFETY: a fresh block of the cdata tag with room for the header and the
    // word, initialised before anything can read it (Luau blocks are 8-aligned).
    unsafe {
        let block = protected::new_tagged(state, HEADER + 8, values.tag.get())?;
        let payload = block.add(HEADER);
        ptr::write(payload.cast::<u64>(), value);
        let header = CData {
            ctype,
            flags: 0,
            ptr: payload,
            count: NO_COUNT,
            extent: 8,
            finalizer: ptr::null_mut(),
            fields: ptr::null(),
        };
        ptr::write(block.cast::<CData>(), header);
    }
    Ok(())
}

/// The largest value [`push_zeroed`] makes: beyond it a `memset` call is the
/// cheaper way to zero it.
pub const SMALL_ZEROED: usize = 64;

/// Pushes a new cdata of `ctype` owning `size` zeroed bytes, for a small type
/// aligned to at most 8: [`push_owned`] without the alignment step, and with
/// the payload rounded up to whole words (the rounding stays inside Luau's
/// size class, whose blocks are multiples of 8) so that it is zeroed by a few
/// stores, not a `memset` call (`V()`, `ffi.new("T")`).
///
/// # Safety
/// As [`push_owned_as`] (`tag` is what `Values::value_tag` gives `ctype`); the
/// alignment of `ctype` is at most 8 and `size` at most [`SMALL_ZEROED`].
#[inline(always)]
pub unsafe fn push_zeroed(state: *mut sys::lua_State, ctype: CTypeId, size: usize, tag: ValueTag) -> Result<()> {
    let rounded = (size + 7) & !7;
    // SAFETY: a fresh block of the tag with room for the header and `rounded`
    // bytes, initialised before anything can read it (Luau blocks are
    // 8-aligned).
    unsafe {
        let block = protected::new_tagged(state, HEADER + rounded, tag.tag)?;
        let payload = block.add(HEADER);
        let mut word = payload.cast::<u64>();
        let end = payload.add(rounded).cast::<u64>();
        while word < end {
            // Volatile: a loop of plain stores would become a `memset` call,
            // which costs more than the two or four stores of a small value.
            ptr::write_volatile(word, 0);
            word = word.add(1);
        }
        ptr::write(block.cast::<CData>(), CData::owned(ctype, payload, size, tag));
    }
    Ok(())
}

/// Pushes a cdata of `ctype` referring to `address`. When `owner` is a stack
/// index, `address` lies inside the value of the cdata there: the new cdata
/// keeps the memory's owner alive and is bounded by its allocation.
///
/// # Safety
/// As [`push_owned`]; `owner` must hold a cdata; `address` must stay valid
/// while the owner lives (or, with no owner, is the script's responsibility,
/// as with any C pointer).
pub unsafe fn push_ref<'a>(
    state: *mut sys::lua_State,
    values: &Values,
    types: &CTypeTable,
    ctype: CTypeId,
    address: *mut u8,
    owner: Option<c_int>,
) -> Result<&'a mut CData> {
    // SAFETY: as in push_owned; the owner index holds a cdata.
    unsafe {
        let owner = owner.map(|idx| sys::lua_absindex(state, idx));
        let (count, extent) = match owner {
            Some(idx) => part_bounds(types, get_unchecked(state, idx), ctype, address),
            None => (NO_COUNT, UNBOUNDED),
        };
        let whole = extent == UNBOUNDED || types.size_of(types.unreferenced(ctype)).is_some_and(|size| size <= extent);
        let tag = values.value_tag(state, ctype, whole)?;
        let header = CData {
            ctype,
            flags: FLAG_REF,
            ptr: address,
            count,
            extent,
            finalizer: ptr::null_mut(),
            fields: tag.fields,
        };
        let tag = tag.tag;
        match owner {
            Some(idx) if extent != UNBOUNDED => {
                let block = protected::new_tagged_bare(state, HEADER, tag)?.cast::<CData>();
                ptr::write(block, header);
                push_keepalive_metatable(state, values, idx)?;
                protected::set_metatable(state, -2)?;
                Ok(&mut *block)
            }
            _ => {
                let block = protected::new_tagged(state, HEADER, tag)?.cast::<CData>();
                ptr::write(block, header);
                Ok(&mut *block)
            }
        }
    }
}

/// Pushes the metatable of references into the memory of the cdata at `owner`
/// (an absolute index): the metatable of the cdata that owns that memory,
/// which holds it. An owned cdata gets one of its own (a copy of the shared
/// metatable holding it at index 1) on its first reference.
unsafe fn push_keepalive_metatable(state: *mut sys::lua_State, values: &Values, owner: c_int) -> Result<()> {
    // SAFETY: `owner` holds a cdata, which always has a metatable; the copy
    // is complete before it replaces the owner's.
    unsafe {
        sys::lua_getmetatable(state, owner);
        let shared = sys::lua_topointer(state, -1) == values.metatable.get();
        if shared && get_unchecked(state, owner).flags & FLAG_REF == 0 {
            protected::clone_table(state, -1)?;
            sys::lua_remove(state, -2);
            sys::lua_pushvalue(state, owner);
            protected::raw_set_index(state, -2, 1)?;
            sys::lua_pushvalue(state, -1);
            protected::set_metatable(state, owner)?;
        }
        Ok(())
    }
}

/// Pushes a ctype object for `ctype`.
///
/// # Safety
/// As [`push_owned`].
pub unsafe fn push_ctype<'a>(state: *mut sys::lua_State, values: &Values, ctype: CTypeId) -> Result<&'a mut CData> {
    // SAFETY: as in push_owned.
    unsafe {
        let shared = ValueTag { tag: values.tag.get(), fields: ptr::null() };
        let cdata = push_owned_as(state, values, ctype, 0, 1, shared)?;
        cdata.flags |= FLAG_CTYPE;
        Ok(cdata)
    }
}

/// Registers the table at the top of the stack (popped) as the metatable of a
/// free userdata tag and returns the tag (its destructor comes with the first
/// finalizer: [`arm_destructor`]).
///
/// Tags are a VM-wide namespace without owners, so the search takes the highest
/// tag that has neither a metatable nor a destructor (hosts number theirs from
/// the bottom); `None` when every tag is taken (the table is popped anyway).
///
/// # Safety
/// `state` must be live with a table at the top.
pub unsafe fn claim_tag(state: *mut sys::lua_State) -> Option<c_int> {
    // SAFETY: reads of the VM's tag registry, then one registration of a free tag.
    unsafe {
        for tag in (1..sys::LUA_UTAG_LIMIT).rev() {
            sys::lua_getuserdatametatable(state, tag);
            let has_metatable = sys::lua_type(state, -1) != sys::LUA_TNIL;
            sys::lua_settop(state, -2);
            if has_metatable || sys::lua_getuserdatadtor(state, tag).is_some() {
                continue;
            }
            register_tag(state, tag, false);
            return Some(tag);
        }
        sys::lua_settop(state, -2);
        None
    }
}

/// Makes the free tag `tag` a cdata tag: the table at the top of the stack
/// (popped) as its metatable, and the cdata destructor when `armed` (the
/// module's tags get it with the first finalizer: [`arm_destructor`]).
///
/// # Safety
/// `state` must be live with a table at the top; `tag` must be free (no
/// metatable, no destructor).
pub unsafe fn register_tag(state: *mut sys::lua_State, tag: c_int, armed: bool) {
    // SAFETY: as documented; neither call allocates.
    unsafe {
        if armed {
            sys::lua_setuserdatadtor(state, tag, Some(destroy));
        }
        sys::lua_setuserdatametatable(state, tag);
    }
}

/// Whether the module's tags have the cdata destructor ([`arm_destructor`]).
///
/// # Safety
/// `state` must be live; `values` are its module's, opened.
pub unsafe fn destructor_armed(state: *mut sys::lua_State, values: &Values) -> bool {
    // SAFETY: a read of the VM's tag registry for the module's own tag.
    unsafe { sys::lua_getuserdatadtor(state, values.tag.get()).is_some() }
}

/// Registers the cdata destructor for every tag of the module, before a
/// cdata gets a finalizer (idempotent; a tag claimed later gets it from
/// [`register_tag`]). Only a cdata with a finalizer needs it (see
/// [`destroy`]), and Luau looks a tag's destructor up when it frees each
/// block, so every cdata freed from then on, however old, is seen; until
/// then freeing a cdata calls nothing.
///
/// # Safety
/// `state` must be live; `values` are its module's, opened.
pub unsafe fn arm_destructor(state: *mut sys::lua_State, values: &Values) {
    // SAFETY: the module's tags are `lowest..=` its cdata tag (see
    // `super::field_get`); neither call raises.
    unsafe {
        if destructor_armed(state, values) {
            return;
        }
        for tag in values.record_tags.lowest()..=values.tag.get() {
            sys::lua_setuserdatadtor(state, tag, Some(destroy));
        }
    }
}

/// The cdata at `idx`, if the value there is one of this module's.
///
/// # Safety
/// `state` must be live; the reference is valid while the value is reachable.
#[inline]
pub unsafe fn get<'a>(state: *mut sys::lua_State, values: &Values, idx: c_int) -> Option<&'a mut CData> {
    // SAFETY: only cdata blocks carry the module's tag, and each starts with a header.
    unsafe {
        crate::lua::direct::userdata_in_tags(state, idx, values.record_tags.lowest(), values.tag.get())
            .cast::<CData>()
            .as_mut()
    }
}

/// The cdata at `idx` of a metamethod whose first operand is known to be one of
/// ours (the cdata metatable is protected, so scripts cannot call its functions
/// with anything else).
///
/// # Safety
/// Only for operands that are guaranteed cdata.
#[inline(always)]
pub unsafe fn get_unchecked<'a>(state: *mut sys::lua_State, idx: c_int) -> &'a mut CData {
    // SAFETY: see above.
    unsafe { &mut *crate::lua::direct::userdata_unchecked(state, idx).cast::<CData>() }
}
