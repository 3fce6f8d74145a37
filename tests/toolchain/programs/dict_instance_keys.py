"""Dicts keyed by instances: identity, not value, decides."""

from support import line, say


class Node:
    def __init__(self, name):
        self.name = name


def entry_point(argv):
    a = Node(b"a")
    b = Node(b"b")
    twin = Node(b"a")
    visits = {}
    for n in [a, b, a, a, twin, b]:
        visits[n] = visits.get(n, 0) + 1
    say(b"len", len(visits))
    say(b"a", visits[a])
    say(b"b", visits[b])
    say(b"twin", visits[twin])
    for n in visits:
        line(n.name)
    if twin in visits:
        del visits[twin]
    say(b"after-del", len(visits))
    say(b"missing", visits.get(twin, -1))
    nodes = [Node(b"n") for i in range(100)]
    where = {}
    for i in range(len(nodes)):
        where[nodes[i]] = i
    say(b"where", where[nodes[57]])
    return 0
