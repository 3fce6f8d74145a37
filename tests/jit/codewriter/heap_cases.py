"""Subset functions over instances, lists, strs and the runtime's C helpers: the
codewriter's jitcodes for them run only translated (untranslated, a list has no address),
in blackhole_program.py, against the functions themselves."""

import os

from toolchain.rlib.jit import dont_look_inside


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
        self.weight = 0.5
        self.next = None

    def norm1(self):
        return abs_(self.x) + abs_(self.y)


def abs_(v):
    if v < 0:
        return -v
    return v


def make_point(x, y):
    p = Point(x, y)
    q = Point(y, x)
    p.next = q
    p.weight = p.weight * float(x)
    return p.norm1() * 100 + next_x_of(q) * 10 + next_x_of(p) + int(p.weight)


def next_x_of(p):
    if p.next is None:
        return -1
    return p.next.x


def pick(a, b, first):
    if first:
        return a
    return b


def list_ops(lst, i):
    total = lst[i] + lst[-1] * 3 + len(lst)
    lst.append(total)
    lst[0] = lst[0] + 1
    j = 0
    while j < len(lst):
        total += lst[j]
        j += 1
    return total


def float_list(xs, k):
    xs.append(k * 1.5)
    s = 0.0
    for x in xs:
        s += x
    return s / 2.0


def str_ops(s, i):
    return s[i] * 1000 + s[-1] + len(s)


def divisions(a, b):
    return a // b * 1000 + a % b + int(a * 1.0 / b)


class Shape:
    def __init__(self, size):
        self.size = size

    def area(self):
        return 0


class Square(Shape):
    def area(self):
        return self.size * self.size


class Rect(Shape):
    def __init__(self, size, other):
        Shape.__init__(self, size)
        self.other = other

    def area(self):
        return self.size * self.other


class Cube(Square):
    def area(self):
        return 6 * self.size * self.size


def shapes(n):
    """vtable_call and isinstance over a small hierarchy."""
    items = [Shape(n), Square(n), Rect(n, 3), Cube(n)]
    total = 0
    for s in items:
        total = total * 10 + s.area()
        if isinstance(s, Square):
            total += 1
        if isinstance(s, Rect):
            total += 2
    return total


class Oops(Exception):
    def __init__(self, code):
        self.code = code


def thrower(n):
    if n > 3:
        raise Oops(n)
    return n + 1


@dont_look_inside
def residual_thrower(n):
    if n % 2 == 1:
        raise Oops(n * 100)
    return n


def catcher(n):
    """Exceptions from an inline call and a residual one, caught here or not."""
    total = 0
    try:
        total = thrower(n)
        total += residual_thrower(n)
        if total == 2:
            raise Oops(7)
    except Oops as e:
        total = -e.code
    return total


def outer_catcher(n):
    try:
        return catcher(n) + thrower(n * 2)
    except Oops as e:
        return 1000 + e.code


def pops_and_strs(lst, a, b):
    x = lst.pop()
    y = lst.pop()
    r = x * 10 + y + len(lst) * 100
    if a < b:
        r += 1000
    if a == b:
        r += 2000
    if a >= b:
        r += 4000
    c = a + b
    if c[0] == a[0] and len(c) == len(a) + len(b):
        r += 8000
    return r


def pairs(n):
    """Tuple reads (tuple_getitem) of tuples built outside the jitcode."""
    total = 0
    for key, value in PAIRS:
        total = total * 3 + key * n + int(value)
    return total


PAIRS = [(1, 2.5), (2, 0.5), (3, 7.0)]


def entry_point(argv):
    k = len(argv)
    p = Point(k, 2)
    total = (make_point(k, -3) + pick(p, p, k > 0).x + list_ops([k, 2, 3], 1)
             + int(float_list([0.5, k * 1.0], k)) + str_ops(b"abc", k)
             + divisions(k + 7, 2) + next_x_of(p) + shapes(k) + outer_catcher(k)
             + pops_and_strs([1, 2, k], "ab", "b") + pairs(k))
    os.write(1, str(total).encode())
    return 0
