/* The library behind c_fixtures/bindgen_sample.h (tests/bindgen.rs). */
#include <stdlib.h>
#include <string.h>

#include "bindgen_sample.h"

int sample_counter = 7;

int sample_sum(const struct sample_point *points, int count) {
    int total = 0;
    for (int i = 0; i < count; i++) total += points[i].x + points[i].y;
    return total;
}

struct sample_point sample_midpoint(struct sample_point a, struct sample_point b) {
    struct sample_point m = {(a.x + b.x) / 2, (a.y + b.y) / 2};
    return m;
}

static const char *names[] = {"red", "green", "blue"};

const char *sample_name(sample_color color) {
    switch (color) {
    case SAMPLE_RED: return names[0];
    case SAMPLE_GREEN: return names[1];
    case SAMPLE_BLUE: return names[2];
    }
    return NULL;
}

sample_node *sample_list(int length) {
    sample_node *head = NULL;
    for (int i = length; i > 0; i--) {
        sample_node *node = calloc(1, sizeof *node);
        node->next = head;
        node->where.x = i;
        node->where.y = -i;
        node->when.tm_year = 100 + i;
        node->id = (int64_t)i << 40;
        node->color = (i % 2) ? SAMPLE_GREEN : SAMPLE_BLUE;
        node->flag = i % 2;
        node->label = names[i % 3];
        head = node;
    }
    return head;
}

int sample_walk(const sample_node *head, sample_visit visit, void *userdata) {
    int visited = 0;
    for (const sample_node *n = head; n; n = n->next) {
        visited++;
        if (visit(n, userdata)) break;
    }
    return visited;
}

void sample_free(sample_node *head) {
    while (head) {
        sample_node *next = head->next;
        free(head);
        head = next;
    }
}

uint64_t sample_mix(uint64_t a, int32_t b, double c) { return a + (uint64_t)(int64_t)b + (uint64_t)c; }

__typeof__(int) sample_typeof(void) { return 1; }
_Decimal64 sample_decimal(void) { return 1; }
