"""The math functions the subset offers, on ordinary inputs."""

import math
import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def entry_point(argv):
    for v in [0.0, 0.25, 1.0, 2.0, 10.0, 144.0]:
        out("sqrt " + repr(math.sqrt(v)))
    for v in [-2.5, -0.5, 0.0, 0.5, 7.999, -7.001]:
        out("floor " + str(math.floor(v)) + " fabs " + repr(math.fabs(v)))
    out(repr(math.pow(2.0, 0.5)) + " " + repr(math.pow(2.0, -2.0)) + " "
        + repr(math.pow(-2.0, 3.0)) + " " + repr(math.pow(3.0, 4.0)))
    for v in [0.0, 0.5, 1.0, 3.0]:
        out("sin " + repr(math.sin(v)) + " cos " + repr(math.cos(v)))
    for v in [1.0, 2.0, 0.5]:
        out("log " + repr(math.log(v)) + " exp " + repr(math.exp(v)))
    out(repr(math.pi) + " " + repr(math.e))
    out(repr(math.sqrt(3.0) * math.sqrt(3.0)))
    return 0
