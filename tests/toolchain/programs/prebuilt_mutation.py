"""Prebuilt lists, dicts and instances mutated through their methods at run time."""

from support import line, say

CACHE = {}
HISTORY = []


class Stats:
    def __init__(self):
        self.calls = 0
        self.hits = 0


STATS = Stats()


def slow_square(n):
    STATS.calls += 1
    if n in CACHE:
        STATS.hits += 1
        return CACHE[n]
    result = n * n
    CACHE[n] = result
    HISTORY.append(n)
    return result


def entry_point(argv):
    total = 0
    for n in [3, 4, 3, 5, 4, 3, 9]:
        total += slow_square(n)
    say(b"total", total)
    say(b"calls", STATS.calls)
    say(b"hits", STATS.hits)
    say(b"cached", len(CACHE))
    for n in HISTORY:
        say(b"history", n)
    HISTORY.pop()
    CACHE.pop(9)
    say(b"after", len(HISTORY) * 10 + len(CACHE))
    if 9 not in CACHE:
        line(b"evicted")
    return 0
