"""None alone and None mixed with instances and strings."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class Box:
    def __init__(self, value):
        self.value = value


def find(items, wanted):
    for item in items:
        if item.value == wanted:
            return item
    return None


def maybe_name(n):
    if n > 0:
        return "positive"
    return None


def nothing():
    return None


def entry_point(argv):
    boxes = [Box(1), Box(2), Box(3)]
    hit = find(boxes, 2)
    miss = find(boxes, 9)
    out(str(hit is None) + str(miss is None) + str(hit is not None))
    if hit is not None:
        out(str(hit.value))
    for n in [1, -1]:
        name = maybe_name(n)
        if name is None:
            out("no name")
        else:
            out(name)
    out(str(nothing() is None))
    out(str(None))
    return 0
