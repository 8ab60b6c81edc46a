//! Parse errors, worded like LuaJIT's (lj_cparse.c with lj_errmsg.h) so that
//! scripts matching on messages keep working: `'<x>' expected near '<token>'`,
//! `attempt to redefine 'foo'`, with ` at line N` appended past the first line.

use std::borrow::Cow;
use std::fmt::Write;

/// A failed `cdef` or type expression. `Display` gives the whole message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CParseError {
    message: String,
    line: u32,
}

impl CParseError {
    /// `msg`, then ` near 'tok'` when a token is given, then ` at line N` when
    /// the error is past the first line (LuaJIT's `cp_errmsg`).
    pub(crate) fn new(msg: &str, near: Option<&str>, line: u32) -> CParseError {
        let mut message = msg.to_string();
        if let Some(tok) = near {
            message.push_str(&format!(" near '{}'", printable(tok)));
        }
        if line > 1 {
            message.push_str(&format!(" at line {line}"));
        }
        CParseError { message, line }
    }

    /// The line of the source (from 1) where the error was found.
    pub fn line(&self) -> u32 {
        self.line
    }

    /// The full message, as `Display` prints it.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// A token or name as it appears between quotes in a message: as written,
/// except control characters (C0, DEL and C1), which must not reach a message
/// raw. A token that is one control character is named as LuaJIT names it
/// (`char(1)`), NUL as `\0`; inside longer text (string literals, names from
/// `$` or UTF-8 identifiers) they are C escapes.
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Cow::Owned(if c == '\0' { "\\0".to_string() } else { format!("char({})", c as u32) });
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\0' => out.push_str("\\0"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_ascii_control() => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The messages, as constants so that tests and callers spell them once.
pub(crate) mod msg {
    /// A value (bitfield width, division by zero) that makes no sense.
    pub const BAD_VALUE: &str = "invalid value";
    /// A type that cannot exist (array of functions, function returning an array).
    pub const INVALID_TYPE: &str = "invalid C type";
    /// An array or member whose size is unknown, or an array too large.
    pub const INVALID_SIZE: &str = "size of C type is unknown or too large";
    /// A storage class where none is allowed.
    pub const BAD_STORAGE: &str = "bad storage class";
    /// No type at all where one is needed.
    pub const DECL_SPEC: &str = "declaration specifier expected";
    /// A token that cannot start an expression or follow a declaration.
    pub const UNEXPECTED: &str = "unexpected symbol";
    /// A bad numeric literal.
    pub const BAD_NUMBER: &str = "malformed number";
    /// A string or character literal without its closing quote.
    pub const UNFINISHED_STRING: &str = "unfinished string";
    /// Nesting beyond what the parser allows.
    pub const TOO_DEEP: &str = "chunk has too many syntax levels";
    /// More or fewer `$` than parameters.
    pub const PARAM_COUNT: &str = "wrong number of type parameters";
}
