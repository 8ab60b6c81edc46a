//! The `ffi.*` functions of the full FFI (LuaJIT's API, with cffi-lua's choices
//! where Luau differs: `ffi.nullptr`, `ffi.tonumber`), plus the buffer functions
//! no other Luau FFI has.

use std::ffi::{c_int, CStr};
use std::ptr;

use crate::cdata::convert::{self, shape, Cx, Mode, Scalar, Shape};
use crate::cdata::gc::{Finalizer, FinalizerKind};
use crate::cdata::object::{self, CData};
use crate::cparse::name_from_bytes;
use crate::ctype::{ArrayLen, CKind, CTypeId, CTypeTable, TypeParam};
use crate::error::{Error, Result};
use crate::lua::stack::{check_bytes, check_str, get_bytes, type_name};
use crate::lua::{protected, sys};
use crate::state::ModuleState;

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

/// Runs queued `ffi.gc` finalizers: called on entry to the module's functions.
///
/// # Safety
/// Inside a C function of the module.
#[inline(always)]
pub unsafe fn run_pending_finalizers(state: *mut sys::lua_State, module: &ModuleState) -> Result<()> {
    if module.pending.has_pending() {
        // SAFETY: forwarded.
        unsafe { crate::cdata::gc::run_pending(state, module) }?;
    }
    Ok(())
}

/// The C type named by argument `idx`: a C declaration string, a ctype or a
/// cdata (LuaJIT's `ct`). For a cdata, also its element count if it is a VLA.
pub unsafe fn ctype_arg(
    state: *mut sys::lua_State,
    module: &ModuleState,
    idx: c_int,
    func: &'static str,
) -> Result<(CTypeId, Option<u64>)> {
    // SAFETY: stack reads.
    unsafe {
        if let Some(text) = get_bytes(state, idx) {
            let ty = module.types.borrow_mut().parse_type(text, &[]).map_err(|e| Error::Message(e.to_string()))?;
            return Ok((ty, None));
        }
        match object::get(state, module, idx) {
            Some(cdata) => {
                Ok((cdata.ctype, (!cdata.is_ctype() && cdata.count != object::NO_COUNT).then_some(cdata.count)))
            }
            None => Err(Error::bad_arg(func, idx as usize, format!("C type expected, got {}", type_name(state, idx)))),
        }
    }
}

/// A non-negative integer count argument.
unsafe fn count_arg(state: *mut sys::lua_State, idx: c_int, func: &'static str, ty_name: &str) -> Result<u64> {
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
                format!("invalid element count for '{ty_name}': non-negative integer expected, got {got}"),
            ));
        }
        Ok(n as u64)
    }
}

unsafe fn cdef_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let module = ModuleState::current(state);
        let source = check_bytes(state, 1, "cdef", 1)?;
        let params = if sys::lua_gettop(state) > 1 { type_params(state, module, 2, "cdef")? } else { Vec::new() };
        // `declaration:LINE: message`, so the line is there even for line 1.
        module.types.borrow_mut().cdef_with(source, &params).map_err(|e| {
            let suffix = format!(" at line {}", e.line());
            Error::Message(format!("declaration:{}: {}", e.line(), e.message().trim_end_matches(suffix.as_str())))
        })?;
        Ok(0)
    }
}

/// `$` parameters from argument `first` on: ctypes/cdata stand for their type,
/// numbers (integers only: they are array sizes and constants) for a number,
/// strings for a name.
unsafe fn type_params(
    state: *mut sys::lua_State,
    module: &ModuleState,
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
                _ => match object::get(state, module, idx) {
                    Some(cdata) => TypeParam::Type(cdata.ctype),
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
        let module = ModuleState::current(state);
        let (ty, _) = ctype_arg(state, module, 1, "new")?;
        construct(state, module, ty, 2)
    }
}

