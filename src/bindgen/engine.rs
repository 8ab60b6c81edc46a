//! The only place where bindgen touches the FFI's internals: it parses
//! declarations with the crate's own parser into a type table (so the bindings
//! accept exactly what `ffi.cdef` accepts) and reads the table back as the small
//! [`CTy`] model the Luau writer works from. Everything here only reads the
//! table, apart from `cdef`, which adds declarations as `ffi.cdef` does.

use crate::cparse::Declare;
use crate::ctype::{CKind, CTypeId, CTypeTable, Declaration, TagKind};

/// A C type as the Luau writer needs to see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CTy {
    /// `void` (results only).
    Void,
    /// `bool`.
    Bool,
    /// An integer or enum of `size` bytes.
    Int {
        /// Bytes.
        size: u8,
    },
    /// `float`, `double`, `long double`.
    Float,
    /// A pointer (arrays decay to pointers as parameters).
    Pointer(Pointee),
    /// A struct or union held by value.
    Record(RecordKey),
    /// An array held by value (a field).
    Array,
    /// Types with no Luau counterpart yet: complex numbers, vectors, 128-bit
    /// numbers, references.
    Opaque,
}

/// What a pointer points to, as far as the Luau types care.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pointee {
    /// `void` or a 1-byte integer (`char`, `uint8_t`): buffers (and strings,
    /// when `const`) convert to it.
    Bytes {
        /// Pointer to const.
        is_const: bool,
    },
    /// A function: callbacks.
    Function(Box<FnSig>),
    /// A struct or union.
    Record(RecordKey),
    /// Anything else.
    Other,
}

/// A struct or union, identified by its definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordKey(u32);

/// A function type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FnSig {
    /// The result.
    pub ret: CTy,
    /// Parameters with their names as written.
    pub params: Vec<(Option<String>, CTy)>,
    /// Ends with `...`.
    pub variadic: bool,
}

/// A struct or union's members, anonymous members flattened.
#[derive(Clone, Debug)]
pub struct Record {
    /// The members: name and type (`None` for a bitfield, which reads as a
    /// plain number or boolean).
    pub fields: Vec<(String, FieldTy)>,
}

/// A member's type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldTy {
    /// An ordinary member.
    Plain(CTy),
    /// A bitfield of this many bits; `bool` for a `bool` bitfield.
    Bits {
        /// Bits.
        width: u32,
        /// Declared `bool`.
        is_bool: bool,
    },
}

/// What an ordinary identifier is bound to in the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// A typedef name.
    Typedef,
    /// A declared function.
    Function,
    /// An extern variable.
    Variable,
    /// An enumerator or `static const` integer.
    Constant,
}

/// What a typedef name stands for, when it is worth a Luau type of its own.
#[derive(Clone, Debug)]
pub enum TypedefTarget {
    /// A struct or union (not a pointer to one).
    Record(RecordKey),
    /// A pointer to a function: a callback type.
    Callback(FnSig),
    /// Anything else.
    Other,
}

/// An integer constant with its sign: C's `~0ULL` is 2^64 - 1, not -1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IntValue(pub i128);

/// A type table with the declarations parsed so far.
pub struct Engine {
    table: CTypeTable,
    probes: u32,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new()
    }
}

impl Engine {
    /// An empty table (the built-in types only).
    pub fn new() -> Engine {
        Engine { table: crate::cparse::new_table(), probes: 0 }
    }

    /// Adds declarations as `ffi.cdef` would; on error nothing is kept and the
    /// parser's message is returned.
    pub fn cdef(&mut self, source: &str) -> Result<(), String> {
        self.table.cdef(source).map_err(|e| e.to_string())
    }

    /// What `name` is bound to, if anything.
    pub fn ordinary(&self, name: &str) -> Option<Bound> {
        if self.table.typedef(name).is_some() {
            return Some(Bound::Typedef);
        }
        self.table.symbol(name).map(|d| match d {
            Declaration::Function { .. } => Bound::Function,
            Declaration::Variable { .. } => Bound::Variable,
            Declaration::Constant { .. } => Bound::Constant,
        })
    }

    /// Whether `keyword tag` (`struct`, `union`, `enum`) is known, and if so
    /// whether its body has been seen.
    pub fn tag(&self, keyword: &str, tag: &str) -> Option<bool> {
        let kind = match keyword {
            "struct" => TagKind::Struct,
            "union" => TagKind::Union,
            "enum" => TagKind::Enum,
            _ => return None,
        };
        let id = self.table.tagged(kind, tag)?;
        Some(match self.table.kind(id) {
            CKind::Record { complete, .. } | CKind::Enum { complete, .. } => *complete,
            _ => false,
        })
    }

    /// The record a `struct`/`union` tag names.
    pub fn record_of_tag(&self, keyword: &str, tag: &str) -> Option<RecordKey> {
        let kind = if keyword == "union" { TagKind::Union } else { TagKind::Struct };
        self.table.tagged(kind, tag).map(|id| RecordKey(self.table.base(id).0))
    }

    /// The signature of the declared function `name`.
    pub fn function(&self, name: &str) -> Option<FnSig> {
        match self.table.symbol(name)? {
            Declaration::Function { ty, .. } => self.signature(*ty),
            _ => None,
        }
    }

    /// The type of the extern variable `name`.
    pub fn variable(&self, name: &str) -> Option<CTy> {
        match self.table.symbol(name)? {
            Declaration::Variable { ty, .. } => Some(self.value_type(*ty)),
            _ => None,
        }
    }

