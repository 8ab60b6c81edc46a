//! The preprocessed translation unit: runs the system C preprocessor over the
//! headers, and splits its output into top-level declarations, each knowing the
//! file it came from, plus the object-like `#define`s with their files.
//!
//! `cc -E -dD` prints linemarkers (`# 42 "/usr/include/zlib.h" 1 3 4`) that say
//! which file the following lines came from, and keeps the `#define`/`#undef`
//! directives in place, so one run gives both declarations and macros with
//! their origin (`cc -dM -E` would give the macros without it).

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// What a token is; the text is kept as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    /// An identifier or keyword.
    Ident,
    /// A preprocessing number (`0x10UL`, `1.5e3f`).
    Number,
    /// A string literal, with any prefix (`"a\n"`, `L"w"`).
    Str,
    /// A character constant (`'a'`).
    Char,
    /// Punctuation (`...`, `->`, `{`).
    Punct,
}

/// One C token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokKind,
    /// Its text.
    pub text: String,
}

impl Token {
    /// Whether this is the punctuator or identifier `s`.
    pub fn is(&self, s: &str) -> bool {
        self.text == s && matches!(self.kind, TokKind::Punct | TokKind::Ident)
    }
}

/// A top-level declaration (up to its `;`), or a function definition's
/// prototype part (its body is dropped).
#[derive(Clone, Debug)]
pub struct Chunk {
    /// Index into [`Unit::files`] of the file holding its first token.
    pub file: usize,
    /// The line of its first token in that file.
    pub line: u32,
    /// The tokens, ending with `;`.
    pub tokens: Vec<Token>,
    /// The `#pragma pack` alignment in force where it starts (`None`: natural).
    pub pack: Option<u32>,
}

/// An object-like macro (`#define NAME body`).
#[derive(Clone, Debug)]
pub struct Define {
    /// Its name.
    pub name: String,
    /// The replacement tokens.
    pub body: Vec<Token>,
    /// Index into [`Unit::files`] of the file that defines it.
    pub file: usize,
}

/// The preprocessed headers.
#[derive(Debug, Default)]
pub struct Unit {
    /// Every file named by a linemarker, in order of first appearance (the
    /// named headers as the user spelled them).
    pub files: Vec<String>,
    /// Indices into `files` of the headers named on the command line.
    pub headers: Vec<usize>,
    /// Top-level declarations in source order.
    pub chunks: Vec<Chunk>,
    /// Object-like macros still defined at the end, in order of definition.
    pub defines: Vec<Define>,
    /// Names of function-like macros still defined at the end (they are never
    /// constants, but a name they take is not free either).
    pub function_macros: Vec<String>,
}

/// How to run the preprocessor.
#[derive(Clone, Debug, Default)]
pub struct Preprocess {
    /// The compiler driver (`cc`, or `$CC`).
    pub cc: String,
    /// `-I` directories.
    pub include_dirs: Vec<String>,
    /// `-D` definitions (`NAME` or `NAME=value`).
    pub defines: Vec<String>,
}

