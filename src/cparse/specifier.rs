//! Declaration specifiers (`const unsigned long`, `struct foo`, a typedef name,
//! storage classes) and the attribute syntax that may appear among them.

use super::error::msg;
use super::keywords::{conv_attribute, Kw, Storage};
use super::lexer::Tok;
use super::parser::{PResult, Parser};
use crate::ctype::{CTypeId, CallConv, Qual, LONG_DOUBLE_SIZE};

/// `aligned` without an argument: the largest alignment the target uses.
const MAX_ALIGN: u32 = 16;

/// The largest alignment a declaration can ask for, as in LuaJIT (its type
/// info holds log2 of the alignment in 4 bits: `CTMASK_ALIGN`, 2^15); larger
/// `aligned(n)` values are capped to it. Every cdata is over-allocated by its
/// alignment, so this also bounds that padding.
const ALIGN_LIMIT: u32 = 1 << 15;

/// Attributes collected from `__attribute__`, `__declspec`, `__asm__` and
/// calling-convention keywords.
#[derive(Clone, Debug, Default)]
pub(super) struct Attrs {
    /// `aligned(n)` / `__declspec(align(n))`.
    pub aligned: Option<u32>,
    /// `packed`.
    pub packed: bool,
    /// `__asm__("symbol")`.
    pub asm_name: Option<String>,
    /// A calling convention.
    pub conv: CallConv,
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

/// Counts of the basic type keywords.
#[derive(Default)]
struct Basics {
    void: bool,
    bool_: bool,
    char_: bool,
    short: bool,
    int: bool,
    longs: u8,
    float: bool,
    double: bool,
    signed: bool,
    unsigned: bool,
    sized: Option<u8>,
    complex: bool,
}

impl Basics {
    fn is_empty(&self) -> bool {
        !(self.void
            || self.bool_
            || self.char_
            || self.short
            || self.int
            || self.longs > 0
            || self.float
            || self.double
            || self.signed
            || self.unsigned
            || self.sized.is_some()
            || self.complex)
    }

    /// Records `kw`; false when it is not a basic type keyword or repeats one
    /// (`int int` ends the specifiers, as in LuaJIT).
    fn add(&mut self, kw: Kw) -> bool {
        let flag = match kw {
            Kw::Void => &mut self.void,
            Kw::Bool => &mut self.bool_,
            Kw::Char => &mut self.char_,
            Kw::Short => &mut self.short,
            Kw::Int => &mut self.int,
            Kw::Float => &mut self.float,
            Kw::Double => &mut self.double,
            Kw::Signed => &mut self.signed,
            Kw::Unsigned => &mut self.unsigned,
            Kw::Complex => &mut self.complex,
            Kw::Long if self.longs < 2 => {
                self.longs += 1;
                return true;
            }
            Kw::SizedInt(n) if self.sized.is_none() => {
                self.sized = Some(n);
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
                Tok::Type(id) if free => {
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
        Ok(Spec { ty, storage, attrs, tag_only })
    }

    /// The type the basic keywords spell (LP64: `long` is 64-bit).
    fn basic_type(&self, b: &Basics) -> PResult<CTypeId> {
        let pick = |signed: CTypeId, unsigned: CTypeId| if b.unsigned { unsigned } else { signed };
        Ok(if b.complex {
            return Err(self.err_plain(msg::INVALID_TYPE));
        } else if b.void {
            CTypeId::VOID
        } else if b.bool_ {
            CTypeId::BOOL
        } else if b.float {
            CTypeId::FLOAT
        } else if b.double {
            if b.longs > 0 && LONG_DOUBLE_SIZE != 8 {
                CTypeId::LONG_DOUBLE
            } else {
                CTypeId::DOUBLE
            }
        } else if b.char_ {
            if b.unsigned {
                CTypeId::UCHAR
            } else if b.signed {
                CTypeId::SCHAR
            } else {
                CTypeId::CHAR
            }
        } else if let Some(n) = b.sized {
            match n {
                1 => pick(CTypeId::SCHAR, CTypeId::UCHAR),
                2 => pick(CTypeId::INT16, CTypeId::UINT16),
                4 => pick(CTypeId::INT32, CTypeId::UINT32),
                _ => pick(CTypeId::INT64, CTypeId::UINT64),
            }
        } else if b.short {
            pick(CTypeId::INT16, CTypeId::UINT16)
        } else if b.longs > 0 {
            pick(CTypeId::INT64, CTypeId::UINT64)
        } else if b.int || b.signed || b.unsigned {
            pick(CTypeId::INT32, CTypeId::UINT32)
        } else {
            return Err(self.err_near(msg::DECL_SPEC));
        })
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
                    while let Tok::Str(s) = self.peek() {
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
