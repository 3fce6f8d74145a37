"""float() of strings and of ints, and ValueError on bad text."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def parse(s):
    try:
        return repr(float(s))
    except ValueError:
        return "ValueError"


def entry_point(argv):
    for s in ["0", "1.5", "-2.25", "  3.0  ", "1e3", "1E-3", ".5", "5.", "+4.75",
              "123456789012345678", "0.1", "", "abc", "1.2.3", "1e", "--1"]:
        out(repr(s) + " " + parse(s))
    out(repr(float(0)) + " " + repr(float(-12)) + " " + repr(float(True)))
    out(repr(float(str(2.0 / 3.0)) == 2.0 / 3.0))
    return 0
