//! [`CTypeTable`]: the interned types, the tag namespace and the ordinary
//! namespace (typedefs, functions, variables, constants) of one Luau state.

use std::collections::{HashMap, HashSet};

use super::{ArrayLen, CKind, CType, CTypeId, Declaration, FieldRef, Qual, Shape, TagKind, TypeParam};
use crate::cparse::{self, CParseError};

/// Bytes in a pointer: both supported targets are LP64.
pub(crate) const POINTER_SIZE: usize = std::mem::size_of::<usize>();

/// What an ordinary identifier names. C puts typedef names and objects in one
/// namespace, so `typedef int x; int x;` is a redefinition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Name {
    /// `typedef ... name;`
    Typedef(CTypeId),
    /// A function, variable or constant.
    Decl(Declaration),
}

/// What a failed `cdef` must undo so that a half-parsed source leaves no trace
/// (LuaJIT restores its table the same way).
#[derive(Default)]
struct Journal {
    len: usize,
    /// Bindings made, with what each name was bound to before (if anything).
    names: Vec<(String, Option<Name>)>,
    tags: Vec<String>,
    changed: Vec<(CTypeId, CType)>,
}

/// All C types, tags and declarations of one Luau state. See the module docs.
pub struct CTypeTable {
    types: Vec<CType>,
    /// For every id, the id of the same type without qualifiers or forced
    /// alignment: records and enums are identified by this base id.
    base: Vec<CTypeId>,
    interned: HashMap<CType, CTypeId>,
    /// Qualified/aligned variants of records and enums, which are not interned
    /// by value (two identical bodies are still two types).
    variants: HashMap<(CTypeId, Qual, Option<u32>), CTypeId>,
    names: HashMap<String, Name>,
    tags: HashMap<String, CTypeId>,
    /// Records whose body is being parsed: a second body for them is a redefinition.
    defining: HashSet<CTypeId>,
    journal: Option<Journal>,
}

impl Default for CTypeTable {
    fn default() -> Self {
        Self::new()
    }
}

impl CTypeTable {
    /// A table holding the built-in scalar types and typedefs (`int32_t`,
    /// `size_t`, `va_list`, ...), whose ids are the constants on [`CTypeId`].
    pub fn new() -> CTypeTable {
        let mut table = CTypeTable {
            types: Vec::new(),
            base: Vec::new(),
            interned: HashMap::new(),
            variants: HashMap::new(),
            names: HashMap::new(),
            tags: HashMap::new(),
            defining: HashSet::new(),
            journal: None,
        };
        super::builtin::install(&mut table);
        table
    }

    /// The type with this id. Panics on an id from another table.
    pub fn get(&self, id: CTypeId) -> &CType {
        &self.types[id.0 as usize]
    }

    /// Shorthand for `get(id).kind`.
    pub fn kind(&self, id: CTypeId) -> &CKind {
        &self.get(id).kind
    }

    /// The shape of `id` as conversions see it (enums are their underlying
    /// integer type; qualifiers are ignored).
    pub fn shape(&self, id: CTypeId) -> Shape {
        match self.kind(id) {
            CKind::Bool => Shape::Bool,
            CKind::Int { size, signed, .. } => Shape::Int { size: *size, signed: *signed },
            CKind::Float { size } => Shape::Float { size: *size },
            CKind::Enum { underlying, .. } => self.shape(*underlying),
            CKind::Pointer { to } => Shape::Pointer { to: *to },
            CKind::Array { elem, len } => Shape::Array { elem: *elem, len: *len },
            CKind::Record { .. } => Shape::Record,
            CKind::Function { .. } => Shape::Function,
            CKind::Void | CKind::Opaque { .. } => Shape::Other,
        }
    }

    /// The shape of `id` when it is a number or bool type, `None` otherwise.
    pub fn scalar_shape(&self, id: CTypeId) -> Option<Shape> {
        Some(self.shape(id)).filter(|s| matches!(s, Shape::Bool | Shape::Int { .. } | Shape::Float { .. }))
    }

    /// The number of ids handed out so far.
    pub fn len(&self) -> usize {
        self.types.len()
    }

