"""Exceptions through frames with finally, raised from handlers and finally blocks,
caught by a tuple of classes, and instances created early and raised later."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class Err(Exception):
    def __init__(self, code):
        self.code = code


class Other(Exception):
    pass


class Walker:
    def __init__(self):
        self.trail = []

    def down(self, n):
        if n == 0:
            raise Err(7)
        try:
            self.down(n - 1)
        finally:
            self.trail.append(n)


def stored(flag):
    err = Err(3)
    if flag:
        raise err
    return err.code


def raise_in_handler():
    try:
        raise Err(1)
    except Err as e:
        try:
            raise Err(e.code + 1)
        except Err as inner:
            return inner.code


def raise_in_finally():
    try:
        try:
            raise Err(1)
        finally:
            raise Err(2)
    except Err as e:
        return e.code


def entry_point(argv):
    w = Walker()
    try:
        w.down(5)
    except Err as e:
        out(str(e.code) + " " + str(len(w.trail)) + " " + str(w.trail[0]))
    try:
        stored(True)
    except Err as e:
        out("stored " + str(e.code))
    out(str(stored(False)))
    out(str(raise_in_handler()))
    out(str(raise_in_finally()))
    for kind in range(2):
        try:
            if kind == 0:
                raise Err(0)
            raise Other()
        except (Err, Other) as e:
            out("tuple " + str(isinstance(e, Err)))
    return 0
