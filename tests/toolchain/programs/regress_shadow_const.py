"""Regression test (found by the corpus): when a subclass's __init__ assigns self.KIND, instances of the base class read
KIND as 0 instead of the class constant ("0 5"; CPython prints "1 5")."""
import os


class Base:
    KIND = 1

    def kind(self):
        return self.KIND


class Shadow(Base):
    def __init__(self):
        self.KIND = 5


def entry_point(argv):
    os.write(1, (str(Base().kind()) + " " + str(Shadow().kind())).encode("latin-1") + b"\n")
    return 0
