//! C-level value shapes ([`AbiType`]) and their libffi descriptions ([`FfiType`]).
//!
//! This layer knows nothing of C declarations: the type table lowers a C type to
//! an [`AbiType`] (size, alignment, field offsets) and this module turns that into
//! the `ffi_type` tree libffi needs to pass or return the value by value.
//!
//! # How records are described
//!
//! libffi lays a struct out itself from its elements (natural alignment, no
//! unions, no explicit offsets) and classifies it from that layout. A record is
//! therefore described in one of two ways:
//!
//! * **Natural**: a record without unions whose declared offsets, size and
//!   alignment are exactly what libffi computes from its fields (arrays expanded
//!   into their elements, nested records nested). libffi's own layout is checked
//!   against the declared one (`ffi_get_struct_offsets`), so a record with
//!   `_Alignas` padding or odd bitfield storage falls through to the next case.
//!   This works on every libffi architecture.
//! * **Lowered**: everything else (unions, records containing unions, records
//!   whose padding libffi would not reproduce). The record is flattened into its
//!   scalar leaves, classified with the platform's C rules (SysV x86-64 eightbyte
//!   classes, AAPCS64 homogeneous floating-point aggregates), and described to
//!   libffi as a synthetic struct of the declared size and alignment whose
//!   elements libffi classifies identically: one `double`/`float` per SSE
//!   eightbyte, integers per INTEGER eightbyte, `n` floats for an `n`-member HFA,
//!   plain integers for a record passed in general registers or by reference.
//!   The rules are derived from the psABI/AAPCS64 documents and checked against
//!   libffi's own classifier (`src/x86/ffi64.c`, `src/aarch64/ffi.c`) and the
//!   C compiler (tests in `src/native/tests/`). The size and alignment are
//!   filled in before `ffi_prep_cif`, which
//!   then trusts them instead of recomputing them from the elements.
//!
//! # What cannot be passed by value
//!
//! * Packed records (a field below its natural alignment, or a record aligned
//!   below its most-aligned field): the C ABI classifies them by their unaligned
//!   fields (SysV x86-64 passes them in memory), which libffi cannot be told.
//!   [`AbiError::UnsupportedByValue`]`("packed struct")`.
//! * On SysV x86-64: a record of at most 16 bytes mixing `long double` with other
//!   members (the C ABI passes it in memory, libffi would use registers), and a
//!   record with an eightbyte that is only padding (libffi's closure side
//!   miscounts its registers).
//! * Unions and non-natural layouts on architectures other than x86-64 and
//!   AArch64 (no lowering is implemented there).
//! * Empty records.

use std::mem::{align_of, size_of};
use std::ptr::{addr_of_mut, null_mut};

use libffi::low::{ffi_abi_FFI_DEFAULT_ABI, ffi_type, type_tag, types};

/// The C-level shape of a value, as the calling convention sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AbiType {
    /// No value (only as a result).
    Void,
    /// `int8_t`, `signed char`.
    I8,
    /// `uint8_t`, `unsigned char`, `bool`.
    U8,
    /// `int16_t`, `short`.
    I16,
    /// `uint16_t`, `unsigned short`.
    U16,
    /// `int32_t`, `int`.
    I32,
    /// `uint32_t`, `unsigned int`.
    U32,
    /// `int64_t`, `long long` (and `long` on LP64).
    I64,
    /// `uint64_t`, `unsigned long long`.
    U64,
    /// `float`.
    F32,
    /// `double`.
    F64,
    /// `long double`, only where the platform's differs from `double` (see
    /// [`AbiType::c_long_double`]); its bytes are the platform's format (80-bit
    /// x87 in 16 bytes on x86-64, IEEE binary128 on AArch64 Linux).
    LongDouble,
    /// Any data or function pointer.
    Pointer,
    /// `__int128` (libffi's `sint128`, on x86-64 and AArch64).
    I128,
    /// `unsigned __int128`.
    U128,
    /// A complex number (`_Complex`) of two parts of this scalar shape
    /// (`F32`, `F64`, `LongDouble`, or an integer for gcc's `_Complex int`),
    /// described to libffi as its `FFI_TYPE_COMPLEX`, which classifies it as
    /// the C ABI does (an x87 complex is returned in `st0`/`st1`).
    Complex(Box<AbiType>),
    /// A struct with explicit layout. `fields` are `(byte offset, type)` in
    /// declaration order; bitfields are described by their storage units.
    Struct {
        /// `sizeof`, including tail padding.
        size: usize,
        /// `_Alignof`.
        align: usize,
        /// `(offset, type)` of each field (or bitfield storage unit).
        fields: Vec<(usize, AbiType)>,
    },
    /// A union: every member at offset 0.
    Union {
        /// `sizeof`, including tail padding.
        size: usize,
        /// `_Alignof`.
        align: usize,
        /// The member types.
        members: Vec<AbiType>,
    },
    /// A fixed-length array; only inside records (C passes no array by value).
    Array {
        /// The element type.
        elem: Box<AbiType>,
        /// The number of elements.
        len: usize,
    },
}