impl Preprocess {
    /// Preprocesses `headers` (paths, or names found on the include path like
    /// `zlib.h`) as one translation unit and returns its declarations.
    pub fn run(&self, headers: &[String]) -> Result<Unit, String> {
        let mut source = String::new();
        let mut spellings = Vec::new();
        for header in headers {
            if Path::new(header).is_file() {
                let absolute = std::fs::canonicalize(header).map_err(|e| format!("cannot read '{header}': {e}"))?;
                source.push_str(&format!("#include \"{}\"\n", absolute.display()));
                spellings.push(absolute.display().to_string());
            } else {
                source.push_str(&format!("#include <{header}>\n"));
                spellings.push(header.clone());
            }
        }
        let mut command = Command::new(&self.cc);
        command.args(["-E", "-dD"]);
        for dir in &self.include_dirs {
            command.arg(format!("-I{dir}"));
        }
        for define in &self.defines {
            command.arg(format!("-D{define}"));
        }
        command.args(["-x", "c", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = command.spawn().map_err(|e| format!("cannot run the C preprocessor '{}': {e}", self.cc))?;
        let mut stdin = child.stdin.take().expect("piped stdin");
        let written = stdin.write_all(source.as_bytes());
        drop(stdin);
        let output = child.wait_with_output().map_err(|e| format!("the C preprocessor '{}' failed: {e}", self.cc))?;
        if !output.status.success() || written.is_err() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(format!("the C preprocessor '{} -E' failed:\n{}", self.cc, stderr.trim_end()));
        }
        let text = String::from_utf8_lossy(&output.stdout);
        let mut unit = split_unit(&text, &spellings);
        // Messages name the headers as the user did.
        for (spelling, header) in spellings.iter().zip(headers) {
            let Some(&id) = unit.headers.iter().find(|&&h| is_file_of(&unit.files[h], spelling)) else {
                return Err(format!("the preprocessor never entered '{header}'"));
            };
            unit.files[id] = header.clone();
        }
        Ok(unit)
    }
}

/// Whether the linemarker path `file` is the header spelled `spelling` in an
/// `#include`: the same absolute path, or a path on the include path ending in
/// that name (`/usr/include/x86_64-linux-gnu/curl/easy.h` for `curl/easy.h`).
fn is_file_of(file: &str, spelling: &str) -> bool {
    file == spelling || (!spelling.starts_with('/') && file.ends_with(&format!("/{spelling}")))
}

/// Splits preprocessor output into a [`Unit`]. `headers` are the named headers
/// as spelled in the `#include`s (a header that another one already included is
/// found by its path).
pub fn split_unit(text: &str, headers: &[String]) -> Unit {
    let mut unit = Unit::default();
    let mut file_ids: HashMap<String, usize> = HashMap::new();
    let mut defines: Vec<Define> = Vec::new();
    let mut function_macros: Vec<String> = Vec::new();
    let mut tokens: Vec<(Token, usize, u32, Option<u32>)> = Vec::new();
    let mut current = 0usize;
    let mut line_no = 1u32;
    let mut pack = PackState::default();
    for raw in text.lines() {
        let line = raw.trim_start();
        if let Some(directive) = line.strip_prefix('#') {
            let directive = directive.trim_start();
            if let Some((number, rest)) = linemarker(directive) {
                let (name, flags) = rest;
                let id = *file_ids.entry(name.to_string()).or_insert_with(|| {
                    unit.files.push(name.to_string());
                    unit.files.len() - 1
                });
                if flags.contains(&"1") && !unit.headers.contains(&id) && headers.iter().any(|h| is_file_of(name, h)) {
                    unit.headers.push(id);
                }
                current = id;
                line_no = number;
                continue;
            }
            if let Some(rest) = directive.strip_prefix("define") {
                match macro_definition(rest) {
                    Some(MacroDef::Object(name, body)) => {
                        defines.retain(|d| d.name != name);
                        function_macros.retain(|n| *n != name);
                        defines.push(Define { name, body, file: current });
                    }
                    Some(MacroDef::Function(name)) => {
                        defines.retain(|d| d.name != name);
                        function_macros.retain(|n| *n != name);
                        function_macros.push(name);
                    }
                    None => {}
                }
            } else if let Some(rest) = directive.strip_prefix("undef") {
                let name = rest.trim();
                defines.retain(|d| d.name != name);
                function_macros.retain(|n| n != name);
            } else if let Some(rest) = directive.strip_prefix("pragma") {
                pack.apply(rest);
            }
            line_no += 1;
            continue;
        }
        for token in tokenize(line) {
            tokens.push((token, current, line_no, pack.current()));
        }
        line_no += 1;
    }
    unit.chunks = split_declarations(tokens);
    unit.defines = defines;
    unit.function_macros = function_macros;
    unit
}

/// `N "file" flags...` after the `#` of a linemarker.
fn linemarker(directive: &str) -> Option<(u32, (&str, Vec<&str>))> {
    let directive = directive.strip_prefix("line").map(str::trim_start).unwrap_or(directive);
    let digits = directive.find(|c: char| !c.is_ascii_digit()).unwrap_or(directive.len());
    let number: u32 = directive[..digits].parse().ok()?;
    let rest = directive[digits..].trim_start().strip_prefix('"')?;
    let end = rest.find('"')?;
    let flags = rest[end + 1..].split_whitespace().collect();
    Some((number, (&rest[..end], flags)))
}

enum MacroDef {
    Object(String, Vec<Token>),
    Function(String),
}

/// ` NAME body` or ` NAME(params) body` after `#define`.
fn macro_definition(rest: &str) -> Option<MacroDef> {
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim_start();
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$')).unwrap_or(rest.len());
    let name = &rest[..end];
    if name.is_empty() {
        return None;
    }
    if rest[end..].starts_with('(') {
        return Some(MacroDef::Function(name.to_string()));
    }
    Some(MacroDef::Object(name.to_string(), tokenize(&rest[end..])))
}

/// `#pragma pack` as the preprocessor passes it through.
#[derive(Default)]
struct PackState {
    current: Option<u32>,
    stack: Vec<Option<u32>>,
}

impl PackState {
    fn current(&self) -> Option<u32> {
        self.current
    }

