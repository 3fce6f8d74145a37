"""replace: every occurrence, overlapping candidates, empty results, growth."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    out("hello world".replace("o", "0"))
    out("aaaa".replace("aa", "b"))
    out("banana".replace("na", ""))
    out("banana".replace("x", "y"))
    out("a.b.c".replace(".", " . "))
    out("".replace("a", "b"))
    out("mississippi".replace("ss", "SS").replace("i", "I"))
    template = "Dear NAME, your NAME account is ready."
    out(template.replace("NAME", "Ada"))
    s = "x"
    for i in range(5):
        s = s.replace("x", "xyx")
    out(str(len(s)) + " " + s[:11])
    return 0
