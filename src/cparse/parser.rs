//! The parser state, token helpers, and the two entry points: a list of
//! declarations (`ffi.cdef`) and a single abstract type (`ffi.typeof`).
//!
//! Like LuaJIT's, this is not a validating C parser: it accepts what real,
//! preprocessed headers contain and turns it into table entries as it goes.

use super::error::{msg, printable, CParseError};
use super::keywords::{keyword, Kw, Storage};
use super::lexer::{tokenize, PackOp, Tok, Token};
use super::specifier::Attrs;
use crate::ctype::{CKind, CTypeId, CTypeTable, Declaration, Name, TypeParam, MAX_TYPE_DEPTH};

/// Result of a parse step.
pub(super) type PResult<T> = Result<T, CParseError>;

/// How deeply records, declarators and expressions may nest in the source,
/// counted together (real headers stay below 10). Each level costs at most
/// about 1.2 KB of stack in a debug build (decl_spec -> record -> members ->
/// decl_spec is the most), so the deepest parse fits a 256 KB thread stack
/// with room for its caller; `tests::deep_nesting_on_a_small_stack` checks it.
pub(super) const MAX_DEPTH: u32 = 64;

/// Parser state over one source.
pub(super) struct Parser<'t> {
    pub(super) table: &'t mut CTypeTable,
    toks: Vec<Token>,
    pos: usize,
    /// `#pragma pack` values; the last one is in force (`None`: natural).
    pack: Vec<Option<u32>>,
    /// Whether naming an unknown tag declares it (cdef) or is an error (types).
    pub(super) implicit_tags: bool,
    depth: u32,
    /// The parameters declared so far in the parameter lists being parsed,
    /// innermost last: their names may size later array parameters.
    pub(super) param_scope: Vec<(String, CTypeId)>,
    /// How many parameter lists are being parsed.
    param_depth: u32,
}

/// Parses `source` as declarations into `table`.
pub(crate) fn parse_declarations(table: &mut CTypeTable, source: &[u8]) -> PResult<()> {
    parse_declarations_with(table, source, &[])
}

/// Parses `source` as declarations into `table`, filling `$` from `params`
/// (`ffi.cdef(text, ...)`).
pub(crate) fn parse_declarations_with(table: &mut CTypeTable, source: &[u8], params: &[TypeParam]) -> PResult<()> {
    let (toks, used) = tokenize(source, params);
    let mut p = Parser::new(table, toks, true)?;
    p.declarations()?;
    if used != params.len() {
        return Err(p.err_plain(msg::PARAM_COUNT));
    }
    Ok(())
}

/// Parses `source` as one abstract type, filling `$` from `params`.
pub(crate) fn parse_type(table: &mut CTypeTable, source: &[u8], params: &[TypeParam]) -> PResult<CTypeId> {
    let (toks, used) = tokenize(source, params);
    let mut p = Parser::new(table, toks, false)?;
    let ty = p.type_name()?;
    if !matches!(p.peek(), Tok::Eof) {
        return Err(p.err_expected("'<eof>'"));
    }
    if used != params.len() {
        return Err(p.err_plain(msg::PARAM_COUNT));
    }
    Ok(ty)
}

