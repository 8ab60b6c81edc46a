//! The layout test against the C compiler: `c_fixtures/layout_types.h` is
//! given to `cdef` here and compiled into `c_fixtures/layout.c`, whose
//! `layout_facts` reports what the compiler computed. Every size, alignment,
//! offset and bitfield position must agree.

use std::ffi::{c_char, c_int, CStr};

use super::FieldRef;
use crate::cparse::Declare;

/// Mirrors `struct layout_fact` in layout.c.
#[repr(C)]
struct LayoutFact {
    ty: *const c_char,
    field: *const c_char,
    size: usize,
    align: usize,
    offset: usize,
    bit_offset: c_int,
    bit_width: c_int,
}

const TYPES: &str = include_str!("../../c_fixtures/layout_types.h");

fn fixture_path() -> std::path::PathBuf {
    let ext = if cfg!(target_os = "macos") { "dylib" } else { "so" };
    std::path::Path::new(env!("LUAU_FFI_FIXTURES")).join(format!("liblayout.{ext}"))
}

/// One fact, copied out of the library.
struct Fact {
    ty: String,
    field: Option<String>,
    size: usize,
    align: usize,
    offset: usize,
    bit_offset: i32,
    bit_width: i32,
}

/// The compiler's facts, copied out of the library.
fn compiler_facts() -> Vec<Fact> {
    // SAFETY: the fixture is our own C file; `layout_facts` has this signature
    // and returns a pointer to `count` initialised records of static storage.
    unsafe {
        let lib = libloading::Library::new(fixture_path()).expect("load liblayout");
        let get: libloading::Symbol<unsafe extern "C" fn(*mut usize) -> *const LayoutFact> =
            lib.get(b"layout_facts").expect("layout_facts");
        let mut count = 0usize;
        let facts = std::slice::from_raw_parts(get(&mut count), count);
        facts
            .iter()
            .map(|f| {
                let field = (!f.field.is_null()).then(|| CStr::from_ptr(f.field).to_string_lossy().into_owned());
                let ty = CStr::from_ptr(f.ty).to_string_lossy().into_owned();
                Fact {
                    ty,
                    field,
                    size: f.size,
                    align: f.align,
                    offset: f.offset,
                    bit_offset: f.bit_offset,
                    bit_width: f.bit_width,
                }
            })
            .collect()
    }
}

#[test]
fn layout_matches_the_c_compiler() {
    let mut table = crate::cparse::new_table();
    table.cdef(TYPES).unwrap_or_else(|e| panic!("layout_types.h: {e}"));
    let facts = compiler_facts();
    assert!(facts.len() > 150, "only {} facts", facts.len());
    let mut failures = Vec::new();
    for Fact { ty, field, size, align, offset, bit_offset, bit_width } in facts {
        let id = table.parse_type(&ty, &[]).unwrap_or_else(|e| panic!("{ty}: {e}"));
        let Some(field) = field else {
            let ours = (table.size_of(id), table.align_of(id));
            if ours != (Some(size), Some(align)) {
                failures.push(format!("{ty}: size/align ours {ours:?}, C ({size}, {align})"));
            }
            continue;
        };
        let Some(FieldRef { ty: fty, offset: off, bits, .. }) = table.find_field(id, &field) else {
            failures.push(format!("{ty}.{field}: not found"));
            continue;
        };
        if bit_offset >= 0 {
            let ours = bits.map(|b| (off * 8 + b.bit_offset as usize, b.width));
            if ours != Some((bit_offset as usize, bit_width as u32)) {
                failures.push(format!("{ty}.{field}: bits ours {ours:?}, C ({bit_offset}, {bit_width})"));
            }
            continue;
        }
        if off != offset || bits.is_some() {
            failures.push(format!("{ty}.{field}: offset ours {off} {bits:?}, C {offset}"));
        }
        if size != usize::MAX && table.size_of(fty) != Some(size) {
            failures.push(format!("{ty}.{field}: size ours {:?}, C {size}", table.size_of(fty)));
        }
    }
    assert!(failures.is_empty(), "{} layout mismatches:\n{}", failures.len(), failures.join("\n"));
}
