"""str() and repr() of every basic type, and conversions between them."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    out(str(1) + str(-2) + str(3.5) + str(True) + str(None) + str("s"))
    out(repr(1) + repr(-2) + repr(3.5) + repr(True) + repr(False) + repr("s"))
    out(str(int("12") + 1) + " " + str(float("1.25") * 2))
    out(str(int(str(99)) == 99) + str(float(str(0.1)) == 0.1))
    out(str(bool("False")))
    out(str(1.0) + " " + str(-0.0) + " " + str(100.0) + " " + str(1e20))
    return 0
