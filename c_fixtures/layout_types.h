/* Tricky record layouts, declared once for both sides of the layout test:
   c_fixtures/layout.c compiles them with the C compiler and exports what it
   computed; src/ctype/gcc_layout.rs hands the same text to CTypeTable::cdef
   and compares. Keep it to what ffi.cdef accepts (no #include, no macros). */

struct pad1 { char c; int i; char d; };
struct pad2 { char c; double d; short s; };
struct pad3 { char a; long long b; char c[3]; };
struct bools { _Bool a; int b; _Bool c; };
struct ptrs { char c; char *p; const void *q; void (*fn)(int); };

/* packed */
struct packed1 { char c; int i; short s; } __attribute__((packed));
struct __attribute__((packed)) packed2 { char c; double d; };
struct fpacked { char c; int i __attribute__((packed)); char d; };
struct packed_al { char c; int i __attribute__((aligned(4))); } __attribute__((packed));
struct packed_nested { char c; struct pad1 p; } __attribute__((packed));

/* #pragma pack */
#pragma pack(push, 1)
struct pp1 { char c; int i; double d; };
#pragma pack(pop)
#pragma pack(2)
struct pp2 { char c; int i; char d; double e; };
#pragma pack()
#pragma pack(push, 4)
struct pp4 { char c; double d; long double ld; };
#pragma pack(push, 8)
struct pp8 { char c; long double ld; };
#pragma pack(pop)
struct pp4b { char c; long long x; };
#pragma pack(pop)
struct after_pack { char c; double d; };
#pragma pack(push, 2)
struct pp_al { char c; int i __attribute__((aligned(16))); };
struct pp_bf { char a; int b:12; int c:7; short d:9; };
#pragma pack(pop)
#pragma pack(1)
struct pp_anon { char a; struct { int b; char c; }; short d; };
#pragma pack()
/* gcc takes pack(0) as the default and ignores a pragma whose value is not
   0, 1, 2, 4, 8 or 16 (with a warning): no push happens either. */
#pragma pack(2)
#pragma pack(3)
struct pp_invalid { char c; int i; };
#pragma pack(push, 32)
struct pp_push_invalid { char c; int i; };
#pragma pack(push, 0)
struct pp_push_zero { char c; int i; };
#pragma pack(pop)
struct pp_popped { char c; int i; };
#pragma pack(0)
struct pp_zero { char c; int i; };
#pragma pack()

/* aligned */
struct al1 { char c; int i __attribute__((aligned(16))); char d; };
struct al2 { char c; } __attribute__((aligned(32)));
struct al3 { char c; double d __attribute__((aligned)); };
typedef int aligned_int __attribute__((aligned(8)));
struct al4 { char c; aligned_int x; };
typedef long lowered_long __attribute__((aligned(2)));
struct al8 { char c; lowered_long x; };
struct __attribute__((aligned(8))) al5 { short s; };
struct al6 { char c; struct al2 inner; };
struct al7 { char c; int small __attribute__((aligned(2))); };

/* bitfields */
struct bf1 { unsigned a:3; unsigned b:5; unsigned c:1; };
struct bf2 { char a; int b:20; int c:20; };
struct bf3 { char a:4; char b:6; short c:9; int d:30; long long e:40; };
struct bf4 { char a; int :0; char b; };
struct bf5 { int a:3; int :0; int b:3; long long :0; char c; };
struct bf6 { unsigned char a:1; unsigned short b:9; unsigned c:17; unsigned long long d:33; unsigned e:1; };
struct bf_packed { char a; int b:12; int c:7; } __attribute__((packed));
struct bf_mixed { short a:4; char b:4; int c:9; char d; };
struct bf_bool { _Bool a:1; _Bool b:1; int c:5; };
struct bf_unnamed { char a; int :7; char b; };
struct bf_unnamed2 { char a; long long :7; };
struct bf_big { unsigned long long a:60; unsigned long long b:10; };
struct bf_int_long { int a:4; long b:60; int c; };
struct bf_full { int a:32; int b:8; short c:16; char d; };
struct bf_aligned { char a; int b:3 __attribute__((aligned(8))); char c; };
struct bf_fpacked { char a; int b:12 __attribute__((packed)); char c; };
struct bf_enum_s { enum bf_e { BFE_A, BFE_B = 5 } e:3; char c; };
struct bf_char_straddle { char a:7; char b:2; char c:7; };

/* nesting, anonymous members, arrays of structs */
struct inner { char c; double d; };
struct outer { char c; struct inner in; int arr[3]; struct inner ins[2]; char e; };
struct anon1 { int a; union { char b; double c; }; struct { char d; int e; }; char f; };
struct anon2 { char a; struct { char b; struct { short c; long long d; }; }; };
struct arr_s { struct pad1 a[3]; char c; };
struct multi { char m[2][3]; int x[2][2]; char y; };
struct empty {};
struct has_empty { char a; struct empty e; int b; };

/* unions */
union u1 { char c; int i; double d; char s[13]; };
union u2 { char c:3; int i:17; };
union u3 { struct { char a; char b; } s; short x; } __attribute__((aligned(8)));
union u4 { long double ld; char c; };
union u5 { char c[5]; short s; } __attribute__((packed));

/* flexible array members */
struct fam1 { int n; char c; double data[]; };
struct fam2 { char c; short data[]; };
struct fam0 { int n; char c; int data[0]; };
struct fam3 { long long n; char tail[]; };

/* long double */
struct ld1 { char c; long double ld; };
struct ld2 { long double a[2]; char c; };

/* enums */
enum big1 { BIG1_A = 0x7fffffff, BIG1_B = 0xffffffff };
enum big2 { BIG2_A = 0x100000000LL };
enum neg1 { NEG1_A = -1, NEG1_B = 0x7fffffff };
enum neg2 { NEG2_A = -1, NEG2_B = 0x80000000 };
enum __attribute__((packed)) small1 { SMALL1_A = 1, SMALL1_B = 200 };
enum __attribute__((packed)) small2 { SMALL2_A = -200 };
enum __attribute__((packed)) small3 { SMALL3_A = 70000 };
struct es { char c; enum big2 e; enum small1 s; enum neg1 n; };
