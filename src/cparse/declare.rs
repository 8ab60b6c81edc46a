//! The parser's entry points on a type table: `ffi.cdef` text and type strings.
//!
//! The parser fills the type table (as LuaJIT's lj_cparse fills lj_ctype), so
//! these live on the parser's side: `crate::ctype` never calls the parser. Each
//! runs in one of the table's transactions, so a failed parse (or a panic)
//! leaves nothing of its source behind.

use super::{parse_declarations, parse_declarations_with, parse_type, CParseError};
use crate::ctype::{CTypeId, CTypeTable, TypeParam};

/// Declarations and type strings parsed into a [`CTypeTable`].
pub(crate) trait Declare {
    /// Parses C declarations (`ffi.cdef`) into this table. On error nothing of
    /// `source` is kept. The source is bytes, UTF-8 or not, as LuaJIT takes it
    /// (see `cparse::name_from_bytes` for names that are not UTF-8).
    fn cdef<S: AsRef<[u8]> + ?Sized>(&mut self, source: &S) -> Result<(), CParseError>;

    /// As [`Declare::cdef`], with `$` placeholders filled from `params`.
    fn cdef_with<S: AsRef<[u8]> + ?Sized>(&mut self, source: &S, params: &[TypeParam]) -> Result<(), CParseError>;

    /// Parses a type expression (`ffi.typeof("int[?]")`, `ffi.new`, `ffi.cast`)
    /// with `$` placeholders filled from `params` in order. A tag it names must
    /// already be declared. On error nothing of `source` is kept.
    fn parse_type<S: AsRef<[u8]> + ?Sized>(&mut self, source: &S, params: &[TypeParam])
        -> Result<CTypeId, CParseError>;
}

impl Declare for CTypeTable {
    fn cdef<S: AsRef<[u8]> + ?Sized>(&mut self, source: &S) -> Result<(), CParseError> {
        let source = source.as_ref();
        self.transaction(|t| parse_declarations(t, source))
    }

    fn cdef_with<S: AsRef<[u8]> + ?Sized>(&mut self, source: &S, params: &[TypeParam]) -> Result<(), CParseError> {
        let source = source.as_ref();
        self.transaction(|t| parse_declarations_with(t, source, params))
    }

    fn parse_type<S: AsRef<[u8]> + ?Sized>(
        &mut self,
        source: &S,
        params: &[TypeParam],
    ) -> Result<CTypeId, CParseError> {
        let source = source.as_ref();
        // A type string without `$` parameters that declared nothing the first
        // time means the same ever after: it is parsed once (see
        // `CTypeTable::remember_type_string`). Errors are never remembered.
        let cacheable = params.is_empty() && !source.contains(&b'$');
        if cacheable {
            if let Some(id) = self.remembered_type(source) {
                return Ok(id);
            }
        }
        let (id, declared) = self.transaction_declaring(|t| parse_type(t, source, params))?;
        if cacheable && !declared {
            self.remember_type_string(source, id);
        }
        Ok(id)
    }
}

/// `va_list` as gcc defines it for the target (`__builtin_va_list`): an array
/// of one `struct __va_list_tag` on x86-64 (so that a `va_list` parameter is
/// passed as a pointer, as the SysV ABI does), `struct __va_list` on AArch64
/// Linux (AAPCS64), `char *` on Apple arm64.
const VA_LIST: &str = if cfg!(target_arch = "x86_64") {
    "struct __va_list_tag { unsigned int gp_offset; unsigned int fp_offset;
                            void *overflow_arg_area; void *reg_save_area; };
     typedef struct __va_list_tag __builtin_va_list[1];"
} else if cfg!(target_vendor = "apple") {
    "typedef char *__builtin_va_list;"
} else {
    "struct __va_list { void *__stack; void *__gr_top; void *__vr_top; int __gr_offs; int __vr_offs; };
     typedef struct __va_list __builtin_va_list;"
};

/// A new type table with every built-in type: the table's own (the C scalars,
/// `<stdint.h>` names) and those written as C declarations, which only the
/// parser can add (`va_list` as gcc defines it for the target).
pub(crate) fn new_table() -> CTypeTable {
    let mut table = CTypeTable::new();
    table.cdef(VA_LIST).expect("the built-in va_list");
    table.cdef("typedef __builtin_va_list va_list; typedef __builtin_va_list __gnuc_va_list;").expect("va_list");
    table
}
