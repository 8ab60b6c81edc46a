//! Declaration specifiers (`const unsigned long`, `struct foo`, a typedef name,
//! storage classes) and the attribute syntax that may appear among them.

use super::error::msg;
use super::keywords::{conv_attribute, Kw, Storage};
use super::lexer::Tok;
use super::parser::{PResult, Parser};
use crate::ctype::{CKind, CType, CTypeId, CallConv, Qual, MAX_TYPE_SIZE};

/// `aligned` without an argument: the largest alignment the target uses.
const MAX_ALIGN: u32 = 16;

/// The largest alignment a declaration can ask for, as in LuaJIT (its type
/// info holds log2 of the alignment in 4 bits: `CTMASK_ALIGN`, 2^15); larger
/// `aligned(n)` values are capped to it. Every cdata is over-allocated by its
/// alignment, so this also bounds that padding.
const ALIGN_LIMIT: u32 = 1 << 15;

/// A machine mode from gcc's `mode(...)` attribute, as glibc uses it
/// (`typedef int register_t __attribute__((__mode__(__word__)))`): the number
/// type it makes of a declaration's base type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct MachineMode {
    /// What kind of number the mode is.
    class: ModeClass,
    /// Bytes of one scalar: 1, 2, 4, 8 or 16.
    size: u8,
    /// For a vector mode (`V4SI`), the number of elements.
    vector: Option<u32>,
}

/// The number classes of [`MachineMode`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ModeClass {
    /// `QI`, `HI`, `SI`, `DI`, `TI`, `byte`, `word`, `pointer`.
    Int,
    /// `SF`, `DF`, `XF`, `TF`.
    Float,
    /// `CQI` .. `CTI`.
    ComplexInt,
    /// `SC`, `DC`, `XC`, `TC`.
    ComplexFloat,
}

impl MachineMode {
    /// The mode a `mode(name)` attribute names (with or without `__`
    /// decoration); `None` for a name gcc does not know on the supported
    /// targets, which is ignored as LuaJIT ignores it.
    fn from_name(name: &str) -> Option<MachineMode> {
        let name = name.trim_start_matches("__").trim_end_matches("__");
        let scalar = |class, size| Some(MachineMode { class, size, vector: None });
        match name {
            "byte" => return scalar(ModeClass::Int, 1),
            "word" | "pointer" | "unwind_word" => return scalar(ModeClass::Int, POINTER_BYTES),
            _ => {}
        }
        // `V<n><mode>`: a vector of n scalars of the mode.
        if let Some(rest) = name.strip_prefix('V') {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let n: u32 = rest[..digits].parse().ok().filter(|n: &u32| n.is_power_of_two())?;
            let inner = MachineMode::from_name(&rest[digits..])?;
            return (inner.vector.is_none() && !matches!(inner.class, ModeClass::ComplexInt | ModeClass::ComplexFloat))
                .then_some(MachineMode { vector: Some(n), ..inner });
        }
        let (class, size) = match name {
            "QI" => (ModeClass::Int, 1),
            "HI" => (ModeClass::Int, 2),
            "SI" => (ModeClass::Int, 4),
            "DI" => (ModeClass::Int, 8),
            "TI" => (ModeClass::Int, 16),
            "SF" => (ModeClass::Float, 4),
            "DF" => (ModeClass::Float, 8),
            "XF" if LONG_DOUBLE_IS_X87 => (ModeClass::Float, 10),
            "TF" => (ModeClass::Float, 16),
            "CQI" => (ModeClass::ComplexInt, 1),
            "CHI" => (ModeClass::ComplexInt, 2),
            "CSI" => (ModeClass::ComplexInt, 4),
            "CDI" => (ModeClass::ComplexInt, 8),
            "CTI" => (ModeClass::ComplexInt, 16),
            "SC" => (ModeClass::ComplexFloat, 4),
            "DC" => (ModeClass::ComplexFloat, 8),
            "XC" if LONG_DOUBLE_IS_X87 => (ModeClass::ComplexFloat, 10),
            "TC" => (ModeClass::ComplexFloat, 16),
            _ => return None,
        };
        scalar(class, size)
    }
}

/// Bytes in a machine word and a pointer (LP64).
const POINTER_BYTES: u8 = 8;

