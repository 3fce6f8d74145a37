/* The C runtime every translated program includes: value representations, the
 * inline fast paths of the low-level operations, and declarations of the slow paths in
 * kiln.c.
 *
 * Ints are the target's machine word (`long` on every Linux ABI Kiln targets).
 * Arithmetic that may overflow goes through unsigned types, so it wraps like the
 * hardware instead of being undefined behaviour that the C compiler could exploit.
 * Allocation is Boehm GC; blocks that hold no pointers are allocated "atomic" so the
 * conservative collector never scans them.
 */
#ifndef KILN_H
#define KILN_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <gc.h>

typedef long Signed;
typedef unsigned long Unsigned;

#define KILN_LIKELY(x) __builtin_expect(!!(x), 1)
#define KILN_UNLIKELY(x) __builtin_expect(!!(x), 0)

void kiln_fatal(const char *kind, const char *message) __attribute__((noreturn));

/* ---- instances and exceptions ---- */

struct kiln_vtable {
    Signed subclass_min, subclass_max; /* preorder range of the class and its subclasses */
    const char *name;
};

struct kiln_object {
    const struct kiln_vtable *typeptr;
};

static inline bool kiln_isinstance(void *p, Signed lo, Signed hi) {
    if (p == NULL) return false;
    Signed id = ((struct kiln_object *)p)->typeptr->subclass_min;
    return id >= lo && id <= hi;
}

/* The pending exception, or NULL.  A raising function sets it and returns; callers of
 * anything that can raise test it (see toolchain/rtyper/raising.py). */
extern struct kiln_object *kiln_exc_value;

enum {  /* the order of RUNTIME_EXCEPTION_NAMES in toolchain/genc/classes.py */
    KILN_EXC_IndexError, KILN_EXC_KeyError, KILN_EXC_ZeroDivisionError, KILN_EXC_ValueError,
    KILN_EXC_OverflowError, KILN_EXC_OSError, KILN_EXC_AssertionError,
    KILN_EXC_RecursionError, KILN_EXC_MemoryError
};
/* Defined in the generated C, which knows the exception struct layout. */
void kiln_raise_runtime(int kind, const char *message);
const char *kiln_exception_message(struct kiln_object *e);
int kiln_uncaught(struct kiln_object *e);
Signed kiln_index_or_raise(Signed index, Signed length);

static inline void *kiln_malloc(size_t size) {
    void *p = GC_MALLOC(size);
    if (KILN_UNLIKELY(p == NULL)) kiln_fatal("MemoryError", "out of memory");
    return p;
}

static inline void *kiln_malloc_atomic(size_t size) {
    void *p = GC_MALLOC_ATOMIC(size);
    if (KILN_UNLIKELY(p == NULL)) kiln_fatal("MemoryError", "out of memory");
    memset(p, 0, size);
    return p;
}

/* ---- ints: Python's floor division and modulo, wrapping +, -, *, << ---- */

#define KILN_INT_ADD(a, b) ((Signed)((Unsigned)(a) + (Unsigned)(b)))
#define KILN_INT_SUB(a, b) ((Signed)((Unsigned)(a) - (Unsigned)(b)))
#define KILN_INT_MUL(a, b) ((Signed)((Unsigned)(a) * (Unsigned)(b)))
#define KILN_INT_NEG(a) ((Signed)(0UL - (Unsigned)(a)))
#define KILN_INT_LSHIFT(a, b) ((Signed)((Unsigned)(a) << (b)))

static inline Signed kiln_int_floordiv(Signed a, Signed b) {
    if (KILN_UNLIKELY(b == 0)) kiln_fatal("ZeroDivisionError", "integer division by zero");
    if (KILN_UNLIKELY(b == -1)) return KILN_INT_NEG(a);  /* MIN / -1 traps in C */
    Signed q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q -= 1;
    return q;
}

static inline Signed kiln_int_mod(Signed a, Signed b) {
    if (KILN_UNLIKELY(b == 0)) kiln_fatal("ZeroDivisionError", "integer modulo by zero");
    if (KILN_UNLIKELY(b == -1)) return 0;
    Signed r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) r += b;
    return r;
}

