//! Limits that keep any input safe and cheap: nesting on a small thread stack,
//! type sizes, `#pragma pack` values, control characters in messages, and work
//! that grows linearly with the input. Work is measured with the table's work
//! counter (`CTypeTable::work`), never with a clock: each case runs at size N
//! and 4N and the counts must grow about 4 times, not 16 or 2^N times.

use super::error::msg;
use super::parser::MAX_DEPTH;
use super::Declare;
use crate::ctype::{CKind, CTypeId, CTypeTable, Declaration, TypeParam, MAX_TYPE_DEPTH};

/// The thread stack every nesting case must fit in (debug build).
const SMALL_STACK: usize = 256 * 1024;

/// Runs `f` on a thread with a [`SMALL_STACK`]. A stack overflow there aborts
/// the test process, which fails the run.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(SMALL_STACK).spawn(f).expect("spawn").join().expect("no panic")
}

fn cdef(t: &mut CTypeTable, src: &str) -> Result<(), String> {
    t.cdef(src).map_err(|e| e.to_string())
}

fn too_deep(result: Result<(), String>) -> bool {
    result.is_err_and(|e| e.starts_with(msg::TOO_DEEP))
}

/// Source text of `n` levels of something.
type Generator = fn(usize) -> String;

/// Nested source of `n` levels, in every construct that recurses in the parser
/// (true: a type string, false: a cdef).
fn nesting_cases() -> Vec<(&'static str, Generator, bool)> {
    fn rep(s: &str, n: usize) -> String {
        s.repeat(n)
    }
    vec![
        ("records", |n| format!("{}int x;{}", rep("struct { ", n), rep("} f;", n)), false),
        ("unions", |n| format!("{}int x;{}", rep("union { ", n), rep("};", n)), false),
        ("declarator parentheses", |n| format!("int {}x{};", rep("(", n), rep(")", n)), false),
        ("function pointer parameters", |n| format!("void f({}int{});", rep("void (*)(", n), rep(")", n)), false),
        (
            "records in parameters",
            |n| format!("void f({}int x{});", rep("struct { int (*g)(", n), rep("); }", n)),
            false,
        ),
        ("expression parentheses", |n| format!("enum {{ A = {}1{} }};", rep("(", n), rep(")", n)), false),
        ("unary operators", |n| format!("enum {{ A = {}1 }};", rep("- ~", n)), false),
        ("casts", |n| format!("enum {{ A = {}1 }};", rep("(int)", n)), false),
        ("sizeof", |n| format!("enum {{ A = {}1 }};", rep("sizeof ", n)), false),
        ("conditionals", |n| format!("enum {{ A = {}1{} }};", rep("1 ? ", n), rep(" : 0", n)), false),
        ("array sizes", |n| format!("int x[{}1{}];", rep("sizeof(char[", n), rep("])", n)), false),
        ("enums in sizeof", |n| format!("int x[{}1{}];", rep("sizeof(enum { A = ", n), rep(" })", n)), false),
        (
            "aligned(sizeof(struct))",
            |n| {
                let open = "struct { int x __attribute__((aligned(sizeof(";
                format!("{}1{};", rep(open, n), rep(")))); }", n))
            },
            false,
        ),
        (
            "records in casts",
            |n| format!("enum {{ A = {}1{} }};", rep("(struct { int a[", n), rep("]; } *)0 == 0", n)),
            false,
        ),
        ("abstract declarators", |n| format!("int {}*{}", rep("(", n), rep(")", n)), true),
        ("type strings with records", |n| format!("{}int x;{}}}", rep("struct { ", n), rep("} f; ", n - 1)), true),
    ]
}

fn parse(src: &str, is_type: bool) -> Result<(), String> {
    let mut t = crate::cparse::new_table();
    if is_type {
        t.parse_type(src, &[]).map(|_| ()).map_err(|e| e.to_string())
    } else {
        cdef(&mut t, src)
    }
}

