"""Regression test (found by the corpus): inf - inf prints 0.0 instead of nan."""
import math
import os


def entry_point(argv):
    inf = 1e308 * 10.0
    nan = inf - inf
    os.write(1, (repr(inf) + " " + repr(nan) + " " + str(math.isnan(nan))).encode("latin-1") + b"\n")
    big = float(len(argv)) * 1e308 * 10.0
    os.write(1, (repr(big - big) + " " + repr(float("nan"))).encode("latin-1") + b"\n")
    return 0
