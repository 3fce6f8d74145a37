"""Nested loops: breaking out of the inner loop only, flags to leave both, products."""

from support import say


def find_pair(items, target):
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if items[i] + items[j] == target:
                return i * 100 + j
    return -1


def entry_point(argv):
    say(b"pair", find_pair([3, 9, 14, 5, 22, 8], 27))
    say(b"no-pair", find_pair([1, 2], 10))
    count = 0
    for a in range(1, 30):
        for b in range(a, 30):
            for c in range(b, 30):
                if a * a + b * b == c * c:
                    count += 1
    say(b"triples", count)
    found = False
    row = 0
    col = 0
    for r in range(10):
        for c in range(10):
            if r * c == 42:
                found = True
                row = r
                col = c
                break
        if found:
            break
    say(b"row", row)
    say(b"col", col)
    return 0
