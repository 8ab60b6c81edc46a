//! Splits declaration source into tokens, all at once.
//!
//! Lexical errors do not stop the lexer: they become [`Tok::Error`] (or
//! [`Tok::Lenient`]) tokens that the parser raises when it reaches them, so
//! errors still come out in source order. Backslash-newline pairs are removed
//! first, as C's translation phase 2 does, so a continuation may split any
//! token. `$` placeholders are replaced here by the parameter they stand for,
//! and `#pragma pack` lines become [`Tok::Pack`]; other `#` lines are dropped
//! (there is no preprocessor).

use std::borrow::Cow;

use super::error::{msg, CParseError};
use crate::ctype::CHAR_SIGNED;
use crate::ctype::{CTypeId, TypeParam};

/// An integer literal with the type C gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct IntLit {
    /// The value's bits (sign-extended for negative character constants).
    pub value: u64,
    /// `unsigned int` / `unsigned long`.
    pub unsigned: bool,
    /// 64-bit (`long`) rather than `int`.
    pub wide: bool,
}

/// A `#pragma pack` directive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PackOp {
    /// `pack(push)` or `pack(push, n)`: save the current value, then set `n`
    /// (`None`: natural alignment, from `push, 0`; plain `push` keeps the value).
    Push(Option<Option<u32>>),
    /// `pack(pop)`: restore the saved value.
    Pop,
    /// `pack(n)` with n in 1, 2, 4, 8, 16, or `pack()` / `pack(0)` to return to
    /// natural alignment.
    Set(Option<u32>),
}

/// What a token is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Tok {
    /// An identifier or keyword (keywords are told apart by the parser).
    Ident(String),
    /// An integer or character constant.
    Int(IntLit),
    /// A string literal's contents (as [`name_from_bytes`] reads them) and
    /// their length in bytes.
    Str(String, usize),
    /// An operator or punctuator.
    Punct(&'static str),
    /// A `$` bound to a type.
    Type(CTypeId),
    /// A `$` bound to an integer value of a type: the type where a type may
    /// stand, the integer where a value may.
    TypedInt(CTypeId, IntLit),
    /// A `#pragma pack` line.
    Pack(PackOp),
    /// The end of the source.
    Eof,
    /// A lexical error, raised when the parser gets here.
    Error(CParseError),
    /// Something that is an error where the parser needs a token (a
    /// floating-point literal, a stray character, a multi-character
    /// constant) but is passed over in text that is skipped unparsed, such as
    /// the body of an inline function, as LuaJIT passes over it.
    Lenient(CParseError),
}

/// A token with what error messages need.
#[derive(Clone, Debug)]
pub(super) struct Token {
    /// The token.
    pub tok: Tok,
    /// Its line, from 1.
    pub line: u32,
    /// How it is quoted in `near '...'`.
    pub text: String,
}

const PUNCTS: &[&str] = &[
    "...", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "->", "(", ")", "[", "]", "{", "}", ";", ",", "*", "&", "=",
    ":", "?", "+", "-", "~", "!", "/", "%", "<", ">", "^", "|", ".",
];

struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    line: u32,
    /// Where backslash-newline pairs were removed from the source, as
    /// positions in `src`; each counts as a line break once the lexer has
    /// passed it.
    splices: &'a [usize],
    /// The next entry of `splices` not yet counted.
    next_splice: usize,
    /// Only whitespace since the last newline: a `#` here starts a directive.
    line_start: bool,
    params: &'a [TypeParam],
    used: usize,
    out: Vec<Token>,
}

/// The tokens of `src`, ending with `Eof`, and how many `params` were used.
/// The source is bytes, as LuaJIT reads it: UTF-8 or not (a Latin-1 header).
pub(super) fn tokenize(src: &[u8], params: &[TypeParam]) -> (Vec<Token>, usize) {
    let (src, splices) = splice_lines(src);
    let mut lx = Lexer {
        src: &src,
        pos: 0,
        line: 1,
        splices: &splices,
        next_splice: 0,
        line_start: true,
        params,
        used: 0,
        out: Vec::new(),
    };
    lx.run();
    (lx.out, lx.used)
}

