//! Conversions between Luau values and C values of a ctype, with LuaJIT's rules
//! (ext_ffi_semantics, "C Type Conversion Rules" and "Initializers").
//!
//! Everything here reads the type table; nothing adds to it. Failures are
//! returned as LuaJIT-worded messages without context (`cannot convert 'string'
//! to 'int'`); callers add the function and argument.

use std::ffi::{c_int, c_void};
use std::ptr;

use super::from_c;
use super::int128::Int128;
use super::int64::{Int64, LiteralError};
use super::object::{self, CData};
use super::Values;
use crate::ctype::{ArrayLen, CKind, CTypeId, CTypeTable};
use crate::lua::stack::type_name;
use crate::lua::{protected, sys};

/// Where a conversion happens; the rules differ slightly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Passing an argument, storing into a field, element or variable.
    Convert,
    /// Initialising a new object (`ffi.new`): strings may fill byte arrays,
    /// 64-bit integers may be given as decimal or hex strings.
    Init,
    /// `ffi.cast`: numbers and pointers convert freely into each other.
    Cast,
}

/// A converted scalar value, before it is stored at its C type.
#[derive(Clone, Copy, Debug)]
pub enum Scalar {
    /// An integer and its signedness.
    Int(Int64),
    /// A floating-point value.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// An address.
    Pointer(usize),
    /// A 128-bit integer.
    Wide(Int128),
}

impl Scalar {
    /// The value as a number, for a floating-point destination; `None` for
    /// an address.
    #[inline]
    fn to_number(self) -> Option<f64> {
        match self {
            Scalar::Float(f) => Some(f),
            Scalar::Int(i) => Some(i.to_number()),
            Scalar::Bool(b) => Some(b as u8 as f64),
            Scalar::Wide(w) => Some(w.to_number()),
            Scalar::Pointer(_) => None,
        }
    }
}

pub use crate::ctype::Shape;

/// The [`Shape`] of `ty`.
#[inline(always)]
pub fn shape(types: &CTypeTable, ty: CTypeId) -> Shape {
    types.shape(ty)
}

/// Whether `ty` is one of the three character types or a 1-byte integer
/// (what a Luau string may point to or fill).
pub fn is_byte(types: &CTypeTable, ty: CTypeId) -> bool {
    matches!(shape(types, ty), Shape::Int { size: 1, .. })
}

/// Whether a Luau string converts to a pointer to `to` (LuaJIT's rule: a string
/// converts as a `const char[]` would): the pointee is a byte type or `void`,
/// qualified `const`. C must never write into a Luau string, so a pointer that
/// C may write through (`char *`, `uint8_t *`, `void *`) refuses it; a Luau
/// `buffer` is the writable way. `ffi.cast` may still make any byte or `void`
/// pointer of a string.
pub fn takes_string(types: &CTypeTable, to: CTypeId) -> bool {
    is_const(types, to) && (is_byte(types, to) || matches!(types.kind(to), CKind::Void))
}

/// Whether `ty` is qualified `const`.
pub fn is_const(types: &CTypeTable, ty: CTypeId) -> bool {
    types.get(ty).qual.is_const
}

/// Whether a value of type `ty` cannot be stored as a whole: `const`, or an
/// aggregate holding a `const` member or element (LuaJIT's pseudo-const
/// records, whose other members stay writable one by one).
pub fn is_read_only(types: &CTypeTable, ty: CTypeId) -> bool {
    is_const(types, ty) || types.has_const_member(ty)
}

/// Reads the scalar of shape `shape` at `src`.
///
/// # Safety
/// `src` must point to a readable value of that shape.
pub unsafe fn read_scalar(shape: Shape, src: *const u8) -> Option<Scalar> {
    // SAFETY: the caller guarantees a value of this shape at src (maybe unaligned).
    unsafe {
        Some(match shape {
            Shape::Bool => Scalar::Bool(*src != 0),
            Shape::Int { size, signed } => {
                let bits = match (size, signed) {
                    (1, true) => *src.cast::<i8>() as i64 as u64,
                    (1, false) => *src as u64,
                    (2, true) => ptr::read_unaligned(src.cast::<i16>()) as i64 as u64,
                    (2, false) => ptr::read_unaligned(src.cast::<u16>()) as u64,
                    (4, true) => ptr::read_unaligned(src.cast::<i32>()) as i64 as u64,
                    (4, false) => ptr::read_unaligned(src.cast::<u32>()) as u64,
                    _ => ptr::read_unaligned(src.cast::<u64>()),
                };
                Scalar::Int(Int64 { bits, unsigned: !signed && size == 8 })
            }
            Shape::Float { size: 4 } => Scalar::Float(ptr::read_unaligned(src.cast::<f32>()) as f64),
            Shape::Float { size: 16 } => Scalar::Float(super::long_double::to_f64(ptr::read_unaligned(src.cast()))),
            Shape::Float { .. } => Scalar::Float(ptr::read_unaligned(src.cast::<f64>())),
            Shape::Pointer { .. } => Scalar::Pointer(ptr::read_unaligned(src.cast::<usize>())),
            Shape::Int128 { signed } => {
                Scalar::Wide(Int128 { bits: ptr::read_unaligned(src.cast::<u128>()), unsigned: !signed })
            }
            Shape::Float128 => Scalar::Float(super::long_double::binary128_to_f64(ptr::read_unaligned(src.cast()))),
            _ => return None,
        })
    }
}

