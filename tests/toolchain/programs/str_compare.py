"""String equality and ordering, including prefixes and case."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def smallest(items):
    best = items[0]
    for s in items:
        if s < best:
            best = s
    return best


def entry_point(argv):
    pairs = [("abc", "abd"), ("abc", "abc"), ("ab", "abc"), ("", "a"), ("B", "a"),
             ("Zebra", "apple"), ("10", "9"), ("abc", "ab")]
    for a, b in pairs:
        out(a + " " + b + " " + str(a < b) + str(a <= b) + str(a > b) + str(a >= b)
            + str(a == b) + str(a != b))
    out(smallest(["pear", "apple", "fig", "banana"]))
    built = "ab" + "c"
    out(str(built == "abc") + str("x" * 3 == "xxx"))
    return 0
