"""RecursionError from runaway recursion is catchable, and the program goes on."""

from support import line, say


class Node:
    def __init__(self, next):
        self.next = next


def length(node):
    if node is None:
        return 0
    return 1 + length(node.next)


def runaway(n):
    return runaway(n + 1) + 1


def entry_point(argv):
    chain = None
    for i in range(500):
        chain = Node(chain)
    say(b"length", length(chain))
    try:
        runaway(0)
    except RecursionError:
        line(b"recursion error")
    try:
        runaway(5)
    except RuntimeError:
        line(b"caught as RuntimeError")
    say(b"still works", length(chain))
    return 0