/// Stores `value` converted to `shape` at `dst` with C's conversions (truncation
/// toward zero from floating point, wrap-around narrowing of integers). Pointers
/// and numbers only convert into each other when `cast` is set.
///
/// # Safety
/// `dst` must point to writable memory of that shape's size.
pub unsafe fn write_scalar(shape: Shape, dst: *mut u8, value: Scalar, cast: bool) -> Result<(), ()> {
    let bits: u64 = match (shape, value) {
        (Shape::Bool, Scalar::Bool(b)) => b as u64,
        (Shape::Bool, Scalar::Int(i)) => (i.bits != 0) as u64,
        (Shape::Bool, Scalar::Float(f)) => (f != 0.0) as u64,
        (Shape::Int { size, signed }, Scalar::Float(f)) => Int64::from_number(f, !signed && size == 8).bits,
        (Shape::Int { .. }, Scalar::Int(i)) => i.bits,
        (Shape::Int { .. }, Scalar::Bool(b)) => b as u64,
        (Shape::Int { .. }, Scalar::Pointer(p)) if cast => p as u64,
        (Shape::Int { .. }, Scalar::Wide(w)) => w.bits as u64,
        (Shape::Bool, Scalar::Wide(w)) => (w.bits != 0) as u64,
        (Shape::Float { size }, v) => {
            let f = v.to_number().ok_or(())?;
            // SAFETY: the caller guarantees room for the float.
            unsafe {
                match size {
                    4 => ptr::write_unaligned(dst.cast::<f32>(), f as f32),
                    16 => ptr::write_unaligned(dst.cast::<[u8; 16]>(), super::long_double::from_f64(f)),
                    _ => ptr::write_unaligned(dst.cast::<f64>(), f),
                }
            }
            return Ok(());
        }
        (Shape::Pointer { .. }, Scalar::Pointer(p)) => p as u64,
        (Shape::Pointer { .. }, Scalar::Int(i)) if cast => i.bits,
        (Shape::Pointer { .. }, Scalar::Float(f)) if cast => Int64::from_number(f, true).bits,
        (Shape::Pointer { .. }, Scalar::Wide(w)) if cast => w.bits as u64,
        (Shape::Int128 { signed }, v) => {
            let unsigned = !signed;
            let wide = match v {
                Scalar::Int(i) => Int128::from_int64(i, unsigned),
                Scalar::Float(f) => Int128::from_number(f, unsigned),
                Scalar::Bool(b) => Int128 { bits: b as u128, unsigned },
                Scalar::Wide(w) => w,
                Scalar::Pointer(p) if cast => Int128 { bits: p as u128, unsigned },
                Scalar::Pointer(_) => return Err(()),
            };
            // SAFETY: the caller guarantees room for the 16 bytes.
            unsafe { ptr::write_unaligned(dst.cast::<u128>(), wide.bits) };
            return Ok(());
        }
        (Shape::Float128, v) => {
            let f = v.to_number().ok_or(())?;
            // SAFETY: the caller guarantees room for the 16 bytes.
            unsafe { ptr::write_unaligned(dst.cast::<[u8; 16]>(), super::long_double::binary128_from_f64(f)) };
            return Ok(());
        }
        _ => return Err(()),
    };
    let size = match shape {
        Shape::Bool => 1,
        Shape::Int { size, .. } => size as usize,
        _ => std::mem::size_of::<usize>(),
    };
    // SAFETY: little-endian targets: the low `size` bytes hold the narrowed
    // value; fixed-size stores (no memcpy call) for the hot field writes.
    unsafe {
        match size {
            1 => *dst = bits as u8,
            2 => ptr::write_unaligned(dst.cast::<u16>(), bits as u16),
            4 => ptr::write_unaligned(dst.cast::<u32>(), bits as u32),
            _ => ptr::write_unaligned(dst.cast::<u64>(), bits),
        }
    }
    Ok(())
}

/// Stores the Luau number `f` into a value of the bool, integer or float
/// `shape` at `dst`, as [`write_scalar`] does; the common 32-bit integer and
/// double cases are a single store (the field and element fast paths).
///
/// # Safety
/// As [`write_scalar`].
#[inline(always)]
pub unsafe fn write_number(shape: Shape, dst: *mut u8, f: f64) {
    // SAFETY: the caller guarantees room for a value of the shape.
    unsafe {
        match shape {
            Shape::Int { size: 4, .. } => ptr::write_unaligned(dst.cast::<u32>(), f as i64 as u32),
            Shape::Float { size: 8 } => ptr::write_unaligned(dst.cast::<f64>(), f),
            _ => {
                let _ = write_scalar(shape, dst, Scalar::Float(f), false);
            }
        }
    }
}

/// Pushes the bool or number (not 64-bit) scalar of `shape` at `address`; the
/// common 32-bit integer and double are read directly (the field, element and
/// callback argument fast paths).
///
/// # Safety
/// `address` must hold a value of that shape; `state` needs a free slot.
#[inline(always)]
pub unsafe fn push_scalar(state: *mut sys::lua_State, shape: Shape, address: *const u8) {
    // SAFETY: the caller found a value of this shape at the address.
    unsafe {
        let number = match shape {
            Shape::Int { size: 4, signed: true } => ptr::read_unaligned(address.cast::<i32>()) as f64,
            Shape::Float { size: 8 } => ptr::read_unaligned(address.cast::<f64>()),
            _ => match read_scalar(shape, address) {
                Some(Scalar::Int(i)) => i.to_number(),
                Some(Scalar::Float(f)) => f,
                Some(Scalar::Bool(b)) => return sys::lua_pushboolean(state, b as c_int),
                _ => unreachable!("scalar shapes"),
            },
        };
        sys::lua_pushnumber(state, number);
    }
}

/// A conversion context: the Luau state, the module's values and their type table.
pub struct Cx<'a> {
    /// The running Luau thread.
    pub state: *mut sys::lua_State,
    /// The values layer's data of the module.
    pub values: &'a Values,
    /// The type table, borrowed for the conversion.
    pub types: &'a CTypeTable,
}

/// How an aggregate read from C memory reaches Luau.
#[derive(Clone, Copy, Debug)]
pub enum Aggregate {
    /// A reference cdata into the memory, keeping the value at this stack
    /// index alive (a field or element of an owned cdata).
    Reference(Option<c_int>),
    /// A new cdata holding a copy (call results).
    Copy,
}

