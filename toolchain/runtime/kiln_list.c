/* Lists: resizable arrays of one item type, handled by item size so that one C
 * implementation serves every item type the generated code uses. */
#include "kiln.h"

#include <stdlib.h>

struct kiln_list *kiln_list_new(Signed length, size_t itemsize, bool atomic) {
    struct kiln_list *l = kiln_malloc(sizeof(struct kiln_list));
    Signed allocated = length < 4 ? 4 : length;
    l->items = atomic ? kiln_malloc_atomic((size_t)allocated * itemsize)
                      : kiln_malloc((size_t)allocated * itemsize);
    l->length = length;
    l->allocated = allocated;
    return l;
}

void kiln_list_grow(struct kiln_list *l, size_t itemsize, bool atomic) {
    /* double: with Boehm a growth always allocates a new block and copies (there is no
     * realloc in place), so CPython's 1/8 over-allocation would copy each item ~8 times */
    Signed allocated = l->allocated * 2 + 4;
    void *items = atomic ? kiln_malloc_atomic((size_t)allocated * itemsize)
                         : kiln_malloc((size_t)allocated * itemsize);
    memcpy(items, l->items, (size_t)l->length * itemsize);
    l->items = items;
    l->allocated = allocated;
}


void *kiln_list_insert_slot(struct kiln_list *l, Signed index, size_t itemsize, bool atomic) {
    if (index < 0) index = index + l->length < 0 ? 0 : index + l->length;
    if (index > l->length) index = l->length;
    kiln_list_append_slot(l, itemsize, atomic);
    char *items = l->items;
    memmove(items + (size_t)(index + 1) * itemsize, items + (size_t)index * itemsize,
            (size_t)(l->length - 1 - index) * itemsize);
    return items + (size_t)index * itemsize;
}

void kiln_list_extend(struct kiln_list *l, struct kiln_list *other, size_t itemsize,
                      bool atomic) {
    Signed n = other->length;  /* read first: l and other may be the same list */
    while (l->allocated < l->length + n) kiln_list_grow(l, itemsize, atomic);
    memcpy((char *)l->items + (size_t)l->length * itemsize, other->items, (size_t)n * itemsize);
    l->length += n;
}

void kiln_list_delete(struct kiln_list *l, Signed index, size_t itemsize) {
    char *items = l->items;
    memmove(items + (size_t)index * itemsize, items + (size_t)(index + 1) * itemsize,
            (size_t)(l->length - index - 1) * itemsize);
    l->length--;
    memset(items + (size_t)l->length * itemsize, 0, itemsize);  /* let the GC free it */
}

void kiln_list_reverse(struct kiln_list *l, size_t itemsize) {
    char tmp[16];
    char *items = l->items;
    for (Signed i = 0, j = l->length - 1; i < j; i++, j--) {
        memcpy(tmp, items + (size_t)i * itemsize, itemsize);
        memcpy(items + (size_t)i * itemsize, items + (size_t)j * itemsize, itemsize);
        memcpy(items + (size_t)j * itemsize, tmp, itemsize);
    }
}

struct kiln_list *kiln_list_slice(struct kiln_list *l, Signed start, Signed stop,
                                  size_t itemsize, bool atomic) {
    if (start < 0) start = start + l->length < 0 ? 0 : start + l->length;
    if (stop < 0) stop = stop + l->length < 0 ? 0 : stop + l->length;
    if (start > l->length) start = l->length;
    if (stop > l->length) stop = l->length;
    Signed n = stop > start ? stop - start : 0;
    struct kiln_list *out = kiln_list_new(n, itemsize, atomic);
    memcpy(out->items, (char *)l->items + (size_t)start * itemsize, (size_t)n * itemsize);
    return out;
}

