/* Strings and the conversions between strings and numbers, with Python's results:
 * int() and float() parsing, str()/repr() of floats as the shortest string that reads
 * back to the same double (CPython's repr), and the str methods of the subset.
 * Strings hold bytes; lower/upper/is* look at ASCII only (see docs/language.md).
 */
#include "kiln.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

struct kiln_str *kiln_str_alloc(Signed length) {
    /* not zeroed: every caller fills the characters; only the terminator is set here */
    struct kiln_str *s = GC_MALLOC_ATOMIC(sizeof(struct kiln_str) + (size_t)length + 1);
    if (KILN_UNLIKELY(s == NULL)) kiln_fatal("MemoryError", "out of memory");
    s->hash = 0;
    s->length = length;
    s->chars[length] = '\0';
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

struct kiln_str *kiln_str_concat_n(Signed n, struct kiln_str **pieces) {
    Signed total = 0;
    for (Signed i = 0; i < n; i++) total += pieces[i]->length;
    struct kiln_str *s = kiln_str_alloc(total);
    char *out = s->chars;
    for (Signed i = 0; i < n; i++) {
        memcpy(out, pieces[i]->chars, (size_t)pieces[i]->length);
        out += pieces[i]->length;
    }
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


struct kiln_str *kiln_str_or_empty(struct kiln_str *s) {
    return s != NULL ? s : kiln_str_alloc(0);
}

struct kiln_str *kiln_str_from_cstring(const char *text) {
    return kiln_str_from_bytes(text, (Signed)strlen(text));
}

static void kiln_value_error(const char *what, struct kiln_str *s) {
    char buf[200];
    snprintf(buf, sizeof buf, "%s: '%.100s'", what, s->chars);
    kiln_raise_runtime(KILN_EXC_ValueError, buf);
}

/* ---- numbers to strings ---- */

struct kiln_str *kiln_str_from_int(Signed x) {
    char buf[32], *end = buf + sizeof buf, *p = end;
    Unsigned u = x < 0 ? 0UL - (Unsigned)x : (Unsigned)x;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (x < 0) *--p = '-';
    return kiln_str_from_bytes(p, end - p);
}

struct kiln_str *kiln_str_from_uint(Unsigned x) {
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%lu", x);
    return kiln_str_from_bytes(buf, n);
}

struct kiln_str *kiln_str_from_bool(bool x) {
    return x ? kiln_str_from_bytes("True", 4) : kiln_str_from_bytes("False", 5);
}

struct kiln_str *kiln_str_hex(Signed x) {
    char buf[40];
    int n = x < 0 ? snprintf(buf, sizeof buf, "-%lx", 0UL - (Unsigned)x)
                  : snprintf(buf, sizeof buf, "%lx", (Unsigned)x);
    return kiln_str_from_bytes(buf, n);
}

struct kiln_str *kiln_str_fixed(double x) {
    char buf[400];
    int n = snprintf(buf, sizeof buf, "%f", x);
    return kiln_str_from_bytes(buf, n);
}

/* repr(float): the fewest significant digits that read back exactly, placed like
 * CPython: positional for decimal exponents -4 <= e < 16, scientific otherwise. */
struct kiln_str *kiln_float_repr(double x) {
    if (isnan(x)) return kiln_str_from_cstring("nan");
    if (isinf(x)) return kiln_str_from_cstring(x > 0 ? "inf" : "-inf");
    char sci[40];
    int precision;
    for (precision = 1; precision <= 17; precision++) {
        snprintf(sci, sizeof sci, "%.*e", precision - 1, x);
        if (strtod(sci, NULL) == x) break;
    }
    /* sci is [-]d.ddde[+-]XX: collect the digits and the exponent */
    char digits[20];
    int ndigits = 0;
    const char *p = sci;
    bool negative = *p == '-';
    if (negative) p++;
    for (; *p != 'e'; p++)
        if (*p != '.') digits[ndigits++] = *p;
    int exponent = atoi(p + 1);
    while (ndigits > 1 && digits[ndigits - 1] == '0') ndigits--;
    char out[64];
    int n = 0;
    if (negative) out[n++] = '-';
    if (exponent >= -4 && exponent < 16) {
        if (exponent < 0) {
            out[n++] = '0';
            out[n++] = '.';
            for (int i = 0; i < -exponent - 1; i++) out[n++] = '0';
            for (int i = 0; i < ndigits; i++) out[n++] = digits[i];
        } else {
            for (int i = 0; i <= exponent; i++) out[n++] = i < ndigits ? digits[i] : '0';
            out[n++] = '.';
            if (ndigits > exponent + 1)
                for (int i = exponent + 1; i < ndigits; i++) out[n++] = digits[i];
            else
                out[n++] = '0';
        }
    } else {
        out[n++] = digits[0];
        if (ndigits > 1) {
            out[n++] = '.';
            for (int i = 1; i < ndigits; i++) out[n++] = digits[i];
        }
        n += snprintf(out + n, sizeof out - (size_t)n, "e%c%02d", exponent < 0 ? '-' : '+',
                      exponent < 0 ? -exponent : exponent);
    }
    return kiln_str_from_bytes(out, n);
}

/* repr(str) as CPython writes it for text whose characters are all below 256. */
struct kiln_str *kiln_str_repr(struct kiln_str *s) {
    bool has_single = memchr(s->chars, '\'', (size_t)s->length) != NULL;
    bool has_double = memchr(s->chars, '"', (size_t)s->length) != NULL;
    char quote = has_single && !has_double ? '"' : '\'';
    struct kiln_str *out = kiln_str_alloc(s->length * 4 + 2);
    char *o = out->chars;
    *o++ = quote;
    for (Signed i = 0; i < s->length; i++) {
        unsigned char c = (unsigned char)s->chars[i];
        if (c == (unsigned char)quote || c == '\\') {
            *o++ = '\\';
            *o++ = (char)c;
        } else if (c == '\n') {
            *o++ = '\\'; *o++ = 'n';
        } else if (c == '\r') {
            *o++ = '\\'; *o++ = 'r';
        } else if (c == '\t') {
            *o++ = '\\'; *o++ = 't';
        } else if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || c == 0xad) {
            o += sprintf(o, "\\x%02x", c);
        } else {
            *o++ = (char)c;
        }
    }
    *o++ = quote;
    out->length = o - out->chars;
    *o = '\0';
    return out;
}

/* ---- strings to numbers ---- */

static bool kiln_is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

Signed kiln_int_from_str(struct kiln_str *s, Signed base) {
    const char *p = s->chars, *end = s->chars + s->length;
    while (p < end && kiln_is_space(*p)) p++;
    while (end > p && kiln_is_space(end[-1])) end--;
    bool negative = false;
    if (p < end && (*p == '+' || *p == '-')) negative = *p++ == '-';
    if (end - p > 2 && p[0] == '0') {  /* 0x.., 0o.., 0b.. where the base agrees */
        char k = (char)(p[1] | 0x20);
        if ((base == 16 && k == 'x') || (base == 8 && k == 'o') || (base == 2 && k == 'b')) {
            p += 2;
            if (p < end && *p == '_') p++;
        }
    }
    if (p == end || base < 2 || base > 36) {
        kiln_value_error("invalid literal for int()", s);
        return 0;
    }
    Unsigned limit = negative ? (Unsigned)LONG_MAX + 1 : (Unsigned)LONG_MAX;
    Unsigned value = 0;
    bool previous_digit = false;
    for (; p < end; p++) {
        int digit;
        if (*p == '_' && previous_digit && p + 1 < end) {
            previous_digit = false;
            continue;
        }
        if (*p >= '0' && *p <= '9') digit = *p - '0';
        else if (*p >= 'a' && *p <= 'z') digit = *p - 'a' + 10;
        else if (*p >= 'A' && *p <= 'Z') digit = *p - 'A' + 10;
        else digit = 99;
        if (digit >= base) {
            kiln_value_error("invalid literal for int()", s);
            return 0;
        }
        if (value > (limit - (Unsigned)digit) / (Unsigned)base) {
            kiln_raise_runtime(KILN_EXC_OverflowError, "int() result does not fit in a word");
            return 0;
        }
        value = value * (Unsigned)base + (Unsigned)digit;
        previous_digit = true;
    }
    return negative ? (Signed)(0UL - value) : (Signed)value;
}

double kiln_float_from_str(struct kiln_str *s) {
    /* Python allows one '_' between two digits; strtod allows none: drop them first */
    struct kiln_str *clean = kiln_str_alloc(s->length);
    Signed n = 0;
    for (Signed i = 0; i < s->length; i++) {
        char c = s->chars[i];
        if (c == '_') {
            bool between_digits = i > 0 && i + 1 < s->length &&
                                  isdigit((unsigned char)s->chars[i - 1]) &&
                                  isdigit((unsigned char)s->chars[i + 1]);
            if (!between_digits) {
                kiln_value_error("could not convert string to float", s);
                return 0.0;
            }
            continue;
        }
        clean->chars[n++] = c;
    }
    clean->chars[n] = '\0';
    const char *p = clean->chars;
    while (kiln_is_space(*p)) p++;
    char *end;
    double value = strtod(p, &end);
    const char *stop = clean->chars + n;
    while (end < stop && kiln_is_space(*end)) end++;
    if (end == p || end != stop) {
        kiln_value_error("could not convert string to float", s);
        return 0.0;
    }
    return value;
}

Signed kiln_float_to_int(double x) {
    if (isnan(x)) {
        kiln_raise_runtime(KILN_EXC_ValueError, "cannot convert float NaN to integer");
        return 0;
    }
    /* the word's range as doubles: [-2^(n-1), 2^(n-1)) */
    double bound = ldexp(1.0, (int)(sizeof(Signed) * 8 - 1));
    if (x >= bound || x < -bound) {
        kiln_raise_runtime(KILN_EXC_OverflowError, "float too large to convert to int");
        return 0;
    }
    return (Signed)x;
}

/* ---- float arithmetic with Python's floor semantics ---- */

double kiln_float_mod(double a, double b) {
    if (b == 0.0) kiln_fatal("ZeroDivisionError", "float modulo");
    double mod = fmod(a, b);
    if (mod != 0.0) {
        if ((b < 0) != (mod < 0)) mod += b;
    } else {
        mod = copysign(0.0, b);
    }
    return mod;
}

double kiln_float_floordiv(double a, double b) {
    if (b == 0.0) kiln_fatal("ZeroDivisionError", "float floor division by zero");
    double mod = fmod(a, b);
    double div = (a - mod) / b;
    if (mod != 0.0 && ((b < 0) != (mod < 0))) div -= 1.0;
    if (div == 0.0) return copysign(0.0, a / b);
    double floordiv = floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
    return floordiv;
}

/* ---- characters and hashing ---- */

Signed kiln_str_hash(struct kiln_str *s) {
    if (s->hash != 0) return s->hash;
    Unsigned h = 14695981039346656037UL & ~0UL;  /* FNV-1a, truncated on 32 bits */
    for (Signed i = 0; i < s->length; i++) {
        h ^= (unsigned char)s->chars[i];
        h *= (Unsigned)1099511628211UL;
    }
    Signed result = (Signed)h;
    if (result == 0 || result == -1) result = 1;
    s->hash = result;
    return result;
}

Signed kiln_str_ord(struct kiln_str *s) {
    if (s->length != 1) {
        kiln_raise_runtime(KILN_EXC_ValueError, "ord() expected a character");
        return 0;
    }
    return (unsigned char)s->chars[0];
}

struct kiln_str *kiln_str_chr(Signed code) {
    if (code < 0 || code > 255) {
        kiln_raise_runtime(KILN_EXC_ValueError, "chr() arg not in range(256)");
        return NULL;
    }
    char c = (char)code;
    return kiln_str_from_bytes(&c, 1);
}

/* ---- slicing and searching ---- */

static void kiln_clamp(Signed length, Signed *start, Signed *stop) {
    if (*start < 0) *start = *start + length < 0 ? 0 : *start + length;
    if (*stop < 0) *stop = *stop + length < 0 ? 0 : *stop + length;
    if (*start > length) *start = length;
    if (*stop > length) *stop = length;
}

struct kiln_str *kiln_str_slice(struct kiln_str *s, Signed start, Signed stop) {
    kiln_clamp(s->length, &start, &stop);
    if (stop <= start) return kiln_str_alloc(0);
    return kiln_str_from_bytes(s->chars + start, stop - start);
}

struct kiln_str *kiln_str_repeat(struct kiln_str *s, Signed n) {
    if (n <= 0 || s->length == 0) return kiln_str_alloc(0);
    struct kiln_str *out = kiln_str_alloc(s->length * n);
    for (Signed i = 0; i < n; i++)
        memcpy(out->chars + i * s->length, s->chars, (size_t)s->length);
    return out;
}

Signed kiln_str_find(struct kiln_str *s, struct kiln_str *sub, Signed start, Signed end) {
    kiln_clamp(s->length, &start, &end);
    for (Signed i = start; i + sub->length <= end; i++)
        if (memcmp(s->chars + i, sub->chars, (size_t)sub->length) == 0) return i;
    return -1;
}

Signed kiln_str_rfind(struct kiln_str *s, struct kiln_str *sub, Signed start, Signed end) {
    kiln_clamp(s->length, &start, &end);
    for (Signed i = end - sub->length; i >= start; i--)
        if (memcmp(s->chars + i, sub->chars, (size_t)sub->length) == 0) return i;
    return -1;
}

bool kiln_str_contains(struct kiln_str *s, struct kiln_str *sub) {
    return kiln_str_find(s, sub, 0, s->length) >= 0;
}

Signed kiln_str_count(struct kiln_str *s, struct kiln_str *sub) {
    if (sub->length == 0) return s->length + 1;
    Signed count = 0;
    for (Signed i = 0; i + sub->length <= s->length;) {
        if (memcmp(s->chars + i, sub->chars, (size_t)sub->length) == 0) {
            count++;
            i += sub->length;
        } else {
            i++;
        }
    }
    return count;
}

bool kiln_str_startswith(struct kiln_str *s, struct kiln_str *prefix) {
    return prefix->length <= s->length &&
           memcmp(s->chars, prefix->chars, (size_t)prefix->length) == 0;
}

bool kiln_str_endswith(struct kiln_str *s, struct kiln_str *suffix) {
    return suffix->length <= s->length &&
           memcmp(s->chars + s->length - suffix->length, suffix->chars,
                  (size_t)suffix->length) == 0;
}

/* ---- splitting, stripping, replacing ---- */

static void kiln_append_str(struct kiln_list *l, struct kiln_str *s) {
    KILN_LIST_APPEND(struct kiln_str *, l, s, false);
}

struct kiln_list *kiln_str_split(struct kiln_str *s, struct kiln_str *sep) {
    struct kiln_list *parts = kiln_list_new(0, sizeof(struct kiln_str *), false);
    if (sep == NULL) {
        Signed i = 0;
        while (i < s->length) {
            while (i < s->length && kiln_is_space(s->chars[i])) i++;
            Signed start = i;
            while (i < s->length && !kiln_is_space(s->chars[i])) i++;
            if (i > start) kiln_append_str(parts, kiln_str_from_bytes(s->chars + start, i - start));
        }
        return parts;
    }
    if (sep->length == 0) {
        kiln_raise_runtime(KILN_EXC_ValueError, "empty separator");
        return parts;
    }
    Signed start = 0;
    for (;;) {
        Signed at = kiln_str_find(s, sep, start, s->length);
        if (at < 0) break;
        kiln_append_str(parts, kiln_str_from_bytes(s->chars + start, at - start));
        start = at + sep->length;
    }
    kiln_append_str(parts, kiln_str_from_bytes(s->chars + start, s->length - start));
    return parts;
}

static bool kiln_strip_this(char c, struct kiln_str *chars) {
    if (chars == NULL) return kiln_is_space(c);
    return memchr(chars->chars, c, (size_t)chars->length) != NULL;
}

static struct kiln_str *kiln_strip_sides(struct kiln_str *s, struct kiln_str *chars,
                                         bool left, bool right) {
    Signed start = 0, stop = s->length;
    if (left)
        while (start < stop && kiln_strip_this(s->chars[start], chars)) start++;
    if (right)
        while (stop > start && kiln_strip_this(s->chars[stop - 1], chars)) stop--;
    return kiln_str_from_bytes(s->chars + start, stop - start);
}

struct kiln_str *kiln_str_strip(struct kiln_str *s, struct kiln_str *chars) {
    return kiln_strip_sides(s, chars, true, true);
}

struct kiln_str *kiln_str_lstrip(struct kiln_str *s, struct kiln_str *chars) {
    return kiln_strip_sides(s, chars, true, false);
}

struct kiln_str *kiln_str_rstrip(struct kiln_str *s, struct kiln_str *chars) {
    return kiln_strip_sides(s, chars, false, true);
}

struct kiln_str *kiln_str_replace(struct kiln_str *s, struct kiln_str *old, struct kiln_str *new) {
    if (old->length == 0) {
        /* Python inserts `new` before every character and at the end */
        struct kiln_str *out = kiln_str_alloc(s->length + new->length * (s->length + 1));
        char *o = out->chars;
        for (Signed i = 0; i <= s->length; i++) {
            memcpy(o, new->chars, (size_t)new->length);
            o += new->length;
            if (i < s->length) *o++ = s->chars[i];
        }
        return out;
    }
    Signed count = kiln_str_count(s, old);
    struct kiln_str *out = kiln_str_alloc(s->length + count * (new->length - old->length));
    char *o = out->chars;
    Signed i = 0;
    while (i < s->length) {
        if (i + old->length <= s->length &&
            memcmp(s->chars + i, old->chars, (size_t)old->length) == 0) {
            memcpy(o, new->chars, (size_t)new->length);
            o += new->length;
            i += old->length;
        } else {
            *o++ = s->chars[i++];
        }
    }
    return out;
}

static struct kiln_str *kiln_str_map(struct kiln_str *s, int (*f)(int)) {
    struct kiln_str *out = kiln_str_alloc(s->length);
    for (Signed i = 0; i < s->length; i++) {
        unsigned char c = (unsigned char)s->chars[i];
        out->chars[i] = c < 128 ? (char)f(c) : (char)c;
    }
    return out;
}

struct kiln_str *kiln_str_lower(struct kiln_str *s) { return kiln_str_map(s, tolower); }
struct kiln_str *kiln_str_upper(struct kiln_str *s) { return kiln_str_map(s, toupper); }

static bool kiln_str_all(struct kiln_str *s, int (*test)(int)) {
    if (s->length == 0) return false;
    for (Signed i = 0; i < s->length; i++) {
        unsigned char c = (unsigned char)s->chars[i];
        if (c >= 128 || !test(c)) return false;
    }
    return true;
}

bool kiln_str_isdigit(struct kiln_str *s) { return kiln_str_all(s, isdigit); }
bool kiln_str_isalpha(struct kiln_str *s) { return kiln_str_all(s, isalpha); }
bool kiln_str_isspace(struct kiln_str *s) { return kiln_str_all(s, isspace); }
bool kiln_str_isalnum(struct kiln_str *s) { return kiln_str_all(s, isalnum); }

static bool kiln_str_cased(struct kiln_str *s, int (*wrong)(int), int (*right)(int)) {
    bool any = false;
    for (Signed i = 0; i < s->length; i++) {
        unsigned char c = (unsigned char)s->chars[i];
        if (c >= 128) continue;
        if (wrong(c)) return false;
        if (right(c)) any = true;
    }
    return any;
}

bool kiln_str_isupper(struct kiln_str *s) { return kiln_str_cased(s, islower, isupper); }
bool kiln_str_islower(struct kiln_str *s) { return kiln_str_cased(s, isupper, islower); }
