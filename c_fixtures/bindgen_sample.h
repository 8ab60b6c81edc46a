/* A header for `luau-ffi bindgen` tests (tests/bindgen.rs): constants written
 * in the ways real headers write them, structs that need types from another
 * header, a callback type, an extern variable, and declarations the FFI's
 * parser cannot take (they must be listed as skipped, the rest generated). */
#ifndef BINDGEN_SAMPLE_H
#define BINDGEN_SAMPLE_H

#include <stdint.h>
#include <time.h>

#define SAMPLE_VERSION "1.0-\"sample\""
#define SAMPLE_FLAG_A (1 << 0)
#define SAMPLE_FLAG_B (1u << 3)
#define SAMPLE_FLAGS (SAMPLE_FLAG_A | SAMPLE_FLAG_B)
#define SAMPLE_MAX32 0xffffffffU
#define SAMPLE_ALL64 (~0ULL)
#define SAMPLE_MIN64 (-0x7fffffffffffffffLL - 1)
#define SAMPLE_EXACT ((int64_t)1 << 53)
#define SAMPLE_NEGATIVE ((int)-2)
#define SAMPLE_RATIO 0.5f
#define SAMPLE_SCALE (-1.25e3)
#define SAMPLE_GREEN_ALIAS SAMPLE_GREEN
#define SAMPLE_SIZE sizeof(struct sample_point)
#define SAMPLE_NULL ((void *)0)
#define SAMPLE_TWICE(x) ((x) * 2)
#define SAMPLE_EMPTY

typedef enum { SAMPLE_RED, SAMPLE_GREEN = 5, SAMPLE_BLUE } sample_color;

struct sample_point {
    int32_t x, y;
};

typedef struct sample_node {
    struct sample_node *next;
    struct sample_point where;
    struct tm when;
    int64_t id;
    sample_color color;
    unsigned flag : 1;
    const char *label;
} sample_node;

typedef int (*sample_visit)(const sample_node *node, void *userdata);

extern int sample_counter;

int sample_sum(const struct sample_point *points, int count);
struct sample_point sample_midpoint(struct sample_point a, struct sample_point b);
sample_node *sample_list(int length);
int sample_walk(const sample_node *head, sample_visit visit, void *userdata);
void sample_free(sample_node *head);
uint64_t sample_mix(uint64_t a, int32_t b, double c);
const char *sample_name(sample_color color);

/* Not for the FFI's parser: skipped and listed. */
__typeof__(int) sample_typeof(void);
_Decimal64 sample_decimal(void);

#endif
