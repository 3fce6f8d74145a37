"""Built-in IndexError, KeyError and ZeroDivisionError caught by `except Exception`, from a
comprehension, from float modulo, and from bytes and negative indexing."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    items = [1, 2, 3]
    try:
        out(str(items[10]))
    except Exception:
        out("caught by Exception")
    d = {1: 2}
    try:
        out(str(d[5]))
    except Exception:
        out("key caught by Exception")
    try:
        out(str(10 // (len(argv) - len(argv))))
    except Exception:
        out("zero caught by Exception")
    try:
        vals = [items[i] for i in range(5)]
        out(str(len(vals)))
    except IndexError:
        out("comprehension index")
    try:
        out(repr(5.0 % 0.0))
    except ZeroDivisionError:
        out("float mod zero")
    try:
        out(str(b"abc"[7]))
    except IndexError:
        out("bytes index")
    try:
        out(str(items[-4]))
    except IndexError:
        out("negative index")
    return 0
