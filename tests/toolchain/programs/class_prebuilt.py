"""Instances built at import time: a registry of prebuilt objects, mutated at run time."""

from support import line, say


class Opcode:
    def __init__(self, name, arity):
        self.name = name
        self.arity = arity
        self.uses = 0


ADD = Opcode(b"add", 2)
NEG = Opcode(b"neg", 1)
HALT = Opcode(b"halt", 0)
ALL = [ADD, NEG, HALT]
BY_NAME = {}
for _op in ALL:
    BY_NAME[_op.name] = _op


def entry_point(argv):
    for name in [b"add", b"neg", b"add", b"halt", b"add"]:
        BY_NAME[name].uses += 1
    for op in ALL:
        line(op.name)
        say(b"arity", op.arity)
        say(b"uses", op.uses)
    if BY_NAME[b"neg"] is NEG:
        line(b"same object")
    return 0
