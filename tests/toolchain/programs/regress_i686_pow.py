"""Regression test (found by the corpus): math.pow(10.0, -2.0) gives 0.010000000000000002, CPython 0.01."""
import math
import os


def entry_point(argv):
    os.write(1, repr(math.pow(10.0, -2.0)).encode("latin-1") + b"\n")
    os.write(1, repr(math.pow(10.0, float(-len(argv) - 1))).encode("latin-1") + b"\n")
    return 0
# Also: math.exp(100.0) gives 2.6881171418161614e+43 on i686, CPython 2.6881171418161356e+43.
# Likely cause: the x87 control word set to 53-bit precision at start-up breaks glibc's
# i386 libm, whose pow/exp rely on 64-bit extended precision internally.
# And math.exp(10.0): 22026.465794806725 on i686, CPython 22026.465794806718.
