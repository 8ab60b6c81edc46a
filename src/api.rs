//! The `ffi.*` functions of the full FFI (LuaJIT's API, with cffi-lua's choices
//! where Luau differs: `ffi.nullptr`, `ffi.tonumber`), plus the buffer functions
//! no other Luau FFI has.

use std::ffi::{c_int, CStr};
use std::ptr;

use crate::call::Calls;
use crate::cdata::construct::{bind_reference, construct, count_arg};
use crate::cdata::convert::{self, shape, Cx, Mode, Scalar, Shape};
use crate::cdata::count::{count_at, integer_at, Integer};
use crate::cdata::gc::{finalizer_of, run_pending_finalizers};
use crate::cdata::object;
use crate::cdata::Values;
use crate::cparse::name_from_bytes;
use crate::cparse::Declare;
use crate::ctype::{ArrayLen, CKind, CTypeId, CTypeTable, TypeParam};
use crate::error::{Error, Result};
use crate::lua::stack::{check_bytes, check_str, get_bytes, type_name};
use crate::lua::{direct, protected, sys};

/// The functions of the module table, with the names scripts see.
pub const FUNCTIONS: &[(&CStr, sys::lua_CFunction)] = &[
    (c"cdef", cdef),
    (c"new", new),
    (c"cast", cast),
    (c"typeof", type_of),
    (c"istype", istype),
    (c"sizeof", sizeof),
    (c"alignof", alignof),
    (c"offsetof", offsetof),
    (c"addressof", addressof),
    (c"tonumber", tonumber),
    (c"string", string),
    (c"copy", copy),
    (c"fill", fill),
    (c"gc", gc),
    (c"metatype", metatype),
    (c"errno", errno),
    (c"abi", abi),
    (c"tobuffer", tobuffer),
];

crate::c_functions! {
    cdef => cdef_body;
    new => new_body;
    cast => cast_body;
    type_of => typeof_body;
    istype => istype_body;
    sizeof => sizeof_body;
    alignof => alignof_body;
    offsetof => offsetof_body;
    addressof => addressof_body;
    tonumber => tonumber_body;
    string => string_body;
    copy => copy_body;
    fill => fill_body;
    gc => gc_body;
    metatype => metatype_body;
    errno => errno_body;
    abi => abi_body;
    tobuffer => tobuffer_body;
}

/// The C type named by argument `idx`: a C declaration string, a ctype or a
/// cdata (LuaJIT's `ct`). For a cdata, also its element count if it is a VLA.
pub unsafe fn ctype_arg(
    state: *mut sys::lua_State,
    values: &Values,
    idx: c_int,
    func: &'static str,
) -> Result<(CTypeId, Option<u64>)> {
    // SAFETY: stack reads.
    unsafe {
        if let Some(text) = get_bytes(state, idx) {
            let ty = values.types.borrow_mut().parse_type(text, &[]).map_err(|e| Error::message(e.to_string()))?;
            return Ok((ty, None));
        }
        match object::get(state, values, idx) {
            Some(cdata) => {
                Ok((cdata.ctype, (!cdata.is_ctype() && cdata.count != object::NO_COUNT).then_some(cdata.count)))
            }
            None => Err(Error::bad_arg(func, idx as usize, format!("C type expected, got {}", type_name(state, idx)))),
        }
    }
}

unsafe fn cdef_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let values = &Calls::current(state).values;
        let source = check_bytes(state, 1, "cdef", 1)?;
        let params = if sys::lua_gettop(state) > 1 { type_params(state, values, 2, "cdef")? } else { Vec::new() };
        // `declaration:LINE: message`, so the line is there even for line 1.
        values.types.borrow_mut().cdef_with(source, &params).map_err(|e| {
            let suffix = format!(" at line {}", e.line());
            Error::message(format!("declaration:{}: {}", e.line(), e.message().trim_end_matches(suffix.as_str())))
        })?;
        Ok(0)
    }
}

