"""Regression test (found by the corpus): Bug (minor): `1 not in []` fails: "unsupported operation: '==' on (<nothing>, int)".
An empty list that is only searched could take the needle's type (or be constant-folded)."""
import os


def entry_point(argv):
    if 1 not in []:
        os.write(1, b"empty\n")
    return 0