impl Cx<'_> {
    /// The name of the Luau value at `idx` for messages: the cdata's C type, or
    /// the Luau type name.
    pub unsafe fn describe(&self, idx: c_int) -> String {
        // SAFETY: reads of the running stack.
        unsafe {
            match object::get(self.state, self.values, idx) {
                Some(cdata) if cdata.is_ctype() => "ctype".to_string(),
                Some(cdata) => self.types.name(cdata.ctype),
                None => type_name(self.state, idx).to_string(),
            }
        }
    }

    fn cannot(&self, from: String, to: CTypeId) -> String {
        format!("cannot convert '{from}' to '{}'", self.types.name(to))
    }

    /// Converts the Luau value at `idx` into a C value of type `ty` at `dst`.
    ///
    /// # Safety
    /// `dst` must point to writable memory of `ty`'s size; pointers stored there
    /// into Luau strings or buffers are valid only while those values live.
    pub unsafe fn to_c(&self, idx: c_int, ty: CTypeId, dst: *mut u8, mode: Mode) -> Result<(), String> {
        // SAFETY: forwarded.
        unsafe { self.convert(idx, ty, dst, DECLARED, mode, 0) }
    }

    /// [`Cx::to_c`] into memory with `room` writable bytes at `dst`
    /// ([`object::UNBOUNDED`] for C's memory): the `[?]` and `[]` arrays of
    /// the value (a variable-length array, a struct's trailing array) take
    /// what fits, and an initializer beyond that is an error.
    ///
    /// # Safety
    /// `dst` must point to `room` writable bytes, at least `ty`'s size.
    pub unsafe fn to_c_in(&self, idx: c_int, ty: CTypeId, dst: *mut u8, room: usize, mode: Mode) -> Result<(), String> {
        // SAFETY: forwarded.
        unsafe { self.convert(idx, ty, dst, room, mode, 0) }
    }

    /// The bytes writable at the destination of a value of type `ty`.
    fn room_of(&self, ty: CTypeId, room: usize) -> usize {
        if room == DECLARED {
            self.types.size_of(ty).unwrap_or(0)
        } else {
            room
        }
    }

    /// The conversion behind [`Cx::to_c`]; `depth` counts the table
    /// initializers it is nested in.
    unsafe fn convert(
        &self,
        idx: c_int,
        ty: CTypeId,
        dst: *mut u8,
        room: usize,
        mode: Mode,
        depth: u32,
    ) -> Result<(), String> {
        let idx = unsafe { sys::lua_absindex(self.state, idx) };
        let target = shape(self.types, ty);
        if let Shape::Reference { to } = target {
            // SAFETY: forwarded; a reference is stored as a pointer.
            return unsafe { self.bind_reference(idx, ty, to, dst) };
        }
        let cast = mode == Mode::Cast;
        // SAFETY: stack reads of the running call; dst is the caller's.
        unsafe {
            let fail = || Err(self.cannot(self.describe(idx), ty));
            match sys::lua_type(self.state, idx) {
                sys::LUA_TNUMBER => {
                    let n = sys::lua_tonumberx(self.state, idx, ptr::null_mut());
                    write_scalar(target, dst, Scalar::Float(n), cast)
                        .or_else(|_| self.scalar_to_compound(target, dst, Scalar::Float(n)))
                        .or_else(|_| fail())
                }
                sys::LUA_TBOOLEAN => {
                    let b = sys::lua_toboolean(self.state, idx) != 0;
                    write_scalar(target, dst, Scalar::Bool(b), cast).or_else(|_| fail())
                }
                // nil is NULL: a NULL pointer read from C is nil, and LuaJIT
                // code casts such pointers to integers (`ffi.cast("uintptr_t", p)`).
                sys::LUA_TNIL => match target {
                    Shape::Pointer { .. } | Shape::Int { .. } | Shape::Int128 { .. } => {
                        write_scalar(target, dst, Scalar::Pointer(0), cast).or_else(|_| fail())
                    }
                    _ => fail(),
                },
                sys::LUA_TLIGHTUSERDATA => {
                    let p = sys::lua_tolightuserdata(self.state, idx) as usize;
                    write_scalar(target, dst, Scalar::Pointer(p), cast).or_else(|_| fail())
                }
                sys::LUA_TBUFFER => {
                    let mut len = 0usize;
                    let data = sys::lua_tobuffer(self.state, idx, &mut len);
                    match target {
                        Shape::Pointer { to } => {
                            if !cast {
                                self.check_buffer_holds(ty, to, len)?;
                            }
                            write_scalar(target, dst, Scalar::Pointer(data as usize), cast).or_else(|_| fail())
                        }
                        _ => fail(),
                    }
                }
                sys::LUA_TSTRING => self.string_to_c(idx, ty, target, dst, room, mode),
                sys::LUA_TUSERDATA => match object::get(self.state, self.values, idx) {
                    Some(source) if !source.is_ctype() => self.cdata_to_c(idx, source, ty, target, dst, mode),
                    Some(_) => fail(),
                    None => match target {
                        // Any other userdata: its payload address, as LuaJIT does.
                        Shape::Pointer { .. } => {
                            let p = sys::lua_touserdata(self.state, idx) as usize;
                            write_scalar(target, dst, Scalar::Pointer(p), cast).or_else(|_| fail())
                        }
                        _ => fail(),
                    },
                },
                sys::LUA_TFUNCTION
                    if matches!(target, Shape::Pointer { to } if matches!(self.types.kind(to), CKind::Function { .. }))
                        && self.values.upcalls().function_address(self.state, idx).is_none() =>
                {
                    // A Luau function where a function pointer is expected: a
                    // callback, temporary when it is an argument of a call.
                    let code = self.values.upcalls().callback(self.state, ty, idx).map_err(|e| e.to_string())?;
                    write_scalar(target, dst, Scalar::Pointer(code as usize), true).or_else(|_| fail())
                }
                sys::LUA_TFUNCTION => match (target, self.values.upcalls().function_address(self.state, idx)) {
                    // One of our C functions: its address.
                    (Shape::Pointer { .. }, Some(address)) => {
                        write_scalar(target, dst, Scalar::Pointer(address as usize), cast).or_else(|_| fail())
                    }
                    (Shape::Int { .. }, Some(address)) if cast => {
                        write_scalar(target, dst, Scalar::Pointer(address as usize), cast).or_else(|_| fail())
                    }
                    _ => fail(),
                },
                sys::LUA_TTABLE
                    if matches!(
                        target,
                        Shape::Record | Shape::Array { .. } | Shape::Complex { .. } | Shape::Vector { .. }
                    ) && !cast =>
                {
                    self.table_to_c(idx, ty, dst, room, depth)
                }
                _ => fail(),
            }
        }
    }

    /// A number, or the value of a number cdata, stored into a complex number
    /// (its real part, the imaginary part zero) or a vector (every element),
    /// as LuaJIT converts them; booleans and addresses do not convert.
    ///
    /// # Safety
    /// `dst` must point to writable memory of the compound's size.
    unsafe fn scalar_to_compound(&self, target: Shape, dst: *mut u8, value: Scalar) -> Result<(), ()> {
        if matches!(value, Scalar::Bool(_) | Scalar::Pointer(_)) {
            return Err(());
        }
        let (part, count) = match target {
            Shape::Complex { part } => (part, 1),
            Shape::Vector { elem, len } => (elem, len as usize),
            _ => return Err(()),
        };
        let size = self.types.size_of(part).ok_or(())?;
        // SAFETY: the compound holds two parts, or `count` elements, of `size` bytes.
        unsafe {
            write_scalar(shape(self.types, part), dst, value, false)?;
            if count == 1 {
                ptr::write_bytes(dst.add(size), 0, size);
            }
            for i in 1..count {
                ptr::copy_nonoverlapping(dst, dst.add(i * size), size);
            }
        }
        Ok(())
    }

    /// Binds the C++ reference `ty` (to `to`) at `dst` to the cdata at `idx`:
    /// stores the address of its value (a reference cdata: of its referent),
    /// or the address a pointer cdata holds, when a pointer to that value
    /// may be used as a pointer to `to` ([`pointer_compatible`]: `const` is
    /// never dropped). As in LuaJIT, anything else is refused; a `const T &`
    /// argument of a call may still take a temporary, which the call makes.
    ///
    /// # Safety
    /// `dst` must have room for a pointer.
    unsafe fn bind_reference(&self, idx: c_int, ty: CTypeId, to: CTypeId, dst: *mut u8) -> Result<(), String> {
        let types = self.types;
        // SAFETY: a stack read; the cdata's memory holds a value of its type.
        unsafe {
            let source = object::get(self.state, self.values, idx).filter(|c| !c.is_ctype());
            let address = source.and_then(|source| {
                let from = types.unreferenced(source.ctype);
                match shape(types, from) {
                    Shape::Pointer { to: pointee } => pointer_compatible(types, pointee, to)
                        .then(|| ptr::read_unaligned(source.ptr.cast::<*mut u8>())),
                    _ if pointer_compatible(types, from, to) => Some(source.ptr),
                    Shape::Array { elem, .. } if pointer_compatible(types, elem, to) => Some(source.ptr),
                    _ => None,
                }
            });
            match address {
                Some(address) => {
                    ptr::write_unaligned(dst.cast::<*mut u8>(), address);
                    Ok(())
                }
                None => Err(self.cannot(self.describe(idx), ty)),
            }
        }
    }

    /// Refuses a buffer of `len` bytes as the pointer `ty` to `to` when it
    /// cannot hold one whole `to`: C would read or write past its end. Pointers
    /// to `void` and to byte types say nothing about the length (C takes it
    /// from another argument), nor do pointers to incomplete types; those pass.
    fn check_buffer_holds(&self, ty: CTypeId, to: CTypeId, len: usize) -> Result<(), String> {
        if is_byte(self.types, to) || matches!(self.types.kind(to), CKind::Void) {
            return Ok(());
        }
        match self.types.size_of(to) {
            Some(size) if len < size => Err(format!(
                "buffer of {len} bytes is too short for '{}', which points to {size} bytes",
                self.types.name(ty)
            )),
            _ => Ok(()),
        }
    }

    /// A Luau string: data pointer for `const char`/`const void` pointers (see
    /// [`takes_string`]), a copy into byte arrays, an enum constant by name, a
    /// 64-bit integer literal in `Init`/`Cast`.
    unsafe fn string_to_c(
        &self,
        idx: c_int,
        ty: CTypeId,
        target: Shape,
        dst: *mut u8,
        room: usize,
        mode: Mode,
    ) -> Result<(), String> {
        // SAFETY: the string stays on the stack during the conversion.
        unsafe {
            let bytes = protected::string_at(self.state, idx);
            let data = bytes.as_ptr();
            match target {
                Shape::Pointer { to }
                    if takes_string(self.types, to)
                        || (mode == Mode::Cast
                            && (is_byte(self.types, to) || matches!(self.types.kind(to), CKind::Void))) =>
                {
                    ptr::write_unaligned(dst.cast::<*const c_void>(), data.cast());
                    return Ok(());
                }
                Shape::Array { elem, len: n } if is_byte(self.types, elem) && mode != Mode::Cast => {
                    let room = match n {
                        ArrayLen::Fixed(n) => n as usize,
                        _ => self.room_of(ty, room),
                    };
                    let count = bytes.len().min(room);
                    ptr::copy_nonoverlapping(bytes.as_ptr(), dst, count);
                    if count < room {
                        *dst.add(count) = 0;
                    }
                    return Ok(());
                }
                _ => {}
            }
            if let CKind::Enum { constants, .. } = self.types.kind(self.types.base(ty)) {
                let name = crate::cparse::name_from_bytes(bytes);
                if let Some((_, value)) = constants.iter().find(|(n, _)| *n == name) {
                    return write_scalar(target, dst, Scalar::Int(Int64::signed(*value)), false)
                        .map_err(|_| self.cannot("string".into(), ty));
                }
                let name = crate::cparse::printable(&name);
                return Err(format!("invalid enum constant '{name}' for '{}'", self.types.name(ty)));
            }
            if matches!(target, Shape::Int { size: 8, .. } | Shape::Int128 { .. }) && mode != Mode::Convert {
                let text = std::str::from_utf8(bytes).unwrap_or("");
                let parsed = match target {
                    Shape::Int128 { signed } => Int128::parse_literal(text, !signed).map(Scalar::Wide),
                    _ => Int64::parse_literal(text).map(Scalar::Int),
                };
                let reason = match parsed {
                    Ok(value) => {
                        return write_scalar(target, dst, value, true).map_err(|_| self.cannot("string".into(), ty))
                    }
                    Err(LiteralError::OutOfRange) => "out of range",
                    Err(LiteralError::NotAnInteger) => "not an integer",
                };
                return Err(format!("cannot convert string '{text}' to '{}': {reason}", self.types.name(ty)));
            }
            Err(self.cannot("string".into(), ty))
        }
    }

    /// A cdata source (a reference cdata stands for its referent): copies of
    /// identical aggregates, addresses of arrays and records into compatible
    /// pointers, numeric conversions, complex numbers and vectors as LuaJIT
    /// converts them.
    unsafe fn cdata_to_c(
        &self,
        idx: c_int,
        source: &CData,
        ty: CTypeId,
        target: Shape,
        dst: *mut u8,
        mode: Mode,
    ) -> Result<(), String> {
        let types = self.types;
        let (from, from_shape) = match shape(types, source.ctype) {
            Shape::Reference { to } => (to, shape(types, to)),
            from_shape => (source.ctype, from_shape),
        };
        let cast = mode == Mode::Cast;
        let message = || self.cannot(types.name(source.ctype), ty);
        let fail = || Err(message());
        // SAFETY: the source cdata's memory holds a value of its ctype.
        unsafe {
            if source.flags & object::FLAG_CALLBACK != 0 && ptr::read(source.ptr.cast::<*const c_void>()).is_null() {
                // `cb:free()` cleared it: NULL would reach C, which would call address 0.
                return Err("callback was freed".into());
            }
            match (target, from_shape) {
                (Shape::Record, Shape::Record) if types.base(ty) == types.base(from) => {
                    let size = types.size_of(ty).ok_or_else(message)?;
                    ptr::copy(source.ptr, dst, size);
                    Ok(())
                }
                (Shape::Array { .. }, Shape::Array { .. }) if types.base(ty) == types.base(from) => {
                    let size = types.size_of(ty).ok_or_else(message)?;
                    ptr::copy(source.ptr, dst, size);
                    Ok(())
                }
                (Shape::Pointer { to }, Shape::Array { elem, .. }) => {
                    if !cast && !pointer_compatible(types, elem, to) {
                        return fail();
                    }
                    write_scalar(target, dst, Scalar::Pointer(source.ptr as usize), true).or_else(|_| fail())
                }
                (Shape::Pointer { to }, Shape::Record) => {
                    if !cast && !pointer_compatible(types, from, to) {
                        return fail();
                    }
                    write_scalar(target, dst, Scalar::Pointer(source.ptr as usize), true).or_else(|_| fail())
                }
                (Shape::Pointer { to }, Shape::Pointer { to: from_to }) => {
                    if !cast && !pointer_compatible(types, from_to, to) {
                        return fail();
                    }
                    let value = read_scalar(from_shape, source.ptr).ok_or_else(message)?;
                    write_scalar(target, dst, value, true).or_else(|_| fail())
                }
                // Not even a cast makes a pointer of a floating-point or bool
                // cdata (LuaJIT: only a Luau number converts).
                (Shape::Pointer { .. }, Shape::Float { .. } | Shape::Bool) => fail(),
                (Shape::Int { .. } | Shape::Bool | Shape::Float { .. }, Shape::Array { .. }) if cast => {
                    write_scalar(target, dst, Scalar::Pointer(source.ptr as usize), true).or_else(|_| fail())
                }
                (Shape::Complex { part: to_part }, Shape::Complex { part: from_part }) => {
                    // Part by part, the imaginary one after the real one.
                    let (to_size, from_size) = (types.size_of(to_part), types.size_of(from_part));
                    let (Some(to_size), Some(from_size)) = (to_size, from_size) else { return fail() };
                    for k in 0..2 {
                        let value = read_scalar(shape(types, from_part), source.ptr.add(k * from_size));
                        let value = value.ok_or_else(message)?;
                        write_scalar(shape(types, to_part), dst.add(k * to_size), value, false).or_else(|_| fail())?;
                    }
                    Ok(())
                }
                (Shape::Vector { .. }, Shape::Vector { .. }) => {
                    // Vectors of one size copy, whatever their elements (LuaJIT).
                    match (types.size_of(ty), types.size_of(from)) {
                        (Some(size), Some(from_size)) if size == from_size => {
                            ptr::copy(source.ptr, dst, size);
                            Ok(())
                        }
                        _ => fail(),
                    }
                }
                (
                    Shape::Int { .. }
                    | Shape::Float { .. }
                    | Shape::Int128 { .. }
                    | Shape::Float128
                    | Shape::Vector { .. },
                    Shape::Complex { part },
                ) => {
                    // A complex number converts to a number by its real part.
                    let value = read_scalar(shape(types, part), source.ptr).ok_or_else(message)?;
                    write_scalar(target, dst, value, false)
                        .or_else(|_| self.scalar_to_compound(target, dst, value))
                        .or_else(|_| fail())
                }
                (
                    _,
                    Shape::Bool
                    | Shape::Int { .. }
                    | Shape::Float { .. }
                    | Shape::Pointer { .. }
                    | Shape::Int128 { .. }
                    | Shape::Float128,
                ) => {
                    let value = read_scalar(from_shape, source.ptr).ok_or_else(message)?;
                    write_scalar(target, dst, value, cast)
                        .or_else(|_| self.scalar_to_compound(target, dst, value))
                        .or_else(|_| fail())
                }
                _ => {
                    let _ = idx;
                    fail()
                }
            }
        }
    }

    /// A table initializer for an array, a complex number, a vector or a
    /// struct/union (LuaJIT's rules), `depth` levels inside other table
    /// initializers. What the table leaves out is zero, as in LuaJIT.
    unsafe fn table_to_c(&self, idx: c_int, ty: CTypeId, dst: *mut u8, room: usize, depth: u32) -> Result<(), String> {
        let types = self.types;
        let state = self.state;
        if depth >= MAX_INITIALIZER_DEPTH {
            return Err(format!(
                "table initializer for '{}' nested too deeply (more than {MAX_INITIALIZER_DEPTH} levels)",
                types.name(ty)
            ));
        }
        let room = self.room_of(ty, room);
        // SAFETY: table reads push and pop one value at a time, in room ensured
        // per nesting level; every store stays inside the `room` bytes at dst.
        unsafe {
            if !protected::check_stack(state, 2).map_err(|e| e.to_string())? {
                return Err("stack overflow".into());
            }
            sys::lua_rawgeti(state, idx, 0);
            let zero_based = sys::lua_type(state, -1) != sys::LUA_TNIL;
            sys::lua_settop(state, -2);
            let first = if zero_based { 0 } else { 1 };
            if let Some((elem, len)) = array_like(types, ty) {
                let elem_size =
                    types.size_of(elem).ok_or_else(|| format!("size of '{}' is unknown", types.name(elem)))?;
                // `None`: C's memory, as many as given.
                let capacity = match len {
                    ArrayLen::Fixed(n) => Some(n as usize),
                    _ if room == object::UNBOUNDED || elem_size == 0 => None,
                    _ => Some(room / elem_size),
                };
                let mut count = 0usize;
                loop {
                    sys::lua_rawgeti(state, idx, (first + count) as _);
                    if sys::lua_type(state, -1) == sys::LUA_TNIL {
                        sys::lua_settop(state, -2);
                        break;
                    }
                    if capacity.is_some_and(|c| count >= c) {
                        sys::lua_settop(state, -2);
                        return Err(format!("too many initializers for '{}'", types.name(ty)));
                    }
                    let result = self.convert(-1, elem, dst.add(count * elem_size), DECLARED, Mode::Init, depth + 1);
                    sys::lua_settop(state, -2);
                    result?;
                    count += 1;
                }
                match (capacity, len) {
                    (Some(capacity), _) if count == 1 => {
                        for i in 1..capacity {
                            ptr::copy_nonoverlapping(dst, dst.add(i * elem_size), elem_size);
                        }
                    }
                    (_, ArrayLen::Fixed(n)) if count < n as usize => {
                        ptr::write_bytes(dst.add(count * elem_size), 0, (n as usize - count) * elem_size);
                    }
                    _ => {}
                }
                return Ok(());
            }
            if !matches!(types.kind(ty), CKind::Record { .. }) {
                return Err(self.cannot("table".into(), ty));
            }
            if let Some(size) = types.size_of(ty) {
                ptr::write_bytes(dst, 0, size);
            }
            sys::lua_rawgeti(state, idx, first as _);
            let positional = sys::lua_type(state, -1) != sys::LUA_TNIL;
            sys::lua_settop(state, -2);
            let mut next = positional.then_some(first as u32);
            self.members_from_table(idx, ty, dst, room, depth, &mut next)
        }
    }

    /// The members of the record `ty` at `dst` from the table at `idx`:
    /// positionally from `*next` on (then `*next` moves past what was taken),
    /// or by name when `*next` is `None`. The members of an anonymous struct
    /// or union member are members of `ty` here, as in LuaJIT; a union takes
    /// its first member given.
    unsafe fn members_from_table(
        &self,
        idx: c_int,
        ty: CTypeId,
        dst: *mut u8,
        room: usize,
        depth: u32,
        next: &mut Option<u32>,
    ) -> Result<(), String> {
        let state = self.state;
        let CKind::Record { fields, is_union, .. } = self.types.kind(ty) else { return Ok(()) };
        // SAFETY: as in table_to_c; each member lies inside the record.
        unsafe {
            for field in fields.iter() {
                let address = dst.add(field.offset);
                let Some(name) = &field.name else {
                    if matches!(self.types.kind(field.ty), CKind::Record { .. }) {
                        let room = sub_room(room, field.offset);
                        self.members_from_table(idx, field.ty, address, room, depth, next)?;
                    }
                    continue;
                };
                match *next {
                    Some(position) => {
                        sys::lua_rawgeti(state, idx, position as _);
                        if sys::lua_type(state, -1) == sys::LUA_TNIL {
                            sys::lua_settop(state, -2);
                            break;
                        }
                        *next = Some(position + 1);
                    }
                    None => {
                        protected::push_str(state, name).map_err(|e| e.to_string())?;
                        sys::lua_rawget(state, idx);
                        if sys::lua_type(state, -1) == sys::LUA_TNIL {
                            sys::lua_settop(state, -2);
                            continue;
                        }
                    }
                }
                let result = match field.bits {
                    Some(bits) => self.store_bits(-1, field.ty, bits, address, Mode::Init),
                    None => {
                        let room = field_room(self.types, field.ty, field.offset, room);
                        self.convert(-1, field.ty, address, room, Mode::Init, depth + 1)
                    }
                };
                sys::lua_settop(state, -2);
                result?;
                if *is_union {
                    break;
                }
            }
        }
        Ok(())
    }

    /// Stores the value at `idx` into a field (a bitfield when `bits` is set)
    /// with `room` writable bytes at `dst` (see [`Cx::to_c_in`]).
    ///
    /// # Safety
    /// `dst` is the field's address inside writable record memory, with `room`
    /// bytes from it.
    pub unsafe fn store_field_in(
        &self,
        idx: c_int,
        ty: CTypeId,
        bits: Option<crate::ctype::BitField>,
        dst: *mut u8,
        room: usize,
        mode: Mode,
    ) -> Result<(), String> {
        // SAFETY: forwarded.
        unsafe {
            match bits {
                None => self.convert(idx, ty, dst, room, mode, 0),
                Some(bits) => self.store_bits(idx, ty, bits, dst, mode),
            }
        }
    }

    /// Stores the value at `idx` into the bitfield `bits` at `dst`.
    unsafe fn store_bits(
        &self,
        idx: c_int,
        ty: CTypeId,
        bits: crate::ctype::BitField,
        dst: *mut u8,
        mode: Mode,
    ) -> Result<(), String> {
        let mut value = [0u8; 8];
        // SAFETY: a bitfield's type is a scalar of at most 8 bytes; the write
        // touches only the bytes its bits span.
        unsafe {
            self.convert(idx, ty, value.as_mut_ptr(), DECLARED, mode, 0)?;
            write_bits(dst, bits, u64::from_le_bytes(value));
        }
        Ok(())
    }

    /// Pushes the C value of type `ty` at `src` as a Luau value (LuaJIT's
    /// "conversions from C types to Lua objects", with luau-ffi's rule for
    /// NULL pointers and 64-bit integers: see [`from_c`]): numbers and
    /// booleans as such, arrays and records as `aggregate` says, complex
    /// numbers and vectors always as a boxed copy (LuaJIT's values), 128-bit
    /// integers as numbers when exact, and the referent of a reference (a
    /// reference cdata for an aggregate one).
    ///
    /// # Safety
    /// `src` must point to a readable value of `ty`; a reference aggregate keeps
    /// pointing there.
    pub unsafe fn push_value(&self, ty: CTypeId, src: *mut u8, aggregate: Aggregate) -> Result<(), String> {
        let state = self.state;
        // SAFETY: src holds a value of ty.
        unsafe {
            match shape(self.types, ty) {
                Shape::Bool => sys::lua_pushboolean(state, (*src != 0) as c_int),
                Shape::Int { size: 8, signed } => {
                    let value = ptr::read_unaligned(src.cast::<u64>());
                    from_c::push_integer(state, self.values, Int64 { bits: value, unsigned: !signed })
                        .map_err(|e| e.to_string())?;
                }
                s @ (Shape::Int { .. } | Shape::Float { .. } | Shape::Float128) => match read_scalar(s, src) {
                    Some(Scalar::Int(i)) => sys::lua_pushnumber(state, i.to_number()),
                    Some(Scalar::Float(f)) => sys::lua_pushnumber(state, f),
                    _ => unreachable!("numeric shapes read as numbers"),
                },
                Shape::Int128 { signed } => {
                    let value = Int128 { bits: ptr::read_unaligned(src.cast::<u128>()), unsigned: !signed };
                    match value.exact_number() {
                        Some(n) => sys::lua_pushnumber(state, n),
                        None => self.push_copy(ty, src)?,
                    }
                }
                Shape::Pointer { .. } => {
                    let value = ptr::read_unaligned(src.cast::<usize>());
                    from_c::push_address(state, self.values, ty, value).map_err(|e| e.to_string())?;
                }
                Shape::Array { .. } | Shape::Record => match aggregate {
                    Aggregate::Reference(owner) => {
                        object::push_ref(state, self.values, self.types, ty, src, owner).map_err(|e| e.to_string())?;
                    }
                    Aggregate::Copy => self.push_copy(ty, src)?,
                },
                Shape::Complex { .. } | Shape::Vector { .. } => self.push_copy(ty, src)?,
                Shape::Reference { to } => {
                    let referent = ptr::read_unaligned(src.cast::<*mut u8>());
                    if referent.is_null() {
                        return Err(format!("cannot read a NULL reference '{}'", self.types.name(ty)));
                    }
                    match shape(self.types, to) {
                        // C's memory: the reference cdata is unbounded, as a pointer's target is.
                        Shape::Array { .. } | Shape::Record => {
                            object::push_ref(state, self.values, self.types, ty, referent, None)
                                .map_err(|e| e.to_string())?;
                        }
                        _ => return self.push_value(to, referent, Aggregate::Reference(None)),
                    }
                }
                Shape::Function | Shape::Void => {
                    return Err(format!("cannot convert '{}' to a Luau value", self.types.name(ty)));
                }
            }
        }
        Ok(())
    }

    /// Pushes a new cdata of type `ty` holding a copy of the value at `src`.
    ///
    /// # Safety
    /// `src` must point to a readable value of `ty`.
    unsafe fn push_copy(&self, ty: CTypeId, src: *const u8) -> Result<(), String> {
        let size = self.types.size_of(ty).ok_or_else(|| format!("size of '{}' is unknown", self.types.name(ty)))?;
        let align = self.types.align_of(ty).unwrap_or(1);
        // SAFETY: the new cdata owns `size` bytes; the caller's src holds as many.
        unsafe {
            let copy = object::push_owned(self.state, self.values, ty, size, align).map_err(|e| e.to_string())?;
            ptr::copy_nonoverlapping(src, copy.ptr, size);
        }
        Ok(())
    }
}