/// Why a shape cannot be described to libffi, or a signature cannot be prepared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AbiError {
    /// The C ABI treatment of this shape cannot be expressed to libffi (see the
    /// module documentation for the list).
    #[error("cannot pass or return a {0} by value")]
    UnsupportedByValue(&'static str),
    /// The declared layout is impossible (bad alignment, field outside the record).
    #[error("invalid record layout: {0}")]
    InvalidLayout(String),
    /// `void` where a value is needed (argument, field, array element).
    #[error("void is not a value type (argument #{0})")]
    VoidValue(usize),
    /// An array as an argument or result (position 0 is the result): C passes
    /// arrays as pointers.
    #[error("arrays are not passed or returned by value (argument #{0}, 0 meaning the result); use a pointer")]
    ArrayByValue(usize),
    /// A variadic argument of a type C's default argument promotions change.
    #[error("variadic argument #{index} has type {ty:?}, which C promotes ({promoted}); convert it before the call")]
    UnpromotedVariadic {
        /// 1-based position among all arguments.
        index: usize,
        /// The offending type.
        ty: AbiType,
        /// What the caller must pass instead.
        promoted: &'static str,
    },
    /// A closure was requested for a variadic signature.
    #[error("callbacks with variadic signatures are not supported")]
    VariadicClosure,
    /// libffi refused the signature (`ffi_prep_cif` / `ffi_prep_closure_loc`).
    #[error("libffi rejected the signature: {0}")]
    Prep(String),
    /// libffi could not allocate executable closure memory.
    #[error("cannot allocate an executable callback (ffi_closure_alloc failed)")]
    ClosureAlloc,
}

/// Shorthand for results of this layer.
pub type Result<T> = std::result::Result<T, AbiError>;

impl AbiType {
    /// The shape of C's `long double`: [`AbiType::LongDouble`] where the
    /// platform's is wider than `double`, [`AbiType::F64`] where they are the
    /// same (AArch64 Apple, Windows).
    pub fn c_long_double() -> AbiType {
        if long_double_layout().0 > size_of::<f64>() {
            AbiType::LongDouble
        } else {
            AbiType::F64
        }
    }

    /// `sizeof` of a value of this shape (0 for `Void`).
    pub fn size(&self) -> usize {
        match self {
            AbiType::Void => 0,
            AbiType::I8 | AbiType::U8 => 1,
            AbiType::I16 | AbiType::U16 => 2,
            AbiType::I32 | AbiType::U32 | AbiType::F32 => 4,
            AbiType::I64 | AbiType::U64 | AbiType::F64 => 8,
            AbiType::LongDouble => long_double_layout().0,
            AbiType::Pointer => size_of::<*const u8>(),
            AbiType::I128 | AbiType::U128 => 16,
            AbiType::Complex(part) => 2 * part.size(),
            AbiType::Struct { size, .. } | AbiType::Union { size, .. } => *size,
            AbiType::Array { elem, len } => elem.size() * len,
        }
    }

    /// `_Alignof` of a value of this shape (1 for `Void`).
    pub fn align(&self) -> usize {
        match self {
            AbiType::Void | AbiType::I8 | AbiType::U8 => 1,
            AbiType::I16 | AbiType::U16 => 2,
            AbiType::I32 | AbiType::U32 | AbiType::F32 => 4,
            // Rust's 64-bit alignments match C's on every supported target
            // (4 inside structs on i686 Linux, 8 elsewhere).
            AbiType::I64 | AbiType::U64 => align_of::<u64>(),
            AbiType::F64 => align_of::<f64>(),
            AbiType::LongDouble => long_double_layout().1,
            AbiType::Pointer => align_of::<*const u8>(),
            AbiType::I128 | AbiType::U128 => 16,
            AbiType::Complex(part) => part.align(),
            AbiType::Struct { align, .. } | AbiType::Union { align, .. } => *align,
            AbiType::Array { elem, .. } => elem.align(),
        }
    }

    /// Whether this is an integer scalar narrower than libffi's `ffi_arg`, the
    /// results libffi widens to a full register (see `CallInterface::result_ptr`).
    pub fn is_narrow_integer(&self) -> bool {
        matches!(self, AbiType::I8 | AbiType::U8 | AbiType::I16 | AbiType::U16 | AbiType::I32 | AbiType::U32)
            && self.size() < size_of::<libffi::low::ffi_arg>()
    }