/// `src` without its backslash-newline pairs (before `\n`, `\r\n` or `\r`),
/// and where each was, in the result. Borrowed when there are none.
fn splice_lines(src: &[u8]) -> (Cow<'_, [u8]>, Vec<usize>) {
    let is_break = |i: usize| matches!(src.get(i), Some(b'\n' | b'\r'));
    if !src.windows(2).any(|w| w[0] == b'\\' && matches!(w[1], b'\n' | b'\r')) {
        return (Cow::Borrowed(src), Vec::new());
    }
    let mut out = Vec::with_capacity(src.len());
    let mut splices = Vec::new();
    let mut i = 0;
    while i < src.len() {
        if src[i] == b'\\' && is_break(i + 1) {
            i += if src[i + 1] == b'\r' && src.get(i + 2) == Some(&b'\n') { 3 } else { 2 };
            splices.push(out.len());
            continue;
        }
        out.push(src[i]);
        i += 1;
    }
    (Cow::Owned(out), splices)
}

/// A name as the type table holds it (an identifier or string literal of a
/// declaration, a `$` name, a Luau string naming a member, constant or
/// symbol): the bytes themselves when they are UTF-8, otherwise each byte as
/// the Latin-1 character of its value. LuaJIT's names are bytes and the
/// table's are Rust strings; reading every name through this one decoding
/// keeps the names of a non-UTF-8 source distinct and findable by the same
/// bytes from Luau.
pub(crate) fn name_from_bytes(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

/// Identifier bytes: as in LuaJIT, bytes from 0x80 up count too, so UTF-8
/// names (`int café;`) are names and a token never ends inside a character.
fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> u8 {
        self.src.get(self.pos + ahead).copied().unwrap_or(0)
    }

    fn push(&mut self, tok: Tok, line: u32, text: String) {
        self.out.push(Token { tok, line, text });
    }

    fn error(&mut self, m: &str, near: Option<&str>) {
        let e = CParseError::new(m, near, self.line);
        self.push(Tok::Error(e), self.line, String::new());
    }

    /// Counts the line breaks of the continuations before `pos`.
    fn count_splices(&mut self) {
        while self.splices.get(self.next_splice).is_some_and(|&at| at <= self.pos) {
            self.next_splice += 1;
            self.line += 1;
        }
    }

    fn run(&mut self) {
        loop {
            self.count_splices();
            let c = self.peek(0);
            let line = self.line;
            match c {
                0 if self.pos >= self.src.len() => {
                    self.push(Tok::Eof, line, "<eof>".into());
                    return;
                }
                b'\n' => {
                    self.line += 1;
                    self.pos += 1;
                    self.line_start = true;
                }
                b'\r' => {
                    self.line += 1;
                    self.pos += if self.peek(1) == b'\n' { 2 } else { 1 };
                    self.line_start = true;
                }
                b' ' | b'\t' | 0x0b | 0x0c => self.pos += 1,
                b'/' if self.peek(1) == b'*' => self.block_comment(),
                b'/' if self.peek(1) == b'/' => {
                    self.skip_line();
                }
                b'#' if self.line_start => self.directive(),
                b'"' | b'\'' => {
                    self.line_start = false;
                    self.string(c);
                }
                b'$' => {
                    self.line_start = false;
                    self.pos += 1;
                    self.param(line);
                }
                c if c.is_ascii_digit() => {
                    self.line_start = false;
                    self.number();
                }
                c if is_ident(c) => {
                    self.line_start = false;
                    let start = self.pos;
                    while is_ident(self.peek(0)) {
                        self.pos += 1;
                    }
                    let s = name_from_bytes(&self.src[start..self.pos]).into_owned();
                    self.push(Tok::Ident(s.clone()), line, s);
                }
                _ => {
                    self.line_start = false;
                    let rest = &self.src[self.pos..];
                    if let Some(p) = PUNCTS.iter().find(|p| rest.starts_with(p.as_bytes())) {
                        self.pos += p.len();
                        self.push(Tok::Punct(p), line, p.to_string());
                    } else {
                        // Any byte left is ASCII (see `is_ident`).
                        let ch = (rest[0] as char).to_string();
                        let e = CParseError::new(msg::UNEXPECTED, Some(&ch), self.line);
                        self.push(Tok::Lenient(e), self.line, String::new());
                        self.pos += 1;
                    }
                }
            }
        }
    }

    fn block_comment(&mut self) {
        self.pos += 2;
        while self.pos < self.src.len() && !(self.peek(0) == b'*' && self.peek(1) == b'/') {
            self.count_newline();
            self.pos += 1;
        }
        self.pos = (self.pos + 2).min(self.src.len());
    }

    /// Counts a line break at `pos` (`\r\n` once).
    fn count_newline(&mut self) {
        match self.peek(0) {
            b'\n' => self.line += 1,
            b'\r' if self.peek(1) != b'\n' => self.line += 1,
            _ => {}
        }
    }

    /// Skips to the end of the line (continuations are already joined);
    /// returns the text.
    fn skip_line(&mut self) -> String {
        let start = self.pos;
        while self.pos < self.src.len() && !matches!(self.peek(0), b'\n' | b'\r') {
            self.pos += 1;
        }
        String::from_utf8_lossy(&self.src[start..self.pos]).into_owned()
    }

    fn directive(&mut self) {
        let line = self.line;
        self.pos += 1;
        let text = self.skip_line();
        let words: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let Some(rest) = words.strip_prefix("pragmapack") else { return };
        match parse_pack(rest) {
            Ok(Some(op)) => self.push(Tok::Pack(op), line, "#".into()),
            Ok(None) => {}
            Err(()) => {
                let e = CParseError::new(msg::UNEXPECTED, Some("#"), line);
                self.push(Tok::Error(e), line, String::new());
            }
        }
    }

    fn param(&mut self, line: u32) {
        let Some(p) = self.params.get(self.used) else {
            let e = CParseError::new(msg::PARAM_COUNT, None, line);
            self.push(Tok::Error(e), line, String::new());
            return;
        };
        self.used += 1;
        let tok = match p {
            TypeParam::Type(id) => Tok::Type(*id),
            TypeParam::Number(n) => {
                Tok::Int(IntLit { value: *n as u64, unsigned: false, wide: i32::try_from(*n).is_err() })
            }
            TypeParam::Name(s) => Tok::Ident(s.clone()),
            TypeParam::Integer { ty, bits, unsigned } => {
                let wide = if *unsigned { u32::try_from(*bits).is_err() } else { i32::try_from(*bits as i64).is_err() };
                Tok::TypedInt(*ty, IntLit { value: *bits, unsigned: *unsigned, wide })
            }
        };
        self.push(tok, line, "$".into());
    }

    fn number(&mut self) {
        let line = self.line;
        let start = self.pos;
        while is_ident(self.peek(0)) || self.peek(0) == b'.' {
            self.pos += 1;
        }
        let text = name_from_bytes(&self.src[start..self.pos]).into_owned();
        match parse_int(&text) {
            Some(lit) => self.push(Tok::Int(lit), line, text),
            None => {
                // As in LuaJIT, only integers are numbers here; a floating-point
                // literal is passed over in an inline function's body.
                let e = CParseError::new(msg::BAD_NUMBER, Some(&text), line);
                self.push(Tok::Lenient(e), line, text);
            }
        }
    }

    fn string(&mut self, delim: u8) {
        let line = self.line;
        self.pos += 1;
        let mut bytes = Vec::new();
        loop {
            let c = self.peek(0);
            if self.pos >= self.src.len() {
                self.error(msg::UNFINISHED_STRING, Some("<eof>"));
                return;
            }
            self.pos += 1;
            if c == delim {
                break;
            }
            if c == b'\\' {
                bytes.push(self.escape());
            } else {
                self.count_newline_byte(c);
                bytes.push(c);
            }
        }
        let text = name_from_bytes(&bytes).into_owned();
        if delim == b'"' {
            self.push(Tok::Str(text.clone(), bytes.len()), line, text);
        } else if bytes.len() == 1 {
            let v = if CHAR_SIGNED { bytes[0] as i8 as i64 as u64 } else { bytes[0] as u64 };
            self.push(Tok::Int(IntLit { value: v, unsigned: false, wide: false }), line, text);
        } else {
            let e = CParseError::new("''' expected", Some(&text), line);
            self.push(Tok::Lenient(e), line, text);
        }
    }

    fn count_newline_byte(&mut self, c: u8) {
        if c == b'\n' {
            self.line += 1;
        }
    }

    /// The byte an escape sequence (after the `\`) stands for.
    fn escape(&mut self) -> u8 {
        let c = self.peek(0);
        self.pos += 1;
        match c {
            b'a' => 7,
            b'b' => 8,
            b'f' => 12,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'v' => 11,
            b'e' => 27,
            b'x' => {
                let mut v: u32 = 0;
                while self.peek(0).is_ascii_hexdigit() {
                    v = (v << 4) + (self.peek(0) as char).to_digit(16).unwrap_or(0);
                    self.pos += 1;
                }
                v as u8
            }
            b'0'..=b'7' => {
                let mut v = (c - b'0') as u32;
                for _ in 0..2 {
                    if !(b'0'..=b'7').contains(&self.peek(0)) {
                        break;
                    }
                    v = v * 8 + (self.peek(0) - b'0') as u32;
                    self.pos += 1;
                }
                v as u8
            }
            other => other,
        }
    }
}

