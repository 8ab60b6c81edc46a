/* Functions the tests need beyond the documented page's examples. */
#include <limits.h>
#include <stddef.h>

const char *null_string(void) { return NULL; }
const char *empty_string(void) { return ""; }
int negate(int x) { return -x; }
int int_max(void) { return INT_MAX; }
int int_min(void) { return INT_MIN; }
double negative_zero(void) { return -0.0; }

static int counter = 0;
void bump(void) { counter++; }
int counter_value(void) { return counter; }

/* Signatures for the register fast path. */
double mix6(int a, double b, long long c, float d, unsigned char e, double f) {
    return a + b + (double)c + d + e + f;
}
signed char minus_one_char(void) { return -1; }
float halve_float(float x) { return x / 2; }
long long sum_six_ints(int a, int b, int c, int d, int e, int f) { return (long long)a + b + c + d + e + f; }
double sum_eight_doubles(double a, double b, double c, double d, double e, double f, double g, double h) {
    return a + b + c + d + e + f + g + h;
}
int add(int a, int b) { return a + b; }
