"""Dict comprehensions from ranges, lists and other dicts."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    squares = {i: i * i for i in range(8)}
    out(" ".join([str(k) + ":" + str(v) for k, v in squares.items()]))
    words = "one two three four".split()
    lengths = {w: len(w) for w in words}
    out(str(lengths["three"]) + " " + str(len(lengths)))
    inverse = {v: k for k, v in squares.items() if k % 2 == 1}
    out(" ".join([str(k) + ">" + str(inverse[k]) for k in inverse]))
    first = {w[0]: w for w in words}
    out(" ".join(first.values()))
    return 0
