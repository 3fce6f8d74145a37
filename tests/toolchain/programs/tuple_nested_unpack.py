"""Nested tuple targets in for loops over dict items and lists of triples."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    d = {(1, 2): "a", (3, 4): "b"}
    for (x, y), v in d.items():
        out(str(x + y) + v)
    for a, b, c in [(1, "x", 2.5), (2, "y", 3.5)]:
        out(str(a) + b + repr(c))
    pairs = [((i, i + 1), str(i)) for i in range(3)]
    total = 0
    for (lo, hi), name in pairs:
        total += hi - lo
        out(name)
    out(str(total))
    return 0