/// How deeply table initializers may nest: deep enough for any C type written
/// by hand, shallow enough that the conversion's recursion fits a small thread
/// stack.
pub const MAX_INITIALIZER_DEPTH: u32 = 100;

/// `room` of a destination that holds exactly a value of its type.
const DECLARED: usize = usize::MAX - 1;

/// The element type and length of a type initialized like an array: an
/// array, a complex number (two parts) or a vector.
pub fn array_like(types: &CTypeTable, ty: CTypeId) -> Option<(CTypeId, ArrayLen)> {
    match types.kind(ty) {
        CKind::Array { elem, len } => Some((*elem, *len)),
        CKind::Complex { part } => Some((*part, ArrayLen::Fixed(2))),
        CKind::Vector { elem, len } => Some((*elem, ArrayLen::Fixed(u64::from(*len)))),
        _ => None,
    }
}

/// The room of an anonymous member at `offset` of a record with `room` bytes
/// (the room of a record whose size is its own is its own size again).
pub fn sub_room(room: usize, offset: usize) -> usize {
    match room {
        object::UNBOUNDED | DECLARED => room,
        _ => room.saturating_sub(offset),
    }
}

/// The room of a field at `offset` of a record with `room` bytes: its own
/// size, or for an unsized field (a trailing `[?]` or `[]` array) the rest.
fn field_room(types: &CTypeTable, ty: CTypeId, offset: usize, room: usize) -> usize {
    match types.size_of(ty) {
        Some(_) => DECLARED,
        None if room == object::UNBOUNDED => object::UNBOUNDED,
        None => room.saturating_sub(offset),
    }
}