    /// Builds the libffi description of this shape for passing or returning it
    /// by value. `Void` is allowed (it is only meaningful as a result); a bare
    /// `Array` is not.
    pub fn ffi_type(&self) -> Result<FfiType> {
        let mut builder = Builder::default();
        let root = match self {
            AbiType::Array { .. } => return Err(AbiError::ArrayByValue(0)),
            AbiType::Struct { .. } | AbiType::Union { .. } => builder.record(self)?,
            AbiType::Complex(part) => builder.complex(part)?,
            scalar => scalar_ffi_type(scalar).expect("a scalar"),
        };
        Ok(FfiType { root, lowered: builder.lowered, nodes: builder.nodes, element_arrays: builder.element_arrays })
    }
}

/// `(size, align)` of the platform's `long double`, from libffi's own description.
fn long_double_layout() -> (usize, usize) {
    // SAFETY: libffi's predefined type descriptions are initialised statics that
    // libffi never writes; reading them through a raw pointer creates no reference.
    let ty = unsafe { addr_of_mut!(types::longdouble).read() };
    (ty.size, usize::from(ty.alignment))
}

/// The libffi predefined description of a scalar shape; `None` for records and arrays.
fn scalar_ffi_type(ty: &AbiType) -> Option<*mut ffi_type> {
    // Only raw pointers to libffi's statics are taken: libffi reads them, nobody writes.
    let ptr = match ty {
        AbiType::Void => addr_of_mut!(types::void),
        AbiType::I8 => addr_of_mut!(types::sint8),
        AbiType::U8 => addr_of_mut!(types::uint8),
        AbiType::I16 => addr_of_mut!(types::sint16),
        AbiType::U16 => addr_of_mut!(types::uint16),
        AbiType::I32 => addr_of_mut!(types::sint32),
        AbiType::U32 => addr_of_mut!(types::uint32),
        AbiType::I64 => addr_of_mut!(types::sint64),
        AbiType::U64 => addr_of_mut!(types::uint64),
        AbiType::F32 => addr_of_mut!(types::float),
        AbiType::F64 => addr_of_mut!(types::double),
        AbiType::LongDouble => addr_of_mut!(types::longdouble),
        AbiType::Pointer => addr_of_mut!(types::pointer),
        // libffi only reads its descriptions: the const statics are never written.
        AbiType::I128 => (&raw const ffi_type_sint128).cast_mut(),
        AbiType::U128 => (&raw const ffi_type_uint128).cast_mut(),
        AbiType::Struct { .. } | AbiType::Union { .. } | AbiType::Array { .. } | AbiType::Complex(_) => return None,
    };
    Some(ptr)
}

// libffi 3.6 describes the 128-bit integers on x86-64 and AArch64 (its
// `FFI_TARGET_HAS_INT128`); the Rust bindings do not declare them yet.
unsafe extern "C" {
    static ffi_type_sint128: ffi_type;
    static ffi_type_uint128: ffi_type;
}

/// An owned libffi type description: the root `ffi_type` and every node and
/// NULL-terminated `elements` array it points to. Scalars point at libffi's
/// static descriptions. Nodes are boxed so their addresses survive moves of this
/// value; a `CallInterface` keeps its `FfiType`s alive as long as its cif.
pub struct FfiType {
    root: *mut ffi_type,
    #[cfg_attr(not(test), allow(dead_code))] // introspection for the tests
    lowered: bool,
    #[allow(clippy::vec_box)] // the boxes give libffi stable node addresses
    nodes: Vec<Box<ffi_type>>,
    #[allow(dead_code)] // owned only: the nodes point into these arrays
    element_arrays: Vec<Box<[*mut ffi_type]>>,
}

impl FfiType {
    /// The description to hand to libffi.
    pub fn as_ptr(&self) -> *mut ffi_type {
        self.root
    }

    /// The size libffi will use for the value.
    pub fn size(&self) -> usize {
        // SAFETY: root points at a live node of ours or at a libffi static.
        unsafe { (*self.root).size }
    }

    #[cfg(test)]
    /// Whether the description is the synthetic classification-equivalent struct
    /// (see the module documentation) rather than the record's natural fields.
    pub fn is_lowered(&self) -> bool {
        self.lowered
    }
}

impl std::fmt::Debug for FfiType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FfiType").field("size", &self.size()).field("nodes", &self.nodes.len()).finish()
    }
}

/// Collects the nodes of one description.
#[derive(Default)]
struct Builder {
    lowered: bool,
    #[allow(clippy::vec_box)] // the boxes give libffi stable node addresses
    nodes: Vec<Box<ffi_type>>,
    element_arrays: Vec<Box<[*mut ffi_type]>>,
}

