//! From C types in the type table to the ABI shapes libffi is told about.

use super::AbiType;
use crate::ctype::{ArrayLen, CKind, CTypeId, CTypeTable};

/// The ABI shape of `ty`, or why it cannot be passed by value.
pub fn abi_type(types: &CTypeTable, ty: CTypeId) -> Result<AbiType, String> {
    Ok(match types.kind(ty) {
        CKind::Void => AbiType::Void,
        CKind::Bool => AbiType::U8,
        CKind::Int { size, signed, .. } => integer(*size, *signed),
        CKind::Enum { underlying, .. } => abi_type(types, *underlying)?,
        CKind::Float { size: 4 } => AbiType::F32,
        CKind::Float { size: 8 } => AbiType::F64,
        CKind::Float { .. } => AbiType::c_long_double(),
        // A reference travels as the pointer it is.
        CKind::Pointer { .. } | CKind::Reference { .. } => AbiType::Pointer,
        CKind::Int128 { signed: true } if HAS_INT128 => AbiType::I128,
        CKind::Int128 { signed: false } if HAS_INT128 => AbiType::U128,
        CKind::Complex { part } if HAS_COMPLEX => AbiType::Complex(Box::new(abi_type(types, *part)?)),
        CKind::Float128 => {
            return Err(format!(
                "'{}' cannot be passed or returned by value: libffi has no IEEE binary128 type here \
                 (pass a pointer to it)",
                types.name(ty)
            ))
        }
        CKind::Vector { .. } => {
            return Err(format!(
                "vector type '{}' cannot be passed or returned by value: libffi has no vector types \
                 (pass a pointer to it)",
                types.name(ty)
            ))
        }
        CKind::Array { elem, len: ArrayLen::Fixed(n) } => {
            AbiType::Array { elem: Box::new(abi_type(types, *elem)?), len: *n as usize }
        }
        CKind::Record { is_union, fields, complete: true, size, .. } => {
            let align = types.align_of(ty).unwrap_or(1);
            if *is_union {
                let members = fields.iter().map(|f| abi_type(types, f.ty)).collect::<Result<Vec<_>, _>>()?;
                AbiType::Union { size: *size, align, members }
            } else {
                let mut lowered: Vec<(usize, AbiType)> = Vec::with_capacity(fields.len());
                for field in fields {
                    let (offset, shape) = match field.bits {
                        // A bitfield travels as the storage unit of its declared type.
                        Some(_) => {
                            let unit = types.size_of(field.ty).unwrap_or(1).max(1);
                            (field.offset / unit * unit, abi_type(types, field.ty)?)
                        }
                        None => (field.offset, abi_type(types, field.ty)?),
                    };
                    if field.bits.is_some() && lowered.last().is_some_and(|(o, t)| *o == offset && *t == shape) {
                        continue;
                    }
                    lowered.push((offset, shape));
                }
                AbiType::Struct { size: *size, align, fields: lowered }
            }
        }
        _ => return Err(format!("'{}' cannot be passed by value", types.name(ty))),
    })
}

/// Whether libffi describes `__int128` here (x86-64 and AArch64).
const HAS_INT128: bool = cfg!(any(target_arch = "x86_64", target_arch = "aarch64"));

/// Whether libffi describes complex numbers here (not with MSVC).
const HAS_COMPLEX: bool = cfg!(not(target_env = "msvc"));

fn integer(size: u8, signed: bool) -> AbiType {
    match (size, signed) {
        (1, true) => AbiType::I8,
        (1, false) => AbiType::U8,
        (2, true) => AbiType::I16,
        (2, false) => AbiType::U16,
        (4, true) => AbiType::I32,
        (4, false) => AbiType::U32,
        (_, true) => AbiType::I64,
        (_, false) => AbiType::U64,
    }
}
