//! The cdata metatable: indexing, arithmetic, comparison, `tostring`, `#` and
//! calls on cdata, with LuaJIT's predefined operations tried first and the
//! ctype's `ffi.metatype` consulted after them.

use std::ffi::{c_int, CStr};
use std::ptr;

use super::convert::{self, read_bits, shape, Aggregate, Cx, Mode, Scalar, Shape};
use super::from_c;
use super::gc::run_pending_finalizers;
use super::int128::Int128;
use super::int64::{ArithOp, CompareOp, Int64};
use super::metatype::{self, Access, Lookup};
use super::object::{self, CData};
use super::Values;
use crate::ctype::{CKind, CTypeId, CTypeTable};
use crate::error::{Error, Result};
use crate::lua::stack::{get_ref, push_str};
use crate::lua::{direct, protected, sys};

/// Creates the cdata metatable and registers it for the userdata tag the module
/// claims (see [`object::claim_tag`]). Every metamethod gets a pointer to
/// `values` as its upvalue 1 ([`Values::current`]).
///
/// # Safety
/// `state` must be live; `values` lives as long as the Luau state (it is part
/// of the module state userdata, anchored in the registry).
pub unsafe fn install(state: *mut sys::lua_State, values: &Values) -> Result<()> {
    let entries: [(&'static CStr, sys::lua_CFunction); 17] = [
        (c"__index", index),
        (c"__newindex", newindex),
        (c"__call", call),
        (c"__tostring", tostring),
        (c"__len", len),
        (c"__eq", eq),
        (c"__lt", lt),
        (c"__le", le),
        (c"__add", add),
        (c"__sub", sub),
        (c"__mul", mul),
        (c"__div", div),
        (c"__mod", modulo),
        (c"__pow", pow),
        (c"__unm", unm),
        (c"__concat", concat),
        (c"__idiv", idiv),
    ];
    // SAFETY: builds one table and registers it for the claimed tag; the
    // light userdata under it is popped at the end.
    unsafe {
        sys::lua_pushlightuserdata(state, (values as *const Values).cast_mut().cast());
        let values_idx = sys::lua_gettop(state);
        protected::create_table(state, 0, entries.len() as c_int + 2)?;
        crate::lua::stack::set_closures(state, &[values_idx], entries)?;
        push_str(state, "ffi")?;
        protected::raw_set_field(state, -2, c"__metatable")?;
        push_str(state, "cdata")?;
        protected::raw_set_field(state, -2, c"__type")?;
        values.metatable.set(sys::lua_topointer(state, -1));
        let tag = object::claim_tag(state).ok_or_else(|| {
            Error::message(format!(
                "luau-ffi: every Luau userdata tag (1..{}) is taken by the host; cdata needs one",
                sys::LUA_UTAG_LIMIT - 1
            ))
        })?;
        values.tag.set(tag);
        values.record_tags.start_at(tag);
        sys::lua_settop(state, -2);
        Ok(())
    }
}

crate::c_functions! {
    #[inline(never)]
    index_guarded => index_body;
    #[inline(never)]
    newindex_guarded => newindex_body;
    #[inline(never)]
    call_guarded => call_body;
    #[cold]
    #[inline(never)]
    raise_kept => raise_kept_body;
    tostring => tostring_body;
    len => len_body;
    eq => eq_body;
    lt => lt_body;
    le => le_body;
    add => add_body;
    sub => sub_body;
    mul => mul_body;
    div => div_body;
    modulo => mod_body;
    pow => pow_body;
    unm => unm_body;
    concat => concat_body;
    idiv => idiv_body;
}

/// `__call` of the cdata metatable: `V()` of a plain type first, without the
/// guard ([`super::construct::construct_empty_unguarded`]), everything else
/// under it ([`call_body`]).
pub(crate) unsafe extern "C-unwind" fn call(state: *mut sys::lua_State) -> c_int {
    // SAFETY: Luau calls this entry point with its running thread, a cdata at 1.
    unsafe {
        match super::construct::construct_empty_unguarded(state) {
            super::construct::EmptyCall::Made => 1,
            super::construct::EmptyCall::Failed => raise_kept(state),
            super::construct::EmptyCall::Elsewhere => call_guarded(state),
        }
    }
}

/// Raises the error a protected call kept (through the guard, like any error).
unsafe fn raise_kept_body(_state: *mut sys::lua_State) -> Result<c_int> {
    Err(Error::raised())
}

/// The metatype table of the ctype `ty` (for pointers: of the pointee), pushed,
/// or `false` with nothing pushed.
unsafe fn push_metatype(state: *mut sys::lua_State, values: &Values, types: &CTypeTable, ty: CTypeId) -> bool {
    let key = metatype::metatype_key(types, ty);
    let Some(&reference) = values.metatypes.borrow().get(&key) else { return false };
    // SAFETY: the reference was made by ffi.metatype.
    unsafe { get_ref(state, reference) };
    true
}

/// Pushes `metatype[name]` for the cdata at `idx` if it exists and is not nil.
unsafe fn push_metamethod(state: *mut sys::lua_State, values: &Values, idx: c_int, name: &CStr) -> Result<bool> {
    // Most programs declare no metatype: then nothing is looked up.
    if values.metatypes.borrow().is_empty() {
        return Ok(false);
    }
    // SAFETY: stack operations on the running call.
    unsafe {
        let Some(cdata) = object::get(state, values, idx) else { return Ok(false) };
        let types = values.types.borrow();
        if !push_metatype(state, values, &types, cdata.ctype) {
            return Ok(false);
        }
        metatype::replace_with_field(state, name)
    }
}

/// Calls metamethod `name` of whichever operand has one with all the call's
/// arguments, returning its single result; `None` when neither has it.
unsafe fn try_metamethod(state: *mut sys::lua_State, values: &Values, name: &CStr) -> Result<Option<c_int>> {
    // SAFETY: stack operations on the running call.
    unsafe {
        let nargs = sys::lua_gettop(state);
        for operand in 1..=nargs.min(2) {
            if push_metamethod(state, values, operand, name)? {
                for i in 1..=nargs {
                    sys::lua_pushvalue(state, i);
                }
                metatype::call_handler(state, nargs, 1)?;
                return Ok(Some(1));
            }
        }
        Ok(None)
    }
}

/// An integer index from a Luau number or an integer cdata.
unsafe fn index_key(state: *mut sys::lua_State, values: &Values, types: &CTypeTable, idx: c_int) -> Option<i64> {
    // SAFETY: stack reads.
    unsafe {
        match direct::value_type(state, idx) {
            sys::LUA_TNUMBER => Some(direct::number_unchecked(state, idx) as i64),
            sys::LUA_TUSERDATA => {
                let cdata = object::get(state, values, idx)?;
                match convert::read_scalar(shape(types, cdata.value_type(types)), cdata.ptr)? {
                    Scalar::Int(i) => Some(i.bits as i64),
                    Scalar::Float(f) => Some(f as i64),
                    Scalar::Wide(w) => Some(w.bits as i64),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

/// Where `cdata[key]` lives: its type, address, bitfield and whether it lies
/// in the operand's own value (rather than behind a pointer).
struct Place {
    ty: CTypeId,
    address: *mut u8,
    bits: Option<crate::ctype::BitField>,
    owned_by_operand: bool,
    /// Written through a `const` type.
    constant: bool,
    /// Bytes writable from `address` to the end of the allocation holding it
    /// (`object::UNBOUNDED` for C's memory).
    room: usize,
}

/// Resolves `cdata[key]` (key at stack index 2) to a place, or `Ok(None)` when
/// the predefined operations do not apply (then the metatype decides).
unsafe fn resolve(
    state: *mut sys::lua_State,
    values: &Values,
    types: &CTypeTable,
    cdata: &CData,
) -> Result<Option<Place>> {
    // A reference cdata is indexed as its referent.
    let ty = cdata.value_type(types);
    let is_string_key = unsafe { direct::value_type(state, 2) } == sys::LUA_TSTRING;
    // SAFETY: the cdata's memory holds a value of its type; addresses computed
    // from a raw pointer are the script's responsibility, as in C.
    unsafe {
        match shape(types, ty) {
            Shape::Pointer { to } => {
                let target = ptr::read_unaligned(cdata.ptr.cast::<*mut u8>());
                if is_string_key {
                    let place = field_place(state, types, to, target, None);
                    if place.is_some() && target.is_null() {
                        return Err(null_pointer_error(types, ty));
                    }
                    return Ok(place);
                }
                let Some(k) = index_key(state, values, types, 2) else { return Ok(None) };
                if target.is_null() {
                    return Err(null_pointer_error(types, ty));
                }
                let size = types.size_of(to).ok_or_else(|| {
                    Error::message(format!(
                        "size of '{}' is unknown: cannot index '{}'",
                        types.name(to),
                        types.name(ty)
                    ))
                })?;
                let address = target.wrapping_offset((k as isize).wrapping_mul(size as isize));
                Ok(Some(Place {
                    ty: to,
                    address,
                    bits: None,
                    owned_by_operand: false,
                    constant: convert::is_read_only(types, to),
                    room: object::UNBOUNDED,
                }))
            }
            Shape::Array { elem, len } => {
                if is_string_key {
                    return Ok(None);
                }
                let Some(k) = index_key(state, values, types, 2) else { return Ok(None) };
                if let Some(length) = cdata.array_length(len) {
                    check_bounds(types, ty, k, length)?;
                }
                let size = types.size_of(elem).unwrap_or(0);
                let address = cdata.ptr.wrapping_offset((k as isize).wrapping_mul(size as isize));
                Ok(Some(Place {
                    ty: elem,
                    address,
                    bits: None,
                    owned_by_operand: true,
                    constant: convert::is_read_only(types, elem),
                    room: cdata.room_at(address),
                }))
            }
            Shape::Record if is_string_key => Ok(field_place(state, types, ty, cdata.ptr, Some(cdata))),
            // A complex number's parts are `re` and `im`, or [0] and [1] with
            // the index taken modulo 2; a vector's elements are indexed as an
            // array's. Both are values: their parts are constant (LuaJIT).
            Shape::Complex { .. } if is_string_key => {
                let name = crate::lua::stack::get_bytes(state, 2).unwrap_or_default();
                let Some(part) = types.complex_member(ty, &crate::cparse::name_from_bytes(name)) else {
                    return Ok(None);
                };
                Ok(Some(value_part(cdata, part.ty, part.offset)))
            }
            Shape::Complex { part } => {
                let Some(k) = index_key(state, values, types, 2) else { return Ok(None) };
                Ok(Some(value_part(cdata, part, (k & 1) as usize * types.size_of(part).unwrap_or(0))))
            }
            Shape::Vector { elem, len } if !is_string_key => {
                let Some(k) = index_key(state, values, types, 2) else { return Ok(None) };
                check_bounds(types, ty, k, u64::from(len))?;
                Ok(Some(value_part(cdata, elem, k as usize * types.size_of(elem).unwrap_or(0))))
            }
            _ => Ok(None),
        }
    }
}

/// The part at `offset` of a complex number or vector cdata: read-only.
fn value_part(cdata: &CData, ty: CTypeId, offset: usize) -> Place {
    let address = cdata.ptr.wrapping_add(offset);
    Place { ty, address, bits: None, owned_by_operand: true, constant: true, room: cdata.room_at(address) }
}

/// The field named by the string at stack index 2 of the record `record` at
/// `base`: the value of `owner` itself, or C's memory behind a pointer (`None`).
unsafe fn field_place(
    state: *mut sys::lua_State,
    types: &CTypeTable,
    record: CTypeId,
    base: *mut u8,
    owner: Option<&CData>,
) -> Option<Place> {
    // SAFETY: the key is a string on the stack.
    let name = unsafe { crate::lua::stack::get_bytes(state, 2) }?;
    let name = crate::cparse::name_from_bytes(name);
    if !matches!(types.kind(record), CKind::Record { .. }) {
        return None;
    }
    let field = types.find_field(record, &name)?;
    let address = base.wrapping_add(field.offset);
    Some(Place {
        ty: field.ty,
        address,
        bits: field.bits,
        owned_by_operand: owner.is_some(),
        constant: convert::is_const(types, record) || field.in_const || convert::is_read_only(types, field.ty),
        room: owner.map_or(object::UNBOUNDED, |owner| owner.room_at(address)),
    })
}

/// A scalar, non-bitfield member named `key` directly in the record `record`:
/// its offset and shape (the common case of field access, found without the
/// general resolution).
fn direct_scalar_field(types: &CTypeTable, record: CTypeId, key: &[u8]) -> Option<(usize, Shape, bool)> {
    let (record, fields) = match types.kind(record) {
        CKind::Record { fields, .. } => (record, fields),
        // A reference cdata to a record (an extern struct): its referent's.
        CKind::Reference { to } => match types.kind(*to) {
            CKind::Record { fields, .. } => (*to, fields),
            _ => return None,
        },
        _ => return None,
    };
    let field = fields.iter().find(|f| f.name.as_deref().is_some_and(|n| same_bytes(n.as_bytes(), key)))?;
    let shape = field.scalar.filter(|s| s.unboxed_size().is_some())?;
    Some((field.offset, shape, field.is_const || convert::is_const(types, record)))
}

/// Indexing a NULL pointer (a field or element through it): LuaJIT crashes
/// there; the engine sees it, so it is an error. A pointer cast from any other
/// number stays the script's responsibility.
#[cold]
fn null_pointer_error(types: &CTypeTable, ty: CTypeId) -> Error {
    Error::message(format!("attempt to index a NULL pointer '{}'", types.name(ty)))
}

/// The bounds check of arrays whose length is known (`ty` is the array, or a
/// reference to it, which the message names by the array).
fn check_bounds(types: &CTypeTable, ty: CTypeId, k: i64, length: u64) -> Result<()> {
    if k < 0 || k as u64 >= length {
        return Err(out_of_bounds(types, ty, k, length));
    }
    Ok(())
}

/// The error of index `k` outside an array of `length` elements.
#[cold]
fn out_of_bounds(types: &CTypeTable, ty: CTypeId, k: i64, length: u64) -> Error {
    let name = types.name(types.unreferenced(ty));
    Error::message(format!("index {k} out of bounds for '{name}' (length {length})"))
}

/// Byte equality inline: field names are short, and a `bcmp` call per
/// candidate costs more than the comparison.
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// How `cdata[n]` reaches the elements of an array or pointer type whose
/// elements are scalars (not 64-bit integers, which box). Types never change
/// once made, so the last one found is kept in the module (`element_access`).
#[derive(Clone, Copy, Debug)]
pub struct ElementAccess {
    /// The array or pointer type this describes.
    pub ctype: CTypeId,
    /// The element's shape.
    shape: Shape,
    /// The element's size in bytes.
    size: u8,
    /// Elements are `const`.
    constant: bool,
    /// A pointer (the base address is the value) rather than an array (the
    /// base address is the cdata's memory).
    pointer: bool,
    /// The array's declared length.
    len: crate::ctype::ArrayLen,
}

impl ElementAccess {
    /// Describes `ctype`, or `None` when it is not an array or pointer of scalars.
    fn of(types: &CTypeTable, ctype: CTypeId) -> Option<ElementAccess> {
        let (elem, pointer, len) = match types.kind(ctype) {
            CKind::Array { elem, len } => (*elem, false, *len),
            CKind::Pointer { to } => (*to, true, crate::ctype::ArrayLen::Flexible),
            // A reference cdata to an array (an extern array): its referent's.
            CKind::Reference { to } => match types.kind(*to) {
                CKind::Array { elem, len } => (*elem, false, *len),
                _ => return None,
            },
            _ => return None,
        };
        let shape = shape(types, elem);
        let size = shape.unboxed_size()?;
        Some(ElementAccess { ctype, shape, size, constant: convert::is_read_only(types, elem), pointer, len })
    }
}

/// `cdata[n]` for a Luau number `n` on an array or pointer whose elements are
/// scalars (not 64-bit integers, which box): the element's address, shape and
/// constness. Arrays of known length are bounds-checked; raw pointers are not.
#[inline(always)]
unsafe fn direct_scalar_element(
    state: *mut sys::lua_State,
    values: &Values,
    cdata: &CData,
) -> Result<Option<(*mut u8, Shape, bool)>> {
    // SAFETY: the array's memory holds `length` elements; a pointer's target is
    // the script's responsibility, as in C. The caller checked that the key at
    // 2 is a number.
    unsafe {
        let cached = values.element_access.get();
        let access = if cached.is_some_and(|a| a.ctype == cdata.ctype) {
            cached.unwrap_unchecked()
        } else {
            let Some(access) = ElementAccess::of(values.types_unguarded(), cdata.ctype) else { return Ok(None) };
            values.element_access.set(Some(access));
            access
        };
        let k = direct::number_unchecked(state, 2) as i64;
        match access.element(cdata, k) {
            Element::At(address) => Ok(Some((address, access.shape, access.constant))),
            Element::OutOfBounds(length) => Err(out_of_bounds(values.types_unguarded(), cdata.ctype, k, length)),
            Element::NullPointer => Err(null_pointer_error(values.types_unguarded(), cdata.ctype)),
            Element::UnknownLength => Ok(None),
        }
    }
}

/// Where `cdata[k]` is, for an [`ElementAccess`] of the cdata's type.
enum Element {
    /// The element's address: inside the array, or a pointer's target.
    At(*mut u8),
    /// `k` is outside an array of this length.
    OutOfBounds(u64),
    /// The pointer is NULL.
    NullPointer,
    /// An array whose length is unknown (C's memory).
    UnknownLength,
}

impl ElementAccess {
    /// Where element `k` of `cdata` (of this type) is: the bounds rule of
    /// element access, for the guarded path and the shortcut alike.
    ///
    /// # Safety
    /// `cdata` is a live cdata of the type this describes.
    #[inline(always)]
    unsafe fn element(&self, cdata: &CData, k: i64) -> Element {
        // SAFETY: as documented; a pointer cdata holds its pointer.
        unsafe {
            let base = if self.pointer {
                let base = ptr::read_unaligned(cdata.ptr.cast::<*mut u8>());
                if base.is_null() {
                    return Element::NullPointer;
                }
                base
            } else {
                let Some(length) = cdata.array_length(self.len) else { return Element::UnknownLength };
                if k < 0 || k as u64 >= length {
                    return Element::OutOfBounds(length);
                }
                cdata.ptr
            };
            Element::At(base.wrapping_offset((k as isize).wrapping_mul(self.size as isize)))
        }
    }
}

/// `__index` of the cdata metatable: a scalar element of the array or
/// pointer type indexed last first, without the guard
/// ([`element_unguarded`]), everything else under it ([`index_body`]).
pub(crate) unsafe extern "C-unwind" fn index(state: *mut sys::lua_State) -> c_int {
    // SAFETY: Luau calls this entry point with its running thread, a cdata at 1.
    unsafe {
        if let Some((_, address, shape, _)) = element_unguarded(state) {
            convert::push_scalar(state, shape, address);
            return 1;
        }
        index_guarded(state)
    }
}

/// `__newindex` of the cdata metatable: a number stored into a scalar element
/// of the array or pointer type indexed last first, without the guard
/// ([`element_unguarded`]), everything else under it ([`newindex_body`]).
pub(crate) unsafe extern "C-unwind" fn newindex(state: *mut sys::lua_State) -> c_int {
    // SAFETY: as in `index`; the element is writable memory of its shape.
    unsafe {
        if let Some((frame, address, shape, false)) = element_unguarded(state) {
            if let Some(value) = frame.number(3) {
                convert::write_number(shape, address, value);
                return 0;
            }
        }
        newindex_guarded(state)
    }
}

/// The common case of `a[i]` and `a[i] = x`, read straight from the frame
/// for `__index`/`__newindex` to take before their guard: a number key into a
/// cdata of the array or pointer type described last ([`Values`] keeps its
/// [`ElementAccess`]), inside an array of known length or through a non-NULL
/// pointer. It holds nothing to drop, cannot fail and cannot panic; every
/// other case (another type, an index out of bounds, a NULL pointer, the C
/// API path of reads) is `None`, and the guarded body decides as before, its
/// errors included. Gives the element's address, shape and constness.
///
/// # Safety
/// Inside the cdata metatable's `__index` or `__newindex` (a cdata at 1, the
/// module's values as upvalue 1).
#[inline(always)]
unsafe fn element_unguarded(state: *mut sys::lua_State) -> Option<(direct::UserdataFrame, *mut u8, Shape, bool)> {
    // SAFETY: as documented; the address is inside the array's memory (the
    // bounds are checked) or a pointer's target (the script's
    // responsibility, as in C and on the guarded path).
    unsafe {
        let frame = direct::userdata_frame(state)?;
        let values = &*frame.upvalue.cast::<Values>();
        let cdata = &*frame.first.cast::<CData>();
        let access = values.element_access.get().filter(|access| access.ctype == cdata.ctype)?;
        if cdata.flags & (object::FLAG_CTYPE | object::FLAG_CALLBACK) != 0 {
            return None;
        }
        match access.element(cdata, frame.number(2)? as i64) {
            Element::At(address) => Some((frame, address, access.shape, access.constant)),
            _ => None,
        }
    }
}

unsafe fn index_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: __index is called with a cdata at 1 (the metatable is protected).
    unsafe {
        let values = Values::current(state);
        let cdata = object::get_unchecked(state, 1);
        if cdata.flags & (object::FLAG_CTYPE | object::FLAG_CALLBACK) == 0 {
            let key_type = direct::value_type(state, 2);
            if key_type == sys::LUA_TNUMBER {
                if let Some((address, shape, _)) = direct_scalar_element(state, values, cdata)? {
                    convert::push_scalar(state, shape, address);
                    return Ok(1);
                }
            } else if key_type == sys::LUA_TSTRING {
                let key = direct::bytes(state, 2).unwrap_or_default();
                let types = values.types_unguarded();
                if let Some((offset, shape, _)) = direct_scalar_field(types, cdata.ctype, key) {
                    convert::push_scalar(state, shape, cdata.ptr.add(offset));
                    return Ok(1);
                }
            }
        }
        metatype::repeat(state, values, index_general, Access::Read)
    }
}

/// `cdata[key]` beyond the fast paths: a callback's method, a field, element
/// or pointer target, then what [`metatype::index`] finds. `Lookup::Again`
/// when the operand at 1 was replaced by a cdata to index in its place.
unsafe fn index_general(state: *mut sys::lua_State, values: &Values) -> Result<Lookup> {
    // SAFETY: a cdata is at 1 and the key at 2.
    unsafe {
        let cdata = object::get_unchecked(state, 1);
        if cdata.flags & object::FLAG_CALLBACK != 0 || is_function_pointer(values, cdata) {
            if let Some(key) = crate::lua::stack::get_bytes(state, 2) {
                if values.upcalls().push_callback_method(state, key)? {
                    return Ok(Lookup::Done(1));
                }
            }
        }
        if !cdata.is_ctype() {
            let types = values.types.borrow();
            if let Some(place) = resolve(state, values, &types, cdata)? {
                let cx = Cx { state, values, types: &types };
                match place.bits {
                    Some(bits) => {
                        let raw = read_bits(place.address, bits);
                        match shape(&types, place.ty) {
                            Shape::Bool => sys::lua_pushboolean(state, (raw != 0) as c_int),
                            // Wider than 53 bits, a bitfield may hold what no
                            // number holds exactly: the rule of values from C.
                            Shape::Int { signed, .. } => {
                                let value = if signed && bits.width < 64 {
                                    let shift = 64 - bits.width;
                                    (((raw << shift) as i64) >> shift) as u64
                                } else {
                                    raw
                                };
                                from_c::push_integer(state, values, Int64 { bits: value, unsigned: !signed })?;
                            }
                            _ => sys::lua_pushnumber(state, raw as f64),
                        }
                    }
                    None => {
                        let owner = place.owned_by_operand.then_some(1);
                        cx.push_value(place.ty, place.address, Aggregate::Reference(owner)).map_err(Error::message)?;
                    }
                }
                return Ok(Lookup::Done(1));
            }
        }
        metatype::index(state, values)
    }
}

/// Whether `cdata` is a function pointer value (which may be a callback: as
/// in LuaJIT, every one has the methods `free` and `set`, which work when it
/// points to a live callback).
fn is_function_pointer(values: &Values, cdata: &CData) -> bool {
    let types = values.types.borrow();
    !cdata.is_ctype()
        && matches!(shape(&types, cdata.ctype), Shape::Pointer { to } if matches!(types.kind(to), CKind::Function { .. }))
}

unsafe fn newindex_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: __newindex is called with a cdata at 1.
    unsafe {
        let values = Values::current(state);
        let cdata = object::get_unchecked(state, 1);
        if cdata.flags & (object::FLAG_CTYPE | object::FLAG_CALLBACK) == 0
            && direct::value_type(state, 3) == sys::LUA_TNUMBER
        {
            let key_type = direct::value_type(state, 2);
            if key_type == sys::LUA_TSTRING {
                let key = direct::bytes(state, 2).unwrap_or_default();
                let types = values.types_unguarded();
                if let Some((offset, shape, constant)) = direct_scalar_field(types, cdata.ctype, key) {
                    if constant {
                        return Err(Error::message("attempt to write to constant location"));
                    }
                    convert::write_number(shape, cdata.ptr.add(offset), direct::number_unchecked(state, 3));
                    return Ok(0);
                }
            } else if key_type == sys::LUA_TNUMBER {
                if let Some((address, shape, constant)) = direct_scalar_element(state, values, cdata)? {
                    if constant {
                        return Err(Error::message("attempt to write to constant location"));
                    }
                    convert::write_number(shape, address, direct::number_unchecked(state, 3));
                    return Ok(0);
                }
            }
        }
        metatype::repeat(state, values, newindex_general, Access::Write)
    }
}

/// `cdata[key] = value` beyond the fast paths: a field, element or pointer
/// target, then what [`metatype::newindex`] finds. `Lookup::Again` when the
/// operand at 1 was replaced by a cdata to assign through in its place.
unsafe fn newindex_general(state: *mut sys::lua_State, values: &Values) -> Result<Lookup> {
    // SAFETY: a cdata is at 1, the key at 2 and the value at 3.
    unsafe {
        let cdata = object::get_unchecked(state, 1);
        if !cdata.is_ctype() {
            let types = values.types.borrow();
            if let Some(mut place) = resolve(state, values, &types, cdata)? {
                if let Shape::Reference { to } = shape(&types, place.ty) {
                    // A reference member is written through, to its referent
                    // (C's memory), as in LuaJIT.
                    let referent = ptr::read_unaligned(place.address.cast::<*mut u8>());
                    if referent.is_null() {
                        return Err(Error::message(format!(
                            "cannot write through NULL reference '{}'",
                            types.name(place.ty)
                        )));
                    }
                    place = Place {
                        ty: to,
                        address: referent,
                        bits: None,
                        owned_by_operand: false,
                        constant: convert::is_const(&types, to),
                        room: object::UNBOUNDED,
                    };
                }
                if place.constant {
                    return Err(Error::message("attempt to write to constant location"));
                }
                let cx = Cx { state, values, types: &types };
                cx.store_field_in(3, place.ty, place.bits, place.address, place.room, Mode::Convert)
                    .map_err(Error::message)?;
                return Ok(Lookup::Done(0));
            }
        }
        metatype::newindex(state, values)
    }
}

unsafe fn call_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: __call is called with a cdata at 1 and the call's arguments after it.
    unsafe {
        let values = Values::current(state);
        let cdata = object::get_unchecked(state, 1);
        // `V()` of a plain type: decided before any metatype lookup (the
        // shortcut applies only when no metatype is declared), in this
        // function's small frame; everything else in `call_general`'s.
        if cdata.is_ctype() {
            if let Some(made) = super::construct::construct_empty(state, values, cdata.ctype, 2) {
                return made;
            }
        }
        call_general(state, values, cdata)
    }
}

/// `__call` of anything but the shortcut of [`call_body`]: a constructor
/// (with `__new` if the metatype has one), a function pointer, a metatype's
/// `__call`.
#[inline(never)]
unsafe fn call_general(state: *mut sys::lua_State, values: &Values, cdata: &CData) -> Result<c_int> {
    // SAFETY: as in call_body.
    unsafe {
        if cdata.is_ctype() {
            if push_metamethod(state, values, 1, c"__new")? {
                sys::lua_insert(state, 1);
                let nargs = sys::lua_gettop(state) - 1;
                metatype::call_handler(state, nargs, sys::LUA_MULTRET)?;
                return Ok(sys::lua_gettop(state));
            }
            return super::construct::construct(state, values, cdata.ctype, 2);
        }
        if is_function_pointer(values, cdata) {
            return values.upcalls().call_function_pointer(state, 1);
        }
        if push_metamethod(state, values, 1, c"__call")? {
            sys::lua_insert(state, 1);
            let nargs = sys::lua_gettop(state) - 1;
            metatype::call_handler(state, nargs, sys::LUA_MULTRET)?;
            return Ok(sys::lua_gettop(state));
        }
        let types = values.types.borrow();
        Err(Error::message(format!("'{}' is not callable", types.name(cdata.ctype))))
    }
}

unsafe fn tostring_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: __tostring is called with a cdata at 1.
    unsafe {
        let values = Values::current(state);
        if let Some(n) = try_metamethod(state, values, c"__tostring")? {
            return Ok(n);
        }
        let cdata = object::get_unchecked(state, 1);
        let types = values.types.borrow();
        let text = describe_value(&types, cdata, sys::lua_topointer(state, 1) as usize);
        push_str(state, &text)?;
        Ok(1)
    }
}

/// LuaJIT's `tostring` of a cdata: `ctype<int>`, `123LL`, `cdata<int *>: 0x...`.
pub fn describe_value(types: &CTypeTable, cdata: &CData, object_address: usize) -> String {
    if cdata.is_ctype() {
        return format!("ctype<{}>", types.name(cdata.ctype));
    }
    match shape(types, cdata.ctype) {
        Shape::Int { size: 8, signed } if !matches!(types.kind(cdata.ctype), CKind::Enum { .. }) => {
            // SAFETY: an 8-byte integer cdata.
            let bits = unsafe { ptr::read_unaligned(cdata.ptr.cast::<u64>()) };
            Int64 { bits, unsigned: !signed }.format()
        }
        Shape::Int128 { signed } => {
            // SAFETY: a 16-byte integer cdata.
            let bits = unsafe { ptr::read_unaligned(cdata.ptr.cast::<u128>()) };
            Int128 { bits, unsigned: !signed }.format()
        }
        Shape::Complex { part } => {
            let size = types.size_of(part).unwrap_or(0);
            // SAFETY: a complex cdata holds two parts of `size` bytes.
            let (re, im) = unsafe {
                (
                    convert::read_scalar(shape(types, part), cdata.ptr),
                    convert::read_scalar(shape(types, part), cdata.ptr.add(size)),
                )
            };
            let number = |part: Option<Scalar>| match part {
                Some(Scalar::Int(i)) => i.to_number(),
                Some(Scalar::Float(f)) => f,
                _ => f64::NAN,
            };
            super::complex::format(number(re), number(im))
        }
        Shape::Pointer { .. } => {
            // SAFETY: a pointer cdata.
            let address = unsafe { ptr::read_unaligned(cdata.ptr.cast::<usize>()) };
            format!("cdata<{}>: {:#x}", types.name(cdata.ctype), address)
        }
        // A reference shows the address it refers to, as in LuaJIT.
        Shape::Reference { .. } => format!("cdata<{}>: {:#x}", types.name(cdata.ctype), cdata.ptr as usize),
        _ => format!("cdata<{}>: {:#x}", types.name(cdata.ctype), object_address),
    }
}

unsafe fn len_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: __len is called with a cdata at 1.
    unsafe {
        let values = Values::current(state);
        let cdata = object::get_unchecked(state, 1);
        {
            let types = values.types.borrow();
            if !cdata.is_ctype() {
                if let CKind::Array { len, .. } = types.kind(cdata.value_type(&types)) {
                    if let Some(n) = cdata.array_length(*len) {
                        sys::lua_pushnumber(state, n as f64);
                        return Ok(1);
                    }
                }
            }
        }
        if let Some(n) = try_metamethod(state, values, c"__len")? {
            return Ok(n);
        }
        let types = values.types.borrow();
        Err(Error::message(format!("attempt to get length of '{}'", types.name(cdata.ctype))))
    }
}

/// An operand of arithmetic or comparison, classified.
enum Operand {
    /// An integer, bool or enum cdata (`unsigned` only for `uint64_t`).
    Int(Int64),
    /// A Luau number or a floating-point cdata: converted to the operation's
    /// common 64-bit type once both operands are known.
    Number(f64),
    Pointer {
        address: usize,
        elem: CTypeId,
    },
    Other,
}

impl Operand {
    /// The operand as an integer of the common type (`uint64_t` when
    /// `unsigned`), as LuaJIT converts each operand of 64-bit arithmetic.
    fn integer(&self, unsigned: bool) -> Option<Int64> {
        match *self {
            Operand::Int(x) => Some(Int64 { bits: x.bits, unsigned }),
            Operand::Number(n) => Some(Int64::from_number(n, unsigned)),
            _ => None,
        }
    }

    /// Whether this is a `uint64_t` (which makes the common type unsigned).
    fn is_unsigned64(&self) -> bool {
        matches!(self, Operand::Int(x) if x.unsigned)
    }
}

/// Both operands as integers of their common type, when both are numeric.
fn integers(a: &Operand, b: &Operand) -> Option<(Int64, Int64)> {
    let unsigned = a.is_unsigned64() || b.is_unsigned64();
    Some((a.integer(unsigned)?, b.integer(unsigned)?))
}

unsafe fn operand(state: *mut sys::lua_State, values: &Values, types: &CTypeTable, idx: c_int) -> Operand {
    // SAFETY: stack reads; cdata memory holds its type.
    unsafe {
        match direct::value_type(state, idx) {
            sys::LUA_TNUMBER => Operand::Number(direct::number_unchecked(state, idx)),
            sys::LUA_TUSERDATA => {
                let Some(cdata) = object::get(state, values, idx) else { return Operand::Other };
                if cdata.is_ctype() {
                    return Operand::Other;
                }
                let value_shape = match shape(types, cdata.ctype) {
                    // A reference cdata is its referent.
                    Shape::Reference { to } => shape(types, to),
                    value_shape => value_shape,
                };
                match value_shape {
                    Shape::Pointer { to } => {
                        Operand::Pointer { address: ptr::read_unaligned(cdata.ptr.cast::<usize>()), elem: to }
                    }
                    Shape::Array { elem, .. } => Operand::Pointer { address: cdata.ptr as usize, elem },
                    s @ (Shape::Int { .. } | Shape::Float { .. } | Shape::Float128 | Shape::Bool) => {
                        match convert::read_scalar(s, cdata.ptr) {
                            Some(Scalar::Int(i)) => Operand::Int(i),
                            Some(Scalar::Float(f)) => Operand::Number(f),
                            Some(Scalar::Bool(b)) => Operand::Int(Int64::signed(b as i64)),
                            _ => Operand::Other,
                        }
                    }
                    _ => Operand::Other,
                }
            }
            _ => Operand::Other,
        }
    }
}

/// The result of arithmetic on cdata.
enum Outcome {
    /// A boxed `int64_t` / `uint64_t`.
    Int(Int64),
    /// A plain number (the difference of two pointers).
    Number(f64),
    /// A pointer of this element type to this address.
    Pointer(CTypeId, usize),
}

unsafe fn arith(state: *mut sys::lua_State, op: ArithOp, name: &CStr) -> Result<c_int> {
    // SAFETY: a binary metamethod: operands at 1 and 2.
    unsafe {
        let values = Values::current(state);
        run_pending_finalizers(state, values)?;
        let outcome = {
            let types = values.types.borrow();
            let (a, b) = (operand(state, values, &types, 1), operand(state, values, &types, 2));
            match (&a, &b) {
                (Operand::Pointer { address, elem }, n) if matches!(op, ArithOp::Add | ArithOp::Sub) => {
                    match n.integer(false) {
                        Some(n) => Some(pointer_offset(&types, *address, *elem, n.bits as i64, op == ArithOp::Sub)?),
                        None => pointer_difference(&types, op, &a, &b)?,
                    }
                }
                (n, Operand::Pointer { address, elem }) if op == ArithOp::Add => n
                    .integer(false)
                    .map(|n| pointer_offset(&types, *address, *elem, n.bits as i64, false))
                    .transpose()?,
                _ => integers(&a, &b).map(|(x, y)| Outcome::Int(x.arith(op, y))),
            }
        };
        match outcome {
            Some(Outcome::Int(value)) => {
                convert::push_int64(state, values, value)?;
                Ok(1)
            }
            Some(Outcome::Number(n)) => {
                sys::lua_pushnumber(state, n);
                Ok(1)
            }
            Some(Outcome::Pointer(ty, address)) => {
                let pointer_type = values.types.borrow_mut().pointer_to(ty);
                convert::push_pointer(state, values, pointer_type, address)?;
                Ok(1)
            }
            None => {
                if let Some(n) = try_metamethod(state, values, name)? {
                    return Ok(n);
                }
                Err(operator_error(state, values, "perform arithmetic on", "and", 2))
            }
        }
    }
}

/// `p - q` for two pointers: the number of elements between them. As in
/// LuaJIT, only for pointers that could be compared (their targets alike,
/// qualifiers aside: see [`convert::pointers_comparable`]) to elements of a
/// known, non-zero size; anything else has no meaning (`None`).
fn pointer_difference(types: &CTypeTable, op: ArithOp, a: &Operand, b: &Operand) -> Result<Option<Outcome>> {
    let (Operand::Pointer { address: p, elem }, Operand::Pointer { address: q, elem: other }, ArithOp::Sub) =
        (a, b, op)
    else {
        return Ok(None);
    };
    if !convert::pointers_comparable(types, *elem, *other) {
        return Ok(None);
    }
    let Some(size) = types.size_of(*elem).filter(|s| *s > 0) else { return Ok(None) };
    Ok(Some(Outcome::Number(((*p as isize).wrapping_sub(*q as isize) / size as isize) as f64)))
}

/// `p + n` / `p - n`: a pointer of the same element type to the new address.
fn pointer_offset(types: &CTypeTable, address: usize, elem: CTypeId, n: i64, subtract: bool) -> Result<Outcome> {
    let size = types
        .size_of(elem)
        .ok_or_else(|| Error::message(format!("size of '{}' is unknown: no pointer arithmetic", types.name(elem))))?;
    let delta = (n as isize).wrapping_mul(size as isize);
    let address =
        if subtract { (address as isize).wrapping_sub(delta) } else { (address as isize).wrapping_add(delta) };
    Ok(Outcome::Pointer(elem, address as usize))
}

/// LuaJIT's error for an operator that has no meaning for its operands, which
/// are at 1 and at `second` (1 again for a unary one, which LuaJIT names
/// twice): `attempt to perform arithmetic on 'A' and 'B'`, with `joiner`
/// `"with"` for comparisons (`attempt to compare 'A' with 'B'`).
unsafe fn operator_error(
    state: *mut sys::lua_State,
    values: &Values,
    what: &str,
    joiner: &str,
    second: c_int,
) -> Error {
    // SAFETY: stack reads.
    unsafe {
        let types = values.types.borrow();
        let cx = Cx { state, values, types: &types };
        Error::message(format!("attempt to {what} '{}' {joiner} '{}'", cx.describe(1), cx.describe(second)))
    }
}

unsafe fn add_body(state: *mut sys::lua_State) -> Result<c_int> {
    unsafe { arith(state, ArithOp::Add, c"__add") }
}
unsafe fn sub_body(state: *mut sys::lua_State) -> Result<c_int> {
    unsafe { arith(state, ArithOp::Sub, c"__sub") }
}
unsafe fn mul_body(state: *mut sys::lua_State) -> Result<c_int> {
    unsafe { arith(state, ArithOp::Mul, c"__mul") }
}
unsafe fn div_body(state: *mut sys::lua_State) -> Result<c_int> {
    unsafe { arith(state, ArithOp::Div, c"__div") }
}
unsafe fn mod_body(state: *mut sys::lua_State) -> Result<c_int> {
    unsafe { arith(state, ArithOp::Mod, c"__mod") }
}
unsafe fn pow_body(state: *mut sys::lua_State) -> Result<c_int> {
    unsafe { arith(state, ArithOp::Pow, c"__pow") }
}
/// `//` on integers is truncated division, as `/` is for 64-bit cdata.
unsafe fn idiv_body(state: *mut sys::lua_State) -> Result<c_int> {
    unsafe { arith(state, ArithOp::Div, c"__idiv") }
}

unsafe fn unm_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: a unary metamethod: the operand at 1.
    unsafe {
        let values = Values::current(state);
        let value = {
            let types = values.types.borrow();
            let value = operand(state, values, &types, 1);
            value.integer(value.is_unsigned64()).map(Int64::negate)
        };
        if let Some(value) = value {
            convert::push_int64(state, values, value)?;
            return Ok(1);
        }
        sys::lua_settop(state, 1);
        if let Some(n) = try_metamethod(state, values, c"__unm")? {
            return Ok(n);
        }
        Err(operator_error(state, values, "perform arithmetic on", "and", 1))
    }
}