impl Builder {
    /// Adds a struct node with the given elements. `size == 0` lets libffi lay
    /// it out; otherwise size and alignment are prefilled and libffi trusts them.
    fn node(&mut self, size: usize, align: usize, mut elements: Vec<*mut ffi_type>) -> *mut ffi_type {
        elements.push(null_mut()); // libffi's element lists are NULL-terminated
        let mut elements = elements.into_boxed_slice();
        let mut node = Box::new(ffi_type {
            size,
            alignment: if size == 0 { 0 } else { align as u16 },
            type_: type_tag::STRUCT,
            elements: elements.as_mut_ptr(),
        });
        let ptr: *mut ffi_type = &mut *node;
        self.nodes.push(node);
        self.element_arrays.push(elements);
        ptr
    }

    /// Describes a complex number of `part`s.
    fn complex(&mut self, part: &AbiType) -> Result<*mut ffi_type> {
        let part_type = scalar_ffi_type(part)
            .filter(|_| !matches!(part, AbiType::Void | AbiType::Pointer))
            .ok_or(AbiError::UnsupportedByValue("complex number of that part type"))?;
        let mut elements = vec![part_type, null_mut()].into_boxed_slice();
        let mut node = Box::new(ffi_type {
            size: 2 * part.size(),
            alignment: part.align() as u16,
            type_: libffi::raw::ffi_type_enum_COMPLEX,
            elements: elements.as_mut_ptr(),
        });
        let ptr: *mut ffi_type = &mut *node;
        self.nodes.push(node);
        self.element_arrays.push(elements);
        Ok(ptr)
    }

    /// Describes a struct or union (validated first).
    fn record(&mut self, ty: &AbiType) -> Result<*mut ffi_type> {
        validate_record(ty)?;
        if let Some(scalar) = lower::passed_as_scalar(ty) {
            return Ok(scalar);
        }
        if !contains_union(ty) {
            let mark = (self.nodes.len(), self.element_arrays.len());
            if let Some(natural) = self.natural(ty)? {
                return Ok(natural);
            }
            // libffi would lay it out differently: drop the attempt and lower it.
            self.nodes.truncate(mark.0);
            self.element_arrays.truncate(mark.1);
        }
        let leaves = flatten(ty);
        let pieces = lower::pieces(&leaves, ty.size(), ty.align())?;
        self.lowered = true;
        Ok(self.node(ty.size(), ty.align(), pieces))
    }

    /// The natural description of a union-free struct, or `None` when libffi's
    /// layout of it differs from the declared one.
    fn natural(&mut self, ty: &AbiType) -> Result<Option<*mut ffi_type>> {
        let AbiType::Struct { size, align, fields } = ty else { unreachable!("unions are lowered") };
        let mut elements = Vec::new();
        let mut expected_offsets = Vec::new();
        for (offset, field) in fields {
            let (mut elem, mut count, mut stride) = (field, 1, 0);
            // Arrays (of arrays) expand into their elements: C lays them out the same.
            while let AbiType::Array { elem: inner, len } = elem {
                count *= len;
                stride = inner.size();
                elem = inner;
            }
            let elem_ptr = match (scalar_ffi_type(elem), elem) {
                (Some(p), _) => p,
                (None, AbiType::Complex(part)) => self.complex(part)?,
                (None, _) => match self.natural(elem)? {
                    Some(p) => p,
                    None => return Ok(None),
                },
            };
            for i in 0..count {
                elements.push(elem_ptr);
                expected_offsets.push(offset + i * stride);
            }
        }
        let node = self.node(0, 0, elements);
        let mut offsets = vec![0usize; expected_offsets.len()];
        // SAFETY: node is a live struct description whose elements are live
        // (ours or libffi statics) and NULL-terminated; offsets has one slot per element.
        let laid_out = unsafe { libffi::low::get_struct_offsets(ffi_abi_FFI_DEFAULT_ABI, node, offsets.as_mut_ptr()) };
        laid_out.map_err(|e| AbiError::Prep(format!("{e:?}")))?;
        // SAFETY: get_struct_offsets filled in the node's size and alignment.
        let (got_size, got_align) = unsafe { ((*node).size, usize::from((*node).alignment)) };
        if got_size == *size && got_align == *align && offsets == expected_offsets {
            Ok(Some(node))
        } else {
            Ok(None)
        }
    }
}

