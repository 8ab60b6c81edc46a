/* Values beyond LuaJIT's plain numbers, compiled by gcc so that every call
 * crosses the C ABI as gcc implements it: complex numbers, 128-bit integers,
 * records holding long double, _Float128 and vectors behind pointers, the
 * pointer-shaped functions that Luau declares with C++ references, and
 * extern arrays and structs (tests/luau/complex.luau, references.luau,
 * wide_numbers.luau, vectors.luau). */
#include <complex.h>
#include <stdint.h>
#include <string.h>

/* ---- complex numbers ---------------------------------------------------- */

double complex cx_add(double complex a, double complex b) { return a + b; }
float complex cxf_scale(float complex a, float k) { return a * k; }
double complex cx_make(double re, double im) { return CMPLX(re, im); }
double cx_re(double complex a) { return creal(a); }
double cx_im(double complex a) { return cimag(a); }
float cxf_im(float complex a) { return cimagf(a); }
/* Seven doubles take seven of the eight SSE registers: the complex, which
 * needs two, goes on the stack whole. */
double complex cx_late(double a, double b, double c, double d, double e, double f, double g, double complex z) {
    return z * 2 + (a + b + c + d + e + f + g);
}
/* Beyond LuaJIT: gcc's x87 complex (returned in st0/st1) and integer complex. */
long double complex cxl_twice(long double complex a) { return a * 2; }
_Complex int cxi_twice(_Complex int a) { return a * 2; }
double cx_call(double complex (*f)(double complex, double), double complex z) {
    double complex r = f(z, 10);
    return creal(r) * 1000 + cimag(r);
}
float complex cxf_call(float complex (*f)(float complex), float complex z) { return f(z); }
struct cx_pair { double complex a; float complex b; int n; };
struct cx_pair cx_pair_swap(struct cx_pair p) {
    struct cx_pair r = { CMPLX(cimag(p.a), creal(p.a)), CMPLXF(cimagf(p.b), crealf(p.b)), -p.n };
    return r;
}
double cx_sum_parts(const double complex *xs, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) sum += creal(xs[i]) + cimag(xs[i]);
    return sum;
}
double complex cx_global = CMPLX(1.5, -2.5);

/* ---- records holding long double ------------------------------------------ */

struct ld1 { long double v; };
union ldu { long double v; char bytes[16]; };
struct ld2 { long double a, b; };
struct ld1 ld1_make(double x) { struct ld1 r = { x }; return r; }
double ld1_value(struct ld1 s) { return (double)s.v; }
union ldu ldu_make(double x) { union ldu r; r.v = x; return r; }
struct ld2 ld2_make(double a, double b) { struct ld2 r = { a, b }; return r; }
double ld2_sum(struct ld2 s) { return (double)(s.a + s.b); }
double ld1_call(struct ld1 (*f)(double), double x) { return (double)f(x).v; }

/* ---- 128-bit integers -------------------------------------------------- */

__int128 i128_add(__int128 a, __int128 b) { return a + b; }
unsigned __int128 u128_mul(unsigned __int128 a, uint64_t b) { return a * b; }
__int128 i128_shift(int bits) { return (__int128)1 << bits; }
/* Five integer registers used: the __int128, which needs two, goes on the
 * stack, 16-aligned, and the int after it takes the last register. */
__int128 i128_late(int a, int b, int c, int d, int e, __int128 x, int f) { return x * f + a + b + c + d + e; }
struct s128 { int tag; __int128 value; };
struct s128 s128_make(int tag, __int128 value) { struct s128 r = { tag, value }; return r; }
__int128 s128_value(struct s128 s) { return s.value + s.tag; }
__int128 i128_call(__int128 (*f)(__int128), __int128 x) { return f(x) + 1; }
__int128 i128_global = ((__int128)1 << 100) + 7;
unsigned __int128 u128_small = 12345;

/* ---- _Float128, behind pointers -------------------------------------------- */

double f128_value(const _Float128 *x) { return (double)*x; }
/* Passed in an SSE register (class SSE, SSEUP), which libffi cannot express. */
_Float128 f128_twice(_Float128 x) { return x * 2; }
void f128_set_third(_Float128 *x) { *x = (_Float128)1 / 3; }
int f128_is(const _Float128 *x, double v) { return *x == (_Float128)v; }
struct has_f128 { char c; _Float128 x; };
double has_f128_value(const struct has_f128 *s) { return (double)s->x + s->c; }

/* ---- vectors, behind pointers ---------------------------------------------- */

typedef float v4sf __attribute__((vector_size(16)));
typedef int v2si __attribute__((vector_size(8)));
float v4sf_sum(const v4sf *v) { return (*v)[0] + (*v)[1] + (*v)[2] + (*v)[3]; }
void v4sf_scale(v4sf *v, float k) { *v = *v * k; }
/* Passed and returned in one SSE register (classes SSE, SSEUP), which libffi cannot express. */
v4sf v4sf_add(v4sf a, v4sf b) { return a + b; }
int v2si_dot(const v2si *a, const v2si *b) { v2si p = *a * *b; return p[0] + p[1]; }
v4sf v4sf_global = { 1, 2, 3, 4 };

/* ---- what Luau declares with C++ references (the same ABI as pointers) ---- */

struct point { int x, y; };
int ref_inc(int *x) { return ++*x; }
int ref_read(const int *x) { return *x; }
double ref_read_double(const double *x) { return *x; }
int ref_point_sum(const struct point *p) { return p->x + p->y; }
void ref_point_move(struct point *p, int dx) { p->x += dx; p->y += dx; }
static int ref_target = 40;
static struct point ref_point = { 7, 8 };
int *ref_int(void) { return &ref_target; }
struct point *ref_point_get(void) { return &ref_point; }
struct holds_ref { int *r; struct point *p; };
int holds_ref_read(const struct holds_ref *h) { return *h->r + h->p->x; }
int ref_call(int (*f)(int *), int x) { int v = x; int r = f(&v); return r * 100 + v; }

/* ---- extern arrays and structs --------------------------------------------- */

const char values_text[] = "hello";
int values_ints[4] = { 10, 20, 30, 40 };
struct point values_point = { 5, 6 };
struct trailer { int n; char data[0]; };
int trailer_sum(const struct trailer *t) {
    int sum = 0;
    for (int i = 0; i < t->n; i++) sum += t->data[i];
    return sum;
}
