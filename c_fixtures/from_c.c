/* Values that C hands to Luau at every conversion site (tests/luau/from_c.luau):
 * the boundaries of the rule "NULL is nil, a 64-bit integer is a number when
 * |v| <= 2^53 and a boxed cdata otherwise" as call results (register and
 * libffi paths), callback arguments, struct fields, array elements, extern
 * variables and out-parameters; and a linked list built in C. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#define TWO53 ((int64_t)1 << 53)

/* The signed cases, by index: 2^53, 2^53+1, -2^53, -2^53-1, INT64_MIN, INT64_MAX, 0, -1. */
const int64_t signed_cases[8] = { TWO53, TWO53 + 1, -TWO53, -TWO53 - 1, INT64_MIN, INT64_MAX, 0, -1 };
/* The unsigned cases: 2^53, 2^53+1, UINT64_MAX, 0. */
const uint64_t unsigned_cases[4] = { (uint64_t)TWO53, (uint64_t)TWO53 + 1, UINT64_MAX, 0 };

static int probe(int x) { return x + 1; }

/* Call results: the register path (few arguments) ... */
int64_t signed_case(int i) { return signed_cases[i]; }
uint64_t unsigned_case(int i) { return unsigned_cases[i]; }
void *pointer_case(int null) { return null ? NULL : (void *)&signed_cases[0]; }
const char *string_case(int null) { return null ? NULL : "text"; }
int (*function_case(int null))(int) { return null ? NULL : probe; }

/* ... and libffi's general path (more arguments than registers). */
int64_t signed_case_many(int i, int a, int b, int c, int d, int e, int f, int g) {
    return signed_cases[i] + (a + b + c + d + e + f + g) * 0;
}
uint64_t unsigned_case_many(int i, int a, int b, int c, int d, int e, int f, int g) {
    return unsigned_cases[i] + (uint64_t)(a + b + c + d + e + f + g) * 0;
}
void *pointer_case_many(int null, int a, int b, int c, int d, int e, int f, int g) {
    return pointer_case(null + (a + b + c + d + e + f + g) * 0);
}

/* Callback arguments: C calls back with case i of each kind; the callback's
 * result is passed on. */
int call_with_signed(int (*cb)(int64_t), int i) { return cb(signed_cases[i]); }
int call_with_unsigned(int (*cb)(uint64_t), int i) { return cb(unsigned_cases[i]); }
int call_with_pointers(int (*cb)(void *, const char *, int (*)(int)), int null) {
    return cb(pointer_case(null), string_case(null), function_case(null));
}
/* More arguments than registers: a libffi closure rather than a thunk. */
int call_with_many(int (*cb)(int, int, int, int, int, int, int, int64_t, void *), int i, int null) {
    return cb(1, 2, 3, 4, 5, 6, 7, signed_cases[i], pointer_case(null));
}

/* Struct fields. */
struct values64 {
    int64_t s;
    uint64_t u;
    size_t z;
    void *p;
    const char *text;
    int (*fn)(int);
    uint64_t wide : 60;
    int64_t narrow : 20;
};
void fill_values(struct values64 *v, int si, int ui, int null) {
    v->s = signed_cases[si];
    v->u = unsigned_cases[ui];
    v->z = (size_t)unsigned_cases[ui];
    v->p = pointer_case(null);
    v->text = string_case(null);
    v->fn = function_case(null);
    v->wide = unsigned_cases[ui];
    v->narrow = -5;
}

/* Extern variables. */
int64_t extern_signed;
uint64_t extern_unsigned;
void *extern_pointer;
const char *extern_text;
int (*extern_function)(int);
void set_externs(int si, int ui, int null) {
    extern_signed = signed_cases[si];
    extern_unsigned = unsigned_cases[ui];
    extern_pointer = pointer_case(null);
    extern_text = string_case(null);
    extern_function = function_case(null);
}
void *null_pointers[2];

/* Out-parameters. */
void out_signed(int64_t *out, int i) { *out = signed_cases[i]; }
void out_unsigned(uint64_t *out, int i) { *out = unsigned_cases[i]; }
void out_pointer(void **out, int null) { *out = pointer_case(null); }
const int64_t *signed_address(int i) { return &signed_cases[i]; }

/* A linked list built in C. */
struct node {
    int value;
    struct node *next;
};
struct node *list_make(int n) {
    struct node *head = NULL;
    for (int i = n; i >= 1; i--) {
        struct node *node = malloc(sizeof *node);
        node->value = i;
        node->next = head;
        head = node;
    }
    return head;
}
void list_free(struct node *head) {
    while (head) {
        struct node *next = head->next;
        free(head);
        head = next;
    }
}
