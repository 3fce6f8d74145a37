"""f-strings with plain fields and !r, over ints, floats, strings and bools."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def entry_point(argv):
    n = 7
    x = 2.5
    s = "kiln"
    b = True
    out(f"n={n} x={x} s={s} b={b}")
    out(f"{n * 6} {x * 2} {s + s} {not b}")
    out(f"{s!r} {repr(s)} {str(n)!r}")
    p = Point(3, -4)
    out(f"Point({p.x}, {p.y})")
    out(f"{{braces}} {n}")
    out(f"{len(s)}{s[0]}{s[-1]}")
    items = [1, 2, 3]
    out(f"first={items[0]} last={items[-1]} len={len(items)}")
    for i in range(3):
        out(f"{i}:{i * i}")
    return 0
