"""Regression test (found by the corpus): int("0b11", 2) raises ValueError translated; CPython gives 3 (also "0o17", 8?)."""
import os


def entry_point(argv):
    for s, base in [("0b11", 2), ("0o17", 8), ("0x1f", 16)]:
        try:
            os.write(1, str(int(s, base)).encode("latin-1") + b"\n")
        except ValueError:
            os.write(1, b"ValueError\n")
    return 0
