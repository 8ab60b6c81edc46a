//! Creating cdata: `ffi.new(ty, ...)` and calling a ctype (`ctype(...)`),
//! with LuaJIT's initializer rules (ext_ffi_semantics, "Initializers").

use std::ffi::c_int;
use std::ptr;

use super::convert::{self, shape, Cx, Mode, Shape};
use super::gc::run_pending_finalizers;
use super::object::{self, CData};
use super::Values;
use crate::ctype::{ArrayLen, CKind, CTypeId};
use crate::error::{Error, Result};
use crate::lua::stack::type_name;
use crate::lua::sys;

/// `ffi.new(ty, ...)` / `ctype(...)` with the arguments from stack index
/// `first` on: the element count of a VLA, then the initializers.
///
/// # Safety
/// Inside a C function of the module.
pub unsafe fn construct(state: *mut sys::lua_State, values: &Values, ty: CTypeId, first: c_int) -> Result<c_int> {
    // SAFETY: stack reads; the new cdata's memory is ours to fill.
    unsafe {
        run_pending_finalizers(state, values)?;
        let types = values.types.borrow();
        // The type's name is spelled only for an error: a constructor in a
        // loop does no Rust heap work.
        let vla = types.is_vla(ty);
        let count = if vla { Some(count_arg(state, first, "new", || types.name(ty))?) } else { None };
        let first_init = first + vla as c_int;
        let align = types.align_of(ty).unwrap_or(1);
        // What Luau cannot allocate is refused here, before trying.
        let size = match count {
            Some(n) => types.size_of_vla(ty, n),
            None => types.size_of(ty),
        }
        .filter(|s| *s <= object::max_owned_size(align))
        .ok_or_else(|| Error::message(format!("size of C type '{}' is unknown or too large", types.name(ty))))?;
        let top = sys::lua_gettop(state);
        let cdata = object::push_owned(state, values, ty, size, align)?;
        if let Some(n) = count {
            cdata.count = n;
        }
        if first_init <= top {
            let cx = Cx { state, values, types: &types };
            initialize(&cx, cdata, ty, first_init, top).map_err(Error::message)?;
            // Conversions may leave values above the new cdata.
            sys::lua_settop(state, top + 1);
        }
        Ok(1)
    }
}

/// LuaJIT's initializer rules for `ffi.new` with the values at stack indices
/// `first..=last` (at least one).
unsafe fn initialize(
    cx: &Cx,
    cdata: &mut CData,
    ty: CTypeId,
    first: c_int,
    last: c_int,
) -> std::result::Result<(), String> {
    let types = cx.types;
    let name = || types.name(ty);
    let count = (last - first + 1) as usize;
    // SAFETY: cdata.ptr holds zeroed memory of ty's size.
    unsafe {
        match shape(types, ty) {
            Shape::Array { .. } | Shape::Record if count == 1 && is_whole_initializer(cx, first, ty) => {
                cx.to_c_in(first, ty, cdata.ptr, cdata.extent, Mode::Init)
            }
            Shape::Array { elem, len } => {
                let capacity = match len {
                    ArrayLen::Fixed(n) => n,
                    _ => cdata.count,
                } as usize;
                let elem_size =
                    types.size_of(elem).ok_or_else(|| format!("size of '{}' is unknown", types.name(elem)))?;
                if count > capacity {
                    return Err(format!("too many initializers for '{}'", name()));
                }
                for (i, idx) in (first..=last).enumerate() {
                    cx.to_c(idx, elem, cdata.ptr.add(i * elem_size), Mode::Init)?;
                }
                if count == 1 {
                    for i in 1..capacity {
                        ptr::copy_nonoverlapping(cdata.ptr, cdata.ptr.add(i * elem_size), elem_size);
                    }
                }
                Ok(())
            }
            Shape::Record => {
                let CKind::Record { fields, is_union, .. } = types.kind(ty) else { unreachable!() };
                let limit = if *is_union { 1 } else { fields.len() };
                if count > limit {
                    return Err(format!("too many initializers for '{}'", name()));
                }
                for (field, idx) in fields.iter().zip(first..=last) {
                    let address = cdata.ptr.add(field.offset);
                    // A number into a plain scalar member, the common case:
                    // its shape was fixed by the layout (the type's plan).
                    match field.scalar {
                        Some(shape) if sys::lua_type(cx.state, idx) == sys::LUA_TNUMBER => {
                            convert::write_number(shape, address, sys::lua_tonumberx(cx.state, idx, ptr::null_mut()))
                        }
                        _ => {
                            cx.store_field_in(idx, field.ty, field.bits, address, cdata.room_at(address), Mode::Init)?
                        }
                    }
                }
                Ok(())
            }
            _ if count == 1 => cx.to_c(first, ty, cdata.ptr, Mode::Init),
            _ => Err(format!("too many initializers for '{}'", name())),
        }
    }
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
                .is_some_and(|c| !c.is_ctype() && cx.types.base(c.ctype) == cx.types.base(ty)),
            _ => false,
        }
    }
}

/// Argument `idx` of `func` as an element count: a non-negative integer (a
/// Luau number), or LuaJIT's message naming the type `ty_name()` spells.
///
/// # Safety
/// `state` must be live.
pub unsafe fn count_arg(
    state: *mut sys::lua_State,
    idx: c_int,
    func: &'static str,
    ty_name: impl FnOnce() -> String,
) -> Result<u64> {
    // SAFETY: stack reads.
    unsafe {
        let n = sys::lua_tonumberx(state, idx, ptr::null_mut());
        // NaN fails the range test too.
        let valid = (0.0..=(1u64 << 53) as f64).contains(&n) && n.fract() == 0.0;
        if sys::lua_type(state, idx) != sys::LUA_TNUMBER || !valid {
            let got = if sys::lua_type(state, idx) == sys::LUA_TNUMBER {
                crate::lua::stack::format_number(n)
            } else {
                type_name(state, idx).to_string()
            };
            return Err(Error::bad_arg(
                func,
                idx as usize,
                format!("invalid element count for '{}': non-negative integer expected, got {got}", ty_name()),
            ));
        }
        Ok(n as u64)
    }
}
