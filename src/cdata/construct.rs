//! Creating cdata: `ffi.new(ty, ...)` and calling a ctype (`ctype(...)`),
//! with LuaJIT's initializer rules (ext_ffi_semantics, "Initializers").

use std::ffi::c_int;
use std::ptr;

use super::convert::{self, shape, Cx, Mode, Shape};
use super::count::{count_at, integer_at, Integer};
use super::field_get::ValueTag;
use super::gc::{finalizer_of, run_pending_finalizers, set_finalizer};
use super::object::{self, CData};
use super::Values;
use crate::ctype::{ArrayLen, CKind, CTypeId};
use crate::error::{Error, Result};
use crate::lua::stack::type_name;
use crate::lua::sys;

/// `ffi.new("T &", x)` / `ffi.cast("T &", x)`: a reference cdata bound to
/// the object the value at `idx` stands for (a `T` cdata, an array of `T`, a
/// pointer to `T`), as LuaJIT binds one. Bound to a cdata's own memory it keeps
/// that cdata alive and is bounded by it; through a pointer it refers to C's
/// memory, as the pointer does.
///
/// # Safety
/// Inside a C function of the module; `ty` is a reference type.
pub unsafe fn bind_reference(
    state: *mut sys::lua_State,
    values: &Values,
    ty: CTypeId,
    idx: c_int,
    func: &'static str,
) -> Result<c_int> {
    // SAFETY: stack reads of the running call; the conversion writes one
    // pointer into `address`.
    unsafe {
        let types = values.types.borrow();
        let mut address: *mut u8 = ptr::null_mut();
        let cx = Cx { state, values, types: &types };
        cx.to_c(idx, ty, (&raw mut address).cast(), Mode::Cast).map_err(|e| Error::bad_arg(func, idx as usize, e))?;
        if address.is_null() {
            // C++ has no NULL references; LuaJIT makes one, which crashes when used.
            return Err(Error::bad_arg(func, idx as usize, format!("cannot bind '{}' to NULL", types.name(ty))));
        }
        let owns_referent = object::get(state, values, idx).is_some_and(|source| {
            !source.is_ctype()
                && source.ptr == address
                && !matches!(shape(&types, source.value_type(&types)), Shape::Pointer { .. })
        });
        object::push_ref(state, values, &types, ty, address, owns_referent.then_some(idx))?;
        Ok(1)
    }
}

/// `ffi.new(ty, ...)` / `ctype(...)` with the arguments from stack index
/// `first` on: the element count of a VLA, then the initializers.
///
/// # Safety
/// Inside a C function of the module.
pub unsafe fn construct(state: *mut sys::lua_State, values: &Values, ty: CTypeId, first: c_int) -> Result<c_int> {
    // SAFETY: forwarded.
    if let Some(made) = unsafe { construct_empty(state, values, ty, first) } {
        return made;
    }
    // SAFETY: stack reads; the new cdata's memory is ours to fill.
    unsafe {
        run_pending_finalizers(state, values)?;
        let types = values.types.borrow();
        // The type's name is spelled only for an error: a constructor in a
        // loop does no Rust heap work.
        let name = || types.name(ty);
        if matches!(types.kind(ty), CKind::Reference { .. }) {
            if sys::lua_type(state, first) == sys::LUA_TNONE {
                // A reference cdata is its referent (`object::CData::value_type`):
                // one made from nothing would refer to nothing.
                return Err(Error::message(format!(
                    "cannot create '{}': a reference refers to an existing object (bind one as an argument \
                     or a member, or use a pointer)",
                    name()
                )));
            }
            drop(types);
            return bind_reference(state, values, ty, first, "new");
        }
        let vla = types.is_vla(ty);
        let count = if vla { Some(count_arg(state, values, first, "new", name)?) } else { None };
        let first_init = first + vla as c_int;
        let align = types.align_of(ty).unwrap_or(1);
        // What Luau cannot allocate is refused here, before trying.
        let size = match count {
            Some(n) => types.size_of_vla(ty, n),
            None => types.size_of(ty),
        }
        .filter(|s| *s <= object::max_owned_size(align))
        .ok_or_else(|| Error::message(format!("size of C type '{}' is unknown or too large", name())))?;
        let top = sys::lua_gettop(state);
        let cdata = object::push_owned(state, values, ty, size, align)?;
        if let Some(n) = count {
            cdata.count = n;
        }
        let result_idx = top + 1;
        if first_init <= top {
            let cx = Cx { state, values, types: &types };
            let inits = Inits { first: first_init, len: (top - first_init + 1) as usize };
            initialize(&cx, cdata, ty, inits).map_err(Error::message)?;
            if inits.len == 1 && makes_callback(&cx, first_init, ty) {
                // A Luau function made a callback: the new cdata is its handle
                // (`cb:free()`, `cb:set(fn)`), as one from `ffi.cast` is.
                cdata.flags |= object::FLAG_CALLBACK;
            }
            // Conversions may leave values above the new cdata.
            sys::lua_settop(state, result_idx);
        }
        drop(types);
        apply_metatype_gc(state, values, ty, result_idx)?;
        Ok(1)
    }
}