/// Pushes a boxed `int64_t` / `uint64_t` cdata: for values a script made
/// (64-bit arithmetic); a value read from C goes through
/// [`from_c::push_integer`].
///
/// # Safety
/// `state` must be live with room on the stack.
#[inline]
pub unsafe fn push_int64(state: *mut sys::lua_State, values: &Values, value: Int64) -> crate::error::Result<()> {
    let ty = if value.unsigned { CTypeId::UINT64 } else { CTypeId::INT64 };
    // SAFETY: an 8-byte payload receives the value.
    unsafe { object::push_word(state, values, ty, value.bits) }
}

/// Pushes the named integer constant `value` of type `ty` (an enumerator, a
/// `static const`): a number, or for a 64-bit type what
/// [`from_c::push_integer`](super::from_c::push_integer) makes of it.
///
/// # Safety
/// As [`push_int64`].
pub unsafe fn push_constant(
    state: *mut sys::lua_State,
    values: &Values,
    ty: CTypeId,
    value: i64,
) -> crate::error::Result<()> {
    let wide = match shape(&values.types.borrow(), ty) {
        Shape::Int { size: 8, signed } => Some(Int64 { bits: value as u64, unsigned: !signed }),
        _ => None,
    };
    // SAFETY: forwarded.
    unsafe {
        match wide {
            // A 64-bit constant (an enum with a 64-bit range, a `static const
            // uint64_t`) follows the rule of values from C.
            Some(value) => super::from_c::push_integer(state, values, value),
            None => {
                sys::lua_pushnumber(state, value as f64);
                Ok(())
            }
        }
    }
}