/// `$` parameters from argument `first` on: ctypes/cdata stand for their type,
/// numbers (integers only: they are array sizes and constants) for a number,
/// strings for a name.
unsafe fn type_params(
    state: *mut sys::lua_State,
    values: &Values,
    first: c_int,
    func: &'static str,
) -> Result<Vec<TypeParam>> {
    let top = unsafe { sys::lua_gettop(state) };
    let mut params = Vec::new();
    for idx in first..=top {
        // SAFETY: stack reads.
        let param = unsafe {
            match sys::lua_type(state, idx) {
                sys::LUA_TNUMBER => {
                    let n = sys::lua_tonumberx(state, idx, ptr::null_mut());
                    // NaN fails the range test too.
                    if n.fract() != 0.0 || !(-9.2e18..=9.2e18).contains(&n) {
                        return Err(Error::bad_arg(
                            func,
                            idx as usize,
                            format!("integer expected for '$', got {}", crate::lua::stack::format_number(n)),
                        ));
                    }
                    TypeParam::Number(n as i64)
                }
                sys::LUA_TSTRING => TypeParam::Name(name_from_bytes(get_bytes(state, idx).unwrap()).into()),
                _ => match object::get(state, values, idx) {
                    // An integer cdata is a type or a number, as the text
                    // needs; any other cdata or ctype stands for its type.
                    Some(cdata) => match integer_at(state, values, idx) {
                        Some(Integer::CData(value, ty)) => {
                            TypeParam::Integer { ty, bits: value.bits, unsigned: value.unsigned }
                        }
                        _ => TypeParam::Type(cdata.ctype),
                    },
                    None => {
                        return Err(Error::bad_arg(
                            func,
                            idx as usize,
                            format!("ctype, number or string expected for '$', got {}", type_name(state, idx)),
                        ))
                    }
                },
            }
        };
        params.push(param);
    }
    Ok(params)
}

unsafe fn new_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let values = &Calls::current(state).values;
        let (ty, _) = ctype_arg(state, values, 1, "new")?;
        construct(state, values, ty, 2)
    }
}

unsafe fn cast_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let calls = Calls::current(state);
        let values = &calls.values;
        run_pending_finalizers(state, values)?;
        let (ty, _) = ctype_arg(state, values, 1, "cast")?;
        if sys::lua_type(state, 2) == sys::LUA_TFUNCTION
            && crate::call::function_address(state, 2).is_none()
            && matches!(shape(&values.types.borrow(), ty), Shape::Pointer { .. })
        {
            // A Luau function becomes a callback; to a pointer that is not a
            // (non-variadic) function pointer it does not convert.
            let checked = crate::call::callback::callback_function_type(&values.types.borrow(), ty);
            checked.map_err(|e| Error::bad_arg("cast", 2, e))?;
            return crate::call::callback::cast(state, calls, ty, 2);
        }
        let types = values.types.borrow();
        let size = match shape(&types, ty) {
            Shape::Bool | Shape::Int { .. } | Shape::Float { .. } | Shape::Pointer { .. } => types.size_of(ty).unwrap(),
            Shape::Reference { .. } => {
                drop(types);
                return bind_reference(state, values, ty, 2, "cast");
            }
            _ => return Err(Error::message(format!("invalid C type for a cast: '{}'", types.name(ty)))),
        };
        if sys::lua_type(state, 2) == sys::LUA_TNONE {
            return Err(Error::bad_arg("cast", 2, "value expected"));
        }
        let cdata = object::push_owned(state, values, ty, size, size)?;
        let cx = Cx { state, values, types: &types };
        cx.to_c(2, ty, cdata.ptr, Mode::Cast).map_err(|e| Error::bad_arg("cast", 2, e))?;
        Ok(1)
    }
}

unsafe fn typeof_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let values = &Calls::current(state).values;
        let ty = match get_bytes(state, 1) {
            Some(text) if sys::lua_gettop(state) > 1 => {
                let params = type_params(state, values, 2, "typeof")?;
                values.types.borrow_mut().parse_type(&text, &params).map_err(|e| Error::message(e.to_string()))?
            }
            _ => ctype_arg(state, values, 1, "typeof")?.0,
        };
        object::push_ctype(state, values, ty)?;
        Ok(1)
    }
}

