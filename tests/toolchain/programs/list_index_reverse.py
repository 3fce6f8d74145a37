"""index to find an item's position, reverse in place, and reversed copies."""

from support import say


def entry_point(argv):
    items = [4, 8, 15, 16, 23, 42, 15]
    say(b"index-15", items.index(15))
    say(b"index-42", items.index(42))
    say(b"index-4", items.index(4))
    items.reverse()
    for x in items:
        say(b"rev", x)
    say(b"index-15-after", items.index(15))
    empty = []
    empty.reverse()
    say(b"empty", len(empty))
    one = [7]
    one.reverse()
    say(b"one", one[0])
    copy = items[:]
    copy.reverse()
    say(b"copy-first", copy[0])
    say(b"orig-first", items[0])
    names = ["x", "y", "z"]
    say(b"name-index", names.index("z"))
    return 0