/// `ffi.new(ty, ...)` / `ctype(...)` with the arguments from stack index
/// `first` on: the element count of a VLA, then the initializers.
///
/// # Safety
/// Inside a C function of the module.
pub unsafe fn construct(state: *mut sys::lua_State, module: &ModuleState, ty: CTypeId, first: c_int) -> Result<c_int> {
    // SAFETY: stack reads; the new cdata's memory is ours to fill.
    unsafe {
        run_pending_finalizers(state, module)?;
        let types = module.types.borrow();
        let name = types.name(ty);
        let (count, first_init) =
            if types.is_vla(ty) { (Some(count_arg(state, first, "new", &name)?), first + 1) } else { (None, first) };
        let align = types.align_of(ty).unwrap_or(1);
        // What Luau cannot allocate is refused here, before trying.
        let size = match count {
            Some(n) => types.size_of_vla(ty, n),
            None => types.size_of(ty),
        }
        .filter(|s| *s <= object::max_owned_size(align))
        .ok_or_else(|| Error::Message(format!("size of C type '{name}' is unknown or too large")))?;
        let top = sys::lua_gettop(state);
        let cdata = object::push_owned(state, module, ty, size, align)?;
        if let Some(n) = count {
            cdata.count = n;
        }
        let result_idx = sys::lua_gettop(state);
        let inits: Vec<c_int> = (first_init..=top).collect();
        let cx = Cx { state, module, types: &types };
        initialize(&cx, cdata, ty, &inits).map_err(Error::Message)?;
        sys::lua_settop(state, result_idx);
        Ok(1)
    }
}

/// LuaJIT's initializer rules for `ffi.new` with the values at `inits`.
unsafe fn initialize(cx: &Cx, cdata: &mut CData, ty: CTypeId, inits: &[c_int]) -> std::result::Result<(), String> {
    let types = cx.types;
    let name = || types.name(ty);
    // SAFETY: cdata.ptr holds zeroed memory of ty's size.
    unsafe {
        match (shape(types, ty), inits) {
            (_, []) => Ok(()),
            (Shape::Array { .. } | Shape::Record, [single]) if is_whole_initializer(cx, *single, ty) => {
                cx.to_c_in(*single, ty, cdata.ptr, cdata.extent, Mode::Init)
            }
            (Shape::Array { elem, len }, _) => {
                let capacity = match len {
                    ArrayLen::Fixed(n) => n,
                    _ => cdata.count,
                } as usize;
                let elem_size =
                    types.size_of(elem).ok_or_else(|| format!("size of '{}' is unknown", types.name(elem)))?;
                if inits.len() > capacity {
                    return Err(format!("too many initializers for '{}'", name()));
                }
                for (i, idx) in inits.iter().enumerate() {
                    cx.to_c(*idx, elem, cdata.ptr.add(i * elem_size), Mode::Init)?;
                }
                if inits.len() == 1 {
                    for i in 1..capacity {
                        ptr::copy_nonoverlapping(cdata.ptr, cdata.ptr.add(i * elem_size), elem_size);
                    }
                }
                Ok(())
            }
            (Shape::Record, _) => {
                let CKind::Record { fields, is_union, .. } = types.kind(ty) else { unreachable!() };
                let limit = if *is_union { 1 } else { fields.len() };
                if inits.len() > limit {
                    return Err(format!("too many initializers for '{}'", name()));
                }
                for (field, idx) in fields.iter().zip(inits) {
                    let address = cdata.ptr.add(field.offset);
                    cx.store_field_in(*idx, field.ty, field.bits, address, cdata.room_at(address), Mode::Init)?;
                }
                Ok(())
            }
            (_, [single]) => cx.to_c(*single, ty, cdata.ptr, Mode::Init),
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
            sys::LUA_TUSERDATA => object::get(cx.state, cx.module, idx)
                .is_some_and(|c| !c.is_ctype() && cx.types.base(c.ctype) == cx.types.base(ty)),
            _ => false,
        }
    }
}

