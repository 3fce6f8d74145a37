"""Regression test (found by the corpus): math.exp(1000.0) and math.pow(10.0, 400.0) return inf
translated; CPython raises OverflowError ("math range error"). docs/language.md only
mentions ValueError on domain errors."""
import math
import os


def entry_point(argv):
    for x in [1000.0, 1.0]:
        try:
            os.write(1, repr(math.exp(x)).encode("latin-1") + b"\n")
        except OverflowError:
            os.write(1, b"exp overflow\n")
    try:
        os.write(1, repr(math.pow(10.0, 400.0)).encode("latin-1") + b"\n")
    except OverflowError:
        os.write(1, b"pow overflow\n")
    return 0
