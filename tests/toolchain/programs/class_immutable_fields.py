"""_immutable_fields_ is accepted and the fields read normally."""

from support import say


class Code:
    _immutable_fields_ = ["name", "consts[*]", "arity"]

    def __init__(self, name, consts, arity):
        self.name = name
        self.consts = consts
        self.arity = arity


class Closure:
    _immutable_fields_ = ["code"]

    def __init__(self, code):
        self.code = code
        self.calls = 0


def entry_point(argv):
    code = Code(b"f", [1, 2, 3], 2)
    c = Closure(code)
    for i in range(5):
        c.calls += 1
    say(b"calls", c.calls)
    say(b"arity", c.code.arity)
    total = 0
    for k in c.code.consts:
        total += k
    say(b"consts", total)
    return 0
