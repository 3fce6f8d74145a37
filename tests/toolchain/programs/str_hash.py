"""hash() of strings and ints: equal values hash equally (values not printed)."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    a = "kiln"
    b = "ki" + "ln"
    c = "Kiln"
    out(str(hash(a) == hash(b)) + str(hash(a) == hash(a.lower())) + str(hash(c) == hash(c)))
    out(str(hash(12345) == hash(12345)) + str(hash(7) == 7) + str(hash(-3) == -3))
    buckets = [0] * 8
    for word in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"]:
        buckets[hash(word) % 8] += 1
    total = 0
    for n in buckets:
        total += n
    out(str(total))
    return 0
