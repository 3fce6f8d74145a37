/* The runtime core: fatal errors and exception reporting, the os module, math with
 * Python's domain errors, time, and argv.  Strings, lists and dicts have their own files;
 * everything hot is inline in kiln.h.
 */
#include "kiln.h"

#include <errno.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
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

void kiln_assert_failed(const char *where) {
    kiln_fatal("AssertionError", where);
}

static void kiln_os_error(const char *function) {
    char buf[160];
    snprintf(buf, sizeof buf, "[Errno %d] %s (in %s)", errno, strerror(errno), function);
    kiln_raise_runtime(KILN_EXC_OSError, buf);
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

Signed kiln_os_lseek(Signed fd, Signed offset, Signed how) {
    off_t at = lseek((int)fd, (off_t)offset, (int)how);
    if (at < 0) {
        kiln_os_error("os.lseek");
        return -1;
    }
    return (Signed)at;
}

struct kiln_str *kiln_os_getenv(struct kiln_str *name) {
    const char *value = getenv(name->chars);
    return value != NULL ? kiln_str_from_cstring(value) : NULL;
}

/* x87 (i686 without SSE) computes in 80-bit registers.  Floats are rounded to a double's
 * 53-bit mantissa at every operation (the precision control, set at start-up) and to a
 * double's exponent range at every assignment (-ffloat-store in the i686
 * config), so results match the other targets and CPython bit for bit.  glibc's x87 libm
 * is written for 64-bit precision, so the math functions switch back around the call. */
#if defined(__i386__) && !defined(__SSE2_MATH__)
static unsigned short kiln_x87_control(unsigned short precision) {
    unsigned short old, control;
    __asm__ volatile("fnstcw %0" : "=m"(old));
    control = (unsigned short)((old & ~0x300) | precision);
    __asm__ volatile("fldcw %0" : : "m"(control));
    return old;
}
#define KILN_X87_DOUBLE 0x200
#define KILN_X87_EXTENDED 0x300
#define KILN_LIBM(call)                                                  \
    ({ unsigned short kiln_cw = kiln_x87_control(KILN_X87_EXTENDED);    \
       double kiln_r = (call);                                          \
       __asm__ volatile("fldcw %0" : : "m"(kiln_cw));                  \
       kiln_r; })
#else
#define KILN_LIBM(call) (call)
#endif

/* ---- math: Python raises ValueError where C would return a NaN ---- */

double kiln_math_sqrt(double x) {
    if (x < 0) kiln_raise_runtime(KILN_EXC_ValueError, "math domain error");
    return sqrt(x);
}

double kiln_math_log(double x) {
    if (x <= 0) kiln_raise_runtime(KILN_EXC_ValueError, "math domain error");
    return KILN_LIBM(log(x));
}

double kiln_math_pow(double x, double y) {
    if (x == 0.0 && y < 0) kiln_raise_runtime(KILN_EXC_ValueError, "math domain error");
    else if (x < 0 && y != floor(y) && isfinite(y))
        kiln_raise_runtime(KILN_EXC_ValueError, "math domain error");
    double r = KILN_LIBM(pow(x, y));
    if (isinf(r) && isfinite(x) && isfinite(y))
        kiln_raise_runtime(KILN_EXC_OverflowError, "math range error");
    return r;
}

double kiln_math_exp(double x) {
    double r = KILN_LIBM(exp(x));
    if (isinf(r) && isfinite(x)) kiln_raise_runtime(KILN_EXC_OverflowError, "math range error");
    return r;
}

Signed kiln_int_pow(Signed base, Signed exponent) {
    if (exponent < 0) {
        kiln_raise_runtime(KILN_EXC_ValueError,
                           "int ** negative int gives a float in Python: not translated");
        return 0;
    }
    Unsigned result = 1, b = (Unsigned)base;
    while (exponent != 0) {  /* wraps at the word size, like the other int operations */
        if (exponent & 1) result *= b;
        b *= b;
        exponent >>= 1;
    }
    return (Signed)result;
}

double kiln_time_time(void) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec + (double)tv.tv_usec * 1e-6;
}

