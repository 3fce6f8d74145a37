"""Regression test (found by the corpus): float("1_0.5") raises ValueError translated; CPython gives 10.5 (int("1_000") works)."""
import os


def entry_point(argv):
    try:
        os.write(1, repr(float("1_0.5")).encode("latin-1") + b"\n")
    except ValueError:
        os.write(1, b"ValueError\n")
    return 0
