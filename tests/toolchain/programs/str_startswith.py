"""startswith and endswith, used for simple dispatch on prefixes and suffixes."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def kind(path):
    if path.startswith("/"):
        prefix = "absolute"
    elif path.startswith("./") or path.startswith("../"):
        prefix = "relative"
    else:
        prefix = "bare"
    if path.endswith(".py"):
        return prefix + " python"
    if path.endswith(".c") or path.endswith(".h"):
        return prefix + " c"
    if path.endswith("/"):
        return prefix + " directory"
    return prefix + " other"


def entry_point(argv):
    for p in ["/usr/lib/x.py", "./main.c", "../inc/k.h", "docs/", "README", "", ".py"]:
        out(repr(p) + " " + kind(p))
    out(str("abc".startswith("")) + str("abc".endswith("")) + str("".startswith("a")))
    out(str("abc".startswith("abcd")) + str("abc".endswith("abc")))
    return 0
