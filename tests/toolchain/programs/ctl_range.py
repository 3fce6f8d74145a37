"""range with one, two and three arguments, negative steps and empty ranges."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def show(values):
    out(" ".join([str(v) for v in values]))


def entry_point(argv):
    show([i for i in range(5)])
    show([i for i in range(3, 8)])
    show([i for i in range(0, 20, 5)])
    show([i for i in range(10, 0, -3)])
    show([i for i in range(-5, -15, -2)])
    show([i for i in range(5, 5)])
    show([i for i in range(5, 0)])
    show([i for i in range(0, 5, -1)])
    n = len(argv) + 4
    show([i for i in range(n)])
    total = 0
    for i in range(n, -n, -1):
        total += i
    out(str(total))
    return 0