/// What a constructor without arguments makes of a type, decided once: a
/// zeroed object of `size` bytes aligned to `align`, of the userdata tag
/// `tag`.
#[derive(Clone, Copy)]
pub(super) struct EmptyConstructor {
    ty: CTypeId,
    size: usize,
    align: usize,
    tag: ValueTag,
    /// Small and aligned to at most 8: made by [`object::push_zeroed`].
    small: bool,
}

/// The common `ffi.new("T")` / `V()` without arguments, beside the general
/// path of [`construct`]: for a type of fixed size that is not a reference,
/// has no metatype (no `__new` or `__gc` to apply) and when no finalizer
/// waits, it is one allocation. The plan (the type's size, alignment and tag,
/// and that it has no metatype) is made once for the type made last: [`Values`]
/// keeps it, a type's layout never changes once complete, and
/// [`Values::declare_metatype`] drops it. `None` when the general path must
/// run.
///
/// # Safety
/// As [`construct`].
#[inline(always)]
pub(super) unsafe fn construct_empty(
    state: *mut sys::lua_State,
    values: &Values,
    ty: CTypeId,
    first: c_int,
) -> Option<Result<c_int>> {
    // SAFETY: a stack read.
    let given = unsafe { crate::lua::direct::arg_count(state) };
    if given >= first || values.finalizers.has_pending() {
        return None;
    }
    let plan = match values.empty_constructor.get() {
        Some(plan) if plan.ty == ty => plan,
        _ => {
            let types = values.types.borrow();
            if types.is_vla(ty)
                || matches!(types.kind(ty), CKind::Reference { .. })
                || values.has_metatype(super::metatype::metatype_key(&types, ty))
            {
                return None;
            }
            let align = types.align_of(ty).unwrap_or(1);
            let size = types.size_of(ty).filter(|s| *s <= object::max_owned_size(align))?;
            drop(types);
            // SAFETY: forwarded.
            let tag = match unsafe { values.value_tag(state, ty, true) } {
                Ok(tag) => tag,
                Err(error) => return Some(Err(error)),
            };
            let small = align <= 8 && size <= object::SMALL_ZEROED;
            let plan = EmptyConstructor { ty, size, align, tag, small };
            values.empty_constructor.set(Some(plan));
            plan
        }
    };
    // SAFETY: the size fits a cdata; the new cdata is zeroed by push_zeroed
    // (a small value aligned to at most 8) or push_owned_as; the tag is what
    // value_tag gave the type.
    Some(
        unsafe {
            if plan.small {
                object::push_zeroed(state, ty, plan.size, plan.tag)
            } else {
                object::push_owned_as(state, values, ty, plan.size, plan.align, plan.tag).map(|_| ())
            }
        }
        .map(|_| 1),
    )
}

/// What [`construct_empty_unguarded`] did.
pub(super) enum EmptyCall {
    /// The new cdata is pushed.
    Made,
    /// The allocation failed; its error is kept for the guard to raise.
    Failed,
    /// Not the shortcut's case: the general path runs.
    Elsewhere,
}

/// `V()` of a ctype whose empty-constructor plan is the one kept and small,
/// read straight from the frame, for `__call` to run before its guard: it
/// holds nothing to drop and cannot panic, so the guard has nothing to do
/// unless the allocation failed (then its kept error is raised by the guard).
/// Every other case, and every case [`construct_empty`] refuses, is
/// [`EmptyCall::Elsewhere`].
///
/// # Safety
/// Inside the cdata metatable's `__call` (a cdata at 1, the module's values as
/// upvalue 1).
#[inline(always)]
pub(super) unsafe fn construct_empty_unguarded(state: *mut sys::lua_State) -> EmptyCall {
    // SAFETY: as documented: upvalue 1 points at the live values, index 1
    // holds a cdata (the metatable is protected).
    unsafe {
        let Some(frame) = crate::lua::direct::userdata_frame(state) else { return EmptyCall::Elsewhere };
        let values = &*frame.upvalue.cast::<Values>();
        let cdata = &*frame.first.cast::<CData>();
        let plan = match values.empty_constructor.get() {
            Some(plan) if plan.ty == cdata.ctype && plan.small => plan,
            _ => return EmptyCall::Elsewhere,
        };
        if frame.args != 1 || !cdata.is_ctype() || values.finalizers.has_pending() {
            return EmptyCall::Elsewhere;
        }
        match object::push_zeroed(state, plan.ty, plan.size, plan.tag) {
            Ok(()) => EmptyCall::Made,
            Err(_) => EmptyCall::Failed,
        }
    }
}