/// `(push, 4)` and friends, whitespace removed, as gcc reads them: `Err` for
/// a malformed directive; `Ok(None)` for one gcc ignores (with a warning)
/// because its value is not 0, 1, 2, 4, 8 or 16; a value of 0 means natural
/// alignment, like `pack()`.
fn parse_pack(args: &str) -> Result<Option<PackOp>, ()> {
    let inner = args.strip_prefix('(').and_then(|a| a.strip_suffix(')')).ok_or(())?;
    let items: Vec<&str> = if inner.is_empty() { Vec::new() } else { inner.split(',').collect() };
    // Some(Some(n)): pack to n; Some(None): natural; None: not a valid value.
    let value = |s: &str| -> Result<Option<Option<u32>>, ()> {
        let n = parse_int(s).ok_or(())?.value;
        Ok(match n {
            0 => Some(None),
            1 | 2 | 4 | 8 | 16 => Some(Some(n as u32)),
            _ => None,
        })
    };
    Ok(match items.as_slice() {
        [] => Some(PackOp::Set(None)),
        ["push", rest @ ..] => match rest.last() {
            // `push` and `push, identifier` save the value in force.
            Some(n) if n.starts_with(|c: char| c.is_ascii_digit()) => value(n)?.map(|v| PackOp::Push(Some(v))),
            _ => Some(PackOp::Push(None)),
        },
        ["pop", ..] => Some(PackOp::Pop),
        [n] => value(n)?.map(PackOp::Set),
        _ => return Err(()),
    })
}

