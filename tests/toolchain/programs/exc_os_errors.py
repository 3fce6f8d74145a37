"""OSError from failing os calls, caught; ValueError from int() next to it."""

import os

from support import line


def parse(s):
    try:
        return int(s)
    except ValueError:
        return -2


def entry_point(argv):
    for s in ["123", "x"]:
        line(str(parse(s)).encode("latin-1"))
    try:
        os.open("/nonexistent-kiln-dir/file", os.O_RDONLY, 0)
    except OSError:
        line(b"open failed")
    try:
        os.close(9999)
    except OSError:
        line(b"close failed")
    try:
        os.read(9998, 10)
    except OSError:
        line(b"read failed")
    return 0
