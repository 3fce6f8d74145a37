"""Regression test (found by the corpus): `3 * "cd"` is rejected: "unsupported operation: '*' on (int, str)"; "cd" * 3 works."""
import os


def entry_point(argv):
    os.write(1, (3 * "cd").encode("latin-1") + b"\n")
    return 0