unsafe fn istype_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let values = &Calls::current(state).values;
        let (ty, _) = ctype_arg(state, values, 1, "istype")?;
        if sys::lua_type(state, 2) == sys::LUA_TNONE {
            return Err(Error::bad_arg("istype", 2, "value expected"));
        }
        // A ctype object stands for its type, as a cdata does.
        let result = object::get(state, values, 2)
            .is_some_and(|cdata| convert::is_type(&values.types.borrow(), ty, cdata.ctype));
        sys::lua_pushboolean(state, result as c_int);
        Ok(1)
    }
}

unsafe fn sizeof_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let values = &Calls::current(state).values;
        let (ty, count) = ctype_arg(state, values, 1, "sizeof")?;
        let types = values.types.borrow();
        // As LuaJIT: a reference is measured as what it refers to; a
        // variable-length type needs a count, and a negative one gives nil.
        let ty = types.unreferenced(ty);
        let count = if sys::lua_isnoneornil(state, 2) != 0 {
            count
        } else if types.is_vla(ty)
            && ((sys::lua_type(state, 2) == sys::LUA_TNUMBER && sys::lua_tonumberx(state, 2, ptr::null_mut()) < 0.0)
                || integer_at(state, values, 2).is_some_and(|n| n.value() < 0))
        {
            sys::lua_pushnil(state);
            return Ok(1);
        } else {
            Some(count_arg(state, values, 2, "sizeof", || types.name(ty))?)
        };
        if count.is_none() && types.is_vla(ty) {
            return Err(Error::bad_arg("sizeof", 2, "value expected"));
        }
        let size = match count {
            Some(n) if types.is_vla(ty) || matches!(types.kind(ty), CKind::Array { len: ArrayLen::Flexible, .. }) => {
                types.size_of_vla(ty, n)
            }
            _ => types.size_of(ty),
        };
        match size {
            Some(size) => sys::lua_pushnumber(state, size as f64),
            None => sys::lua_pushnil(state),
        }
        Ok(1)
    }
}

unsafe fn alignof_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let values = &Calls::current(state).values;
        let (ty, _) = ctype_arg(state, values, 1, "alignof")?;
        let types = values.types.borrow();
        match types.align_of(types.unreferenced(ty)) {
            Some(align) => sys::lua_pushnumber(state, align as f64),
            None => sys::lua_pushnil(state),
        }
        Ok(1)
    }
}

unsafe fn offsetof_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let values = &Calls::current(state).values;
        let (ty, _) = ctype_arg(state, values, 1, "offsetof")?;
        let field = name_from_bytes(check_bytes(state, 2, "offsetof", 2)?);
        let types = values.types.borrow();
        let Some(found) = types.find_field(types.base(types.unreferenced(ty)), &field) else {
            sys::lua_pushnil(state);
            return Ok(1);
        };
        sys::lua_pushnumber(state, found.offset as f64);
        match found.bits {
            Some(bits) => {
                sys::lua_pushnumber(state, bits.bit_offset as f64);
                sys::lua_pushnumber(state, bits.width as f64);
                Ok(3)
            }
            None => Ok(1),
        }
    }
}

unsafe fn addressof_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let values = &Calls::current(state).values;
        let cdata = match object::get(state, values, 1) {
            Some(c) if !c.is_ctype() => c,
            _ => return Err(Error::bad_arg("addressof", 1, format!("cdata expected, got {}", type_name(state, 1)))),
        };
        let ty = cdata.value_type(&values.types.borrow());
        let address = cdata.ptr as usize;
        let pointer = values.types.borrow_mut().pointer_to(ty);
        convert::push_pointer(state, values, pointer, address)?;
        Ok(1)
    }
}

