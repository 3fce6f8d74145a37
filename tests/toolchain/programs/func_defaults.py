"""Default argument values of several types, partly and fully overridden."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def greet(name, greeting="Hello", punct="!", times=1):
    return (greeting + ", " + name + punct) * times


def scale(x, factor=2.0, offset=0.0):
    return x * factor + offset


def window(items, start=0, stop=-1):
    if stop < 0:
        stop = len(items)
    return items[start:stop]


def entry_point(argv):
    out(greet("ada"))
    out(greet("bob", "Hi"))
    out(greet("eve", "Hey", "?"))
    out(greet("x", "Yo", ".", 3))
    out(repr(scale(1.5)) + " " + repr(scale(1.5, 3.0)) + " " + repr(scale(1.5, 3.0, 1.0)))
    out(str(len(window([1, 2, 3, 4]))) + str(len(window([1, 2, 3, 4], 1)))
        + str(len(window([1, 2, 3, 4], 1, 2))))
    return 0
