//! The C type table: every C type a Luau state knows, interned by id.
//!
//! As in LuaJIT (lj_ctype.c), the declaration parser (`crate::cparse`) only
//! *builds* entries here; layout, naming, conversions and calls only *read* them.
//! One table exists per Luau state; ids are never reused or freed, so a
//! [`CTypeId`] stays valid for the life of its table.

mod builtin;
mod layout;
mod name;
mod table;

#[cfg(test)]
mod gcc_layout;
#[cfg(test)]
mod tests;

pub(crate) use builtin::CHAR_SIGNED;
#[cfg(test)]
pub(crate) use builtin::LONG_DOUBLE_SIZE;
pub(crate) use layout::{enum_underlying, layout_record, MemberDecl, RecordAttrs};
pub use table::CTypeTable;
pub(crate) use table::{Name, MAX_TYPE_DEPTH};

/// The largest size of a type, in bytes (LuaJIT's limit for arrays: 2^31-1);
/// records are held to it too, so that no size or offset computation wraps.
pub(crate) const MAX_TYPE_SIZE: usize = 0x7fff_ffff;

/// The index of a type in its [`CTypeTable`]. Cheap to copy and compare: two
/// ids are equal exactly when the types are identical (types are interned; each
/// struct/union/enum definition is a type of its own).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CTypeId(pub u32);

/// C type qualifiers. A qualified type is an id of its own (`const char` is not
/// `char`), so that pointers to it keep the qualifier; `restrict` is accepted by
/// the parser but not kept, as in LuaJIT, since it never changes behaviour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Qual {
    /// `const`: writes through this type are refused.
    pub is_const: bool,
    /// `volatile`: kept for naming and round-tripping; accesses are never cached anyway.
    pub is_volatile: bool,
}

impl Qual {
    /// No qualifiers.
    pub const NONE: Qual = Qual { is_const: false, is_volatile: false };
    /// Just `const`.
    pub const CONST: Qual = Qual { is_const: true, is_volatile: false };

    /// Both sets of qualifiers: qualifiers accumulate through typedefs.
    pub fn union(self, other: Qual) -> Qual {
        Qual { is_const: self.is_const || other.is_const, is_volatile: self.is_volatile || other.is_volatile }
    }

    /// True when neither qualifier is set.
    pub fn is_empty(self) -> bool {
        !self.is_const && !self.is_volatile
    }
}

/// The length of an array type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArrayLen {
    /// `[n]`, including `[0]` (size 0, as gcc and LuaJIT treat it).
    Fixed(u64),
    /// `[?]`: LuaJIT's variable-length array, sized when the cdata is created.
    Vla,
    /// `[]`: a flexible array member (or an unsized array type); it has no size.
    Flexible,
}

/// A calling convention keyword or attribute as written. Only 32-bit x86 gives
/// them meaning; the table keeps them so a call layer can decide.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CallConv {
    /// Nothing was written: the platform's C convention.
    #[default]
    Default,
    /// `__cdecl` / `__attribute__((cdecl))`.
    Cdecl,
    /// `__stdcall` / `__attribute__((stdcall))`.
    Stdcall,
    /// `__fastcall` / `__attribute__((fastcall))`.
    Fastcall,
    /// `__thiscall` / `__attribute__((thiscall))`.
    Thiscall,
}

/// Where a bitfield's bits are, relative to its [`Field::offset`].
///
/// `offset` is the byte holding the field's lowest bit and `bit_offset` (< 8)
/// the bit within that byte, counted from the least significant bit (both
/// supported ABIs are little-endian). The field occupies
/// `(bit_offset + width).div_ceil(8)` bytes from `offset` (at most 9), which
/// always lie inside the record, even for packed records, so a reader never
/// touches memory past the end of the cdata.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BitField {
    /// The first bit, counted from bit 0 of the byte at the field's offset.
    pub bit_offset: u32,
    /// The number of bits, 1..=64.
    pub width: u32,
}

/// One member of a struct or union, with its place computed by the layout.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Field {
    /// The member's name; `None` for an anonymous struct/union member, whose
    /// own members are found through [`CTypeTable::find_field`].
    pub name: Option<String>,
    /// The declared type (for a bitfield, the declared integer type).
    pub ty: CTypeId,
    /// Byte offset from the start of the record.
    pub offset: usize,
    /// Set for bitfields only.
    pub bits: Option<BitField>,
    /// For a member that is a plain number or bool (not a bitfield): its
    /// shape, fixed by the layout so that field access reads it without a type
    /// walk.
    pub scalar: Option<Shape>,
    /// The member's declared type is `const`.
    pub is_const: bool,
}