#[test]
fn deep_nesting_on_a_small_stack() {
    on_small_stack(|| {
        for (name, make, is_type) in nesting_cases() {
            // The deepest accepted input runs the deepest recursion there is.
            let mut deepest = 0;
            for n in 1..=MAX_DEPTH as usize + 1 {
                match parse(&make(n), is_type) {
                    Ok(()) => deepest = n,
                    Err(e) if e.starts_with(msg::TOO_DEEP) => break,
                    Err(e) => panic!("{name} at depth {n}: {e}"),
                }
            }
            assert!(deepest >= 15, "{name}: only {deepest} levels accepted");
            assert!(deepest < MAX_DEPTH as usize + 1, "{name}: no limit");
            assert!(too_deep(parse(&make(20_000), is_type)), "{name} at 20000 levels");
        }
        // The input: an unterminated nest of unions.
        assert!(too_deep(parse(&"union{".repeat(10_000), false)));
        assert!(too_deep(parse(&"struct{".repeat(10_000), true)));
    });
}

#[test]
fn typedef_chains_cannot_nest_types_without_limit() {
    // Typedefs and tags stack levels without nesting in the source; the type
    // itself is held to MAX_TYPE_DEPTH.
    let chains: [(&str, Generator); 5] = [
        ("pointers", |k| format!("typedef T{} *T{k};", k - 1)),
        ("arrays", |k| format!("typedef T{} T{k}[1];", k - 1)),
        ("functions", |k| format!("typedef int T{k}(T{}*);", k - 1)),
        ("records", |k| format!("typedef struct {{ T{} a; }} T{k};", k - 1)),
        ("anonymous members", |k| format!("typedef struct {{ T{}; int x{k}; }} T{k};", k - 1)),
    ];
    on_small_stack(move || {
        for (name, step) in chains {
            let mut t = crate::cparse::new_table();
            let first = if name == "anonymous members" { "typedef struct { int x0; } T0;" } else { "typedef int T0;" };
            cdef(&mut t, first).unwrap();
            let mut refused = None;
            for k in 1..=2 * MAX_TYPE_DEPTH as usize {
                match cdef(&mut t, &step(k)) {
                    Ok(()) => {}
                    Err(e) if e.starts_with(msg::TOO_DEEP) => {
                        refused = Some(k);
                        break;
                    }
                    Err(e) => panic!("{name} {k}: {e}"),
                }
            }
            let refused = refused.unwrap_or_else(|| panic!("{name}: no limit"));
            assert!(refused as u32 >= MAX_TYPE_DEPTH / 2, "{name}: refused at {refused}");
            // The deepest type works with every walk, on the small stack.
            let deepest = t.typedef(&format!("T{}", refused - 1)).unwrap();
            assert!(t.depth(deepest) <= MAX_TYPE_DEPTH);
            assert!(!t.name(deepest).is_empty());
            assert!(t.find_field(deepest, "missing").is_none());
            let redeclare = format!("T{0} v; T{0} v;", refused - 1);
            cdef(&mut t, &redeclare).unwrap();
            let _ = t.size_of(deepest);
        }
    });
}

#[test]
fn pointer_chains_beyond_the_parser() {
    // `ffi.addressof` adds a pointer level without the parser: naming and
    // comparing such types must not recurse.
    on_small_stack(|| {
        let mut t = crate::cparse::new_table();
        let mut p = CTypeId::INT32;
        for _ in 0..50_000 {
            p = t.pointer_to(p);
        }
        assert_eq!(t.name(p).len(), "int ".len() + 50_000);
        assert!(t.compatible(p, p));
        let q = t.pointer_to(CTypeId::INT32);
        assert!(!t.compatible(p, q));
        assert_eq!(t.size_of(p), Some(8));
        // Compatible pairs of distinct deep types: function pointers that
        // differ only in a parameter name at the bottom.
        t.cdef("typedef int fa(int a); typedef int fb(int b);").unwrap();
        let (mut a, mut b) = (t.typedef("fa").unwrap(), t.typedef("fb").unwrap());
        for _ in 0..50_000 {
            a = t.pointer_to(a);
            b = t.pointer_to(b);
        }
        assert!(t.compatible(a, b));
    });
}

/// The work of `op` on a table prepared by `setup`.
fn work_of(setup: &str, op: impl FnOnce(&mut CTypeTable)) -> u64 {
    let mut t = crate::cparse::new_table();
    cdef(&mut t, setup).unwrap_or_else(|e| panic!("setup: {e}"));
    let before = t.work();
    op(&mut t);
    t.work() - before
}

