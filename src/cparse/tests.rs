//! Parser tests: each construct of the supported C subset, constant
//! expressions, `$` parameters, redefinition rules and exact error messages.

use super::Declare;
use crate::ctype::{ArrayLen, CKind, CTypeId, CTypeTable, CallConv, Declaration, TypeParam};

fn table(src: &str) -> CTypeTable {
    let mut t = CTypeTable::new();
    t.cdef(src).unwrap_or_else(|e| panic!("cdef failed: {e}\n{src}"));
    t
}

fn ty(t: &mut CTypeTable, s: &str) -> CTypeId {
    t.parse_type(s, &[]).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn cdef_err(src: &str) -> String {
    CTypeTable::new().cdef(src).expect_err(src).to_string()
}

fn type_err(src: &str, params: &[TypeParam]) -> String {
    CTypeTable::new().parse_type(src, params).expect_err(src).to_string()
}

fn constant(t: &CTypeTable, name: &str) -> i64 {
    match t.symbol(name) {
        Some(Declaration::Constant { value, .. }) => *value,
        other => panic!("{name} is {other:?}"),
    }
}

/// The function type a declared function or function pointer typedef has.
fn func(t: &CTypeTable, id: CTypeId) -> (CTypeId, Vec<CTypeId>, Vec<Option<String>>, bool, CallConv) {
    let id = match t.kind(id) {
        CKind::Pointer { to } => *to,
        _ => id,
    };
    match t.kind(id) {
        CKind::Function { ret, params, param_names, variadic, conv } => {
            (*ret, params.clone(), param_names.clone(), *variadic, *conv)
        }
        k => panic!("not a function: {k:?}"),
    }
}

fn func_decl(t: &CTypeTable, name: &str) -> (CTypeId, Option<String>) {
    match t.symbol(name) {
        Some(Declaration::Function { ty, asm_name }) => (*ty, asm_name.clone()),
        other => panic!("{name} is {other:?}"),
    }
}

#[test]
fn function_prototypes() {
    let mut t = table(
        "int printf(const char *fmt, ...);
         int f(void);
         int g();
         double h(int, double *);
         void k(int a[10], int b[][3], void fn(int));
         const char *name(unsigned long long int x, short int y, signed char z);",
    );
    let (p, _) = func_decl(&t, "printf");
    let (ret, params, names, variadic, conv) = func(&t, p);
    assert_eq!((ret, params, variadic, conv), (CTypeId::INT32, vec![CTypeId::CONST_CHAR_PTR], true, CallConv::Default));
    assert_eq!(names, vec![Some("fmt".to_string())]);
    let (f, _) = func_decl(&t, "f");
    assert_eq!(func(&t, f).1, vec![]);
    let (g, _) = func_decl(&t, "g");
    assert!(!func(&t, g).3 && func(&t, g).1.is_empty());
    let (h, _) = func_decl(&t, "h");
    let dp = ty(&mut t, "double *");
    assert_eq!(func(&t, h).1, vec![CTypeId::INT32, dp]);
    assert_eq!(func(&t, h).2, vec![None, None]);
    let (k, _) = func_decl(&t, "k");
    let want = vec![ty(&mut t, "int *"), ty(&mut t, "int (*)[3]"), ty(&mut t, "void (*)(int)")];
    assert_eq!(func(&t, k).1, want);
    let (n, _) = func_decl(&t, "name");
    assert_eq!(func(&t, n).1, vec![CTypeId::UINT64, CTypeId::INT16, CTypeId::SCHAR]);
    assert_eq!(func(&t, n).0, CTypeId::CONST_CHAR_PTR);
    assert_eq!(t.name(n), "const char *()");
}

#[test]
fn function_pointers_and_typedefs() {
    let mut t = table(
        "typedef int (*cmp_t)(const void*, const void*);
         typedef void handler_t(int);
         struct ops { int (*open)(const char *, int); void (*close)(void); handler_t *h; cmp_t cmp; };
         void qsort(void *base, size_t n, size_t size, cmp_t cmp);
         void (*signal(int sig, void (*func)(int)))(int);",
    );
    let cmp = t.typedef("cmp_t").unwrap();
    let cvp = ty(&mut t, "const void *");
    assert_eq!(func(&t, cmp).1, vec![cvp, cvp]);
    assert_eq!(t.name(cmp), "int (*)()");
    let ops = ty(&mut t, "struct ops");
    let open = t.find_field(ops, "open").unwrap();
    assert_eq!(func(&t, open.ty).1, vec![CTypeId::CONST_CHAR_PTR, CTypeId::INT32]);
    assert_eq!(t.find_field(ops, "close").unwrap().offset, 8);
    assert_eq!(t.find_field(ops, "cmp").unwrap().ty, cmp);
    assert_eq!(t.size_of(ops), Some(32));
    let handler = t.typedef("handler_t").unwrap();
    let handler_ptr = t.pointer_to(handler);
    assert_eq!(t.find_field(ops, "h").unwrap().ty, handler_ptr);
    let (signal, _) = func_decl(&t, "signal");
    let (ret, params, ..) = func(&t, signal);
    let fn_ptr = ty(&mut t, "void (*)(int)");
    assert_eq!(ret, fn_ptr);
    assert_eq!(params, vec![CTypeId::INT32, fn_ptr]);
}

#[test]
fn variables_asm_and_attributes() {
    let t = table(
        "extern int counter;
         int plain_var;
         extern const char *names[4];
         int v __asm__(\"real_v\");
         int f(void) __asm__(\"f\" \"_impl\");
         __attribute__((visibility(\"default\"))) int vis(void);
         int __stdcall sc(int);
         int __attribute__((fastcall)) fc(int);
         int __cdecl cd(int);
         __declspec(dllimport) int imp(void);
         __extension__ typedef long long ll_t;
         static __inline int inl(int x) { return x + 1; }
         inline static int inl2(void) { if (1) { return 2; } }
         void *memcpy(void *__restrict dst, const void *__restrict__ src, size_t n) __attribute__((nonnull(1, 2)));
         int noreturn_fn(void) __attribute__((noreturn, __cold__));
         extern int later_decl __attribute__((weak));",
    );
    assert!(matches!(t.symbol("counter"), Some(Declaration::Variable { ty: CTypeId::INT32, asm_name: None })));
    assert!(matches!(t.symbol("plain_var"), Some(Declaration::Variable { .. })));
    match t.symbol("names") {
        Some(Declaration::Variable { ty, .. }) => assert_eq!(t.name(*ty), "const char *[4]"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(t.symbol("v"), Some(Declaration::Variable { asm_name: Some(n), .. }) if n == "real_v"));
    assert_eq!(func_decl(&t, "f").1.as_deref(), Some("f_impl"));
    assert_eq!(func_decl(&t, "vis").1, None);
    assert_eq!(func(&t, func_decl(&t, "sc").0).4, CallConv::Stdcall);
    assert_eq!(func(&t, func_decl(&t, "fc").0).4, CallConv::Fastcall);
    assert_eq!(func(&t, func_decl(&t, "cd").0).4, CallConv::Cdecl);
    assert_eq!(func_decl(&t, "imp").1, None);
    assert_eq!(t.typedef("ll_t"), Some(CTypeId::INT64));
    assert_eq!(func(&t, func_decl(&t, "inl").0).1, vec![CTypeId::INT32]);
    assert_eq!(func(&t, func_decl(&t, "inl2").0).0, CTypeId::INT32);
    assert_eq!(func(&t, func_decl(&t, "memcpy").0).1.len(), 3);
    assert_eq!(func(&t, func_decl(&t, "noreturn_fn").0).0, CTypeId::INT32);
    assert!(t.symbol("later_decl").is_some());
}

#[test]
fn records_forward_nested_and_anonymous() {
    let mut t = table(
        "struct node;
         typedef struct node node_t;
         struct node { int value; node_t *next; struct node *prev; };
         typedef struct { int a; struct { int b; } inner; union { int c; float d; }; } outer_t;
         struct holder { struct nested { char x; } n; enum color { RED, GREEN } c; };
         struct list { struct node nodes[3]; int (*fp)(struct list *); };",
    );
    let node = ty(&mut t, "struct node");
    assert_eq!(t.typedef("node_t"), Some(node));
    assert_eq!(t.size_of(node), Some(24));
    let next = t.find_field(node, "next").unwrap();
    assert_eq!(t.name(next.ty), "struct node *");
    let outer = t.typedef("outer_t").unwrap();
    assert_eq!(t.find_field(outer, "c").unwrap().offset, 8);
    assert_eq!(t.find_field(outer, "inner").unwrap().offset, 4);
    assert_eq!(t.find_field(outer, "b"), None);
    // Tags declared inside a body are visible outside.
    let nested = ty(&mut t, "struct nested");
    assert_eq!(t.size_of(nested), Some(1));
    let color = ty(&mut t, "enum color");
    assert_eq!(t.size_of(color), Some(4));
    assert_eq!(constant(&t, "GREEN"), 1);
    let list = ty(&mut t, "struct list");
    assert_eq!(t.size_of(list), Some(80));
    // An incomplete struct is usable through pointers only.
    let mut t2 = table("struct opaque; struct opaque *make(void); void use(struct opaque *);");
    let o = ty(&mut t2, "struct opaque");
    assert_eq!(t2.size_of(o), None);
}

#[test]
fn arrays_and_abstract_declarators() {
    let mut t = table("struct foo { int x; };");
    let cases = [
        ("int[?]", "int [?]"),
        ("struct foo *", "struct foo *"),
        ("int (*)(int)", "int (*)()"),
        ("uint8_t[16]", "unsigned char [16]"),
        ("const char *[3]", "const char *[3]"),
        ("int[2][3][4]", "int [2][3][4]"),
        ("char (*[5])(void)", "char (*[5])()"),
        ("int (*)[]", "int (*)[]"),
        ("void (**)(void)", "void (**)()"),
        ("struct foo[2]", "struct foo [2]"),
    ];
    for (src, want) in cases {
        let id = ty(&mut t, src);
        assert_eq!(t.name(id), want, "{src}");
    }
    let a = ty(&mut t, "int[2][3]");
    let CKind::Array { elem, len } = *t.kind(a) else { panic!() };
    assert_eq!(len, ArrayLen::Fixed(2));
    assert_eq!(t.size_of(elem), Some(12));
    assert_eq!(t.size_of(a), Some(24));
    let t2 = table("struct f { int n; int data[]; };");
    let _ = t2;
}

#[test]
fn constant_expressions() {
    let t = table(
        "struct pt { int x, y; };
         enum flags { F1 = 1 << 3, F2 = F1 | 1, F3 = -1, F4 = 'a', F5 = 0x10, F6 = 010, F7 = sizeof(int),
           F8 = (unsigned char)300, F9 = 1 ? 2 : 3, F10 = sizeof(struct pt), F11 = ~0u >> 28, F12 = -1 >> 1,
           F13 = 10 / 3, F14 = -7 % 3, F15 = !0, F16 = 3 > 2 && 1 <= 0, F17 = __alignof__(double),
           F18 = (F1 + F2) * 2, F19 = 0 ? 1 : 0 || 4, F20 = '\\n', F21 = '\\x41', F22 = 1 - 2 - 3,
           F23, F24 = 0xffffffffu == -1, F25 = sizeof(long) == 8, F26 = 5 ^ 3, F27 = 6 & 3, F28 = 1 != 1 };
         static const int K1 = 5, K2 = K1 * 2 + F1;
         static const unsigned char K3 = 0x1ff;
         static const long K4 = 1L << 40;
         static const int K5 = (int)0xffffffff;",
    );
    let expect = [
        ("F1", 8),
        ("F2", 9),
        ("F3", -1),
        ("F4", 97),
        ("F5", 16),
        ("F6", 8),
        ("F7", 4),
        ("F8", 44),
        ("F9", 2),
        ("F10", 8),
        ("F11", 15),
        ("F12", -1),
        ("F13", 3),
        ("F14", -1),
        ("F15", 1),
        ("F16", 0),
        ("F17", 8),
        ("F18", 34),
        ("F19", 1),
        ("F20", 10),
        ("F21", 65),
        ("F22", -4),
        ("F23", -3),
        ("F24", 1),
        ("F25", 1),
        ("F26", 6),
        ("F27", 2),
        ("F28", 0),
        ("K1", 5),
        ("K2", 18),
        ("K3", 255),
        ("K4", 1 << 40),
        ("K5", -1),
    ];
    for (name, value) in expect {
        assert_eq!(constant(&t, name), value, "{name}");
    }
    let mut t = t;
    let arr = ty(&mut t, "int[F1 * 2]");
    assert_eq!(t.size_of(arr), Some(64));
}

#[test]
fn dollar_parameters() {
    let mut t = table("struct pt { int x; };");
    let p = t.parse_type("$ *", &[TypeParam::Type(CTypeId::INT32)]).unwrap();
    assert_eq!(t.name(p), "int *");
    let a = t.parse_type("int[$]", &[TypeParam::Number(4)]).unwrap();
    assert_eq!(t.size_of(a), Some(16));
    let s = t.parse_type("struct $", &[TypeParam::Name("pt".into())]).unwrap();
    assert_eq!(t.name(s), "struct pt");
    let st = ty(&mut t, "struct pt");
    let r = t
        .parse_type(
            "struct { $ x; int $; $ arr[$]; }",
            &[TypeParam::Type(CTypeId::DOUBLE), TypeParam::Name("y".into()), TypeParam::Type(st), TypeParam::Number(2)],
        )
        .unwrap();
    assert_eq!(t.find_field(r, "x").unwrap().ty, CTypeId::DOUBLE);
    assert_eq!(t.find_field(r, "y").unwrap().offset, 8);
    assert_eq!(t.find_field(r, "arr").unwrap().offset, 12);
    assert_eq!(t.size_of(r), Some(24));
    let cp = t.parse_type("const $ *", &[TypeParam::Type(st)]).unwrap();
    assert_eq!(t.name(cp), "const struct pt *");
}

#[test]
fn comments_preprocessor_and_lines() {
    let t = table(
        "#include <stdio.h>\n#define X 1 \\\n  + 2\n// line comment int nope;\n/* block\n comment */ int a;\n\
         # 12 \"file.h\"\nint b; // trailing\n",
    );
    assert!(t.symbol("a").is_some() && t.symbol("b").is_some() && t.symbol("nope").is_none());
    assert_eq!(cdef_err("/* one\ntwo */\n// three\nint x y;"), "';' expected near 'y' at line 4");
    assert_eq!(cdef_err("#define A \\\n B\nint x y;"), "';' expected near 'y' at line 3");
    assert_eq!(cdef_err("int a;\r\nint b;\r\nint c d;"), "';' expected near 'd' at line 3");
}

#[test]
fn redefinition_rules() {
    // Identical redeclarations are accepted.
    let t = table(
        "typedef int myint; typedef int myint; typedef signed int myint;
         int f(int a); int f(int b); extern int v; int v;
         struct s; struct s; struct s { int a; }; struct s; struct s *p(void);
         typedef unsigned long size_t; typedef long int64_t; typedef signed char int8_t;
         typedef __builtin_va_list va_list; typedef __builtin_va_list __gnuc_va_list;
         static const int K = 1; static const int K = 1;",
    );
    assert!(t.symbol("f").is_some());
    // glibc declares a function, then redeclares it with an `__asm__` name.
    let t = table(
        "int fscanf(int x); int fscanf(int) __asm__(\"\" \"__isoc99_fscanf\"); int fscanf(int y);
         extern int var; extern int var __asm__(\"var2\");",
    );
    assert_eq!(func_decl(&t, "fscanf").1.as_deref(), Some("__isoc99_fscanf"));
    assert!(matches!(t.symbol("var"), Some(Declaration::Variable { asm_name: Some(n), .. }) if n == "var2"));
    assert_eq!(cdef_err("int g(void) __asm__(\"a\"); int g(void) __asm__(\"b\");"), "attempt to redefine 'g'");
    // Conflicts are not.
    assert_eq!(cdef_err("typedef int t; typedef double t;"), "attempt to redefine 't'");
    assert_eq!(cdef_err("int f(int); double f(int);"), "attempt to redefine 'f'");
    assert_eq!(cdef_err("int f(int); int f(int, int);"), "attempt to redefine 'f'");
    assert_eq!(cdef_err("int x; typedef int x;"), "attempt to redefine 'x'");
    assert_eq!(cdef_err("int x; double x;"), "attempt to redefine 'x'");
    assert_eq!(cdef_err("typedef int size_t;"), "attempt to redefine 'size_t'");
    // As in LuaJIT, a second body is an error even when identical.
    assert_eq!(cdef_err("struct s { int a; }; struct s { int a; };"), "attempt to redefine 's'");
    assert_eq!(cdef_err("struct s { int a; };\nunion s;"), "attempt to redefine 's' at line 2");
    assert_eq!(cdef_err("enum e { A }; struct e;"), "attempt to redefine 'e'");
    assert_eq!(cdef_err("enum { A }; enum { A };"), "attempt to redefine 'A'");
    assert_eq!(cdef_err("int A; enum { A };"), "attempt to redefine 'A'");
    assert_eq!(cdef_err("struct r { struct r { int a; } x; };"), "attempt to redefine 'r'");
    // Across cdef calls too.
    let mut t = table("struct once { int a; };");
    assert_eq!(t.cdef("struct once { int a; };").unwrap_err().to_string(), "attempt to redefine 'once'");
}

#[test]
fn error_messages() {
    let cases = [
        ("int x int y;", "';' expected near 'int'"),
        ("int;", "'<identifier>' expected near ';'"),
        ("foo x;", "declaration specifier expected near 'foo'"),
        ("int a[-1];", "size of C type is unknown or too large"),
        ("int a[1/0];", "invalid value"),
        ("int a[08];", "malformed number near '08'"),
        ("int a[1.5];", "malformed number near '1.5'"),
        ("struct s { int x:33; };", "invalid value near ':'"),
        ("struct s { int x:0; };", "invalid value near ':'"),
        ("struct s { double x:3; };", "invalid value near ':'"),
        ("struct s { int a[]; int b; };", "'}' expected near 'int'"),
        ("struct s { int a; ", "'}' expected near '<eof>'"),
        ("int f(int) (int);", "invalid C type"),
        ("int f(int)[3];", "invalid C type"),
        ("void a[3];", "size of C type is unknown or too large"),
        ("struct s { struct s x; };", "size of C type is unknown or too large"),
        ("struct t; struct t arr[2];", "size of C type is unknown or too large"),
        ("int x = 5;", "';' expected near '='"),
        ("static int X = 5;", "invalid C type"),
        ("static const int X;", "'=' expected near ';'"),
        ("int a[y];", "unexpected symbol near 'y'"),
        ("int f(int a", "')' expected near '<eof>'"),
        ("int f(void) __asm__(\"abc", "unfinished string near '<eof>'"),
        ("int a @;", "unexpected symbol near '@'"),
        ("struct { int a; } __attribute__((aligned(3))) x;", "invalid value"),
        ("typedef int t;\n\nt t2 t3;", "';' expected near 't3' at line 3"),
        ("int a[0x80000000];", "size of C type is unknown or too large"),
        ("enum { A = 1, 2 };", "'<identifier>' expected near '2'"),
    ];
    for (src, want) in cases {
        assert_eq!(cdef_err(src), want, "{src}");
    }
    assert_eq!(type_err("int x", &[]), "'<eof>' expected near 'x'");
    assert_eq!(type_err("int *p[3]", &[]), "'<eof>' expected near 'p'");
    assert_eq!(type_err("struct foo", &[]), "undeclared or implicit tag 'foo'");
    assert_eq!(type_err("struct foo { int a; }", &[]), "undeclared or implicit tag 'foo'");
    assert_eq!(type_err("typedef int", &[]), "bad storage class near 'typedef'");
    assert_eq!(type_err("int[?]", &[TypeParam::Number(1)]), "wrong number of type parameters");
    assert_eq!(type_err("$", &[]), "wrong number of type parameters");
    assert_eq!(type_err("int int", &[]), "'<eof>' expected near 'int'");
    assert_eq!(type_err("", &[]), "declaration specifier expected near '<eof>'");
    assert_eq!(type_err("int (", &[]), "')' expected near '<eof>'");
}

#[test]
fn single_declaration_may_omit_semicolon() {
    let t = table("int last_one");
    assert!(t.symbol("last_one").is_some());
    assert_eq!(cdef_err("int a; int b"), "';' expected near '<eof>'");
    table(";;; struct s { int a; };;");
}

#[test]
fn type_expressions_may_define_anonymous_records() {
    let mut t = CTypeTable::new();
    let a = ty(&mut t, "struct { int a; double b; }");
    let b = ty(&mut t, "struct { int a; double b; }");
    assert_ne!(a, b, "each anonymous body is a type of its own");
    assert_eq!(t.size_of(a), Some(16));
    let e = ty(&mut t, "enum { Q1 = 5, Q2 }");
    assert_eq!(t.size_of(e), Some(4));
    assert_eq!(constant(&t, "Q2"), 6);
}

#[test]
fn pragma_pack_scoping() {
    let mut t = table(
        "#pragma pack(push, 1)
         struct a { char c; int i; };
         #pragma pack(push, 2)
         struct b { char c; int i; };
         #pragma pack(pop)
         struct c { char c; int i; };
         #pragma pack(pop)
         struct d { char c; int i; };
         struct e { char c;
         #pragma pack(1)
           int i; };
         struct f { char c; int i; };",
    );
    for (name, size) in [("a", 5), ("b", 6), ("c", 5), ("d", 8), ("e", 5), ("f", 5)] {
        let id = ty(&mut t, &format!("struct {name}"));
        assert_eq!(t.size_of(id), Some(size), "struct {name}");
    }
    // Each cdef starts with natural alignment, as in LuaJIT.
    t.cdef("struct g { char c; int i; };").unwrap();
    let g = ty(&mut t, "struct g");
    assert_eq!(t.size_of(g), Some(8));
}

#[test]
fn gcc_float_typedefs() {
    let mut t = CTypeTable::new();
    assert_eq!(ty(&mut t, "_Float32"), CTypeId::FLOAT);
    assert_eq!(ty(&mut t, "_Float64"), CTypeId::DOUBLE);
    assert_eq!(ty(&mut t, "_Float64x"), CTypeId::LONG_DOUBLE);
    assert_eq!(type_err("_Float128", &[]), "declaration specifier expected near '_Float128'");
}

#[test]
fn source_that_is_not_utf8_is_read_as_bytes() {
    // A Latin-1 header: the comment, two names differing in one byte >= 0x80,
    // and an asm label hold bytes that are not UTF-8.
    let mut t = CTypeTable::new();
    t.cdef(b"/* caf\xe9 */ enum { K\xe9 = 1, K\xea = 2 }; int f(void) __asm__(\"g\xe9\");").unwrap();
    let name = |bytes: &[u8]| super::name_from_bytes(bytes).into_owned();
    assert_eq!(constant(&t, &name(b"K\xe9")), 1);
    assert_eq!(constant(&t, &name(b"K\xea")), 2);
    match t.symbol("f") {
        Some(Declaration::Function { asm_name, .. }) => assert_eq!(asm_name.as_deref(), Some(name(b"g\xe9").as_str())),
        other => panic!("f is {other:?}"),
    }
    // UTF-8 names are kept as they are.
    t.cdef("enum { caf\u{e9} = 3 };").unwrap();
    assert_eq!(constant(&t, "caf\u{e9}"), 3);
    assert_eq!(super::name_from_bytes("caf\u{e9}".as_bytes()), "caf\u{e9}");
}
