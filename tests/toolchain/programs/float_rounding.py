"""Rounding and truncation of floats: int(), math.floor, accumulated error."""

import math
import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def round_half_up(x):
    return math.floor(x + 0.5)


def entry_point(argv):
    for v in [2.5, -2.5, 2.4999, -0.1, 0.9999999, 1e9 + 0.5, -7.0, 3.0000001]:
        out(str(int(v)) + " " + str(math.floor(v)) + " " + str(round_half_up(v)))
    total = 0.0
    for i in range(10):
        total += 0.1
    out(repr(total) + " " + str(total == 1.0) + " " + str(math.fabs(total - 1.0) < 1e-9))
    x = 1.0
    while x + 1.0 != x:
        x *= 2.0
    out(repr(x))
    cents = int(19.99 * 100)
    out(str(cents))
    out(repr(0.1 * 3) + " " + repr(0.3))
    out(repr(1.0 - 0.9))
    return 0
