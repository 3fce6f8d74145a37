"""IndexError from list and string indexing and list.pop, caught inside try."""

from support import line, say


def get(items, i):
    try:
        return items[i]
    except IndexError:
        return -1


def char_at(s, i):
    try:
        return s[i]
    except IndexError:
        return "?"


def entry_point(argv):
    items = [10, 20, 30]
    for i in [0, 2, 3, -3, -4, 100]:
        say(b"get", get(items, i))
    for i in [0, 5]:
        line(char_at("abc", i).encode("latin-1"))
    empty = []
    try:
        empty.pop()
    except IndexError:
        line(b"pop from empty")
    try:
        items[5] = 1
    except IndexError:
        line(b"store out of range")
    return 0