/// The shape of a C type as conversions see it (enums and bitfields are their
/// underlying integer type; qualifiers are ignored).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shape {
    /// `bool`.
    Bool,
    /// An integer of `size` bytes.
    Int {
        /// Bytes.
        size: u8,
        /// Signed.
        signed: bool,
    },
    /// `float`, `double` or `long double` (16 bytes of storage).
    Float {
        /// Bytes.
        size: u8,
    },
    /// A pointer to `to`.
    Pointer {
        /// The pointee with its qualifiers.
        to: CTypeId,
    },
    /// An array of `elem`.
    Array {
        /// The element type.
        elem: CTypeId,
        /// Its length.
        len: ArrayLen,
    },
    /// A struct or union.
    Record,
    /// A function type (only behind pointers).
    Function,
    /// A complex number of two `part`s (a floating-point or integer type):
    /// a value, boxed when it reaches Luau, as in LuaJIT.
    Complex {
        /// The type of each part.
        part: CTypeId,
    },
    /// A gcc vector of `len` `elem`s: a value, boxed when it reaches Luau,
    /// whose elements read by index, as in LuaJIT.
    Vector {
        /// The element type.
        elem: CTypeId,
        /// The number of elements.
        len: u32,
    },
    /// `__int128` / `unsigned __int128`.
    Int128 {
        /// Signed.
        signed: bool,
    },
    /// IEEE binary128 where it is not `long double` (`_Float128` on x86-64).
    Float128,
    /// A C++ reference to `to`: stored as a pointer, read and written through.
    Reference {
        /// The referenced type, with its qualifiers.
        to: CTypeId,
    },
    /// `void`.
    Void,
}

impl Shape {
    /// The size in bytes of a value that reaches Luau as a plain number or
    /// boolean (bool, integers up to 32 bits, floating point); `None` for
    /// everything else, 64-bit integers included (they box as cdata). The fast
    /// paths of field, element and callback argument access take these.
    pub fn unboxed_size(self) -> Option<u8> {
        match self {
            Shape::Bool => Some(1),
            Shape::Int { size: size @ (1 | 2 | 4), .. } | Shape::Float { size } => Some(size),
            _ => None,
        }
    }
}

/// The result of a member lookup: a field's type and its offset from the start
/// of the record that was searched, accumulated through anonymous members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldRef {
    /// The member's declared type.
    pub ty: CTypeId,
    /// Byte offset from the start of the outermost record.
    pub offset: usize,
    /// Set for bitfields only; relative to `offset`.
    pub bits: Option<BitField>,
    /// Found inside a `const` anonymous member (`const struct { int x; };`):
    /// the member is read-only, as LuaJIT collects the qualifiers of the
    /// members it looks through.
    pub in_const: bool,
}

/// What a type is. Records and enums carry their definition, so that a forward
/// declaration can be completed in place and every pointer to it sees the body.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CKind {
    /// `void`: no size, only pointed to or returned.
    Void,
    /// `_Bool` / `bool`: one byte, converts to a Luau boolean.
    Bool,
    /// An integer type. `is_char` marks `char`, `signed char` and `unsigned char`
    /// (and the `int8_t`/`uint8_t` typedefs of them), which convert from strings.
    Int {
        /// Bytes: 1, 2, 4 or 8.
        size: u8,
        /// Two's complement signed.
        signed: bool,
        /// One of the three character types.
        is_char: bool,
    },
    /// `float` (4), `double` (8) or `long double` (16 on x86-64 and AArch64 Linux,
    /// 8 on Apple arm64, where it is the same type as `double`).
    Float {
        /// Bytes.
        size: u8,
    },
    /// An enumeration. Its size and signedness are those of `underlying`.
    Enum {
        /// `enum tag`; `None` when anonymous.
        tag: Option<String>,
        /// The integer type gcc would choose (`unsigned int` unless a value is
        /// negative, wider when a value needs it, smallest when packed).
        underlying: CTypeId,
        /// The enumerators in declaration order, for converting names to values.
        constants: Vec<(String, i64)>,
        /// False for a forward declaration `enum e;` not yet defined.
        complete: bool,
    },
    /// A pointer (8 bytes on the supported 64-bit targets).
    Pointer {
        /// The pointee, with its qualifiers.
        to: CTypeId,
    },
    /// An array; qualifiers live on the element type.
    Array {
        /// The element type.
        elem: CTypeId,
        /// The number of elements, if known.
        len: ArrayLen,
    },
    /// A struct or union with its computed layout.
    Record {
        /// `struct tag`; `None` when anonymous (then named by its id).
        tag: Option<String>,
        /// `union` rather than `struct`.
        is_union: bool,
        /// The members in declaration order (unnamed bitfields are omitted: they
        /// only occupy space).
        fields: Vec<Field>,
        /// False until the body has been seen.
        complete: bool,
        /// Bytes, including trailing padding (0 while incomplete).
        size: usize,
        /// Bytes (1 while incomplete).
        align: usize,
        /// Declared `__attribute__((packed))`.
        packed: bool,
        /// `static const` members, in declaration order.
        constants: Vec<RecordConstant>,
    },
    /// A function type (only used through pointers or as a declared symbol).
    Function {
        /// The return type.
        ret: CTypeId,
        /// Parameter types after decay (arrays and functions become pointers).
        params: Vec<CTypeId>,
        /// Parameter names as written, for error messages.
        param_names: Vec<Option<String>>,
        /// Ends with `...`.
        variadic: bool,
        /// The calling convention as written.
        conv: CallConv,
    },
    /// A complex number, `part _Complex`: two `part` values, the real part at
    /// offset 0 and the imaginary part right after it, aligned as `part`. As
    /// in LuaJIT (a two-element array flagged `CTF_COMPLEX`), the parts are
    /// the members `re` and `im` ([`CTypeTable::complex_member`]). `part` is
    /// `float`, `double` or `long double`, or an integer type for gcc's
    /// integer complex types (`_Complex int`).
    Complex {
        /// The type of each part, unqualified.
        part: CTypeId,
    },
    /// A gcc vector, `elem __attribute__((vector_size(n)))`: `len` elements of
    /// `elem` (a number type) laid out as an array, aligned to its size up to
    /// 16 bytes (gcc without `-mavx`; LuaJIT caps it the same way). Elements
    /// are reached by index, as in LuaJIT (a `CT_ARRAY` flagged `CTF_VECTOR`).
    Vector {
        /// The element type, unqualified.
        elem: CTypeId,
        /// The number of elements: a power of two, at least 1.
        len: u32,
    },
    /// `__int128` / `unsigned __int128` (also `mode(TI)`): 16 bytes, aligned
    /// to 16, as gcc lays it out on both supported ABIs.
    Int128 {
        /// `__int128` rather than `unsigned __int128`.
        signed: bool,
    },
    /// `_Float128` / `__float128` where it is not `long double` (x86-64 and
    /// Apple arm64): an IEEE binary128 number, 16 bytes aligned to 16. On
    /// AArch64 Linux `long double` is that format and these names are
    /// `long double` ([`CTypeId::FLOAT128`]).
    Float128,
    /// A C++ reference `T &` (LuaJIT's `CT_PTR` flagged `CTF_REF`): stored as a
    /// pointer (8 bytes, as a member or parameter), but `ffi.sizeof`,
    /// `ffi.alignof` and `ffi.offsetof` look through it to `to`
    /// ([`CTypeTable::unreferenced`]). A reference has no qualifiers of its
    /// own, and nothing refers to or points to a reference.
    Reference {
        /// The referenced type, with its qualifiers.
        to: CTypeId,
    },
}