/// Asserts that the work of size 4N is at most about 4 times that of size N.
fn assert_linear(what: &str, n: u64, four_n: u64) {
    assert!(n > 0, "{what}: nothing counted");
    assert!(four_n <= 4 * n + n / 2 + 64, "{what}: work {n} at N, {four_n} at 4N");
}

#[test]
fn redeclaration_checks_are_linear() {
    // typedef int Ak(Ak-1 *, Ak-1 *): comparing A_d with B_d pairwise without
    // a memo takes 2^d steps.
    let chains = |d: usize| {
        let mut s = String::from("typedef int A0(int a); typedef int B0(int b);\n");
        for k in 1..=d {
            s += &format!("typedef int A{k}(A{0} *, A{0} *); typedef int B{k}(B{0} *, B{0} *);\n", k - 1);
        }
        s
    };
    // A redeclaration is compared with the first only when it adds an
    // `__asm__` name (which it then applies).
    let work = |d: usize| {
        work_of(&chains(d), |t| {
            t.cdef(&format!("A{d} *x; B{d} *x __asm__(\"x2\");")).unwrap();
        })
    };
    assert_linear("compatible", work(5), work(20));
    // The check still sees differences at the bottom.
    let mut t = crate::cparse::new_table();
    t.cdef(&chains(20)).unwrap();
    t.cdef("typedef int C0(long c); typedef int C1(C0 *, C0 *); A1 *y; A1 *z;").unwrap();
    t.cdef("C1 *y __asm__(\"y2\"); B1 *z __asm__(\"z2\");").unwrap();
    assert!(matches!(t.symbol("y"), Some(Declaration::Variable { asm_name: None, .. })));
    assert!(matches!(t.symbol("z"), Some(Declaration::Variable { asm_name: Some(_), .. })));
}

#[test]
fn member_lookup_through_anonymous_members_is_linear() {
    // T_k holds T_k-1 twice as anonymous members: 2^k paths to each record.
    let doubling = |d: usize| {
        let mut s = String::from("typedef struct { int x0; } T0;\n");
        for k in 1..=d {
            s += &format!("typedef struct {{ T{0}; T{0}; int x{k}; }} T{k};\n", k - 1);
        }
        s
    };
    let work = |d: usize| {
        work_of(&doubling(d), |t| {
            let top = t.typedef(&format!("T{d}")).unwrap();
            assert!(t.find_field(top, "missing").is_none());
            assert_eq!(t.find_field(top, "x0").map(|f| f.offset), Some(0));
            // The first x1 in declaration order is in the innermost T1 of the first copies.
            assert_eq!(t.find_field(top, "x1").map(|f| f.offset), Some(8));
        })
    };
    assert_linear("find_field", work(5), work(20));
}

#[test]
fn array_suffixes_and_names_are_linear() {
    let work = |n: usize| {
        work_of("", |t| {
            let id = t.parse_type(&format!("int{}", "[1]".repeat(n)), &[]).unwrap();
            assert_eq!(t.name(id).len(), 3 + 3 * n + 1);
        })
    };
    assert_linear("array suffixes", work(20), work(80));
    // Far beyond the limit, the refusal is cheap too.
    let refused = |n: usize| {
        work_of("", |t| {
            let e = t.parse_type(&format!("int{}", "[1]".repeat(n)), &[]).unwrap_err();
            assert_eq!(e.to_string(), msg::TOO_DEEP);
        })
    };
    assert_linear("refused array suffixes", refused(8_000), refused(32_000));
    let names = |n: usize| {
        work_of("", |t| {
            let mut p = CTypeId::INT32;
            for _ in 0..n {
                p = t.pointer_to(p);
            }
            assert_eq!(t.name(p).len(), 4 + n);
        })
    };
    assert_linear("pointer chain names", names(1_000), names(4_000));
}