/* ---- raw memory and code memory ---- */

/* Raw blocks are uncollectable but scanned: the JIT keeps object addresses in them. */
Signed kiln_raw_malloc(Signed size) {
    void *p = GC_MALLOC_UNCOLLECTABLE((size_t)(size > 0 ? size : 1));
    if (p == NULL) kiln_fatal("MemoryError", "raw_malloc");
    return (Signed)p;
}

void kiln_raw_free(Signed address) { GC_FREE((void *)address); }

/* What JIT-compiled code calls to allocate: zeroed, collected memory. */
static Signed kiln_gc_malloc_zeroed(Signed size) { return (Signed)kiln_malloc((size_t)size); }

Signed kiln_gc_malloc_address(void) { return (Signed)&kiln_gc_malloc_zeroed; }

Signed kiln_jit_fetch_exception(void) {
    Signed exc = (Signed)kiln_exc_value;
    kiln_exc_value = NULL;
    return exc;
}

void kiln_jit_restore_exception(Signed exc) { kiln_exc_value = (struct kiln_object *)exc; }

Signed kiln_jit_exception_address(void) { return (Signed)&kiln_exc_value; }

Signed kiln_code_alloc(Signed size) {
    void *p = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    if (p == MAP_FAILED) kiln_fatal("MemoryError", "code_alloc: mmap failed");
    return (Signed)p;
}

/* W^X: code pages are either writable or executable, never both at once. */
void kiln_code_executable(Signed address, Signed size) {
    if (mprotect((void *)address, (size_t)size, PROT_READ | PROT_EXEC) != 0)
        kiln_fatal("OSError", "mprotect(PROT_READ|PROT_EXEC) failed");
}

void kiln_code_writable(Signed address, Signed size) {
    if (mprotect((void *)address, (size_t)size, PROT_READ | PROT_WRITE) != 0)
        kiln_fatal("OSError", "mprotect(PROT_READ|PROT_WRITE) failed");
}

void kiln_code_free(Signed address, Signed size) { munmap((void *)address, (size_t)size); }

void kiln_flush_icache(Signed address, Signed size) {
    __builtin___clear_cache((char *)address, (char *)address + size);
}

/* ---- start-up ---- */

char *kiln_stack_limit;

void kiln_raise_recursion_error(void) {
    kiln_raise_runtime(KILN_EXC_RecursionError, "maximum recursion depth exceeded");
}

static void kiln_init_stack_limit(void) {
    char here;
    struct rlimit limit;
    size_t size = 8u << 20;
    if (getrlimit(RLIMIT_STACK, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
        limit.rlim_cur < size)
        size = (size_t)limit.rlim_cur;
    /* keep a quarter (at most 1 MiB) for C library calls made by the deepest frame */
    size_t margin = size / 4 < (1u << 20) ? size / 4 : (1u << 20);
    kiln_stack_limit = &here - (size - margin);
}

double kiln_math_sin(double x) { return KILN_LIBM(sin(x)); }
double kiln_math_cos(double x) { return KILN_LIBM(cos(x)); }

void kiln_init_runtime(void) {
    kiln_init_stack_limit();
#if defined(__i386__) && !defined(__SSE2_MATH__)
    kiln_x87_control(KILN_X87_DOUBLE);
#endif
}

/* ---- argv ---- */

struct kiln_list *kiln_make_argv(int argc, char **argv) {
    struct kiln_list *l = kiln_list_new(argc, sizeof(struct kiln_str *), false);
    for (int i = 0; i < argc; i++)
        ((struct kiln_str **)l->items)[i] = kiln_str_from_bytes(argv[i], (Signed)strlen(argv[i]));
    return l;
}