/// Checks that a record's declared layout is possible and not packed.
fn validate_record(ty: &AbiType) -> Result<()> {
    let (size, align, members): (usize, usize, Vec<(usize, &AbiType)>) = match ty {
        AbiType::Struct { size, align, fields } => (*size, *align, fields.iter().map(|(o, t)| (*o, t)).collect()),
        AbiType::Union { size, align, members } => (*size, *align, members.iter().map(|t| (0, t)).collect()),
        AbiType::Array { elem, .. } => return validate_record(elem),
        _ => return Ok(()),
    };
    if !align.is_power_of_two() || align > usize::from(u16::MAX) {
        return Err(AbiError::InvalidLayout(format!("alignment {align} is not a power of two")));
    }
    if size % align != 0 {
        return Err(AbiError::InvalidLayout(format!("size {size} is not a multiple of alignment {align}")));
    }
    if size == 0 {
        return Err(AbiError::UnsupportedByValue("record without members"));
    }
    for (offset, member) in members {
        if matches!(member, AbiType::Void) {
            return Err(AbiError::InvalidLayout("a void member".into()));
        }
        if offset + member.size() > size {
            return Err(AbiError::InvalidLayout(format!(
                "a member of {} bytes at offset {offset} overruns the record's {size} bytes",
                member.size()
            )));
        }
        if offset % member.align() != 0 || member.align() > align {
            return Err(AbiError::UnsupportedByValue("packed struct"));
        }
        validate_record(member)?;
    }
    Ok(())
}

/// Whether a union occurs anywhere inside `ty`.
fn contains_union(ty: &AbiType) -> bool {
    match ty {
        AbiType::Union { .. } => true,
        AbiType::Struct { fields, .. } => fields.iter().any(|(_, f)| contains_union(f)),
        AbiType::Array { elem, .. } => contains_union(elem),
        _ => false,
    }
}

/// A scalar at a byte offset inside a record: what the classification rules see.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Leaf {
    offset: usize,
    kind: LeafKind,
}

/// The classification-relevant kind of a scalar leaf.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LeafKind {
    /// Integers and pointers of the given size.
    Int(usize),
    F32,
    F64,
    LongDouble,
}

impl LeafKind {
    #[cfg_attr(not(target_arch = "aarch64"), allow(dead_code))] // used by the AArch64 classification
    fn size(self) -> usize {
        match self {
            LeafKind::Int(n) => n,
            LeafKind::F32 => 4,
            LeafKind::F64 => 8,
            LeafKind::LongDouble => long_double_layout().0,
        }
    }
}

/// Every scalar of a record with its absolute offset (union members overlap).
fn flatten(ty: &AbiType) -> Vec<Leaf> {
    fn walk(ty: &AbiType, base: usize, out: &mut Vec<Leaf>) {
        let kind = match ty {
            AbiType::Void => return,
            AbiType::F32 => LeafKind::F32,
            AbiType::F64 => LeafKind::F64,
            AbiType::LongDouble => LeafKind::LongDouble,
            AbiType::Struct { fields, .. } => return fields.iter().for_each(|(o, f)| walk(f, base + o, out)),
            AbiType::Union { members, .. } => return members.iter().for_each(|m| walk(m, base, out)),
            AbiType::Array { elem, len } => return (0..*len).for_each(|i| walk(elem, base + i * elem.size(), out)),
            // A complex number is laid out and classified as its two parts.
            AbiType::Complex(part) => return (0..2).for_each(|i| walk(part, base + i * part.size(), out)),
            int => LeafKind::Int(int.size()),
        };
        out.push(Leaf { offset: base, kind });
    }
    let mut leaves = Vec::new();
    walk(ty, 0, &mut leaves);
    leaves
}

/// The register class of one eightbyte of a record passed in registers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegisterClass {
    /// A general register.
    Int,
    /// A vector register.
    Float,
}

/// How a record travels in registers, as an argument and as a result: the
/// class of each of its `count` (1 or 2) eightbytes, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegisterClasses {
    /// The class of each eightbyte (the second unused when `count` is 1).
    pub classes: [RegisterClass; 2],
    /// How many eightbytes.
    pub count: u8,
}

/// How the C ABI passes and returns a struct or union of this shape in
/// registers, eightbyte by eightbyte, as separate scalars of those classes
/// would be: `Some` on SysV x86-64 for a valid, unpacked record of at most
/// 16 bytes whose eightbytes are each INTEGER or SSE (the psABI
/// classification libffi's descriptions here follow); `None` for anything
/// passed in memory, and on other ABIs.
pub fn register_classes(ty: &AbiType) -> Option<RegisterClasses> {
    lower::register_classes(ty)
}

