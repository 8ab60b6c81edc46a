//! What bindgen reads off one declaration's tokens without parsing it: the
//! names it mentions (to find the declarations it needs), a name for messages,
//! and its text for the generated `ffi.cdef`.

use super::source::{closing_paren, TokKind, Token};

/// C keywords and the gcc spellings that never name a declaration.
const C_WORDS: &[&str] = &[
    "auto",
    "bool",
    "_Bool",
    "char",
    "const",
    "__const",
    "__const__",
    "double",
    "enum",
    "extern",
    "float",
    "inline",
    "__inline",
    "__inline__",
    "int",
    "long",
    "register",
    "restrict",
    "__restrict",
    "__restrict__",
    "short",
    "signed",
    "__signed",
    "__signed__",
    "sizeof",
    "static",
    "struct",
    "typedef",
    "union",
    "unsigned",
    "void",
    "volatile",
    "__volatile",
    "__volatile__",
    "__extension__",
    "__attribute__",
    "__attribute",
    "__asm__",
    "__asm",
    "asm",
    "__declspec",
    "_Noreturn",
    "_Alignas",
    "_Alignof",
    "__alignof__",
    "_Atomic",
    "__typeof__",
    "typeof",
];

/// The identifiers a declaration mentions, split into tags (`struct x`) and
/// ordinary names; names inside attributes and `__asm__` are left out.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Mentions {
    /// `(keyword, tag)` pairs.
    pub tags: Vec<(String, String)>,
    /// Other identifiers, without keywords, each once, in order.
    pub names: Vec<String>,
}

/// The identifiers of `tokens`.
pub fn mentions(tokens: &[Token]) -> Mentions {
    let mut m = Mentions::default();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.kind != TokKind::Ident {
            i += 1;
            continue;
        }
        if is_attribute_like(&t.text) {
            i = skip_group(tokens, i + 1);
            continue;
        }
        if matches!(t.text.as_str(), "struct" | "union" | "enum") {
            // The tag comes after any attributes.
            let mut j = i + 1;
            while j < tokens.len() && is_attribute_like(&tokens[j].text) {
                j = skip_group(tokens, j + 1);
            }
            if let Some(tag) = tokens.get(j).filter(|t| t.kind == TokKind::Ident && !C_WORDS.contains(&t.text.as_str()))
            {
                let pair = (t.text.clone(), tag.text.clone());
                if !m.tags.contains(&pair) {
                    m.tags.push(pair);
                }
                i = j + 1;
            } else {
                i = j;
            }
            continue;
        }
        if !C_WORDS.contains(&t.text.as_str()) && !m.names.contains(&t.text) {
            m.names.push(t.text.clone());
        }
        i += 1;
    }
    m
}

fn is_attribute_like(word: &str) -> bool {
    matches!(word, "__attribute__" | "__attribute" | "__asm__" | "__asm" | "asm" | "__declspec" | "_Alignas")
}

/// The index after a parenthesised group starting at `start` (or `start` when
/// no `(` is there).
fn skip_group(tokens: &[Token], start: usize) -> usize {
    if !tokens.get(start).is_some_and(|t| t.is("(")) {
        return start;
    }
    closing_paren(tokens, start).map_or(tokens.len(), |close| close + 1)
}

