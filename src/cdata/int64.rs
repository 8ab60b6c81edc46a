//! 64-bit integer arithmetic with C's semantics, as LuaJIT's boxed `int64_t` /
//! `uint64_t` cdata have it: exact results, wrap-around on overflow, C's usual
//! conversions when signed and unsigned meet (unsigned wins), truncated division
//! and remainder, and LuaJIT's answers where C has none: division or remainder
//! by zero gives `0x8000000000000000` of the common type
//! (`-9223372036854775808LL` / `9223372036854775808ULL`), `INT64_MIN / -1` is
//! `INT64_MIN` and `INT64_MIN % -1` is 0 (LuaJIT's `lj_carith_divi64` and
//! friends).

/// A 64-bit integer value and its signedness.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Int64 {
    /// The two's complement bits.
    pub bits: u64,
    /// `uint64_t` rather than `int64_t`.
    pub unsigned: bool,
}

/// A binary arithmetic operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `^`
    Pow,
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    /// `==`
    Eq,
    /// `<`
    Lt,
    /// `<=`
    Le,
}

/// `0x8000000000000000`: LuaJIT's answer for a division by zero, and what
/// x86's conversion instruction (so LuaJIT) gives for a number that no 64-bit
/// integer holds.
const INDEFINITE: u64 = 1 << 63;

impl Int64 {
    /// A signed value.
    pub fn signed(value: i64) -> Self {
        Int64 { bits: value as u64, unsigned: false }
    }

    /// An unsigned value.
    pub fn unsigned(value: u64) -> Self {
        Int64 { bits: value, unsigned: true }
    }

    /// Converts a Luau number as C converts a `double` to `int64_t` or
    /// `uint64_t`: truncation toward zero; for unsigned targets, negative numbers
    /// wrap (`-1` becomes `0xffffffffffffffff`, as LuaJIT 2.1 does). NaN, the
    /// infinities and numbers out of the target's range give
    /// `0x8000000000000000`, as LuaJIT on x86-64 does (C leaves them undefined).
    #[inline]
    pub fn from_number(value: f64, unsigned: bool) -> Self {
        const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
        const TWO_POW_64: f64 = 18_446_744_073_709_551_616.0;
        // Range tests are false for NaN.
        let bits = if (-TWO_POW_63..TWO_POW_63).contains(&value) {
            value as i64 as u64
        } else if unsigned && (TWO_POW_63..TWO_POW_64).contains(&value) {
            value as u64
        } else {
            INDEFINITE
        };
        Int64 { bits, unsigned }
    }

    /// The value as a Luau number (may round above 2^53).
    pub fn to_number(self) -> f64 {
        if self.unsigned {
            self.bits as f64
        } else {
            self.bits as i64 as f64
        }
    }

    /// The value converted to the common type of an operation with `other`.
    fn common(self, other: Int64) -> bool {
        self.unsigned || other.unsigned
    }

    /// `self op other` with C's semantics, in the common type.
    pub fn arith(self, op: ArithOp, other: Int64) -> Int64 {
        let unsigned = self.common(other);
        let (a, b) = (self.bits, other.bits);
        let bits = match op {
            ArithOp::Add => a.wrapping_add(b),
            ArithOp::Sub => a.wrapping_sub(b),
            ArithOp::Mul => a.wrapping_mul(b),
            ArithOp::Div | ArithOp::Mod if b == 0 => INDEFINITE,
            ArithOp::Div if unsigned => a / b,
            // INT64_MIN / -1 overflows in C; LuaJIT answers INT64_MIN (and 0 for
            // the remainder), which the wrapping operations give.
            ArithOp::Div => (a as i64).wrapping_div(b as i64) as u64,
            ArithOp::Mod if unsigned => a % b,
            ArithOp::Mod => (a as i64).wrapping_rem(b as i64) as u64,
            ArithOp::Pow if unsigned => pow_unsigned(a, b),
            ArithOp::Pow => pow_signed(a as i64, b as i64) as u64,
        };
        Int64 { bits, unsigned }
    }

    /// `-self`, wrapping.
    pub fn negate(self) -> Int64 {
        Int64 { bits: (self.bits as i64).wrapping_neg() as u64, unsigned: self.unsigned }
    }