/// Integer elements covering `len` bytes from an 8-aligned offset, each naturally
/// aligned (widest first), for libffi to classify as INTEGER / general registers.
fn int_pieces(mut len: usize) -> Vec<*mut ffi_type> {
    let mut pieces = Vec::new();
    while len > 0 {
        let piece = match len {
            8.. => addr_of_mut!(types::uint64),
            4..=7 => addr_of_mut!(types::uint32),
            2..=3 => addr_of_mut!(types::uint16),
            _ => addr_of_mut!(types::uint8),
        };
        // SAFETY: reading the size field of a libffi static.
        len -= unsafe { (*piece).size };
        pieces.push(piece);
    }
    pieces
}

/// SysV x86-64 (Linux, macOS, BSD): the psABI's eightbyte classification.
#[cfg(all(target_arch = "x86_64", not(windows)))]
mod lower {
    use super::*;

    /// The psABI register classes (the subset our scalars produce), named as there.
    #[allow(clippy::enum_variant_names)]
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Class {
        NoClass,
        Integer,
        Sse,
        X87,
        X87Up,
        Memory,
    }

    /// The psABI's merge rule for two classes meeting in one eightbyte.
    fn merge(a: Class, b: Class) -> Class {
        use Class::*;
        match (a, b) {
            _ if a == b => a,
            (NoClass, x) | (x, NoClass) => x,
            (Memory, _) | (_, Memory) => Memory,
            (Integer, _) | (_, Integer) => Integer,
            (X87 | X87Up, _) | (_, X87 | X87Up) => Memory,
            _ => Sse,
        }
    }

    /// The scalar description of a record that the C ABI passes and returns
    /// exactly as that scalar: a record of 16 bytes holding one `long double`
    /// (classes X87, X87UP: returned in `st0`, passed in memory). libffi
    /// would return such a struct from `rax`/`rdx`, so it must see the
    /// `long double` itself.
    pub(super) fn passed_as_scalar(ty: &AbiType) -> Option<*mut ffi_type> {
        let leaves = flatten(ty);
        let only_long_double = ty.size() == 16
            && !leaves.is_empty()
            && leaves.iter().all(|l| *l == Leaf { offset: 0, kind: LeafKind::LongDouble });
        only_long_double.then_some(addr_of_mut!(types::longdouble))
    }

    /// The synthetic elements for a record of `size` bytes with these leaves.
    pub(super) fn pieces(leaves: &[Leaf], size: usize, _align: usize) -> Result<Vec<*mut ffi_type>> {
        if size > 16 {
            // In memory. Integer elements make libffi agree: a struct over 16
            // bytes whose first eightbyte is not SSE goes to memory.
            return Ok(int_pieces(size));
        }
        let (classes, words) = eightbyte_classes(leaves, size)?;
        let mut pieces = Vec::new();
        for (word, class) in classes[..words].iter().enumerate() {
            let len = (size - word * 8).min(8);
            match (class, len) {
                (Class::Integer, _) => pieces.extend(int_pieces(len)),
                (Class::Sse, 8) => pieces.push(addr_of_mut!(types::double)),
                (Class::Sse, 4) => pieces.push(addr_of_mut!(types::float)),
                _ => return Err(AbiError::InvalidLayout(format!("a floating-point eightbyte of {len} bytes"))),
            }
        }
        Ok(pieces)
    }

    /// The register class of each eightbyte of a record of at most 16 bytes
    /// that travels in registers (INTEGER or SSE only), and how many there are.
    fn eightbyte_classes(leaves: &[Leaf], size: usize) -> Result<([Class; 2], usize)> {
        let words = size.div_ceil(8);
        let mut classes = [Class::NoClass; 2];
        for leaf in leaves {
            let word = leaf.offset / 8;
            match leaf.kind {
                // An `__int128` covers two eightbytes.
                LeafKind::Int(n) => {
                    for class in &mut classes[word..=(leaf.offset + n - 1) / 8] {
                        *class = merge(*class, Class::Integer);
                    }
                }
                LeafKind::F32 | LeafKind::F64 => classes[word] = merge(classes[word], Class::Sse),
                LeafKind::LongDouble => {
                    classes[word] = merge(classes[word], Class::X87);
                    classes[word + 1] = merge(classes[word + 1], Class::X87Up);
                }
            }
        }
        let classes = &classes[..words];
        // (X87, X87UP alone is a lone `long double`, described as the scalar
        // itself: `passed_as_scalar`.)
        if classes.iter().any(|c| matches!(c, Class::Memory | Class::X87 | Class::X87Up)) {
            return Err(AbiError::UnsupportedByValue(
                "record of 16 bytes or less mixing long double with other members",
            ));
        }
        if classes.contains(&Class::NoClass) {
            return Err(AbiError::UnsupportedByValue("record with an eightbyte of only padding"));
        }
        let mut out = [Class::NoClass; 2];
        out[..words].copy_from_slice(classes);
        Ok((out, words))
    }

