"""A missing key raises KeyError inside a try, and the handler sees the right one."""

from support import line, say


class Env:
    def __init__(self, parent):
        self.vars = {}
        self.parent = parent

    def lookup(self, name):
        try:
            return self.vars[name]
        except KeyError:
            if self.parent is None:
                raise
            return self.parent.lookup(name)


def entry_point(argv):
    outer = Env(None)
    outer.vars[b"x"] = 1
    inner = Env(outer)
    inner.vars[b"y"] = 2
    say(b"x", inner.lookup(b"x"))
    say(b"y", inner.lookup(b"y"))
    try:
        inner.lookup(b"z")
    except KeyError:
        line(b"z unbound")
    d = {1: 1}
    hits = 0
    for k in range(5):
        try:
            hits += d[k]
        except KeyError:
            d[k] = k
    say(b"hits", hits)
    say(b"len", len(d))
    return 0
