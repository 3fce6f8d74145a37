"""%-formatting of every value type through %s, %r, %d, %x and %f, including edge values."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    out("%s %s %r" % (1.5, 7, 2.25))
    out("%s %s" % (True, "x"))
    out("%x %x" % (-255, 2147483647))
    out("%d %d" % (-2147483647 - 1, 0))
    out("%f" % 1e10 + " " + "%f" % -0.0 + " " + "%f" % 0.0000005 + " " + "%f" % 123.4567895)
    out("%s" % ("one",))
    out("%r" % "it's")
    out("[%s]" % "")
    out("%s-%s-%s" % ("a", 1, 2.0))
    return 0
