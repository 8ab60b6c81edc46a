/* C code that calls back into Luau: directly, later through a stored
 * pointer, with structs by value, and from another thread. */
#include <pthread.h>
#include <stddef.h>

typedef int (*int_op)(int, int);
int apply(int_op f, int a, int b) { return f(a, b); }

typedef struct { int (*on_event)(int code, const char *name); int fired; } handler_t;
static handler_t *stored_handler;
void register_handler(handler_t *h) { stored_handler = h; }
int fire(int code) {
    stored_handler->fired++;
    return stored_handler->on_event(code, "event");
}

typedef struct { double x, y; } vec2;
typedef vec2 (*vec_op)(vec2, double);
vec2 apply_vec(vec_op f, vec2 v, double k) { return f(v, k); }

typedef void (*int_sink)(int);
static int_sink saved;
void save_callback(int_sink cb) { saved = cb; }
void call_saved(int v) { if (saved) saved(v); }

/* A one-pointer function that calls the saved callback: usable as an ffi.gc
 * C finalizer, which runs inside the garbage collector. */
static int released;
void release_with_saved(void *p) { (void)p; released++; if (saved) saved(42); }
int released_count(void) { return released; }

/* Calls f and g alternately within one C call. */
int apply_alternating(int_op f, int_op g, int n) {
    int total = 0;
    for (int i = 0; i < n; i++) total += (i % 2 == 0 ? f : g)(i, 1);
    return total;
}

int call_n_times(int (*cb)(int), int n) {
    int total = 0;
    for (int i = 0; i < n; i++) total += cb(i);
    return total;
}

static void *thread_main(void *arg) {
    int (*cb)(int) = (int (*)(int))arg;
    cb(1);
    return NULL;
}
int call_from_thread(int (*cb)(int)) {
    pthread_t t;
    if (pthread_create(&t, NULL, thread_main, (void *)cb) != 0) return -1;
    pthread_join(t, NULL);
    return 0;
}

/* Keeps one int(int) callback for later. */
static int (*saved_int_fn)(int);
void save_int_fn(int (*cb)(int)) { saved_int_fn = cb; }
int call_saved_int_fn(int v) { return saved_int_fn ? saved_int_fn(v) : -1; }

/* A struct passed by value never fits the register thunks: callbacks of this
 * type are always libffi closures. */
typedef struct { int v; } boxed_int;
typedef int (*boxed_fn)(boxed_int);
int call_boxed_n_times(boxed_fn cb, int n) {
    int total = 0;
    for (int i = 0; i < n; i++) total += cb((boxed_int){i});
    return total;
}
static boxed_fn saved_boxed;
void save_boxed(boxed_fn cb) { saved_boxed = cb; }
int call_saved_boxed(int v) { return saved_boxed ? saved_boxed((boxed_int){v}) : -1; }
