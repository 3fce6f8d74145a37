"""List comprehensions: filters, nested loops, over strings and other lists."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    squares = [i * i for i in range(10)]
    out(" ".join([str(x) for x in squares]))
    evens = [x for x in squares if x % 2 == 0]
    out(" ".join([str(x) for x in evens]))
    pairs = [i * 10 + j for i in range(3) for j in range(3) if i != j]
    out(" ".join([str(x) for x in pairs]))
    letters = [c.upper() for c in "kiln" if c != "i"]
    out("".join(letters))
    lengths = [len(w) for w in "a bb ccc dddd".split()]
    out(str(lengths[0] + lengths[3]))
    nested = [[i * j for j in range(4)] for i in range(3)]
    out(str(nested[2][3]) + " " + str(len(nested)))
    flat = [x for row in nested for x in row]
    out(str(len(flat)))
    floats = [x / 4 for x in range(5)]
    out(repr(floats[3]))
    return 0
