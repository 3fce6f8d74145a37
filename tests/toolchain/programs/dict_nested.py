"""Dicts of lists and of dicts, updated in place through the inner container."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    graph = {}
    for edge in ["a-b", "a-c", "b-c", "c-d", "d-a"]:
        ends = edge.split("-")
        if ends[0] not in graph:
            graph[ends[0]] = []
        graph[ends[0]].append(ends[1])
    for node in graph:
        out(node + " -> " + " ".join(graph[node]))
    table = {}
    for row in range(3):
        table[row] = {}
        for col in range(3):
            table[row][col] = row * 3 + col
    table[1][1] = -1
    out(str(table[1][1]) + " " + str(table[2][2]) + " " + str(len(table[0])))
    return 0