    /// `self op other` with C's semantics (unsigned comparison if either is unsigned).
    pub fn compare(self, op: CompareOp, other: Int64) -> bool {
        let (a, b) = (self.bits, other.bits);
        if self.common(other) {
            match op {
                CompareOp::Eq => a == b,
                CompareOp::Lt => a < b,
                CompareOp::Le => a <= b,
            }
        } else {
            let (a, b) = (a as i64, b as i64);
            match op {
                CompareOp::Eq => a == b,
                CompareOp::Lt => a < b,
                CompareOp::Le => a <= b,
            }
        }
    }

    /// LuaJIT's `tostring`: `123LL`, `-5LL`, `18446744073709551615ULL`.
    pub fn format(self) -> String {
        if self.unsigned {
            format!("{}ULL", self.bits)
        } else {
            format!("{}LL", self.bits as i64)
        }
    }

    /// Parses a decimal or `0x` hexadecimal integer with an optional sign and an
    /// optional `LL` / `ULL` / `U` suffix (Luau has no such literals, so scripts
    /// write them as strings), saying why a text is refused. A `U` suffix or a
    /// value above `i64::MAX` makes the result unsigned.
    pub fn parse_literal(text: &str) -> Result<Int64, LiteralError> {
        let text = text.trim();
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let lower = rest.to_ascii_lowercase();
        let (digits, suffix_unsigned) = if let Some(d) = lower.strip_suffix("ull") {
            (d, true)
        } else if let Some(d) = lower.strip_suffix("ll") {
            (d, false)
        } else if let Some(d) = lower.strip_suffix('u') {
            (d, true)
        } else {
            (lower.as_str(), false)
        };
        // The digits are checked first, so parsing fails only by overflow.
        let magnitude = match digits.strip_prefix("0x") {
            Some(hex) if !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()) => {
                u64::from_str_radix(hex, 16).map_err(|_| LiteralError::OutOfRange)?
            }
            Some(_) => return Err(LiteralError::NotAnInteger),
            None if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) => {
                digits.parse::<u64>().map_err(|_| LiteralError::OutOfRange)?
            }
            None => return Err(LiteralError::NotAnInteger),
        };
        if negative {
            if suffix_unsigned {
                return Ok(Int64::unsigned(magnitude.wrapping_neg()));
            }
            if magnitude > 1u64 << 63 {
                return Err(LiteralError::OutOfRange);
            }
            return Ok(Int64::signed((magnitude as i64).wrapping_neg()));
        }
        Ok(Int64 { bits: magnitude, unsigned: suffix_unsigned || magnitude > i64::MAX as u64 })
    }
}

/// Why a string is not a 64-bit integer literal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiteralError {
    /// Not a decimal or hexadecimal integer.
    NotAnInteger,
    /// An integer that does not fit 64 bits.
    OutOfRange,
}

/// `x ^ k` for unsigned 64-bit integers, wrapping (square-and-multiply).
fn pow_unsigned(mut x: u64, mut k: u64) -> u64 {
    let mut y: u64 = 1;
    while k > 0 {
        if k & 1 == 1 {
            y = y.wrapping_mul(x);
        }
        x = x.wrapping_mul(x);
        k >>= 1;
    }
    y
}

