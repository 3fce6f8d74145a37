"""Raising and catching each built-in exception class by name, and Exception as catch-all."""

import os

from support import line


def raise_kind(kind):
    if kind == 0:
        raise IndexError("index")
    if kind == 1:
        raise KeyError("key")
    if kind == 2:
        raise ValueError("value")
    if kind == 3:
        raise ZeroDivisionError("zero")
    if kind == 4:
        raise OverflowError("overflow")
    if kind == 5:
        raise OSError("os")
    if kind == 6:
        raise AssertionError("assert")
    return kind


def entry_point(argv):
    for kind in range(8):
        try:
            raise_kind(kind)
            line(b"no exception")
        except IndexError:
            line(b"IndexError")
        except KeyError:
            line(b"KeyError")
        except ValueError:
            line(b"ValueError")
        except ZeroDivisionError:
            line(b"ZeroDivisionError")
        except OverflowError:
            line(b"OverflowError")
        except OSError:
            line(b"OSError")
        except AssertionError:
            line(b"AssertionError")
    for kind in range(7):
        try:
            raise_kind(kind)
        except Exception:
            os.write(1, b"caught by Exception\n")
    return 0
