/* Functions the Luau tests of ffi.cdef / calls / cdata call. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int add(int a, int b) { return a + b; }
unsigned char add_u8(unsigned char a, unsigned char b) { return (unsigned char)(a + b); }
short neg_short(short a) { return (short)-a; }
int64_t mul_i64(int64_t a, int64_t b) { return a * b; }
uint64_t max_u64(void) { return UINT64_MAX; }
float scale_float(float x, float k) { return x * k; }
double mix6(int a, double b, long long c, float d, unsigned char e, double f) {
    return a + b + (double)c + d + e + f;
}
_Bool is_even(int x) { return x % 2 == 0; }
const char *greet(void) { return "hello"; }
const char *null_str(void) { return NULL; }
size_t count_chars(const char *s, char c) {
    size_t n = 0;
    for (; *s; s++) n += *s == c;
    return n;
}
int sum_array(const int *xs, int n) {
    int s = 0;
    for (int i = 0; i < n; i++) s += xs[i];
    return s;
}
void fill_bytes(uint8_t *dst, size_t n, uint8_t value) { memset(dst, value, n); }

typedef struct { int x, y; } point;
int point_sum(const point *p) { return p->x + p->y; }
void point_scale(point *p, int k) { p->x *= k; p->y *= k; }
point *point_new(int x, int y) {
    point *p = malloc(sizeof *p);
    p->x = x; p->y = y;
    return p;
}
void point_free(point *p) { free(p); }
static int freed_count = 0;
void counted_free(void *p) { freed_count++; free(p); }
int counted_frees(void) { return freed_count; }

int set_errno_to(int value) { errno = value; return -1; }

enum mode { MODE_A = 1, MODE_B = 2, MODE_C = 4 };
int mode_value(enum mode m) { return (int)m * 10; }

int counter = 41;
const int answer = 42;
const char *message = "fixture message";
int numbers[4] = { 10, 20, 30, 40 };

/* By-value aggregates, stack arguments and variadics: the libffi path. */
#include <stdarg.h>
point point_add(point a, point b) { point r = { a.x + b.x, a.y + b.y }; return r; }
typedef struct { double x, y; } vec2;
vec2 vec2_scale(vec2 v, double k) { vec2 r = { v.x * k, v.y * k }; return r; }
typedef struct { long a, b, c, d, e; } big;
big big_make(long base) { big r = { base, base + 1, base + 2, base + 3, base + 4 }; return r; }
long big_sum(big v) { return v.a + v.b + v.c + v.d + v.e; }
typedef union { int i; float f; } int_or_float;
float union_as_float(int_or_float u) { return u.f; }
int sum9(int a, int b, int c, int d, int e, int f, int g, int h, int i) { return a + b + c + d + e + f + g + h + i; }
double sum10d(double a, double b, double c, double d, double e, double f, double g, double h, double i, double j) {
    return a + b + c + d + e + f + g + h + i + j;
}
int sum_ints(int n, ...) {
    va_list ap; int s = 0;
    va_start(ap, n);
    for (int i = 0; i < n; i++) s += va_arg(ap, int);
    va_end(ap);
    return s;
}
double sum_doubles(int n, ...) {
    va_list ap; double s = 0;
    va_start(ap, n);
    for (int i = 0; i < n; i++) s += va_arg(ap, double);
    va_end(ap);
    return s;
}
long double ld_half(long double x) { return x / 2; }

/* Benchmark signatures. */
double mixp(int a, double b, long c, double d, const int *p, int e) { return a + b + (double)c + d + *p + e; }
