//! Struct/union layout as gcc computes it for the SysV x86-64 and AArch64 ABIs
//! (LP64, little-endian), including `packed`, `aligned(n)`, `#pragma pack` and
//! bitfields, and the choice of an enum's underlying integer type.
//!
//! The rules follow gcc's `place_field` for targets where the declared type of
//! a bitfield matters (PCC_BITFIELD_TYPE_MATTERS): a bitfield may not span more
//! alignment units of its type than the type itself occupies, unless packed or
//! under `#pragma pack`; a zero-width bitfield aligns the next member to its
//! type, ignoring packing; only named bitfields raise the record's alignment.
//! `tests/layout` checks these against the C compiler.

use super::{ArrayLen, BitField, CKind, CTypeId, CTypeTable, Field, MAX_TYPE_SIZE};

/// One member as declared, before placement.
#[derive(Clone, Debug)]
pub(crate) struct MemberDecl {
    /// `None` for an anonymous struct/union member or an unnamed bitfield.
    pub name: Option<String>,
    /// The declared type.
    pub ty: CTypeId,
    /// The width after `:`, for bitfields.
    pub bits: Option<u32>,
    /// `__attribute__((aligned(n)))` on the member.
    pub aligned: Option<u32>,
    /// `__attribute__((packed))` on the member.
    pub packed: bool,
}

/// What applies to the record as a whole.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RecordAttrs {
    /// `union` rather than `struct`.
    pub is_union: bool,
    /// `__attribute__((packed))` on the record.
    pub packed: bool,
    /// `__attribute__((aligned(n)))` on the record.
    pub aligned: Option<u32>,
    /// The `#pragma pack` value in force, if any.
    pub pack: Option<u32>,
}

/// The computed layout of a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Layout {
    /// Placed members (unnamed bitfields left out).
    pub fields: Vec<Field>,
    /// Bytes, with trailing padding.
    pub size: usize,
    /// Bytes.
    pub align: usize,
}

/// Running state of the placement, in bits.
struct Cursor {
    /// Next free bit (structs).
    pos: u64,
    /// Largest member (unions).
    max: u64,
    /// The record's alignment so far, in bytes.
    align: u64,
}

/// `v` rounded up to a multiple of `to` (> 0); `None` past `u64`.
fn round_up(v: u64, to: u64) -> Option<u64> {
    v.div_ceil(to).checked_mul(to)
}

/// The largest record, in bits.
const MAX_BITS: u64 = MAX_TYPE_SIZE as u64 * 8;

