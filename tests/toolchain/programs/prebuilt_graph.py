"""Prebuilt data with cycles and identity keys: instances that point at each other or
themselves, dicts keyed by prebuilt instances and tuples, grown and shrunk at run time."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class Node:
    def __init__(self, name):
        self.name = name
        self.next = None


A = Node("a")
B = Node("b")
A.next = B
B.next = A
LOOP = Node("self")
LOOP.next = LOOP
BY_NODE = {A: 1, B: 2, LOOP: 3}
BY_PAIR = {(1, "x"): 1.5, (2, "y"): 2.5}
EXTREMES = {-1: "m1", 2147483647: "max", -2147483647 - 1: "min"}
FLOATS = [0.1, 0.2, 1e300]
GRID = [[Node(str(i * 3 + j)) for j in range(3)] for i in range(3)]
COUNTS = {"a": 1, "b": 2}


def entry_point(argv):
    out(A.next.next.name + B.next.name + LOOP.next.next.name)
    out(str(BY_NODE[A]) + str(BY_NODE[B]) + str(BY_NODE[LOOP]) + str(Node("a") in BY_NODE))
    BY_NODE[Node("z")] = 4
    out(str(len(BY_NODE)) + str(BY_NODE[B]))
    out(repr(BY_PAIR[(2, "y")]) + " " + repr(BY_PAIR.get((3, "z"), 0.0)))
    out(EXTREMES[-1] + EXTREMES[2147483647] + EXTREMES[-2147483647 - 1])
    out(repr(FLOATS[0] + FLOATS[1]) + " " + repr(FLOATS[2]))
    out(GRID[2][1].name)
    del COUNTS["a"]
    COUNTS["c"] = 3
    for i in range(20):
        COUNTS["k" + str(i)] = i
    out(str(len(COUNTS)) + " " + str(COUNTS["b"]) + " " + str(COUNTS["k19"]))
    return 0
