"""Dicts keyed by ints: negative and large keys, growth, overwrite, deletion."""

from support import say


def entry_point(argv):
    d = {}
    for i in range(-500, 500, 7):
        d[i] = i * 3
    say(b"len", len(d))
    say(b"neg", d[-500])
    say(b"get", d.get(-493, 0))
    say(b"miss", d.get(1, -1))
    big = {2147483647: 1, -2147483647 - 1: 2, 0: 3}
    say(b"big", big[2147483647] * 100 + big[-2147483647 - 1] * 10 + big[0])
    for i in range(-500, 0, 7):
        del d[i]
    say(b"after-del", len(d))
    d[-500] = 1
    first = 0
    for k in d:
        first = k
        break
    say(b"first", first)
    squares = {}
    for i in range(50):
        squares[i * i] = i
    total = 0
    for k in squares:
        total += squares[k]
    say(b"roots", total)
    return 0