/// A C integer literal with its suffixes, typed as C types it.
pub(super) fn parse_int(text: &str) -> Option<IntLit> {
    let body = text.trim_end_matches(['u', 'U', 'l', 'L']);
    let suffix = &text[body.len()..].to_ascii_lowercase();
    let unsigned_suffix = suffix.contains('u');
    let longs = suffix.matches('l').count();
    if !matches!(suffix.as_str(), "" | "u" | "l" | "ul" | "lu" | "ll" | "ull" | "llu") {
        return None;
    }
    let (digits, radix) = if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        (h, 16)
    } else if let Some(b) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
        (b, 2)
    } else if body.len() > 1 && body.starts_with('0') {
        (&body[1..], 8)
    } else {
        (body, 10)
    };
    if digits.is_empty() {
        return None;
    }
    let value = u64::from_str_radix(digits, radix).ok()?;
    let long = longs > 0;
    let lit = if unsigned_suffix {
        IntLit { value, unsigned: true, wide: long || value > u32::MAX as u64 }
    } else if !long && value <= i32::MAX as u64 {
        IntLit { value, unsigned: false, wide: false }
    } else if !long && radix != 10 && value <= u32::MAX as u64 {
        IntLit { value, unsigned: true, wide: false }
    } else {
        IntLit { value, unsigned: value > i64::MAX as u64, wide: true }
    };
    Some(lit)
}
