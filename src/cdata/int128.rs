//! 128-bit integers (`__int128`, `unsigned __int128`), which LuaJIT does not
//! have: what luau-ffi does with them is its own choice, kept small. A value
//! read from C reaches Luau as a number when the number holds it exactly
//! (|v| ≤ 2^53, the rule of 64-bit values from C) and as a boxed cdata
//! otherwise; a boxed one prints its exact decimal value (`tostring`),
//! converts to numbers (`ffi.tonumber`, nearest) and to the other C number
//! types (integers keep the low bits, as C converts; see
//! `super::convert::write_scalar`), and passes to C. There is no arithmetic
//! on them.

use super::int64::{Int64, LiteralError};

/// A 128-bit integer value and its signedness.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Int128 {
    /// The two's complement bits.
    pub bits: u128,
    /// `unsigned __int128` rather than `__int128`.
    pub unsigned: bool,
}

/// What a number that no 128-bit integer holds converts to: the top bit, as
/// [`Int64::from_number`] answers for 64 bits.
const INDEFINITE: u128 = 1 << 127;

/// The largest magnitude a Luau number holds exactly with all the integers
/// below it: 2^53.
const EXACT_LIMIT: u128 = 1 << 53;

impl Int128 {
    /// A 64-bit integer widened as C widens it: sign-extended when signed.
    pub fn from_int64(value: Int64, unsigned: bool) -> Int128 {
        let bits = if value.unsigned { value.bits as u128 } else { value.bits as i64 as i128 as u128 };
        Int128 { bits, unsigned }
    }

    /// Converts a Luau number as C converts a `double` to a 128-bit integer:
    /// truncation toward zero; for unsigned targets negative numbers wrap.
    /// NaN, the infinities and numbers out of range give the top bit.
    pub fn from_number(value: f64, unsigned: bool) -> Int128 {
        const TWO_POW_127: f64 = 1.7014118346046923e38;
        const TWO_POW_128: f64 = 3.402823669209385e38;
        // Range tests are false for NaN.
        let bits = if (-TWO_POW_127..TWO_POW_127).contains(&value) {
            value as i128 as u128
        } else if unsigned && (TWO_POW_127..TWO_POW_128).contains(&value) {
            value as u128
        } else {
            INDEFINITE
        };
        Int128 { bits, unsigned }
    }

    /// The value as the nearest Luau number.
    pub fn to_number(self) -> f64 {
        if self.unsigned {
            self.bits as f64
        } else {
            self.bits as i128 as f64
        }
    }

    /// The value as a Luau number when that holds it exactly (|v| ≤ 2^53).
    pub fn exact_number(self) -> Option<f64> {
        let magnitude = if self.unsigned { self.bits } else { (self.bits as i128).unsigned_abs() };
        (magnitude <= EXACT_LIMIT).then(|| self.to_number())
    }

    /// The exact decimal value (C has no literal suffix for 128 bits).
    pub fn format(self) -> String {
        if self.unsigned {
            self.bits.to_string()
        } else {
            (self.bits as i128).to_string()
        }
    }

    /// Parses a decimal or `0x` hexadecimal integer with an optional sign
    /// (Luau has no 128-bit literals, so scripts write them as strings),
    /// saying why a text is refused. Negative values wrap for `unsigned`.
    pub fn parse_literal(text: &str, unsigned: bool) -> Result<Int128, LiteralError> {
        let text = text.trim();
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let lower = rest.to_ascii_lowercase();
        let magnitude = match lower.strip_prefix("0x") {
            Some(hex) if !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()) => {
                u128::from_str_radix(hex, 16).map_err(|_| LiteralError::OutOfRange)?
            }
            Some(_) => return Err(LiteralError::NotAnInteger),
            None if !lower.is_empty() && lower.chars().all(|c| c.is_ascii_digit()) => {
                lower.parse::<u128>().map_err(|_| LiteralError::OutOfRange)?
            }
            None => return Err(LiteralError::NotAnInteger),
        };
        let limit = if negative { 1u128 << 127 } else { (1u128 << 127) - 1 };
        if !unsigned && magnitude > limit {
            return Err(LiteralError::OutOfRange);
        }
        let bits = if negative { magnitude.wrapping_neg() } else { magnitude };
        Ok(Int128 { bits, unsigned })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_and_out() {
        assert_eq!(Int128::from_number(-1.0, true).bits, u128::MAX);
        assert_eq!(Int128::from_number(-2.9, false).bits as i128, -2);
        assert_eq!(Int128::from_number(1e30, false).bits, 1_000_000_000_000_000_019_884_624_838_656);
        assert_eq!(Int128::from_number(f64::NAN, false).bits, 1 << 127);
        assert_eq!(Int128::from_number(2f64.powi(127), false).bits, 1 << 127);
        assert_eq!(Int128::from_number(2f64.powi(127), true).bits, 1 << 127);
        assert_eq!(Int128::from_number(3e38, true).bits as f64, 3e38);
        assert_eq!(Int128 { bits: (-5i128) as u128, unsigned: false }.to_number(), -5.0);
        assert_eq!(Int128 { bits: 1 << 53, unsigned: false }.exact_number(), Some(9007199254740992.0));
        assert_eq!(Int128 { bits: (1 << 53) + 1, unsigned: false }.exact_number(), None);
        assert_eq!(
            Int128 { bits: (-(1i128 << 53)) as u128, unsigned: false }.exact_number(),
            Some(-9007199254740992.0)
        );
        assert_eq!(Int128 { bits: (-(1i128 << 53) - 1) as u128, unsigned: false }.exact_number(), None);
        assert_eq!(Int128 { bits: u128::MAX, unsigned: true }.exact_number(), None);
    }

    #[test]
    fn widening() {
        assert_eq!(Int128::from_int64(Int64::signed(-1), true).bits, u128::MAX);
        assert_eq!(Int128::from_int64(Int64::unsigned(u64::MAX), false).bits, u64::MAX as u128);
    }

    #[test]
    fn text() {
        let max = Int128::parse_literal("170141183460469231731687303715884105727", false).unwrap();
        assert_eq!(max.bits, i128::MAX as u128);
        assert_eq!(max.format(), "170141183460469231731687303715884105727");
        let min = Int128::parse_literal("-170141183460469231731687303715884105728", false).unwrap();
        assert_eq!(min.format(), "-170141183460469231731687303715884105728");
        let umax = Int128::parse_literal("0xffffffffffffffffffffffffffffffff", true).unwrap();
        assert_eq!(umax.format(), "340282366920938463463374607431768211455");
        assert_eq!(Int128::parse_literal("-1", true).unwrap().bits, u128::MAX);
        assert_eq!(
            Int128::parse_literal("170141183460469231731687303715884105728", false),
            Err(LiteralError::OutOfRange)
        );
        assert_eq!(
            Int128::parse_literal("340282366920938463463374607431768211456", true),
            Err(LiteralError::OutOfRange)
        );
        assert_eq!(Int128::parse_literal("12x", false), Err(LiteralError::NotAnInteger));
        assert_eq!(Int128::parse_literal("", true), Err(LiteralError::NotAnInteger));
    }
}
