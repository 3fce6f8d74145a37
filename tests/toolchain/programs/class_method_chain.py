"""Methods returning self for chaining, keyword arguments to methods, and augmented
assignment to attributes, list items and dict values; attributes set from outside."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class Builder:
    def __init__(self):
        self.n = 0
        self.items = [0, 0]
        self.d = {"a": 1}

    def add(self, x, times=1):
        self.n += x * times
        return self

    def bump(self, index=0, by=1):
        self.items[index] += by
        self.d["a"] *= 2
        return self


class Bare:
    pass


def entry_point(argv):
    b = Builder()
    b.add(2).add(3, times=4).add(x=1).bump().bump(1, by=5).bump(by=3, index=1)
    out(str(b.n) + " " + str(b.items[0]) + " " + str(b.items[1]) + " " + str(b.d["a"]))
    bare = Bare()
    bare.x = 3
    bare.x += 4
    out(str(bare.x))
    return 0