unsafe fn cast_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let module = ModuleState::current(state);
        run_pending_finalizers(state, module)?;
        let (ty, _) = ctype_arg(state, module, 1, "cast")?;
        if sys::lua_type(state, 2) == sys::LUA_TFUNCTION
            && crate::call::function_address(state, 2).is_none()
            && matches!(shape(&module.types.borrow(), ty), Shape::Pointer { .. })
        {
            // A Luau function becomes a callback; to a pointer that is not a
            // (non-variadic) function pointer it does not convert.
            let checked = crate::callback::bridge::callback_function_type(&module.types.borrow(), ty);
            checked.map_err(|e| Error::bad_arg("cast", 2, e))?;
            return crate::callback::bridge::cast(state, module, ty, 2);
        }
        let types = module.types.borrow();
        let size = match shape(&types, ty) {
            Shape::Bool | Shape::Int { .. } | Shape::Float { .. } | Shape::Pointer { .. } => types.size_of(ty).unwrap(),
            _ => return Err(Error::Message(format!("invalid C type for a cast: '{}'", types.name(ty)))),
        };
        if sys::lua_type(state, 2) == sys::LUA_TNONE {
            return Err(Error::bad_arg("cast", 2, "value expected"));
        }
        let cdata = object::push_owned(state, module, ty, size, size)?;
        let cx = Cx { state, module, types: &types };
        cx.to_c(2, ty, cdata.ptr, Mode::Cast).map_err(|e| Error::bad_arg("cast", 2, e))?;
        Ok(1)
    }
}

unsafe fn typeof_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let module = ModuleState::current(state);
        let ty = match get_bytes(state, 1) {
            Some(text) if sys::lua_gettop(state) > 1 => {
                let params = type_params(state, module, 2, "typeof")?;
                module.types.borrow_mut().parse_type(&text, &params).map_err(|e| Error::Message(e.to_string()))?
            }
            _ => ctype_arg(state, module, 1, "typeof")?.0,
        };
        object::push_ctype(state, module, ty)?;
        Ok(1)
    }
}

unsafe fn istype_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let module = ModuleState::current(state);
        let (ty, _) = ctype_arg(state, module, 1, "istype")?;
        let result = match object::get(state, module, 2) {
            Some(cdata) if !cdata.is_ctype() => {
                let types = module.types.borrow();
                let (want, have) = (types.base(ty), types.base(cdata.ctype));
                want == have
                    || match (types.kind(want), types.kind(have)) {
                        // A pointer to the struct is accepted for a struct type.
                        (CKind::Record { .. }, CKind::Pointer { to }) => types.base(*to) == want,
                        (CKind::Pointer { to: a }, CKind::Pointer { to: b }) => types.base(*a) == types.base(*b),
                        _ => false,
                    }
            }
            _ => false,
        };
        sys::lua_pushboolean(state, result as c_int);
        Ok(1)
    }
}

unsafe fn sizeof_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let module = ModuleState::current(state);
        let (ty, count) = ctype_arg(state, module, 1, "sizeof")?;
        let types = module.types.borrow();
        // As LuaJIT: a reference is measured as what it refers to; a
        // variable-length type needs a count, and a negative one gives nil.
        let ty = types.unreferenced(ty);
        let count = if sys::lua_isnoneornil(state, 2) != 0 {
            count
        } else if types.is_vla(ty)
            && sys::lua_type(state, 2) == sys::LUA_TNUMBER
            && sys::lua_tonumberx(state, 2, ptr::null_mut()) < 0.0
        {
            sys::lua_pushnil(state);
            return Ok(1);
        } else {
            Some(count_arg(state, 2, "sizeof", &types.name(ty))?)
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
        let module = ModuleState::current(state);
        let (ty, _) = ctype_arg(state, module, 1, "alignof")?;
        let types = module.types.borrow();
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
        let module = ModuleState::current(state);
        let (ty, _) = ctype_arg(state, module, 1, "offsetof")?;
        let field = name_from_bytes(check_bytes(state, 2, "offsetof", 2)?);
        let types = module.types.borrow();
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
        let module = ModuleState::current(state);
        let cdata = match object::get(state, module, 1) {
            Some(c) if !c.is_ctype() => c,
            _ => return Err(Error::bad_arg("addressof", 1, format!("cdata expected, got {}", type_name(state, 1)))),
        };
        let (ty, address) = (cdata.ctype, cdata.ptr as usize);
        let pointer = module.types.borrow_mut().pointer_to(ty);
        convert::push_pointer(state, module, pointer, address)?;
        Ok(1)
    }
}

