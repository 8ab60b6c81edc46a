//! Luau spellings: C types as Luau types under the conversion rules of
//! luau-ffi, names that are safe as Luau identifiers, and literals.
//!
//! The rules, for values converted from C to Luau (results, fields, callback
//! arguments): a pointer may be NULL, which is `nil` (`CData?`); a 64-bit
//! integer is a number when exact and a boxed cdata otherwise (`number | CData`);
//! smaller integers, enums and floating point are numbers. For values going from
//! Luau to C (arguments, callback results): `nil` passes NULL, a `buffer` passes
//! its bytes to a `void`/byte pointer, a string to a `const` one, and a Luau
//! function where a function pointer is expected becomes a callback.

use std::collections::BTreeMap;

use super::engine::{CTy, FnSig, Pointee, RecordKey};

/// Luau's reserved words.
const KEYWORDS: &[&str] = &[
    "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "if", "in", "local", "nil", "not", "or",
    "repeat", "return", "then", "true", "until", "while",
];

/// Luau's contextual keywords: valid table keys, but ambiguous as parameter
/// names in types.
const CONTEXTUAL: &[&str] = &["continue", "export", "type", "typeof"];

/// Type names Luau defines itself, and the ones the generated module uses.
const RESERVED_TYPES: &[&str] = &[
    "any",
    "boolean",
    "buffer",
    "never",
    "nil",
    "number",
    "string",
    "thread",
    "unknown",
    "userdata",
    "vector",
    "CData",
    "CDataMetatable",
    "Bindings",
];

/// Whether `name` can be written as a Luau identifier (C allows `$` in names
/// and Luau does not).
pub fn is_plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    let starts = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    starts && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') && !KEYWORDS.contains(&name)
}

/// A parameter name for a function type: C's, or `argN`, never a reserved word.
pub fn param_name(name: Option<&str>, index: usize) -> String {
    match name.map(|n| n.replace('$', "_")) {
        Some(n) if !KEYWORDS.contains(&n.as_str()) && !CONTEXTUAL.contains(&n.as_str()) => n,
        Some(n) => format!("{n}_"),
        None => format!("arg{}", index + 1),
    }
}

/// The Luau type name for a C type name: the same, unless Luau or the module
/// already uses it (then with `_` appended); `$` becomes `_`.
pub fn type_name(name: &str) -> String {
    let name = name.replace('$', "_");
    if KEYWORDS.contains(&name.as_str())
        || CONTEXTUAL.contains(&name.as_str())
        || RESERVED_TYPES.contains(&name.as_str())
    {
        format!("{name}_")
    } else {
        name
    }
}

/// A table key in a type or constructor: `name`, or `["name"]` for reserved words.
pub fn key(name: &str) -> String {
    if is_plain_name(name) {
        name.to_string()
    } else {
        format!("[\"{name}\"]")
    }
}

/// How C types are spelled in Luau for one module: knows the Luau names of the
/// records it exports.
pub struct Types<'a> {
    /// Luau type names of exported records.
    pub records: &'a BTreeMap<RecordKey, String>,
}

impl Types<'_> {
    /// A value converted from C to Luau.
    pub fn c_to_luau(&self, ty: &CTy) -> String {
        match ty {
            CTy::Void => "()".into(),
            CTy::Bool => "boolean".into(),
            CTy::Int { size: 8 } => "number | CData".into(),
            CTy::Int { .. } | CTy::Float => "number".into(),
            // A pointer to an exported struct reads its fields through the struct's type.
            CTy::Pointer(Pointee::Record(key)) => match self.records.get(key) {
                Some(name) => format!("{name}?"),
                None => "CData?".into(),
            },
            CTy::Pointer(_) => "CData?".into(),
            CTy::Record(key) => self.records.get(key).cloned().unwrap_or_else(|| "CData".into()),
            CTy::Array | CTy::Opaque => "CData".into(),
        }
    }

    /// A value converted from Luau to C.
    pub fn luau_to_c(&self, ty: &CTy) -> String {
        match ty {
            CTy::Void => "()".into(),
            CTy::Bool => "boolean".into(),
            CTy::Int { size: 8 } => "number | CData".into(),
            CTy::Int { .. } | CTy::Float => "number".into(),
            CTy::Pointer(Pointee::Bytes { is_const: true }) => "string | buffer | CData?".into(),
            CTy::Pointer(Pointee::Bytes { is_const: false }) => "buffer | CData?".into(),
            CTy::Pointer(Pointee::Function(sig)) => format!("({}) | CData?", self.callback(sig)),
            CTy::Pointer(Pointee::Record(_) | Pointee::Other) => "CData?".into(),
            // Records by value take a cdata of the type (or a table initializer).
            CTy::Record(_) => "CData | { [any]: any }".into(),
            CTy::Array | CTy::Opaque => "CData".into(),
        }
    }

    /// A function the module exports: arguments go to C, the result comes back.
    pub fn function(&self, sig: &FnSig) -> String {
        let params = self.params(sig, |ty| self.luau_to_c(ty));
        format!("({params}) -> {}", self.c_to_luau(&sig.ret))
    }

    /// A Luau function C calls back: arguments come from C, the result goes to C.
    pub fn callback(&self, sig: &FnSig) -> String {
        let params = self.params(sig, |ty| self.c_to_luau(ty));
        let ret = match &sig.ret {
            CTy::Void => "()".to_string(),
            // A function returning a union is written in parentheses.
            other => wrap_union(&self.luau_to_c(other)),
        };
        format!("({params}) -> {ret}")
    }

    fn params(&self, sig: &FnSig, spell: impl Fn(&CTy) -> String) -> String {
        let mut seen: Vec<String> = Vec::new();
        let mut parts: Vec<String> = Vec::new();
        for (i, (name, ty)) in sig.params.iter().enumerate() {
            let mut name = param_name(name.as_deref(), i);
            if seen.contains(&name) {
                name = format!("{name}{}", i + 1);
            }
            seen.push(name.clone());
            parts.push(format!("{name}: {}", spell(ty)));
        }
        if sig.variadic {
            parts.push("...any".into());
        }
        parts.join(", ")
    }
}