/// Gives a new record at `idx` its metatype's `__gc` as its finalizer, as
/// LuaJIT's `ffi.new` does: it then runs as an `ffi.gc` finalizer would (and
/// `ffi.gc(x, nil)` removes it).
unsafe fn apply_metatype_gc(state: *mut sys::lua_State, values: &Values, ty: CTypeId, idx: c_int) -> Result<()> {
    let reference = {
        let types = values.types.borrow();
        let record = types.base(ty);
        if !matches!(types.kind(record), CKind::Record { .. }) {
            return Ok(());
        }
        match values.metatypes.borrow().get(&record) {
            Some(&reference) => reference,
            None => return Ok(()),
        }
    };
    // SAFETY: the reference was made by ffi.metatype; the stack gets back to
    // `idx` either way.
    unsafe {
        crate::lua::stack::get_ref(state, reference);
        let found = crate::lua::protected::raw_get_field(state, -1, c"__gc");
        if found? == sys::LUA_TNIL {
            sys::lua_settop(state, idx);
            return Ok(());
        }
        let kind = finalizer_of(state, values, -1);
        sys::lua_settop(state, idx);
        set_finalizer(state, values, idx, Some(kind?))
    }
}

/// The initializers of a constructor: the stack values `first..first + len`
/// (a range, not a list: a constructor in a loop does no Rust heap work).
#[derive(Clone, Copy)]
struct Inits {
    first: c_int,
    len: usize,
}

impl Inits {
    /// The stack index of initializer `i`, if there is one.
    fn get(self, i: usize) -> Option<c_int> {
        (i < self.len).then(|| self.first + i as c_int)
    }

    /// The stack indices, in order.
    fn iter(self) -> impl Iterator<Item = c_int> {
        self.first..self.first + self.len as c_int
    }
}

/// LuaJIT's initializer rules for `ffi.new` with the values at `inits`.
unsafe fn initialize(cx: &Cx, cdata: &mut CData, ty: CTypeId, inits: Inits) -> std::result::Result<(), String> {
    let types = cx.types;
    let name = || types.name(ty);
    let single = (inits.len == 1).then_some(inits.first);
    // SAFETY: cdata.ptr holds zeroed memory of ty's size.
    unsafe {
        match (shape(types, ty), single) {
            _ if inits.len == 0 => Ok(()),
            (Shape::Array { .. } | Shape::Record, Some(single)) if is_whole_initializer(cx, single, ty) => {
                cx.to_c_in(single, ty, cdata.ptr, cdata.extent, Mode::Init)
            }
            // A complex number or vector takes one value as a whole (a number
            // is its real part, or every element), several as its parts.
            (Shape::Complex { .. } | Shape::Vector { .. }, Some(single)) => cx.to_c(single, ty, cdata.ptr, Mode::Init),
            (Shape::Array { .. } | Shape::Complex { .. } | Shape::Vector { .. }, _) => {
                let Some((elem, len)) = convert::array_like(types, ty) else { unreachable!("array-like shapes") };
                let capacity = match len {
                    ArrayLen::Fixed(n) => n,
                    _ => cdata.count,
                } as usize;
                let elem_size =
                    types.size_of(elem).ok_or_else(|| format!("size of '{}' is unknown", types.name(elem)))?;
                if inits.len > capacity {
                    return Err(format!("too many initializers for '{}'", name()));
                }
                for (i, idx) in inits.iter().enumerate() {
                    cx.to_c(idx, elem, cdata.ptr.add(i * elem_size), Mode::Init)?;
                }
                if inits.len == 1 {
                    for i in 1..capacity {
                        ptr::copy_nonoverlapping(cdata.ptr, cdata.ptr.add(i * elem_size), elem_size);
                    }
                }
                Ok(())
            }
            (Shape::Record, _) => {
                let mut taken = 0;
                initialize_members(cx, cdata, ty, cdata.ptr, inits, &mut taken)?;
                if taken < inits.len {
                    return Err(format!("too many initializers for '{}'", name()));
                }
                Ok(())
            }
            (_, Some(single)) => cx.to_c(single, ty, cdata.ptr, Mode::Init),
            _ => Err(format!("too many initializers for '{}'", name())),
        }
    }
}