/// Whether `long double` is the x87 80-bit format (`XFmode`): on x86-64.
const LONG_DOUBLE_IS_X87: bool = cfg!(target_arch = "x86_64");

/// The integer type of `size` bytes (1, 2, 4, 8 or 16) and signedness.
fn int_type(size: u8, signed: bool) -> CTypeId {
    let (s, u) = match size {
        1 => (CTypeId::SCHAR, CTypeId::UCHAR),
        2 => (CTypeId::INT16, CTypeId::UINT16),
        4 => (CTypeId::INT32, CTypeId::UINT32),
        8 => (CTypeId::INT64, CTypeId::UINT64),
        _ => (CTypeId::INT128, CTypeId::UINT128),
    };
    if signed {
        s
    } else {
        u
    }
}

/// The floating-point type of a float mode's size (10: the x87 `XFmode`).
fn float_type(size: u8) -> CTypeId {
    match size {
        4 => CTypeId::FLOAT,
        8 => CTypeId::DOUBLE,
        10 => CTypeId::LONG_DOUBLE,
        _ => CTypeId::FLOAT128,
    }
}

/// Whether a type of this kind is an integer or floating-point number (not
/// `bool`, an enum or a complex number): what vectors are made of.
fn is_real_number(kind: &CKind) -> bool {
    matches!(kind, CKind::Int { .. } | CKind::Int128 { .. } | CKind::Float { .. } | CKind::Float128)
}

/// Attributes collected from `__attribute__`, `__declspec`, `__asm__`,
/// `_Alignas` and calling-convention keywords.
#[derive(Clone, Debug, Default)]
pub(super) struct Attrs {
    /// `aligned(n)` / `__declspec(align(n))` / `_Alignas(n)`.
    pub aligned: Option<u32>,
    /// `packed`.
    pub packed: bool,
    /// `__asm__("symbol")`.
    pub asm_name: Option<String>,
    /// A calling convention.
    pub conv: CallConv,
    /// `mode(...)`: the number type the declaration's base type becomes.
    pub mode: Option<MachineMode>,
    /// `vector_size(n)`: the base type becomes a vector of `n` bytes.
    pub vector_size: Option<u32>,
}

impl Attrs {
    /// What declarators inherit from the specifiers: all but the symbol name,
    /// which belongs to one declarator.
    pub(super) fn for_declarator(&self) -> Attrs {
        Attrs { asm_name: None, ..self.clone() }
    }
}

/// Parsed declaration specifiers.
pub(super) struct Spec {
    /// The base type, qualifiers applied.
    pub ty: CTypeId,
    /// The storage class, if any.
    pub storage: Option<Storage>,
    /// Attributes seen among the specifiers.
    pub attrs: Attrs,
    /// The type came from a `struct`/`union`/`enum` specifier, so a declaration
    /// may end right after it.
    pub tag_only: bool,
}

/// The basic type keywords seen.
#[derive(Default)]
struct Basics {
    /// A keyword that names a type of its own (`void`, `bool`, `char`, `int`,
    /// `float`, `double`, `__intN`, `__int128`, `_FloatN`) was seen: a second
    /// one ends the specifiers, as in LuaJIT (`int char` is `int` followed by
    /// a misplaced `char`).
    base: Option<Kw>,
    short: bool,
    longs: u8,
    signed: bool,
    unsigned: bool,
    complex: bool,
}

impl Basics {
    fn is_empty(&self) -> bool {
        self.base.is_none() && !(self.short || self.longs > 0 || self.signed || self.unsigned || self.complex)
    }

    /// Records `kw`; false when it is not a basic type keyword, repeats one,
    /// or is a second base type.
    fn add(&mut self, kw: Kw) -> bool {
        let flag = match kw {
            Kw::Void
            | Kw::Bool
            | Kw::Char
            | Kw::Int
            | Kw::Float
            | Kw::Double
            | Kw::SizedInt(_)
            | Kw::Int128
            | Kw::NamedFloat(_) => {
                if self.base.is_some() {
                    return false;
                }
                self.base = Some(kw);
                return true;
            }
            Kw::Short => &mut self.short,
            Kw::Signed => &mut self.signed,
            Kw::Unsigned => &mut self.unsigned,
            Kw::Complex => &mut self.complex,
            Kw::Long if self.longs < 2 => {
                self.longs += 1;
                return true;
            }
            _ => return false,
        };
        !std::mem::replace(flag, true)
    }
}

