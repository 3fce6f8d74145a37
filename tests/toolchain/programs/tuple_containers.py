"""Tuples holding containers and instances, and containers holding tuples: tuple of
tuples, tuple with a list, dict of tuple values, tuple keys with an instance inside."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class Marker:
    def __init__(self, name):
        self.name = name


def span(items):
    return ((items[0], items[-1]), len(items))


def entry_point(argv):
    (first, last), n = span([4, 5, 6, 7])
    out(str(first) + " " + str(last) + " " + str(n))
    bag = ("bag", [1, 2])
    bag[1].append(3)
    out(bag[0] + " " + str(len(bag[1])))
    where = {}
    where["origin"] = (0.0, 0.0)
    where["unit"] = (1.0, 0.5)
    x, y = where["unit"]
    out(repr(x + y))
    a = Marker("a")
    b = Marker("a")
    scope = {(a, 1): "a1", (b, 1): "b1"}
    out(str(len(scope)) + " " + scope[(a, 1)] + " " + scope[(b, 1)])
    records = [{"k": (1, "x")}, {"k": (2, "y")}]
    total = 0
    for r in records:
        total += r["k"][0]
    out(str(total) + records[1]["k"][1])
    return 0
