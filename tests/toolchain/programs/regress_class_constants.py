"""Class-level constants, read through the class, the instance and subclasses."""

from support import line, say


class Token:
    KIND = 0
    NAME = b"token"
    PRECEDENCE = 0

    def describe(self):
        line(self.NAME)
        say(b"kind", self.KIND)
        say(b"prec", self.PRECEDENCE)


class Plus(Token):
    KIND = 1
    NAME = b"plus"
    PRECEDENCE = 10


class Times(Token):
    KIND = 2
    NAME = b"times"
    PRECEDENCE = 20


class Power(Times):
    NAME = b"power"


def entry_point(argv):
    for t in [Token(), Plus(), Times(), Power()]:
        t.describe()
    say(b"through-class", Plus.PRECEDENCE + Times.PRECEDENCE)
    if Power.KIND == Times.KIND:
        line(b"inherited constant")
    return 0