unsafe fn tonumber_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let values = &Calls::current(state).values;
        match sys::lua_type(state, 1) {
            sys::LUA_TNUMBER => sys::lua_pushvalue(state, 1),
            sys::LUA_TSTRING => {
                let n = sys::lua_tonumberx(state, 1, ptr::null_mut());
                let mut ok = 0;
                sys::lua_tonumberx(state, 1, &mut ok);
                if ok != 0 {
                    sys::lua_pushnumber(state, n)
                } else {
                    sys::lua_pushnil(state)
                }
            }
            _ => match object::get(state, values, 1) {
                Some(cdata) if !cdata.is_ctype() => {
                    let types = values.types.borrow();
                    // A complex number converts by its real part, as in LuaJIT.
                    let scalar = match shape(&types, cdata.value_type(&types)) {
                        Shape::Complex { part } => convert::read_scalar(shape(&types, part), cdata.ptr),
                        value_shape => convert::read_scalar(value_shape, cdata.ptr),
                    };
                    match scalar {
                        Some(Scalar::Int(i)) => sys::lua_pushnumber(state, i.to_number()),
                        Some(Scalar::Float(f)) => sys::lua_pushnumber(state, f),
                        Some(Scalar::Bool(b)) => sys::lua_pushnumber(state, b as u8 as f64),
                        Some(Scalar::Wide(w)) => sys::lua_pushnumber(state, w.to_number()),
                        // A pointer is not a number (LuaJIT's `tonumber(ptr)` is nil):
                        // its address is `ffi.cast("uintptr_t", p)`.
                        Some(Scalar::Pointer(_)) | None => sys::lua_pushnil(state),
                    }
                }
                _ => sys::lua_pushnil(state),
            },
        }
        Ok(1)
    }
}

/// A readable or writable memory region named by an argument: a pointer or
/// array cdata, a Luau buffer, (for reading) a Luau string. `len` is known for
/// everything but raw pointers.
struct Region {
    address: *mut u8,
    len: Option<usize>,
    /// Const memory (a pointer or array of const elements, a const record):
    /// it does not convert to `void *`, so nothing may be copied into it.
    read_only: bool,
    /// Whether it converts to `const char *` (a string, a buffer, a pointer or
    /// array of bytes or `void`): what `ffi.string` reads without a length.
    /// Decided only when asked ([`Region::is_text`]).
    text: Text,
    /// The C type of a cdata argument, for messages.
    ctype: Option<CTypeId>,
}

/// Whether a [`Region`] converts to `const char *`.
#[derive(Clone, Copy)]
enum Text {
    /// A Luau string or buffer.
    Always,
    /// A record.
    Never,
    /// A pointer or array: when its elements are compatible with `const char`.
    IfElements(CTypeId),
}

impl Region {
    /// Whether the region converts to `const char *`.
    fn is_text(&self, types: &CTypeTable) -> bool {
        match self.text {
            Text::Always => true,
            Text::Never => false,
            Text::IfElements(elem) => convert::pointer_compatible(types, elem, CTypeId::CONST_CHAR),
        }
    }

    /// The error for a region used as `target` (`'void *'`, `'const char *'`)
    /// that does not convert to it, as LuaJIT words it.
    fn cannot_convert(&self, types: &CTypeTable, func: &'static str, arg: usize, target: &str) -> Error {
        let name = self.ctype.map_or_else(|| "?".to_owned(), |ty| types.name(ty));
        Error::bad_arg(func, arg, format!("cannot convert '{name}' to '{target}'"))
    }
}

