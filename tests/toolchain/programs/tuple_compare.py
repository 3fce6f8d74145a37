"""Tuple equality, constant indexing, and tuples stored in lists and fields."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class Segment:
    def __init__(self, start, end):
        self.start = start
        self.end = end


def entry_point(argv):
    p = (1, 2)
    q = (1, 1 + 1)
    r = (2, 1)
    out(str(p == q) + str(p == r) + str(p != r))
    mixed = ("a", 1, 2.5)
    out(mixed[0] + " " + str(mixed[1]) + " " + repr(mixed[2]))
    seg = Segment((0, 0), (3, 4))
    dx = seg.end[0] - seg.start[0]
    dy = seg.end[1] - seg.start[1]
    out(str(dx * dx + dy * dy))
    points = [(i, i * i) for i in range(5)]
    total = 0
    for pt in points:
        total += pt[1]
    out(str(total) + " " + str(points[3] == (3, 9)))
    out(str(("x", 1) == ("x", 1)) + str(("x", 1) == ("y", 1)))
    return 0
