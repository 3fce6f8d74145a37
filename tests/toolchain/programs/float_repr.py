"""repr and str of floats: CPython's shortest round-trip digits."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    values = [0.5, 0.25, 0.1, 0.2, 0.7, 1.1, 2.675, 3.14159, 100.5, 1234.5678,
              1.0 / 3.0, 2.0 / 3.0, 10.0 / 7.0, 0.1 + 0.2, 1.1 * 1.1, 9.99, 99.99,
              -0.5, -123.456, 4.35, 1e-3, 5.0, 65536.0, 1.7976931348623157e308,
              5e-324, 2.2250738585072014e-308, 0.30000000000000004]
    for v in values:
        out(repr(v) + " " + str(v))
    out(repr(float(7)) + " " + repr(float(-2147483647)))
    return 0