unsafe fn region_arg(
    state: *mut sys::lua_State,
    values: &Values,
    idx: c_int,
    func: &'static str,
    strings: bool,
) -> Result<Region> {
    // SAFETY: stack reads; addresses stay valid while the values are on the stack.
    unsafe {
        match direct::value_type(state, idx) {
            sys::LUA_TBUFFER => {
                let mut len = 0usize;
                let data = sys::lua_tobuffer(state, idx, &mut len);
                return Ok(Region {
                    address: data.cast(),
                    len: Some(len),
                    read_only: false,
                    text: Text::Always,
                    ctype: None,
                });
            }
            // A NULL pointer read from C is nil: it is the NULL region, which
            // only a zero length may touch (`ffi.string(blob, 0)` of an empty
            // SQLite blob, as LuaJIT allows).
            sys::LUA_TNIL => {
                return Ok(Region {
                    address: ptr::null_mut(),
                    len: None,
                    read_only: false,
                    text: Text::Always,
                    ctype: None,
                });
            }
            sys::LUA_TSTRING if strings => {
                let bytes = protected::string_at(state, idx);
                return Ok(Region {
                    address: bytes.as_ptr().cast_mut(),
                    len: Some(bytes.len()),
                    read_only: true,
                    text: Text::Always,
                    ctype: None,
                });
            }
            _ => {}
        }
        let expected = || {
            let what = if strings { "pointer, array, buffer or string" } else { "pointer, array or buffer" };
            Error::bad_arg(func, idx as usize, format!("{what} expected, got {}", type_name(state, idx)))
        };
        let cdata = object::get(state, values, idx).filter(|c| !c.is_ctype()).ok_or_else(expected)?;
        let types = values.types.borrow();
        let ctype = Some(cdata.ctype);
        let value_type = cdata.value_type(&types);
        match shape(&types, value_type) {
            Shape::Pointer { to } => Ok(Region {
                address: ptr::read_unaligned(cdata.ptr.cast::<*mut u8>()),
                len: None,
                read_only: convert::is_const(&types, to),
                text: Text::IfElements(to),
                ctype,
            }),
            Shape::Array { elem, .. } => Ok(Region {
                address: cdata.ptr,
                len: cdata.byte_len(&types),
                read_only: convert::is_const(&types, elem),
                text: Text::IfElements(elem),
                ctype,
            }),
            Shape::Record => Ok(Region {
                address: cdata.ptr,
                len: cdata.byte_len(&types),
                read_only: convert::is_const(&types, value_type),
                text: Text::Never,
                ctype,
            }),
            _ => Err(expected()),
        }
    }
}

/// An optional length argument: a non-negative integer number or integer cdata.
unsafe fn length_arg(
    state: *mut sys::lua_State,
    values: &Values,
    idx: c_int,
    func: &'static str,
) -> Result<Option<usize>> {
    // SAFETY: stack reads.
    unsafe {
        if direct::value_type(state, idx) <= sys::LUA_TNIL {
            return Ok(None);
        }
        match count_at(state, values, idx) {
            Some(n) => Ok(Some(n as usize)),
            None => Err(Error::bad_arg(
                func,
                idx as usize,
                format!("non-negative integer length expected, got {}", {
                    let types = values.types.borrow();
                    Cx { state, values, types: &types }.describe(idx)
                }),
            )),
        }
    }
}

fn check_fits(func: &'static str, arg: usize, region: &Region, len: usize) -> Result<()> {
    match region.len {
        Some(available) if len > available => {
            Err(Error::bad_arg(func, arg, format!("length {len} exceeds the {available} bytes of the object")))
        }
        _ => Ok(()),
    }
}

unsafe fn string_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads; the region is readable for the computed length.
    unsafe {
        let values = &Calls::current(state).values;
        let region = region_arg(state, values, 1, "string", true)?;
        let len = match length_arg(state, values, 2, "string")? {
            Some(len) => {
                check_fits("string", 2, &region, len)?;
                len
            }
            None if sys::lua_type(state, 1) == sys::LUA_TSTRING => region.len.unwrap(),
            // Without a length LuaJIT reads a C string: the argument must
            // convert to `const char *` (with one, anything addressable will do).
            None if !region.is_text(&values.types.borrow()) => {
                return Err(region.cannot_convert(&values.types.borrow(), "string", 1, "const char *"));
            }
            None => {
                if region.address.is_null() {
                    return Err(Error::bad_arg("string", 1, "NULL pointer"));
                }
                match region.len {
                    // A sized object: stop at its end if no NUL comes first.
                    Some(size) => {
                        std::slice::from_raw_parts(region.address, size).iter().position(|b| *b == 0).unwrap_or(size)
                    }
                    None => CStr::from_ptr(region.address.cast()).to_bytes().len(),
                }
            }
        };
        if region.address.is_null() && len > 0 {
            return Err(Error::bad_arg("string", 1, "NULL pointer"));
        }
        let bytes = if len == 0 { &[][..] } else { std::slice::from_raw_parts(region.address, len) };
        protected::push_bytes(state, bytes)?;
        Ok(1)
    }
}