/// A `static const` member of a struct or union: a named constant reachable
/// through the record type (LuaJIT keeps them in the record's member chain as
/// `CT_CONSTVAL`); it takes no space.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RecordConstant {
    /// The member's name.
    pub name: String,
    /// Its declared integer type.
    pub ty: CTypeId,
    /// Its value, converted to `ty`.
    pub value: i64,
}

/// A type: what it is plus its qualifiers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CType {
    /// What the type is.
    pub kind: CKind,
    /// `const` / `volatile`.
    pub qual: Qual,
    /// An alignment forced by `__attribute__((aligned(n)))` on a typedef; it
    /// replaces the natural alignment (gcc lets a typedef lower it, too).
    pub align: Option<u32>,
}

impl CType {
    /// An unqualified type of `kind` with its natural alignment.
    pub fn new(kind: CKind) -> CType {
        CType { kind, qual: Qual::NONE, align: None }
    }
}

/// Which tag namespace entry [`CTypeTable::tagged`] looks for. C has one tag
/// namespace, so a tag names at most one of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TagKind {
    /// `struct tag`.
    Struct,
    /// `union tag`.
    Union,
    /// `enum tag`.
    Enum,
}

/// A named object declared by `ffi.cdef`: what `ffi.C.name` resolves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Declaration {
    /// A function prototype; `asm_name` is the symbol from `__asm__("...")`.
    Function {
        /// A [`CKind::Function`] type.
        ty: CTypeId,
        /// The linker symbol to look up instead of the declared name.
        asm_name: Option<String>,
    },
    /// An `extern` (or storage-less) variable.
    Variable {
        /// The variable's type.
        ty: CTypeId,
        /// The linker symbol to look up instead of the declared name.
        asm_name: Option<String>,
    },
    /// An enumerator or a `static const` integer: a value, no symbol.
    Constant {
        /// An integer type (`int` unless the value needs a wider one).
        ty: CTypeId,
        /// The value.
        value: i64,
    },
}

/// A value for a `$` placeholder of `cparse::Declare::parse_type`, taken in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeParam {
    /// A type, where a type may stand (`$ *`, `struct { $ x; }`).
    Type(CTypeId),
    /// A number, where an integer may stand (`int[$]`).
    Number(i64),
    /// An integer value of the integer type `ty` (an integer cdata): its type
    /// where a type may stand (`$ *`, as LuaJIT takes a cdata's type), its
    /// value where an integer may (`uint8_t[$]`, as a count may be one).
    Integer {
        /// The value's C type.
        ty: CTypeId,
        /// The value's bits, sign-extended when signed.
        bits: u64,
        /// Unsigned.
        unsigned: bool,
    },
    /// A name, where an identifier may stand (`struct $`, `int $`).
    Name(String),
}
