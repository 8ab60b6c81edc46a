//! Object-like `#define`s as Luau constants: integer constant expressions
//! (`(1 << 3)`, `0x10UL`, `(int)5`, `~0U`, names of other constants and of
//! enumerators), floating-point literals and string literals. Everything else
//! (empty macros, keywords, casts to pointers, calls) is not a constant and is
//! left out without a word: it is not a declaration.

use std::collections::HashMap;

use super::engine::{Engine, IntValue};
use super::source::{closing_paren, Define, TokKind, Token};

/// A constant's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// An integer, exact.
    Int(i128),
    /// A floating-point number.
    Float(f64),
    /// The bytes of a string literal (without the terminating NUL).
    Str(Vec<u8>),
}

/// How deep macro replacement may nest.
const MAX_DEPTH: usize = 64;

/// Evaluates macros against the declarations in `engine`.
pub struct Evaluator<'a> {
    macros: HashMap<&'a str, &'a [Token]>,
    function_macros: &'a [String],
}

impl<'a> Evaluator<'a> {
    /// An evaluator that expands the object-like `defines` (all of them, from any
    /// file) and knows the names of function-like ones.
    pub fn new(defines: &'a [Define], function_macros: &'a [String]) -> Evaluator<'a> {
        let macros = defines.iter().map(|d| (d.name.as_str(), d.body.as_slice())).collect();
        Evaluator { macros, function_macros }
    }

    /// The value of the macro `define`, if it is a constant.
    pub fn evaluate(&self, define: &Define, engine: &mut Engine) -> Option<Value> {
        let mut active = vec![define.name.as_str()];
        let tokens = self.expand(&define.body, &mut active, 0)?;
        if tokens.is_empty() {
            return None;
        }
        if let Some(bytes) = string_value(&tokens) {
            return Some(Value::Str(bytes));
        }
        if tokens.iter().any(|t| t.kind == TokKind::Number && is_float_literal(&t.text)) {
            return float_value(&tokens, engine).map(Value::Float);
        }
        if tokens.iter().any(|t| matches!(t.kind, TokKind::Str)) || !only_integer_casts(&tokens, engine) {
            return None;
        }
        let text: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        engine.eval_integer(&text.join(" ")).map(|IntValue(v)| Value::Int(v))
    }

    /// Replaces object-like macro names, recursively; a macro is not replaced
    /// inside its own expansion (C's rule). `None` when a function-like macro
    /// is used or the nesting is too deep.
    fn expand(&self, tokens: &[Token], active: &mut Vec<&'a str>, depth: usize) -> Option<Vec<Token>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut out = Vec::new();
        for token in tokens {
            if token.kind != TokKind::Ident || active.contains(&token.text.as_str()) {
                out.push(token.clone());
                continue;
            }
            if let Some((name, body)) = self.macros.get_key_value(token.text.as_str()) {
                active.push(name);
                let expanded = self.expand(body, active, depth + 1);
                active.pop();
                out.extend(expanded?);
            } else if self.function_macros.contains(&token.text) {
                return None;
            } else {
                out.push(token.clone());
            }
        }
        Some(out)
    }
}

/// Whether a preprocessing number is a floating-point literal.
fn is_float_literal(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("0x") {
        lower.contains('p')
    } else {
        lower.contains('.') || lower.contains('e')
    }
}

/// Adjacent string literals, possibly in parentheses, concatenated; plain or
/// `u8` literals only.
fn string_value(tokens: &[Token]) -> Option<Vec<u8>> {
    let inner = strip_parens(tokens);
    if inner.is_empty() || !inner.iter().all(|t| t.kind == TokKind::Str) {
        return None;
    }
    let mut bytes = Vec::new();
    for t in inner {
        let body = t.text.strip_prefix("u8").unwrap_or(&t.text);
        let body = body.strip_prefix('"')?.strip_suffix('"')?;
        bytes.extend(unescape(body)?);
    }
    Some(bytes)
}

/// `tokens` without parentheses around the whole.
fn strip_parens(mut tokens: &[Token]) -> &[Token] {
    while tokens.len() >= 2 && tokens[0].is("(") && tokens[tokens.len() - 1].is(")") && closes_at_end(tokens) {
        tokens = &tokens[1..tokens.len() - 1];
    }
    tokens
}

/// Whether the `(` at the start is closed by the last token.
fn closes_at_end(tokens: &[Token]) -> bool {
    closing_paren(tokens, 0) == Some(tokens.len() - 1)
}

