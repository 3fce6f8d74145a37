"""strip, lstrip and rstrip, with and without a set of characters."""

import os


def out(s):
    os.write(1, ("[" + s + "]\n").encode("latin-1"))


def entry_point(argv):
    s = " \t hello world \n "
    out(s.strip())
    out(s.lstrip())
    out(s.rstrip())
    out("".strip())
    out("    ".strip())
    out("xxhixx".strip("x"))
    out("xyxhiyx".strip("xy"))
    out("--==title==--".lstrip("-="))
    out("--==title==--".rstrip("-="))
    out("0004200".lstrip("0"))
    out("3.14000".rstrip("0"))
    out("aaaa".strip("a"))
    out("inner  spaces stay".strip())
    lines = ["  first\n", "second  \n", "\tthird\t\n"]
    for ln in lines:
        out(ln.strip())
    return 0