    /// See [`super::register_classes`].
    pub(super) fn register_classes(ty: &AbiType) -> Option<RegisterClasses> {
        let size = ty.size();
        if !matches!(ty, AbiType::Struct { .. } | AbiType::Union { .. }) || size > 16 {
            return None;
        }
        validate_record(ty).ok()?;
        if passed_as_scalar(ty).is_some() {
            return None;
        }
        let (classes, words) = eightbyte_classes(&flatten(ty), size).ok()?;
        let class = |c: Class| if c == Class::Sse { RegisterClass::Float } else { RegisterClass::Int };
        Some(RegisterClasses { classes: [class(classes[0]), class(classes[1])], count: words as u8 })
    }
}

/// AAPCS64 (Linux, Apple, Windows on Arm): homogeneous floating-point
/// aggregates go to FP registers, other records to general registers (up to 16
/// bytes) or by reference.
#[cfg(target_arch = "aarch64")]
mod lower {
    use super::*;

    /// No record travels as a scalar libffi would describe differently.
    pub(super) fn passed_as_scalar(_ty: &AbiType) -> Option<*mut ffi_type> {
        None
    }

    /// See [`super::register_classes`]: not on this ABI (yet).
    pub(super) fn register_classes(_ty: &AbiType) -> Option<RegisterClasses> {
        None
    }

    /// The synthetic elements for a record of `size` bytes with these leaves.
    pub(super) fn pieces(leaves: &[Leaf], size: usize, _align: usize) -> Result<Vec<*mut ffi_type>> {
        if let Some((kind, count)) = hfa(leaves, size) {
            let elem = match kind {
                LeafKind::F32 => addr_of_mut!(types::float),
                LeafKind::F64 => addr_of_mut!(types::double),
                _ => addr_of_mut!(types::longdouble),
            };
            return Ok(vec![elem; count]);
        }
        // Not an HFA: libffi passes any non-HFA struct by its size alone
        // (registers up to 16 bytes, else by reference), so integers do.
        Ok(int_pieces(size))
    }

    /// `Some((member kind, member count))` if the record is an HFA: all leaves of
    /// one floating-point kind, 1 to 4 uniquely addressable members, no padding.
    fn hfa(leaves: &[Leaf], size: usize) -> Option<(LeafKind, usize)> {
        let kind = leaves.first()?.kind;
        if matches!(kind, LeafKind::Int(_)) || leaves.iter().any(|l| l.kind != kind) {
            return None;
        }
        let elem = kind.size();
        let count = size / elem;
        if size % elem != 0 || !(1..=4).contains(&count) {
            return None;
        }
        // Every slot must be some member (no padding), as GCC's
        // `count * element size == size` check requires.
        let covered = (0..count).all(|slot| leaves.iter().any(|l| l.offset == slot * elem));
        let aligned = leaves.iter().all(|l| l.offset % elem == 0);
        (covered && aligned).then_some((kind, count))
    }
}

/// Windows x64: records of 1, 2, 4 or 8 bytes go in a register, others by
/// reference; libffi decides by size alone, so integers describe any record.
#[cfg(all(target_arch = "x86_64", windows))]
mod lower {
    use super::*;

    /// No record travels as a scalar libffi would describe differently.
    pub(super) fn passed_as_scalar(_ty: &AbiType) -> Option<*mut ffi_type> {
        None
    }

    /// See [`super::register_classes`]: not on this ABI.
    pub(super) fn register_classes(_ty: &AbiType) -> Option<RegisterClasses> {
        None
    }

    /// The synthetic elements for a record of `size` bytes.
    pub(super) fn pieces(_leaves: &[Leaf], size: usize, _align: usize) -> Result<Vec<*mut ffi_type>> {
        Ok(int_pieces(size))
    }
}

/// Other architectures: no lowering; only natural records can be described.
#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
mod lower {
    use super::*;

    /// No record travels as a scalar libffi would describe differently.
    pub(super) fn passed_as_scalar(_ty: &AbiType) -> Option<*mut ffi_type> {
        None
    }

    /// See [`super::register_classes`]: not on this ABI.
    pub(super) fn register_classes(_ty: &AbiType) -> Option<RegisterClasses> {
        None
    }

