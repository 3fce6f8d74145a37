"""Substring membership with in and not in."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


VOWELS = "aeiou"


def count_vowels(s):
    n = 0
    for c in s:
        if c in VOWELS:
            n += 1
    return n


def entry_point(argv):
    text = "translation toolchain"
    for needle in ["trans", "chain", "tool", "x", "", "nt", "Trans"]:
        out(repr(needle) + " " + str(needle in text) + str(needle not in text))
    out(str(count_vowels(text)))
    out(str("" in "") + str("a" in ""))
    return 0
