"""An uncaught exception unwinds through finally blocks (which still print) and ends the
program with status 1."""

import os


class Fatal(Exception):
    pass


def inner(n):
    try:
        if n == 0:
            raise Fatal("deep")
        inner(n - 1)
    finally:
        os.write(1, b"unwind " + str(n).encode("latin-1") + b"\n")


def entry_point(argv):
    os.write(1, b"start\n")
    inner(3)
    os.write(1, b"unreachable\n")
    return 0
