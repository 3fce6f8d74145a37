"""assert statements that hold, with and without messages, on the hot path."""

from support import say


def checked_sqrt(n):
    assert n >= 0, "negative input"
    r = 0
    while (r + 1) * (r + 1) <= n:
        r += 1
    assert r * r <= n < (r + 1) * (r + 1)
    return r


def entry_point(argv):
    total = 0
    for n in range(200):
        total += checked_sqrt(n)
    assert total > 0
    say(b"isqrt-sum", total)
    say(b"isqrt", checked_sqrt(144))
    return 0
