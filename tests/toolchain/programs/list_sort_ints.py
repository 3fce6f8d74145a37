"""sort on ints: random, reversed, duplicates, negatives, empty and large."""

from support import say


def check_sorted(items):
    for i in range(1, len(items)):
        if items[i - 1] > items[i]:
            return 0
    return 1


def entry_point(argv):
    items = [5, -3, 99, 0, 12, -3, 7, 1000, -50, 5]
    items.sort()
    for x in items:
        say(b"s", x)
    seed = 12345
    big = []
    for i in range(2000):
        seed = (seed * 1103 + 12345) % 65536
        big.append(seed % 1000 - 500)
    big.sort()
    say(b"big-sorted", check_sorted(big))
    say(b"big-min", big[0])
    say(b"big-max", big[-1])
    desc = [i for i in range(100, 0, -1)]
    desc.sort()
    say(b"desc", desc[0] * 1000 + desc[-1])
    empty = []
    empty.sort()
    say(b"empty", len(empty))
    return 0
