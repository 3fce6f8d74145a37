"""Regression test (found by the corpus): a tuple with a None item translates, but the C does not compile:
"parameter 2 ('a') has incomplete type ... void a" / "struct kiln_tuple_... has no member
named 'f0'". CPython prints "True"."""
import os


def entry_point(argv):
    t = (None, len(argv))
    os.write(1, str(t[0] is None).encode("latin-1") + b"\n")
    return 0
