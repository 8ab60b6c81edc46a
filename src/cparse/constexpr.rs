//! Constant expressions, as found in array sizes, enum values, bitfield
//! widths, `aligned(n)` and `static const` initializers.
//!
//! Integers carry C's `int` / `unsigned int` / `long` / `unsigned long` typing
//! and the usual arithmetic conversions, so `-1 >> 1`, `1u << 31` and
//! `0xffffffff` come out as a C compiler computes them (LuaJIT only has 32
//! bits here). Every value also has its C type, as in LuaJIT's evaluator, so
//! that `sizeof` measures any expression (`sizeof("aa" "bb")`,
//! `sizeof(((struct s *)0)->f)`, `sizeof ext.member`), and objects have an
//! address when it is known: `&((struct s *)0)->f` is the member's offset, as
//! in C. Reading an object (an extern variable, a dereference) gives a value
//! that is not known when declaring: only `sizeof`, `&` and member access may
//! use it.

use super::error::{msg, printable};
use super::keywords::Kw;
use super::lexer::{IntLit, Tok};
use super::parser::{PResult, Parser};
use crate::ctype::{ArrayLen, CKind, CTypeId, Declaration};

/// A value of a constant expression with its C type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Value {
    /// The bits, kept sign- or zero-extended to 64 according to the type.
    bits: u64,
    /// Arithmetic on it is unsigned.
    unsigned: bool,
    /// Arithmetic on it is 64-bit (`long`) rather than 32-bit (`int`).
    wide: bool,
    /// The expression's C type: what `sizeof` measures and what `.`, `->`,
    /// `[]`, `*` and `&` act on.
    ty: CTypeId,
    /// Whether `bits` hold the value: false for what reads an object whose
    /// value is unknown when declaring.
    known: bool,
    /// Set when the expression designates an object: its address, if known.
    object: Option<Option<u64>>,
}

impl Value {
    fn new(bits: u64, unsigned: bool, wide: bool) -> Value {
        let bits = match (wide, unsigned) {
            (true, _) => bits,
            (false, true) => bits & 0xffff_ffff,
            (false, false) => bits as u32 as i32 as i64 as u64,
        };
        let ty = match (wide, unsigned) {
            (false, false) => CTypeId::INT32,
            (false, true) => CTypeId::UINT32,
            (true, false) => CTypeId::INT64,
            (true, true) => CTypeId::UINT64,
        };
        Value { bits, unsigned, wide, ty, known: true, object: None }
    }

    /// An `int`.
    fn int(v: i64) -> Value {
        Value::new(v as u64, false, false)
    }

    /// A `size_t`.
    fn size(n: u64) -> Value {
        Value::new(n, true, true)
    }

    /// An object of type `ty` at `address` (if known); its value is unknown.
    fn object(ty: CTypeId, address: Option<u64>) -> Value {
        Value { bits: 0, unsigned: false, wide: true, ty, known: false, object: Some(address) }
    }

    fn from_lit(l: IntLit) -> Value {
        Value::new(l.value, l.unsigned, l.wide)
    }

    fn with_type(self, unsigned: bool, wide: bool) -> Value {
        Value { known: self.known, ..Value::new(self.bits, unsigned, wide) }
    }

    /// The address of the object the value designates, if known.
    fn address(self) -> Option<u64> {
        self.object.flatten()
    }
}

/// The type both operands convert to: the wider one; unsigned if either is
/// unsigned at that width.
fn common(a: Value, b: Value) -> (bool, bool) {
    let wide = a.wide || b.wide;
    let unsigned = match (a.wide, b.wide) {
        (true, false) => a.unsigned,
        (false, true) => b.unsigned,
        _ => a.unsigned || b.unsigned,
    };
    (unsigned, wide)
}

