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
