"""Ints and floats together: promotion, conversion both ways, mixed comparison."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def mean(values):
    total = 0
    for v in values:
        total += v
    return total / len(values)


def entry_point(argv):
    out(repr(mean([1, 2, 3, 4])) + " " + repr(mean([7])))
    out(repr(1 + 0.5) + " " + repr(2 * 0.25) + " " + repr(10 - 0.1))
    out(str(int(7.9)) + " " + str(int(-7.9)) + " " + str(int(1e9)))
    out(repr(float(1 << 30)) + " " + repr(float(-5)))
    out(str(3 < 3.5) + str(4 == 4.0) + str(5 > 4.99) + str(0 == -0.0))
    celsius = [-40, 0, 37, 100]
    for c in celsius:
        f = c * 9 / 5 + 32
        out(str(c) + "C = " + repr(f) + "F")
    steps = 0
    x = 100.0
    while x > 1:
        x = x / 3
        steps += 1
    out(str(steps) + " " + repr(x))
    return 0