impl<'t> Parser<'t> {
    fn new(table: &'t mut CTypeTable, toks: Vec<Token>, implicit_tags: bool) -> PResult<Parser<'t>> {
        let p = Parser {
            table,
            toks,
            pos: 0,
            pack: vec![None],
            implicit_tags,
            depth: 0,
            param_scope: Vec::new(),
            param_depth: 0,
        };
        p.check_error()?;
        Ok(p)
    }

    // ---- tokens ---------------------------------------------------------------------

    /// The current token.
    pub(super) fn peek(&self) -> &Tok {
        &self.toks[self.pos].tok
    }

    /// The token `n` places ahead (the final `Eof` repeats).
    pub(super) fn peek_at(&self, n: usize) -> &Tok {
        &self.toks[(self.pos + n).min(self.toks.len() - 1)].tok
    }

    fn check_error(&self) -> PResult<()> {
        match &self.toks[self.pos].tok {
            Tok::Error(e) | Tok::Lenient(e) => Err(e.clone()),
            _ => Ok(()),
        }
    }

    /// Moves to the next token inside text that is skipped unparsed (a
    /// function body, an attribute's arguments): as LuaJIT does there, a
    /// token that is only an error where the parser needs it (a floating-point
    /// literal, a stray character) is passed over.
    fn next_skipping(&mut self) -> PResult<()> {
        self.table.count_work(1);
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        match &self.toks[self.pos].tok {
            Tok::Error(e) => Err(e.clone()),
            _ => Ok(()),
        }
    }

    /// Whether a parameter list is being parsed.
    pub(super) fn in_parameters(&self) -> bool {
        self.param_depth > 0
    }

    /// Enters or leaves a parameter list.
    pub(super) fn set_in_parameters(&mut self, on: bool) {
        if on {
            self.param_depth += 1;
        } else {
            self.param_depth -= 1;
        }
    }

    /// Moves to the next token, raising it if it is a lexical error.
    pub(super) fn next(&mut self) -> PResult<()> {
        self.table.count_work(1);
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        self.check_error()
    }

    /// Whether the current token is the punctuator `p`.
    pub(super) fn is_punct(&self, p: &str) -> bool {
        matches!(self.peek(), Tok::Punct(q) if *q == p)
    }

    /// Consumes `p` if it is next.
    pub(super) fn accept(&mut self, p: &str) -> PResult<bool> {
        if self.is_punct(p) {
            self.next()?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Consumes `p` or fails with `'p' expected near ...`.
    pub(super) fn expect(&mut self, p: &str) -> PResult<()> {
        if self.accept(p)? {
            return Ok(());
        }
        Err(self.err_expected(&format!("'{p}'")))
    }

    /// The keyword the current token is, if any.
    pub(super) fn peek_keyword(&self) -> Option<Kw> {
        match self.peek() {
            Tok::Ident(s) => keyword(s),
            _ => None,
        }
    }

    /// The current token as a plain identifier (not a keyword).
    pub(super) fn peek_name(&self) -> Option<String> {
        match self.peek() {
            Tok::Ident(s) if keyword(s).is_none() => Some(s.clone()),
            _ => None,
        }
    }

    /// Whether `tok` can begin a type: a type keyword, a typedef name or `$`.
    pub(super) fn starts_type(&self, tok: &Tok) -> bool {
        match tok {
            Tok::Type(_) | Tok::TypedInt(..) => true,
            Tok::Ident(s) => match keyword(s) {
                Some(k) => k.starts_type(),
                None => self.table.typedef(s).is_some(),
            },
            _ => false,
        }
    }

    // ---- errors ---------------------------------------------------------------------

    /// `what expected near '<current token>'`.
    pub(super) fn err_expected(&self, what: &str) -> CParseError {
        self.err_near(&format!("{what} expected"))
    }

    /// `m near '<current token>'`.
    pub(super) fn err_near(&self, m: &str) -> CParseError {
        let t = &self.toks[self.pos];
        CParseError::new(m, Some(&t.text), t.line)
    }

    /// `m`, with only the line.
    pub(super) fn err_plain(&self, m: &str) -> CParseError {
        CParseError::new(m, None, self.toks[self.pos].line)
    }

    /// `attempt to redefine 'name'`.
    pub(super) fn err_redefine(&self, name: &str) -> CParseError {
        self.err_plain(&format!("attempt to redefine '{}'", printable(name)))
    }

    /// Counts one more level of nesting, failing past the limit.
    pub(super) fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err_plain(msg::TOO_DEEP));
        }
        Ok(())
    }

