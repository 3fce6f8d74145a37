"""Concatenation and repetition of strings, built up in loops."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def pad_left(s, width, fill):
    if len(s) >= width:
        return s
    return fill * (width - len(s)) + s


def entry_point(argv):
    s = ""
    for i in range(10):
        s += str(i)
    out(s)
    out("ab" * 3 + "|" + "ab" * 0 + "|" + "ab" * -2)
    out(pad_left("42", 6, "0") + " " + pad_left("toolong", 3, "*"))
    box = "+" + "-" * 8 + "+"
    out(box)
    out("|" + pad_left("kiln", 8, " ") + "|")
    out(box)
    acc = "x"
    for i in range(4):
        acc = acc + acc
    out(str(len(acc)))
    return 0
