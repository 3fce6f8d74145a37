"""Roman numerals both ways, checked by round trip over a range."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


VALUES = [1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1]
SYMBOLS = ["M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"]
DIGIT = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def to_roman(n):
    parts = []
    for i in range(len(VALUES)):
        while n >= VALUES[i]:
            parts.append(SYMBOLS[i])
            n -= VALUES[i]
    return "".join(parts)


def from_roman(s):
    total = 0
    for i in range(len(s)):
        v = DIGIT[s[i]]
        if i + 1 < len(s) and DIGIT[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total


def entry_point(argv):
    for n in [1, 4, 9, 14, 40, 90, 400, 1994, 2024, 3999]:
        out(str(n) + " " + to_roman(n))
    bad = 0
    for n in range(1, 4000):
        if from_roman(to_roman(n)) != n:
            bad += 1
    out("round trip failures " + str(bad))
    return 0
