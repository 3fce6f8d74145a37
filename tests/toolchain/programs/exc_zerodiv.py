"""ZeroDivisionError from int // and %, and from float /, caught inside try."""

from support import line, say


def ratio(a, b):
    try:
        return a // b
    except ZeroDivisionError:
        return 0


def remainder(a, b):
    try:
        return a % b
    except ZeroDivisionError:
        return -1


def average(values):
    try:
        return sum_floats(values) / len(values)
    except ZeroDivisionError:
        return -1.0


def sum_floats(values):
    total = 0.0
    for v in values:
        total += v
    return total


def entry_point(argv):
    say(b"ratio", ratio(10, 3))
    say(b"ratio0", ratio(10, 0))
    say(b"rem", remainder(10, 4))
    say(b"rem0", remainder(10, 0))
    say(b"avg", int(average([1.0, 2.0, 6.0])))
    say(b"avg-empty", int(average([])))
    divisors = [3, 0, -2, 0]
    ok = 0
    for d in divisors:
        try:
            ok += 12 // d
        except ZeroDivisionError:
            line(b"skip zero")
    say(b"ok", ok)
    return 0
