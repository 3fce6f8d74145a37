"""len and truthiness of dicts, lists and strings as they fill and empty."""

from support import line, say


def describe(d):
    if d:
        return b"full"
    return b"empty"


def entry_point(argv):
    d = {}
    line(describe(d))
    d[1] = 1
    line(describe(d))
    del d[1]
    line(describe(d))
    items = []
    if not items:
        line(b"no items")
    items.append(0)
    if items:
        line(b"an item, even a zero")
    s = ""
    if not s:
        line(b"empty string")
    say(b"lens", len(d) + len(items) * 10 + len("abc") * 100)
    return 0
