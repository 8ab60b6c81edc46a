//! Complex numbers as text: `tostring` of a complex cdata, as LuaJIT writes
//! it (`lj_ctype_repr_complex`).

use crate::lua::stack::format_number;

/// `re` and `im` as LuaJIT prints a complex number: each part with `%.14g`,
/// a `+` before the imaginary part unless its sign bit is set (a NaN always
/// gets one), and `i` after it, or `I` when it ends in a letter (`nan`,
/// `inf`): `1+2i`, `1-2i`, `-0-0i`, `inf-infI`.
pub fn format(re: f64, im: f64) -> String {
    let mut text = format_number(re);
    if !im.is_sign_negative() || im.is_nan() {
        text.push('+');
    }
    text.push_str(&format_number(im));
    let ends_in_letter = text.ends_with(|c: char| c.is_ascii_alphabetic());
    text.push(if ends_in_letter { 'I' } else { 'i' });
    text
}

#[cfg(test)]
mod tests {
    use super::format;

    #[test]
    fn as_luajit_writes_them() {
        assert_eq!(format(1.0, 2.0), "1+2i");
        assert_eq!(format(1.0, -2.0), "1-2i");
        assert_eq!(format(-0.0, -0.0), "-0-0i");
        assert_eq!(format(f64::NAN, f64::INFINITY), "nan+infI");
        assert_eq!(format(f64::INFINITY, f64::NEG_INFINITY), "inf-infI");
        assert_eq!(format(-f64::NAN, -f64::NAN), "nan+nanI");
        assert_eq!(format(1.0 / 3.0, 1e300), "0.33333333333333+1e+300i");
        assert_eq!(format(1.5, -2.25), "1.5-2.25i");
    }
}