#[test]
fn completing_records_with_many_variants_is_linear() {
    // Each forward-declared struct has qualified and aligned variants; each
    // completion updates its own variants only.
    let forward = |n: usize| {
        let mut s = String::new();
        for k in 0..n {
            s += &format!(
                "struct s{k}; typedef const struct s{k} c{k}; typedef volatile struct s{k} v{k};
                 typedef struct s{k} a{k} __attribute__((aligned(8)));\n"
            );
        }
        s
    };
    let bodies = |n: usize| (0..n).map(|k| format!("struct s{k} {{ int x; }};")).collect::<String>();
    let work = |n: usize| work_of(&forward(n), |t| t.cdef(&bodies(n)).unwrap());
    assert_linear("completion", work(200), work(800));
    let mut t = crate::cparse::new_table();
    t.cdef(&forward(3)).unwrap();
    t.cdef(&bodies(3)).unwrap();
    let c = t.typedef("c2").unwrap();
    assert_eq!(t.size_of(c), Some(4));
    let a = t.typedef("a2").unwrap();
    assert_eq!((t.size_of(a), t.align_of(a)), (Some(4), Some(8)));
}

#[test]
fn a_failed_parse_costs_what_it_added() {
    let big = |n: usize| -> String {
        (0..n).map(|k| format!("typedef int *p{k}[{k}]; struct r{k} {{ int a; }};\n")).collect()
    };
    let failed = |n: usize| {
        work_of(&big(n), |t| {
            assert!(t.cdef("struct x { int a; }; int (*f)(int b); typedef const struct x cx; int broken(").is_err());
            assert!(t.parse_type("struct nope", &[]).is_err());
        })
    };
    let (small, large) = (failed(100), failed(4_000));
    assert_eq!(small, large, "rollback work depends on the table's size");
}

#[test]
fn record_sizes_are_capped() {
    // The chain: a 1 GiB struct, fifteen levels of four copies each,
    // then two of the last; it wrapped to 4 bytes before.
    let mut src = String::from("struct s0 { char a[0x40000000]; };\n");
    for k in 1..=15 {
        src += &format!("struct s{k} {{ struct s{0} a, b, c, d; }};\n", k - 1);
    }
    src += "struct T { struct s15 a, b; int x; };";
    let mut t = crate::cparse::new_table();
    let e = t.cdef(&src).unwrap_err();
    assert_eq!(e.to_string(), format!("{} at line 2", msg::INVALID_SIZE));
    assert!(t.parse_type("struct s0", &[]).is_err(), "nothing of the failed cdef remains");
    let mut t = crate::cparse::new_table();
    for src in [
        "struct a { char x[0x40000000]; char y[0x40000000]; };",
        "struct b { char x[0x7fffffff]; char y; };",
        "struct c { char x[0x7ffffff8]; double y; };",
        "struct d { int x[0x1fffffff]; int y[0x1fffffff]; };",
        "struct e { char x[0x7fffffff]; } __attribute__((aligned(16)));",
        "struct f { char x[0x7fff8000]; int i __attribute__((aligned(1073741824))); };",
        "struct g { char x[0x7fffffff]; int b : 3; };",
        "struct h { char x[0x7fffffff]; int : 0; int b : 3; };",
    ] {
        assert_eq!(cdef(&mut t, src), Err(msg::INVALID_SIZE.to_string()), "{src}");
    }
    // `aligned(n)` is capped at 2^15 (LuaJIT's largest alignment), so huge
    // alignments alone no longer overflow a record.
    let capped = "struct f2 { char c; int i __attribute__((aligned(1073741824))); int j __attribute__((aligned(1073741824))); };";
    cdef(&mut t, capped).unwrap();
    let f2 = t.parse_type("struct f2", &[]).unwrap();
    assert_eq!(t.size_of(f2), Some(3 << 15));
    // Up to the limit, sizes are exact.
    cdef(&mut t, "struct big { char x[0x7ffffff0]; int y; }; union u { char x[0x7fffffff]; int y; };").unwrap_err();
    cdef(&mut t, "struct big { char x[0x7ffffff0]; int y; };").unwrap();
    let big = t.parse_type("struct big", &[]).unwrap();
    assert_eq!(t.size_of(big), Some(0x7ffffff4));
    assert_eq!(t.find_field(big, "y").map(|f| f.offset), Some(0x7ffffff0));
    assert_eq!(cdef(&mut t, "struct big2 { struct big a; double b; };"), Err(msg::INVALID_SIZE.to_string()));
    assert_eq!(cdef(&mut t, "typedef struct big two[2];"), Err(msg::INVALID_SIZE.to_string()));
}

