/* The C compiler's answers for every type in layout_types.h: sizes,
   alignments, member offsets and bitfield positions, for the layout test
   (src/ctype/gcc_layout.rs). Bitfield positions cannot come from offsetof, so
   each bitfield is set to all ones in a zeroed object and its bits found. */
#include <stddef.h>
#include <string.h>

#include "layout_types.h"

struct layout_fact {
    const char *type;  /* a type expression for CTypeTable::parse_type */
    const char *field; /* NULL for the type itself */
    size_t size;       /* sizeof; (size_t)-1 when not applicable */
    size_t align;      /* _Alignof (type facts only) */
    size_t offset;     /* offsetof (non-bitfield members) */
    int bit_offset;    /* first bit from the start of the object, or -1 */
    int bit_width;     /* number of bits, or -1 */
};

static struct layout_fact facts[512];
static size_t nfacts;

static void add(const char *type, const char *field, size_t size, size_t align, size_t offset, int bit_offset,
                int bit_width) {
    struct layout_fact f = {type, field, size, align, offset, bit_offset, bit_width};
    if (nfacts < sizeof facts / sizeof facts[0]) facts[nfacts++] = f;
}

/* The first set bit and the number of set bits in an object. */
static void bits_of(const unsigned char *p, size_t n, int *first, int *count) {
    *first = -1;
    *count = 0;
    for (size_t i = 0; i < n * 8; i++) {
        if (p[i / 8] >> (i % 8) & 1) {
            if (*first < 0) *first = (int)i;
            ++*count;
        }
    }
}

