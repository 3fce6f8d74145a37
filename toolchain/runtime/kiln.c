/* The slow paths of the runtime: allocation of strings and lists, the dict, the os
 * module, fatal errors, and argv.  Everything hot is inline in kiln.h.
 */
#include "kiln.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct kiln_object *kiln_exc_value;

int kiln_uncaught(struct kiln_object *e) {
    fflush(stdout);
    fprintf(stderr, "Traceback (most recent call last):\n  (translated code)\n%s: %s\n",
            e->typeptr->name, kiln_exception_message(e));
    return 1;
}

Signed kiln_index_or_raise(Signed index, Signed length) {
    if ((Unsigned)index < (Unsigned)length) return index;
    if (index < 0 && index + length >= 0) return index + length;
    kiln_raise_runtime(KILN_EXC_IndexError, "index out of range");
    return -1;
}

void kiln_raise_key_error(Signed key) {
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", key);
    kiln_raise_runtime(KILN_EXC_KeyError, buf);
}

void kiln_fatal(const char *kind, const char *message) {
    fprintf(stderr, "Fatal error: %s: %s\n", kind, message);
    fflush(stderr);
    exit(1);
}

void kiln_index_error(Signed index, Signed length) {
    char buf[96];
    snprintf(buf, sizeof buf, "index %ld out of range (length %ld)", index, length);
    kiln_fatal("IndexError", buf);
}

void kiln_key_error(Signed key) {
    char buf[64];
    snprintf(buf, sizeof buf, "%ld", key);
    kiln_fatal("KeyError", buf);
}

void kiln_assert_failed(const char *where) {
    kiln_fatal("AssertionError", where);
}

static void kiln_os_error(const char *function) {
    char buf[160];
    snprintf(buf, sizeof buf, "[Errno %d] %s (in %s)", errno, strerror(errno), function);
    kiln_raise_runtime(KILN_EXC_OSError, buf);
}

/* ---- strings ---- */

struct kiln_str *kiln_str_alloc(Signed length) {
    struct kiln_str *s = kiln_malloc_atomic(sizeof(struct kiln_str) + (size_t)length + 1);
    s->length = length;
    return s;
}

struct kiln_str *kiln_str_from_bytes(const char *data, Signed length) {
    struct kiln_str *s = kiln_str_alloc(length);
    memcpy(s->chars, data, (size_t)length);
    return s;
}

struct kiln_str *kiln_str_concat(struct kiln_str *a, struct kiln_str *b) {
    struct kiln_str *s = kiln_str_alloc(a->length + b->length);
    memcpy(s->chars, a->chars, (size_t)a->length);
    memcpy(s->chars + a->length, b->chars, (size_t)b->length);
    return s;
}

struct kiln_str *kiln_str_getchar(struct kiln_str *s, Signed index) {
    return kiln_str_from_bytes(&s->chars[kiln_check_index(index, s->length)], 1);
}

Signed kiln_str_cmp(struct kiln_str *a, struct kiln_str *b) {
    Signed n = a->length < b->length ? a->length : b->length;
    int c = memcmp(a->chars, b->chars, (size_t)n);
    if (c != 0) return c;
    return a->length < b->length ? -1 : a->length > b->length;
}

bool kiln_str_eq(struct kiln_str *a, struct kiln_str *b) {
    if (a == b) return true;
    if (a == NULL || b == NULL || a->length != b->length) return false;
    return memcmp(a->chars, b->chars, (size_t)a->length) == 0;
}

struct kiln_str *kiln_str_join(struct kiln_str *sep, struct kiln_list *items) {
    struct kiln_str **parts = items->items;
    Signed total = 0;
    for (Signed i = 0; i < items->length; i++) total += parts[i]->length;
    if (items->length > 1) total += sep->length * (items->length - 1);
    struct kiln_str *s = kiln_str_alloc(total);
    char *out = s->chars;
    for (Signed i = 0; i < items->length; i++) {
        if (i > 0) {
            memcpy(out, sep->chars, (size_t)sep->length);
            out += sep->length;
        }
        memcpy(out, parts[i]->chars, (size_t)parts[i]->length);
        out += parts[i]->length;
    }
    return s;
}

/* ---- lists ---- */

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
    /* over-allocate by 1/8 + constant, like CPython, for amortised O(1) appends */
    Signed allocated = l->allocated + (l->allocated >> 3) + (l->allocated < 9 ? 3 : 6);
    void *items = atomic ? kiln_malloc_atomic((size_t)allocated * itemsize)
                         : kiln_malloc((size_t)allocated * itemsize);
    memcpy(items, l->items, (size_t)l->length * itemsize);
    l->items = items;
    l->allocated = allocated;
}

