"""str() and repr() of ints, and building numbers back from their text."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def digit_sum(n):
    total = 0
    for c in str(n):
        if c != "-":
            total += ord(c) - ord("0")
    return total


def entry_point(argv):
    for n in [0, 1, -1, 10, -10, 123456789, -987654321, 2147483647, -2147483647 - 1]:
        out(str(n) + " " + repr(n) + " " + str(len(str(n))) + " " + str(digit_sum(n)))
    out(str(int(str(4096)) * 2))
    out(str(12) + str(34))
    n = -2147483647 - 1
    out("min ok" if str(n) == "-2147483648" else "min bad")
    return 0
