"""Tuple packing and unpacking: swaps, returns, loops over pairs."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def divmod_pair(a, b):
    return a // b, a % b


def min_max(items):
    lo = items[0]
    hi = items[0]
    for x in items:
        if x < lo:
            lo = x
        if x > hi:
            hi = x
    return (lo, hi)


def entry_point(argv):
    a, b = 1, 2
    a, b = b, a
    out(str(a) + str(b))
    q, r = divmod_pair(17, 5)
    out(str(q) + " " + str(r))
    lo, hi = min_max([5, -2, 9, 3])
    out(str(lo) + " " + str(hi))
    for name, age in [("ada", 36), ("alan", 41)]:
        out(name + " " + str(age))
    x, y, z = "abc", 2.5, True
    out(x + " " + repr(y) + " " + str(z))
    pair = (7, "seven")
    n, word = pair
    out(str(n) + word)
    fib_a, fib_b = 0, 1
    for i in range(20):
        fib_a, fib_b = fib_b, fib_a + fib_b
    out(str(fib_a))
    return 0
