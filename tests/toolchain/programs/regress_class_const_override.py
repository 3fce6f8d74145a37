"""Regression test (found by the corpus): a class constant overridden in a subclass, read as self.X in a base-class
method, gives the base class's value translated ("1 1"); CPython prints "1 2"."""
import os


class Base:
    X = 1

    def get(self):
        return self.X


class Sub(Base):
    X = 2


def entry_point(argv):
    os.write(1, (str(Base().get()) + " " + str(Sub().get())).encode("latin-1") + b"\n")
    return 0
