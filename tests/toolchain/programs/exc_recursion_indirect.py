"""RecursionError through calls via a prebuilt function table and through functions with
many live locals per frame; both caught, and the program continues normally."""

from support import line, say


def op_a(n):
    return TABLE[n % 2](n + 1) + 1


def op_b(n):
    return TABLE[n % 2](n + 1) + 2


TABLE = [op_a, op_b]


def wide(n):
    a = n + 1
    b = a * 2
    c = b - 3
    d = c * c
    e = d % 97
    f = e + a
    g = f * b
    h = g - c
    if n <= 0:
        return h
    return wide(n - 1) + a + b + c + d + e + f + g + h - wide_sum(n)


def wide_sum(n):
    a = n + 1
    b = a * 2
    c = b - 3
    d = c * c
    e = d % 97
    f = e + a
    g = f * b
    return a + b + c + d + e + f + g + (g - c)


def entry_point(argv):
    say(b"wide", wide(40))
    try:
        wide(10000000)
    except RecursionError:
        line(b"wide recursion")
    try:
        op_a(0)
    except RecursionError:
        line(b"table recursion")
    say(b"after", wide(3))
    return 0