/// Pushes a pointer cdata of pointer type `ty` holding `address`, NULL
/// included: for pointers a script made (`ffi.addressof`, pointer
/// arithmetic, `ffi.nullptr`); a pointer read from C goes through
/// [`from_c::push_address`].
///
/// # Safety
/// As [`push_int64`].
#[inline]
pub unsafe fn push_pointer(
    state: *mut sys::lua_State,
    values: &Values,
    ty: CTypeId,
    address: usize,
) -> crate::error::Result<()> {
    // SAFETY: a pointer-sized payload receives the address.
    unsafe { object::push_word(state, values, ty, address as u64) }
}

/// Whether a pointer to `from` may be used as a pointer to `to` without a
/// cast (LuaJIT's `lj_cconv_compatptr`; `from` is also the element type of an
/// array, or a record whose address is taken). `void` on either side of the
/// first level converts, as long as no qualifier is dropped (`const`, and
/// `volatile` too); otherwise the targets must be alike: numbers of the same
/// kind and size (signedness aside, so `int *` and `unsigned *` convert, and
/// an enum stands for its integer type), the same struct or union, functions
/// with as many parameters, and pointers or arrays whose own targets are
/// alike with *exactly* the same qualifiers (`int **` does not convert to
/// `void **` or `const int **`).
pub fn pointer_compatible(types: &CTypeTable, from: CTypeId, to: CTypeId) -> bool {
    targets_compatible(types, to, from, true)
}