unsafe fn copy_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: lengths are checked against every region whose size is known.
    unsafe {
        let values = &Calls::current(state).values;
        let dst = region_arg(state, values, 1, "copy", false)?;
        if dst.read_only {
            return Err(dst.cannot_convert(&values.types.borrow(), "copy", 1, "void *"));
        }
        let src = region_arg(state, values, 2, "copy", true)?;
        let len = match length_arg(state, values, 3, "copy")? {
            Some(len) => {
                check_fits("copy", 2, &src, len)?;
                len
            }
            // ffi.copy(dst, str): the string and its terminating NUL.
            None if sys::lua_type(state, 2) == sys::LUA_TSTRING => src.len.unwrap() + 1,
            None => return Err(Error::bad_arg("copy", 3, "length expected")),
        };
        check_fits("copy", 1, &dst, len)?;
        if len > 0 && dst.address.is_null() {
            return Err(Error::bad_arg("copy", 1, "NULL pointer"));
        }
        if len > 0 && src.address.is_null() {
            return Err(Error::bad_arg("copy", 2, "NULL pointer"));
        }
        ptr::copy(src.address, dst.address, len);
        Ok(0)
    }
}

unsafe fn fill_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: the length is checked against the region's size when known.
    unsafe {
        let values = &Calls::current(state).values;
        let dst = region_arg(state, values, 1, "fill", false)?;
        if dst.read_only {
            return Err(dst.cannot_convert(&values.types.borrow(), "fill", 1, "void *"));
        }
        let len = length_arg(state, values, 2, "fill")?.ok_or_else(|| Error::bad_arg("fill", 2, "length expected"))?;
        check_fits("fill", 2, &dst, len)?;
        // The byte value converts as an `int` argument does (LuaJIT's rule).
        let byte = if sys::lua_isnoneornil(state, 3) != 0 {
            0
        } else {
            let mut value = [0u8; 4];
            let types = values.types.borrow();
            let cx = Cx { state, values, types: &types };
            cx.to_c(3, CTypeId::INT32, value.as_mut_ptr(), Mode::Convert).map_err(|e| Error::bad_arg("fill", 3, e))?;
            value[0]
        };
        if len > 0 && dst.address.is_null() {
            return Err(Error::bad_arg("fill", 1, "NULL pointer"));
        }
        ptr::write_bytes(dst.address, byte, len);
        Ok(0)
    }
}

unsafe fn tobuffer_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: the source region is readable for `len` bytes (checked when sized).
    unsafe {
        let values = &Calls::current(state).values;
        let src = region_arg(state, values, 1, "tobuffer", true)?;
        let len = match length_arg(state, values, 2, "tobuffer")? {
            Some(len) => len,
            None => src.len.ok_or_else(|| Error::bad_arg("tobuffer", 2, "length expected for a pointer"))?,
        };
        check_fits("tobuffer", 2, &src, len)?;
        if len > 0 && src.address.is_null() {
            return Err(Error::bad_arg("tobuffer", 1, "NULL pointer"));
        }
        if len > 1 << 30 {
            return Err(Error::bad_arg("tobuffer", 2, "a Luau buffer holds at most 1 GiB"));
        }
        let data = protected::new_buffer(state, len)?;
        ptr::copy_nonoverlapping(src.address, data, len);
        Ok(1)
    }
}

