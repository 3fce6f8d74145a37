"""str.split on whitespace and on a separator, including empty fields."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def show(parts):
    out(str(len(parts)) + " [" + "|".join(parts) + "]")


def entry_point(argv):
    show("a b c".split())
    show("  leading and trailing  ".split())
    show("tabs\tand\nnewlines\r\n mixed".split())
    show("".split())
    show("   ".split())
    show("a,b,c".split(","))
    show("a,,b,".split(","))
    show(",".split(","))
    show("".split(","))
    show("key=value=more".split("="))
    show("one::two::::three".split("::"))
    show("no separator here".split(";"))
    fields = "name:kiln;lang:python;targets:6".split(";")
    for f in fields:
        kv = f.split(":")
        out(kv[0].upper() + " -> " + kv[1])
    return 0
