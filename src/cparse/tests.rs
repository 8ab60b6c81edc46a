//! Parser tests: each construct of the supported C subset, constant
//! expressions, `$` parameters, redefinition rules and exact error messages.

use super::Declare;
use crate::ctype::{ArrayLen, CKind, CTypeId, CTypeTable, CallConv, Declaration, TypeParam};

fn table(src: &str) -> CTypeTable {
    let mut t = crate::cparse::new_table();
    t.cdef(src).unwrap_or_else(|e| panic!("cdef failed: {e}\n{src}"));
    t
}

fn ty(t: &mut CTypeTable, s: &str) -> CTypeId {
    t.parse_type(s, &[]).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn cdef_err(src: &str) -> String {
    crate::cparse::new_table().cdef(src).expect_err(src).to_string()
}

fn type_err(src: &str, params: &[TypeParam]) -> String {
    crate::cparse::new_table().parse_type(src, params).expect_err(src).to_string()
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
fn dollar_integer_parameters_are_a_type_or_a_value() {
    let mut t = table("");
    let five = TypeParam::Integer { ty: CTypeId::INT64, bits: 5, unsigned: false };
    let a = t.parse_type("uint8_t[$]", std::slice::from_ref(&five)).unwrap();
    assert_eq!(t.size_of(a), Some(5));
    let p = t.parse_type("$ *", std::slice::from_ref(&five)).unwrap();
    assert_eq!(t.name(p), "int64_t *");
    let sum = t.parse_type("int[$ + 1]", &[five]).unwrap();
    assert_eq!(t.size_of(sum), Some(24));
    let negative = TypeParam::Integer { ty: CTypeId::INT64, bits: -1i64 as u64, unsigned: false };
    assert!(t.parse_type("int[$]", &[negative]).is_err());
    t.cdef_with("enum { BIG = $ };", &[TypeParam::Integer { ty: CTypeId::INT64, bits: 1 << 40, unsigned: false }])
        .unwrap();
    assert!(matches!(t.symbol("BIG"), Some(Declaration::Constant { value, .. }) if *value == 1 << 40));
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
    // As in LuaJIT, a later declaration of a name that exists is ignored:
    // the first one wins, whatever the second declares.
    let t = table(
        "typedef int myint; typedef int myint; typedef signed int myint;
         int f(int a); int f(int b); extern int v; int v;
         struct s; struct s; struct s { int a; }; struct s; struct s *p(void);
         typedef unsigned long size_t; typedef long int64_t; typedef signed char int8_t;
         typedef __builtin_va_list va_list; typedef __builtin_va_list __gnuc_va_list;
         static const int K = 1; static const int K = 2;
         void *malloc(size_t); int malloc(float);
         struct foo typedef foo; typedef struct bar foo;
         typedef int t; typedef double t;
         int x; double x; typedef int x;
         typedef int size_t;
         extern int vt; typedef int vt;
         typedef int tf; int tf(void);
         enum { FE = 1 }; int FE(void); static const int FE = 3;",
    );
    assert_eq!(func(&t, func_decl(&t, "malloc").0).0, CTypeId::VOID_PTR);
    assert_eq!(t.name(t.typedef("foo").unwrap()), "struct foo");
    assert_eq!(t.typedef("t"), Some(CTypeId::INT32));
    assert!(matches!(t.symbol("x"), Some(Declaration::Variable { ty: CTypeId::INT32, .. })));
    assert_eq!(t.typedef("size_t"), Some(CTypeId::UINT64));
    assert!(t.typedef("vt").is_none() && t.symbol("vt").is_some());
    assert_eq!(t.typedef("tf"), Some(CTypeId::INT32));
    assert_eq!((constant(&t, "K"), constant(&t, "FE")), (1, 1));
    // glibc declares a function, then redeclares it with an `__asm__` name:
    // a redeclaration of the same type that adds a symbol name applies it.
    let t = table(
        "int fscanf(int x); int fscanf(int) __asm__(\"\" \"__isoc99_fscanf\"); int fscanf(int y);
         extern int var; extern int var __asm__(\"var2\");
         int g(void) __asm__(\"a\"); int g(void) __asm__(\"b\");
         int h(int); int h(long) __asm__(\"h2\");",
    );
    assert_eq!(func_decl(&t, "fscanf").1.as_deref(), Some("__isoc99_fscanf"));
    assert!(matches!(t.symbol("var"), Some(Declaration::Variable { asm_name: Some(n), .. }) if n == "var2"));
    assert_eq!(func_decl(&t, "g").1.as_deref(), Some("a"));
    assert_eq!(func_decl(&t, "h").1, None);
    // Enumerators are never redeclared, and bodies are never defined twice:
    // as in LuaJIT, a second body is an error even when identical.
    assert_eq!(cdef_err("struct s { int a; }; struct s { int a; };"), "attempt to redefine 's'");
    assert_eq!(cdef_err("struct s { int a; };\nunion s;"), "attempt to redefine 's' at line 2");
    assert_eq!(cdef_err("enum e { A }; struct e;"), "attempt to redefine 'e'");
    assert_eq!(cdef_err("enum e { A }; enum e { B };"), "attempt to redefine 'e'");
    assert_eq!(cdef_err("enum { A }; enum { A };"), "attempt to redefine 'A'");
    assert_eq!(cdef_err("int A; enum { A };"), "attempt to redefine 'A'");
    assert_eq!(cdef_err("typedef int A; enum { A };"), "attempt to redefine 'A'");
    assert_eq!(cdef_err("struct r { struct r { int a; } x; };"), "attempt to redefine 'r'");
    // Across cdef calls too.
    let mut t = table("struct once { int a; }; int first(void);");
    assert_eq!(t.cdef("struct once { int a; };").unwrap_err().to_string(), "attempt to redefine 'once'");
    t.cdef("double first(double);").unwrap();
    assert_eq!(func(&t, func_decl(&t, "first").0).0, CTypeId::INT32);
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
    let mut t = crate::cparse::new_table();
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
fn gcc_named_float_and_128_bit_types() {
    let mut t = crate::cparse::new_table();
    assert_eq!(ty(&mut t, "_Float32"), CTypeId::FLOAT);
    assert_eq!(ty(&mut t, "_Float64"), CTypeId::DOUBLE);
    assert_eq!(ty(&mut t, "_Float32x"), CTypeId::DOUBLE);
    assert_eq!(ty(&mut t, "_Float64x"), CTypeId::LONG_DOUBLE);
    assert_eq!(ty(&mut t, "_Float128"), CTypeId::FLOAT128);
    assert_eq!(ty(&mut t, "__float128"), CTypeId::FLOAT128);
    assert_eq!(ty(&mut t, "const _Float128"), t.qualified(CTypeId::FLOAT128, crate::ctype::Qual::CONST));
    assert_eq!(ty(&mut t, "__int128"), CTypeId::INT128);
    assert_eq!(ty(&mut t, "signed __int128"), CTypeId::INT128);
    assert_eq!(ty(&mut t, "unsigned __int128"), CTypeId::UINT128);
    assert_eq!(ty(&mut t, "__int128 unsigned"), CTypeId::UINT128);
    // They combine with `_Complex` as the other floating types do.
    let c = ty(&mut t, "_Float128 _Complex");
    assert!(matches!(t.kind(c), CKind::Complex { part } if *part == CTypeId::FLOAT128));
    assert_eq!((t.size_of(c), t.align_of(c)), (Some(32), Some(16)));
    // Each names a type of its own: a second one ends the specifiers.
    assert_eq!(type_err("_Float128 double", &[]), "'<eof>' expected near 'double'");
    assert_eq!(type_err("__int128 int", &[]), "'<eof>' expected near 'int'");
}

#[test]
fn source_that_is_not_utf8_is_read_as_bytes() {
    // A Latin-1 header: the comment, two names differing in one byte >= 0x80,
    // and an asm label hold bytes that are not UTF-8.
    let mut t = crate::cparse::new_table();
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

#[test]
fn gcc_extensions_seed_parses() {
    // The fuzz seed that gathers what real headers and LuaJIT programs write.
    let src = include_bytes!("../../fuzz/corpus/cdef/gcc-extensions.h");
    let mut t = crate::cparse::new_table();
    t.cdef(src).unwrap_or_else(|e| panic!("gcc-extensions.h: {e}"));
    assert_eq!(constant(&t, "FROM_EXT"), 5);
    assert_eq!(constant(&t, "FROM_PTR"), 5);
    assert_eq!(constant(&t, "SZ"), 5);
    assert_eq!(constant(&t, "OFF"), 8);
    assert_eq!(constant(&t, "OFF2"), 8);
    assert_eq!(constant(&t, "AV"), 1);
    assert_eq!(constant(&t, "CAST"), 44);
    assert!(t.symbol("continued").is_some());
}

#[test]
fn complex_types() {
    let mut t = crate::cparse::new_table();
    for (src, part) in [
        ("complex", CTypeId::DOUBLE),
        ("_Complex", CTypeId::DOUBLE),
        ("complex double", CTypeId::DOUBLE),
        ("double _Complex", CTypeId::DOUBLE),
        ("_Complex double", CTypeId::DOUBLE),
        ("__complex__ double", CTypeId::DOUBLE),
        ("complex float", CTypeId::FLOAT),
        ("float _Complex", CTypeId::FLOAT),
        ("long double _Complex", CTypeId::LONG_DOUBLE),
        ("int _Complex", CTypeId::INT32),
        ("_Complex unsigned char", CTypeId::UCHAR),
    ] {
        let id = ty(&mut t, src);
        assert!(matches!(t.kind(id), CKind::Complex { part: p } if *p == part), "{src}");
        let part_size = t.size_of(part).unwrap();
        assert_eq!((t.size_of(id), t.align_of(id)), (Some(2 * part_size), t.align_of(part)), "{src}");
    }
    assert_eq!(ty(&mut t, "complex"), CTypeId::COMPLEX_DOUBLE);
    assert_eq!(ty(&mut t, "float complex"), CTypeId::COMPLEX_FLOAT);
    // The parts are the members `re` and `im`, as LuaJIT names them.
    let re = t.complex_member(CTypeId::COMPLEX_DOUBLE, "re").unwrap();
    let im = t.complex_member(CTypeId::COMPLEX_DOUBLE, "im").unwrap();
    assert_eq!((re.ty, re.offset, im.ty, im.offset), (CTypeId::DOUBLE, 0, CTypeId::DOUBLE, 8));
    assert_eq!(t.complex_member(CTypeId::COMPLEX_FLOAT, "im").unwrap().offset, 4);
    assert!(t.complex_member(CTypeId::COMPLEX_DOUBLE, "x").is_none());
    assert!(t.find_field(CTypeId::COMPLEX_DOUBLE, "re").is_none(), "not a struct member");
    // In declarations, as complex.h has them.
    let t = table(
        "double _Complex cexp(double _Complex z); float _Complex cexpf(float _Complex z);
         struct zc { char c; long double _Complex z; };",
    );
    let (f, _) = func_decl(&t, "cexpf");
    assert_eq!(func(&t, f).1, vec![CTypeId::COMPLEX_FLOAT]);
    assert_eq!(func(&t, f).0, CTypeId::COMPLEX_FLOAT);
    assert_eq!(cdef_err("void _Complex x;"), "invalid C type");
    assert_eq!(cdef_err("_Bool _Complex x;"), "invalid C type");
}

#[test]
fn references() {
    let mut t = table("void rf(int &a, const char (&s)[4], int *&p); struct refs { char c; int &r; };");
    let int_ref = ty(&mut t, "int &");
    assert!(matches!(t.kind(int_ref), CKind::Reference { to } if *to == CTypeId::INT32));
    assert_eq!(ty(&mut t, "int &&"), int_ref);
    assert_eq!(t.unreferenced(int_ref), CTypeId::INT32);
    assert_eq!(t.unreferenced(CTypeId::INT32), CTypeId::INT32);
    // Parameters keep their references (an array behind one does not decay).
    let (f, _) = func_decl(&t, "rf");
    let want = vec![int_ref, ty(&mut t, "const char (&)[4]"), ty(&mut t, "int *&")];
    assert_eq!(func(&t, f).1, want);
    // Stored as a pointer.
    let refs = ty(&mut t, "struct refs");
    assert_eq!(t.find_field(refs, "r").unwrap().offset, 8);
    assert_eq!(t.size_of(refs), Some(16));
    // A reference takes no qualifiers of its own; nothing points or refers to one.
    assert_eq!(ty(&mut t, "int & const"), int_ref);
    let q = t.qualified(int_ref, crate::ctype::Qual::CONST);
    assert_eq!(q, int_ref);
    for bad in ["int &*", "int & &", "int &[3]", "int &(&)"] {
        assert_eq!(type_err(bad, &[]), "invalid C type", "{bad}");
    }
    ty(&mut t, "int &(*)(void)");
    ty(&mut t, "void &");
}

#[test]
fn mode_attributes() {
    let mut t = table(
        "typedef int reg_t __attribute__ ((__mode__ (__word__)));
         typedef unsigned int u_reg_t __attribute__ ((__mode__ (word)));
         typedef int q_t __attribute__ ((__mode__ (__QI__)));
         typedef unsigned int uq_t __attribute__ ((mode (QI)));
         typedef int h_t __attribute__ ((mode (HI)));
         typedef short s_t __attribute__ ((mode (SI)));
         typedef int d_t __attribute__ ((__mode__ (__DI__)));
         typedef int t_t __attribute__ ((mode (TI)));
         typedef unsigned t_u __attribute__ ((mode (__TI__)));
         typedef int p_t __attribute__ ((mode (pointer)));
         typedef long b_t __attribute__ ((mode (byte)));
         typedef float df_t __attribute__ ((mode (DF)));
         typedef double sf_t __attribute__ ((mode (SF)));
         typedef float tf_t __attribute__ ((mode (TF)));
         typedef _Complex float dc_t __attribute__ ((mode (DC)));
         typedef int v4_t __attribute__ ((mode (V4SI)));
         typedef int unknown_t __attribute__ ((mode (XYZ)));
         typedef int *ptr_t __attribute__ ((mode (DI)));
         typedef const int cq_t __attribute__ ((mode (QI)));
         int __attribute__((mode(HI))) a, b;",
    );
    let cases = [
        ("reg_t", CTypeId::INT64),
        ("u_reg_t", CTypeId::UINT64),
        ("q_t", CTypeId::SCHAR),
        ("uq_t", CTypeId::UCHAR),
        ("h_t", CTypeId::INT16),
        ("s_t", CTypeId::INT32),
        ("d_t", CTypeId::INT64),
        ("t_t", CTypeId::INT128),
        ("t_u", CTypeId::UINT128),
        ("p_t", CTypeId::INT64),
        ("b_t", CTypeId::SCHAR),
        ("df_t", CTypeId::DOUBLE),
        ("sf_t", CTypeId::FLOAT),
        ("tf_t", CTypeId::FLOAT128),
        ("dc_t", CTypeId::COMPLEX_DOUBLE),
        ("unknown_t", CTypeId::INT32),
    ];
    for (name, want) in cases {
        assert_eq!(t.typedef(name), Some(want), "{name}");
    }
    let v4 = t.typedef("v4_t").unwrap();
    assert!(matches!(t.kind(v4), CKind::Vector { elem, len: 4 } if *elem == CTypeId::INT32));
    // As in gcc, a mode applies to the declared type: a pointer stays one
    // (every pointer mode gcc takes on LP64 is 8 bytes).
    assert_eq!(t.typedef("ptr_t"), Some(ty(&mut t, "int *")));
    assert_eq!(t.typedef("cq_t"), Some(ty(&mut t, "const signed char")));
    for v in ["a", "b"] {
        assert!(matches!(t.symbol(v), Some(Declaration::Variable { ty: CTypeId::INT16, .. })), "{v}");
    }
    assert_eq!(cdef_err("typedef float x __attribute__((mode(SI)));"), "invalid C type");
    assert_eq!(cdef_err("typedef int x __attribute__((mode(DF)));"), "invalid C type");
}

#[test]
fn vector_types() {
    let mut t = table(
        "typedef int v4si __attribute__((vector_size(16)));
         typedef float v8sf __attribute__((vector_size(32)));
         typedef char v64 __attribute__((vector_size(64)));
         typedef short v2hi __attribute__((vector_size(4)));
         typedef struct { int a; } s_t __attribute__((vector_size(16)));
         struct holds { char c; v4si v; };",
    );
    for (name, len, size, align) in [("v4si", 4, 16, 16), ("v8sf", 8, 32, 16), ("v64", 64, 64, 16), ("v2hi", 2, 4, 4)] {
        let id = t.typedef(name).unwrap();
        assert!(matches!(t.kind(id), CKind::Vector { len: l, .. } if *l == len), "{name}");
        assert_eq!((t.size_of(id), t.align_of(id)), (Some(size), Some(align)), "{name}");
    }
    let holds = ty(&mut t, "struct holds");
    assert_eq!((t.find_field(holds, "v").unwrap().offset, t.size_of(holds)), (16, Some(32)));
    // Qualifiers stay on the vector; on a record the attribute does nothing (as in LuaJIT).
    let cv = ty(&mut t, "const v4si");
    assert!(t.get(cv).qual.is_const && matches!(t.kind(cv), CKind::Vector { .. }));
    assert!(matches!(t.kind(t.typedef("s_t").unwrap()), CKind::Record { .. }));
    // gcc wants a whole power-of-two number of elements.
    assert_eq!(cdef_err("typedef int v3 __attribute__((vector_size(12)));"), "invalid value");
    assert_eq!(cdef_err("typedef int v3 __attribute__((vector_size(2)));"), "invalid value");
}

#[test]
fn alignment_attributes() {
    let mut t = table(
        "typedef int al8 __attribute__((aligned(8)));
         typedef int al1 __attribute__((aligned(1)));
         typedef int arr_al[3] __attribute__((aligned(32)));
         typedef __declspec(align(16)) int ds16;
         typedef __declspec(align(16)) struct { int a; } ds_t;
         struct s_ds { char c; __declspec(align(16)) int x; };
         struct s_as { char c; _Alignas(8) int x; _Alignas(double) char d; };
         typedef int huge __attribute__((aligned(1 << 20)));",
    );
    for (name, size, align) in
        [("al8", 4, 8), ("al1", 4, 1), ("arr_al", 12, 32), ("ds16", 4, 16), ("ds_t", 4, 16), ("huge", 4, 1 << 15)]
    {
        let id = t.typedef(name).unwrap();
        assert_eq!((t.size_of(id), t.align_of(id)), (Some(size), Some(align)), "{name}");
    }
    let s = ty(&mut t, "struct s_ds");
    assert_eq!((t.find_field(s, "x").unwrap().offset, t.size_of(s)), (16, Some(32)));
    let s = ty(&mut t, "struct s_as");
    assert_eq!((t.find_field(s, "x").unwrap().offset, t.find_field(s, "d").unwrap().offset), (8, 16));
    // In a type string, as LuaJIT takes it.
    let a = ty(&mut t, "int __attribute__((aligned(8)))");
    assert_eq!((t.size_of(a), t.align_of(a)), (Some(4), Some(8)));
    let arr = ty(&mut t, "al8[2]");
    assert_eq!(t.align_of(arr), Some(8));
}

#[test]
fn qualifiers_and_keywords_of_real_headers() {
    let mut t = table(
        "enum E { A, B __attribute__((deprecated(\"x\"))) = 2, C __attribute__((unavailable)), };
         _Atomic int at1; _Atomic(long) at2; const _Atomic(unsigned char) *at3;
         _Noreturn void ex(int); __thread int tls; extern _Thread_local int tls2;
         int *__ptr32 p32; int *__ptr64 p64;
         typedef struct { int x; } __attribute__((aligned(8))) after_t;
         int __attribute__((unused)) *__attribute__((nonnull)) attributed(int __attribute__((unused)) a);",
    );
    assert_eq!((constant(&t, "A"), constant(&t, "B"), constant(&t, "C")), (0, 2, 3));
    assert!(matches!(t.symbol("at1"), Some(Declaration::Variable { ty: CTypeId::INT32, .. })));
    assert!(matches!(t.symbol("at2"), Some(Declaration::Variable { ty: CTypeId::INT64, .. })));
    let at3 = ty(&mut t, "const unsigned char *");
    assert!(matches!(t.symbol("at3"), Some(Declaration::Variable { ty, .. }) if *ty == at3));
    assert!(t.symbol("ex").is_some() && t.symbol("tls").is_some() && t.symbol("tls2").is_some());
    assert_eq!(ty(&mut t, "_Atomic(int) *"), ty(&mut t, "int *"));
    let int_ptr = ty(&mut t, "int *");
    assert!(matches!(t.symbol("p32"), Some(Declaration::Variable { ty, .. }) if *ty == int_ptr));
}

#[test]
fn array_parameters() {
    let mut t = table(
        "int regexec(const void *__restrict preg, const char *__restrict s, unsigned long nmatch,
                     int pmatch[__restrict nmatch], int eflags);
         void sa(int a[static 10], int b[const], int c[*], int d[static const restrict 4], int e[volatile 2]);
         void grid(int n, int k, double m[n][k], double cube[n][2][k]);",
    );
    let int_ptr = ty(&mut t, "int *");
    let (r, _) = func_decl(&t, "regexec");
    assert_eq!(func(&t, r).1[3], int_ptr);
    let (sa, _) = func_decl(&t, "sa");
    assert_eq!(func(&t, sa).1, vec![int_ptr; 5]);
    let (grid, _) = func_decl(&t, "grid");
    let params = func(&t, grid).1;
    assert_eq!(t.name(params[2]), "double (*)[]");
    assert_eq!(t.name(params[3]), "double (*)[2][]");
    // Outside a parameter list a size must be a constant.
    assert_eq!(cdef_err("extern int n; int a[n];"), "invalid value");
    assert_eq!(cdef_err("int a[m];"), "unexpected symbol near 'm'");
}

#[test]
fn two_base_types_end_the_specifiers() {
    // As in LuaJIT: `int char` is `int` followed by a misplaced `char`.
    assert_eq!(cdef_err("int char x;"), "'<identifier>' expected near 'char'");
    assert_eq!(type_err("int char", &[]), "'<eof>' expected near 'char'");
    assert_eq!(type_err("void int", &[]), "'<eof>' expected near 'int'");
    assert_eq!(type_err("float double", &[]), "'<eof>' expected near 'double'");
    assert_eq!(type_err("long double double", &[]), "'<eof>' expected near 'double'");
    assert_eq!(type_err("__int8 int", &[]), "'<eof>' expected near 'int'");
    let mut t = crate::cparse::new_table();
    // Modifiers combine with one base type as LuaJIT combines them.
    assert_eq!(ty(&mut t, "long char"), CTypeId::CHAR);
    assert_eq!(ty(&mut t, "short long"), CTypeId::INT16);
    assert_eq!(ty(&mut t, "unsigned float"), CTypeId::FLOAT);
    assert_eq!(ty(&mut t, "long long int"), CTypeId::INT64);
    assert_eq!(ty(&mut t, "int long unsigned"), CTypeId::UINT64);
}

#[test]
fn line_continuations_join_lines() {
    let t = table("unsig\\\nned int lc\\\nx;\n#define M 1 \\\n  + 2\nint \\\r\n after;");
    assert!(matches!(t.symbol("lcx"), Some(Declaration::Variable { ty: CTypeId::UINT32, .. })));
    assert!(t.symbol("after").is_some());
    // Lines are still counted.
    assert_eq!(cdef_err("int a\\\n;\nint b\\\nc d;"), "';' expected near 'd' at line 4");
    assert_eq!(cdef_err("int \\\n\\\n x y;"), "';' expected near 'y' at line 3");
}

#[test]
fn typed_constant_expressions() {
    let t = table(
        "struct s { int a; double b[3]; struct { char c; } in; unsigned bf : 3; static const int K = 7; };
         extern struct s ext; extern double dd; extern int *ip; extern char arr[10];
         int f(void);
         enum {
           STR = sizeof(\"aa\" \"bb\"), STR1 = sizeof \"x\",
           MEMBER = sizeof(((struct s *)0)->b), MEMBER_ELEM = sizeof(((struct s *)0)->b[1]),
           OFFSET = (int)&((struct s *)0)->b, OFFSET2 = (long)&((struct s *)0)->b[2],
           OFFSET3 = (unsigned long)&((struct s *)0)->in.c,
           BUILTIN = __builtin_offsetof(struct s, in.c), BUILTIN2 = __builtin_offsetof(struct s, b[1]),
           EXT_K = ext.K, PTR_K = ((struct s *)0)->K, EXT_SIZE = sizeof ext, EXT_MEMBER = sizeof(ext.in),
           DD = sizeof(dd), DEREF = sizeof(*ip), INDEX = sizeof(ip[3]), ADDR = sizeof(&dd), ARR = sizeof arr,
           ARR_ELEM = sizeof(arr[0]), CAST = (unsigned char)300, SCAST = (signed char)200,
           CHAR_CAST = sizeof((char)1), LONG = sizeof(1L), COMMA = (1, 2), VOID_ALIGN = __alignof__(void),
           DIFF = (int)(&((struct s *)0)->b[2] - &((struct s *)0)->b[0])
         };
         static const int FROM_ENUM = STR * 2 + EXT_K;",
    );
    let cases = [
        ("STR", 5),
        ("STR1", 2),
        ("MEMBER", 24),
        ("MEMBER_ELEM", 8),
        ("OFFSET", 8),
        ("OFFSET2", 24),
        ("OFFSET3", 32),
        ("BUILTIN", 32),
        ("BUILTIN2", 16),
        ("EXT_K", 7),
        ("PTR_K", 7),
        ("EXT_SIZE", 40),
        ("EXT_MEMBER", 1),
        ("DD", 8),
        ("DEREF", 4),
        ("INDEX", 4),
        ("ADDR", 8),
        ("ARR", 10),
        ("ARR_ELEM", 1),
        ("CAST", 44),
        ("SCAST", -56),
        ("CHAR_CAST", 1),
        ("LONG", 8),
        ("COMMA", 2),
        ("VOID_ALIGN", 1),
        ("DIFF", 2),
        ("FROM_ENUM", 17),
    ];
    for (name, want) in cases {
        assert_eq!(constant(&t, name), want, "{name}");
    }
    // Values read from objects are not known when declaring.
    let errors = [
        ("extern int v; enum { X = v };", "invalid value"),
        ("extern int *p; enum { X = *p };", "invalid value"),
        ("enum { X = (void *)0 };", "invalid value"),
        ("struct t { int a : 3; }; enum { X = sizeof(((struct t *)0)->a) };", "'struct t' has no member named 'a'"),
        ("struct t { int a; }; enum { X = sizeof(((struct t *)0)->b) };", "'struct t' has no member named 'b'"),
        ("enum { X = sizeof(1)[2] };", "'int' cannot be indexed"),
        ("enum { X = sizeof(void) };", "size of C type is unknown or too large"),
        ("int f(void); enum { X = sizeof(f()) };", "')' expected near '('"),
        ("enum { X = __builtin_offsetof(int, a) };", "'int' has no member named 'a'"),
    ];
    for (src, want) in errors {
        assert_eq!(cdef_err(src), want, "{src}");
    }
}

#[test]
fn skipped_bodies_may_hold_what_declarations_may_not() {
    let t = table(
        "static inline float f(float x) { return x * 1.0f + 2.5e3 + 0x1p3 + .5 + 1e-5 + 'ab' + L'x'; }
         static __inline int g(void) { int a = 1; a @= 2; return a; } int after;
         int h(void) __attribute__((optimize(1.5)));",
    );
    assert!(t.symbol("after").is_some() && t.symbol("h").is_some());
    // Where a value is needed they are errors, as in LuaJIT.
    assert_eq!(cdef_err("int a[1.5];"), "malformed number near '1.5'");
    assert_eq!(cdef_err("int a @;"), "unexpected symbol near '@'");
    assert_eq!(cdef_err("enum { X = 'ab' };"), "''' expected near 'ab'");
    assert_eq!(cdef_err("int f(void) { \"unfinished"), "unfinished string near '<eof>'");
}

#[test]
fn unnamed_members_of_named_types() {
    // As in LuaJIT: an unnamed member of a struct or union type is a member
    // (its members are reached through it); an unnamed enum declares nothing.
    let mut t = table(
        "struct foo { double d; };
         struct bar { struct foo; };
         typedef struct { int a, b; } pair_t;
         struct baz { pair_t; int c; enum e { E1 }; enum e; };
         union un { struct foo; pair_t; };",
    );
    let bar = ty(&mut t, "struct bar");
    assert_eq!(t.size_of(bar), Some(8));
    assert_eq!(t.find_field(bar, "d").map(|f| f.offset), Some(0));
    let baz = ty(&mut t, "struct baz");
    assert_eq!((t.size_of(baz), t.find_field(baz, "c").map(|f| f.offset)), (Some(12), Some(8)));
    assert_eq!(t.find_field(baz, "b").map(|f| f.offset), Some(4));
    let un = ty(&mut t, "union un");
    assert_eq!(t.size_of(un), Some(8));
    assert_eq!(
        cdef_err("struct vls { int n; int d[?]; }; struct w { struct vls; };"),
        "'<identifier>' expected near ';'"
    );
    assert_eq!(cdef_err("struct w { int; };"), "'<identifier>' expected near ';'");
}

#[test]
fn static_const_members() {
    let mut t = table(
        "struct k { int a; static const int K = 5, L = 6; union { static const unsigned char M = 300; int b; }; };",
    );
    let k = ty(&mut t, "struct k");
    assert_eq!(t.size_of(k), Some(8), "constants take no space");
    assert_eq!(t.find_constant(k, "K"), Some((ty(&mut t, "const int"), 5)));
    assert_eq!(t.find_constant(k, "L").map(|c| c.1), Some(6));
    assert_eq!(t.find_constant(k, "M").map(|c| c.1), Some(44));
    assert!(t.find_field(k, "K").is_none());
    assert!(t.find_constant(k, "a").is_none());
    assert_eq!(cdef_err("struct k { static int K = 5; };"), "invalid C type");
    assert_eq!(cdef_err("struct k { static const double K = 5; };"), "invalid C type");
}

#[test]
fn vector_sizes_are_bounded() {
    assert_eq!(
        cdef_err("typedef int v __attribute__((mode(V2147483648SI)));"),
        "size of C type is unknown or too large"
    );
    assert_eq!(cdef_err("typedef char v __attribute__((vector_size(0)));"), "invalid value");
    assert_eq!(
        cdef_err("typedef char v __attribute__((vector_size(0x80000000)));"),
        "size of C type is unknown or too large"
    );
    let mut t = table("typedef char big __attribute__((vector_size(1 << 30)));");
    let big = ty(&mut t, "big");
    assert_eq!((t.size_of(big), t.align_of(big)), (Some(1 << 30), Some(16)));
}

#[test]
fn type_strings_are_parsed_once() {
    let mut t = table("struct later; typedef struct { int x; } vec;");
    // Remembered: a second parse is a lookup with the same answer.
    let p = ty(&mut t, "struct later *");
    assert_eq!(t.remembered_type(b"struct later *"), Some(p));
    assert_eq!(ty(&mut t, "struct later *"), p);
    let v = ty(&mut t, "vec");
    assert_eq!(t.remembered_type(b"vec"), Some(v));
    // A struct completed after its type string was remembered keeps its id.
    t.cdef("struct later { double d; };").unwrap();
    assert_eq!(ty(&mut t, "struct later *"), p);
    let later = ty(&mut t, "struct later");
    assert_eq!(t.size_of(later), Some(8));
    // A type string that makes a type is parsed every time: two anonymous
    // structs are two types, as in LuaJIT.
    let a = ty(&mut t, "struct { int x; }");
    let b = ty(&mut t, "struct { int x; }");
    assert_ne!(a, b);
    assert_eq!(t.remembered_type(b"struct { int x; }"), None);
    // Errors are not remembered: the name means something once declared.
    assert!(t.parse_type("later_t", &[]).is_err());
    t.cdef("typedef int later_t;").unwrap();
    assert_eq!(ty(&mut t, "later_t"), CTypeId::INT32);
    // `$` parameters are never remembered.
    let params = [TypeParam::Number(4)];
    let arr = t.parse_type("int[$]", &params).unwrap();
    assert_eq!(t.remembered_type(b"int[$]"), None);
    let five = t.parse_type("int[$]", &[TypeParam::Number(5)]).unwrap();
    assert_eq!(t.size_of(five), Some(20));
    assert_eq!(t.size_of(arr), Some(16));
}
