/* Every snippet of the documented API's "Basic Usage" section calls into this
 * library (`ffi.open("./libmylib.so")`). */
#include <stddef.h>

static int initialized = 0;
static int my_function_calls = 0;

int get_version(void) { return 3; }

/* `double` is a C keyword; an asm label gives the symbol that exact name. */
int double_it(int x) __asm__("double");
int double_it(int x) { return x * 2; }

double get_pi(void) { return 3.14159265358979; }

const char *get_name(void) { return "mylib"; }

void initialize(void) { initialized = 1; }

int is_initialized(void) { return initialized; }

void my_function(void) { my_function_calls++; }

int my_function_call_count(void) { return my_function_calls; }
