"""User exceptions deriving from built-in ones, caught by the built-in class or by
Exception, and raising a class instead of an instance."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class ParseError(ValueError):
    pass


class Missing(KeyError):
    pass


class Base(Exception):
    def __init__(self, code):
        self.code = code


class Derived(Base):
    pass


def parse(s):
    if not s.isdigit():
        raise ParseError("not a number")
    return int(s)


def entry_point(argv):
    for s in ["12", "x"]:
        try:
            out(str(parse(s)))
        except ValueError:
            out("user ValueError subclass")
    try:
        raise Missing("k")
    except KeyError:
        out("user KeyError subclass")
    try:
        raise Derived(4)
    except Base as e:
        out("code " + str(e.code))
    try:
        raise Derived(5)
    except Exception:
        out("as Exception")
    try:
        raise KeyError
    except KeyError:
        out("class raised")
    return 0