/* Unsigned // and %: the JIT's elidable calls (genc writes the operator after its own
 * zero test). */
static inline Unsigned kiln_uint_floordiv(Unsigned a, Unsigned b) {
    if (KILN_UNLIKELY(b == 0))
        kiln_fatal("ZeroDivisionError", "integer division or modulo by zero");
    return a / b;
}

static inline Unsigned kiln_uint_mod(Unsigned a, Unsigned b) {
    if (KILN_UNLIKELY(b == 0))
        kiln_fatal("ZeroDivisionError", "integer division or modulo by zero");
    return a % b;
}

/* ---- strings: immutable byte strings, NUL-terminated for the C library ---- */

struct kiln_str {
    Signed hash;
    Signed length;
    char chars[];
};

#define KILN_STR_CONST(N) struct { Signed hash; Signed length; char chars[N]; }

struct kiln_str *kiln_str_alloc(Signed length);
struct kiln_str *kiln_str_from_bytes(const char *data, Signed length);
struct kiln_str *kiln_str_concat(struct kiln_str *a, struct kiln_str *b);
struct kiln_str *kiln_str_concat_n(Signed n, struct kiln_str **pieces);
struct kiln_str *kiln_str_getchar(struct kiln_str *s, Signed index);
Signed kiln_str_cmp(struct kiln_str *a, struct kiln_str *b);
bool kiln_str_eq(struct kiln_str *a, struct kiln_str *b);
void kiln_index_error(Signed index, Signed length) __attribute__((noreturn));

static inline Signed kiln_check_index(Signed index, Signed length) {
    /* one unsigned compare catches both ends; negative indices take the slow path */
    if (KILN_LIKELY((Unsigned)index < (Unsigned)length)) return index;
    if (index < 0 && index + length >= 0) return index + length;
    kiln_index_error(index, length);
}

static inline Signed kiln_str_getbyte(struct kiln_str *s, Signed index) {
    return (unsigned char)s->chars[kiln_check_index(index, s->length)];
}

/* ---- lists: resizable arrays of one item type; items is a separate GC block ---- */

struct kiln_list {
    Signed length;
    Signed allocated;
    void *items;
};

struct kiln_list *kiln_list_new(Signed length, size_t itemsize, bool atomic);
void kiln_list_grow(struct kiln_list *l, size_t itemsize, bool atomic);

static inline void *kiln_list_append_slot(struct kiln_list *l, size_t itemsize, bool atomic) {
    if (KILN_UNLIKELY(l->length == l->allocated)) kiln_list_grow(l, itemsize, atomic);
    return (char *)l->items + (l->length++) * itemsize;
}

static inline Signed kiln_list_pop_index(struct kiln_list *l) {
    if (KILN_UNLIKELY(l->length == 0)) kiln_fatal("IndexError", "pop from empty list");
    return --l->length;
}

#define KILN_LIST_ITEM(T, l, i) (((T *)(l)->items)[kiln_check_index((i), (l)->length)])
#define KILN_LIST_APPEND(T, l, v, atomic) \
    (*(T *)kiln_list_append_slot((l), sizeof(T), (atomic)) = (v))
#define KILN_LIST_POP(T, l) (((T *)(l)->items)[kiln_list_pop_index(l)])

struct kiln_str *kiln_str_join(struct kiln_str *sep, struct kiln_list *items);
struct kiln_str *kiln_str_from_cstring(const char *text);
struct kiln_str *kiln_str_or_empty(struct kiln_str *s);

/* ---- dicts: insertion-ordered entries plus an open-addressing index ----
 * Keys and values are stored as one word (or a double); `ops` gives the key's hash and
 * equality, NULL meaning the word itself (ints, and instances by identity). */

typedef union {
    Signed i;
    double f;
    void *p;
} kiln_word;

struct kiln_dict_keyops {
    Signed (*hash)(kiln_word key);
    bool (*eq)(kiln_word a, kiln_word b);
};

