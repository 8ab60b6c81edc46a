//! Entry points for the fuzz targets in `fuzz/` and for the test that replays
//! their corpora (`tests/fuzz_corpus.rs`). Not part of the API.
//!
//! They drive the declaration parser and the type table directly, without a
//! Luau state, and panic when something that must hold for any input does not:
//!
//! - no panic inside the parser or the table;
//! - a failed parse leaves the table as it found it;
//! - every type made has a size within the limit and a layout whose members
//!   lie inside the record, and nests no deeper than the limit;
//! - messages carry no raw control characters;
//! - the work done (the table's work counter) is at most proportional to the
//!   input: [`WORK_PER_BYTE`] steps per byte, so super-linear behaviour shows
//!   as a failure on a large input, not only as a slow one.

use crate::cparse::Declare;
use crate::ctype::{CKind, CTypeId, CTypeTable, TypeParam, MAX_TYPE_DEPTH, MAX_TYPE_SIZE};

/// Steps of [`CTypeTable::work`] allowed per input byte (plus [`WORK_BASE`]).
/// Parsing counts about one step per token; the rest (layout, completion,
/// lookups) is a small multiple of the members and declarations involved.
pub const WORK_PER_BYTE: u64 = 64;

/// Steps allowed for any input, however short.
pub const WORK_BASE: u64 = 4096;

/// `ffi.cdef(text)` on a fresh table. Returns the work done.
pub fn cdef(data: &[u8]) -> u64 {
    let mut table = crate::cparse::new_table();
    let op = Op::begin(&table, data.len());
    let result = table.cdef(data);
    op.end(&table, result.err());
    table.work()
}

/// `ffi.typeof(text)` on a table holding a few declarations to name. Returns
/// the work done by the type string.
pub fn type_string(data: &[u8]) -> u64 {
    let mut table = crate::cparse::new_table();
    table.cdef(TYPE_STRING_CONTEXT).expect("the context declarations parse");
    let start = table.work();
    let op = Op::begin(&table, data.len());
    let result = table.parse_type(data, &[]);
    if let Ok(id) = result {
        let _ = table.name(id);
    }
    op.end(&table, result.err());
    table.work() - start
}

/// Declarations a fuzzed type string can name.
const TYPE_STRING_CONTEXT: &str = "
    typedef struct point { int x, y; } point_t;
    struct list { struct list *next; union { int i; double d; }; char name[16]; };
    struct vla { int n; double items[?]; };
    struct flex { int n; char data[]; };
    typedef int (*callback_t)(void *, const char *, ...);
    enum color { RED, GREEN = 5, BLUE };
    typedef const volatile struct point cv_point;
    struct fwd;
";