/// Whether two pointers (or arrays) with the targets `a` and `b` may be
/// subtracted or ordered (LuaJIT's `lj_cconv_compatptr` with `CCF_IGNQUAL`):
/// as [`pointer_compatible`], with the first level's qualifiers ignored and
/// no exception for `void`.
pub fn pointers_comparable(types: &CTypeTable, a: CTypeId, b: CTypeId) -> bool {
    targets_compatible(types, a, b, false)
}

/// Whether a value of type `have` is of type `want`, as `ffi.istype` decides
/// (LuaJIT's `ffi_istype`). References are looked through and top-level
/// qualifiers ignored on both sides; then the types must be the same, or
/// numbers of the same kind, size and signedness (`long` and `long long` are
/// alike, `int` and `unsigned` are not), or pointers or arrays of the same
/// size whose targets are alike as for a pointer difference
/// ([`pointers_comparable`]); a struct or union type also accepts a pointer
/// to it.
pub fn is_type(types: &CTypeTable, want: CTypeId, have: CTypeId) -> bool {
    let raw = |ty| types.base(types.unreferenced(ty));
    let (want, have) = (raw(want), raw(have));
    if want == have {
        return true;
    }
    let same_size = types.size_of(want) == types.size_of(have);
    match (types.kind(want), types.kind(have)) {
        (CKind::Int { size: a, signed: x, .. }, CKind::Int { size: b, signed: y, .. }) => a == b && x == y,
        (CKind::Float { size: a }, CKind::Float { size: b }) => a == b,
        (CKind::Int128 { signed: x }, CKind::Int128 { signed: y }) => x == y,
        (CKind::Bool, CKind::Bool) | (CKind::Float128, CKind::Float128) | (CKind::Void, CKind::Void) => true,
        (CKind::Pointer { to: a }, CKind::Pointer { to: b }) => pointers_comparable(types, *a, *b),
        (
            CKind::Array { elem: a, .. } | CKind::Vector { elem: a, .. } | CKind::Complex { part: a },
            CKind::Array { elem: b, .. } | CKind::Vector { elem: b, .. } | CKind::Complex { part: b },
        ) => same_size && pointers_comparable(types, *a, *b),
        (CKind::Record { .. }, CKind::Pointer { to }) => types.base(*to) == want,
        _ => false,
    }
}

