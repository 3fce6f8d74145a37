"""Float arithmetic: true division of ints, floor division and modulo signs."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    for a, b in [(7.5, 2.0), (-7.5, 2.0), (7.5, -2.0), (-7.5, -2.0), (1.0, 0.3),
                 (5.0, 5.0), (-0.5, 3.0)]:
        out(repr(a / b) + " " + repr(a // b) + " " + repr(a % b))
    out(repr(7 / 2) + " " + repr(-7 / 2) + " " + repr(8 / 4) + " " + repr(1 / 8))
    out(repr(3 * 0.5) + " " + repr(3 - 0.5) + " " + repr(0.5 + 3))
    x = 1.5
    x += 2
    x *= 3.0
    x -= 0.25
    x /= 2
    out(repr(x))
    out(repr(-x) + " " + repr(abs(-x)))
    out(str(1.5 < 2) + str(2 == 2.0) + str(-0.0 == 0.0) + str(0.1 + 0.2 == 0.3))
    acc = 1.0
    for i in range(1, 15):
        acc = acc * i / (i + 1)
    out(repr(acc))
    return 0
