"""Comparisons, chained comparisons and their results as bools."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def classify(n):
    if n < 0:
        return "negative"
    elif 0 <= n < 10:
        return "digit"
    elif 10 <= n <= 99:
        return "two digits"
    return "large"


def entry_point(argv):
    for n in [-5, 0, 9, 10, 99, 100]:
        out(str(n) + " " + classify(n))
    a = 3
    b = 7
    out(str(a < b) + str(a > b) + str(a <= 3) + str(b >= 8) + str(a == 3) + str(a != 3))
    out(str(1 < a < b < 10) + str(1 < b < a))
    out(str(a < b == 7) + str(a == b == 7))
    out(str(max(a, b)) + " " + str(min(a, b)) + " " + str(max(-a, -b)))
    out(str(abs(-a)) + " " + str(abs(a)) + " " + str(abs(0)))
    smallest = 1000
    largest = -1000
    for n in [5, -3, 77, 12, -40, 8]:
        smallest = min(smallest, n)
        largest = max(largest, n)
    out(str(smallest) + " " + str(largest))
    return 0
