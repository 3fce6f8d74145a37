from support import line, say


class Value:
    pass


class Shape:
    def __init__(self, name):
        self.name = name

    def area(self):
        return 0

    def describe(self):
        line(self.name)
        say(b"area", self.area())


class Square(Shape):
    def __init__(self, side):
        Shape.__init__(self, b"square")
        self.side = side

    def area(self):
        return self.side * self.side


class Rect(Shape):
    def __init__(self, w, h):
        Shape.__init__(self, b"rect")
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h


class Cube(Square):
    def area(self):
        return 6 * self.side * self.side


def total(shapes):
    t = 0
    for s in shapes:
        t += s.area()
    return t


def entry_point(argv):
    shapes = [Shape(b"blob"), Square(3), Rect(2, 5), Cube(2)]
    for s in shapes:
        s.describe()
    say(b"total", total(shapes))
    squares = 0
    for s in shapes:
        if isinstance(s, Square):
            squares += 1
            say(b"side", s.side)
        if isinstance(s, Rect):
            say(b"w", s.w)
    say(b"squares", squares)
    maybe = None
    if len(argv) > 5:
        maybe = shapes[0]
    if isinstance(maybe, Shape):
        line(b"shape")
    else:
        line(b"none")
    check_narrowing()
    return 0


class Num(Value):
    def __init__(self, value):
        self.value = value


class Text(Value):
    def __init__(self, value):
        self.value = value


def add(a, b):
    """Narrowing through `and`, `not` and early exits, as interpreters use it."""
    if isinstance(a, Num) and isinstance(b, Num):
        return a.value + b.value
    if not isinstance(a, Text):
        return -1
    if isinstance(b, Text) and len(a.value) > 0:
        return len(a.value + b.value)
    return -2


def check_narrowing():
    say(b"num+num", add(Num(2), Num(3)))
    say(b"text+text", add(Text(b"ab"), Text(b"c")))
    say(b"num+text", add(Num(1), Text(b"x")))
    say(b"text+num", add(Text(b"x"), Num(1)))
