from support import line


class Boom(Exception):
    pass


def fail():
    raise Boom("boom")


def entry_point(argv):
    line(b"before")
    fail()
    line(b"after")
    return 0
