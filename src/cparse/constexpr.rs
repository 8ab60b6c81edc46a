//! Integer constant expressions, as found in array sizes, enum values, bitfield
//! widths, `aligned(n)` and `static const` initializers.
//!
//! Values carry C's `int` / `unsigned int` / `long` / `unsigned long` typing and
//! the usual arithmetic conversions, so `-1 >> 1`, `1u << 31` and `0xffffffff`
//! come out as a C compiler computes them (LuaJIT only has 32 bits here).

use super::error::msg;
use super::keywords::Kw;
use super::lexer::{IntLit, Tok};
use super::parser::{PResult, Parser};
use crate::ctype::{CKind, CTypeId, Declaration};

/// An integer constant with its C type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Value {
    /// The bits, kept sign- or zero-extended to 64 according to the type.
    bits: u64,
    unsigned: bool,
    /// 64-bit (`long`) rather than 32-bit (`int`).
    wide: bool,
}

impl Value {
    fn new(bits: u64, unsigned: bool, wide: bool) -> Value {
        let bits = match (wide, unsigned) {
            (true, _) => bits,
            (false, true) => bits & 0xffff_ffff,
            (false, false) => bits as u32 as i32 as i64 as u64,
        };
        Value { bits, unsigned, wide }
    }

    /// An `int`.
    fn int(v: i64) -> Value {
        Value::new(v as u64, false, false)
    }

    /// The value as a signed 64-bit number (unsigned 64-bit values above
    /// `i64::MAX` wrap, as they would in a cast).
    pub(super) fn as_i64(self) -> i64 {
        self.bits as i64
    }

    fn from_lit(l: IntLit) -> Value {
        Value::new(l.value, l.unsigned, l.wide)
    }

    fn with_type(self, unsigned: bool, wide: bool) -> Value {
        Value::new(self.bits, unsigned, wide)
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
    /// A full constant expression (with `?:`).
    pub(super) fn const_expr(&mut self) -> PResult<Value> {
        self.enter()?;
        let cond = self.binary()?;
        let v = if self.accept("?")? {
            let a = self.const_expr()?;
            self.expect(":")?;
            let b = self.const_expr()?;
            let (unsigned, wide) = common(a, b);
            if cond.bits != 0 { a } else { b }.with_type(unsigned, wide)
        } else {
            cond
        };
        self.leave();
        Ok(v)
    }

    /// A size or count: non-negative and below 2^31 (LuaJIT's limit).
    pub(super) fn const_size(&mut self) -> PResult<u32> {
        let v = self.const_expr()?.as_i64();
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

    fn apply(&self, op: &str, a: Value, b: Value) -> PResult<Value> {
        let (unsigned, wide) = common(a, b);
        let (x, y) = (a.with_type(unsigned, wide), b.with_type(unsigned, wide));
        let (ux, uy, sx, sy) = (x.bits, y.bits, x.bits as i64, y.bits as i64);
        let cmp = |r: bool| Ok(Value::int(r as i64));
        let arith = |bits: u64| Ok(Value::new(bits, unsigned, wide));
        match op {
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
            "<<" => Ok(Value::new(a.bits.wrapping_shl(b.bits as u32 & 63), a.unsigned, a.wide)),
            ">>" if a.unsigned => Ok(Value::new(a.bits.wrapping_shr(b.bits as u32 & 63), true, a.wide)),
            ">>" => Ok(Value::new((a.bits as i64).wrapping_shr(b.bits as u32 & 63) as u64, false, a.wide)),
            "+" => arith(ux.wrapping_add(uy)),
            "-" => arith(ux.wrapping_sub(uy)),
            "*" => arith(ux.wrapping_mul(uy)),
            "/" | "%" => {
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

    fn unary(&mut self) -> PResult<Value> {
        self.enter()?;
        let v = self.unary_inner()?;
        self.leave();
        Ok(v)
    }

    fn unary_inner(&mut self) -> PResult<Value> {
        match self.peek().clone() {
            Tok::Int(lit) => {
                self.next()?;
                Ok(Value::from_lit(lit))
            }
            Tok::Punct("+") => {
                self.next()?;
                self.unary()
            }
            Tok::Punct("-") => {
                self.next()?;
                let v = self.unary()?;
                Ok(Value::new(v.bits.wrapping_neg(), v.unsigned, v.wide))
            }
            Tok::Punct("~") => {
                self.next()?;
                let v = self.unary()?;
                Ok(Value::new(!v.bits, v.unsigned, v.wide))
            }
            Tok::Punct("!") => {
                self.next()?;
                let v = self.unary()?;
                Ok(Value::int((v.bits == 0) as i64))
            }
            Tok::Punct("(") => {
                self.next()?;
                if self.starts_type(self.peek()) {
                    let ty = self.type_name()?;
                    self.expect(")")?;
                    let v = self.unary()?;
                    Ok(self.convert_to(v, ty))
                } else {
                    let v = self.const_expr()?;
                    self.expect(")")?;
                    Ok(v)
                }
            }
            Tok::Ident(s) => match self.peek_keyword() {
                Some(k @ (Kw::Sizeof | Kw::Alignof)) => {
                    self.next()?;
                    self.size_operator(k == Kw::Sizeof)
                }
                _ => match self.table.symbol(&s) {
                    Some(Declaration::Constant { ty, value }) => {
                        let v = self.convert_to(Value::new(*value as u64, false, true), *ty);
                        self.next()?;
                        Ok(v)
                    }
                    _ => Err(self.err_near(msg::UNEXPECTED)),
                },
            },
            _ => Err(self.err_near(msg::UNEXPECTED)),
        }
    }

    /// `sizeof(type)`, `sizeof expr`, `__alignof__(type)`: a `size_t`.
    fn size_operator(&mut self, size: bool) -> PResult<Value> {
        let n = if self.is_punct("(") && self.starts_type(self.peek_at(1)) {
            self.next()?;
            let ty = self.type_name()?;
            self.expect(")")?;
            let n = if size { self.table.size_of(ty) } else { self.table.align_of(ty) };
            n.ok_or_else(|| self.err_plain(msg::INVALID_SIZE))?
        } else {
            let v = self.unary()?;
            if v.wide {
                8
            } else {
                4
            }
        };
        Ok(Value::new(n as u64, true, true))
    }

    /// A cast of `v` to `ty` (an integer, bool or enum type; others leave the
    /// value as it is, as LuaJIT's evaluator does).
    pub(super) fn convert_to(&self, v: Value, ty: CTypeId) -> Value {
        match self.table.kind(ty) {
            CKind::Bool => Value::int((v.bits != 0) as i64),
            CKind::Int { size, signed, .. } => {
                let bits = match size {
                    1 if *signed => v.bits as i8 as i64 as u64,
                    1 => v.bits as u8 as u64,
                    2 if *signed => v.bits as i16 as i64 as u64,
                    2 => v.bits as u16 as u64,
                    _ => v.bits,
                };
                // Types narrower than int promote to int.
                if *size < 4 {
                    Value::new(bits, false, false)
                } else {
                    Value::new(bits, !signed, *size == 8)
                }
            }
            CKind::Enum { underlying, complete: true, .. } => self.convert_to(v, *underlying),
            _ => v,
        }
    }
}