impl Parser<'_> {
    /// Declaration specifiers; `allowed` lists the storage classes accepted here.
    pub(super) fn decl_spec(&mut self, allowed: &[Storage]) -> PResult<Spec> {
        let mut basics = Basics::default();
        let mut named: Option<CTypeId> = None;
        let mut qual = Qual::NONE;
        let mut storage = None;
        let mut attrs = Attrs::default();
        let mut tag_only = false;
        loop {
            self.attributes(&mut attrs)?;
            let free = named.is_none() && basics.is_empty();
            let name = match self.peek() {
                Tok::Type(id) | Tok::TypedInt(id, _) if free => {
                    named = Some(*id);
                    self.next()?;
                    continue;
                }
                Tok::Ident(s) => s.clone(),
                _ => break,
            };
            match self.peek_keyword() {
                Some(Kw::Const) => qual.is_const = true,
                Some(Kw::Volatile) => qual.is_volatile = true,
                Some(Kw::Storage(s)) => {
                    if !allowed.contains(&s) {
                        return Err(self.err_near(msg::BAD_STORAGE));
                    }
                    storage = Some(s);
                }
                Some(Kw::Atomic) if matches!(self.peek_at(1), Tok::Punct("(")) => {
                    // `_Atomic(type)`: the type itself.
                    if !free {
                        break;
                    }
                    self.next()?;
                    self.next()?;
                    named = Some(self.type_name()?);
                    self.expect(")")?;
                    continue;
                }
                // The `_Atomic` qualifier: an atomic object is laid out as its type.
                Some(Kw::Atomic) => {}
                Some(kw @ (Kw::Struct | Kw::Union | Kw::Enum)) if free => {
                    named = Some(if kw == Kw::Enum { self.enumeration()? } else { self.record(kw == Kw::Union)? });
                    tag_only = true;
                    continue;
                }
                Some(kw) if named.is_none() && basics.add(kw) => {}
                Some(_) => break,
                None if free => match self.table.typedef(&name) {
                    Some(id) => named = Some(id),
                    None => break,
                },
                None => break,
            }
            self.next()?;
        }
        let base = match named {
            Some(id) => id,
            None => self.basic_type(&basics)?,
        };
        let ty = if qual.is_empty() { base } else { self.table.qualified(base, qual) };
        // A `$` type may come from the FFI (`ffi.addressof` adds levels).
        self.check_depth(ty)?;
        Ok(Spec { ty, storage, attrs, tag_only })
    }

    /// The type the basic keywords spell (LP64: `long` is 64-bit). `_Complex`
    /// makes a complex type of the rest, `double` when nothing else is said.
    fn basic_type(&mut self, b: &Basics) -> PResult<CTypeId> {
        let signed = !b.unsigned;
        let real = match b.base {
            Some(Kw::Void) => CTypeId::VOID,
            Some(Kw::Bool) => CTypeId::BOOL,
            Some(Kw::Float) => CTypeId::FLOAT,
            Some(Kw::Double) if b.longs > 0 => CTypeId::LONG_DOUBLE,
            Some(Kw::Double) => CTypeId::DOUBLE,
            Some(Kw::NamedFloat(id)) => id,
            Some(Kw::Char) if b.unsigned => CTypeId::UCHAR,
            Some(Kw::Char) if b.signed => CTypeId::SCHAR,
            Some(Kw::Char) => CTypeId::CHAR,
            Some(Kw::SizedInt(n)) => int_type(n, signed),
            Some(Kw::Int128) => int_type(16, signed),
            _ if b.short => int_type(2, signed),
            _ if b.longs > 0 => int_type(8, signed),
            _ if b.base.is_some() || b.signed || b.unsigned => int_type(4, signed),
            _ if b.complex => CTypeId::DOUBLE,
            _ => return Err(self.err_near(msg::DECL_SPEC)),
        };
        if !b.complex {
            return Ok(real);
        }
        if matches!(self.table.kind(real), CKind::Void | CKind::Bool) {
            return Err(self.err_plain(msg::INVALID_TYPE));
        }
        Ok(self.table.intern(CType::new(CKind::Complex { part: real })))
    }

    /// Consumes any attributes, `__asm__` redirections, calling conventions and
    /// ignorable keywords (`restrict`, `inline`, `__extension__`) into `a`.
    pub(super) fn attributes(&mut self, a: &mut Attrs) -> PResult<()> {
        loop {
            match self.peek_keyword() {
                Some(Kw::Attribute) => {
                    self.next()?;
                    self.expect("(")?;
                    self.expect("(")?;
                    self.gcc_attributes(a)?;
                    self.expect(")")?;
                    self.expect(")")?;
                }
                Some(Kw::Declspec) => {
                    self.next()?;
                    self.expect("(")?;
                    while let Tok::Ident(name) = self.peek() {
                        let is_align = name == "align";
                        self.next()?;
                        if is_align {
                            a.aligned = Some(self.paren_size()?);
                        } else if self.is_punct("(") {
                            self.skip_parens()?;
                        }
                    }
                    self.expect(")")?;
                }
                Some(Kw::Asm) => {
                    self.next()?;
                    self.expect("(")?;
                    let mut symbol = String::new();
                    while let Tok::Str(s, _) = self.peek() {
                        symbol.push_str(s);
                        self.next()?;
                    }
                    if !symbol.is_empty() {
                        a.asm_name = Some(symbol);
                    }
                    self.expect(")")?;
                }
                Some(Kw::CallConv(c)) => {
                    a.conv = c;
                    self.next()?;
                }
                Some(Kw::Alignas) => {
                    // `_Alignas(n)` or `_Alignas(type)`; `_Alignas(0)` does nothing.
                    self.next()?;
                    self.expect("(")?;
                    let n = if self.starts_type(self.peek()) {
                        let ty = self.type_name()?;
                        self.table.align_of(ty).ok_or_else(|| self.err_plain(msg::INVALID_SIZE))? as u32
                    } else {
                        self.const_size()?
                    };
                    self.expect(")")?;
                    if n != 0 {
                        if !n.is_power_of_two() {
                            return Err(self.err_plain(msg::BAD_VALUE));
                        }
                        a.aligned = Some(a.aligned.unwrap_or(1).max(n.min(ALIGN_LIMIT)));
                    }
                }
                Some(Kw::Restrict | Kw::Ignored) => self.next()?,
                _ => return Ok(()),
            }
        }
    }

    /// The list inside `__attribute__((...))`; unknown attributes are skipped
    /// with their arguments.
    fn gcc_attributes(&mut self, a: &mut Attrs) -> PResult<()> {
        while let Tok::Ident(name) = self.peek() {
            let bare = name.trim_start_matches("__").trim_end_matches("__").to_string();
            self.next()?;
            match bare.as_str() {
                "aligned" => a.aligned = Some(if self.is_punct("(") { self.paren_size()? } else { MAX_ALIGN }),
                "packed" => a.packed = true,
                "mode" => {
                    self.expect("(")?;
                    if let Tok::Ident(mode) = self.peek() {
                        a.mode = MachineMode::from_name(mode).or(a.mode);
                        self.next()?;
                    }
                    self.expect(")")?;
                }
                "vector_size" => {
                    self.expect("(")?;
                    a.vector_size = Some(self.const_size()?);
                    self.expect(")")?;
                }
                other => {
                    if let Some(c) = conv_attribute(other) {
                        a.conv = c;
                    }
                    if self.is_punct("(") {
                        self.skip_parens()?;
                    }
                }
            }
            if !self.accept(",")? {
                break;
            }
        }
        Ok(())
    }

    /// `(n)` for `aligned(n)`: a power of two, capped to [`ALIGN_LIMIT`].
    fn paren_size(&mut self) -> PResult<u32> {
        self.expect("(")?;
        let n = self.const_size()?;
        if !n.is_power_of_two() {
            return Err(self.err_plain(msg::BAD_VALUE));
        }
        self.expect(")")?;
        Ok(n.min(ALIGN_LIMIT))
    }
}