/// A name for a declaration that could not be parsed, for messages: the
/// function or the typedef/variable it declares, else its tag.
pub fn guess_name(tokens: &[Token]) -> String {
    // A function pointer declarator: `( * name )`.
    for w in tokens.windows(3) {
        if w[0].is("(") && w[1].is("*") && w[2].kind == TokKind::Ident && !C_WORDS.contains(&w[2].text.as_str()) {
            return w[2].text.clone();
        }
    }
    let mut depth = 0;
    let mut last_name: Option<&str> = None;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.kind == TokKind::Ident && is_attribute_like(&t.text) {
            i = skip_group(tokens, i + 1);
            continue;
        }
        if t.kind == TokKind::Ident && matches!(t.text.as_str(), "struct" | "union" | "enum") {
            // The tag is not the declared name.
            i += 1;
            if tokens.get(i).is_some_and(|n| n.kind == TokKind::Ident) {
                i += 1;
            }
            continue;
        }
        match t.text.as_str() {
            "(" | "{" | "[" if t.kind == TokKind::Punct => {
                // `name (` at depth 0: a function.
                if depth == 0 && t.is("(") && last_name.is_some() {
                    return last_name.unwrap_or_default().to_string();
                }
                depth += 1;
            }
            ")" | "}" | "]" if t.kind == TokKind::Punct => depth -= 1,
            _ if depth == 0 && t.kind == TokKind::Ident && !C_WORDS.contains(&t.text.as_str()) => {
                last_name = Some(&t.text);
            }
            ";" | "=" | "," if depth == 0 && last_name.is_some() => break,
            _ => {}
        }
        i += 1;
    }
    last_name.map(str::to_string).unwrap_or_else(|| {
        mentions(tokens).tags.first().map(|(kw, tag)| format!("{kw} {tag}")).unwrap_or_else(|| "?".into())
    })
}

/// Attributes that change a type's layout or a function's calling convention;
/// every other attribute (`__nothrow__`, `__nonnull__`, ...) is left out of the
/// generated text.
const KEPT_ATTRIBUTES: &[&str] = &[
    "packed",
    "aligned",
    "mode",
    "vector_size",
    "cdecl",
    "stdcall",
    "fastcall",
    "thiscall",
    "ms_abi",
    "sysv_abi",
    "regparm",
    "transparent_union",
];

/// A `{ ... }` as laid out in the generated text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Brace {
    /// A struct or union body: one member (ending in `;`) per line.
    Members,
    /// An enum body: one enumerator (ending in `,`) per line.
    Enumerators,
    /// Anything else (an initializer): on one line.
    Inline,
}

/// The declaration as it goes into the generated `ffi.cdef`: attributes that
/// do not matter to the FFI dropped, `__extension__` dropped, struct, union and
/// enum bodies one member per line.
pub fn pretty(tokens: &[Token]) -> String {
    let tokens = drop_noise(tokens);
    let mut out = String::new();
    let mut braces: Vec<Brace> = Vec::new();
    let indent = |braces: &[Brace]| "\t".repeat(braces.iter().filter(|b| **b != Brace::Inline).count());
    let mut parens = 0usize;
    let mut prev: Option<&Token> = None;
    // The kind of body a `{` opens here (after `struct`, `union`, `enum`).
    let mut next_brace = Brace::Inline;
    for (i, t) in tokens.iter().enumerate() {
        let at_line_start = out.is_empty() || out.ends_with('\n');
        if t.is("}") && braces.last().is_some_and(|b| *b != Brace::Inline) {
            braces.pop();
            if !at_line_start {
                out.push('\n');
            }
            out.push_str(&indent(&braces));
            out.push('}');
            prev = Some(t);
            continue;
        }
        if at_line_start {
            out.push_str(&indent(&braces));
        } else if needs_space(prev, t, tokens.get(i + 1)) {
            out.push(' ');
        }
        out.push_str(&t.text);
        match t.text.as_str() {
            "(" => parens += 1,
            ")" => parens = parens.saturating_sub(1),
            "{" => {
                braces.push(next_brace);
                if next_brace != Brace::Inline {
                    out.push('\n');
                }
                next_brace = Brace::Inline;
            }
            "}" => {
                braces.pop();
            }
            ";" if parens == 0 && braces.last() == Some(&Brace::Members) => out.push('\n'),
            "," if parens == 0 && braces.last() == Some(&Brace::Enumerators) => out.push('\n'),
            ";" => next_brace = Brace::Inline,
            "struct" | "union" if t.kind == TokKind::Ident => next_brace = Brace::Members,
            "enum" if t.kind == TokKind::Ident => next_brace = Brace::Enumerators,
            _ => {}
        }
        prev = Some(t);
    }
    out
}