struct kiln_dict_entry {
    kiln_word key;
    kiln_word value;
    Signed hash;
    bool live;
};

struct kiln_dict {
    Signed used;              /* live entries */
    Signed num_entries;       /* entries ever appended (deleted ones included) */
    Signed entries_allocated;
    Signed index_mask;        /* index size - 1, the index size a power of two */
    Signed *index;            /* -1 empty, -2 deleted, else an entry number */
    struct kiln_dict_entry *entries;
    const struct kiln_dict_keyops *ops;
};

extern const struct kiln_dict_keyops kiln_keyops_str;
Signed kiln_str_hash(struct kiln_str *s);
struct kiln_dict *kiln_dict_new(const struct kiln_dict_keyops *ops);
kiln_word *kiln_dict_lookup_slow(struct kiln_dict *d, kiln_word key);

static inline Signed kiln_hash_word(kiln_word key) {
    Unsigned h = (Unsigned)key.i;
    h ^= h >> 16;
    h *= 0x45d9f3bUL;
    h ^= h >> 16;
    return (Signed)h;
}

static inline bool kiln_str_eq_inline(struct kiln_str *a, struct kiln_str *b) {
    return a == b || (a->length == b->length &&
                      memcmp(a->chars, b->chars, (size_t)a->length) == 0);
}

/* Word keys (ints, instances) and string keys are looked up inline: interpreters do this
 * in their dispatch loops (BF's bracket map, a VM's globals), where calls would dominate.
 * Other keys (tuples) go through their keyops. */
static inline kiln_word *kiln_dict_lookup(struct kiln_dict *d, kiln_word key) {
    Unsigned i;
    if (d->ops == NULL) {
        i = (Unsigned)kiln_hash_word(key) & (Unsigned)d->index_mask;
        for (;;) {
            Signed n = d->index[i];
            if (n == -1) return NULL;
            if (n >= 0 && d->entries[n].key.i == key.i) return &d->entries[n].value;
            i = (i + 1) & (Unsigned)d->index_mask;
        }
    }
    if (d->ops != &kiln_keyops_str) return kiln_dict_lookup_slow(d, key);
    struct kiln_str *k = key.p;
    Signed hash = k->hash != 0 ? k->hash : kiln_str_hash(k);
    i = (Unsigned)hash & (Unsigned)d->index_mask;
    for (;;) {
        Signed n = d->index[i];
        if (n == -1) return NULL;
        if (n >= 0 && d->entries[n].hash == hash &&
            kiln_str_eq_inline(d->entries[n].key.p, k))
            return &d->entries[n].value;
        i = (i + 1) & (Unsigned)d->index_mask;
    }
}
kiln_word *kiln_dict_insert_slot(struct kiln_dict *d, kiln_word key);
bool kiln_dict_delete(struct kiln_dict *d, kiln_word key);

/* The JIT's word-ABI entry points (kiln_dict.c): a word key; `w` a word value, `f` a
 * double. */
#define KILN_JIT_DICT_VALUE_DECLS(V, VT)                                                  \
    VT kiln_jit_dict_get_##V(struct kiln_dict *d, Signed key, VT dflt);                  \
    VT kiln_jit_dict_getitem_##V(struct kiln_dict *d, Signed key, Signed checked);       \
    void kiln_jit_dict_setitem_##V(struct kiln_dict *d, Signed key, VT value);           \
    VT kiln_jit_dict_setdefault_##V(struct kiln_dict *d, Signed key, VT dflt);           \
    VT kiln_jit_dict_pop_##V(struct kiln_dict *d, Signed key, Signed checked);           \
    VT kiln_jit_dict_pop_default_##V(struct kiln_dict *d, Signed key, VT dflt);