/// A session on one table: declarations, type strings with `$` parameters,
/// member lookups and the table operations the FFI performs, in any order.
///
/// The input is a list of operations, each starting at a line that begins
/// with `@`; an operation's text runs to the next such line:
///
/// - `@cdef P...` then declarations: `ffi.cdef(text, P...)`;
/// - `@type P...` then a type string: `ffi.typeof(text, P...)`, whose type is
///   added to the session's list of types;
/// - `@field I name`: member `name` of type `I` (`ffi.offsetof`, field access);
/// - `@ptr I`, `@const I`, `@plain I`: a pointer to type `I` (`ffi.addressof`),
///   its `const` and its unqualified form, added to the list;
/// - `@size I N`: size, alignment, VLA size with `N` elements, and name of type `I`.
///
/// `I` is an index into the list of types (modulo its length; `int` when it is
/// empty); a parameter `P` is `tI` (a type), `nN` (a number) or `sNAME` (a name).
/// Anything else is skipped. Returns the work done.
pub fn session(data: &[u8]) -> u64 {
    let text = String::from_utf8_lossy(data);
    let mut table = crate::cparse::new_table();
    let mut types: Vec<CTypeId> = Vec::new();
    for chunk in text.split("\n@").enumerate().map(|(i, c)| if i == 0 { c.strip_prefix('@') } else { Some(c) }) {
        let Some(chunk) = chunk else { continue };
        let (header, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
        let mut words = header.split_whitespace();
        let verb = words.next().unwrap_or("");
        let args: Vec<&str> = words.collect();
        let pick = |types: &[CTypeId], arg: Option<&&str>| -> CTypeId {
            let i = arg.and_then(|a| a.parse::<usize>().ok()).unwrap_or(0);
            if types.is_empty() {
                CTypeId::INT32
            } else {
                types[i % types.len()]
            }
        };
        let op = Op::begin(&table, data.len());
        match verb {
            "cdef" => {
                let params = params(&args, &types);
                let result = table.cdef_with(body, &params);
                op.end(&table, result.err());
            }
            "type" => {
                let params = params(&args, &types);
                let result = table.parse_type(body, &params);
                if let Ok(id) = result {
                    types.push(id);
                }
                op.end(&table, result.err());
            }
            "field" => {
                let record = pick(&types, args.first());
                let name = args.get(1).copied().unwrap_or("");
                if let Some(f) = table.find_field(record, name) {
                    check_member(&table, record, f.ty, f.offset, f.bits.map(|b| (b.bit_offset, b.width)));
                }
                op.end_table_op(&table);
            }
            "ptr" | "const" | "plain" => {
                let ty = pick(&types, args.first());
                let made = match verb {
                    "ptr" => table.pointer_to(ty),
                    "const" => table.qualified(ty, crate::ctype::Qual::CONST),
                    _ => table.unqualified(ty),
                };
                types.push(made);
                op.end_table_op(&table);
            }
            "size" => {
                let ty = pick(&types, args.first());
                let n = args.get(1).and_then(|a| a.parse::<u64>().ok()).unwrap_or(0);
                let _ = (table.size_of(ty), table.align_of(ty), table.is_vla(ty), table.size_of_vla(ty, n));
                let _ = table.name(ty);
                op.end_table_op(&table);
            }
            _ => {}
        }
    }
    table.work()
}

/// `$` parameters from `tI`, `nN` and `sNAME` words.
fn params(args: &[&str], types: &[CTypeId]) -> Vec<TypeParam> {
    args.iter()
        .filter_map(|a| {
            let (kind, rest) = a.split_at(a.char_indices().nth(1).map_or(a.len(), |(i, _)| i));
            match kind {
                "t" => {
                    let i = rest.parse::<usize>().ok()?;
                    Some(TypeParam::Type(if types.is_empty() { CTypeId::INT32 } else { types[i % types.len()] }))
                }
                "n" => rest.parse::<i64>().ok().map(TypeParam::Number),
                "s" => Some(TypeParam::Name(rest.to_string())),
                _ => None,
            }
        })
        .collect()
}

/// One operation under observation: what the table held before, and where
/// its work counter stood.
struct Op {
    census: [usize; 5],
    len: usize,
    work: u64,
    input_len: usize,
}

impl Op {
    fn begin(table: &CTypeTable, input_len: usize) -> Op {
        Op { census: table.census(), len: table.len(), work: table.work(), input_len }
    }

    /// Checks the table after a parse: unchanged if it failed (`error`),
    /// consistent new types if it succeeded, and the work within bounds.
    fn end(self, table: &CTypeTable, error: Option<crate::cparse::CParseError>) {
        match error {
            Some(e) => {
                assert_eq!(table.census(), self.census, "a failed parse left changes behind: {e}");
                assert!(!e.message().chars().any(|c| c.is_control()), "raw control character in {:?}", e.message());
            }
            None => {
                for id in self.len..table.len() {
                    check_type(table, CTypeId(id as u32));
                }
            }
        }
        self.end_table_op(table);
    }

    /// Checks the work of an operation that did not parse. (Pointers made by
    /// the FFI itself, as `ffi.addressof` does, may nest beyond the parser's
    /// limit: walks over them are loops.)
    fn end_table_op(self, table: &CTypeTable) {
        let work = table.work() - self.work;
        let allowed = WORK_BASE + WORK_PER_BYTE * self.input_len as u64;
        assert!(work <= allowed, "{work} steps of work for {} bytes of input", self.input_len);
    }
}

/// What must hold for every type in the table.
fn check_type(table: &CTypeTable, id: CTypeId) {
    assert!(table.depth(id) <= MAX_TYPE_DEPTH, "type {id:?} nests {} deep", table.depth(id));
    if let Some(size) = table.size_of(id) {
        assert!(size <= MAX_TYPE_SIZE, "type {id:?} has size {size}");
    }
    if let Some(align) = table.align_of(id) {
        assert!(align.is_power_of_two(), "type {id:?} has alignment {align}");
    }
    assert!(!table.name(id).is_empty());
    if let CKind::Record { fields, complete: true, size, align, .. } = table.kind(id) {
        assert!(*size <= MAX_TYPE_SIZE && size % align == 0, "record {id:?}: size {size}, alignment {align}");
        for f in fields {
            check_member(table, id, f.ty, f.offset, f.bits.map(|b| (b.bit_offset, b.width)));
        }
    }
}

/// A member found in `record` lies inside it (a trailing `[?]`/`[]` array
/// starts at most at its end).
fn check_member(table: &CTypeTable, record: CTypeId, ty: CTypeId, offset: usize, bits: Option<(u32, u32)>) {
    let CKind::Record { size: record_size, complete: true, .. } = table.kind(record) else { return };
    let bytes = match bits {
        Some((bit_offset, width)) => {
            assert!(bit_offset < 8 && (1..=64).contains(&width), "bitfield {bit_offset}+{width}");
            (bit_offset + width).div_ceil(8) as usize
        }
        None => table.size_of(ty).unwrap_or(0),
    };
    assert!(
        offset.checked_add(bytes).is_some_and(|end| end <= *record_size),
        "member at {offset} of {bytes} bytes outside record {record:?} of {record_size} bytes"
    );
}
