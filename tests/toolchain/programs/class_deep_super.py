"""Five levels of inheritance, each override calling its base explicitly, and an
unrelated class with a method of the same name."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class A:
    def __init__(self, tag):
        self.tag = tag

    def name(self):
        return "A" + self.tag


class B(A):
    def name(self):
        return "B" + A.name(self)


class C(B):
    def __init__(self, tag):
        B.__init__(self, tag + tag)


class D(C):
    def name(self):
        return "D" + C.name(self)


class E(D):
    def name(self):
        return "E" + D.name(self)


class Other:
    def name(self):
        return "other"


def entry_point(argv):
    for x in [A("a"), B("b"), C("c"), D("d"), E("e")]:
        out(x.name() + " " + str(isinstance(x, C)))
    out(Other().name())
    return 0
