/* Fixture for the call and callback engines (src/call, src/callback): every
 * scalar type, small/large/nested/array-bearing structs, unions, variadics and
 * callbacks, including one invoked from another thread. */

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>

/* ---- scalars ---- */
signed char neg_schar(signed char x) { return (signed char)-x; }
unsigned char add_uchar(unsigned char a, unsigned char b) { return (unsigned char)(a + b); }
short neg_short(short x) { return (short)-x; }
unsigned short add_ushort(unsigned short a, unsigned short b) { return (unsigned short)(a + b); }
int add_int(int a, int b) { return a + b; }
unsigned int add_uint(unsigned int a, unsigned int b) { return a + b; }
int64_t add_i64(int64_t a, int64_t b) { return a + b; }
uint64_t add_u64(uint64_t a, uint64_t b) { return a + b; }
float mul_float(float a, float b) { return a * b; }
double mul_double(double a, double b) { return a * b; }
long double half_ld(long double x) { return x / 2; }
void *ptr_add(void *p, long n) { return (char *)p + n; }
static int void_counter;
void bump(void) { void_counter++; }
int get_counter(void) { return void_counter; }

/* 10 doubles, 8 ints (more than the 8 FP and 6 integer argument registers),
 * interleaved so stack slots of both kinds are used. */
double many_args(int i1, double d1, int i2, double d2, int i3, double d3, int i4, double d4, int i5,
                 double d5, int i6, double d6, int i7, double d7, int i8, double d8, float f9,
                 double d10) {
    return i1 + 2 * i2 + 3 * i3 + 4 * i4 + 5 * i5 + 6 * i6 + 7 * i7 + 8 * i8 + d1 + 10 * d2 + 100 * d3 +
           1000 * d4 + 1e4 * d5 + 1e5 * d6 + 1e6 * d7 + 1e7 * d8 + 1e8 * f9 + 1e9 * d10;
}
/* Narrow signed values among many arguments: the callee must see them sign-extended. */
long narrow_sum(signed char a, short b, signed char c, short d, signed char e, short f, signed char g,
                short h) {
    return (long)a + b + c + d + e + f + g + h;
}

/* ---- small structs ---- */
struct i2 { int a, b; };                      /* 8 bytes, INTEGER */
struct i3 { int a, b, c; };                   /* 12 bytes, INTEGER x2 */
struct l2 { long a, b; };                     /* 16 bytes */
struct f2 { float x, y; };                    /* 8 bytes, SSE */
struct f3 { float x, y, z; };                 /* 12 bytes, SSE x2 */
struct di { double d; int i; };               /* 16 bytes, SSE + INTEGER */
struct c3 { char c[3]; };                     /* 3 bytes with an array */
struct fi { float f; int i; };                /* 8 bytes, mixed in one eightbyte: INTEGER */

struct i2 swap_i2(struct i2 s) { struct i2 r = {s.b, s.a}; return r; }
struct i3 rot_i3(struct i3 s) { struct i3 r = {s.c, s.a, s.b}; return r; }
struct l2 sum_l2(struct l2 a, struct l2 b) { struct l2 r = {a.a + b.a, a.b + b.b}; return r; }
struct f2 scale_f2(struct f2 s, float k) { struct f2 r = {s.x * k, s.y * k}; return r; }
struct f3 scale_f3(struct f3 s, float k) { struct f3 r = {s.x * k, s.y * k, s.z * k}; return r; }
struct di make_di(double d, int i) { struct di r = {d, i}; return r; }
double sum_di(struct di s) { return s.d + s.i; }
struct c3 upper_c3(struct c3 s) {
    for (int i = 0; i < 3; i++) s.c[i] = (char)(s.c[i] - 32);
    return s;
}
struct fi make_fi(float f, int i) { struct fi r = {f, i}; return r; }
/* Structs after the registers run out go on the stack. */
double sum_f2_many(struct f2 a, struct f2 b, struct f2 c, struct f2 d, struct f2 e, struct f2 f,
                   struct f2 g, struct f2 h, struct f2 i, struct f2 j) {
    return a.x + b.x + c.x + d.x + e.x + f.x + g.x + h.x + i.x + j.x +
           10 * (a.y + b.y + c.y + d.y + e.y + f.y + g.y + h.y + i.y + j.y);
}

