//! Type table tests: built-ins, interning, qualifiers, names, sizes, layout
//! details that the gcc comparison (gcc_layout.rs) does not reach.

use super::*;
use crate::cparse::Declare;

fn ty(t: &mut CTypeTable, s: &str) -> CTypeId {
    t.parse_type(s, &[]).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn name_of(t: &mut CTypeTable, s: &str) -> String {
    let id = ty(t, s);
    t.name(id)
}

#[test]
fn builtin_ids_and_typedefs() {
    let mut t = crate::cparse::new_table();
    assert_eq!(ty(&mut t, "int"), CTypeId::INT32);
    assert_eq!(ty(&mut t, "int32_t"), CTypeId::INT32);
    assert_eq!(ty(&mut t, "unsigned long long int"), CTypeId::UINT64);
    assert_eq!(ty(&mut t, "size_t"), CTypeId::UINT64);
    assert_eq!(ty(&mut t, "long"), CTypeId::INT64);
    assert_eq!(ty(&mut t, "long int"), CTypeId::INT64);
    assert_eq!(ty(&mut t, "int64_t"), CTypeId::INT64);
    assert_eq!(ty(&mut t, "short int"), CTypeId::INT16);
    assert_eq!(ty(&mut t, "unsigned"), CTypeId::UINT32);
    assert_eq!(ty(&mut t, "signed"), CTypeId::INT32);
    assert_eq!(ty(&mut t, "uint8_t"), CTypeId::UCHAR);
    assert_eq!(ty(&mut t, "unsigned char"), CTypeId::UCHAR);
    assert_eq!(ty(&mut t, "signed char"), CTypeId::SCHAR);
    assert_eq!(ty(&mut t, "_Bool"), CTypeId::BOOL);
    assert_eq!(ty(&mut t, "bool"), CTypeId::BOOL);
    assert_eq!(ty(&mut t, "double"), CTypeId::DOUBLE);
    assert_eq!(ty(&mut t, "long double"), CTypeId::LONG_DOUBLE);
    assert_eq!(ty(&mut t, "void *"), CTypeId::VOID_PTR);
    assert_eq!(ty(&mut t, "const char *"), CTypeId::CONST_CHAR_PTR);
    assert_eq!(ty(&mut t, "char const *"), CTypeId::CONST_CHAR_PTR);
    let va_list = ty(&mut t, "va_list");
    assert_eq!(ty(&mut t, "__builtin_va_list"), va_list);
    assert_eq!(ty(&mut t, "__gnuc_va_list"), va_list);
    assert_eq!(ty(&mut t, "__int128_t"), CTypeId::INT128);
    assert_eq!(ty(&mut t, "__uint128_t"), CTypeId::UINT128);
    assert!(matches!(t.kind(CTypeId::CHAR), CKind::Int { size: 1, is_char: true, .. }));
    let wchar = ty(&mut t, "wchar_t");
    assert!(matches!(t.kind(wchar), CKind::Int { size: 4, is_char: false, .. }));
    assert_eq!(t.typedef("ssize_t"), Some(CTypeId::INT64));
    assert_eq!(t.typedef("nope"), None);
}

#[test]
fn interning_and_qualifiers() {
    let mut t = crate::cparse::new_table();
    let a = ty(&mut t, "int *");
    let b = ty(&mut t, "int*");
    assert_eq!(a, b);
    let cc = ty(&mut t, "const char");
    assert_eq!(cc, CTypeId::CONST_CHAR);
    assert!(t.get(cc).qual.is_const);
    assert_eq!(t.unqualified(cc), CTypeId::CHAR);
    let cv = ty(&mut t, "const volatile int");
    assert!(t.get(cv).qual.is_volatile && t.get(cv).qual.is_const);
    assert_eq!(t.unqualified(cv), CTypeId::INT32);
    // A qualified struct is its own id, sharing the definition.
    t.cdef("struct p { int x; };").unwrap();
    let s = ty(&mut t, "struct p");
    let cs = ty(&mut t, "const struct p");
    assert_ne!(s, cs);
    assert_eq!(t.unqualified(cs), s);
    assert_eq!(t.size_of(cs), Some(4));
    assert_eq!(t.find_field(cs, "x").map(|f| f.offset), Some(0));
    // Qualifying an array qualifies its elements.
    let arr = ty(&mut t, "const int[3]");
    let CKind::Array { elem, .. } = *t.kind(arr) else { panic!() };
    assert!(t.get(elem).qual.is_const);
    assert_eq!(t.tagged(TagKind::Struct, "p"), Some(s));
    assert_eq!(t.tagged(TagKind::Union, "p"), None);
}

#[test]
fn qualified_forward_declaration_sees_completion() {
    let mut t = crate::cparse::new_table();
    t.cdef("struct fwd; typedef const struct fwd cfwd;").unwrap();
    let c = t.typedef("cfwd").unwrap();
    assert_eq!(t.size_of(c), None);
    t.cdef("struct fwd { double d; char c; };").unwrap();
    assert_eq!(t.size_of(c), Some(16));
    assert_eq!(t.align_of(c), Some(8));
    assert!(t.get(c).qual.is_const);
}

#[test]
fn names_like_luajit() {
    let mut t = crate::cparse::new_table();
    let cases = [
        ("int", "int"),
        ("unsigned int", "unsigned int"),
        ("uint32_t", "unsigned int"),
        ("int64_t", "int64_t"),
        ("uint64_t", "uint64_t"),
        ("long", "int64_t"),
        ("size_t", "uint64_t"),
        ("short", "short"),
        ("unsigned short", "unsigned short"),
        ("uint8_t", "unsigned char"),
        ("char", "char"),
        ("bool", "bool"),
        ("float", "float"),
        ("double", "double"),
        ("void", "void"),
        ("const char *", "const char *"),
        ("char *const", "char *const"),
        ("const char *const *", "const char *const *"),
        ("volatile int", "volatile int"),
        ("const volatile int", "const volatile int"),
        ("int [10]", "int [10]"),
        ("int[?]", "int [?]"),
        ("int[2][3]", "int [2][3]"),
        ("const char *[3]", "const char *[3]"),
        ("int (*)[10]", "int (*)[10]"),
        ("int (*)(int, double)", "int (*)()"),
        ("void (*)(void)", "void (*)()"),
        ("int (*(*)(int))[4]", "int (*(*)())[4]"),
        ("int **", "int **"),
        ("void *", "void *"),
        #[cfg(target_arch = "x86_64")]
        ("va_list", "struct __va_list_tag [1]"),
        #[cfg(all(target_arch = "aarch64", not(target_vendor = "apple")))]
        ("va_list", "struct __va_list"),
        ("complex", "complex"),
        ("double _Complex", "complex"),
        ("_Complex", "complex"),
        ("complex float", "complex float"),
        ("float _Complex", "complex float"),
        ("const complex *", "const complex *"),
        ("complex[2]", "complex [2]"),
        ("_Complex int", "complex int"),
        ("int &", "int &"),
        ("const int &", "const int &"),
        ("int &&", "int &"),
        ("const char (&)[]", "const char (&)[]"),
        ("int (&)[4]", "int (&)[4]"),
        ("int *&", "int *&"),
        ("int &(*)(int &)", "int &(*)()"),
        ("int __attribute__((vector_size(16)))", "int __attribute__((vector_size(16)))"),
        ("float __attribute__((vector_size(8))) *", "float __attribute__((vector_size(8))) *"),
        ("double __attribute__((vector_size(16)))[2]", "double __attribute__((vector_size(16))) [2]"),
        ("__int128", "int128_t"),
        ("unsigned __int128", "uint128_t"),
        ("int __attribute__((mode(TI)))", "int128_t"),
        ("unsigned __attribute__((mode(QI)))", "unsigned char"),
    ];
    for (src, want) in cases {
        assert_eq!(name_of(&mut t, src), want, "name of {src}");
    }
    if LONG_DOUBLE_SIZE == 16 {
        assert_eq!(name_of(&mut t, "long double"), "long double");
    }
}

#[test]
fn names_of_records_and_enums() {
    let mut t = crate::cparse::new_table();
    t.cdef("struct point { int x, y; }; union u { int a; }; enum e { E1 }; typedef struct { int a; } anon_t;").unwrap();
    assert_eq!(name_of(&mut t, "struct point"), "struct point");
    assert_eq!(name_of(&mut t, "struct point *"), "struct point *");
    assert_eq!(name_of(&mut t, "const struct point *"), "const struct point *");
    assert_eq!(name_of(&mut t, "union u"), "union u");
    assert_eq!(name_of(&mut t, "enum e"), "enum e");
    let anon = t.typedef("anon_t").unwrap();
    assert_eq!(t.name(anon), format!("struct {}", anon.0));
    assert_eq!(name_of(&mut t, "anon_t *"), format!("struct {} *", anon.0));
    assert_eq!(name_of(&mut t, "const anon_t"), format!("const struct {}", anon.0));
    assert_eq!(name_of(&mut t, "anon_t[2]"), format!("struct {} [2]", anon.0));
}

#[test]
fn sizes_and_alignments() {
    let mut t = crate::cparse::new_table();
    let cases: &[(&str, Option<usize>, Option<usize>)] = &[
        ("char", Some(1), Some(1)),
        ("bool", Some(1), Some(1)),
        ("short", Some(2), Some(2)),
        ("int", Some(4), Some(4)),
        ("long", Some(8), Some(8)),
        ("long long", Some(8), Some(8)),
        ("float", Some(4), Some(4)),
        ("double", Some(8), Some(8)),
        ("void *", Some(8), Some(8)),
        ("int[10]", Some(40), Some(4)),
        ("int[0]", Some(0), Some(4)),
        ("int[?]", None, Some(4)),
        ("void", None, Some(1)),
        ("int (int)", None, None),
        #[cfg(target_arch = "x86_64")]
        ("va_list", Some(24), Some(8)),
        #[cfg(all(target_arch = "aarch64", not(target_vendor = "apple")))]
        ("va_list", Some(32), Some(8)),
        #[cfg(target_arch = "x86_64")]
        ("struct { char c; va_list ap; }", Some(32), Some(8)),
        ("complex", Some(16), Some(8)),
        ("complex float", Some(8), Some(4)),
        ("_Complex int", Some(8), Some(4)),
        ("__int128", Some(16), Some(16)),
        ("__float128", Some(16), Some(16)),
        ("int &", Some(8), Some(8)),
        ("struct { char c; int &r; }", Some(16), Some(8)),
        ("int __attribute__((vector_size(16)))", Some(16), Some(16)),
        ("char __attribute__((vector_size(64)))", Some(64), Some(16)),
        ("short __attribute__((vector_size(4)))", Some(4), Some(4)),
        ("int __attribute__((mode(word)))", Some(8), Some(8)),
        ("int __attribute__((aligned(16)))", Some(4), Some(16)),
        ("int[3] __attribute__((aligned(32)))", Some(12), Some(32)),
        ("char[2][3]", Some(6), Some(1)),
    ];
    for &(src, size, align) in cases {
        let id = ty(&mut t, src);
        assert_eq!(t.size_of(id), size, "sizeof {src}");
        assert_eq!(t.align_of(id), align, "alignof {src}");
    }
    let ld = ty(&mut t, "long double");
    assert_eq!(t.size_of(ld), Some(LONG_DOUBLE_SIZE as usize));
}

#[test]
fn vla_sizes() {
    let mut t = crate::cparse::new_table();
    let v = ty(&mut t, "int[?]");
    assert!(t.is_vla(v));
    assert_eq!(t.size_of_vla(v, 5), Some(20));
    t.cdef("struct vls { int n; double d[?]; }; struct fam { int n; char c[]; };").unwrap();
    let vls = ty(&mut t, "struct vls");
    assert!(t.is_vla(vls));
    assert_eq!(t.size_of(vls), None);
    assert_eq!(t.size_of_vla(vls, 3), Some(8 + 24));
    let fam = ty(&mut t, "struct fam");
    assert!(!t.is_vla(fam));
    assert_eq!(t.size_of(fam), Some(4));
    assert_eq!(t.size_of_vla(fam, 10), Some(14));
    assert_eq!(t.size_of_vla(CTypeId::INT32, 10), Some(4));
}

#[test]
fn find_field_through_anonymous_members() {
    let mut t = crate::cparse::new_table();
    t.cdef(
        "struct s { int a; union { char b; struct { short c; int d; }; }; struct { double e; } named; int f:3, g:5; };",
    )
    .unwrap();
    let s = ty(&mut t, "struct s");
    let get = |n: &str| t.find_field(s, n).map(|f| (f.offset, f.bits.map(|b| (b.bit_offset, b.width))));
    assert_eq!(get("a"), Some((0, None)));
    assert_eq!(get("b"), Some((4, None)));
    assert_eq!(get("c"), Some((4, None)));
    assert_eq!(get("d"), Some((8, None)));
    assert_eq!(get("named"), Some((16, None)));
    assert_eq!(get("e"), None, "members of named members are not flattened");
    assert_eq!(get("f"), Some((24, Some((0, 3)))));
    assert_eq!(get("g"), Some((24, Some((3, 5)))));
    assert_eq!(get("zz"), None);
    assert_eq!(t.size_of(s), Some(32));
    let CKind::Record { fields, .. } = t.kind(s) else { panic!() };
    assert_eq!(fields.len(), 5);
    assert_eq!(fields[1].name, None);
}

#[test]
fn enums_pick_gcc_underlying_types() {
    let mut t = crate::cparse::new_table();
    t.cdef(
        "enum a { A1, A2 }; enum b { B1 = -1 }; enum c { C1 = 0x100000000 }; enum d { D1 = -1, D2 = 0x80000000 };
         enum __attribute__((packed)) p { P1 = 200 }; enum q { Q1 = -3 } __attribute__((packed));",
    )
    .unwrap();
    let under = |t: &mut CTypeTable, s: &str| {
        let id = ty(t, s);
        match t.kind(id) {
            CKind::Enum { underlying, .. } => *underlying,
            _ => panic!(),
        }
    };
    assert_eq!(under(&mut t, "enum a"), CTypeId::UINT32);
    assert_eq!(under(&mut t, "enum b"), CTypeId::INT32);
    assert_eq!(under(&mut t, "enum c"), CTypeId::UINT64);
    assert_eq!(under(&mut t, "enum d"), CTypeId::INT64);
    assert_eq!(under(&mut t, "enum p"), CTypeId::UCHAR);
    assert_eq!(under(&mut t, "enum q"), CTypeId::SCHAR);
    let a = ty(&mut t, "enum a");
    let CKind::Enum { constants, .. } = t.kind(a) else { panic!() };
    assert_eq!(constants, &vec![("A1".to_string(), 0), ("A2".to_string(), 1)]);
}

#[test]
fn failed_cdef_leaves_no_trace() {
    let mut t = crate::cparse::new_table();
    let before = t.len();
    let err = t.cdef("struct half { int a; }; typedef int half_t; int f(void); struct bad { struct nope x; };");
    assert!(err.is_err());
    assert_eq!(t.len(), before);
    assert_eq!(t.tagged(TagKind::Struct, "half"), None);
    assert_eq!(t.typedef("half_t"), None);
    assert!(t.symbol("f").is_none());
    // A forward declaration completed by a failing cdef goes back to incomplete.
    t.cdef("struct later;").unwrap();
    let later = ty(&mut t, "struct later");
    assert!(t.cdef("struct later { int a; }; int broken(").is_err());
    assert_eq!(t.size_of(later), None);
    t.cdef("struct later { int a; };").unwrap();
    assert_eq!(t.size_of(later), Some(4));
    // A redeclaration that added an `__asm__` name is undone too.
    t.cdef("int h(void);").unwrap();
    assert!(t.cdef("int h(void) __asm__(\"h2\"); int broken(").is_err());
    assert!(matches!(t.symbol("h"), Some(Declaration::Function { asm_name: None, .. })));
}

#[test]
fn layout_basics_without_gcc() {
    let mut t = crate::cparse::new_table();
    t.cdef("struct s { char c; int i; char d; }; struct __attribute__((packed)) p { char c; int i; };").unwrap();
    let s = ty(&mut t, "struct s");
    assert_eq!((t.size_of(s), t.align_of(s)), (Some(12), Some(4)));
    assert_eq!(t.find_field(s, "d").unwrap().offset, 8);
    let p = ty(&mut t, "struct p");
    assert_eq!((t.size_of(p), t.align_of(p)), (Some(5), Some(1)));
    let CKind::Record { packed, .. } = t.kind(p) else { panic!() };
    assert!(*packed);
}

#[test]
fn a_panic_inside_a_transaction_rolls_it_back() {
    let mut t = crate::cparse::new_table();
    t.cdef("struct kept { int a; }; struct fwd;").unwrap();
    let before = t.len();
    let fwd = ty(&mut t, "struct fwd");
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        t.transaction(|t| -> Result<(), crate::cparse::CParseError> {
            crate::cparse::parse_declarations(
                t,
                b"struct leaked_tag { int x; }; typedef int leaked_t; struct fwd { int b; };",
            )?;
            panic!("injected failure inside a parse");
        })
    }));
    assert!(outcome.is_err());
    assert_eq!(t.len(), before);
    assert_eq!(t.tagged(TagKind::Struct, "leaked_tag"), None);
    assert_eq!(t.typedef("leaked_t"), None);
    assert_eq!(t.size_of(fwd), None, "the completion is undone");
    // The table works on: the same declarations succeed now.
    t.cdef("struct leaked_tag { int x; }; struct fwd { int b; };").unwrap();
    assert_eq!(t.size_of(fwd), Some(4));
    assert!(t.tagged(TagKind::Struct, "kept").is_some());
}