impl Parser<'_> {
    /// The base type of a declarator after its `vector_size(n)` attribute,
    /// which makes a vector of the number type the specifiers name (as gcc
    /// does, under any pointers and arrays of the declarator). On any other
    /// base type it does nothing, as in LuaJIT.
    pub(super) fn apply_vector_size(&mut self, base: CTypeId, attrs: &Attrs) -> PResult<CTypeId> {
        let Some(bytes) = attrs.vector_size else { return Ok(base) };
        let qual = self.table.get(base).qual;
        let elem = self.table.unqualified(base);
        if !is_real_number(self.table.kind(elem)) {
            return Ok(base);
        }
        let v = self.vector_of(elem, bytes)?;
        Ok(self.table.qualified(v, qual))
    }

    /// The type a declarator declares after its `mode(...)` attribute, which
    /// applies to that type as in gcc: a number becomes the number of the
    /// mode (`typedef int register_t __attribute__((mode(word)))` is 8 bytes);
    /// a pointer keeps its size (every pointer mode gcc takes on LP64 is 8
    /// bytes); an array's elements take the mode, as in LuaJIT (gcc refuses a
    /// mode on an array; ignoring it would give a layout neither computes);
    /// anything else is left as it is.
    pub(super) fn apply_mode_attribute(&mut self, ty: CTypeId, attrs: &Attrs) -> PResult<CTypeId> {
        let Some(mode) = attrs.mode else { return Ok(ty) };
        let qual = self.table.get(ty).qual;
        let plain = self.table.unqualified(ty);
        if let CKind::Array { elem, len } = self.table.kind(plain).clone() {
            let moded = self.apply_mode_attribute(elem, attrs)?;
            if moded == elem {
                return Ok(ty);
            }
            let mut array = self.table.get(plain).clone();
            array.kind = CKind::Array { elem: moded, len };
            let array = self.table.intern(array);
            return Ok(self.table.qualified(array, qual));
        }
        let moded = self.apply_mode(plain, mode)?;
        Ok(if moded == plain { ty } else { self.table.qualified(moded, qual) })
    }

    /// `ty` (unqualified) in machine mode `mode`.
    fn apply_mode(&mut self, ty: CTypeId, mode: MachineMode) -> PResult<CTypeId> {
        let scalar = match (mode.class, self.table.kind(ty).clone()) {
            (ModeClass::Int, CKind::Int { signed, .. } | CKind::Int128 { signed }) => int_type(mode.size, signed),
            (ModeClass::Float, CKind::Float { .. } | CKind::Float128) => float_type(mode.size),
            (ModeClass::ComplexInt | ModeClass::ComplexFloat, CKind::Complex { part }) => {
                let part = match (mode.class, self.table.kind(part).clone()) {
                    (ModeClass::ComplexInt, CKind::Int { signed, .. } | CKind::Int128 { signed }) => {
                        int_type(mode.size, signed)
                    }
                    (ModeClass::ComplexFloat, CKind::Float { .. } | CKind::Float128) => float_type(mode.size),
                    _ => return Err(self.err_plain(msg::INVALID_TYPE)),
                };
                return Ok(self.table.intern(CType::new(CKind::Complex { part })));
            }
            // A mode of another class than the number's (gcc: "inappropriate type").
            (
                _,
                CKind::Int { .. }
                | CKind::Int128 { .. }
                | CKind::Float { .. }
                | CKind::Float128
                | CKind::Complex { .. },
            ) => {
                return Err(self.err_plain(msg::INVALID_TYPE));
            }
            _ => return Ok(ty),
        };
        match mode.vector {
            Some(n) => {
                let bytes = (self.table.size_of(scalar).unwrap_or(0) as u32).checked_mul(n);
                self.vector_of(scalar, bytes.ok_or_else(|| self.err_plain(msg::INVALID_SIZE))?)
            }
            None => Ok(scalar),
        }
    }

    /// A vector of `bytes` bytes of the number type `elem` (unqualified): gcc
    /// wants a whole power-of-two number of elements.
    fn vector_of(&mut self, elem: CTypeId, bytes: u32) -> PResult<CTypeId> {
        if !is_real_number(self.table.kind(elem)) {
            return Err(self.err_plain(msg::INVALID_TYPE));
        }
        let size = self.table.size_of(elem).unwrap_or(1) as u32;
        let len = bytes / size;
        if bytes % size != 0 || !len.is_power_of_two() {
            return Err(self.err_plain(msg::BAD_VALUE));
        }
        if bytes as usize > MAX_TYPE_SIZE {
            return Err(self.err_plain(msg::INVALID_SIZE));
        }
        Ok(self.table.intern(CType::new(CKind::Vector { elem, len })))
    }
}