/// The members of the record `ty` at `dst` (inside `cdata`'s value), in
/// order, from the values at `inits` from `*taken` on; `*taken` counts what
/// was used. As in LuaJIT, the members of an anonymous struct or union member
/// are members of `ty` here, and a union takes one value (for an anonymous
/// member, what that member takes).
unsafe fn initialize_members(
    cx: &Cx,
    cdata: &CData,
    ty: CTypeId,
    dst: *mut u8,
    inits: Inits,
    taken: &mut usize,
) -> std::result::Result<(), String> {
    let CKind::Record { fields, is_union, .. } = cx.types.kind(ty) else { return Ok(()) };
    for field in fields.iter() {
        // SAFETY: every member lies inside the record at dst.
        let address = unsafe { dst.add(field.offset) };
        if field.name.is_none() {
            if !matches!(cx.types.kind(field.ty), CKind::Record { .. }) {
                continue;
            }
            // SAFETY: as above.
            unsafe { initialize_members(cx, cdata, field.ty, address, inits, taken)? };
        } else {
            let Some(idx) = inits.get(*taken) else { break };
            *taken += 1;
            // SAFETY: the member's address lies in cdata's value.
            unsafe {
                // A number into a plain scalar member, the common case: its
                // shape was fixed by the layout (the type's plan).
                match field.scalar {
                    Some(shape) if sys::lua_type(cx.state, idx) == sys::LUA_TNUMBER => {
                        convert::write_number(shape, address, sys::lua_tonumberx(cx.state, idx, ptr::null_mut()))
                    }
                    _ => cx.store_field_in(idx, field.ty, field.bits, address, cdata.room_at(address), Mode::Init)?,
                }
            }
        }
        if *is_union {
            break;
        }
    }
    Ok(())
}

/// Whether a single initializer of an aggregate initializes it as a whole (a
/// table, a cdata of the same type, a string for a byte array) rather than
/// being its first element or field.
unsafe fn is_whole_initializer(cx: &Cx, idx: c_int, ty: CTypeId) -> bool {
    // SAFETY: stack reads.
    unsafe {
        match sys::lua_type(cx.state, idx) {
            sys::LUA_TTABLE => true,
            sys::LUA_TSTRING => {
                matches!(shape(cx.types, ty), Shape::Array { elem, .. } if convert::is_byte(cx.types, elem))
            }
            sys::LUA_TUSERDATA => object::get(cx.state, cx.values, idx)
                .is_some_and(|c| !c.is_ctype() && cx.types.base(c.value_type(cx.types)) == cx.types.base(ty)),
            _ => false,
        }
    }
}

/// Whether converting the value at `idx` to `ty` made a callback: a Luau
/// function (not one of the module's C functions) becoming a function pointer.
unsafe fn makes_callback(cx: &Cx, idx: c_int, ty: CTypeId) -> bool {
    // SAFETY: stack reads.
    unsafe {
        sys::lua_type(cx.state, idx) == sys::LUA_TFUNCTION
            && matches!(shape(cx.types, ty), Shape::Pointer { to } if matches!(cx.types.kind(to), CKind::Function { .. }))
            && cx.values.upcalls().function_address(cx.state, idx).is_none()
    }
}

/// Argument `idx` of `func` as an element count: a non-negative integer, a
/// Luau number or an integer cdata ([`count_at`]), or LuaJIT's message naming
/// the type `ty_name()` spells (only then).
///
/// # Safety
/// `state` must be live.
pub unsafe fn count_arg(
    state: *mut sys::lua_State,
    values: &Values,
    idx: c_int,
    func: &'static str,
    ty_name: impl FnOnce() -> String,
) -> Result<u64> {
    // SAFETY: stack reads.
    unsafe {
        if let Some(count) = count_at(state, values, idx) {
            return Ok(count);
        }
        let got = match sys::lua_type(state, idx) {
            sys::LUA_TNUMBER => crate::lua::stack::format_number(sys::lua_tonumberx(state, idx, ptr::null_mut())),
            // A 64-bit integer cdata by its value (`-1LL`), any other by its type.
            sys::LUA_TUSERDATA => match integer_at(state, values, idx) {
                Some(Integer::CData(value, ty)) if values.types.borrow().size_of(ty) == Some(8) => value.format(),
                _ => {
                    let types = values.types.borrow();
                    Cx { state, values, types: &types }.describe(idx)
                }
            },
            _ => type_name(state, idx).to_string(),
        };
        Err(Error::bad_arg(
            func,
            idx as usize,
            format!("invalid element count for '{}': non-negative integer expected, got {got}", ty_name()),
        ))
    }
}
