"""Converting special floats: %f of inf and nan, floor and int() of nan and inf raise."""

import math
import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def floor_text(x):
    try:
        return str(math.floor(x))
    except ValueError:
        return "ValueError"
    except OverflowError:
        return "OverflowError"


def int_text(x):
    try:
        return str(int(x))
    except ValueError:
        return "ValueError"
    except OverflowError:
        return "OverflowError"


def entry_point(argv):
    inf = float("inf")
    nan = float("nan")
    out("%f %f %f" % (inf, -inf, nan))
    out(floor_text(nan) + " " + floor_text(inf) + " " + floor_text(-2.5))
    out(int_text(nan) + " " + int_text(-inf) + " " + int_text(-2.5))
    out(repr(math.pow(0.0, 0.0)) + " " + repr(math.exp(-1000.0)))
    out(f"{inf} {nan} {-inf}")
    return 0
