"""Lists whose items may be None (slots filled later), identity equality of instances,
and a prebuilt list of subclass instances joined with new ones."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class Obj:
    def __init__(self, n):
        self.n = n


class Sub(Obj):
    pass


PREBUILT = [Sub(1), Obj(2)]


def entry_point(argv):
    slots = [None] * 4
    slots[2] = Obj(5)
    slots[0] = Sub(1)
    total = 0
    empty = 0
    for s in slots:
        if s is not None:
            total += s.n
        else:
            empty += 1
    out(str(total) + " " + str(empty))
    names = [None, "a", None]
    out(" ".join(["-" if nm is None else nm for nm in names]))
    a = Obj(1)
    out(str(a == a) + str(a == Obj(1)) + str(a != PREBUILT[0]))
    objs = PREBUILT + [Sub(3)]
    out(str(len(objs)) + " " + str(objs[2].n) + " " + str(isinstance(objs[0], Sub)))
    return 0
