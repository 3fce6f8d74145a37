"""Bare raise inside except re-raises the same exception to the next handler."""

from support import line, say


class Failure(Exception):
    def __init__(self, code):
        self.code = code


def inner(n):
    raise Failure(n)


def middle(n, log):
    try:
        inner(n)
    except Failure as e:
        log.append(e.code)
        if e.code > 1:
            raise
        return -1
    return 0


def entry_point(argv):
    log = []
    say(b"handled", middle(1, log))
    try:
        middle(7, log)
    except Failure as e:
        say(b"reraised", e.code)
    say(b"log", len(log))
    try:
        try:
            raise KeyError("k")
        except KeyError:
            line(b"first handler")
            raise
    except KeyError:
        line(b"outer handler")
    return 0
