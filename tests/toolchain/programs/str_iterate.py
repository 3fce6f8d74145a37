"""Iterating over strings by character and by index."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def run_lengths(s):
    if len(s) == 0:
        return ""
    parts = []
    current = s[0]
    count = 0
    for c in s:
        if c == current:
            count += 1
        else:
            parts.append(str(count) + current)
            current = c
            count = 1
    parts.append(str(count) + current)
    return "".join(parts)


def entry_point(argv):
    out(run_lengths("aaabccddddde"))
    out(run_lengths(""))
    out(run_lengths("z"))
    s = "iteration"
    i = 0
    letters = []
    while i < len(s):
        letters.append(s[i])
        i += 2
    out("".join(letters))
    n = 0
    for c in "":
        n += 1
    out(str(n))
    return 0
