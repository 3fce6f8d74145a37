"""RecursionError from mutual recursion and from a recursive method, both caught."""

from support import line, say


def ping(n):
    return pong(n + 1)


def pong(n):
    return ping(n + 1) + 1


class Counter:
    def __init__(self):
        self.depth = 0

    def dive(self, n):
        self.depth = n
        return self.dive(n + 1) + 1


def entry_point(argv):
    try:
        ping(0)
    except RecursionError:
        line(b"mutual recursion")
    c = Counter()
    try:
        c.dive(0)
    except RecursionError:
        line(b"method recursion")
    say(b"went deep", 1 if c.depth > 100 else 0)
    return 0