/// The bytes of a C string literal's body.
fn unescape(body: &str) -> Option<Vec<u8>> {
    let bytes = body.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        i += 1;
        let c = *bytes.get(i)?;
        i += 1;
        match c {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'v' => out.push(11),
            b'e' => out.push(27),
            b'\\' | b'\'' | b'"' | b'?' => out.push(c),
            b'0'..=b'7' => {
                let mut value = u32::from(c - b'0');
                for _ in 0..2 {
                    match bytes.get(i) {
                        Some(d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(u8::try_from(value).ok()?);
            }
            b'x' => {
                let start = i;
                while bytes.get(i).is_some_and(u8::is_ascii_hexdigit) {
                    i += 1;
                }
                let value = u32::from_str_radix(std::str::from_utf8(&bytes[start..i]).ok()?, 16).ok()?;
                out.push(u8::try_from(value).ok()?);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// A floating-point constant: a literal with an optional sign, parentheses
/// and casts to floating-point types (`((double)1.5e-3)`, `-1.0f`).
fn float_value(tokens: &[Token], engine: &mut Engine) -> Option<f64> {
    let mut tokens = strip_parens(tokens);
    let mut negative = false;
    loop {
        if let Some(close) = cast_end(tokens) {
            let inner: Vec<&str> = tokens[1..close].iter().map(|t| t.text.as_str()).collect();
            if !engine.cast_target_is_float(&inner.join(" ")) {
                return None;
            }
            tokens = strip_parens(&tokens[close + 1..]);
        } else if tokens.first().is_some_and(|t| t.is("-") || t.is("+")) {
            negative ^= tokens[0].is("-");
            tokens = strip_parens(&tokens[1..]);
        } else {
            break;
        }
    }
    let [literal] = tokens else { return None };
    if literal.kind != TokKind::Number {
        return None;
    }
    let value = parse_float(&literal.text)?;
    Some(if negative { -value } else { value })
}

/// The index of the `)` closing a leading `(` when more tokens follow it (a
/// cast, or a parenthesised operand followed by more).
fn cast_end(tokens: &[Token]) -> Option<usize> {
    if !tokens.first()?.is("(") {
        return None;
    }
    closing_paren(tokens, 0).filter(|close| close + 1 < tokens.len())
}

/// A C floating-point literal: decimal or hexadecimal, with an optional
/// `f` suffix (rounded to `float`, as C does) or `l` suffix.
fn parse_float(text: &str) -> Option<f64> {
    if let Some(float) = text.strip_suffix(['f', 'F']).filter(|t| !t.starts_with("0x") || t.contains(['p', 'P'])) {
        return parse_float(float).map(|v| v as f32 as f64);
    }
    let text = text.trim_end_matches(['l', 'L']);
    let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) else {
        return text.parse().ok();
    };
    let (mantissa, exponent) = hex.split_once(['p', 'P'])?;
    let exponent: i32 = exponent.parse().ok()?;
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut value = 0f64;
    for d in whole.chars() {
        value = value * 16.0 + f64::from(d.to_digit(16)?);
    }
    let mut scale = 1.0 / 16.0;
    for d in fraction.chars() {
        value += f64::from(d.to_digit(16)?) * scale;
        scale /= 16.0;
    }
    Some(value * 2f64.powi(exponent))
}

/// False when the expression casts to a type that is not an integer type
/// (`((sqlite3_destructor_type)-1)` is a pointer, not a number).
fn only_integer_casts(tokens: &[Token], engine: &mut Engine) -> bool {
    for (i, t) in tokens.iter().enumerate() {
        if !t.is("(") || !tokens.get(i + 1).is_some_and(|n| n.kind == TokKind::Ident) {
            continue;
        }
        // `sizeof(type)`: an operand, not a cast.
        if i > 0 && matches!(tokens[i - 1].text.as_str(), "sizeof" | "_Alignof" | "__alignof__" | "alignof") {
            continue;
        }
        let Some(close) = closing_paren(tokens, i) else { return false };
        let inner: Vec<&str> = tokens[i + 1..close].iter().map(|t| t.text.as_str()).collect();
        if engine.cast_target_is_integer(&inner.join(" ")) == Some(false) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::source::tokenize;
    use super::*;

    fn define(name: &str, body: &str) -> Define {
        Define { name: name.into(), body: tokenize(body), file: 0 }
    }

    fn values(defines: &[Define], engine: &mut Engine) -> Vec<(String, Option<Value>)> {
        let function_macros = vec!["CALL".to_string()];
        let evaluator = Evaluator::new(defines, &function_macros);
        defines.iter().map(|d| (d.name.clone(), evaluator.evaluate(d, engine))).collect()
    }

    #[test]
    fn integers_floats_strings_and_not_constants() {
        let mut engine = Engine::new();
        engine
            .cdef("typedef unsigned long uLong; typedef void (*destructor)(void *); enum { E_TWO = 2 }; struct point { int x, y; };")
            .unwrap();
        let defines = [
            define("SHIFT", "(1 << 3)"),
            define("HEX", "0x10UL"),
            define("CAST", "((uLong)5)"),
            define("ALL", "~0U"),
            define("ALL64", "(~0ULL)"),
            define("NEG", "(-1)"),
            define("NAMED", "(SHIFT | E_TWO)"),
            define("CHAR", "'A'"),
            define("SIZE", "sizeof(uLong)"),
            define("SIZE_TAG", "(sizeof (struct point) * 2)"),
            define("PI", "3.14159265358979323846"),
            define("FLOAT", "((double)-1.5e-3f)"),
            define("HEXF", "0x1.8p1"),
            define("VERSION", "\"1.2.13\""),
            define("CONCAT", "(\"a\\n\" \"b\\x41\\101\")"),
            define("EMPTY", ""),
            define("KEYWORD", "extern"),
            define("POINTER", "((destructor)-1)"),
            define("CALLS", "CALL(1)"),
            define("SELF", "SELF"),
            define("WIDE", "L\"w\""),
        ];
        let got = values(&defines, &mut engine);
        let expected = [
            Some(Value::Int(8)),
            Some(Value::Int(16)),
            Some(Value::Int(5)),
            Some(Value::Int(4294967295)),
            Some(Value::Int(u64::MAX as i128)),
            Some(Value::Int(-1)),
            Some(Value::Int(10)),
            Some(Value::Int(65)),
            Some(Value::Int(8)),
            Some(Value::Int(16)),
            Some(Value::Float(std::f64::consts::PI)),
            Some(Value::Float(-1.5e-3_f32 as f64)),
            Some(Value::Float(3.0)),
            Some(Value::Str(b"1.2.13".to_vec())),
            Some(Value::Str(b"a\nbAA".to_vec())),
            None,
            None,
            None,
            None,
            None,
            None,
        ];
        for ((name, value), expected) in got.iter().zip(expected) {
            assert_eq!(*value, expected, "{name}");
        }
    }
}
