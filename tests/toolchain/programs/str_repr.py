"""repr of strings: quote choice and escapes as CPython prints them."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    for s in ["plain", "", "it's", 'say "hi"', "both ' and \"", "back\\slash",
              "tab\t", "new\nline", "cr\r", "nul\x00", "bell\x07", "del\x7f",
              "esc\x1b[0m"]:
        out(repr(s))
    out(repr("x" * 3) + repr(str(12)))
    return 0
