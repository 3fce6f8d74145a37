/* String building: the hand-written equivalent of strings.py.  Each piece is its own
 * GC-allocated, length-counted string (the list's items), kept in a growable array of
 * pointers; the join measures them all, allocates once and copies. */
#include <gc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct str {
    long length;
    char chars[];
};

struct str_array {
    long length, allocated;
    struct str **items;
};

static void append(struct str_array *a, struct str *s) {
    if (a->length == a->allocated) {
        a->allocated = a->allocated < 8 ? 8 : a->allocated * 2;
        struct str **items = GC_MALLOC((size_t)a->allocated * sizeof *items);
        memcpy(items, a->items, (size_t)a->length * sizeof *items);
        a->items = items;
    }
    a->items[a->length++] = s;
}

static struct str *piece(long a, long b) {
    char buf[64];
    int n = snprintf(buf, sizeof buf, "item%ld:%ld,", a, b);
    struct str *s = GC_MALLOC_ATOMIC(sizeof(struct str) + (size_t)n);
    s->length = n;
    memcpy(s->chars, buf, (size_t)n);
    return s;
}

static struct str *join(const struct str_array *a) {
    long total = 0;
    for (long i = 0; i < a->length; i++) total += a->items[i]->length;
    struct str *s = GC_MALLOC_ATOMIC(sizeof(struct str) + (size_t)total);
    s->length = total;
    char *out = s->chars;
    for (long i = 0; i < a->length; i++) {
        memcpy(out, a->items[i]->chars, (size_t)a->items[i]->length);
        out += a->items[i]->length;
    }
    return s;
}

static struct str *build(long n, long round_nr) {
    struct str_array parts = {0, 0, NULL};
    for (long i = 0; i < n; i++) append(&parts, piece(i * 7 + round_nr, i % 97));
    return join(&parts);
}

static unsigned long checksum(const struct str *text) {
    unsigned long h = 0;
    for (long i = 0; i < text->length; i++)
        h = (h * 31 + (unsigned char)text->chars[i]) & 0xFFFFFFFFUL;
    return h;
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    long n = strtol(argv[1], NULL, 10);
    GC_INIT();
    unsigned long total = 0;
    long length = 0;
    for (long round_nr = 0; round_nr < 5; round_nr++) {
        struct str *text = build(n, round_nr);
        length += text->length;
        total = (total + checksum(text)) & 0xFFFFFFFFUL;
    }
    printf("length %ld checksum %lu\n", length, total);
    return 0;
}
