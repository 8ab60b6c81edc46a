//! The C keywords the parser knows, with their gcc/MSVC spellings, and what
//! each one does. Identifiers that are not keywords name things in the table.

use crate::ctype::{CTypeId, CallConv};

/// Storage classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Storage {
    /// `typedef`.
    Typedef,
    /// `extern`.
    Extern,
    /// `static`.
    Static,
    /// `auto`.
    Auto,
    /// `register`.
    Register,
}

/// A keyword's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kw {
    /// `void`.
    Void,
    /// `_Bool` / `bool`.
    Bool,
    /// `char`.
    Char,
    /// `short`.
    Short,
    /// `int`.
    Int,
    /// `long` (twice for `long long`).
    Long,
    /// `float`.
    Float,
    /// `double`.
    Double,
    /// `signed` and spellings.
    Signed,
    /// `unsigned`.
    Unsigned,
    /// MSVC `__int8` .. `__int64`: an integer of this many bytes.
    SizedInt(u8),
    /// gcc's `__int128`.
    Int128,
    /// gcc's named floating-point types (`_Float32`, `_Float64x`,
    /// `_Float128`, `__float128`, ...): the type they are.
    NamedFloat(CTypeId),
    /// `_Complex` and spellings, and LuaJIT's `complex`.
    Complex,
    /// C11 `_Atomic`: a qualifier, or `_Atomic(type)`; atomics are laid out as
    /// their underlying type, which is what they are here.
    Atomic,
    /// C11 `_Alignas(n)` / `_Alignas(type)`: `aligned(n)`.
    Alignas,
    /// `const` and spellings.
    Const,
    /// `volatile` and spellings.
    Volatile,
    /// `restrict` and spellings: accepted, not kept.
    Restrict,
    /// A storage class.
    Storage(Storage),
    /// `struct`.
    Struct,
    /// `union`.
    Union,
    /// `enum`.
    Enum,
    /// `__attribute__((...))`.
    Attribute,
    /// `__declspec(...)`.
    Declspec,
    /// `__asm__("name")`: symbol redirection.
    Asm,
    /// `__cdecl` and friends.
    CallConv(CallConv),
    /// Accepted and dropped: `inline`, `__extension__`, `__ptr32`, `__ptr64`,
    /// `_Noreturn`, `__thread`.
    Ignored,
    /// `sizeof`.
    Sizeof,
    /// `__alignof__` and spellings.
    Alignof,
}

impl Kw {
    /// Keywords that may start or continue a type in declaration specifiers
    /// (used to tell casts from parenthesised expressions, and parameter lists
    /// from parenthesised declarators).
    pub(super) fn starts_type(self) -> bool {
        !matches!(
            self,
            Kw::Sizeof
                | Kw::Alignof
                | Kw::Attribute
                | Kw::Declspec
                | Kw::Asm
                | Kw::CallConv(_)
                | Kw::Ignored
                | Kw::Alignas
        )
    }
}

/// The keyword `s` is, if any.
pub(super) fn keyword(s: &str) -> Option<Kw> {
    use Kw::*;
    Some(match s {
        "void" => Void,
        "_Bool" | "bool" => Bool,
        "char" => Char,
        "short" => Short,
        "int" => Int,
        "long" => Long,
        "float" => Float,
        "double" => Double,
        "signed" | "__signed" | "__signed__" => Signed,
        "unsigned" => Unsigned,
        "__int8" => SizedInt(1),
        "__int16" => SizedInt(2),
        "__int32" => SizedInt(4),
        "__int64" => SizedInt(8),
        "__int128" => Int128,
        "_Float32" => NamedFloat(CTypeId::FLOAT),
        "_Float64" | "_Float32x" => NamedFloat(CTypeId::DOUBLE),
        "_Float64x" => NamedFloat(CTypeId::LONG_DOUBLE),
        "_Float128" | "__float128" => NamedFloat(CTypeId::FLOAT128),
        "_Complex" | "__complex" | "__complex__" | "complex" => Complex,
        "_Atomic" => Atomic,
        "_Alignas" => Alignas,
        "const" | "__const" | "__const__" => Const,
        "volatile" | "__volatile" | "__volatile__" => Volatile,
        "restrict" | "__restrict" | "__restrict__" => Restrict,
        "typedef" => Storage(self::Storage::Typedef),
        "extern" => Storage(self::Storage::Extern),
        "static" => Storage(self::Storage::Static),
        "auto" => Storage(self::Storage::Auto),
        "register" => Storage(self::Storage::Register),
        "struct" => Struct,
        "union" => Union,
        "enum" => Enum,
        "__attribute__" | "__attribute" => Attribute,
        "__declspec" => Declspec,
        "asm" | "__asm" | "__asm__" => Asm,
        "__cdecl" => CallConv(crate::ctype::CallConv::Cdecl),
        "__stdcall" => CallConv(crate::ctype::CallConv::Stdcall),
        "__fastcall" => CallConv(crate::ctype::CallConv::Fastcall),
        "__thiscall" => CallConv(crate::ctype::CallConv::Thiscall),
        "inline" | "__inline" | "__inline__" | "__extension__" | "__ptr32" | "__ptr64" | "_Noreturn"
        | "__forceinline" | "__thread" | "_Thread_local" => Ignored,
        "sizeof" => Sizeof,
        "__alignof" | "__alignof__" | "_Alignof" | "alignof" => Alignof,
        _ => return None,
    })
}

/// The calling convention an attribute name (without `__` decoration) selects.
pub(super) fn conv_attribute(name: &str) -> Option<CallConv> {
    match name {
        "cdecl" => Some(CallConv::Cdecl),
        "stdcall" => Some(CallConv::Stdcall),
        "fastcall" => Some(CallConv::Fastcall),
        "thiscall" => Some(CallConv::Thiscall),
        _ => None,
    }
}
