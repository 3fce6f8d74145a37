"""sort on floats, including negatives and values that differ in the last digit."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    items = [3.5, -1.25, 0.0, 2.0, 1e10, -1e-10, 0.1 + 0.2, 0.3, 2.5]
    items.sort()
    out(" ".join([repr(x) for x in items]))
    halves = [i / 2 for i in range(10, -10, -3)]
    halves.sort()
    out(" ".join([repr(x) for x in halves]))
    return 0
