//! The types every table starts with, and the typedefs C code expects without
//! including a header (<stdint.h>, <stddef.h>, gcc's built-in `va_list` and
//! 128-bit integer names).
//!
//! The scalar ids are fixed (constants on [`CTypeId`]) so that conversion code
//! can name `int` or `double` without a lookup.

use super::table::{CTypeTable, Name};
use super::{CKind, CType, CTypeId, Qual};

/// Whether plain `char` is signed: it is unsigned on AArch64 Linux (AAPCS64),
/// signed on x86-64 and on Apple platforms.
pub(crate) const CHAR_SIGNED: bool = !cfg!(all(target_arch = "aarch64", not(target_vendor = "apple")));

/// `sizeof(long double)`: 16 on x86-64 (80-bit x87, padded) and AArch64 Linux
/// (binary128); Apple arm64 makes it a plain `double`.
pub(crate) const LONG_DOUBLE_SIZE: u8 =
    if cfg!(all(target_arch = "aarch64", target_vendor = "apple")) { 8 } else { 16 };

/// Whether `wchar_t` is signed: `unsigned int` on AArch64 Linux, `int` elsewhere.
const WCHAR_SIGNED: bool = CHAR_SIGNED;

/// Whether `long double` is IEEE binary128, the format of `_Float128`: on
/// AArch64 Linux (AAPCS64), where the two names are one type here.
pub(crate) const FLOAT128_IS_LONG_DOUBLE: bool = cfg!(all(target_arch = "aarch64", not(target_vendor = "apple")));

/// The first id after the floating-point types, whose number depends on
/// which of `long double` and `_Float128` are types of their own.
const AFTER_FLOATS: u32 = 15 + (LONG_DOUBLE_SIZE != 8) as u32 + (!FLOAT128_IS_LONG_DOUBLE) as u32;

impl CTypeId {
    /// `void`.
    pub const VOID: CTypeId = CTypeId(0);
    /// `bool` / `_Bool`.
    pub const BOOL: CTypeId = CTypeId(1);
    /// Plain `char` (signedness per platform, see `CHAR_SIGNED`).
    pub const CHAR: CTypeId = CTypeId(2);
    /// `signed char` / `int8_t` (the same type as `char` where char is signed).
    pub const SCHAR: CTypeId = if CHAR_SIGNED { CTypeId(2) } else { CTypeId(3) };
    /// `unsigned char` / `uint8_t` (the same type as `char` where char is unsigned).
    pub const UCHAR: CTypeId = if CHAR_SIGNED { CTypeId(3) } else { CTypeId(2) };
    /// `short` / `int16_t`.
    pub const INT16: CTypeId = CTypeId(4);
    /// `unsigned short` / `uint16_t`.
    pub const UINT16: CTypeId = CTypeId(5);
    /// `int` / `int32_t`.
    pub const INT32: CTypeId = CTypeId(6);
    /// `unsigned int` / `uint32_t`.
    pub const UINT32: CTypeId = CTypeId(7);
    /// `long`, `long long`, `int64_t`, `ssize_t`, `intptr_t`, `ptrdiff_t` (LP64).
    pub const INT64: CTypeId = CTypeId(8);
    /// `unsigned long`, `unsigned long long`, `uint64_t`, `size_t`, `uintptr_t`.
    pub const UINT64: CTypeId = CTypeId(9);
    /// `float`.
    pub const FLOAT: CTypeId = CTypeId(10);
    /// `double`.
    pub const DOUBLE: CTypeId = CTypeId(11);
    /// `void *`.
    pub const VOID_PTR: CTypeId = CTypeId(12);
    /// `const char`.
    pub const CONST_CHAR: CTypeId = CTypeId(13);
    /// `const char *`: what Luau strings convert to.
    pub const CONST_CHAR_PTR: CTypeId = CTypeId(14);
    /// `long double` (the same type as `double` on Apple arm64).
    pub const LONG_DOUBLE: CTypeId = if LONG_DOUBLE_SIZE == 8 { CTypeId(11) } else { CTypeId(15) };
    /// `_Float128` / `__float128` (the same type as `long double` on AArch64 Linux).
    pub const FLOAT128: CTypeId =
        if FLOAT128_IS_LONG_DOUBLE { CTypeId::LONG_DOUBLE } else { CTypeId(AFTER_FLOATS - 1) };
    /// `__int128`.
    pub const INT128: CTypeId = CTypeId(AFTER_FLOATS);
    /// `unsigned __int128`.
    pub const UINT128: CTypeId = CTypeId(AFTER_FLOATS + 1);
    /// `complex float` (`float _Complex`).
    pub const COMPLEX_FLOAT: CTypeId = CTypeId(AFTER_FLOATS + 2);
    /// `complex` (`double _Complex`).
    pub const COMPLEX_DOUBLE: CTypeId = CTypeId(AFTER_FLOATS + 3);
}

