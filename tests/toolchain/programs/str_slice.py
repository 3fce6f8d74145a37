"""Slicing strings: negative and out-of-range bounds, empty slices, copies."""

import os


def out(s):
    os.write(1, ("[" + s + "]\n").encode("latin-1"))


def entry_point(argv):
    s = "abcdefghij"
    out(s[2:5])
    out(s[:3])
    out(s[7:])
    out(s[:])
    out(s[-3:])
    out(s[:-3])
    out(s[-5:-2])
    out(s[5:2])
    out(s[3:100])
    out(s[100:])
    out(s[-100:2])
    out(s[0:0])
    n = len(s)
    for i in range(0, n, 3):
        out(s[i:i + 3])
    out(s[0] + s[-1] + s[n - 1] + s[-n])
    word = "racecar"
    rev = ""
    for i in range(len(word)):
        rev += word[len(word) - 1 - i]
    out(rev + " " + str(rev == word))
    return 0
