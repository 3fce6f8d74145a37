"""Exceptions raised and caught on every iteration, and loops inside handlers."""

from support import say


class Skip(Exception):
    pass


def check(n):
    if n % 3 == 0:
        raise Skip()
    return n


def entry_point(argv):
    kept = 0
    skipped = 0
    for n in range(1000):
        try:
            kept += check(n)
        except Skip:
            skipped += 1
    say(b"kept", kept)
    say(b"skipped", skipped)
    retries = 0
    value = 0
    while True:
        try:
            value = check(retries * 3 + (1 if retries == 4 else 0))
            break
        except Skip:
            retries += 1
    say(b"retries", retries)
    say(b"value", value)
    return 0
