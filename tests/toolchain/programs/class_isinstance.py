"""isinstance against every level of a hierarchy, and narrowing to read subclass fields."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class Value:
    pass


class IntValue(Value):
    def __init__(self, n):
        self.n = n


class StrValue(Value):
    def __init__(self, s):
        self.s = s


class ListValue(Value):
    def __init__(self, items):
        self.items = items


class TupleValue(ListValue):
    pass


def show(v):
    if isinstance(v, IntValue):
        return str(v.n)
    elif isinstance(v, StrValue):
        return repr(v.s)
    elif isinstance(v, ListValue):
        parts = [show(item) for item in v.items]
        if isinstance(v, TupleValue):
            return "(" + ", ".join(parts) + ")"
        return "[" + ", ".join(parts) + "]"
    return "<value>"


def truthy(v):
    if not isinstance(v, IntValue):
        return True
    return v.n != 0


def entry_point(argv):
    values = [IntValue(3), StrValue("x"), ListValue([IntValue(1), StrValue("y")]),
              TupleValue([IntValue(2)]), Value()]
    for v in values:
        out(show(v) + " " + str(isinstance(v, Value)) + str(isinstance(v, ListValue))
            + str(isinstance(v, TupleValue)) + str(truthy(v)))
    out(str(truthy(IntValue(0))))
    return 0