unsafe fn concat_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: a binary metamethod.
    unsafe {
        let values = Values::current(state);
        if let Some(n) = try_metamethod(state, values, c"__concat")? {
            return Ok(n);
        }
        Err(operator_error(state, values, "concatenate", "and", 2))
    }
}

unsafe fn compare(state: *mut sys::lua_State, op: CompareOp, name: &CStr) -> Result<c_int> {
    // SAFETY: a binary metamethod; Luau only calls it with two userdata.
    unsafe {
        let values = Values::current(state);
        if let (Some(a), Some(b)) = (object::get(state, values, 1), object::get(state, values, 2)) {
            if a.is_ctype() && b.is_ctype() && op == CompareOp::Eq {
                // Two ctype objects are equal when they stand for the same type.
                sys::lua_pushboolean(state, (a.ctype == b.ctype) as c_int);
                return Ok(1);
            }
        }
        let result = {
            let types = values.types.borrow();
            let (a, b) = (operand(state, values, &types, 1), operand(state, values, &types, 2));
            match (&a, &b) {
                // Any two pointers are equal or not; only comparable ones are
                // ordered (LuaJIT's rule).
                (Operand::Pointer { address: p, .. }, Operand::Pointer { address: q, .. }) if op == CompareOp::Eq => {
                    Some(p == q)
                }
                (Operand::Pointer { address: p, elem: a }, Operand::Pointer { address: q, elem: b })
                    if convert::pointers_comparable(&types, *a, *b) =>
                {
                    Some(if op == CompareOp::Lt { p < q } else { p <= q })
                }
                (Operand::Pointer { .. }, Operand::Pointer { .. }) => None,
                _ => integers(&a, &b).map(|(x, y)| x.compare(op, y)),
            }
        };
        if let Some(result) = result {
            sys::lua_pushboolean(state, result as c_int);
            return Ok(1);
        }
        if let Some(n) = try_metamethod(state, values, name)? {
            return Ok(n);
        }
        if op == CompareOp::Eq {
            // Equality never raises (LuaJIT): different objects are unequal,
            // and an object (a struct, a complex number) equals itself: Luau
            // asks `__eq` even then.
            sys::lua_pushboolean(state, sys::lua_rawequal(state, 1, 2));
            return Ok(1);
        }
        Err(operator_error(state, values, "compare", "with", 2))
    }
}

unsafe fn eq_body(state: *mut sys::lua_State) -> Result<c_int> {
    unsafe { compare(state, CompareOp::Eq, c"__eq") }
}
unsafe fn lt_body(state: *mut sys::lua_State) -> Result<c_int> {
    unsafe { compare(state, CompareOp::Lt, c"__lt") }
}
unsafe fn le_body(state: *mut sys::lua_State) -> Result<c_int> {
    unsafe { compare(state, CompareOp::Le, c"__le") }
}