fn int(size: u8, signed: bool) -> CType {
    CType::new(CKind::Int { size, signed, is_char: false })
}

/// Fills a fresh table; the asserts pin the id constants to the insertion order.
pub(super) fn install(t: &mut CTypeTable) {
    let fixed = [
        (CTypeId::VOID, CType::new(CKind::Void)),
        (CTypeId::BOOL, CType::new(CKind::Bool)),
        (CTypeId::CHAR, CType::new(CKind::Int { size: 1, signed: CHAR_SIGNED, is_char: true })),
        (CTypeId(3), CType::new(CKind::Int { size: 1, signed: !CHAR_SIGNED, is_char: true })),
        (CTypeId::INT16, int(2, true)),
        (CTypeId::UINT16, int(2, false)),
        (CTypeId::INT32, int(4, true)),
        (CTypeId::UINT32, int(4, false)),
        (CTypeId::INT64, int(8, true)),
        (CTypeId::UINT64, int(8, false)),
        (CTypeId::FLOAT, CType::new(CKind::Float { size: 4 })),
        (CTypeId::DOUBLE, CType::new(CKind::Float { size: 8 })),
    ];
    for (id, ty) in fixed {
        assert_eq!(t.intern(ty), id, "built-in type order");
    }
    assert_eq!(t.pointer_to(CTypeId::VOID), CTypeId::VOID_PTR);
    assert_eq!(t.qualified(CTypeId::CHAR, Qual::CONST), CTypeId::CONST_CHAR);
    assert_eq!(t.pointer_to(CTypeId::CONST_CHAR), CTypeId::CONST_CHAR_PTR);
    assert_eq!(t.intern(CType::new(CKind::Float { size: LONG_DOUBLE_SIZE })), CTypeId::LONG_DOUBLE);
    let float128 = if FLOAT128_IS_LONG_DOUBLE { CKind::Float { size: LONG_DOUBLE_SIZE } } else { CKind::Float128 };
    assert_eq!(t.intern(CType::new(float128)), CTypeId::FLOAT128);
    assert_eq!(t.intern(CType::new(CKind::Int128 { signed: true })), CTypeId::INT128);
    assert_eq!(t.intern(CType::new(CKind::Int128 { signed: false })), CTypeId::UINT128);
    assert_eq!(t.intern(CType::new(CKind::Complex { part: CTypeId::FLOAT })), CTypeId::COMPLEX_FLOAT);
    assert_eq!(t.intern(CType::new(CKind::Complex { part: CTypeId::DOUBLE })), CTypeId::COMPLEX_DOUBLE);

    let wchar = if WCHAR_SIGNED { CTypeId::INT32 } else { CTypeId::UINT32 };
    let typedefs = [
        ("int8_t", CTypeId::SCHAR),
        ("int16_t", CTypeId::INT16),
        ("int32_t", CTypeId::INT32),
        ("int64_t", CTypeId::INT64),
        ("uint8_t", CTypeId::UCHAR),
        ("uint16_t", CTypeId::UINT16),
        ("uint32_t", CTypeId::UINT32),
        ("uint64_t", CTypeId::UINT64),
        ("intptr_t", CTypeId::INT64),
        ("uintptr_t", CTypeId::UINT64),
        ("ptrdiff_t", CTypeId::INT64),
        ("size_t", CTypeId::UINT64),
        ("ssize_t", CTypeId::INT64),
        ("wchar_t", wchar),
        ("time_t", CTypeId::INT64),
        ("off_t", CTypeId::INT64),
        // gcc's predefined names for the 128-bit integers.
        ("__int128_t", CTypeId::INT128),
        ("__uint128_t", CTypeId::UINT128),
    ];
    for (name, id) in typedefs {
        t.add_name(name.to_string(), Name::Typedef(id));
    }
}
