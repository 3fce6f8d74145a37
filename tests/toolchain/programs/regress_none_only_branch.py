"""`x is None` on a value seen only as None so far: the branch that uses x as an object
is flowed once x grows, whatever order the annotator meets the two uses in."""

import os


class Node:
    def __init__(self, v):
        self.v = v


class Box:
    def __init__(self):
        self.item = None


NOTHING = None


def peek(b):
    n = b.item
    if n is None:
        return -1
    return n.v


def nothing_value():
    n = NOTHING
    if n is not None:
        return n.v
    return 7


def entry_point(argv):
    b = Box()
    first = peek(b)
    b.item = Node(len(argv) + 41)
    second = peek(b)
    c = Box()
    third = 1 if c.item is not None else 0
    os.write(1, (str(first) + " " + str(second) + " " + str(third) + " "
                 + str(nothing_value()) + "\n").encode())
    return 0
