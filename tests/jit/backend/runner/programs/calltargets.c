/* The C functions that test traces call, linked into the translated trace runner.
 *
 * They compute what the host suite's ctypes callbacks compute (runner/helpers.py), so
 * recorded expectations hold on the target. Their addresses reach the subset program
 * through the environment (KILN_TRACE_CALLS="name=address ..."), set by a constructor
 * before main: the subset cannot take a C function's address yet. Unsigned arithmetic
 * wraps as the callbacks' ctypes.c_long does. */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static long sub3(long a, long b)
{
    return (long)((unsigned long)a * 3u - (unsigned long)b);
}

static long sum8(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7)
{
    unsigned long s = 1ul * a0 + 2ul * a1 + 3ul * a2 + 4ul * a3 + 5ul * a4 + 6ul * a5
                      + 7ul * a6 + 8ul * a7;
    return (long)s;
}

static long isum10(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7,
                   long a8, long a9)
{
    return (long)((unsigned long)sum8(a0, a1, a2, a3, a4, a5, a6, a7) + 9ul * a8 + 10ul * a9);
}

/* Python's sum() adds left to right from the int 0: 0.0 + x is x, so these match. */
static double fsum10(double a0, double a1, double a2, double a3, double a4, double a5,
                     double a6, double a7, double a8, double a9)
{
    double s = 0.0;
    s += 1 * a0; s += 2 * a1; s += 3 * a2; s += 4 * a3; s += 5 * a4;
    s += 6 * a5; s += 7 * a6; s += 8 * a7; s += 9 * a8; s += 10 * a9;
    return s;
}

static double mixed12(long i0, double d0, long i1, double d1, long i2, double d2,
                      long i3, double d3, long i4, double d4, long i5, double d5)
{
    double s = 0.0;
    s += (double)(1 * i0); s += 2 * d0; s += (double)(3 * i1); s += 4 * d1;
    s += (double)(5 * i2); s += 6 * d2; s += (double)(7 * i3); s += 8 * d3;
    s += (double)(9 * i4); s += 10 * d4; s += (double)(11 * i5); s += 12 * d5;
    return s;
}

/* Ten ints and ten doubles interleaved: both classes overflow their registers on every
 * ABI, so the stack holds ints and doubles mixed, in order of appearance. */
static double mixed20(long i0, double d0, long i1, double d1, long i2, double d2,
                      long i3, double d3, long i4, double d4, long i5, double d5,
                      long i6, double d6, long i7, double d7, long i8, double d8,
                      long i9, double d9)
{
    double s = mixed12(i0, d0, i1, d1, i2, d2, i3, d3, i4, d4, i5, d5);
    s += (double)(13 * i6); s += 14 * d6; s += (double)(15 * i7); s += 16 * d7;
    s += (double)(17 * i8); s += 18 * d8; s += (double)(19 * i9); s += 20 * d9;
    return s;
}

/* The runtime's pending exception (kiln.h): a raising function leaves it here. */
extern struct kiln_object *kiln_exc_value;

/* Raises unless flag is 0, as helpers.RAISE_IF: the "exception" is the flag itself,
 * never looked at as an object (the runner clears it before anything could). */
static long raise_if(long flag)
{
    if (flag != 0)
        kiln_exc_value = (struct kiln_object *)flag;
    return (long)((unsigned long)flag + 1u);
}

__attribute__((constructor)) static void kiln_publish_call_targets(void)
{
    char text[512];
    snprintf(text, sizeof text,
             "sub3=%ld labs=%ld pow=%ld fma=%ld sum8=%ld isum10=%ld fsum10=%ld mixed12=%ld "
             "mixed20=%ld raise_if=%ld",
             (long)&sub3, (long)&labs, (long)&pow, (long)&fma, (long)&sum8, (long)&isum10,
             (long)&fsum10, (long)&mixed12, (long)&mixed20, (long)&raise_if);
    setenv("KILN_TRACE_CALLS", text, 1);
}
