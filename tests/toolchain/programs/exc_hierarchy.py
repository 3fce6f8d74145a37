"""Exception classes in a hierarchy: handlers match the class or any base, first match wins."""

from support import line, say


class VMError(Exception):
    pass


class TypeErr(VMError):
    pass


class NameErr(VMError):
    def __init__(self, name):
        self.name = name


class UnboundLocal(NameErr):
    pass


def fail(kind):
    if kind == 0:
        raise TypeErr()
    if kind == 1:
        raise NameErr(b"x")
    if kind == 2:
        raise UnboundLocal(b"y")
    if kind == 3:
        raise VMError()
    return kind


def entry_point(argv):
    for kind in range(5):
        try:
            say(b"ok", fail(kind))
        except UnboundLocal as e:
            line(b"unbound " + e.name)
        except NameErr as e:
            line(b"name " + e.name)
        except VMError:
            line(b"vm error")
    try:
        fail(2)
    except VMError as e:
        if isinstance(e, NameErr):
            line(b"caught as base, is a " + e.name)
    try:
        fail(0)
    except (NameErr, TypeErr):
        line(b"tuple of classes")
    return 0
