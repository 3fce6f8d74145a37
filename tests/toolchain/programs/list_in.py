"""Membership in lists of ints, strings and instances."""

from support import line, say


class Tag:
    def __init__(self, name):
        self.name = name


def entry_point(argv):
    primes = [2, 3, 5, 7, 11, 13]
    found = 0
    for n in range(15):
        if n in primes:
            found += 1
    say(b"primes", found)
    if 4 not in primes:
        line(b"4 not prime")
    names = ["ada", "bob"]
    if "bob" in names and "eve" not in names:
        line(b"names")
    a = Tag("a")
    b = Tag("a")
    tags = [a]
    if a in tags and b not in tags:
        line(b"identity")
    empty = []
    if len(argv) > 100:
        empty.append(1)
    if 1 not in empty:
        line(b"empty")
    return 0
