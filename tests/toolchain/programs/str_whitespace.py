"""ASCII whitespace of every kind (space, tab, newline, CR, VT, FF) in split, strip, isspace."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    text = " a\tb\nc\rd\x0be\x0cf  "
    parts = text.split()
    out(str(len(parts)) + " " + "".join(parts))
    out("strip ok" if text.strip() == "a\tb\nc\rd\x0be\x0cf" else "strip bad")
    for c in [" ", "\t", "\n", "\r", "\x0b", "\x0c", "x", "\x00"]:
        out(repr(c) + " " + str(c.isspace()))
    out(str(int("\t42\n")) + " " + repr(float(" 2.5\r\n")))
    lines = "first\nsecond\r\nthird".split("\n")
    out(str(len(lines)) + " " + repr(lines[1]) + " " + repr(lines[1].rstrip()))
    return 0
