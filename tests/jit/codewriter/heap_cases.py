"""Subset functions over instances, lists, strs and the runtime's C helpers: the
codewriter's jitcodes for them run only translated (untranslated, a list has no address),
in blackhole_program.py, against the functions themselves."""

import os


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


def entry_point(argv):
    k = len(argv)
    p = Point(k, 2)
    total = (make_point(k, -3) + pick(p, p, k > 0).x + list_ops([k, 2, 3], 1)
             + int(float_list([0.5, k * 1.0], k)) + str_ops(b"abc", k)
             + divisions(k + 7, 2) + next_x_of(p))
    os.write(1, str(total).encode())
    return 0
