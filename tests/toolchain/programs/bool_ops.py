"""bool values, their arithmetic with ints, and short-circuit evaluation."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class Probe:
    def __init__(self):
        self.calls = 0

    def check(self, result):
        self.calls += 1
        return result


def entry_point(argv):
    t = True
    f = False
    out(str(t) + " " + str(f) + " " + str(not t) + " " + str(not f))
    out(str(t and f) + str(t or f) + str(f or f) + str(t and t))
    out(str(t + t) + " " + str(t * 5) + " " + str(f - 1))
    out(str(bool(0)) + str(bool(3)) + str(bool(-1)) + str(bool("")) + str(bool("x")))
    out(str(bool(0.0)) + str(bool(0.5)))
    out(str(t == 1) + str(f == 0) + str(t is True))
    p = Probe()
    if p.check(False) and p.check(True):
        out("unreachable")
    if p.check(True) or p.check(True):
        out("short-circuit or")
    out(str(p.calls))
    count = 0
    for b in [True, False, True, True]:
        if b:
            count += 1
    out(str(count))
    flags = [n % 3 == 0 for n in range(10)]
    out(str(flags[3]) + str(flags[4]))
    return 0