/* ---- dicts ---- */

static Signed kiln_hash_int(Signed key) {
    Unsigned h = (Unsigned)key;
    h ^= h >> 16;
    h *= 0x45d9f3bUL;
    h ^= h >> 16;
    return (Signed)h;
}

static void kiln_dict_build_index(struct kiln_dict *d, Signed size) {
    d->index = kiln_malloc_atomic((size_t)size * sizeof(Signed));
    memset(d->index, 0xff, (size_t)size * sizeof(Signed));
    d->index_mask = size - 1;
    for (Signed n = 0; n < d->num_entries; n++) {
        Unsigned i = (Unsigned)kiln_hash_int(d->entries[n].key) & (Unsigned)d->index_mask;
        while (d->index[i] != -1) i = (i + 1) & (Unsigned)d->index_mask;
        d->index[i] = n;
    }
}

struct kiln_dict *kiln_dict_new(void) {
    struct kiln_dict *d = kiln_malloc(sizeof(struct kiln_dict));
    d->entries_allocated = 8;
    d->entries = kiln_malloc((size_t)d->entries_allocated * sizeof(struct kiln_dict_entry));
    kiln_dict_build_index(d, 16);
    return d;
}

kiln_word *kiln_dict_lookup(struct kiln_dict *d, Signed key) {
    Unsigned i = (Unsigned)kiln_hash_int(key) & (Unsigned)d->index_mask;
    for (;;) {
        Signed n = d->index[i];
        if (n == -1) return NULL;
        if (d->entries[n].key == key) return &d->entries[n].value;
        i = (i + 1) & (Unsigned)d->index_mask;
    }
}

kiln_word *kiln_dict_insert_slot(struct kiln_dict *d, Signed key) {
    kiln_word *slot = kiln_dict_lookup(d, key);
    if (slot != NULL) return slot;
    if (d->num_entries == d->entries_allocated) {
        Signed allocated = d->entries_allocated * 2;
        struct kiln_dict_entry *entries =
            kiln_malloc((size_t)allocated * sizeof(struct kiln_dict_entry));
        memcpy(entries, d->entries, (size_t)d->num_entries * sizeof(struct kiln_dict_entry));
        d->entries = entries;
        d->entries_allocated = allocated;
    }
    Signed n = d->num_entries++;
    d->used++;
    d->entries[n].key = key;
    d->entries[n].value.i = 0;
    if (d->num_entries * 3 >= (d->index_mask + 1) * 2) {
        kiln_dict_build_index(d, (d->index_mask + 1) * 4);
    } else {
        Unsigned i = (Unsigned)kiln_hash_int(key) & (Unsigned)d->index_mask;
        while (d->index[i] != -1) i = (i + 1) & (Unsigned)d->index_mask;
        d->index[i] = n;
    }
    return &d->entries[n].value;
}

/* ---- os ---- */

struct kiln_str *kiln_os_read(Signed fd, Signed count) {
    if (count < 0) {
        kiln_raise_runtime(KILN_EXC_ValueError, "os.read(): negative count");
        return NULL;
    }
    struct kiln_str *s = kiln_str_alloc(count);
    ssize_t got;
    do {
        got = read((int)fd, s->chars, (size_t)count);
    } while (got < 0 && errno == EINTR);
    if (got < 0) {
        kiln_os_error("os.read");
        return NULL;
    }
    s->length = got;
    s->chars[got] = '\0';
    return s;
}

Signed kiln_os_write(Signed fd, struct kiln_str *data) {
    ssize_t written;
    do {
        written = write((int)fd, data->chars, (size_t)data->length);
    } while (written < 0 && errno == EINTR);
    if (written < 0) {
        kiln_os_error("os.write");
        return -1;
    }
    return written;
}

Signed kiln_os_open(struct kiln_str *path, Signed flags, Signed mode) {
    int fd = open(path->chars, (int)flags, (int)mode);
    if (fd < 0) {
        kiln_os_error("os.open");
        return -1;
    }
    return fd;
}

void kiln_os_close(Signed fd) {
    if (close((int)fd) < 0) kiln_os_error("os.close");
}

/* ---- argv ---- */

struct kiln_list *kiln_make_argv(int argc, char **argv) {
    struct kiln_list *l = kiln_list_new(argc, sizeof(struct kiln_str *), false);
    for (int i = 0; i < argc; i++)
        ((struct kiln_str **)l->items)[i] = kiln_str_from_bytes(argv[i], (Signed)strlen(argv[i]));
    return l;
}
