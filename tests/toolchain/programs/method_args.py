from support import line, say


class Shape:
    def scale(self, factor, offset=0):
        return factor * 10 + offset


class Box(Shape):
    def scale(self, factor, offset=0):
        return factor * 100 + offset


class AppError(Exception):
    def __init__(self, message, code):
        Exception.__init__(self, message)
        self.code = code


def fail(code):
    raise AppError("failed with a code", code)


def entry_point(argv):
    s = Shape()
    say(b"default", s.scale(2))
    say(b"keyword", s.scale(2, offset=5))
    say(b"both keywords", s.scale(offset=1, factor=3))
    shapes = [Shape(), Box()]
    for shape in shapes:
        say(b"virtual", shape.scale(1, offset=2) + shape.scale(4))
    try:
        fail(7)
    except AppError as e:
        line(str(e).encode("latin-1"))
        say(b"code", e.code)
    try:
        raise ValueError("plain message")
    except ValueError as e:
        line(str(e).encode("latin-1"))
    try:
        raise KeyError()
    except KeyError as e:
        say(b"empty message length", len(str(e)))
    return 0
