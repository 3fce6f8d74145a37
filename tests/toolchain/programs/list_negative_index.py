"""Negative indices for reading, writing and deleting."""

from support import say


def entry_point(argv):
    items = [10, 20, 30, 40, 50]
    say(b"-1", items[-1])
    say(b"-5", items[-5])
    items[-2] = 44
    say(b"set", items[3])
    del items[-1]
    say(b"len", len(items))
    say(b"new-last", items[-1])
    del items[0]
    say(b"first", items[0])
    i = -1
    total = 0
    while i >= -len(items):
        total += items[i]
        i -= 1
    say(b"total", total)
    words = ["alpha", "beta"]
    say(b"word", len(words[-1]))
    return 0