#define T(ty) add(#ty, NULL, sizeof(ty), _Alignof(ty), 0, -1, -1)
#define F(ty, f) add(#ty, #f, sizeof(((ty *)0)->f), 0, offsetof(ty, f), -1, -1)
#define FAM(ty, f) add(#ty, #f, (size_t)-1, 0, offsetof(ty, f), -1, -1)
#define B(ty, f)                                              \
    do {                                                      \
        ty v;                                                 \
        int first, count;                                     \
        memset(&v, 0, sizeof v);                              \
        v.f = -1;                                             \
        bits_of((const unsigned char *)&v, sizeof v, &first, &count); \
        add(#ty, #f, (size_t)-1, 0, 0, first, count);         \
    } while (0)
#define BB(ty, f) /* _Bool bitfields: -1 converts to 1 */      \
    do {                                                      \
        ty v;                                                 \
        int first, count;                                     \
        memset(&v, 0, sizeof v);                              \
        v.f = 1;                                              \
        bits_of((const unsigned char *)&v, sizeof v, &first, &count); \
        add(#ty, #f, (size_t)-1, 0, 0, first, 1);             \
    } while (0)

static void collect(void) {
    T(struct pad1); F(struct pad1, c); F(struct pad1, i); F(struct pad1, d);
    T(struct pad2); F(struct pad2, d); F(struct pad2, s);
    T(struct pad3); F(struct pad3, b); F(struct pad3, c);
    T(struct bools); F(struct bools, b); F(struct bools, c);
    T(struct ptrs); F(struct ptrs, p); F(struct ptrs, q); F(struct ptrs, fn);

    T(struct packed1); F(struct packed1, i); F(struct packed1, s);
    T(struct packed2); F(struct packed2, d);
    T(struct fpacked); F(struct fpacked, i); F(struct fpacked, d);
    T(struct packed_al); F(struct packed_al, i);
    T(struct packed_nested); F(struct packed_nested, p);

    T(struct pp1); F(struct pp1, i); F(struct pp1, d);
    T(struct pp2); F(struct pp2, i); F(struct pp2, d); F(struct pp2, e);
    T(struct pp4); F(struct pp4, d); F(struct pp4, ld);
    T(struct pp8); F(struct pp8, ld);
    T(struct pp4b); F(struct pp4b, x);
    T(struct after_pack); F(struct after_pack, d);
    T(struct pp_al); F(struct pp_al, i);
    T(struct pp_bf); B(struct pp_bf, b); B(struct pp_bf, c); B(struct pp_bf, d);
    T(struct pp_anon); F(struct pp_anon, b); F(struct pp_anon, c); F(struct pp_anon, d);
    T(struct pp_invalid); F(struct pp_invalid, i);
    T(struct pp_push_invalid); F(struct pp_push_invalid, i);
    T(struct pp_push_zero); F(struct pp_push_zero, i);
    T(struct pp_popped); F(struct pp_popped, i);
    T(struct pp_zero); F(struct pp_zero, i);

    T(struct al1); F(struct al1, i); F(struct al1, d);
    T(struct al2);
    T(struct al3); F(struct al3, d);
    T(aligned_int);
    T(struct al4); F(struct al4, x);
    T(lowered_long);
    T(struct al5);
    T(struct al6); F(struct al6, inner);
    T(struct al7); F(struct al7, small);
    T(struct al8); F(struct al8, x);

    T(struct bf1); B(struct bf1, a); B(struct bf1, b); B(struct bf1, c);
    T(struct bf2); B(struct bf2, b); B(struct bf2, c);
    T(struct bf3); B(struct bf3, a); B(struct bf3, b); B(struct bf3, c); B(struct bf3, d); B(struct bf3, e);
    T(struct bf4); F(struct bf4, b);
    T(struct bf5); B(struct bf5, a); B(struct bf5, b); F(struct bf5, c);
    T(struct bf6); B(struct bf6, a); B(struct bf6, b); B(struct bf6, c); B(struct bf6, d); B(struct bf6, e);
    T(struct bf_packed); B(struct bf_packed, b); B(struct bf_packed, c);
    T(struct bf_mixed); B(struct bf_mixed, a); B(struct bf_mixed, b); B(struct bf_mixed, c); F(struct bf_mixed, d);
    T(struct bf_bool); BB(struct bf_bool, a); BB(struct bf_bool, b); B(struct bf_bool, c);
    T(struct bf_unnamed); F(struct bf_unnamed, b);
    T(struct bf_unnamed2);
    T(struct bf_big); B(struct bf_big, a); B(struct bf_big, b);
    T(struct bf_int_long); B(struct bf_int_long, a); B(struct bf_int_long, b); F(struct bf_int_long, c);
    T(struct bf_full); B(struct bf_full, a); B(struct bf_full, b); B(struct bf_full, c); F(struct bf_full, d);
    T(struct bf_aligned); B(struct bf_aligned, b); F(struct bf_aligned, c);
    T(struct bf_fpacked); B(struct bf_fpacked, b); F(struct bf_fpacked, c);
    T(struct bf_enum_s); B(struct bf_enum_s, e); F(struct bf_enum_s, c);
    T(struct bf_char_straddle); B(struct bf_char_straddle, a); B(struct bf_char_straddle, b);
    B(struct bf_char_straddle, c);

    T(struct inner); F(struct inner, d);
    T(struct outer); F(struct outer, in); F(struct outer, arr); F(struct outer, ins); F(struct outer, e);
    T(struct anon1); F(struct anon1, b); F(struct anon1, c); F(struct anon1, d); F(struct anon1, e);
    F(struct anon1, f);
    T(struct anon2); F(struct anon2, b); F(struct anon2, c); F(struct anon2, d);
    T(struct arr_s); F(struct arr_s, c);
    T(struct multi); F(struct multi, x); F(struct multi, y);
    T(struct empty);
    T(struct has_empty); F(struct has_empty, e); F(struct has_empty, b);

    T(union u1); F(union u1, s);
    T(union u2); B(union u2, c); B(union u2, i);
    T(union u3); F(union u3, x);
    T(union u4);
    T(union u5);

    T(struct fam1); FAM(struct fam1, data);
    T(struct fam2); FAM(struct fam2, data);
    T(struct fam0); F(struct fam0, data);
    T(struct fam3); FAM(struct fam3, tail);

    T(long double);
    T(struct ld1); F(struct ld1, ld);
    T(struct ld2); F(struct ld2, c);

    T(enum big1); T(enum big2); T(enum neg1); T(enum neg2);
    T(enum small1); T(enum small2); T(enum small3);
    T(struct es); F(struct es, e); F(struct es, s); F(struct es, n);
}

/* All facts; collected on the first call. */
const struct layout_fact *layout_facts(size_t *count) {
    if (nfacts == 0) collect();
    *count = nfacts;
    return facts;
}