    /// The value of the enumerator or constant `name`.
    pub fn constant(&self, name: &str) -> Option<IntValue> {
        match self.table.symbol(name)? {
            Declaration::Constant { ty, value } => {
                let unsigned64 = matches!(self.table.kind(*ty), CKind::Int { size: 8, signed: false, .. });
                Some(IntValue(if unsigned64 { *value as u64 as i128 } else { *value as i128 }))
            }
            _ => None,
        }
    }

    /// What the typedef `name` stands for.
    pub fn typedef_target(&self, name: &str) -> Option<TypedefTarget> {
        let id = self.table.typedef(name)?;
        Some(match self.table.kind(id) {
            CKind::Record { .. } => TypedefTarget::Record(RecordKey(self.table.base(id).0)),
            CKind::Pointer { to } => match self.table.kind(*to) {
                CKind::Function { .. } => self.signature(*to).map_or(TypedefTarget::Other, TypedefTarget::Callback),
                _ => TypedefTarget::Other,
            },
            _ => TypedefTarget::Other,
        })
    }

    /// The members of a record, or `None` while it has no body.
    pub fn record(&self, key: RecordKey) -> Option<Record> {
        let CKind::Record { complete: true, .. } = self.table.kind(CTypeId(key.0)) else { return None };
        let mut fields = Vec::new();
        self.collect_fields(CTypeId(key.0), &mut fields);
        Some(Record { fields })
    }

    fn collect_fields(&self, id: CTypeId, out: &mut Vec<(String, FieldTy)>) {
        let CKind::Record { fields, .. } = self.table.kind(id) else { return };
        for field in fields {
            match &field.name {
                None => self.collect_fields(field.ty, out),
                Some(name) => {
                    let ty = match field.bits {
                        Some(bits) => FieldTy::Bits {
                            width: bits.width,
                            is_bool: matches!(self.table.kind(field.ty), CKind::Bool),
                        },
                        None => FieldTy::Plain(self.value_type(field.ty)),
                    };
                    out.push((name.clone(), ty));
                }
            }
        }
    }

    fn signature(&self, id: CTypeId) -> Option<FnSig> {
        let CKind::Function { ret, params, param_names, variadic, .. } = self.table.kind(id) else { return None };
        Some(FnSig {
            ret: self.value_type(*ret),
            params: params.iter().zip(param_names).map(|(ty, name)| (name.clone(), self.value_type(*ty))).collect(),
            variadic: *variadic,
        })
    }

    fn value_type(&self, id: CTypeId) -> CTy {
        match self.table.kind(id) {
            CKind::Void => CTy::Void,
            CKind::Bool => CTy::Bool,
            CKind::Int { size, .. } => CTy::Int { size: *size },
            CKind::Enum { underlying, .. } => match self.table.kind(*underlying) {
                CKind::Int { size, .. } => CTy::Int { size: *size },
                _ => CTy::Int { size: 4 },
            },
            CKind::Float { .. } => CTy::Float,
            CKind::Pointer { to } => CTy::Pointer(self.pointee(*to)),
            CKind::Array { .. } => CTy::Array,
            CKind::Record { .. } => CTy::Record(RecordKey(self.table.base(id).0)),
            // A function type as a value only appears behind a pointer.
            CKind::Function { .. } => CTy::Pointer(self.pointee(id)),
            CKind::Complex { .. }
            | CKind::Vector { .. }
            | CKind::Int128 { .. }
            | CKind::Float128
            | CKind::Reference { .. } => CTy::Opaque,
        }
    }

    fn pointee(&self, to: CTypeId) -> Pointee {
        let is_const = self.table.get(to).qual.is_const;
        match self.table.kind(to) {
            CKind::Void | CKind::Int { size: 1, .. } => Pointee::Bytes { is_const },
            CKind::Function { .. } => self.signature(to).map_or(Pointee::Other, |s| Pointee::Function(Box::new(s))),
            CKind::Record { .. } => Pointee::Record(RecordKey(self.table.base(to).0)),
            _ => Pointee::Other,
        }
    }

    /// Evaluates an integer constant expression (macro names already
    /// replaced), with C's types: `None` when it is not one.
    pub fn eval_integer(&mut self, expr: &str) -> Option<IntValue> {
        // The parser evaluates enumerator values with C's integer types, and
        // keeps them as 64-bit patterns: a second enumerator says whether the
        // expression is negative (for an unsigned type it never is).
        self.probes += 1;
        let (value, negative) =
            (format!("__luau_ffi_bindgen_{}_v", self.probes), format!("__luau_ffi_bindgen_{}_n", self.probes));
        self.table.cdef(&format!("enum {{ {value} = ({expr}), {negative} = (({expr}) < 0) }};")).ok()?;
        let IntValue(bits) = self.constant(&value)?;
        let is_negative = self.constant(&negative)? != IntValue(0);
        Some(IntValue(if is_negative { bits as i64 as i128 } else { bits as i64 as u64 as i128 }))
    }

    /// For the text of a cast's parentheses: `Some(true)` when it names an
    /// integer, enum or bool type, `Some(false)` for another type, `None` when
    /// it is not a type at all.
    pub fn cast_target_is_integer(&mut self, text: &str) -> Option<bool> {
        let id = self.table.parse_type(text, &[]).ok()?;
        Some(matches!(self.table.kind(id), CKind::Int { .. } | CKind::Bool | CKind::Enum { .. }))
    }

    /// For the text of a cast's parentheses: whether it names a floating-point type.
    pub fn cast_target_is_float(&mut self, text: &str) -> bool {
        self.table.parse_type(text, &[]).is_ok_and(|id| matches!(self.table.kind(id), CKind::Float { .. }))
    }
}