/// `x ^ k` for signed 64-bit integers; negative exponents give LuaJIT's answers
/// (`0 ^ -k` is `i64::MAX`, `1 ^ -k` is 1, `-1 ^ -k` alternates, else 0).
fn pow_signed(x: i64, k: i64) -> i64 {
    if k >= 0 {
        return pow_unsigned(x as u64, k as u64) as i64;
    }
    match x {
        0 => i64::MAX,
        1 => 1,
        -1 if k & 1 == 1 => -1,
        -1 => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_arithmetic_beyond_doubles() {
        let a = Int64::signed(9007199254740993); // 2^53 + 1, not a double
        assert_eq!(a.arith(ArithOp::Add, Int64::signed(1)).format(), "9007199254740994LL");
        assert_eq!(a.arith(ArithOp::Mul, Int64::signed(3)).format(), "27021597764222979LL");
        assert_eq!(Int64::signed(i64::MAX).arith(ArithOp::Add, Int64::signed(1)).format(), "-9223372036854775808LL");
    }

    #[test]
    fn unsigned_wins_when_mixed() {
        let r = Int64::signed(-1).arith(ArithOp::Add, Int64::unsigned(0));
        assert_eq!(r.format(), "18446744073709551615ULL");
        assert!(!Int64::signed(-1).compare(CompareOp::Lt, Int64::unsigned(0)), "-1 < 0ULL is false in C");
        assert!(Int64::signed(-1).compare(CompareOp::Lt, Int64::signed(0)));
    }

    #[test]
    fn division_and_remainder_truncate() {
        assert_eq!(Int64::signed(-7).arith(ArithOp::Div, Int64::signed(2)).format(), "-3LL");
        assert_eq!(Int64::signed(-7).arith(ArithOp::Mod, Int64::signed(2)).format(), "-1LL");
        assert_eq!(Int64::signed(i64::MIN).arith(ArithOp::Div, Int64::signed(-1)).format(), "-9223372036854775808LL");
        assert_eq!(Int64::signed(i64::MIN).arith(ArithOp::Mod, Int64::signed(-1)).format(), "0LL");
    }

    #[test]
    fn division_by_zero_gives_the_top_bit() {
        for a in [0, 1, -3, i64::MIN, i64::MAX] {
            for op in [ArithOp::Div, ArithOp::Mod] {
                assert_eq!(Int64::signed(a).arith(op, Int64::signed(0)).format(), "-9223372036854775808LL");
                assert_eq!(Int64::signed(a).arith(op, Int64::unsigned(0)).format(), "9223372036854775808ULL");
            }
        }
    }

    #[test]
    fn powers() {
        assert_eq!(Int64::signed(2).arith(ArithOp::Pow, Int64::signed(62)).format(), "4611686018427387904LL");
        assert_eq!(Int64::signed(2).arith(ArithOp::Pow, Int64::signed(-1)).format(), "0LL");
        assert_eq!(Int64::signed(-1).arith(ArithOp::Pow, Int64::signed(-3)).format(), "-1LL");
        assert_eq!(Int64::unsigned(3).arith(ArithOp::Pow, Int64::unsigned(41)).bits, 3u64.wrapping_pow(41));
    }

    #[test]
    fn parsing() {
        assert_eq!(Int64::parse_literal("123"), Ok(Int64::signed(123)));
        assert_eq!(Int64::parse_literal("-0x10"), Ok(Int64::signed(-16)));
        assert_eq!(Int64::parse_literal("0xffffffffffffffff"), Ok(Int64::unsigned(u64::MAX)));
        assert_eq!(Int64::parse_literal("9223372036854775807LL"), Ok(Int64::signed(i64::MAX)));
        assert_eq!(Int64::parse_literal("-9223372036854775808"), Ok(Int64::signed(i64::MIN)));
        assert_eq!(Int64::parse_literal("5ULL"), Ok(Int64::unsigned(5)));
        assert_eq!(Int64::parse_literal("18446744073709551616").ok(), None);
        assert_eq!(Int64::parse_literal("12abc").ok(), None);
        assert_eq!(Int64::parse_literal("").ok(), None);
        assert_eq!(Int64::parse_literal("0x").ok(), None);
        assert_eq!(Int64::parse_literal("99999999999999999999"), Err(LiteralError::OutOfRange));
        assert_eq!(Int64::parse_literal("0x10000000000000000"), Err(LiteralError::OutOfRange));
        assert_eq!(Int64::parse_literal("-9223372036854775809"), Err(LiteralError::OutOfRange));
        assert_eq!(Int64::parse_literal("12abc"), Err(LiteralError::NotAnInteger));
    }

    #[test]
    fn from_numbers() {
        assert_eq!(Int64::from_number(-1.0, true).bits, u64::MAX);
        assert_eq!(Int64::from_number(-1.9, false).bits as i64, -1);
        assert_eq!(Int64::from_number(1.8446744073709552e19 / 2.0 * 1.5, true).bits, 13835058055282163712);
        assert_eq!(Int64::unsigned(u64::MAX).negate().bits, 1);
        for out_of_range in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e300, 9.3e18, -9.3e18] {
            assert_eq!(Int64::from_number(out_of_range, false).bits, 1 << 63, "{out_of_range}");
        }
        assert_eq!(Int64::from_number(9.3e18, true).bits, 9_300_000_000_000_000_000);
        assert_eq!(Int64::from_number(2f64.powi(64), true).bits, 1 << 63);
        assert_eq!(Int64::from_number(-2f64.powi(63), true).bits, 1 << 63);
    }
}