    /// Leaves a level entered with `enter`.
    pub(super) fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Refuses a type that nests deeper than the table allows (typedefs can
    /// stack levels without nesting in the source).
    pub(super) fn check_depth(&self, ty: CTypeId) -> PResult<()> {
        if self.table.depth(ty) > MAX_TYPE_DEPTH {
            return Err(self.err_plain(msg::TOO_DEEP));
        }
        Ok(())
    }

    // ---- #pragma pack -----------------------------------------------------------------

    /// The `#pragma pack` value in force.
    pub(super) fn current_pack(&self) -> Option<u32> {
        *self.pack.last().expect("pack stack")
    }

    /// Consumes and applies a `#pragma pack` token, if that is what comes next.
    pub(super) fn take_pack(&mut self) -> PResult<bool> {
        let Tok::Pack(op) = *self.peek() else { return Ok(false) };
        self.apply_pack(op);
        self.next()?;
        Ok(true)
    }

    /// Applies a `#pragma pack` directive.
    fn apply_pack(&mut self, op: PackOp) {
        match op {
            PackOp::Push(n) => {
                let cur = self.current_pack();
                self.pack.push(n.unwrap_or(cur));
            }
            PackOp::Pop => {
                if self.pack.len() > 1 {
                    self.pack.pop();
                }
            }
            PackOp::Set(n) => *self.pack.last_mut().expect("pack stack") = n,
        }
    }

    // ---- declarations -----------------------------------------------------------------

    /// `decl; decl; ...` until the end (the last `;` may be left out after a single
    /// declaration, as LuaJIT allows).
    fn declarations(&mut self) -> PResult<()> {
        let mut first = true;
        loop {
            if self.take_pack()? {
                continue;
            }
            match self.peek() {
                Tok::Eof => return Ok(()),
                Tok::Punct(";") => {
                    self.next()?;
                    first = false;
                    continue;
                }
                _ => {}
            }
            let had_body = self.declaration()?;
            if !had_body {
                if matches!(self.peek(), Tok::Eof) && first {
                    return Ok(());
                }
                self.expect(";")?;
            }
            first = false;
        }
    }

    /// One declaration without its `;`. True when it ended with a function body,
    /// which is skipped and needs no `;`.
    fn declaration(&mut self) -> PResult<bool> {
        let spec = self.decl_spec(&[Storage::Typedef, Storage::Extern, Storage::Static])?;
        if spec.tag_only && (self.is_punct(";") || matches!(self.peek(), Tok::Eof)) {
            return Ok(false); // `struct foo;`, `struct foo {...};`, `enum {...};`
        }
        loop {
            let mut attrs = spec.attrs.for_declarator();
            let node = self.declarator(super::declarator::Mode::DIRECT, &mut attrs)?;
            let ty = self.resolve(spec.ty, &node, &attrs)?;
            if let Some(name) = node.name() {
                self.declare(name.to_string(), ty, spec.storage, &attrs)?;
            }
            if matches!(self.table.kind(ty), CKind::Function { .. }) && self.is_punct("{") {
                self.skip_braces()?;
                return Ok(true);
            }
            if !self.accept(",")? {
                return Ok(false);
            }
        }
    }

    /// Binds `name` according to its storage class and type.
    fn declare(&mut self, name: String, ty: CTypeId, storage: Option<Storage>, attrs: &Attrs) -> PResult<()> {
        let asm_name = attrs.asm_name.clone();
        let value = match storage {
            Some(Storage::Typedef) => {
                let ty = match attrs.aligned {
                    Some(n) if !matches!(self.table.kind(ty), CKind::Function { .. } | CKind::Reference { .. }) => {
                        self.table.with_align(ty, n)
                    }
                    _ => ty,
                };
                Name::Typedef(ty)
            }
            _ if matches!(self.table.kind(ty), CKind::Function { .. }) => {
                Name::Decl(Declaration::Function { ty, asm_name })
            }
            Some(Storage::Static) => {
                let value = self.const_init(ty)?;
                Name::Decl(Declaration::Constant { ty, value })
            }
            _ => Name::Decl(Declaration::Variable { ty, asm_name }),
        };
        self.bind(name, value);
        Ok(())
    }

    /// Binds an ordinary identifier. As in LuaJIT, a later declaration of a
    /// name that exists is ignored: the first one wins, whatever the second
    /// declares (`void *malloc(size_t); int malloc(float);`). One exception,
    /// which glibc's headers rely on: a redeclaration of a function or
    /// variable of the same type that adds an `__asm__` symbol name applies
    /// it (`fscanf` redirected to `__isoc99_fscanf`).
    pub(super) fn bind(&mut self, name: String, value: Name) {
        let adds_symbol = match (self.table.lookup_name(&name), &value) {
            (None, _) => true,
            (
                Some(Name::Decl(Declaration::Function { ty: a, asm_name: None })),
                Name::Decl(Declaration::Function { ty: b, asm_name: Some(_) }),
            )
            | (
                Some(Name::Decl(Declaration::Variable { ty: a, asm_name: None })),
                Name::Decl(Declaration::Variable { ty: b, asm_name: Some(_) }),
            ) => self.table.compatible(*a, *b),
            _ => false,
        };
        if adds_symbol {
            self.table.add_name(name, value);
        }
    }

    /// `= value` after a `static const` integer declaration.
    pub(super) fn const_init(&mut self, ty: CTypeId) -> PResult<i64> {
        let ct = self.table.get(ty);
        let integral = matches!(ct.kind, CKind::Int { .. } | CKind::Bool | CKind::Enum { .. });
        if !integral || !ct.qual.is_const {
            return Err(self.err_plain(msg::INVALID_TYPE));
        }
        self.expect("=")?;
        let v = self.const_expr()?;
        let v = self.convert_to(v, ty);
        self.constant_int(v).ok_or_else(|| self.err_plain(msg::BAD_VALUE))
    }

    /// Skips a function body `{ ... }` (LuaJIT ignores definitions too).
    fn skip_braces(&mut self) -> PResult<()> {
        self.skip_balanced("{", "}")
    }

    /// Skips a balanced `( ... )` starting at the current `(`.
    pub(super) fn skip_parens(&mut self) -> PResult<()> {
        self.skip_balanced("(", ")")
    }

    /// Skips from the current `open` through its matching `close`.
    fn skip_balanced(&mut self, open: &str, close: &str) -> PResult<()> {
        let mut level = 0;
        loop {
            match self.peek() {
                Tok::Punct(p) if *p == open => level += 1,
                Tok::Punct(p) if *p == close => {
                    level -= 1;
                    if level == 0 {
                        return self.next();
                    }
                }
                Tok::Eof => return Err(self.err_expected(&format!("'{close}'"))),
                _ => {}
            }
            self.next_skipping()?;
        }
    }

    /// An abstract type: specifiers and a declarator without a name
    /// (`int (*)[3]`); an `aligned(n)` attribute gives it that alignment, as
    /// in LuaJIT.
    pub(super) fn type_name(&mut self) -> PResult<CTypeId> {
        let spec = self.decl_spec(&[])?;
        let mut attrs = spec.attrs.for_declarator();
        let node = self.declarator(super::declarator::Mode::ABSTRACT, &mut attrs)?;
        let ty = self.resolve(spec.ty, &node, &attrs)?;
        Ok(match attrs.aligned {
            Some(n) if !matches!(self.table.kind(ty), CKind::Function { .. } | CKind::Reference { .. }) => {
                self.table.with_align(ty, n)
            }
            _ => ty,
        })
    }
}