    /// Always an error: unions and non-natural layouts are not lowered here.
    pub(super) fn pieces(_leaves: &[Leaf], _size: usize, _align: usize) -> Result<Vec<*mut ffi_type>> {
        Err(AbiError::UnsupportedByValue("union or non-natural record layout on this architecture"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(size: usize, align: usize, fields: Vec<(usize, AbiType)>) -> AbiType {
        AbiType::Struct { size, align, fields }
    }

    #[test]
    fn natural_struct_with_array_is_not_lowered() {
        let ty = st(12, 4, vec![(0, AbiType::Array { elem: Box::new(AbiType::I8), len: 3 }), (4, AbiType::F64)]);
        // A double at offset 4 is below its natural alignment: packed.
        assert_eq!(ty.ffi_type().unwrap_err(), AbiError::UnsupportedByValue("packed struct"));
        let ty = st(16, 8, vec![(0, AbiType::Array { elem: Box::new(AbiType::I8), len: 3 }), (8, AbiType::F64)]);
        let f = ty.ffi_type().unwrap();
        assert!(!f.is_lowered());
        assert_eq!(f.size(), 16);
    }

    #[test]
    fn over_aligned_struct_is_lowered_with_declared_layout() {
        // struct { float a; _Alignas(8) float b; }: libffi alone would put b at 4.
        let ty = st(16, 8, vec![(0, AbiType::F32), (8, AbiType::F32)]);
        let f = ty.ffi_type().unwrap();
        assert!(f.is_lowered());
        assert_eq!(f.size(), 16);
    }

    #[test]
    fn union_gets_declared_size() {
        let u = AbiType::Union { size: 8, align: 8, members: vec![AbiType::F64, AbiType::I64] };
        let f = u.ffi_type().unwrap();
        assert!(f.is_lowered());
        assert_eq!(f.size(), 8);
    }

    #[test]
    fn invalid_layouts_are_reported() {
        assert!(matches!(st(6, 4, vec![(0, AbiType::I32)]).ffi_type(), Err(AbiError::InvalidLayout(_))));
        assert!(matches!(st(4, 4, vec![(2, AbiType::I32)]).ffi_type(), Err(AbiError::InvalidLayout(_))));
        assert!(matches!(st(8, 3, vec![]).ffi_type(), Err(AbiError::InvalidLayout(_))));
        assert_eq!(st(0, 1, vec![]).ffi_type().unwrap_err(), AbiError::UnsupportedByValue("record without members"));
        // __attribute__((packed)) struct { char c; int i; }
        let packed = st(5, 1, vec![(0, AbiType::I8), (1, AbiType::I32)]);
        assert_eq!(packed.ffi_type().unwrap_err(), AbiError::UnsupportedByValue("packed struct"));
    }

    #[test]
    fn complex_and_wide_integers_use_libffi_types() {
        let complex = AbiType::Complex(Box::new(AbiType::F64)).ffi_type().unwrap();
        // SAFETY: the root is a live node of ours.
        let root = unsafe { &*complex.as_ptr() };
        assert_eq!((root.type_, root.size, root.alignment), (libffi::raw::ffi_type_enum_COMPLEX, 16, 8));
        assert_eq!(AbiType::Complex(Box::new(AbiType::F32)).size(), 8);
        let wide = AbiType::I128.ffi_type().unwrap();
        assert_eq!((wide.size(), AbiType::U128.align()), (16, 16));
        let bad = AbiType::Complex(Box::new(AbiType::Pointer)).ffi_type();
        assert!(matches!(bad, Err(AbiError::UnsupportedByValue(_))));
    }

    #[cfg(all(target_arch = "x86_64", not(windows)))]
    #[test]
    fn a_lone_long_double_record_is_described_as_the_scalar() {
        // libffi would return `struct { long double v; }` from rax:rdx; gcc uses st0.
        for record in [
            st(16, 16, vec![(0, AbiType::LongDouble)]),
            AbiType::Union { size: 16, align: 16, members: vec![AbiType::LongDouble] },
            st(16, 16, vec![(0, st(16, 16, vec![(0, AbiType::LongDouble)]))]),
        ] {
            let f = record.ffi_type().unwrap();
            // SAFETY: the root is libffi's static description.
            assert_eq!(unsafe { (*f.as_ptr()).type_ }, libffi::raw::FFI_TYPE_LONGDOUBLE);
        }
        let two = st(32, 16, vec![(0, AbiType::LongDouble), (16, AbiType::LongDouble)]).ffi_type().unwrap();
        // SAFETY: as above, a node of ours.
        assert_eq!(unsafe { (*two.as_ptr()).type_ }, libffi::raw::ffi_type_enum_STRUCT);
    }

    #[cfg(all(target_arch = "x86_64", not(windows)))]
    #[test]
    fn sysv_refusals() {
        let ld = AbiType::Union { size: 16, align: 16, members: vec![AbiType::LongDouble, AbiType::I32] };
        assert!(matches!(ld.ffi_type(), Err(AbiError::UnsupportedByValue(_))));
        let pad = st(16, 16, vec![(0, AbiType::I8)]);
        assert!(matches!(pad.ffi_type(), Err(AbiError::UnsupportedByValue(_))));
    }
}
