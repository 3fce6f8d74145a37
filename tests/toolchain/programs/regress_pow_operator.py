"""Regression test (found by the corpus): Gap: `**` is rejected ("unsupported construct: operator 'Pow'"); docs/language.md says
"arithmetic and bitwise operators" without excluding it (math.pow works for floats)."""
import os


def entry_point(argv):
    os.write(1, (str(2 ** 10) + " " + repr(2.0 ** 0.5)).encode("latin-1") + b"\n")
    return 0