/// A union type in parentheses where a single type is expected (a function's
/// result).
fn wrap_union(ty: &str) -> String {
    if ty.contains('|') {
        format!("({ty})")
    } else {
        ty.to_string()
    }
}

/// A Luau string literal holding `bytes`.
pub fn string_literal(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    for &b in bytes {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            0x20..=0x7e => out.push(b as char),
            _ => out.push_str(&format!("\\{b:03}")),
        }
    }
    out.push('"');
    out
}

/// A Luau number literal for a double: shortest round-trip form.
pub fn float_literal(value: f64) -> Option<String> {
    value.is_finite().then(|| format!("{value:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_literals() {
        assert_eq!(param_name(Some("in"), 1), "in_");
        assert_eq!(param_name(Some("type"), 1), "type_");
        assert_eq!(param_name(None, 2), "arg3");
        assert_eq!(type_name("string"), "string_");
        assert_eq!(type_name("z_stream"), "z_stream");
        assert_eq!(key("end"), "[\"end\"]");
        assert_eq!(key("type"), "type");
        assert_eq!(key("a$b"), "[\"a$b\"]");
        assert_eq!(param_name(Some("a$b"), 0), "a_b");
        assert_eq!(type_name("t$x"), "t_x");
        assert_eq!(string_literal(b"1.2.13"), "\"1.2.13\"");
        assert_eq!(string_literal(b"a\"\\\n\x01\xff"), "\"a\\\"\\\\\\n\\001\\255\"");
        assert_eq!(float_literal(3.5).unwrap(), "3.5");
        assert_eq!(float_literal(1e300).unwrap(), "1e300");
        assert_eq!(float_literal(2.0).unwrap(), "2.0");
        assert_eq!(float_literal(f64::INFINITY), None);
    }

    #[test]
    fn types_follow_the_conversion_rules() {
        let records = BTreeMap::new();
        let types = Types { records: &records };
        let bytes = |is_const| CTy::Pointer(Pointee::Bytes { is_const });
        let compress = FnSig {
            ret: CTy::Int { size: 4 },
            params: vec![
                (Some("dest".into()), bytes(false)),
                (Some("destLen".into()), CTy::Pointer(Pointee::Other)),
                (Some("source".into()), bytes(true)),
                (Some("sourceLen".into()), CTy::Int { size: 8 }),
            ],
            variadic: false,
        };
        assert_eq!(
            types.function(&compress),
            "(dest: buffer | CData?, destLen: CData?, source: string | buffer | CData?, sourceLen: number | CData) -> number"
        );
        let callback = FnSig {
            ret: CTy::Int { size: 4 },
            params: vec![
                (None, CTy::Pointer(Pointee::Bytes { is_const: false })),
                (Some("n".into()), CTy::Int { size: 8 }),
            ],
            variadic: false,
        };
        assert_eq!(types.callback(&callback), "(arg1: CData?, n: number | CData) -> number");
        let exec = FnSig {
            ret: CTy::Pointer(Pointee::Other),
            params: vec![(Some("cb".into()), CTy::Pointer(Pointee::Function(Box::new(callback))))],
            variadic: true,
        };
        assert_eq!(
            types.function(&exec),
            "(cb: ((arg1: CData?, n: number | CData) -> number) | CData?, ...any) -> CData?"
        );
    }
}
