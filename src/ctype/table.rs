//! [`CTypeTable`]: the interned types, the tag namespace and the ordinary
//! namespace (typedefs, functions, variables, constants) of one Luau state.

use std::cell::Cell;
use std::collections::HashSet;

use super::{ArrayLen, CKind, CType, CTypeId, Declaration, FieldRef, Qual, Shape, TagKind};
use crate::fxhash::FxHashMap;

/// Bytes in a pointer: both supported targets are LP64.
pub(crate) const POINTER_SIZE: usize = std::mem::size_of::<usize>();

/// The largest alignment gcc gives a vector type by default (its
/// `BIGGEST_ALIGNMENT` without `-mavx` on x86-64, and on AArch64); larger
/// vectors are aligned to 16 bytes.
const MAX_VECTOR_ALIGN: usize = 16;

/// What an ordinary identifier names. C puts typedef names and objects in one
/// namespace, so `typedef int x; int x;` is a redefinition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Name {
    /// `typedef ... name;`
    Typedef(CTypeId),
    /// A function, variable or constant.
    Decl(Declaration),
}

/// The deepest a type made by the parser may nest: the longest chain of
/// pointers, arrays, functions and records by value inside it (a pointer to a
/// record ends the chain). Walks over types (here and in the layers that
/// convert, lower and name them) recurse at most this deep, so they stay
/// within a small thread stack. Real headers stay below 10.
pub(crate) const MAX_TYPE_DEPTH: u32 = 100;

/// How many type strings [`CTypeTable::remember_type_string`] keeps at most.
pub(crate) const MAX_TYPE_STRINGS: usize = 1024;

/// How many anonymous members `find_field` enters by plain recursion before
/// it switches to the memoised search (which allocates).
const PLAIN_SEARCH_BUDGET: u32 = 32;

/// What a failed `cdef` must undo so that a half-parsed source leaves no trace
/// (LuaJIT restores its table the same way). Undoing costs what the failed
/// source added, not the size of the table.
#[derive(Default)]
struct Journal {
    /// The number of types before: every id from here on is new.
    len: usize,
    /// Bindings made, with what each name was bound to before (if anything).
    names: Vec<(String, Option<Name>)>,
    tags: Vec<String>,
    /// Types that existed before and were completed, with their old value and facts.
    changed: Vec<(CTypeId, CType, Facts)>,
}

/// What the table derives from a type when it is made (and, for records and
/// enums, completed), so that asking costs one lookup however deeply the type
/// nests. A type's parts are final before it is made, except records and
/// enums, whose variants are all updated by `complete` (arrays need complete
/// elements; pointers and functions take nothing from an incomplete type but
/// its depth, see [`MAX_TYPE_DEPTH`]).
#[derive(Clone, Copy, Debug)]
struct Facts {
    /// How deeply the type nests (see [`MAX_TYPE_DEPTH`]).
    depth: u32,
    /// [`CTypeTable::size_of`].
    size: Option<usize>,
    /// [`CTypeTable::align_of`].
    align: Option<usize>,
    /// [`CTypeTable::is_vla`].
    vla: bool,
    /// [`CTypeTable::has_const_member`].
    const_member: bool,
}

/// All C types, tags and declarations of one Luau state. See the module docs.
pub struct CTypeTable {
    types: Vec<CType>,
    /// For every id, the id of the same type without qualifiers or forced
    /// alignment: records and enums are identified by this base id.
    base: Vec<CTypeId>,
    /// For every id, what is derived from it (sizes, nesting).
    facts: Vec<Facts>,
    interned: FxHashMap<CType, CTypeId>,
    /// The qualified/aligned variants of each record and enum, by base id: they
    /// are not interned by value (two identical bodies are still two types).
    /// At most 4 qualifier sets times 32 alignments per base.
    variants: FxHashMap<CTypeId, Vec<CTypeId>>,
    names: FxHashMap<String, Name>,
    tags: FxHashMap<String, CTypeId>,
    /// Records whose body is being parsed: a second body for them is a redefinition.
    defining: HashSet<CTypeId>,
    journal: Option<Journal>,
    /// Type strings parsed before and the type each stands for (see
    /// [`CTypeTable::remember_type_string`]).
    type_strings: FxHashMap<Box<[u8]>, CTypeId>,
    /// Steps taken by the walks whose cost depends on the types involved (see
    /// [`CTypeTable::work`]).
    work: Cell<u64>,
}