/// Binary operators by precedence, loosest first.
const BINARY: &[&[&str]] = &[
    &["||"],
    &["&&"],
    &["|"],
    &["^"],
    &["&"],
    &["==", "!="],
    &["<", ">", "<=", ">="],
    &["<<", ">>"],
    &["+", "-"],
    &["*", "/", "%"],
];

impl Parser<'_> {
    /// A full constant expression (with `?:`), of any type.
    pub(super) fn const_expr(&mut self) -> PResult<Value> {
        self.enter()?;
        let cond = self.binary()?;
        let v = if self.accept("?")? {
            let cond = self.rvalue(cond);
            let a = self.const_expr()?;
            self.expect(":")?;
            let b = self.const_expr()?;
            let (a, b) = (self.rvalue(a), self.rvalue(b));
            let (unsigned, wide) = common(a, b);
            let chosen = if cond.bits != 0 { a } else { b }.with_type(unsigned, wide);
            Value { known: cond.known && chosen.known, ..chosen }
        } else {
            cond
        };
        self.leave();
        Ok(v)
    }

    /// Expressions separated by `,`: the last one.
    fn comma_expr(&mut self) -> PResult<Value> {
        let mut v = self.const_expr()?;
        while self.accept(",")? {
            v = self.const_expr()?;
        }
        Ok(v)
    }

    /// An integer constant expression: its value, or `invalid value` when it
    /// is not an integer known when declaring (as LuaJIT's `cp_expr_kint`).
    pub(super) fn const_int(&mut self) -> PResult<i64> {
        let v = self.const_expr()?;
        self.constant_int(v).ok_or_else(|| self.err_plain(msg::BAD_VALUE))
    }

    /// The value of `v` when it is a known integer (or enum or bool).
    pub(super) fn constant_int(&self, v: Value) -> Option<i64> {
        let integral = matches!(self.table.kind(v.ty), CKind::Int { .. } | CKind::Bool | CKind::Enum { .. });
        (v.known && integral).then_some(v.bits as i64)
    }

    /// A size or count: non-negative and below 2^31 (LuaJIT's limit).
    pub(super) fn const_size(&mut self) -> PResult<u32> {
        let v = self.const_int()?;
        match u32::try_from(v) {
            Ok(n) if n < 0x8000_0000 => Ok(n),
            _ => Err(self.err_plain(msg::INVALID_SIZE)),
        }
    }

    /// The binary operator at the current token and its precedence level.
    fn binary_op(&self) -> Option<(&'static str, usize)> {
        let Tok::Punct(p) = self.peek() else { return None };
        BINARY.iter().position(|ops| ops.contains(p)).map(|level| (*p, level))
    }

    /// Operands joined by binary operators, left-associative by precedence.
    /// Operator precedence parsing with explicit stacks: a long or mixed chain
    /// of operators takes no stack depth.
    fn binary(&mut self) -> PResult<Value> {
        let mut values = vec![self.unary()?];
        let mut ops: Vec<(&'static str, usize)> = Vec::new();
        loop {
            let next = self.binary_op();
            // Apply what binds at least as tightly as the next operator.
            while let Some(&(op, level)) = ops.last() {
                if next.is_some_and(|(_, l)| l > level) {
                    break;
                }
                ops.pop();
                let rhs = values.pop().expect("operand stack");
                let lhs = values.pop().expect("operand stack");
                values.push(self.apply(op, lhs, rhs)?);
            }
            let Some(op) = next else { break };
            self.next()?;
            ops.push(op);
            values.push(self.unary()?);
        }
        Ok(values.pop().expect("operand stack"))
    }

    fn apply(&mut self, op: &str, a: Value, b: Value) -> PResult<Value> {
        let (a, b) = (self.rvalue(a), self.rvalue(b));
        if let Some(v) = self.pointer_arithmetic(op, a, b) {
            return Ok(v);
        }
        let (unsigned, wide) = common(a, b);
        let (x, y) = (a.with_type(unsigned, wide), b.with_type(unsigned, wide));
        let (ux, uy, sx, sy) = (x.bits, y.bits, x.bits as i64, y.bits as i64);
        let known = a.known && b.known;
        let cmp = |r: bool| Ok(Value { known, ..Value::int(r as i64) });
        let arith = |bits: u64| Ok(Value { known, ..Value::new(bits, unsigned, wide) });
        match op {
            // A known operand that decides the result makes it known.
            "||" if (a.known && a.bits != 0) || (b.known && b.bits != 0) => Ok(Value::int(1)),
            "&&" if (a.known && a.bits == 0) || (b.known && b.bits == 0) => Ok(Value::int(0)),
            "||" => cmp(a.bits != 0 || b.bits != 0),
            "&&" => cmp(a.bits != 0 && b.bits != 0),
            "|" => arith(ux | uy),
            "^" => arith(ux ^ uy),
            "&" => arith(ux & uy),
            "==" => cmp(ux == uy),
            "!=" => cmp(ux != uy),
            "<" => cmp(if unsigned { ux < uy } else { sx < sy }),
            ">" => cmp(if unsigned { ux > uy } else { sx > sy }),
            "<=" => cmp(if unsigned { ux <= uy } else { sx <= sy }),
            ">=" => cmp(if unsigned { ux >= uy } else { sx >= sy }),
            // Shifts keep the left operand's type.
            "<<" => Ok(Value { known, ..Value::new(a.bits.wrapping_shl(b.bits as u32 & 63), a.unsigned, a.wide) }),
            ">>" if a.unsigned => {
                Ok(Value { known, ..Value::new(a.bits.wrapping_shr(b.bits as u32 & 63), true, a.wide) })
            }
            ">>" => Ok(Value {
                known,
                ..Value::new((a.bits as i64).wrapping_shr(b.bits as u32 & 63) as u64, false, a.wide)
            }),
            "+" => arith(ux.wrapping_add(uy)),
            "-" => arith(ux.wrapping_sub(uy)),
            "*" => arith(ux.wrapping_mul(uy)),
            "/" | "%" => {
                if !known {
                    return arith(0);
                }
                if uy == 0 {
                    return Err(self.err_plain(msg::BAD_VALUE));
                }
                let r = match (op, unsigned) {
                    ("/", true) => ux / uy,
                    ("/", false) => sx.wrapping_div(sy) as u64,
                    (_, true) => ux % uy,
                    _ => sx.wrapping_rem(sy) as u64,
                };
                arith(r)
            }
            _ => unreachable!("operator table"),
        }
    }

    /// `p + n`, `n + p`, `p - n` (scaled by the size of `*p`) and `p - q` (in
    /// elements); `None` when no operand is a pointer.
    fn pointer_arithmetic(&self, op: &str, a: Value, b: Value) -> Option<Value> {
        let pointee = |v: Value| match self.table.kind(v.ty) {
            // As gcc, `void *` arithmetic counts bytes.
            CKind::Pointer { to } => Some(self.table.size_of(*to).unwrap_or(1).max(1) as u64),
            _ => None,
        };
        let known = a.known && b.known;
        let pointer = |bits: u64, ty: CTypeId| Value { bits, unsigned: true, wide: true, ty, known, object: None };
        match (op, pointee(a), pointee(b)) {
            ("-", Some(size), Some(_)) => Some(Value {
                known,
                ..Value::new(((a.bits.wrapping_sub(b.bits)) as i64 / size as i64) as u64, false, true)
            }),
            ("+", Some(size), None) => Some(pointer(a.bits.wrapping_add(b.bits.wrapping_mul(size)), a.ty)),
            ("-", Some(size), None) => Some(pointer(a.bits.wrapping_sub(b.bits.wrapping_mul(size)), a.ty)),
            ("+", None, Some(size)) => Some(pointer(b.bits.wrapping_add(a.bits.wrapping_mul(size)), b.ty)),
            _ => None,
        }
    }

    /// The value an expression gives where a value is used: an array becomes
    /// a pointer to its first element and a function a pointer to it (both
    /// known when their address is), anything else is its value.
    fn rvalue(&mut self, v: Value) -> Value {
        let ty = self.table.unreferenced(v.ty);
        let decayed = match self.table.kind(ty) {
            CKind::Array { elem, .. } => {
                let elem = *elem;
                self.table.pointer_to(elem)
            }
            CKind::Function { .. } => self.table.pointer_to(ty),
            _ => return Value { object: None, ty, ..v },
        };
        let address = v.address();
        Value {
            bits: address.unwrap_or(0),
            unsigned: true,
            wide: true,
            ty: decayed,
            known: address.is_some(),
            object: None,
        }
    }

    fn unary(&mut self) -> PResult<Value> {
        self.enter()?;
        let v = self.unary_inner()?;
        self.leave();
        Ok(v)
    }

    fn unary_inner(&mut self) -> PResult<Value> {
        match self.peek().clone() {
            Tok::Punct("+") => {
                self.next()?;
                let v = self.unary()?;
                Ok(self.rvalue(v))
            }
            Tok::Punct("-") => {
                self.next()?;
                let v = self.unary()?;
                let v = self.rvalue(v);
                Ok(Value { known: v.known, ..Value::new(v.bits.wrapping_neg(), v.unsigned, v.wide) })
            }
            Tok::Punct("~") => {
                self.next()?;
                let v = self.unary()?;
                let v = self.rvalue(v);
                Ok(Value { known: v.known, ..Value::new(!v.bits, v.unsigned, v.wide) })
            }
            Tok::Punct("!") => {
                self.next()?;
                let v = self.unary()?;
                let v = self.rvalue(v);
                Ok(Value { known: v.known, ..Value::int((v.bits == 0) as i64) })
            }
            Tok::Punct("*") => {
                self.next()?;
                let v = self.unary()?;
                self.dereference(v, 0)
            }
            Tok::Punct("&") => {
                self.next()?;
                let v = self.unary()?;
                let ty = self.table.unreferenced(v.ty);
                let pointer = self.table.pointer_to(ty);
                let address = v.address();
                Ok(Value {
                    bits: address.unwrap_or(0),
                    unsigned: true,
                    wide: true,
                    ty: pointer,
                    known: address.is_some(),
                    object: None,
                })
            }
            Tok::Punct("(") if self.starts_type(self.peek_at(1)) => {
                self.next()?;
                let ty = self.type_name()?;
                self.expect(")")?;
                let v = self.unary()?;
                let v = self.rvalue(v);
                Ok(self.convert_to(v, ty))
            }
            Tok::Ident(_) if matches!(self.peek_keyword(), Some(Kw::Sizeof | Kw::Alignof)) => {
                let size = self.peek_keyword() == Some(Kw::Sizeof);
                self.next()?;
                self.size_operator(size)
            }
            _ => {
                let v = self.primary()?;
                self.postfix(v)
            }
        }
    }

    /// A literal, a name, `__builtin_offsetof(...)` or `( expression )`.
    fn primary(&mut self) -> PResult<Value> {
        match self.peek().clone() {
            Tok::Int(lit) | Tok::TypedInt(_, lit) => {
                self.next()?;
                Ok(Value::from_lit(lit))
            }
            Tok::Str(_, len) => {
                // Adjacent literals are one string: `sizeof("aa" "bb")` is 5.
                let mut total = len;
                self.next()?;
                while let Tok::Str(_, len) = *self.peek() {
                    total += len;
                    self.next()?;
                }
                let ty = self.table.array_of(CTypeId::CHAR, ArrayLen::Fixed(total as u64 + 1));
                Ok(Value::object(ty, None))
            }
            Tok::Punct("(") => {
                self.next()?;
                let v = self.comma_expr()?;
                self.expect(")")?;
                Ok(v)
            }
            Tok::Ident(s) if s == "__builtin_offsetof" && self.peek_keyword().is_none() => self.builtin_offsetof(),
            Tok::Ident(s) if self.peek_keyword().is_none() => {
                let v = self.name_value(&s).ok_or_else(|| self.err_near(msg::UNEXPECTED))?;
                self.next()?;
                Ok(v)
            }
            _ => Err(self.err_near(msg::UNEXPECTED)),
        }
    }

    /// What a name stands for in an expression: an earlier parameter (in an
    /// array parameter's size), a constant, a variable or a function.
    fn name_value(&self, name: &str) -> Option<Value> {
        if let Some((_, ty)) = self.param_scope.iter().rev().find(|(n, _)| n == name) {
            return Some(Value::object(*ty, None));
        }
        Some(match self.table.symbol(name)? {
            Declaration::Constant { ty, value } => self.convert_to(Value::new(*value as u64, false, true), *ty),
            Declaration::Variable { ty, .. } | Declaration::Function { ty, .. } => Value::object(*ty, None),
        })
    }

    /// Subscripts and member accesses after a primary expression.
    fn postfix(&mut self, mut v: Value) -> PResult<Value> {
        loop {
            if self.accept("[")? {
                let index = self.comma_expr()?;
                self.expect("]")?;
                v = self.subscript(v, index)?;
            } else if self.is_punct(".") || self.is_punct("->") {
                let arrow = self.is_punct("->");
                self.next()?;
                v = self.member(v, arrow)?;
            } else {
                return Ok(v);
            }
        }
    }

    /// `base[index]` (or `index[base]`, as C allows).
    fn subscript(&mut self, base: Value, index: Value) -> PResult<Value> {
        let (base, index) = (self.rvalue(base), self.rvalue(index));
        let (base, index) = match (self.table.kind(base.ty), self.table.kind(index.ty)) {
            (CKind::Pointer { .. }, _) => (base, index),
            (_, CKind::Pointer { .. }) => (index, base),
            _ => return Err(self.cannot_index(base.ty)),
        };
        let offset = if index.known { Some(index.bits as i64) } else { None };
        self.dereference_at(base, offset)
    }

    /// `*v`: the object `v` points to, `offset` elements on.
    fn dereference(&mut self, v: Value, offset: i64) -> PResult<Value> {
        let v = self.rvalue(v);
        self.dereference_at(v, Some(offset))
    }

    /// The object the pointer `p` points to, `offset` elements on (`None`:
    /// an unknown number of elements).
    fn dereference_at(&mut self, p: Value, offset: Option<i64>) -> PResult<Value> {
        let CKind::Pointer { to } = *self.table.kind(p.ty) else { return Err(self.cannot_index(p.ty)) };
        let size = self.table.size_of(to).unwrap_or(0) as i64;
        let address = match (p.known, offset) {
            (true, Some(n)) => Some(p.bits.wrapping_add(n.wrapping_mul(size) as u64)),
            _ => None,
        };
        Ok(Value::object(to, address))
    }

    /// `'type' cannot be indexed`, as LuaJIT says.
    fn cannot_index(&self, ty: CTypeId) -> crate::cparse::CParseError {
        self.err_plain(&format!("'{}' cannot be indexed", printable(&self.table.name(ty))))
    }

    /// `.name` or `->name` (the `.` or `->` read) of `v`: a member of a
    /// struct or union, at its offset; or a `static const` member's value.
    fn member(&mut self, v: Value, arrow: bool) -> PResult<Value> {
        let Some(name) = self.peek_name() else { return Err(self.err_expected("'<identifier>'")) };
        let (record, address) = if arrow {
            let p = self.rvalue(v);
            let CKind::Pointer { to } = *self.table.kind(p.ty) else { return Err(self.cannot_index(p.ty)) };
            (to, p.known.then_some(p.bits))
        } else {
            (self.table.unreferenced(v.ty), v.address())
        };
        let found = match self.table.kind(record) {
            CKind::Record { complete: true, .. } => match self.table.find_field(record, &name) {
                Some(f) if f.bits.is_none() => {
                    Some(Value::object(f.ty, address.map(|a| a.wrapping_add(f.offset as u64))))
                }
                Some(_) => None,
                None => self
                    .table
                    .find_constant(record, &name)
                    .map(|(ty, value)| self.convert_to(Value::new(value as u64, false, true), ty)),
            },
            _ => None,
        };
        let Some(v) = found else {
            let message =
                format!("'{}' has no member named '{}'", printable(&self.table.name(record)), printable(&name));
            return Err(self.err_plain(&message));
        };
        self.next()?;
        Ok(v)
    }

    /// `__builtin_offsetof(type, member-designator)`, to which `offsetof`
    /// expands in preprocessed headers: a `size_t`.
    fn builtin_offsetof(&mut self) -> PResult<Value> {
        self.next()?;
        self.expect("(")?;
        let ty = self.type_name()?;
        self.expect(",")?;
        // The designator is a member access on an object at address 0.
        let mut v = self.member(Value::object(ty, Some(0)), false)?;
        loop {
            if self.accept(".")? {
                v = self.member(v, false)?;
            } else if self.accept("[")? {
                let index = self.comma_expr()?;
                self.expect("]")?;
                v = self.subscript(v, index)?;
            } else {
                break;
            }
        }
        self.expect(")")?;
        let offset = v.address().ok_or_else(|| self.err_plain(msg::BAD_VALUE))?;
        Ok(Value::size(offset))
    }

    /// `sizeof(type)`, `sizeof expr`, `__alignof__(type)`: a `size_t`. A
    /// reference is measured as what it refers to, as in LuaJIT.
    fn size_operator(&mut self, size: bool) -> PResult<Value> {
        let ty = if self.is_punct("(") && self.starts_type(self.peek_at(1)) {
            self.next()?;
            let ty = self.type_name()?;
            self.expect(")")?;
            ty
        } else {
            self.unary()?.ty
        };
        let ty = self.table.unreferenced(ty);
        let n = if size { self.table.size_of(ty) } else { self.table.align_of(ty) };
        let n = n.ok_or_else(|| self.err_plain(msg::INVALID_SIZE))?;
        Ok(Value::size(n as u64))
    }

    /// A cast of `v` to `ty`. Integers are converted as C converts them;
    /// a pointer takes the value's bits (`(struct s *)0`), and so does any
    /// other type.
    pub(super) fn convert_to(&self, v: Value, ty: CTypeId) -> Value {
        match self.table.kind(ty) {
            CKind::Bool => Value { known: v.known, ty, ..Value::int((v.bits != 0) as i64) },
            CKind::Int { size, signed, .. } => {
                let bits = match size {
                    1 if *signed => v.bits as i8 as i64 as u64,
                    1 => v.bits as u8 as u64,
                    2 if *signed => v.bits as i16 as i64 as u64,
                    2 => v.bits as u16 as u64,
                    _ => v.bits,
                };
                // Types narrower than int promote to int.
                let promoted =
                    if *size < 4 { Value::new(bits, false, false) } else { Value::new(bits, !signed, *size == 8) };
                Value { known: v.known, ty, ..promoted }
            }
            CKind::Enum { underlying, complete: true, .. } => Value { ty, ..self.convert_to(v, *underlying) },
            CKind::Pointer { .. } => {
                Value { bits: v.bits, unsigned: true, wide: true, ty, known: v.known, object: None }
            }
            // Kept as LuaJIT keeps it (`(int)(double)3` is 3); a value of such a
            // type is no integer constant, though.
            _ => Value { ty, object: None, ..v },
        }
    }
}
