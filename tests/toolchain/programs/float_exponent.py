"""Where float repr switches to exponent notation, at both ends."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    big = 1.0
    for i in range(25):
        out(repr(big))
        big *= 10.0
    small = 1.0
    for i in range(12):
        small /= 10.0
        out(repr(small))
    for v in [1.5e16, 1.5e15, 9999999999999998.0, 1e16 + 2.0, 1.23e-5, 1.23e-4,
              6.02e23, -6.62607015e-34, 1e100, 1e-100, 3e-7, 0.00012]:
        out(repr(v))
    return 0