#[test]
fn pragma_pack_values_as_gcc() {
    let mut t = crate::cparse::new_table();
    // pack(0) is the default; it panicked (division by zero) before.
    cdef(&mut t, "#pragma pack(0)\nstruct { char a; };\nstruct z { char c; int i; };").unwrap();
    let z = t.parse_type("struct z", &[]).unwrap();
    assert_eq!(t.size_of(z), Some(8));
    // Values gcc refuses (not 0, 1, 2, 4, 8, 16) leave the pragma ignored.
    for (pragma, size) in [
        ("#pragma pack(3)", 8),
        ("#pragma pack(32)", 8),
        ("#pragma pack(push, 3)", 8),
        ("#pragma pack(push, 0)", 8),
        ("#pragma pack(2)\n#pragma pack(3)", 6),
        // The ignored push pushed nothing: the pop finds nothing to restore.
        ("#pragma pack(2)\n#pragma pack(push, 5)\n#pragma pack(1)\n#pragma pack(pop)", 5),
        ("#pragma pack(2)\n#pragma pack(push, 0)", 8),
        ("#pragma pack(2)\n#pragma pack(push, 0)\n#pragma pack(pop)", 6),
        ("#pragma pack(16)", 8),
        ("#pragma pack(1)\n#pragma pack(0)", 8),
    ] {
        let mut t = crate::cparse::new_table();
        cdef(&mut t, &format!("{pragma}\nstruct p {{ char c; int i; }};")).unwrap();
        let p = t.parse_type("struct p", &[]).unwrap();
        assert_eq!(t.size_of(p), Some(size), "{pragma}");
    }
    assert_eq!(parse("#pragma pack(x)\nint a;", false), Err("unexpected symbol near '#'".to_string()));
}

#[test]
fn control_characters_are_spelled_in_messages() {
    assert_eq!(parse("int x\0;", false), Err("unexpected symbol near '\\0'".to_string()));
    assert_eq!(parse("int x\u{1};", false), Err("unexpected symbol near 'char(1)'".to_string()));
    assert_eq!(parse("int x\u{7f};", false), Err("unexpected symbol near 'char(127)'".to_string()));
    assert_eq!(parse("int \"a\0b\u{2}\";", false), Err("'<identifier>' expected near 'a\\0b\\x02'".to_string()));
    assert_eq!(parse("int\n\0", false), Err("unexpected symbol near '\\0' at line 2".to_string()));
    let mut t = crate::cparse::new_table();
    let name = TypeParam::Name("a\0b".into());
    let e = t.cdef_with("enum { $ }; enum { $ };", &[name.clone(), name]).unwrap_err();
    assert_eq!(e.to_string(), "attempt to redefine 'a\\0b'");
    let e = t.parse_type("struct $", &[TypeParam::Name("t\n".into())]).unwrap_err();
    assert_eq!(e.to_string(), "undeclared or implicit tag 't\\n'");
    // C1 control characters too (a UTF-8 identifier may hold them).
    assert_eq!(parse("foo\u{8c}bar x;", false), Err("declaration specifier expected near 'foo\\u008cbar'".to_string()));
    // Bytes from 0x80 up are identifier characters, as in LuaJIT.
    t.cdef("int café;").unwrap();
    assert!(matches!(t.symbol("café"), Some(Declaration::Variable { .. })));
}

#[test]
fn nested_types_get_the_depth_of_their_deepest_part() {
    let mut t = crate::cparse::new_table();
    t.cdef("struct node { struct node *next; int v; }; typedef int (*cb)(struct node *, int **);").unwrap();
    let node = t.parse_type("struct node", &[]).unwrap();
    assert_eq!(t.depth(node), 2, "a pointer to a record ends the chain");
    let cb = t.typedef("cb").unwrap();
    assert_eq!(t.depth(cb), 4);
    let CKind::Pointer { to } = *t.kind(cb) else { panic!() };
    assert_eq!(t.depth(to), 3);
}