/* ---- large, nested, arrays ---- */
struct big { long a; double b; int c[4]; char tag; };   /* 40 bytes: memory, hidden pointer */
struct big make_big(long a, double b, char tag) {
    struct big r = {a, b, {1, 2, 3, 4}, tag};
    return r;
}
long sum_big(struct big s) { return s.a + (long)s.b + s.c[0] + s.c[1] + s.c[2] + s.c[3] + s.tag; }
struct inner { float f; short s; };
struct outer { char c; struct inner in; double d; };    /* nested, 24 bytes */
struct outer nest(struct outer o) {
    o.c += 1; o.in.f *= 2; o.in.s -= 1; o.d += 0.5;
    return o;
}
struct arr { float v[2]; int n; };                        /* array field: SSE + INTEGER */
float arr_sum(struct arr a) { return a.v[0] + a.v[1] + (float)a.n; }
struct arr arr_make(float a, float b, int n) { struct arr r = {{a, b}, n}; return r; }
struct aligned { float a; _Alignas(8) float b; };         /* explicit padding */
struct aligned aligned_swap(struct aligned s) { struct aligned r = {s.b, s.a}; return r; }
struct bits { unsigned a : 3; unsigned b : 7; unsigned c : 22; float f; }; /* storage unit + float */
struct bits bits_inc(struct bits s) { s.a++; s.b++; s.c++; s.f += 1; return s; }

/* ---- unions ---- */
union if_u { int i; float f; };                    /* INTEGER (int wins over float) */
union dl_u { double d; long l; };                  /* INTEGER */
union ff_u { float f; float g[2]; };               /* 8 bytes SSE (x86-64), HFA of 2 (AArch64) */
union sd_u { struct f2 p; double d; };             /* struct inside: SSE */
union si_u { struct { int a; short b; } s; char raw[12]; }; /* 12 bytes INTEGER */
union if_u if_bits(float f) { union if_u u; u.f = f; return u; }
int if_int(union if_u u) { return u.i; }
union dl_u dl_neg(union dl_u u) { u.l = -u.l; return u; }
float ff_sum(union ff_u u) { return u.g[0] + u.g[1]; }
union ff_u ff_make(float a, float b) { union ff_u u; u.g[0] = a; u.g[1] = b; return u; }
union sd_u sd_swap(union sd_u u) { float t = u.p.x; u.p.x = u.p.y; u.p.y = t; return u; }
union si_u si_make(int a, short b) { union si_u u = {0}; u.s.a = a; u.s.b = b; u.raw[11] = 7; return u; }
int si_sum(union si_u u) { return u.s.a + u.s.b + u.raw[11]; }
/* A union after many doubles and ints: register exhaustion with unions. */
double union_late(double a, double b, double c, double d, double e, double f, double g, double h,
                  union ff_u u, union dl_u l) {
    return a + b + c + d + e + f + g + h + u.g[0] + u.g[1] + (double)l.l;
}

/* ---- variadic ---- */
int sum_ints(int n, ...) {
    va_list ap;
    va_start(ap, n);
    int s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, int);
    va_end(ap);
    return s;
}
double sum_doubles(int n, ...) {
    va_list ap;
    va_start(ap, n);
    double s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, double);
    va_end(ap);
    return s;
}

/* ---- callbacks ---- */
int call_int_cb(int (*cb)(int, double), int x) { return cb(x, 0.5) + 1; }
signed char call_schar_cb(signed char (*cb)(signed char), signed char x) { return cb(x); }
unsigned short call_ushort_cb(unsigned short (*cb)(unsigned short), unsigned short x) { return cb(x); }
struct di call_struct_cb(struct di (*cb)(struct di, struct f2, int), struct di d, struct f2 f, int k) {
    struct di r = cb(d, f, k);
    r.i += 1000;
    return r;
}
double call_union_cb(double (*cb)(union ff_u, union dl_u), float a, float b, long l) {
    union ff_u u; u.g[0] = a; u.g[1] = b;
    union dl_u v; v.l = l;
    return cb(u, v);
}
struct big call_big_cb(struct big (*cb)(struct big), long a) {
    struct big b = {a, 1.5, {1, 2, 3, 4}, 'x'};
    return cb(b);
}
void call_void_cb(void (*cb)(void), int times) {
    for (int i = 0; i < times; i++) cb();
}

struct thread_job { int (*cb)(int); int arg; int result; };
static void *thread_main(void *p) {
    struct thread_job *job = p;
    job->result = job->cb(job->arg);
    return 0;
}
/* Calls cb(arg) on a new pthread and returns its result. */
int call_from_thread(int (*cb)(int), int arg) {
    struct thread_job job = {cb, arg, 0};
    pthread_t t;
    if (pthread_create(&t, 0, thread_main, &job) != 0) return -999;
    pthread_join(t, 0);
    return job.result;
}
