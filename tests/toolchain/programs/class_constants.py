"""Class-level constants read through the class, through instances and from methods."""

from support import line, say


class Limits:
    MAX_DEPTH = 64
    NAME = b"limits"
    RATIO = 3

    def __init__(self, depth):
        self.depth = depth

    def room(self):
        return self.MAX_DEPTH - self.depth

    def scaled(self):
        return self.depth * Limits.RATIO


class Token:
    KIND = 0


class Plus(Token):
    KIND = 1


class Derived(Limits):
    def more(self):
        return self.room() + self.RATIO


def entry_point(argv):
    lim = Limits(10)
    say(b"room", lim.room())
    say(b"scaled", lim.scaled())
    line(lim.NAME + b" " + Limits.NAME)
    say(b"class", Limits.MAX_DEPTH)
    d = Derived(4)
    say(b"inherited", d.more())
    say(b"through-subclass", Derived.MAX_DEPTH)
    say(b"plus", Plus.KIND)
    say(b"token", Token.KIND)
    say(b"plus-instance", Plus().KIND)
    return 0