unsafe fn tonumber_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let module = ModuleState::current(state);
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
            _ => match object::get(state, module, 1) {
                Some(cdata) if !cdata.is_ctype() => {
                    let types = module.types.borrow();
                    match convert::read_scalar(shape(&types, cdata.ctype), cdata.ptr) {
                        Some(Scalar::Int(i)) => sys::lua_pushnumber(state, i.to_number()),
                        Some(Scalar::Float(f)) => sys::lua_pushnumber(state, f),
                        Some(Scalar::Bool(b)) => sys::lua_pushnumber(state, b as u8 as f64),
                        Some(Scalar::Pointer(p)) => sys::lua_pushnumber(state, p as f64),
                        None => sys::lua_pushnil(state),
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
    text: bool,
    /// The C type of a cdata argument, for messages.
    ctype: Option<CTypeId>,
}

impl Region {
    /// The error for a region used as `target` (`'void *'`, `'const char *'`)
    /// that does not convert to it, as LuaJIT words it.
    fn cannot_convert(&self, types: &CTypeTable, func: &'static str, arg: usize, target: &str) -> Error {
        let name = self.ctype.map_or_else(|| "?".to_owned(), |ty| types.name(ty));
        Error::bad_arg(func, arg, format!("cannot convert '{name}' to '{target}'"))
    }
}

unsafe fn region_arg(
    state: *mut sys::lua_State,
    module: &ModuleState,
    idx: c_int,
    func: &'static str,
    strings: bool,
) -> Result<Region> {
    // SAFETY: stack reads; addresses stay valid while the values are on the stack.
    unsafe {
        match sys::lua_type(state, idx) {
            sys::LUA_TBUFFER => {
                let mut len = 0usize;
                let data = sys::lua_tobuffer(state, idx, &mut len);
                return Ok(Region { address: data.cast(), len: Some(len), read_only: false, text: true, ctype: None });
            }
            sys::LUA_TSTRING if strings => {
                let bytes = protected::string_at(state, idx);
                return Ok(Region {
                    address: bytes.as_ptr().cast_mut(),
                    len: Some(bytes.len()),
                    read_only: true,
                    text: true,
                    ctype: None,
                });
            }
            _ => {}
        }
        let expected = || {
            let what = if strings { "pointer, array, buffer or string" } else { "pointer, array or buffer" };
            Error::bad_arg(func, idx as usize, format!("{what} expected, got {}", type_name(state, idx)))
        };
        let cdata = object::get(state, module, idx).filter(|c| !c.is_ctype()).ok_or_else(expected)?;
        let types = module.types.borrow();
        let is_text = |elem| convert::pointer_compatible(&types, elem, CTypeId::CONST_CHAR);
        let ctype = Some(cdata.ctype);
        match shape(&types, cdata.ctype) {
            Shape::Pointer { to } => Ok(Region {
                address: ptr::read_unaligned(cdata.ptr.cast::<*mut u8>()),
                len: None,
                read_only: convert::is_const(&types, to),
                text: is_text(to),
                ctype,
            }),
            Shape::Array { elem, .. } => Ok(Region {
                address: cdata.ptr,
                len: cdata.byte_len(&types),
                read_only: convert::is_const(&types, elem),
                text: is_text(elem),
                ctype,
            }),
            Shape::Record => Ok(Region {
                address: cdata.ptr,
                len: cdata.byte_len(&types),
                read_only: convert::is_const(&types, cdata.ctype),
                text: false,
                ctype,
            }),
            _ => Err(expected()),
        }
    }
}

/// An optional length argument: a non-negative integer number or integer cdata.
unsafe fn length_arg(
    state: *mut sys::lua_State,
    module: &ModuleState,
    idx: c_int,
    func: &'static str,
) -> Result<Option<usize>> {
    // SAFETY: stack reads.
    unsafe {
        if sys::lua_isnoneornil(state, idx) != 0 {
            return Ok(None);
        }
        let value = match object::get(state, module, idx) {
            Some(cdata) if !cdata.is_ctype() => {
                let types = module.types.borrow();
                match convert::read_scalar(shape(&types, cdata.ctype), cdata.ptr) {
                    Some(Scalar::Int(i)) if i.unsigned || (i.bits as i64) >= 0 => Some(i.bits as f64),
                    _ => None,
                }
            }
            _ if sys::lua_type(state, idx) == sys::LUA_TNUMBER => Some(sys::lua_tonumberx(state, idx, ptr::null_mut())),
            _ => None,
        };
        match value {
            Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= (1u64 << 53) as f64 => Ok(Some(n as usize)),
            _ => Err(Error::bad_arg(
                func,
                idx as usize,
                format!("non-negative integer length expected, got {}", {
                    let types = module.types.borrow();
                    Cx { state, module, types: &types }.describe(idx)
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
        let module = ModuleState::current(state);
        let region = region_arg(state, module, 1, "string", true)?;
        let len = match length_arg(state, module, 2, "string")? {
            Some(len) => {
                check_fits("string", 2, &region, len)?;
                len
            }
            None if sys::lua_type(state, 1) == sys::LUA_TSTRING => region.len.unwrap(),
            // Without a length LuaJIT reads a C string: the argument must
            // convert to `const char *` (with one, anything addressable will do).
            None if !region.text => {
                return Err(region.cannot_convert(&module.types.borrow(), "string", 1, "const char *"));
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
        let module = ModuleState::current(state);
        let dst = region_arg(state, module, 1, "copy", false)?;
        if dst.read_only {
            return Err(dst.cannot_convert(&module.types.borrow(), "copy", 1, "void *"));
        }
        let src = region_arg(state, module, 2, "copy", true)?;
        let len = match length_arg(state, module, 3, "copy")? {
            Some(len) => {
                check_fits("copy", 2, &src, len)?;
                len
            }
            // ffi.copy(dst, str): the string and its terminating NUL.
            None if sys::lua_type(state, 2) == sys::LUA_TSTRING => src.len.unwrap() + 1,
            None => return Err(Error::bad_arg("copy", 3, "length expected")),
        };
        check_fits("copy", 1, &dst, len)?;
        if len > 0 && (dst.address.is_null() || src.address.is_null()) {
            return Err(Error::Message("copy: NULL pointer".into()));
        }
        ptr::copy(src.address, dst.address, len);
        Ok(0)
    }
}

unsafe fn fill_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: the length is checked against the region's size when known.
    unsafe {
        let module = ModuleState::current(state);
        let dst = region_arg(state, module, 1, "fill", false)?;
        if dst.read_only {
            return Err(dst.cannot_convert(&module.types.borrow(), "fill", 1, "void *"));
        }
        let len = length_arg(state, module, 2, "fill")?.ok_or_else(|| Error::bad_arg("fill", 2, "length expected"))?;
        check_fits("fill", 2, &dst, len)?;
        // The byte value converts as an `int` argument does (LuaJIT's rule).
        let byte = if sys::lua_isnoneornil(state, 3) != 0 {
            0
        } else {
            let mut value = [0u8; 4];
            let types = module.types.borrow();
            let cx = Cx { state, module, types: &types };
            cx.to_c(3, CTypeId::INT32, value.as_mut_ptr(), Mode::Convert).map_err(|e| Error::bad_arg("fill", 3, e))?;
            value[0]
        };
        if len > 0 && dst.address.is_null() {
            return Err(Error::Message("fill: NULL pointer".into()));
        }
        ptr::write_bytes(dst.address, byte, len);
        Ok(0)
    }
}

unsafe fn tobuffer_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: the source region is readable for `len` bytes (checked when sized).
    unsafe {
        let module = ModuleState::current(state);
        let src = region_arg(state, module, 1, "tobuffer", true)?;
        let len = match length_arg(state, module, 2, "tobuffer")? {
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
        let module = ModuleState::current(state);
        run_pending_finalizers(state, module)?;
        let cdata = match object::get(state, module, 1) {
            Some(c) if !c.is_ctype() => c,
            _ => return Err(Error::bad_arg("gc", 1, format!("cdata expected, got {}", type_name(state, 1)))),
        };
        let kind = match sys::lua_type(state, 2) {
            sys::LUA_TNIL | sys::LUA_TNONE => None,
            sys::LUA_TFUNCTION => Some(match crate::call::c_function_of(state, 2) {
                Some(function) => FinalizerKind::C(function),
                None => FinalizerKind::Luau(protected::reference(state, 2)?),
            }),
            _ => return Err(Error::bad_arg("gc", 2, format!("function or nil expected, got {}", type_name(state, 2)))),
        };
        // A reference's memory belongs to the cdata its metatable holds (see
        // `object::push_ref`): kept alive until the finalizer ran.
        let owner = match &kind {
            Some(kind) if cdata.flags & object::FLAG_REF != 0 && cdata.extent != object::UNBOUNDED => {
                sys::lua_getmetatable(state, 1);
                sys::lua_rawgeti(state, -1, 1);
                let owner = protected::reference(state, -1);
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
            crate::cdata::gc::discard(state, std::mem::replace(&mut cdata.finalizer, ptr::null_mut()));
        }
        if let Some(kind) = kind {
            let types = module.types.borrow();
            let is_pointer = matches!(shape(&types, cdata.ctype), Shape::Pointer { .. });
            let value_size = cdata.byte_len(&types).unwrap_or(0);
            cdata.finalizer = Box::into_raw(Box::new(Finalizer {
                kind,
                pass_pointer_value: is_pointer,
                value_size,
                owner,
                queue: module.pending.clone(),
            }));
        }
        sys::lua_settop(state, 1);
        Ok(1)
    }
}

unsafe fn metatype_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let module = ModuleState::current(state);
        let (ty, _) = ctype_arg(state, module, 1, "metatype")?;
        if sys::lua_type(state, 2) != sys::LUA_TTABLE {
            return Err(Error::bad_arg("metatype", 2, format!("table expected, got {}", type_name(state, 2))));
        }
        let key = module.types.borrow().base(ty);
        {
            let types = module.types.borrow();
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
        if module.metatypes.borrow().contains_key(&key) {
            return Err(Error::Message("cannot change a protected metatable".into()));
        }
        let reference = protected::reference(state, 2)?;
        module.metatypes.borrow_mut().insert(key, reference);
        object::push_ctype(state, module, ty)?;
        Ok(1)
    }
}

unsafe fn errno_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call.
    unsafe {
        let module = ModuleState::current(state);
        let old = module.errno.get();
        if sys::lua_isnoneornil(state, 1) == 0 {
            let new: i32 = crate::lua::stack::check_integer(state, 1, "errno", 1, "int")?;
            module.errno.set(new);
            crate::call::set_errno(new);
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
            "hardfp" => cfg!(target_arch = "aarch64"),
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
pub unsafe fn push_nullptr(state: *mut sys::lua_State, module: &ModuleState) -> Result<()> {
    // SAFETY: forwarded.
    unsafe { convert::push_pointer(state, module, CTypeId::VOID_PTR, 0) }
}