unsafe fn gc_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads; the finalizer box is owned by the cdata header.
    unsafe {
        let values = &Calls::current(state).values;
        run_pending_finalizers(state, values)?;
        if !matches!(sys::lua_type(state, 2), sys::LUA_TNIL | sys::LUA_TNONE | sys::LUA_TFUNCTION) {
            return Err(Error::bad_arg("gc", 2, format!("function or nil expected, got {}", type_name(state, 2))));
        }
        if sys::lua_type(state, 1) == sys::LUA_TNIL {
            // A NULL pointer read from C is nil: `ffi.gc(C.create(), C.destroy)`
            // gives it back for the script's `== nil` check, with nothing to finalize.
            sys::lua_settop(state, 1);
            return Ok(1);
        }
        if object::get(state, values, 1).is_none_or(|c| c.is_ctype()) {
            return Err(Error::bad_arg("gc", 1, format!("cdata expected, got {}", type_name(state, 1))));
        }
        let kind = match sys::lua_type(state, 2) {
            sys::LUA_TFUNCTION => Some(finalizer_of(state, values, 2)?),
            _ => None,
        };
        crate::cdata::gc::set_finalizer(state, values, 1, kind)?;
        sys::lua_settop(state, 1);
        Ok(1)
    }
}

unsafe fn metatype_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let values = &Calls::current(state).values;
        let (ty, _) = ctype_arg(state, values, 1, "metatype")?;
        if sys::lua_type(state, 2) != sys::LUA_TTABLE {
            return Err(Error::bad_arg("metatype", 2, format!("table expected, got {}", type_name(state, 2))));
        }
        let key = values.types.borrow().base(ty);
        {
            let types = values.types.borrow();
            if !matches!(
                types.kind(key),
                CKind::Record { .. } | CKind::Enum { .. } | CKind::Pointer { .. } | CKind::Array { .. }
            ) {
                // LuaJIT allows any type; scalars have no identity worth a metatable.
                return Err(Error::bad_arg(
                    "metatype",
                    1,
                    format!("struct, union or enum expected, got '{}'", types.name(ty)),
                ));
            }
        }
        if values.has_metatype(key) {
            return Err(Error::message("cannot change a protected metatable"));
        }
        let reference = protected::reference(state, 2)?;
        values.declare_metatype(key, reference);
        object::push_ctype(state, values, ty)?;
        Ok(1)
    }
}

unsafe fn errno_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let calls = Calls::current(state);
        let old = calls.errno.get();
        if sys::lua_isnoneornil(state, 1) == 0 {
            let new: i32 = crate::lua::stack::check_integer(state, 1, "errno", 1, "int")?;
            calls.errno.set(new);
        }
        sys::lua_pushnumber(state, old as f64);
        Ok(1)
    }
}

unsafe fn abi_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let param = check_str(state, 1, "abi", 1)?;
        let answer = match param {
            "32bit" => cfg!(target_pointer_width = "32"),
            "64bit" => cfg!(target_pointer_width = "64"),
            "le" => cfg!(target_endian = "little"),
            "be" => cfg!(target_endian = "big"),
            "fpu" => true,
            // LuaJIT says hardfp for every ABI that passes floats in FP
            // registers (not soft-float): x86-64 and AArch64 alike.
            "hardfp" => true,
            "softfp" => false,
            "eabi" => false,
            "win" => cfg!(windows),
            "uwp" => false,
            "gc64" => cfg!(target_pointer_width = "64"),
            "pauth" => false,
            _ => false,
        };
        sys::lua_pushboolean(state, answer as c_int);
        Ok(1)
    }
}

/// `ffi.os` as LuaJIT spells it.
pub const OS: &str = if cfg!(target_os = "linux") {
    "Linux"
} else if cfg!(target_os = "macos") {
    "OSX"
} else if cfg!(windows) {
    "Windows"
} else {
    "Other"
};

/// `ffi.arch` as LuaJIT spells it.
pub const ARCH: &str = if cfg!(target_arch = "x86_64") {
    "x64"
} else if cfg!(target_arch = "aarch64") {
    "arm64"
} else {
    "unknown"
};

/// Pushes `ffi.nullptr`: a `void *` NULL, the value to compare pointers with
/// (Luau never calls `__eq` between a cdata and `nil`).
///
/// # Safety
/// `state` must be live.
pub unsafe fn push_nullptr(state: *mut sys::lua_State, values: &Values) -> Result<()> {
    // SAFETY: forwarded.
    unsafe { convert::push_pointer(state, values, CTypeId::VOID_PTR, 0) }
}
