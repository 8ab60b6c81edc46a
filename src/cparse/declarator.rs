//! Declarators: the part after the specifiers that adds pointers, arrays and
//! function types around the base type and may name it (`*const p[3]`,
//! `(*cb)(int)`).
//!
//! A declarator is first parsed into a [`DeclNode`] tree and then resolved from
//! the base type outwards: the pointers of a level bind first, then its
//! suffixes right to left, then the parenthesised inner declarator.

use super::error::msg;
use super::keywords::{Kw, Storage};
use super::parser::{PResult, Parser};
use super::specifier::Attrs;
use crate::ctype::{ArrayLen, CKind, CType, CTypeId, CallConv, Qual, MAX_TYPE_SIZE};

/// Which declarator forms are allowed.
#[derive(Clone, Copy)]
pub(super) struct Mode {
    /// A name may appear.
    pub direct: bool,
    /// The name may be left out.
    pub abstract_: bool,
}

impl Mode {
    /// Named declarators only (top-level declarations).
    pub const DIRECT: Mode = Mode { direct: true, abstract_: false };
    /// Unnamed only (type expressions, casts, `sizeof`).
    pub const ABSTRACT: Mode = Mode { direct: false, abstract_: true };
    /// Either (parameters, struct members).
    pub const EITHER: Mode = Mode { direct: true, abstract_: true };
}

/// An array or function suffix.
pub(super) enum Suffix {
    /// `[n]`, `[?]`, `[]`.
    Array(ArrayLen),
    /// `(params)`.
    Func {
        /// Parameter types, decayed.
        params: Vec<CTypeId>,
        /// Parameter names as written.
        names: Vec<Option<String>>,
        /// `...` at the end.
        variadic: bool,
    },
}

/// One level of a declarator.
#[derive(Default)]
pub(super) struct DeclNode {
    /// The qualifiers after each `*`, innermost (closest to the base) first.
    ptrs: Vec<Qual>,
    /// A parenthesised inner declarator.
    inner: Option<Box<DeclNode>>,
    /// The declared name, at the innermost level.
    name: Option<String>,
    /// Array and function suffixes, left to right.
    suffixes: Vec<Suffix>,
}

impl DeclNode {
    /// The declared name, wherever it is nested.
    pub(super) fn name(&self) -> Option<&str> {
        self.name.as_deref().or_else(|| self.inner.as_ref().and_then(|i| i.name()))
    }
}