KILN_JIT_DICT_VALUE_DECLS(w, Signed)
KILN_JIT_DICT_VALUE_DECLS(f, double)
Signed kiln_jit_dict_contains(struct kiln_dict *d, Signed key);
void kiln_jit_dict_delitem(struct kiln_dict *d, Signed key, Signed checked);
struct kiln_list *kiln_jit_dict_keys(struct kiln_dict *d, Signed itemsize, Signed atomic);
struct kiln_list *kiln_jit_dict_values(struct kiln_dict *d, Signed itemsize, Signed atomic);
struct kiln_list *kiln_jit_dict_items(struct kiln_dict *d, Signed pairsize, Signed atomic,
                                      Signed keysize, Signed value_offset,
                                      Signed valuesize);

/* ---- more list operations (kiln_list.c) ---- */

void *kiln_list_insert_slot(struct kiln_list *l, Signed index, size_t itemsize, bool atomic);
void kiln_list_extend(struct kiln_list *l, struct kiln_list *other, size_t itemsize,
                      bool atomic);
void kiln_list_delete(struct kiln_list *l, Signed index, size_t itemsize);
void kiln_list_reverse(struct kiln_list *l, size_t itemsize);
struct kiln_list *kiln_list_slice(struct kiln_list *l, Signed start, Signed stop,
                                  size_t itemsize, bool atomic);
struct kiln_list *kiln_list_concat(struct kiln_list *a, struct kiln_list *b, size_t itemsize,
                                   bool atomic);
struct kiln_list *kiln_list_repeat(struct kiln_list *l, Signed n, size_t itemsize, bool atomic);
struct kiln_list *kiln_jit_list_filled_w(Signed n, Signed itemsize, Signed atomic,
                                         Signed value);
struct kiln_list *kiln_jit_list_filled_f(Signed n, double value);
Signed kiln_jit_list_find_w(struct kiln_list *l, Signed value, Signed itemsize);
Signed kiln_jit_list_find_str(struct kiln_list *l, struct kiln_str *value);
Signed kiln_jit_list_find_f(struct kiln_list *l, double value);
void kiln_list_sort_int(struct kiln_list *l);
void kiln_list_sort_float(struct kiln_list *l);
void kiln_list_sort_str(struct kiln_list *l);

/* ---- numbers and strings (kiln_str.c) ---- */

static inline double kiln_float_truediv(double a, double b) {
    if (KILN_UNLIKELY(b == 0.0)) kiln_fatal("ZeroDivisionError", "float division by zero");
    return a / b;
}
double kiln_float_floordiv(double a, double b);
double kiln_float_mod(double a, double b);
Signed kiln_float_to_int(double x);
static inline Signed kiln_int_abs(Signed x) { return x < 0 ? KILN_INT_NEG(x) : x; }
static inline Signed kiln_int_min(Signed a, Signed b) { return a < b ? a : b; }
static inline Signed kiln_int_max(Signed a, Signed b) { return a > b ? a : b; }
static inline double kiln_float_min(double a, double b) { return a < b ? a : b; }
static inline double kiln_float_max(double a, double b) { return a > b ? a : b; }
static inline Signed kiln_int_hash(Signed x) { return x == -1 ? -2 : x; }