/// A transaction in progress: undoes everything since it began when dropped
/// without [`Transaction::commit`], whether the parse returned an error or
/// panicked.
struct Transaction<'t> {
    table: &'t mut CTypeTable,
    committed: bool,
}

impl Transaction<'_> {
    fn commit(&mut self) {
        self.committed = true;
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        let journal = self.table.journal.take();
        self.table.defining.clear();
        if let (false, Some(journal)) = (self.committed, journal) {
            self.table.rollback(journal);
        }
    }
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
            facts: Vec::new(),
            interned: FxHashMap::default(),
            variants: FxHashMap::default(),
            names: FxHashMap::default(),
            tags: FxHashMap::default(),
            defining: HashSet::new(),
            journal: None,
            type_strings: FxHashMap::default(),
            work: Cell::new(0),
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
            CKind::Complex { part } => Shape::Complex { part: *part },
            CKind::Vector { elem, len } => Shape::Vector { elem: *elem, len: *len },
            CKind::Int128 { signed } => Shape::Int128 { signed: *signed },
            CKind::Float128 => Shape::Float128,
            CKind::Reference { to } => Shape::Reference { to: *to },
            CKind::Void => Shape::Void,
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

    /// How many types, names, tags, interned types and variants the table
    /// holds: what a rolled-back transaction must leave as it found it.
    pub(crate) fn census(&self) -> [usize; 5] {
        let variants = self.variants.values().map(Vec::len).sum();
        [self.types.len(), self.names.len(), self.tags.len(), self.interned.len(), variants]
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
        self.facts.push(self.derive(&ty));
        self.types.push(ty);
        self.base.push(id);
        id
    }

    /// The facts of a type, from its parts' facts.
    fn derive(&self, ty: &CType) -> Facts {
        let of = |id: CTypeId| self.facts[id.0 as usize];
        let leaf =
            |size: usize| Facts { depth: 0, size: Some(size), align: Some(size), vla: false, const_member: false };
        let none = Facts { depth: 0, size: None, align: None, vla: false, const_member: false };
        // A part that is `const`, or holds one by value.
        let constant = |id: CTypeId| self.get(id).qual.is_const || of(id).const_member;
        let mut facts = match &ty.kind {
            // `__alignof__(void)` is 1 in gcc and LuaJIT; `void` has no size.
            CKind::Void => Facts { align: Some(1), ..none },
            CKind::Bool => leaf(1),
            CKind::Int { size, .. } | CKind::Float { size } => leaf(*size as usize),
            CKind::Int128 { .. } | CKind::Float128 => leaf(16),
            CKind::Complex { part } => {
                let p = of(*part);
                Facts { depth: 1 + p.depth, size: p.size.map(|s| 2 * s), ..p }
            }
            CKind::Vector { elem, len } => {
                let e = of(*elem);
                let size = e.size.map(|s| s * *len as usize);
                let align = size.map(|s| s.clamp(1, MAX_VECTOR_ALIGN));
                Facts { depth: 1 + e.depth, size, align, vla: false, const_member: false }
            }
            CKind::Reference { to } => {
                // Stored as a pointer; a reference to a record ends the chain as a pointer does.
                let depth = if matches!(self.kind(*to), CKind::Record { .. }) { 1 } else { 1 + of(*to).depth };
                Facts { depth, ..leaf(POINTER_SIZE) }
            }
            CKind::Enum { underlying, complete, .. } => match complete {
                true => Facts { depth: 0, ..of(*underlying) },
                false => none,
            },
            CKind::Pointer { to } => {
                // A pointer to a record ends the chain: no walk goes through it.
                let depth = if matches!(self.kind(*to), CKind::Record { .. }) { 1 } else { 1 + of(*to).depth };
                Facts { depth, ..leaf(POINTER_SIZE) }
            }
            CKind::Array { elem, len } => {
                let e = of(*elem);
                let size = match len {
                    ArrayLen::Fixed(n) => e.size.and_then(|s| s.checked_mul(usize::try_from(*n).ok()?)),
                    ArrayLen::Vla | ArrayLen::Flexible => None,
                };
                Facts {
                    depth: 1 + e.depth,
                    size,
                    align: e.align,
                    vla: *len == ArrayLen::Vla,
                    const_member: constant(*elem),
                }
            }
            CKind::Function { ret, params, .. } => {
                let depth = 1 + params.iter().map(|p| of(*p).depth).fold(of(*ret).depth, u32::max);
                Facts { depth, ..none }
            }
            CKind::Record { fields, complete, size, align, is_union, .. } => {
                let depth = 1 + fields.iter().map(|f| of(f.ty).depth).max().unwrap_or(0);
                // A struct is variable-length when its last member is.
                let vla = !is_union && fields.last().is_some_and(|f| of(f.ty).vla);
                let size = (*complete && !vla).then_some(*size);
                let const_member = fields.iter().any(|f| constant(f.ty));
                Facts { depth, size, align: complete.then_some(*align), vla, const_member }
            }
        };
        if let Some(a) = ty.align {
            facts.align = Some(a as usize);
        }
        facts
    }

    /// How deeply `id` nests: the longest chain of pointers, arrays, functions
    /// and records by value in it (see [`MAX_TYPE_DEPTH`]).
    pub(crate) fn depth(&self, id: CTypeId) -> u32 {
        self.facts[id.0 as usize].depth
    }

    /// The steps taken so far by the walks whose cost depends on the types
    /// involved: parsing, redeclaration checks, member lookups through
    /// anonymous members, naming, layout, completion and rollback. Tests and
    /// fuzzers compare it with the size of the input to catch super-linear work
    /// without timing anything.
    pub fn work(&self) -> u64 {
        self.work.get()
    }

    /// Adds `n` steps to [`CTypeTable::work`].
    pub(crate) fn count_work(&self, n: u64) {
        self.work.set(self.work.get().wrapping_add(n));
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
        let existing = self.variants.get(&base).and_then(|vs| {
            vs.iter().copied().find(|v| {
                let t = &self.types[v.0 as usize];
                t.qual == qual && t.align == align
            })
        });
        if let Some(v) = existing {
            return v;
        }
        let kind = self.get(base).kind.clone();
        let v = self.push(CType { kind, qual, align });
        self.base[v.0 as usize] = base;
        self.variants.entry(base).or_default().push(v);
        v
    }

    /// `id` with `qual` added. Qualifying an array qualifies its elements (as in
    /// C); function and reference types take no qualifiers.
    pub fn qualified(&mut self, id: CTypeId, qual: Qual) -> CTypeId {
        self.requalify(id, |q| q.union(qual))
    }

    /// `id` without `const`/`volatile` (for arrays: on the elements).
    pub fn unqualified(&mut self, id: CTypeId) -> CTypeId {
        self.requalify(id, |_| Qual::NONE)
    }

    /// `id` with its qualifiers replaced by `f(old)`, through any arrays to the
    /// element type (a loop, however deeply arrays nest).
    fn requalify(&mut self, id: CTypeId, f: impl Fn(Qual) -> Qual) -> CTypeId {
        let mut lens = Vec::new();
        let mut leaf = id;
        while let CKind::Array { elem, len } = self.get(leaf).kind {
            lens.push(len);
            leaf = elem;
        }
        self.count_work(lens.len() as u64);
        let ct = self.get(leaf);
        let mut t = match ct.kind {
            CKind::Function { .. } | CKind::Reference { .. } => leaf,
            _ => {
                let (q, align) = (f(ct.qual), ct.align);
                self.variant(leaf, q, align)
            }
        };
        for len in lens.into_iter().rev() {
            t = self.array_of(t, len);
        }
        t
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

    /// A C++ reference to `to` (`int &`). The caller makes sure `to` is no
    /// reference itself: nothing refers to a reference.
    pub fn reference_to(&mut self, to: CTypeId) -> CTypeId {
        debug_assert!(!matches!(self.kind(to), CKind::Reference { .. }), "a reference to a reference");
        self.intern(CType::new(CKind::Reference { to }))
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

    /// The size in bytes, or `None` for `void`, functions, incomplete records
    /// and enums, `[?]`/`[]` arrays and structs ending in a `[?]` array. A
    /// reference has the size of the pointer it is stored as.
    pub fn size_of(&self, id: CTypeId) -> Option<usize> {
        self.facts[id.0 as usize].size
    }

    /// True for a record or array that holds a `const` value by value (a
    /// member, an element, at any depth): LuaJIT's pseudo-const aggregate,
    /// which cannot be assigned as a whole, though its other members can.
    pub fn has_const_member(&self, id: CTypeId) -> bool {
        self.facts[id.0 as usize].const_member
    }

    /// True for a `[?]` array and for a struct whose last member is one: the
    /// types whose size is given when an object is created.
    pub fn is_vla(&self, id: CTypeId) -> bool {
        self.facts[id.0 as usize].vla
    }

    /// The size of a variable-length object with `n` elements in its `[?]` or
    /// `[]` array: the array itself, or a struct plus its trailing array (the
    /// struct's size plus `n` elements, as LuaJIT computes it). For any other
    /// type, `size_of`. `None` past [`MAX_TYPE_SIZE`] (2 GiB), as in LuaJIT.
    pub fn size_of_vla(&self, id: CTypeId, n: u64) -> Option<usize> {
        self.size_of_vla_unbounded(id, n).filter(|&size| size <= super::MAX_TYPE_SIZE)
    }

    fn size_of_vla_unbounded(&self, id: CTypeId, n: u64) -> Option<usize> {
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
    /// a definition (functions, incomplete records/enums). `void` has the
    /// alignment 1, as `__alignof__(void)` in gcc and `ffi.alignof("void")` in
    /// LuaJIT.
    pub fn align_of(&self, id: CTypeId) -> Option<usize> {
        self.facts[id.0 as usize].align
    }

    /// The member `name` of the struct/union `record`, searching anonymous
    /// struct/union members too (their offset is added, like C's own lookup).
    /// The first match in declaration order wins.
    pub fn find_field(&self, record: CTypeId, name: &str) -> Option<FieldRef> {
        // The plain depth-first search needs no allocation; it gives up after a
        // few anonymous members, which only typedef'd records used as anonymous
        // members many times over reach, and the memoised search takes over.
        let mut budget = PLAIN_SEARCH_BUDGET;
        match self.find_field_plain(record, name, &mut budget) {
            Some(found) => found,
            None => self.find_field_nested(record, name),
        }
    }

    /// `find_field` by recursion, entering at most `budget` anonymous members
    /// (`None` when they run out).
    fn find_field_plain(&self, record: CTypeId, name: &str, budget: &mut u32) -> Option<Option<FieldRef>> {
        let CKind::Record { fields, .. } = self.kind(record) else { return Some(None) };
        for f in fields {
            match &f.name {
                Some(n) if n == name => {
                    return Some(Some(FieldRef { ty: f.ty, offset: f.offset, bits: f.bits, in_const: false }))
                }
                Some(_) => {}
                None => {
                    *budget = budget.checked_sub(1)?;
                    self.count_work(1);
                    if let Some(inner) = self.find_field_plain(f.ty, name, budget)? {
                        let in_const = inner.in_const || self.get(f.ty).qual.is_const;
                        return Some(Some(FieldRef { offset: inner.offset + f.offset, in_const, ..inner }));
                    }
                }
            }
        }
        Some(None)
    }

    /// `find_field` through anonymous members: depth first in declaration
    /// order, with an explicit stack; a record already searched in vain (the
    /// same typedef'd record can be an anonymous member many times over) is
    /// not searched again, so a lookup visits each record's fields once.
    fn find_field_nested(&self, record: CTypeId, name: &str) -> Option<FieldRef> {
        let mut searched: HashSet<CTypeId> = HashSet::new();
        // (record, next member index, the record's offset in the outermost
        // one, whether it lies inside a `const` anonymous member)
        let mut stack = vec![(record, 0usize, 0usize, false)];
        while let Some(top) = stack.last_mut() {
            let (rec, index, base_offset, in_const) = *top;
            let CKind::Record { fields, .. } = self.kind(rec) else { unreachable!("only records are stacked") };
            let Some(f) = fields.get(index) else {
                searched.insert(self.base(rec));
                stack.pop();
                continue;
            };
            top.1 += 1;
            self.count_work(1);
            let offset = base_offset + f.offset;
            match &f.name {
                Some(n) if n == name => return Some(FieldRef { ty: f.ty, offset, bits: f.bits, in_const }),
                None if matches!(self.kind(f.ty), CKind::Record { .. }) && !searched.contains(&self.base(f.ty)) => {
                    stack.push((f.ty, 0, offset, in_const || self.get(f.ty).qual.is_const));
                }
                _ => {}
            }
        }
        None
    }

    /// The part `re` (offset 0) or `im` (after the real part) of the complex
    /// type `id`, as LuaJIT names a complex number's members; `None` for any
    /// other name or type.
    pub fn complex_member(&self, id: CTypeId, name: &str) -> Option<FieldRef> {
        let CKind::Complex { part } = self.kind(id) else { return None };
        let offset = match name {
            "re" => 0,
            "im" => self.size_of(*part)?,
            _ => return None,
        };
        Some(FieldRef { ty: *part, offset, bits: None, in_const: false })
    }

    /// The type a reference refers to, or `id` itself when it is not a
    /// reference: what `ffi.sizeof`, `ffi.alignof` and `ffi.offsetof` measure
    /// (LuaJIT's `lj_ctype_rawref`).
    pub fn unreferenced(&self, id: CTypeId) -> CTypeId {
        match self.kind(id) {
            CKind::Reference { to } => *to,
            _ => id,
        }
    }

    /// The `static const` member `name` of the struct/union `record` (searched
    /// in anonymous members too, as LuaJIT's `lj_ctype_getfield` does): its
    /// type and value.
    pub fn find_constant(&self, record: CTypeId, name: &str) -> Option<(CTypeId, i64)> {
        let mut searched: HashSet<CTypeId> = HashSet::new();
        let mut todo = vec![record];
        while let Some(rec) = todo.pop() {
            let CKind::Record { fields, constants, .. } = self.kind(rec) else { continue };
            if !searched.insert(self.base(rec)) {
                continue;
            }
            self.count_work(1 + (constants.len() + fields.len()) as u64);
            if let Some(c) = constants.iter().find(|c| c.name == name) {
                return Some((c.ty, c.value));
            }
            // Anonymous members, first declared searched first.
            todo.extend(fields.iter().rev().filter(|f| f.name.is_none()).map(|f| f.ty));
        }
        None
    }

    /// The type as LuaJIT's `tostring(ffi.typeof(...))` shows it between
    /// `ctype<` and `>`: `const char *`, `struct foo`, `int [10]`, `int (*)()`.
    pub fn name(&self, id: CTypeId) -> String {
        super::name::type_name(self, id)
    }

    /// The same type without qualifiers or forced alignment: what identifies a
    /// record or enum (metatypes, copies, `ffi.istype`). Unlike
    /// [`CTypeTable::unqualified`] it only reads.
    pub fn base(&self, id: CTypeId) -> CTypeId {
        self.base[id.0 as usize]
    }

    /// Runs `f` so that, unless it returns `Ok`, nothing it did to the table
    /// remains, even if it panics.
    pub(crate) fn transaction<T, E>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, E>) -> Result<T, E> {
        self.transaction_declaring(f).map(|(value, _)| value)
    }

    /// [`CTypeTable::transaction`], also saying whether `f` declared anything:
    /// bound a name or a tag, completed a type or made a new struct, union or
    /// enum. When it did not, it only looked things up and interned derived
    /// types (pointers, arrays, qualified variants), so running it again on the
    /// table as it is now, or as any later declaration leaves it, gives the
    /// same ids and adds nothing.
    pub(crate) fn transaction_declaring<T, E>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, E>,
    ) -> Result<(T, bool), E> {
        self.journal = Some(Journal { len: self.types.len(), ..Journal::default() });
        let mut transaction = Transaction { table: self, committed: false };
        let value = f(transaction.table)?;
        let table = &*transaction.table;
        let journal = table.journal.as_ref().expect("the journal of this transaction");
        let declared = !journal.names.is_empty()
            || !journal.tags.is_empty()
            || !journal.changed.is_empty()
            || table.types[journal.len..].iter().any(|t| matches!(t.kind, CKind::Record { .. } | CKind::Enum { .. }));
        transaction.commit();
        Ok((value, declared))
    }

    /// The type the type string `text` stood for when it was remembered
    /// ([`CTypeTable::remember_type_string`]).
    #[inline]
    pub fn remembered_type(&self, text: &[u8]) -> Option<CTypeId> {
        self.type_strings.get(text).copied()
    }

    /// Remembers that the type string `text`, parsed without `$` parameters
    /// by a transaction that declared nothing (see
    /// [`CTypeTable::transaction_declaring`]), stands for `id`, so that it is
    /// not parsed again (`ffi.new("struct foo")` in a loop). The answer stays
    /// right for the life of the table: ids are never reused (a rollback only
    /// removes ids made after every remembered one); a name or tag, once bound,
    /// is never bound to another type (a redefinition is an error, a second
    /// declaration is ignored); and a struct declared without a body keeps its
    /// id when its body comes. The memory is bounded: past
    /// [`MAX_TYPE_STRINGS`] it starts over.
    pub(crate) fn remember_type_string(&mut self, text: &[u8], id: CTypeId) {
        if self.type_strings.len() >= MAX_TYPE_STRINGS {
            self.type_strings.clear();
        }
        self.type_strings.insert(text.into(), id);
    }

    /// Undoes what happened since the journal began: only what was added or
    /// changed is visited.
    fn rollback(&mut self, j: Journal) {
        self.count_work((j.names.len() + j.tags.len() + j.changed.len() + (self.types.len() - j.len)) as u64);
        for (name, old) in j.names.into_iter().rev() {
            match old {
                Some(v) => self.names.insert(name, v),
                None => self.names.remove(&name),
            };
        }
        for tag in j.tags {
            self.tags.remove(&tag);
        }
        for (id, ty, facts) in j.changed.into_iter().rev() {
            self.types[id.0 as usize] = ty;
            self.facts[id.0 as usize] = facts;
        }
        let len = u32::try_from(j.len).expect("table length");
        for i in (j.len..self.types.len()).rev() {
            let (id, base) = (CTypeId(i as u32), self.base[i]);
            let ty = &self.types[i];
            if matches!(ty.kind, CKind::Record { .. } | CKind::Enum { .. }) {
                self.variants.remove(&id);
                if base != id {
                    if let Some(vs) = self.variants.get_mut(&base) {
                        vs.retain(|v| v.0 < len);
                    }
                }
            } else if self.interned.get(ty) == Some(&id) {
                self.interned.remove(ty);
            }
        }
        self.types.truncate(j.len);
        self.base.truncate(j.len);
        self.facts.truncate(j.len);
    }

    /// Every typedef name and the type it stands for, in no order (tests
    /// compare what a header declared with the C compiler).
    #[cfg(test)]
    pub(crate) fn typedefs(&self) -> Vec<(String, CTypeId)> {
        let typedef = |(n, v): (&String, &Name)| match v {
            Name::Typedef(id) => Some((n.clone(), *id)),
            Name::Decl(_) => None,
        };
        self.names.iter().filter_map(typedef).collect()
    }

    /// Every tag and the struct, union or enum it names, in no order.
    #[cfg(test)]
    pub(crate) fn tags(&self) -> Vec<(String, CTypeId)> {
        self.tags.iter().map(|(n, id)| (n.clone(), *id)).collect()
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
        let variants = self.variants.get(&base).map(Vec::as_slice).unwrap_or_default();
        let targets: Vec<CTypeId> = std::iter::once(base).chain(variants.iter().copied()).collect();
        self.count_work(targets.len() as u64);
        for t in targets {
            let i = t.0 as usize;
            if let Some(j) = &mut self.journal {
                if i < j.len {
                    j.changed.push((t, self.types[i].clone(), self.facts[i]));
                }
            }
            self.types[i].kind = kind.clone();
            self.facts[i] = self.derive(&self.types[i]);
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
    /// function types that differ only in parameter names (also of function
    /// pointers among their parameters). Each pair of types is compared once,
    /// with an explicit stack: chains of function types that share their
    /// parameter types cost their length, not the number of paths through them.
    pub(crate) fn compatible(&self, a: CTypeId, b: CTypeId) -> bool {
        let mut seen: HashSet<(CTypeId, CTypeId)> = HashSet::new();
        let mut todo = vec![(a, b)];
        while let Some((a, b)) = todo.pop() {
            self.count_work(1);
            if a == b || !seen.insert((a, b)) {
                continue;
            }
            match (self.kind(a), self.kind(b)) {
                (
                    CKind::Function { ret: r1, params: p1, variadic: v1, conv: c1, .. },
                    CKind::Function { ret: r2, params: p2, variadic: v2, conv: c2, .. },
                ) => {
                    if r1 != r2 || v1 != v2 || c1 != c2 || p1.len() != p2.len() {
                        return false;
                    }
                    todo.extend(p1.iter().copied().zip(p2.iter().copied()));
                }
                (CKind::Pointer { to: t1 }, CKind::Pointer { to: t2 }) => {
                    if self.get(a).qual != self.get(b).qual {
                        return false;
                    }
                    todo.push((*t1, *t2));
                }
                _ => return false,
            }
        }
        true
    }
}
