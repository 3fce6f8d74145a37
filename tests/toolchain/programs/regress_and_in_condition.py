"""Regression test (found by the corpus): `and` of values of different types in an `if` test is a type clash
("variable 'boolop1' is both bool and list of int"), although only its truth is used.
`if items and n > 0:` is common interpreter code (RPython accepts it)."""
import os


def entry_point(argv):
    items = [1]
    n = len(argv)
    if items and n > 0:
        os.write(1, b"both\n")
    return 0