/// LuaJIT's `lj_cconv_compatptr` on the targets `to` and `from` of two
/// pointers; `check_qualifiers` is false for `CCF_IGNQUAL`. A loop rather than
/// recursion: pointer chains may be as long as a declaration is.
fn targets_compatible(types: &CTypeTable, mut to: CTypeId, mut from: CTypeId, check_qualifiers: bool) -> bool {
    let mut nested = false;
    loop {
        if to == from {
            return true;
        }
        let (to_raw, to_qual) = target_and_qualifiers(types, to);
        let (from_raw, from_qual) = target_and_qualifiers(types, from);
        if nested {
            if to_qual != from_qual {
                return false;
            }
        } else if check_qualifiers {
            let dropped = (from_qual.is_const && !to_qual.is_const) || (from_qual.is_volatile && !to_qual.is_volatile);
            if dropped {
                return false;
            }
            if matches!(types.kind(to_raw), CKind::Void) || matches!(types.kind(from_raw), CKind::Void) {
                return true;
            }
        }
        if types.size_of(to_raw) != types.size_of(from_raw) {
            return false;
        }
        (to, from) = match (types.kind(to_raw), types.kind(from_raw)) {
            (CKind::Int { .. }, CKind::Int { .. })
            | (CKind::Bool, CKind::Bool)
            | (CKind::Float { .. }, CKind::Float { .. })
            | (CKind::Int128 { .. }, CKind::Int128 { .. })
            | (CKind::Float128, CKind::Float128)
            | (CKind::Void, CKind::Void) => return true,
            (CKind::Record { .. }, CKind::Record { .. }) => return to_raw == from_raw,
            // LuaJIT compares functions by their number of parameters only.
            (CKind::Function { params: a, .. }, CKind::Function { params: b, .. }) => return a.len() == b.len(),
            (CKind::Pointer { to: a }, CKind::Pointer { to: b }) => (*a, *b),
            // Complex numbers and vectors are arrays to LuaJIT.
            (
                CKind::Array { elem: a, .. } | CKind::Vector { elem: a, .. } | CKind::Complex { part: a },
                CKind::Array { elem: b, .. } | CKind::Vector { elem: b, .. } | CKind::Complex { part: b },
            ) => (*a, *b),
            _ => return false,
        };
        nested = true;
    }
}

/// A pointer's target as LuaJIT's `cconv_childqual` sees it: the type without
/// qualifiers (an enum standing for its integer type), and the qualifiers.
fn target_and_qualifiers(types: &CTypeTable, ty: CTypeId) -> (CTypeId, crate::ctype::Qual) {
    let mut qual = types.get(ty).qual;
    let mut raw = types.base(ty);
    while let CKind::Enum { underlying, .. } = types.kind(raw) {
        qual = qual.union(types.get(*underlying).qual);
        raw = types.base(*underlying);
    }
    (raw, qual)
}

/// Reads a bitfield as an unsigned value of its width (the caller sign-extends).
///
/// # Safety
/// `src` must be the bitfield's byte offset inside readable record memory.
pub unsafe fn read_bits(src: *const u8, bits: crate::ctype::BitField) -> u64 {
    let span = (bits.bit_offset + bits.width).div_ceil(8) as usize;
    let mut window = [0u8; 16];
    // SAFETY: the field's bytes lie inside the record (see `BitField`).
    unsafe { ptr::copy_nonoverlapping(src, window.as_mut_ptr(), span) };
    let wide = u128::from_le_bytes(window);
    let mask = if bits.width >= 64 { u64::MAX as u128 } else { (1u128 << bits.width) - 1 };
    ((wide >> bits.bit_offset) & mask) as u64
}

/// Writes the low `width` bits of `value` into a bitfield, keeping the bits
/// around it.
///
/// # Safety
/// As [`read_bits`], writable.
pub unsafe fn write_bits(dst: *mut u8, bits: crate::ctype::BitField, value: u64) {
    let span = (bits.bit_offset + bits.width).div_ceil(8) as usize;
    let mut window = [0u8; 16];
    // SAFETY: the field's bytes lie inside the record.
    unsafe { ptr::copy_nonoverlapping(dst, window.as_mut_ptr(), span) };
    let mask = if bits.width >= 64 { u64::MAX as u128 } else { (1u128 << bits.width) - 1 };
    let mut wide = u128::from_le_bytes(window);
    wide &= !(mask << bits.bit_offset);
    wide |= ((value as u128) & mask) << bits.bit_offset;
    // SAFETY: as above.
    unsafe { ptr::copy_nonoverlapping(wide.to_le_bytes().as_ptr(), dst, span) };
}
