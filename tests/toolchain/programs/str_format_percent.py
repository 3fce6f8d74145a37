"""%-formatting with %d %s %x %f %r and a literal %%."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    out("%d" % 42)
    out("%d and %d" % (-7, 0))
    out("%s!" % "hi")
    out("%s=%d" % ("count", 3))
    out("%x %x %x" % (255, 0, 4096))
    out("%f %f %f" % (1.5, -0.25, 3.0))
    out("%f" % (2.0 / 3.0))
    out("%r %r" % ("quoted", 5))
    out("100%%")
    out("%d%%" % 50)
    for i in range(3):
        out("row %d: %s" % (i, "*" * i))
    name = "kiln"
    out("[%s] has %d chars, hex %x" % (name, len(name), len(name) * 100))
    return 0