    /// Follows `pack(n)`, `pack()`, `pack(push[, n])`, `pack(pop)`.
    fn apply(&mut self, pragma: &str) {
        let compact: String = pragma.chars().filter(|c| !c.is_whitespace()).collect();
        let Some(args) = compact.strip_prefix("pack(").and_then(|a| a.strip_suffix(')')) else { return };
        let parts: Vec<&str> = args.split(',').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [] => self.current = None,
            ["push", rest @ ..] => {
                self.stack.push(self.current);
                if let Some(n) = rest.last().and_then(|n| n.parse().ok()) {
                    self.current = Some(n);
                }
            }
            ["pop", ..] => self.current = self.stack.pop().flatten(),
            [n] => self.current = n.parse().ok(),
            _ => {}
        }
    }
}

/// Punctuators, longest first within each length.
const PUNCTUATORS: &[&str] = &[
    "...", "<<=", ">>=", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "*=", "/=", "%=", "+=",
    "-=", "&=", "^=", "|=", "##",
];

/// The tokens of one line of preprocessed C (no comments remain).
pub fn tokenize(line: &str) -> Vec<Token> {
    let bytes = line.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let kind = if c == b'"' || c == b'\'' {
            i = skip_quoted(bytes, i);
            if c == b'"' {
                TokKind::Str
            } else {
                TokKind::Char
            }
        } else if c.is_ascii_alphabetic() || c == b'_' || c == b'$' {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'$') {
                i += 1;
            }
            // String and character prefixes: L"..", u8"..", u'..'.
            if i < bytes.len() && matches!(&line[start..i], "L" | "u" | "U" | "u8") && matches!(bytes[i], b'"' | b'\'')
            {
                let quote = bytes[i];
                i = skip_quoted(bytes, i);
                if quote == b'"' {
                    TokKind::Str
                } else {
                    TokKind::Char
                }
            } else {
                TokKind::Ident
            }
        } else if c.is_ascii_digit() || (c == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            i += 1;
            while i < bytes.len() {
                let b = bytes[i];
                let exponent_sign = matches!(b, b'+' | b'-') && matches!(bytes[i - 1], b'e' | b'E' | b'p' | b'P');
                if !(exponent_sign || b.is_ascii_alphanumeric() || b == b'_' || b == b'.') {
                    break;
                }
                i += 1;
            }
            TokKind::Number
        } else {
            let rest = &line[i..];
            let len = PUNCTUATORS.iter().find(|p| rest.starts_with(**p)).map_or(1, |p| p.len());
            // One character, which may be a multi-byte UTF-8 sequence in odd input.
            let len = if len == 1 { rest.chars().next().map_or(1, char::len_utf8) } else { len };
            i += len;
            TokKind::Punct
        };
        tokens.push(Token { kind, text: line[start..i].to_string() });
    }
    tokens
}

