/* Dicts: an array of entries in insertion order (iteration order, as in Python) plus an
 * open-addressing index of entry numbers, probed linearly.  Deleting leaves a tombstone
 * in both; the index is rebuilt when it fills up. */
#include "kiln.h"

static Signed kiln_str_key_hash(kiln_word key) { return kiln_str_hash(key.p); }
static bool kiln_str_key_eq(kiln_word a, kiln_word b) { return kiln_str_eq(a.p, b.p); }
const struct kiln_dict_keyops kiln_keyops_str = {kiln_str_key_hash, kiln_str_key_eq};

static inline Signed kiln_dict_hash(struct kiln_dict *d, kiln_word key) {
    return d->ops == NULL ? kiln_hash_word(key) : d->ops->hash(key);
}

static inline bool kiln_dict_same(struct kiln_dict *d, struct kiln_dict_entry *e,
                                  kiln_word key, Signed hash) {
    if (d->ops == NULL) return e->key.i == key.i;
    return e->hash == hash && d->ops->eq(e->key, key);
}

static void kiln_dict_build_index(struct kiln_dict *d, Signed size) {
    d->index = kiln_malloc_atomic((size_t)size * sizeof(Signed));
    memset(d->index, 0xff, (size_t)size * sizeof(Signed));
    d->index_mask = size - 1;
    for (Signed n = 0; n < d->num_entries; n++) {
        if (!d->entries[n].live) continue;
        Unsigned i = (Unsigned)d->entries[n].hash & (Unsigned)d->index_mask;
        while (d->index[i] != -1) i = (i + 1) & (Unsigned)d->index_mask;
        d->index[i] = n;
    }
}

struct kiln_dict *kiln_dict_new(const struct kiln_dict_keyops *ops) {
    struct kiln_dict *d = kiln_malloc(sizeof(struct kiln_dict));
    d->ops = ops;
    d->entries_allocated = 8;
    d->entries = kiln_malloc((size_t)d->entries_allocated * sizeof(struct kiln_dict_entry));
    kiln_dict_build_index(d, 16);
    return d;
}

/* The index slot that holds `key`, or the empty slot where it would go. */
static Signed *kiln_dict_probe(struct kiln_dict *d, kiln_word key, Signed hash) {
    Unsigned i = (Unsigned)hash & (Unsigned)d->index_mask;
    for (;;) {
        Signed n = d->index[i];
        if (n == -1) return &d->index[i];
        if (n >= 0 && kiln_dict_same(d, &d->entries[n], key, hash)) return &d->index[i];
        i = (i + 1) & (Unsigned)d->index_mask;
    }
}

kiln_word *kiln_dict_lookup_slow(struct kiln_dict *d, kiln_word key) {
    Signed n = *kiln_dict_probe(d, key, kiln_dict_hash(d, key));
    return n >= 0 ? &d->entries[n].value : NULL;
}

kiln_word *kiln_dict_insert_slot(struct kiln_dict *d, kiln_word key) {
    Signed hash = kiln_dict_hash(d, key);
    Signed *slot = kiln_dict_probe(d, key, hash);
    if (*slot >= 0) return &d->entries[*slot].value;
    if (d->num_entries == d->entries_allocated && d->used * 2 < d->num_entries) {
        /* mostly tombstones: squeeze them out instead of growing */
        Signed kept = 0;
        for (Signed i = 0; i < d->num_entries; i++)
            if (d->entries[i].live) d->entries[kept++] = d->entries[i];
        memset(&d->entries[kept], 0, (size_t)(d->num_entries - kept) * sizeof *d->entries);
        d->num_entries = kept;
        kiln_dict_build_index(d, d->index_mask + 1);
        slot = kiln_dict_probe(d, key, hash);
    }
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
    struct kiln_dict_entry *e = &d->entries[n];
    e->key = key;
    memset(&e->value, 0, sizeof e->value);
    e->hash = hash;
    e->live = true;
    if (d->num_entries * 3 >= (d->index_mask + 1) * 2) {
        Signed size = d->index_mask + 1;
        while (d->used * 3 >= size) size *= 2;
        kiln_dict_build_index(d, size * 2);
    } else {
        *slot = n;
    }
    return &e->value;
}

bool kiln_dict_delete(struct kiln_dict *d, kiln_word key) {
    Signed *slot = kiln_dict_probe(d, key, kiln_dict_hash(d, key));
    if (*slot < 0) return false;
    struct kiln_dict_entry *e = &d->entries[*slot];
    e->live = false;
    e->key.p = NULL;  /* let the GC free what only the dict held */
    e->value.p = NULL;
    *slot = -2;
    d->used--;
    return true;
}

/* ---- the JIT's entry points (jit/codewriter/dicts.py) ----
 * Compiled traces and the blackhole interpreter pass only words and doubles, and some
 * ABIs pass a kiln_word union like neither (armel: in a register pair, or on the stack).
 * So the JIT reaches dicts through these functions.  A key is a word: an int, a bool or a
 * pointer, which genc's word() puts in the union's first bytes as `.i` does (dict keys
 * are never floats).  A value is a word (`_w`) or a double (`_f`); a bool value genc
 * stores in one byte of a slot that insertion zeroed, and only 0 or 1 is ever written
 * there, so its word reads the same on every (little-endian) target.  `checked` says
 * whether a missing key raises KeyError (in an operation a try catches) or is fatal, as
 * genc's key_error() does. */

