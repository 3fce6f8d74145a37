"""insert at the front, middle, end and beyond, and sorted insertion."""

from support import say


def insort(items, x):
    i = 0
    while i < len(items) and items[i] < x:
        i += 1
    items.insert(i, x)


def entry_point(argv):
    items = [10, 20, 30]
    items.insert(0, 5)
    items.insert(2, 15)
    items.insert(len(items), 40)
    items.insert(100, 50)
    items.insert(-1, 45)
    items.insert(-100, 1)
    for x in items:
        say(b"item", x)
    ordered = []
    for x in [5, 3, 9, 1, 7, 3, 8]:
        insort(ordered, x)
    for x in ordered:
        say(b"sorted", x)
    return 0
