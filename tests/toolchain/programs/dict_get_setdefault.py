"""get with and without a default, and setdefault for grouping."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    d = {"a": 1}
    out(str(d.get("a", 0)) + " " + str(d.get("z", 0)))
    names = {1: "one"}
    missing = names.get(2)
    out(str(missing is None) + " " + str(names.get(1)))
    groups = {}
    for word in "apple avocado banana blueberry cherry apricot".split():
        groups.setdefault(word[0], []).append(word)
    for letter in groups:
        out(letter + ": " + ",".join(groups[letter]))
    counts = {}
    for c in "mississippi":
        counts[c] = counts.setdefault(c, 0) + 1
    for c in counts:
        out(c + str(counts[c]))
    out(str(counts.setdefault("m", 100)) + " " + str(counts.setdefault("z", 100)))
    return 0
