"""List slicing: bounds, negatives, copies that do not alias, empty results."""

from support import say


def show(label, items):
    total = 0
    for x in items:
        total = total * 10 + x
    say(label, total)


def entry_point(argv):
    items = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    show(b"2:5", items[2:5])
    show(b":3", items[:3])
    show(b"6:", items[6:])
    show(b"-3:", items[-3:])
    show(b":-6", items[:-6])
    show(b"-5:-2", items[-5:-2])
    show(b"5:2", items[5:2])
    show(b"7:100", items[7:100])
    copy = items[:]
    copy[0] = 0
    say(b"orig", items[0])
    say(b"copy", copy[0])
    say(b"len", len(items[100:]))
    return 0
