"""Floor division and modulo follow Python's signs, not C's truncation."""

from support import say


def entry_point(argv):
    pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (6, 3), (-6, 3), (0, 5), (0, -5),
             (1, 7), (-1, 7), (1, -7), (2147483647, 10), (-2147483647, 10), (13, 13)]
    for a, b in pairs:
        q = a // b
        r = a % b
        say(b"q", q)
        say(b"r", r)
        say(b"identity", q * b + r - a)
    n = -100
    digits = 0
    while n != 0:
        n = -((-n) // 10)
        digits += 1
    say(b"digits", digits)
    say(b"mod-neg-one", -1 % 256)
    say(b"wrap-index", (-3) % 5)
    return 0
