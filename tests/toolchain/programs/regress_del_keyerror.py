"""Regression test (found by the corpus): `del d[k]` of a missing key inside `try: ... except KeyError` is fatal
("Fatal error: KeyError: key not found", status 1); CPython prints "caught".
(d.pop(k) of a missing key in the same position is caught correctly.)"""
import os


def entry_point(argv):
    d = {1: 1}
    try:
        del d[42]
    except KeyError:
        os.write(1, b"caught\n")
    return 0


# Same for lists: `del items[5]` on a 2-item list inside `try/except IndexError` gives
# "Fatal error: IndexError: index 5 out of range (length 2)" instead of being caught.
