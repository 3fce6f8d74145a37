/* Dict-heavy word count: the hand-written equivalent of wordcount.py.  Strings are
 * GC-allocated and length-counted; the split gives a growable array of fresh strings,
 * as str.split does; the counts live in an open-addressing hash table (FNV-1a, linear
 * probing, the hash kept in the slot, grown at 2/3 full). */
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

struct slot {
    struct str *key; /* NULL: empty */
    unsigned long hash;
    long count;
};

struct table {
    long used, mask;
    struct slot *slots;
};

static const char *const SYLLABLES[12] = {"ka", "lo", "mi", "ne", "ru", "sa",
                                          "ti", "vo", "ze", "pu", "an", "el"};

static struct str *new_str(const char *data, long length) {
    struct str *s = GC_MALLOC_ATOMIC(sizeof(struct str) + (size_t)length);
    s->length = length;
    memcpy(s->chars, data, (size_t)length);
    return s;
}

static void append(struct str_array *a, struct str *s) {
    if (a->length == a->allocated) {
        a->allocated = a->allocated < 8 ? 8 : a->allocated * 2;
        struct str **items = GC_MALLOC((size_t)a->allocated * sizeof *items);
        memcpy(items, a->items, (size_t)a->length * sizeof *items);
        a->items = items;
    }
    a->items[a->length++] = s;
}

static void make_vocabulary(struct str_array *words, long size) {
    char buf[64];
    for (long i = 0; i < size; i++) {
        long length = 0, k = i;
        do {
            memcpy(buf + length, SYLLABLES[k % 12], 2);
            length += 2;
            k /= 12;
        } while (k != 0);
        append(words, new_str(buf, length));
    }
}

static struct str *make_text(const struct str_array *vocabulary, long n) {
    unsigned long seed = 12345;
    struct str_array picked = {0, 0, NULL};
    long total = 0;
    for (long i = 0; i < n; i++) {
        seed = (seed * 1103515245UL + 12345UL) & 0x7FFFFFFFUL;
        struct str *w = vocabulary->items[(seed >> 8) % (unsigned long)vocabulary->length];
        append(&picked, w);
        total += w->length;
    }
    if (n > 1) total += n - 1;
    struct str *text = GC_MALLOC_ATOMIC(sizeof(struct str) + (size_t)total);
    text->length = total;
    char *out = text->chars;
    for (long i = 0; i < picked.length; i++) {
        if (i > 0) *out++ = ' ';
        memcpy(out, picked.items[i]->chars, (size_t)picked.items[i]->length);
        out += picked.items[i]->length;
    }
    return text;
}

static void split(const struct str *text, struct str_array *words) {
    long i = 0;
    while (i < text->length) {
        while (i < text->length && text->chars[i] == ' ') i++;
        long start = i;
        while (i < text->length && text->chars[i] != ' ') i++;
        if (i > start) append(words, new_str(text->chars + start, i - start));
    }
}

static unsigned long hash_str(const struct str *s) {
    unsigned long h = 14695981039346656037UL;
    for (long i = 0; i < s->length; i++) {
        h ^= (unsigned char)s->chars[i];
        h *= 1099511628211UL;
    }
    return h;
}

static struct slot *find(struct table *t, const struct str *key, unsigned long hash) {
    unsigned long i = hash & (unsigned long)t->mask;
    for (;;) {
        struct slot *s = &t->slots[i];
        if (s->key == NULL) return s;
        if (s->hash == hash && s->key->length == key->length &&
            memcmp(s->key->chars, key->chars, (size_t)key->length) == 0)
            return s;
        i = (i + 1) & (unsigned long)t->mask;
    }
}

static void grow(struct table *t) {
    struct slot *old = t->slots;
    long old_size = t->mask + 1;
    t->mask = old_size * 2 - 1;
    t->slots = GC_MALLOC((size_t)(t->mask + 1) * sizeof(struct slot));
    for (long i = 0; i < old_size; i++)
        if (old[i].key != NULL) *find(t, old[i].key, old[i].hash) = old[i];
}

static void count_words(const struct str *text, struct table *counts) {
    struct str_array words = {0, 0, NULL};
    split(text, &words);
    counts->used = 0;
    counts->mask = 15;
    counts->slots = GC_MALLOC(16 * sizeof(struct slot));
    for (long i = 0; i < words.length; i++) {
        unsigned long hash = hash_str(words.items[i]);
        struct slot *s = find(counts, words.items[i], hash);
        if (s->key == NULL) {
            s->key = words.items[i];
            s->hash = hash;
            s->count = 0;
            if (++counts->used * 3 >= (counts->mask + 1) * 2) {
                grow(counts);
                s = find(counts, words.items[i], hash);
            }
        }
        s->count++;
    }
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    long n = strtol(argv[1], NULL, 10);
    GC_INIT();
    struct str_array vocabulary = {0, 0, NULL};
    make_vocabulary(&vocabulary, 20000);
    struct str *text = make_text(&vocabulary, n);
    struct table counts;
    count_words(text, &counts);
    long top = 0, weighted = 0;
    for (long i = 0; i <= counts.mask; i++) {
        struct slot *s = &counts.slots[i];
        if (s->key == NULL) continue;
        if (s->count > top) top = s->count;
        weighted += s->count * s->key->length;
    }
    printf("distinct %ld top %ld weighted %ld\n", counts.used, top, weighted);
    return 0;
}