/// The index just past the literal whose opening quote is at `start`.
fn skip_quoted(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() && bytes[i] != quote {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    (i + 1).min(bytes.len())
}

/// Groups tokens into top-level declarations. A `{` at depth 0 opens a
/// struct/union/enum body or an initializer, which the declaration goes on
/// through; otherwise it is a function body, which is dropped together with
/// its prototype (an inline definition is not an exported symbol). Top-level
/// `__asm__(...)` and static assertions are dropped too.
fn split_declarations(tokens: Vec<(Token, usize, u32, Option<u32>)>) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut current: Vec<Token> = Vec::new();
    let mut start: Option<(usize, u32, Option<u32>)> = None;
    let mut depth = 0i32;
    let mut iter = tokens.into_iter().peekable();
    while let Some((token, file, line, pack)) = iter.next() {
        if current.is_empty() {
            if token.is(";") {
                continue;
            }
            start = Some((file, line, pack));
        }
        let opens_function_body =
            depth == 0 && token.is("{") && !opens_tag_body(&current) && !current_is_initializer(&current);
        if opens_function_body {
            // Skip the body through its matching brace.
            let mut level = 1;
            for (t, ..) in iter.by_ref() {
                if t.is("{") {
                    level += 1;
                } else if t.is("}") {
                    level -= 1;
                    if level == 0 {
                        break;
                    }
                }
            }
            current.clear();
            continue;
        }
        match token.text.as_str() {
            "(" | "[" | "{" if token.kind == TokKind::Punct => depth += 1,
            ")" | "]" | "}" if token.kind == TokKind::Punct => depth -= 1,
            _ => {}
        }
        let ends = depth <= 0 && token.is(";");
        current.push(token);
        if ends {
            depth = 0;
            let tokens = std::mem::take(&mut current);
            if !is_dropped(&tokens) {
                let (file, line, pack) = start.expect("chunk start");
                chunks.push(Chunk { file, line, tokens, pack });
            }
        }
    }
    chunks
}

/// Whether a `{` after `before` opens the body of a struct, union or enum:
/// going back over attributes and a tag reaches the keyword.
fn opens_tag_body(before: &[Token]) -> bool {
    let mut i = before.len();
    let mut seen_tag = false;
    while i > 0 {
        let t = &before[i - 1];
        if t.is(")") {
            // An attribute's or declspec's parenthesised arguments.
            let Some(open) = matching_open(before, i - 1) else { return false };
            if open == 0 || !is_attribute_word(&before[open - 1].text) {
                return false;
            }
            i = open - 1;
            continue;
        }
        if t.kind == TokKind::Ident && matches!(t.text.as_str(), "struct" | "union" | "enum") {
            return true;
        }
        if t.kind == TokKind::Ident && !seen_tag && !is_attribute_word(&t.text) {
            seen_tag = true;
            i -= 1;
            continue;
        }
        return false;
    }
    false
}

/// Whether the declaration so far ends in `=` (an initializer follows).
fn current_is_initializer(before: &[Token]) -> bool {
    before.last().is_some_and(|t| t.is("="))
}

fn is_attribute_word(word: &str) -> bool {
    matches!(word, "__attribute__" | "__attribute" | "__declspec" | "alignas" | "_Alignas")
}