/// Whether a space goes between `prev` and `t`.
fn needs_space(prev: Option<&Token>, t: &Token, next: Option<&Token>) -> bool {
    let Some(prev) = prev else { return false };
    if t.kind == TokKind::Punct && matches!(t.text.as_str(), "," | ";" | ")" | "]" | "[") {
        return false;
    }
    if prev.kind == TokKind::Punct && matches!(prev.text.as_str(), "(" | "[" | "*") {
        return false;
    }
    if t.is("(") {
        // `int (*f)(int)`: a declarator group after a type gets a space; a
        // parameter list or an attribute's arguments do not.
        let group = next.is_some_and(|n| n.is("*") || n.is("^"));
        if prev.is(")") {
            return false;
        }
        return group || prev.kind != TokKind::Ident;
    }
    true
}

/// The tokens without `__extension__` and without attributes that only inform
/// the compiler.
fn drop_noise(tokens: &[Token]) -> Vec<Token> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.is("__extension__") {
            i += 1;
            continue;
        }
        if t.kind == TokKind::Ident && matches!(t.text.as_str(), "__attribute__" | "__attribute") {
            let end = skip_group(tokens, i + 1);
            let keep = tokens[i + 1..end].iter().any(|a| {
                a.kind == TokKind::Ident
                    && KEPT_ATTRIBUTES.contains(&a.text.trim_start_matches("__").trim_end_matches("__"))
            });
            if keep {
                out.extend_from_slice(&tokens[i..end]);
            }
            i = end;
            continue;
        }
        out.push(t.clone());
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::source::tokenize;
    use super::*;

    #[test]
    fn mentions_split_tags_from_names() {
        let m = mentions(&tokenize(
            "typedef struct __attribute__((packed)) s { uLong n; struct t *next; enum e k; } s_t __attribute__((aligned(8)));",
        ));
        assert_eq!(m.tags, [("struct".into(), "s".into()), ("struct".into(), "t".into()), ("enum".into(), "e".into())]);
        assert_eq!(m.names, ["uLong", "n", "next", "k", "s_t"]);
    }

    #[test]
    fn names_for_messages() {
        let name = |s: &str| guess_name(&tokenize(s));
        assert_eq!(name("extern int deflate (z_streamp strm, int flush);"), "deflate");
        assert_eq!(name("typedef voidpf (*alloc_func) (voidpf opaque, uInt items);"), "alloc_func");
        assert_eq!(name("typedef _Float128 __float128;"), "__float128");
        assert_eq!(name("extern int x __attribute__((mode(DI))), y;"), "x");
        assert_eq!(name("struct s { _Atomic int x; };"), "struct s");
        assert_eq!(name("typedef struct { int q; } anon_t;"), "anon_t");
    }

    #[test]
    fn pretty_text_for_the_cdef() {
        let text = |s: &str| pretty(&tokenize(s));
        assert_eq!(
            text("extern int deflate (z_streamp strm, int flush) __attribute__ ((__nothrow__ , __leaf__));"),
            "extern int deflate(z_streamp strm, int flush);"
        );
        assert_eq!(
            text("typedef voidpf (*alloc_func) (voidpf opaque, uInt items);"),
            "typedef voidpf (*alloc_func)(voidpf opaque, uInt items);"
        );
        assert_eq!(
            text("typedef struct z { Bytef *next_in; union { int a; char *b; } u; int (*f)(int, int); } z_t;"),
            "typedef struct z {\n\tBytef *next_in;\n\tunion {\n\t\tint a;\n\t\tchar *b;\n\t} u;\n\tint (*f)(int, int);\n} z_t;"
        );
        assert_eq!(text("enum { A = (1 << 2), B };"), "enum {\n\tA = (1 << 2),\n\tB\n};");
        assert_eq!(text("struct p { int x, y; };"), "struct p {\n\tint x, y;\n};");
        assert_eq!(text("static const int t[] = { 1, 2 };"), "static const int t[] = { 1, 2 };");
        assert_eq!(
            text("__extension__ typedef struct { int x; } __attribute__((packed)) p;"),
            "typedef struct {\n\tint x;\n} __attribute__((packed)) p;"
        );
        assert_eq!(
            text("extern char *getenv (const char *__name) __asm__ (\"x\");"),
            "extern char *getenv(const char *__name) __asm__(\"x\");"
        );
    }
}
