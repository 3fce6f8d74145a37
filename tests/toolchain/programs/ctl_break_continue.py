"""break and continue in for and while loops."""

from support import say


def entry_point(argv):
    odd_sum = 0
    for i in range(20):
        if i % 2 == 0:
            continue
        if i > 15:
            break
        odd_sum += i
    say(b"odd-sum", odd_sum)
    i = 0
    skipped = 0
    while i < 100:
        i += 1
        if i % 10 != 0:
            skipped += 1
            continue
        if i == 70:
            break
    say(b"i", i)
    say(b"skipped", skipped)
    return 0