    /// Never true: the built-ins are always there. (Pairs with `len`.)
    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }

    /// The id of `ty`, adding it if new. Records and enums are nominal: each
    /// call with such a kind creates a new type (use `tagged`/`parse_type` to
    /// find existing ones).
    pub fn intern(&mut self, ty: CType) -> CTypeId {
        if matches!(ty.kind, CKind::Record { .. } | CKind::Enum { .. }) {
            let id = self.push(ty);
            self.base[id.0 as usize] = id;
            return id;
        }
        if let Some(&id) = self.interned.get(&ty) {
            return id;
        }
        // Arrays take their qualifiers from the element: they are their own base.
        let plain = CType { kind: ty.kind.clone(), qual: Qual::NONE, align: None };
        let is_array = matches!(ty.kind, CKind::Array { .. });
        let base = if plain == ty || is_array { None } else { Some(self.intern(plain)) };
        let id = self.push(ty.clone());
        self.base[id.0 as usize] = base.unwrap_or(id);
        self.interned.insert(ty, id);
        id
    }

    fn push(&mut self, ty: CType) -> CTypeId {
        let id = CTypeId(u32::try_from(self.types.len()).expect("C type table overflow"));
        self.types.push(ty);
        self.base.push(id);
        id
    }

    /// `id` with exactly these qualifiers and forced alignment.
    fn variant(&mut self, id: CTypeId, qual: Qual, align: Option<u32>) -> CTypeId {
        let ct = self.get(id);
        if ct.qual == qual && ct.align == align {
            return id;
        }
        if !matches!(ct.kind, CKind::Record { .. } | CKind::Enum { .. }) {
            let kind = ct.kind.clone();
            return self.intern(CType { kind, qual, align });
        }
        let base = self.base[id.0 as usize];
        if qual.is_empty() && align.is_none() {
            return base;
        }
        if let Some(&v) = self.variants.get(&(base, qual, align)) {
            return v;
        }
        let kind = self.get(base).kind.clone();
        let v = self.push(CType { kind, qual, align });
        self.base[v.0 as usize] = base;
        self.variants.insert((base, qual, align), v);
        v
    }

    /// `id` with `qual` added. Qualifying an array qualifies its elements (as in
    /// C); function types take no qualifiers.
    pub fn qualified(&mut self, id: CTypeId, qual: Qual) -> CTypeId {
        let ct = self.get(id);
        match ct.kind {
            CKind::Function { .. } => id,
            CKind::Array { elem, len } => {
                let elem = self.qualified(elem, qual);
                self.array_of(elem, len)
            }
            _ => {
                let (q, align) = (ct.qual.union(qual), ct.align);
                self.variant(id, q, align)
            }
        }
    }

    /// `id` without `const`/`volatile` (for arrays: on the elements).
    pub fn unqualified(&mut self, id: CTypeId) -> CTypeId {
        let ct = self.get(id);
        match ct.kind {
            CKind::Array { elem, len } => {
                let elem = self.unqualified(elem);
                self.array_of(elem, len)
            }
            _ => {
                let align = ct.align;
                self.variant(id, Qual::NONE, align)
            }
        }
    }

    /// `id` with its alignment forced to `align` bytes (a typedef's `aligned(n)`).
    pub fn with_align(&mut self, id: CTypeId, align: u32) -> CTypeId {
        let q = self.get(id).qual;
        self.variant(id, q, Some(align))
    }

    /// A pointer to `to`.
    pub fn pointer_to(&mut self, to: CTypeId) -> CTypeId {
        self.intern(CType::new(CKind::Pointer { to }))
    }

    /// An array of `elem`; the array carries its element's qualifiers (LuaJIT
    /// does the same), so a `const` array is recognisable without unwrapping.
    pub fn array_of(&mut self, elem: CTypeId, len: ArrayLen) -> CTypeId {
        let qual = self.get(elem).qual;
        self.intern(CType { kind: CKind::Array { elem, len }, qual, align: None })
    }

    /// The type a typedef name stands for.
    pub fn typedef(&self, name: &str) -> Option<CTypeId> {
        match self.names.get(name) {
            Some(Name::Typedef(id)) => Some(*id),
            _ => None,
        }
    }

    /// The function, variable or constant declared under `name`.
    pub fn symbol(&self, name: &str) -> Option<&Declaration> {
        match self.names.get(name) {
            Some(Name::Decl(d)) => Some(d),
            _ => None,
        }
    }

    /// The struct, union or enum with this tag, if the tag names that kind.
    pub fn tagged(&self, kind: TagKind, tag: &str) -> Option<CTypeId> {
        let id = *self.tags.get(tag)?;
        (self.tag_kind(id) == Some(kind)).then_some(id)
    }

    /// Which kind of tagged type `id` is, if any.
    pub fn tag_kind(&self, id: CTypeId) -> Option<TagKind> {
        match self.kind(id) {
            CKind::Record { is_union: false, .. } => Some(TagKind::Struct),
            CKind::Record { is_union: true, .. } => Some(TagKind::Union),
            CKind::Enum { .. } => Some(TagKind::Enum),
            _ => None,
        }
    }

    /// The size in bytes, or `None` for `void`, functions, `va_list`, incomplete
    /// records and enums, `[?]`/`[]` arrays and structs ending in a `[?]` array.
    pub fn size_of(&self, id: CTypeId) -> Option<usize> {
        match &self.get(id).kind {
            CKind::Void | CKind::Function { .. } | CKind::Opaque { .. } => None,
            CKind::Bool => Some(1),
            CKind::Int { size, .. } | CKind::Float { size } => Some(*size as usize),
            CKind::Enum { underlying, complete, .. } => complete.then(|| self.size_of(*underlying)).flatten(),
            CKind::Pointer { .. } => Some(POINTER_SIZE),
            CKind::Array { elem, len: ArrayLen::Fixed(n) } => {
                self.size_of(*elem)?.checked_mul(usize::try_from(*n).ok()?)
            }
            CKind::Array { .. } => None,
            CKind::Record { complete, size, .. } => (*complete && !self.is_vla(id)).then_some(*size),
        }
    }

    /// True for a `[?]` array and for a struct whose last member is one: the
    /// types whose size is given when an object is created.
    pub fn is_vla(&self, id: CTypeId) -> bool {
        match &self.get(id).kind {
            CKind::Array { len, .. } => *len == ArrayLen::Vla,
            CKind::Record { fields, is_union: false, .. } => fields.last().is_some_and(|f| {
                matches!(self.kind(f.ty), CKind::Array { len: ArrayLen::Vla, .. }) || self.is_vla(f.ty)
            }),
            _ => false,
        }
    }

    /// The size of a variable-length object with `n` elements in its `[?]` or
    /// `[]` array: the array itself, or a struct plus its trailing array (the
    /// struct's size plus `n` elements, as LuaJIT computes it). For any other
    /// type, `size_of`. `None` on overflow.
    pub fn size_of_vla(&self, id: CTypeId, n: u64) -> Option<usize> {
        let n = usize::try_from(n).ok()?;
        match &self.get(id).kind {
            CKind::Array { elem, len: ArrayLen::Vla | ArrayLen::Flexible } => self.size_of(*elem)?.checked_mul(n),
            CKind::Record { fields, complete: true, size, is_union: false, .. } => {
                let last = fields.last().map(|f| f.ty);
                match last.map(|t| self.kind(t)) {
                    Some(CKind::Array { elem, len: ArrayLen::Vla | ArrayLen::Flexible }) => {
                        size.checked_add(self.size_of(*elem)?.checked_mul(n)?)
                    }
                    _ => self.size_of(id),
                }
            }
            _ => self.size_of(id),
        }
    }

    /// The alignment in bytes; `None` where `size_of` has no answer for lack of
    /// a definition (`void`, functions, `va_list`, incomplete records/enums).
    pub fn align_of(&self, id: CTypeId) -> Option<usize> {
        let ct = self.get(id);
        if let Some(a) = ct.align {
            return Some(a as usize);
        }
        match &ct.kind {
            CKind::Void | CKind::Function { .. } | CKind::Opaque { .. } => None,
            CKind::Bool => Some(1),
            CKind::Int { size, .. } | CKind::Float { size } => Some(*size as usize),
            CKind::Enum { underlying, complete, .. } => complete.then(|| self.align_of(*underlying)).flatten(),
            CKind::Pointer { .. } => Some(POINTER_SIZE),
            CKind::Array { elem, .. } => self.align_of(*elem),
            CKind::Record { complete, align, .. } => complete.then_some(*align),
        }
    }

    /// The member `name` of the struct/union `record`, searching anonymous
    /// struct/union members too (their offset is added, like C's own lookup).
    pub fn find_field(&self, record: CTypeId, name: &str) -> Option<FieldRef> {
        let CKind::Record { fields, .. } = self.kind(record) else { return None };
        for f in fields {
            match &f.name {
                Some(n) if n == name => return Some(FieldRef { ty: f.ty, offset: f.offset, bits: f.bits }),
                None => {
                    if let Some(inner) = self.find_field(f.ty, name) {
                        return Some(FieldRef { offset: inner.offset + f.offset, ..inner });
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// The type as LuaJIT's `tostring(ffi.typeof(...))` shows it between
    /// `ctype<` and `>`: `const char *`, `struct foo`, `int [10]`, `int (*)()`.
    pub fn name(&self, id: CTypeId) -> String {
        super::name::type_name(self, id)
    }

    /// Parses C declarations (`ffi.cdef`) into this table. On error nothing of
    /// `source` is kept.
    pub fn cdef(&mut self, source: &str) -> Result<(), CParseError> {
        self.transaction(|t| cparse::parse_declarations(t, source))
    }

    /// As [`CTypeTable::cdef`], with `$` placeholders filled from `params`.
    pub fn cdef_with(&mut self, source: &str, params: &[TypeParam]) -> Result<(), CParseError> {
        self.transaction(|t| cparse::parse_declarations_with(t, source, params))
    }

    /// The same type without qualifiers or forced alignment: what identifies a
    /// record or enum (metatypes, copies, `ffi.istype`). Unlike
    /// [`CTypeTable::unqualified`] it only reads.
    pub fn base(&self, id: CTypeId) -> CTypeId {
        self.base[id.0 as usize]
    }

    /// Parses a type expression (`ffi.typeof("int[?]")`, `ffi.new`, `ffi.cast`)
    /// with `$` placeholders filled from `params` in order. A tag it names must
    /// already be declared. On error nothing of `source` is kept.
    pub fn parse_type(&mut self, source: &str, params: &[TypeParam]) -> Result<CTypeId, CParseError> {
        self.transaction(|t| cparse::parse_type(t, source, params))
    }

    fn transaction<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, CParseError>) -> Result<T, CParseError> {
        self.journal = Some(Journal { len: self.types.len(), ..Journal::default() });
        let result = f(self);
        let journal = self.journal.take().expect("journal");
        self.defining.clear();
        if result.is_err() {
            self.rollback(journal);
        }
        result
    }

    fn rollback(&mut self, j: Journal) {
        for (name, old) in j.names.into_iter().rev() {
            match old {
                Some(v) => self.names.insert(name, v),
                None => self.names.remove(&name),
            };
        }
        for tag in j.tags {
            self.tags.remove(&tag);
        }
        for (id, ty) in j.changed.into_iter().rev() {
            self.types[id.0 as usize] = ty;
        }
        self.types.truncate(j.len);
        self.base.truncate(j.len);
        let len = j.len as u32;
        self.interned.retain(|_, id| id.0 < len);
        self.variants.retain(|_, id| id.0 < len);
    }

    // ---- mutation, for the parser -------------------------------------------------

    /// What an ordinary identifier names.
    pub(crate) fn lookup_name(&self, name: &str) -> Option<&Name> {
        self.names.get(name)
    }

    /// Binds an ordinary identifier (the caller has checked that this may
    /// replace what it named before, if anything).
    pub(crate) fn add_name(&mut self, name: String, value: Name) {
        let old = self.names.insert(name.clone(), value);
        if let Some(j) = &mut self.journal {
            j.names.push((name, old));
        }
    }

    /// The tagged type with this tag, of whatever kind.
    pub(crate) fn lookup_tag(&self, tag: &str) -> Option<CTypeId> {
        self.tags.get(tag).copied()
    }

    /// Binds a tag to a new (incomplete) record or enum.
    pub(crate) fn add_tag(&mut self, tag: String, id: CTypeId) {
        if let Some(j) = &mut self.journal {
            j.tags.push(tag.clone());
        }
        self.tags.insert(tag, id);
    }

    /// Gives a record or enum its definition, and every qualified variant of it.
    pub(crate) fn complete(&mut self, id: CTypeId, kind: CKind) {
        let base = self.base[id.0 as usize];
        let variants = self.variants.iter().filter(|(k, _)| k.0 == base).map(|(_, v)| *v);
        let targets: Vec<CTypeId> = std::iter::once(base).chain(variants).collect();
        for t in targets {
            if let Some(j) = &mut self.journal {
                if (t.0 as usize) < j.len {
                    j.changed.push((t, self.types[t.0 as usize].clone()));
                }
            }
            self.types[t.0 as usize].kind = kind.clone();
        }
    }

    /// The definition a qualified or aligned variant of a type was made from
    /// (the id itself for an unqualified type).
    pub(crate) fn nominal_base(&self, id: CTypeId) -> CTypeId {
        self.base[id.0 as usize]
    }

    /// Whether a body for `id` is being parsed right now.
    pub(crate) fn is_defining(&self, id: CTypeId) -> bool {
        self.defining.contains(&self.base[id.0 as usize])
    }

    /// Marks or unmarks `id` as being defined.
    pub(crate) fn set_defining(&mut self, id: CTypeId, on: bool) {
        let base = self.base[id.0 as usize];
        if on {
            self.defining.insert(base);
        } else {
            self.defining.remove(&base);
        }
    }

    /// True when `a` and `b` may be declared for the same name: identical, or
    /// function types that differ only in parameter names.
    pub(crate) fn compatible(&self, a: CTypeId, b: CTypeId) -> bool {
        if a == b {
            return true;
        }
        match (self.kind(a), self.kind(b)) {
            (
                CKind::Function { ret: r1, params: p1, variadic: v1, conv: c1, .. },
                CKind::Function { ret: r2, params: p2, variadic: v2, conv: c2, .. },
            ) => {
                r1 == r2
                    && v1 == v2
                    && c1 == c2
                    && p1.len() == p2.len()
                    && p1.iter().zip(p2).all(|(x, y)| self.compatible(*x, *y))
            }
            (CKind::Pointer { to: t1 }, CKind::Pointer { to: t2 }) => {
                self.get(a).qual == self.get(b).qual && self.compatible(*t1, *t2)
            }
            _ => false,
        }
    }
}
