"""while/else, while True with break, and loops whose condition changes inside."""

from support import line, say


def search(items, wanted):
    i = 0
    while i < len(items):
        if items[i] == wanted:
            break
        i += 1
    else:
        return -1
    return i


def collatz(n):
    steps = 0
    while True:
        if n == 1:
            break
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


def entry_point(argv):
    items = [4, 8, 15, 16, 23, 42]
    say(b"found", search(items, 23))
    say(b"missing", search(items, 5))
    say(b"collatz27", collatz(27))
    n = 0
    while n < 3:
        n += 1
    else:
        line(b"while else")
    return 0
