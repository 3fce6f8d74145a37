"""int() of strings: signs, spaces, underscores, bases, and ValueError on bad input."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def parse_or(s, default):
    try:
        return int(s)
    except ValueError:
        return default


def parse_base_or(s, base, default):
    try:
        return int(s, base)
    except ValueError:
        return default


def entry_point(argv):
    for s in ["0", "42", "-42", "+7", "  19 ", "1_000_000", "007", "2147483647",
              "", "abc", "1.5", "--1", " ", "12 3"]:
        out(repr(s) + " -> " + str(parse_or(s, -1)))
    out(str(parse_base_or("ff", 16, -1)) + " " + str(parse_base_or("FF", 16, -1)))
    out(str(parse_base_or("101", 2, -1)) + " " + str(parse_base_or("777", 8, -1)))
    out(str(parse_base_or("zz", 36, -1)) + " " + str(parse_base_or("-1a", 16, -1)))
    out(str(parse_base_or("2", 2, -1)) + " " + str(parse_base_or("g", 16, -1)))
    out(str(parse_base_or("0x1f", 16, -1)) + " " + str(parse_base_or("-0X10", 16, -1)))
    out(str(parse_base_or("123", 10, -1)))
    return 0
