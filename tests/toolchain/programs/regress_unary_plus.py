"""Regression test (found by the corpus): unary plus is rejected: "unsupported operation 'pos'"."""
import os


def entry_point(argv):
    b = -5
    os.write(1, str(+b).encode("latin-1") + b"\n")
    return 0
