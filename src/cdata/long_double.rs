//! `long double` and `_Float128` values, converted to and from Luau's
//! `double` in software: `long double` is x87 80-bit extended precision on
//! x86-64 and IEEE binary128 on AArch64 Linux (Apple's `long double` is
//! `double` and never reaches here); `_Float128` is binary128 everywhere.

/// Whether the platform's 16-byte `long double` is x87 extended precision
/// (rather than binary128).
const LONG_DOUBLE_IS_X87: bool = cfg!(target_arch = "x86_64");

/// Reads a `long double` (16 bytes of storage) as the nearest `f64`
/// (truncating extra precision).
pub fn to_f64(bytes: [u8; 16]) -> f64 {
    if LONG_DOUBLE_IS_X87 {
        x87_to_f64(bytes)
    } else {
        binary128_to_f64(bytes)
    }
}

/// Encodes an `f64` as a `long double` (exactly: every double is representable).
pub fn from_f64(value: f64) -> [u8; 16] {
    if LONG_DOUBLE_IS_X87 {
        x87_from_f64(value)
    } else {
        binary128_from_f64(value)
    }
}

/// Reads an x87 extended-precision number (in the low 10 of 16 bytes).
fn x87_to_f64(bytes: [u8; 16]) -> f64 {
    let mantissa = u64::from_le_bytes(bytes[..8].try_into().unwrap());
    let sign_exp = u16::from_le_bytes([bytes[8], bytes[9]]);
    let negative = sign_exp & 0x8000 != 0;
    let exp = (sign_exp & 0x7fff) as i32;
    let magnitude = if exp == 0x7fff {
        if mantissa << 1 == 0 {
            f64::INFINITY
        } else {
            f64::NAN
        }
    } else if mantissa == 0 {
        0.0
    } else {
        // value = mantissa * 2^(exp - 16383 - 63); scale in two steps so
        // neither factor overflows before the product is formed.
        let e = exp - 16383 - 63;
        let half = e / 2;
        (mantissa as f64) * 2f64.powi(half) * 2f64.powi(e - half)
    };
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

/// Reads an IEEE binary128 number (`_Float128`) as the nearest `f64`
/// (truncating extra precision).
pub fn binary128_to_f64(bytes: [u8; 16]) -> f64 {
    let bits = u128::from_le_bytes(bytes);
    let negative = bits >> 127 != 0;
    let exp = ((bits >> 112) & 0x7fff) as i32;
    let fraction = bits & ((1u128 << 112) - 1);
    let magnitude = if exp == 0x7fff {
        if fraction == 0 {
            f64::INFINITY
        } else {
            f64::NAN
        }
    } else if exp == 0 && fraction == 0 {
        0.0
    } else {
        let implicit = if exp == 0 { 0 } else { 1u128 << 112 };
        let significand = ((fraction | implicit) >> 60) as f64; // 53 bits kept
        let e = exp.max(1) - 16383 - 52;
        let half = e / 2;
        significand * 2f64.powi(half) * 2f64.powi(e - half)
    };
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

/// A double split for re-encoding: its sign, its unbiased exponent and 53-bit
/// significand (leading 1 at bit 52, subnormals normalised), or for an
/// infinity or NaN `special` saying which (`Some(true)` for NaN).
struct Parts {
    negative: bool,
    unbiased: i32,
    significand: u64,
    special: Option<bool>,
}

fn parts(value: f64) -> Parts {
    let bits = value.to_bits();
    let negative = bits >> 63 != 0;
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let mut fraction = bits & ((1u64 << 52) - 1);
    // Normalise: (exponent, 53-bit significand with the leading 1 at bit 52).
    let (unbiased, significand, special) = if exp == 0x7ff {
        (0, fraction, Some(fraction != 0))
    } else if exp == 0 && fraction == 0 {
        (0, 0, None)
    } else if exp == 0 {
        let shift = fraction.leading_zeros() as i32 - 11;
        fraction <<= shift;
        (-1022 - shift, fraction, None)
    } else {
        (exp - 1023, fraction | (1u64 << 52), None)
    };
    Parts { negative, unbiased, significand, special }
}

/// Encodes an `f64` as x87 extended precision (exactly).
fn x87_from_f64(value: f64) -> [u8; 16] {
    let Parts { negative, unbiased, significand, special } = parts(value);
    let mut out = [0u8; 16];
    let (exp15, mantissa) = match special {
        Some(nan) => (0x7fff, (1u64 << 63) | if nan { 1u64 << 62 } else { 0 }),
        None if significand == 0 => (0, 0),
        None => ((unbiased + 16383) as u16, significand << 11),
    };
    out[..8].copy_from_slice(&mantissa.to_le_bytes());
    out[8..10].copy_from_slice(&(exp15 | if negative { 0x8000 } else { 0 }).to_le_bytes());
    out
}

/// Encodes an `f64` as IEEE binary128 (`_Float128`), exactly.
pub fn binary128_from_f64(value: f64) -> [u8; 16] {
    let Parts { negative, unbiased, significand, special } = parts(value);
    let (exp15, fraction112): (u128, u128) = match special {
        Some(nan) => (0x7fff, if nan { 1u128 << 111 } else { 0 }),
        None if significand == 0 => (0, 0),
        None => ((unbiased + 16383) as u128, ((significand as u128) & ((1u128 << 52) - 1)) << 60),
    };
    let bits = ((negative as u128) << 127) | (exp15 << 112) | fraction112;
    bits.to_le_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_doubles() {
        for v in [0.0, -0.0, 1.0, -1.5, std::f64::consts::PI, 1e300, -1e-300, 5e-324, f64::MAX, f64::INFINITY] {
            let back = to_f64(from_f64(v));
            assert_eq!(back.to_bits(), v.to_bits(), "{v}");
        }
        assert!(to_f64(from_f64(f64::NAN)).is_nan());
        for v in [0.0, -0.0, 1.0, -1.5, std::f64::consts::PI, 1e300, -1e-300, 5e-324, f64::MAX, f64::NEG_INFINITY] {
            let back = binary128_to_f64(binary128_from_f64(v));
            assert_eq!(back.to_bits(), v.to_bits(), "{v}");
        }
        assert!(binary128_to_f64(binary128_from_f64(f64::NAN)).is_nan());
    }

    #[test]
    fn matches_the_binary128_encoding() {
        // 1.0: biased exponent 16383, no fraction; -2.5: 0xC000_4000_...
        assert_eq!(u128::from_le_bytes(binary128_from_f64(1.0)), 0x3fff_u128 << 112);
        assert_eq!(u128::from_le_bytes(binary128_from_f64(-2.5)), 0xc000_4000_u128 << 96);
        assert_eq!(binary128_to_f64((0x4000_8000_u128 << 96).to_le_bytes()), 3.0);
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn matches_the_x87_encoding() {
        // 1.0L: exponent 16383, mantissa with only the explicit integer bit.
        let one = from_f64(1.0);
        assert_eq!(u64::from_le_bytes(one[..8].try_into().unwrap()), 1u64 << 63);
        assert_eq!(u16::from_le_bytes([one[8], one[9]]), 16383);
    }
}