impl Parser<'_> {
    /// Parses a declarator; attributes found anywhere in it go to `attrs`.
    pub(super) fn declarator(&mut self, mode: Mode, attrs: &mut Attrs) -> PResult<DeclNode> {
        self.enter()?;
        let mut node = DeclNode::default();
        while self.accept("*")? {
            let mut q = Qual::NONE;
            loop {
                self.attributes(attrs)?;
                match self.peek_keyword() {
                    Some(Kw::Const) => q.is_const = true,
                    Some(Kw::Volatile) => q.is_volatile = true,
                    _ => break,
                }
                self.next()?;
            }
            node.ptrs.push(q);
        }
        if self.accept("(")? {
            self.attributes(attrs)?;
            // `(` then `)` or a type: a parameter list of an abstract declarator.
            if mode.abstract_ && (self.is_punct(")") || self.starts_type(self.peek())) {
                let f = self.params()?;
                node.suffixes.push(f);
            } else {
                node.inner = Some(Box::new(self.declarator(mode, attrs)?));
                self.expect(")")?;
            }
        } else if let Some(name) = self.peek_name() {
            if !mode.direct {
                return Err(self.err_expected("'<eof>'"));
            }
            node.name = Some(name);
            self.next()?;
        } else if !mode.abstract_ {
            return Err(self.err_expected("'<identifier>'"));
        }
        loop {
            if self.accept("[")? {
                let len = self.array_len(attrs)?;
                node.suffixes.push(Suffix::Array(len));
            } else if self.accept("(")? {
                let f = self.params()?;
                node.suffixes.push(f);
            } else {
                break;
            }
        }
        self.attributes(attrs)?;
        self.leave();
        Ok(node)
    }

    /// The inside of `[...]` and the `]`.
    fn array_len(&mut self, attrs: &mut Attrs) -> PResult<ArrayLen> {
        self.attributes(attrs)?;
        let len = if self.accept("?")? {
            ArrayLen::Vla
        } else if self.is_punct("]") {
            ArrayLen::Flexible
        } else {
            let v = self.const_expr()?.as_i64();
            if !(0..=MAX_TYPE_SIZE as i64).contains(&v) {
                return Err(self.err_plain(msg::INVALID_SIZE));
            }
            ArrayLen::Fixed(v as u64)
        };
        self.expect("]")?;
        Ok(len)
    }

    /// A parameter list after its `(`, through the `)`.
    fn params(&mut self) -> PResult<Suffix> {
        let (mut params, mut names, mut variadic) = (Vec::new(), Vec::new(), false);
        if !self.is_punct(")") {
            loop {
                if self.accept("...")? {
                    variadic = true;
                    break;
                }
                let spec = self.decl_spec(&[Storage::Register])?;
                let mut attrs = spec.attrs.for_declarator();
                let node = self.declarator(Mode::EITHER, &mut attrs)?;
                let ty = self.resolve(spec.ty, &node, attrs.conv)?;
                if matches!(self.table.kind(ty), CKind::Void) {
                    break; // `(void)`
                }
                let decayed = self.decay(ty);
                self.check_depth(decayed)?;
                params.push(decayed);
                names.push(node.name().map(str::to_string));
                if !self.accept(",")? {
                    break;
                }
            }
        }
        self.expect(")")?;
        Ok(Suffix::Func { params, names, variadic })
    }

    /// Parameter adjustment: arrays and functions are passed as pointers.
    fn decay(&mut self, ty: CTypeId) -> CTypeId {
        match self.table.kind(ty) {
            CKind::Array { elem, .. } => {
                let elem = *elem;
                self.table.pointer_to(elem)
            }
            CKind::Function { .. } => self.table.pointer_to(ty),
            _ => ty,
        }
    }

    /// The type `node` declares around `base`. Each level of the result is
    /// held to the table's nesting limit as it is made.
    pub(super) fn resolve(&mut self, base: CTypeId, node: &DeclNode, conv: CallConv) -> PResult<CTypeId> {
        let mut t = base;
        for q in &node.ptrs {
            t = self.table.pointer_to(t);
            self.check_depth(t)?;
            if !q.is_empty() {
                t = self.table.qualified(t, *q);
            }
        }
        for s in node.suffixes.iter().rev() {
            t = match s {
                Suffix::Array(len) => self.array_type(t, *len)?,
                Suffix::Func { params, names, variadic } => {
                    if matches!(self.table.kind(t), CKind::Function { .. } | CKind::Array { .. }) {
                        return Err(self.err_plain(msg::INVALID_TYPE));
                    }
                    let kind = CKind::Function {
                        ret: t,
                        params: params.clone(),
                        param_names: names.clone(),
                        variadic: *variadic,
                        conv,
                    };
                    self.table.intern(CType::new(kind))
                }
            };
            self.check_depth(t)?;
        }
        match &node.inner {
            Some(inner) => self.resolve(t, inner, conv),
            None => Ok(t),
        }
    }

    /// An array of `elem`, which must have a size (LuaJIT: at most 2^31-1 bytes).
    fn array_type(&mut self, elem: CTypeId, len: ArrayLen) -> PResult<CTypeId> {
        if matches!(self.table.kind(elem), CKind::Function { .. }) {
            return Err(self.err_plain(msg::INVALID_TYPE));
        }
        let Some(size) = self.table.size_of(elem) else {
            return Err(self.err_plain(msg::INVALID_SIZE));
        };
        if let ArrayLen::Fixed(n) = len {
            if (size as u64).checked_mul(n).is_none_or(|total| total > MAX_TYPE_SIZE as u64) {
                return Err(self.err_plain(msg::INVALID_SIZE));
            }
        }
        Ok(self.table.array_of(elem, len))
    }
}