/// Places `members`. `None` when a member has no size (an incomplete type, or
/// an unsized array anywhere but at the end of a struct) or the record would
/// be larger than [`MAX_TYPE_SIZE`], which the parser reports as LuaJIT does
/// ("size of C type is unknown or too large"). Every member's size and
/// alignment is below 2^31 and the running position is checked after each
/// member, so no step can wrap.
pub(crate) fn layout_record(table: &CTypeTable, members: &[MemberDecl], attrs: &RecordAttrs) -> Option<Layout> {
    let mut cur = Cursor { pos: 0, max: 0, align: 1 };
    let mut fields = Vec::with_capacity(members.len());
    table.count_work(members.len() as u64);
    for (i, m) in members.iter().enumerate() {
        let size = match table.size_of(m.ty) {
            Some(s) => s as u64,
            None if is_unsized_array(table, m.ty) && !attrs.is_union && i + 1 == members.len() => 0,
            None => return None,
        };
        let natural = table.align_of(m.ty)? as u64;
        let packed = m.packed || attrs.packed;
        // gcc: packed drops the natural alignment, aligned(n) only raises it, and
        // #pragma pack caps both.
        let mut align = if packed { 1 } else { natural };
        if let Some(n) = m.aligned {
            align = align.max(n as u64);
        }
        if let Some(p) = attrs.pack {
            align = align.min(p as u64);
        }
        match m.bits {
            None => {
                let start = round_up(cur.pos, align * 8)?;
                fields.push(Field {
                    name: m.name.clone(),
                    ty: m.ty,
                    offset: (start / 8) as usize,
                    bits: None,
                    scalar: table.scalar_shape(m.ty),
                    is_const: table.get(m.ty).qual.is_const,
                });
                advance(&mut cur, attrs, start, size * 8);
                cur.align = cur.align.max(align);
            }
            Some(0) => {
                // Aligns the next member to the declared type, whatever the packing.
                cur.pos = round_up(cur.pos, natural * 8)?;
            }
            Some(width) => {
                let width = width as u64;
                let mut start = cur.pos;
                if m.aligned.is_some() {
                    start = round_up(start, align * 8)?;
                } else if !packed && attrs.pack.is_none() && spans_too_many_units(start, width, natural, size) {
                    start = round_up(start, natural * 8)?;
                }
                if m.name.is_some() {
                    fields.push(Field {
                        name: m.name.clone(),
                        ty: m.ty,
                        offset: (start / 8) as usize,
                        bits: Some(BitField { bit_offset: (start % 8) as u32, width: width as u32 }),
                        scalar: None,
                        is_const: table.get(m.ty).qual.is_const,
                    });
                    cur.align = cur.align.max(align);
                }
                advance(&mut cur, attrs, start, width);
            }
        }
        if cur.pos.max(cur.max) > MAX_BITS {
            return None;
        }
    }
    if let Some(n) = attrs.aligned {
        cur.align = cur.align.max(n as u64);
    }
    let end = if attrs.is_union { cur.max } else { cur.pos };
    let size = round_up(end, cur.align * 8)? / 8;
    if size > MAX_TYPE_SIZE as u64 {
        return None;
    }
    Some(Layout { fields, size: size as usize, align: cur.align as usize })
}

/// Moves past a member of `bits` placed at bit `start`.
fn advance(cur: &mut Cursor, attrs: &RecordAttrs, start: u64, bits: u64) {
    if attrs.is_union {
        cur.max = cur.max.max(bits);
    } else {
        cur.pos = start + bits;
    }
}

/// gcc's `excess_unit_span`: would a `width`-bit field at bit `pos` touch more
/// `align`-byte units than its `size`-byte type occupies?
fn spans_too_many_units(pos: u64, width: u64, align: u64, size: u64) -> bool {
    let unit = align * 8;
    let offset = pos % unit;
    (offset + width).div_ceil(unit) > (size * 8) / unit
}

/// `[?]` and `[]` arrays: allowed, with size 0, as the last member of a struct.
fn is_unsized_array(table: &CTypeTable, ty: CTypeId) -> bool {
    matches!(table.kind(ty), CKind::Array { len: ArrayLen::Vla | ArrayLen::Flexible, elem } if table.size_of(*elem).is_some())
}

/// The integer type gcc gives an enum with these values: `unsigned int` when
/// none is negative, else `int`; 64-bit when a value needs it; with `packed`,
/// the smallest integer type that holds them all.
pub(crate) fn enum_underlying(values: &[i64], packed: bool) -> CTypeId {
    let min = values.iter().copied().min().unwrap_or(0);
    let max = values.iter().copied().max().unwrap_or(0);
    let candidates: &[(i64, i64, CTypeId, CTypeId)] = &[
        (i8::MIN as i64, u8::MAX as i64, CTypeId::SCHAR, CTypeId::UCHAR),
        (i16::MIN as i64, u16::MAX as i64, CTypeId::INT16, CTypeId::UINT16),
        (i32::MIN as i64, u32::MAX as i64, CTypeId::INT32, CTypeId::UINT32),
    ];
    let first = if packed { 0 } else { 2 };
    for &(lo, hi, signed, unsigned) in &candidates[first..] {
        let signed_hi = hi >> 1;
        if min < 0 && min >= lo && max <= signed_hi {
            return signed;
        }
        if min >= 0 && max <= hi {
            return unsigned;
        }
    }
    if min < 0 {
        CTypeId::INT64
    } else {
        CTypeId::UINT64
    }
}
