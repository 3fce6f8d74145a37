"""os.getenv of an unset variable, and time.time as a sane, increasing clock."""

import os
import time

from support import line


def entry_point(argv):
    value = os.getenv("KILN_SURELY_UNSET_VARIABLE_8")
    if value is None:
        line(b"unset")
    start = time.time()
    total = 0
    for i in range(10000):
        total += i
    end = time.time()
    if start > 1600000000.0 and end >= start:
        line(b"clock ok")
    path = os.getenv("PATH")
    if path is not None and len(path) > 0:
        line(b"has PATH")
    return 0
