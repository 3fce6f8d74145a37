"""join with different separators, over built and empty lists."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    words = ["alpha", "beta", "gamma"]
    out(", ".join(words))
    out("".join(words))
    out("\t".join(words))
    out("-".join([]))
    out("-".join(["solo"]))
    out(" + ".join([str(i) for i in range(1, 6)]))
    chars = []
    for c in "reverse me":
        chars.insert(0, c)
    out("".join(chars))
    rows = []
    for i in range(3):
        rows.append(",".join([str(i * j) for j in range(4)]))
    out(";".join(rows))
    out("".join(["a"] * 10))
    return 0
