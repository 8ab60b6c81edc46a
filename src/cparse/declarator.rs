//! Declarators: the part after the specifiers that adds pointers, arrays and
//! function types around the base type and may name it (`*const p[3]`,
//! `(*cb)(int)`).
//!
//! A declarator is first parsed into a [`DeclNode`] tree and then resolved from
//! the base type outwards: the pointers of a level bind first, then its
//! suffixes right to left, then the parenthesised inner declarator.

use super::error::msg;
use super::keywords::{Kw, Storage};
use super::lexer::Tok;
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

/// A `*` or `&` of a declarator.
#[derive(Clone, Copy)]
enum Indirection {
    /// `*` with the qualifiers after it.
    Pointer(Qual),
    /// `&` (or `&&`): a C++ reference, as LuaJIT reads it.
    Reference,
}

/// One level of a declarator.
#[derive(Default)]
pub(super) struct DeclNode {
    /// Each `*` and `&`, innermost (closest to the base) first.
    ptrs: Vec<Indirection>,
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
        loop {
            let reference = if self.accept("*")? {
                false
            } else if self.accept("&")? || self.accept("&&")? {
                true
            } else {
                break;
            };
            let mut q = Qual::NONE;
            loop {
                self.attributes(attrs)?;
                match self.peek_keyword() {
                    Some(Kw::Const) => q.is_const = true,
                    Some(Kw::Volatile) => q.is_volatile = true,
                    Some(Kw::Atomic) => {}
                    _ => break,
                }
                self.next()?;
            }
            // A reference has no qualifiers of its own (LuaJIT drops them).
            node.ptrs.push(if reference { Indirection::Reference } else { Indirection::Pointer(q) });
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

    /// The inside of `[...]` and the `]`. As C99 allows in parameters, the
    /// size may follow qualifiers and `static` (`[static restrict 10]`), be `*`,
    /// or name an earlier parameter (`[__restrict n]`): such an array has no
    /// size of its own (it decays to a pointer).
    fn array_len(&mut self, attrs: &mut Attrs) -> PResult<ArrayLen> {
        loop {
            self.attributes(attrs)?;
            match self.peek_keyword() {
                Some(Kw::Const | Kw::Volatile | Kw::Atomic | Kw::Storage(Storage::Static)) => self.next()?,
                _ => break,
            }
        }
        let len = if self.accept("?")? {
            ArrayLen::Vla
        } else if self.is_punct("]") || (self.is_punct("*") && matches!(self.peek_at(1), Tok::Punct("]"))) {
            self.accept("*")?;
            ArrayLen::Flexible
        } else {
            let v = self.const_expr()?;
            match self.constant_int(v) {
                Some(v) if (0..=MAX_TYPE_SIZE as i64).contains(&v) => ArrayLen::Fixed(v as u64),
                Some(_) => return Err(self.err_plain(msg::INVALID_SIZE)),
                // Only a parameter's size can be unknown here: it names another parameter.
                None if self.in_parameters() => ArrayLen::Flexible,
                None => return Err(self.err_plain(msg::BAD_VALUE)),
            }
        };
        self.expect("]")?;
        Ok(len)
    }

    /// A parameter list after its `(`, through the `)`. The names of the
    /// parameters are in scope for the sizes of later array parameters.
    fn params(&mut self) -> PResult<Suffix> {
        let scope = self.param_scope.len();
        self.set_in_parameters(true);
        let result = self.params_in_scope();
        self.set_in_parameters(false);
        self.param_scope.truncate(scope);
        result
    }

    fn params_in_scope(&mut self) -> PResult<Suffix> {
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
                let ty = self.resolve_parameter(spec.ty, &node, &attrs)?;
                if matches!(self.table.kind(ty), CKind::Void) {
                    break; // `(void)`
                }
                let decayed = self.decay(ty);
                self.check_depth(decayed)?;
                params.push(decayed);
                let name = node.name().map(str::to_string);
                if let Some(n) = &name {
                    self.param_scope.push((n.clone(), decayed));
                }
                names.push(name);
                if !self.accept(",")? {
                    break;
                }
            }
        }
        self.expect(")")?;
        Ok(Suffix::Func { params, names, variadic })
    }

    /// Parameter adjustment: arrays and functions are passed as pointers
    /// (references, vectors and complex numbers are not arrays here).
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

    /// The type a parameter declares: as [`Parser::resolve`], except that an
    /// outermost array becomes the pointer it decays to before its element
    /// must have a size, so that `int m[n][k]` (sizes naming parameters) is
    /// `int (*)[]`.
    fn resolve_parameter(&mut self, base: CTypeId, node: &DeclNode, attrs: &Attrs) -> PResult<CTypeId> {
        let outer_array = node.inner.is_none() && matches!(node.suffixes.first(), Some(Suffix::Array(_)));
        if !outer_array {
            return self.resolve(base, node, attrs);
        }
        let base = self.apply_vector_size(base, attrs)?;
        let mut t = self.indirections(base, node)?;
        for s in node.suffixes[1..].iter().rev() {
            t = self.suffix(t, s, attrs.conv, true)?;
        }
        if matches!(self.table.kind(t), CKind::Function { .. } | CKind::Reference { .. }) {
            return Err(self.err_plain(msg::INVALID_TYPE));
        }
        let t = self.table.pointer_to(t);
        self.check_depth(t)?;
        Ok(t)
    }

    /// The type `node` declares around `base`, with the declaration's type
    /// attributes applied: `vector_size` to the base, `mode` to the result.
    pub(super) fn resolve(&mut self, base: CTypeId, node: &DeclNode, attrs: &Attrs) -> PResult<CTypeId> {
        let base = self.apply_vector_size(base, attrs)?;
        let ty = self.resolve_node(base, node, attrs.conv)?;
        self.apply_mode_attribute(ty, attrs)
    }

    /// The pointers and references of one level of a declarator around `base`.
    fn indirections(&mut self, base: CTypeId, node: &DeclNode) -> PResult<CTypeId> {
        let mut t = base;
        for level in &node.ptrs {
            // Nothing points to or refers to a reference (LuaJIT: invalid C type).
            if matches!(self.table.kind(t), CKind::Reference { .. }) {
                return Err(self.err_plain(msg::INVALID_TYPE));
            }
            t = match *level {
                Indirection::Pointer(q) => {
                    let p = self.table.pointer_to(t);
                    if q.is_empty() {
                        p
                    } else {
                        self.table.qualified(p, q)
                    }
                }
                Indirection::Reference => self.table.reference_to(t),
            };
            self.check_depth(t)?;
        }
        Ok(t)
    }

    /// The type `node` declares around `base`. Each level of the result is
    /// held to the table's nesting limit as it is made.
    fn resolve_node(&mut self, base: CTypeId, node: &DeclNode, conv: CallConv) -> PResult<CTypeId> {
        let mut t = self.indirections(base, node)?;
        for s in node.suffixes.iter().rev() {
            t = self.suffix(t, s, conv, false)?;
        }
        match &node.inner {
            Some(inner) => self.resolve_node(t, inner, conv),
            None => Ok(t),
        }
    }

    /// An array or function suffix applied to `t`. In a parameter, an array
    /// may have elements of no known size (`int m[n][k]`): it only decays.
    fn suffix(&mut self, t: CTypeId, s: &Suffix, conv: CallConv, in_parameter: bool) -> PResult<CTypeId> {
        let t = match s {
            Suffix::Array(len) if in_parameter && self.table.size_of(t).is_none() => {
                if matches!(self.table.kind(t), CKind::Function { .. } | CKind::Reference { .. } | CKind::Void) {
                    return Err(self.err_plain(msg::INVALID_TYPE));
                }
                self.table.array_of(t, *len)
            }
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
        Ok(t)
    }

    /// An array of `elem`, which must have a size (LuaJIT: at most 2^31-1 bytes).
    fn array_type(&mut self, elem: CTypeId, len: ArrayLen) -> PResult<CTypeId> {
        if matches!(self.table.kind(elem), CKind::Function { .. } | CKind::Reference { .. }) {
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