/// The index of the `)` matching the `(` at `open`.
pub fn closing_paren(tokens: &[Token], open: usize) -> Option<usize> {
    let mut level = 0;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        if t.is("(") {
            level += 1;
        } else if t.is(")") {
            level -= 1;
            if level == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// The index of the `(` matching the `)` at `close`.
fn matching_open(tokens: &[Token], close: usize) -> Option<usize> {
    let mut level = 0;
    for i in (0..=close).rev() {
        if tokens[i].is(")") {
            level += 1;
        } else if tokens[i].is("(") {
            level -= 1;
            if level == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// Top-level statements that declare nothing a binding can use.
fn is_dropped(tokens: &[Token]) -> bool {
    let first = tokens.iter().find(|t| !t.is("__extension__"));
    first.is_some_and(|t| {
        matches!(t.text.as_str(), "__asm__" | "__asm" | "asm" | "_Static_assert" | "static_assert")
            && t.kind == TokKind::Ident
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(tokens: &[Token]) -> Vec<&str> {
        tokens.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn tokens_of_preprocessed_c() {
        let toks = tokenize(r#"int x[0x10UL] = L"a\"b" ... ->y 1.5e+3f '\''"#);
        assert_eq!(
            texts(&toks),
            ["int", "x", "[", "0x10UL", "]", "=", r#"L"a\"b""#, "...", "->", "y", "1.5e+3f", r"'\''"]
        );
        assert_eq!(toks[6].kind, TokKind::Str);
        assert_eq!(toks[10].kind, TokKind::Number);
        assert_eq!(toks[11].kind, TokKind::Char);
    }

    #[test]
    fn linemarkers_files_defines_and_declarations() {
        let text = "\
# 1 \"<stdin>\"
# 1 \"<built-in>\"
#define __SIZE_MAX__ 0xffffffffffffffffUL
# 1 \"<stdin>\"
# 1 \"/inc/lib.h\" 1
# 1 \"/inc/dep.h\" 1 3
typedef unsigned long dep_t;
#define DEP_MAX 10
# 3 \"/inc/lib.h\" 2
#define LIB_A (1 << 3)
#define LIB_F(x) ((x) + 1)
#define LIB_GONE 1
#undef LIB_GONE
struct s { int a; int (*f)(int); };
static inline int helper(int x) { if (x) { return 1; } return 0; }
int lib_call(dep_t n,
    const char *s);
typedef struct { int q; } anon_t; ;
__extension__ typedef long long ll;
# 2 \"<stdin>\" 2
";
        let unit = split_unit(text, &["/inc/lib.h".to_string()]);
        assert_eq!(unit.files, ["<stdin>", "<built-in>", "/inc/lib.h", "/inc/dep.h"]);
        assert_eq!(unit.headers, [2]);
        let chunks: Vec<(usize, String)> = unit.chunks.iter().map(|c| (c.file, texts(&c.tokens).join(" "))).collect();
        assert_eq!(
            chunks,
            [
                (3, "typedef unsigned long dep_t ;".to_string()),
                (2, "struct s { int a ; int ( * f ) ( int ) ; } ;".to_string()),
                (2, "int lib_call ( dep_t n , const char * s ) ;".to_string()),
                (2, "typedef struct { int q ; } anon_t ;".to_string()),
                (2, "__extension__ typedef long long ll ;".to_string()),
            ]
        );
        assert_eq!(unit.chunks[2].line, 9, "a chunk's line is that of its first token");
        let defines: Vec<(&str, usize, String)> =
            unit.defines.iter().map(|d| (d.name.as_str(), d.file, texts(&d.body).join(" "))).collect();
        assert_eq!(
            defines,
            [
                ("__SIZE_MAX__", 1, "0xffffffffffffffffUL".to_string()),
                ("DEP_MAX", 3, "10".to_string()),
                ("LIB_A", 2, "( 1 << 3 )".to_string()),
            ]
        );
        assert_eq!(unit.function_macros, ["LIB_F"]);
    }

    #[test]
    fn pack_pragmas_are_recorded_per_declaration() {
        let text = "\
# 1 \"h.h\"
struct a { char c; int i; };
#pragma pack(push, 1)
struct b { char c; int i; };
#pragma pack(2)
struct c { char c; int i; };
#pragma pack(pop)
struct d { char c; int i; };
";
        let unit = split_unit(text, &[]);
        let packs: Vec<Option<u32>> = unit.chunks.iter().map(|c| c.pack).collect();
        assert_eq!(packs, [None, Some(1), Some(2), None]);
    }

    #[test]
    fn attributes_before_a_body_and_initializers() {
        let text = "\
# 1 \"h.h\"
struct __attribute__((packed)) p { char c; };
struct __attribute__((aligned(8))) { int x; } v;
static const int table[] = { 1, 2 };
int f(void) __attribute__((cold)) { return 1; }
__asm__(\".symver x, y\");
_Static_assert(1, \"x\");
int g(void);
";
        let unit = split_unit(text, &[]);
        let chunks: Vec<String> = unit.chunks.iter().map(|c| texts(&c.tokens).join(" ")).collect();
        assert_eq!(
            chunks,
            [
                "struct __attribute__ ( ( packed ) ) p { char c ; } ;",
                "struct __attribute__ ( ( aligned ( 8 ) ) ) { int x ; } v ;",
                "static const int table [ ] = { 1 , 2 } ;",
                "int g ( void ) ;",
            ]
        );
    }
}