struct kiln_list *kiln_list_concat(struct kiln_list *a, struct kiln_list *b, size_t itemsize,
                                   bool atomic) {
    struct kiln_list *out = kiln_list_new(a->length + b->length, itemsize, atomic);
    memcpy(out->items, a->items, (size_t)a->length * itemsize);
    memcpy((char *)out->items + (size_t)a->length * itemsize, b->items,
           (size_t)b->length * itemsize);
    return out;
}

struct kiln_list *kiln_list_repeat(struct kiln_list *l, Signed n, size_t itemsize, bool atomic) {
    if (n < 0) n = 0;
    struct kiln_list *out = kiln_list_new(l->length * n, itemsize, atomic);
    size_t chunk = (size_t)l->length * itemsize, total = chunk * (size_t)n, done = 0;
    if (total == 0) return out;
    memcpy(out->items, l->items, chunk);
    for (done = chunk; done < total; done *= 2)  /* copy what is filled: log2(n) copies */
        memcpy((char *)out->items + done, out->items, done < total - done ? done : total - done);
    return out;
}

static int kiln_cmp_int(const void *a, const void *b) {
    Signed x = *(const Signed *)a, y = *(const Signed *)b;
    return (x > y) - (x < y);
}

static int kiln_cmp_float(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int kiln_cmp_str(const void *a, const void *b) {
    Signed c = kiln_str_cmp(*(struct kiln_str *const *)a, *(struct kiln_str *const *)b);
    return (c > 0) - (c < 0);
}

/* qsort is not stable, but equal ints, floats and strings are indistinguishable. */
void kiln_list_sort_int(struct kiln_list *l) {
    qsort(l->items, (size_t)l->length, sizeof(Signed), kiln_cmp_int);
}

void kiln_list_sort_float(struct kiln_list *l) {
    qsort(l->items, (size_t)l->length, sizeof(double), kiln_cmp_float);
}

void kiln_list_sort_str(struct kiln_list *l) {
    qsort(l->items, (size_t)l->length, sizeof(struct kiln_str *), kiln_cmp_str);
}

/* `[value] * n` in one allocation, for the JIT (the rtyper writes a one-item list_new
 * and a list_repeat): a word item of `itemsize` bytes (a bool's byte is the word's low
 * byte on every little-endian target), or a double.  Fresh items are zero already. */
struct kiln_list *kiln_jit_list_filled_w(Signed n, Signed itemsize, Signed atomic,
                                         Signed value) {
    struct kiln_list *l = kiln_list_new(n < 0 ? 0 : n, (size_t)itemsize, atomic != 0);
    if (value == 0) return l;
    for (Signed i = 0; i < l->length; i++) {
        if (itemsize == 1) ((unsigned char *)l->items)[i] = (unsigned char)value;
        else ((Signed *)l->items)[i] = value;
    }
    return l;
}

struct kiln_list *kiln_jit_list_filled_f(Signed n, double value) {
    struct kiln_list *l = kiln_list_new(n < 0 ? 0 : n, sizeof(double), true);
    for (Signed i = 0; i < l->length; i++) ((double *)l->items)[i] = value;
    return l;
}

/* The first index of `value` in the list, or -1, for the JIT's `in` and list.index:
 * items compared as genc's equal() does (a word item of `itemsize` bytes, a bool's being
 * the word's low byte; strs by value; doubles). */
Signed kiln_jit_list_find_w(struct kiln_list *l, Signed value, Signed itemsize) {
    for (Signed i = 0; i < l->length; i++) {
        if (itemsize == 1 ? ((unsigned char *)l->items)[i] == (unsigned char)value
                          : ((Signed *)l->items)[i] == value)
            return i;
    }
    return -1;
}

Signed kiln_jit_list_find_str(struct kiln_list *l, struct kiln_str *value) {
    for (Signed i = 0; i < l->length; i++)
        if (kiln_str_eq(((struct kiln_str **)l->items)[i], value)) return i;
    return -1;
}

Signed kiln_jit_list_find_f(struct kiln_list *l, double value) {
    for (Signed i = 0; i < l->length; i++)
        if (((double *)l->items)[i] == value) return i;
    return -1;
}