static void kiln_key_missing(Signed checked) {
    if (checked) kiln_raise_runtime(KILN_EXC_KeyError, "key not found");
    else kiln_fatal("KeyError", "key not found");
}

Signed kiln_jit_dict_contains(struct kiln_dict *d, Signed key) {
    return kiln_dict_lookup(d, (kiln_word){.i = key}) != NULL;
}

void kiln_jit_dict_delitem(struct kiln_dict *d, Signed key, Signed checked) {
    if (!kiln_dict_delete(d, (kiln_word){.i = key})) kiln_key_missing(checked);
}

#define KILN_JIT_DICT_VALUE(V, VT, VF)                                              \
    VT kiln_jit_dict_get_##V(struct kiln_dict *d, Signed key, VT dflt) {           \
        kiln_word *slot = kiln_dict_lookup(d, (kiln_word){.i = key});              \
        return slot != NULL ? slot->VF : dflt;                                      \
    }                                                                               \
    VT kiln_jit_dict_getitem_##V(struct kiln_dict *d, Signed key, Signed checked) { \
        kiln_word *slot = kiln_dict_lookup(d, (kiln_word){.i = key});              \
        if (slot != NULL) return slot->VF;                                          \
        kiln_key_missing(checked);                                                  \
        return 0;                                                                   \
    }                                                                               \
    void kiln_jit_dict_setitem_##V(struct kiln_dict *d, Signed key, VT value) {    \
        kiln_dict_insert_slot(d, (kiln_word){.i = key})->VF = value;               \
    }                                                                               \
    VT kiln_jit_dict_setdefault_##V(struct kiln_dict *d, Signed key, VT dflt) {    \
        kiln_word *slot = kiln_dict_lookup(d, (kiln_word){.i = key});              \
        if (slot == NULL) {                                                         \
            slot = kiln_dict_insert_slot(d, (kiln_word){.i = key});                \
            slot->VF = dflt;                                                        \
        }                                                                           \
        return slot->VF;                                                            \
    }                                                                               \
    VT kiln_jit_dict_pop_##V(struct kiln_dict *d, Signed key, Signed checked) {    \
        kiln_word *slot = kiln_dict_lookup(d, (kiln_word){.i = key});              \
        if (slot == NULL) {                                                         \
            kiln_key_missing(checked);                                              \
            return 0;                                                               \
        }                                                                           \
        VT value = slot->VF;                                                        \
        kiln_dict_delete(d, (kiln_word){.i = key});                                 \
        return value;                                                               \
    }                                                                               \
    VT kiln_jit_dict_pop_default_##V(struct kiln_dict *d, Signed key, VT dflt) {   \
        kiln_word *slot = kiln_dict_lookup(d, (kiln_word){.i = key});              \
        if (slot == NULL) return dflt;                                              \
        VT value = slot->VF;                                                        \
        kiln_dict_delete(d, (kiln_word){.i = key});                                 \
        return value;                                                               \
    }

KILN_JIT_DICT_VALUE(w, Signed, i)
KILN_JIT_DICT_VALUE(f, double, f)

/* A list of the live keys (or values) in order, each `itemsize` bytes as genc reads a
 * slot: the first bytes of the union. */
static struct kiln_list *kiln_jit_dict_listing(struct kiln_dict *d, Signed itemsize,
                                               Signed atomic, Signed values) {
    struct kiln_list *l = kiln_list_new(d->used, (size_t)itemsize, atomic != 0);
    char *out = l->items;
    for (Signed i = 0; i < d->num_entries; i++) {
        struct kiln_dict_entry *e = &d->entries[i];
        if (!e->live) continue;
        memcpy(out, values ? &e->value : &e->key, (size_t)itemsize);
        out += itemsize;
    }
    return l;
}

struct kiln_list *kiln_jit_dict_keys(struct kiln_dict *d, Signed itemsize, Signed atomic) {
    return kiln_jit_dict_listing(d, itemsize, atomic, 0);
}

struct kiln_list *kiln_jit_dict_values(struct kiln_dict *d, Signed itemsize, Signed atomic) {
    return kiln_jit_dict_listing(d, itemsize, atomic, 1);
}

/* dict.items(): a list of fresh pairs (`pairsize` bytes, atomic or not), the key's first
 * `keysize` bytes at offset 0 (a struct's first field) and the value's `valuesize` at
 * `value_offset`, as genc's pair helper stores them. */
struct kiln_list *kiln_jit_dict_items(struct kiln_dict *d, Signed pairsize, Signed atomic,
                                      Signed keysize, Signed value_offset,
                                      Signed valuesize) {
    struct kiln_list *l = kiln_list_new(d->used, sizeof(void *), false);
    Signed n = 0;
    for (Signed i = 0; i < d->num_entries; i++) {
        struct kiln_dict_entry *e = &d->entries[i];
        if (!e->live) continue;
        char *pair = atomic ? kiln_malloc_atomic((size_t)pairsize)
                            : kiln_malloc((size_t)pairsize);
        memcpy(pair, &e->key, (size_t)keysize);
        memcpy(pair + value_offset, &e->value, (size_t)valuesize);
        ((char **)l->items)[n++] = pair;
    }
    return l;
}
