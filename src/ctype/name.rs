//! Type names exactly as LuaJIT prints them (`lj_ctype_repr`), because scripts
//! and tests compare `tostring(ffi.typeof(...))` output.
//!
//! LuaJIT names types by what they are, not how they were spelled: integers by
//! size (`short`, `int`, `int64_t`; `long` and `size_t` are 64-bit integers),
//! function types without their parameters (`int (*)()`), anonymous records by
//! their id (`struct 42`). The name is built outwards from the declarator, with
//! prefixes (`*`, qualifiers, the base type) and suffixes (`[n]`, `()`).

use super::builtin::CHAR_SIGNED;
use super::{ArrayLen, CKind, CTypeId, CTypeTable, Qual};

/// A name under construction: `left` grows to the left, `right` to the right.
/// The left part is kept as pieces in reverse order, so that building a name
/// costs its length (a long pointer chain too).
struct Repr {
    /// The pieces left of the declarator's middle, last one first.
    left: Vec<String>,
    right: String,
    /// A word prepended next needs a space after it.
    need_space: bool,
}

impl Repr {
    fn prepend_word(&mut self, word: &str) {
        if self.need_space {
            self.prepend_char(' ');
        }
        self.need_space = true;
        self.left.push(word.to_string());
    }

    fn prepend_char(&mut self, c: char) {
        self.left.push(c.to_string());
    }

    fn prepend_qual(&mut self, q: Qual) {
        if q.is_volatile {
            self.prepend_word("volatile");
        }
        if q.is_const {
            self.prepend_word("const");
        }
    }

    /// `struct tag`, or `struct <id>` for an anonymous one.
    fn prepend_tagged(&mut self, keyword: &str, tag: &Option<String>, id: CTypeId, q: Qual) {
        match tag {
            Some(t) => self.prepend_word(t),
            None => {
                if self.need_space {
                    self.prepend_char(' ');
                }
                self.left.push(id.0.to_string());
                self.need_space = true;
            }
        }
        self.prepend_word(keyword);
        self.prepend_qual(q);
    }

    fn finish(self) -> String {
        let mut name: String = self.left.into_iter().rev().collect();
        name.push_str(&self.right);
        name
    }
}

/// The base name of a scalar type, by size as LuaJIT does (it names 16-byte
/// integers, which only `mode(TI)` makes there, `int128_t`).
fn scalar_name(kind: &CKind) -> String {
    match *kind {
        CKind::Bool => "bool".into(),
        CKind::Int128 { signed } => if signed { "int128_t" } else { "uint128_t" }.into(),
        CKind::Float128 => "_Float128".into(),
        CKind::Float { size: 4 } => "float".into(),
        CKind::Float { size: 8 } => "double".into(),
        CKind::Float { .. } => "long double".into(),
        CKind::Int { size: 1, signed, .. } if signed == CHAR_SIGNED => "char".into(),
        CKind::Int { size: 1, signed: true, .. } => "signed char".into(),
        CKind::Int { size: 1, signed: false, .. } => "unsigned char".into(),
        CKind::Int { size: 2, signed, .. } => if signed { "short" } else { "unsigned short" }.into(),
        CKind::Int { size: 4, signed, .. } => if signed { "int" } else { "unsigned int" }.into(),
        CKind::Int { size, signed, .. } => format!("{}int{}_t", if signed { "" } else { "u" }, size as u32 * 8),
        _ => unreachable!("not a scalar"),
    }
}

/// See the module docs.
pub(super) fn type_name(table: &CTypeTable, id: CTypeId) -> String {
    let mut r = Repr { left: Vec::new(), right: String::new(), need_space: false };
    let mut id = id;
    // Set after a `*`: a following array or function needs parentheses.
    let mut pointer_pending = false;
    loop {
        table.count_work(1);
        let ct = table.get(id);
        match &ct.kind {
            CKind::Bool | CKind::Int { .. } | CKind::Float { .. } | CKind::Int128 { .. } | CKind::Float128 => {
                r.prepend_word(&scalar_name(&ct.kind));
                r.prepend_qual(ct.qual);
                break;
            }
            CKind::Complex { part } => {
                // LuaJIT: `complex` for double parts, `complex float`.
                match table.kind(*part) {
                    CKind::Float { size: 8 } => {}
                    k => r.prepend_word(&scalar_name(k)),
                }
                r.prepend_word("complex");
                r.prepend_qual(ct.qual);
                break;
            }
            CKind::Vector { elem, len } => {
                let size = table.size_of(*elem).unwrap_or(0) * *len as usize;
                r.prepend_word(&format!("__attribute__((vector_size({size})))"));
                r.prepend_word(&scalar_name(table.kind(*elem)));
                r.prepend_qual(ct.qual);
                break;
            }
            CKind::Reference { to } => {
                r.prepend_char('&');
                r.need_space = true;
                pointer_pending = true;
                id = *to;
            }
            CKind::Void => {
                r.prepend_word("void");
                r.prepend_qual(ct.qual);
                break;
            }
            CKind::Record { tag, is_union, .. } => {
                r.prepend_tagged(if *is_union { "union" } else { "struct" }, tag, base_id(table, id), ct.qual);
                break;
            }
            CKind::Enum { tag, .. } => {
                r.prepend_tagged("enum", tag, base_id(table, id), ct.qual);
                break;
            }
            CKind::Pointer { to } => {
                r.prepend_qual(ct.qual);
                r.prepend_char('*');
                r.need_space = true;
                pointer_pending = true;
                id = *to;
            }
            CKind::Array { elem, len } => {
                r.need_space = true;
                wrap_pointer(&mut r, &mut pointer_pending);
                match len {
                    ArrayLen::Fixed(n) => r.right.push_str(&format!("[{n}]")),
                    ArrayLen::Vla => r.right.push_str("[?]"),
                    ArrayLen::Flexible => r.right.push_str("[]"),
                }
                id = *elem;
            }
            CKind::Function { ret, .. } => {
                r.need_space = true;
                wrap_pointer(&mut r, &mut pointer_pending);
                r.right.push_str("()");
                id = *ret;
            }
        }
    }
    r.finish()
}

/// `(*)` around the pointer declarator before an array or function suffix.
fn wrap_pointer(r: &mut Repr, pending: &mut bool) {
    if std::mem::take(pending) {
        r.prepend_char('(');
        r.right.push(')');
    }
}

/// The id a record or enum is named by: its unqualified definition, so that
/// `const struct 42` and `struct 42` agree.
fn base_id(table: &CTypeTable, id: CTypeId) -> CTypeId {
    table.nominal_base(id)
}
