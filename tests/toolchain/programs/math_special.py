"""inf and nan: how they arise, print and compare, and domain errors."""

import math
import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def safe_log(x):
    try:
        return repr(math.log(x))
    except ValueError:
        return "ValueError"


def safe_sqrt(x):
    try:
        return repr(math.sqrt(x))
    except ValueError:
        return "ValueError"


def entry_point(argv):
    inf = float("inf")
    nan = inf - inf
    out(repr(inf) + " " + repr(-inf) + " " + repr(nan))
    out(str(math.isinf(inf)) + str(math.isinf(-inf)) + str(math.isinf(nan)))
    out(str(math.isnan(nan)) + str(math.isnan(inf)) + str(math.isnan(1.0)))
    out(str(nan == nan) + str(nan != nan) + str(inf > 1e308) + str(-inf < -1e308))
    out(str(float("inf") == inf) + str(math.isnan(float("nan"))) + str(inf + 1.0 == inf))
    out(repr(float("-inf")))
    overflowed = 1e308 * 10.0  # on i686 this must leave x87's wider exponent range too
    out(repr(overflowed) + " " + repr(overflowed - overflowed))
    out(safe_log(0.0) + " " + safe_log(-1.0) + " " + safe_log(1.0))
    out(safe_sqrt(-0.5) + " " + safe_sqrt(0.0) + " " + safe_sqrt(inf))
    return 0
