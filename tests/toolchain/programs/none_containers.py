"""Functions that return a list, a dict or a string, or None, and callers that test for it."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def maybe_list(n):
    if n == 0:
        return None
    return [n] * n


def maybe_dict(n):
    if n < 0:
        return None
    return {n: n * n}


def maybe_text(n):
    if n % 2 == 0:
        return None
    return "odd" * n


def entry_point(argv):
    for n in [0, 3]:
        items = maybe_list(n)
        if items is not None:
            out(str(len(items)) + " " + str(items[-1]))
        else:
            out("no list")
    for n in [-1, 4]:
        d = maybe_dict(n)
        out("no dict" if d is None else str(d[n]))
    for n in [2, 1]:
        t = maybe_text(n)
        out("no text" if t is None else t)
    cache = None
    for i in range(3):
        if cache is None:
            cache = []
        cache.append(i)
    out(str(len(cache)))
    return 0