struct kiln_str *kiln_str_from_int(Signed x);
struct kiln_str *kiln_str_from_uint(Unsigned x);
struct kiln_str *kiln_str_from_bool(bool x);
struct kiln_str *kiln_float_repr(double x);
struct kiln_str *kiln_str_repr(struct kiln_str *s);
struct kiln_str *kiln_str_hex(Signed x);
struct kiln_str *kiln_str_fixed(double x);
Signed kiln_int_from_str(struct kiln_str *s, Signed base);
double kiln_float_from_str(struct kiln_str *s);
Signed kiln_str_hash(struct kiln_str *s);
Signed kiln_str_ord(struct kiln_str *s);
struct kiln_str *kiln_str_chr(Signed code);
struct kiln_str *kiln_str_repeat(struct kiln_str *s, Signed n);
bool kiln_str_contains(struct kiln_str *s, struct kiln_str *sub);
struct kiln_str *kiln_str_slice(struct kiln_str *s, Signed start, Signed stop);
Signed kiln_str_find(struct kiln_str *s, struct kiln_str *sub, Signed start, Signed end);
Signed kiln_str_rfind(struct kiln_str *s, struct kiln_str *sub, Signed start, Signed end);
Signed kiln_str_count(struct kiln_str *s, struct kiln_str *sub);
bool kiln_str_startswith(struct kiln_str *s, struct kiln_str *prefix);
bool kiln_str_endswith(struct kiln_str *s, struct kiln_str *suffix);
struct kiln_list *kiln_str_split(struct kiln_str *s, struct kiln_str *sep);
struct kiln_str *kiln_str_strip(struct kiln_str *s, struct kiln_str *chars);
struct kiln_str *kiln_str_lstrip(struct kiln_str *s, struct kiln_str *chars);
struct kiln_str *kiln_str_rstrip(struct kiln_str *s, struct kiln_str *chars);
struct kiln_str *kiln_str_replace(struct kiln_str *s, struct kiln_str *old, struct kiln_str *new);
struct kiln_str *kiln_str_lower(struct kiln_str *s);
struct kiln_str *kiln_str_upper(struct kiln_str *s);
bool kiln_str_isdigit(struct kiln_str *s);
bool kiln_str_isalpha(struct kiln_str *s);
bool kiln_str_isspace(struct kiln_str *s);
bool kiln_str_isalnum(struct kiln_str *s);
bool kiln_str_isupper(struct kiln_str *s);
bool kiln_str_islower(struct kiln_str *s);

/* ---- math and time (kiln.c) ---- */

double kiln_math_sqrt(double x);
double kiln_math_log(double x);
double kiln_math_pow(double x, double y);
double kiln_math_exp(double x);
double kiln_math_sin(double x);
double kiln_math_cos(double x);
Signed kiln_int_pow(Signed base, Signed exponent);
static inline bool kiln_math_isnan(double x) { return isnan(x); }
static inline bool kiln_math_isinf(double x) { return isinf(x); }
double kiln_time_time(void);

/* ---- os ---- */

struct kiln_str *kiln_os_read(Signed fd, Signed count);
Signed kiln_os_lseek(Signed fd, Signed offset, Signed how);
struct kiln_str *kiln_os_getenv(struct kiln_str *name);
Signed kiln_os_write(Signed fd, struct kiln_str *data);
Signed kiln_os_open(struct kiln_str *path, Signed flags, Signed mode);
void kiln_os_close(Signed fd);

void kiln_assert_failed(const char *where) __attribute__((noreturn));

/* ---- raw memory and code memory (toolchain/rlib/rawmem.py) ---- */

Signed kiln_raw_malloc(Signed size);
static inline double kiln_load_double(const void *address) {
    double d;
    memcpy(&d, address, sizeof d);
    return d;
}
static inline void kiln_store_double(void *address, double d) {
    memcpy(address, &d, sizeof d);
}
void kiln_raw_free(Signed address);
Signed kiln_gc_malloc_address(void);
/* The JIT runtime takes a residual call's exception out of the way (it must not be seen
   by the runtime's own calls) and puts it back where the portal propagates it. */
Signed kiln_jit_fetch_exception(void);
void kiln_jit_restore_exception(Signed exc);
Signed kiln_jit_exception_address(void);
Signed kiln_code_alloc(Signed size);
void kiln_code_executable(Signed address, Signed size);
void kiln_code_writable(Signed address, Signed size);
void kiln_code_free(Signed address, Signed size);
void kiln_flush_icache(Signed address, Signed size);

/* ---- the program ---- */

/* Recursive functions start with this check: the stack grows down on every target, and
 * a RecursionError is raised a safe margin before the stack would overflow. */
extern char *kiln_stack_limit;
void kiln_raise_recursion_error(void);
static inline bool kiln_stack_too_deep(void) {
    char here;
    return KILN_UNLIKELY(&here < kiln_stack_limit);
}
void kiln_init_runtime(void);
struct kiln_list *kiln_make_argv(int argc, char **argv);

#endif
