"""Keyword arguments in any order, mixed with positional ones and defaults."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


def box(width, height, fill="#", border="+"):
    rows = [border + "-" * width + border]
    for i in range(height):
        rows.append("|" + fill * width + "|")
    rows.append(border + "-" * width + border)
    return "\n".join(rows)


def point(x=0, y=0, z=0):
    return str(x) + "," + str(y) + "," + str(z)


def entry_point(argv):
    out(box(3, 1))
    out(box(width=2, height=2, fill="."))
    out(box(4, height=1, border="*"))
    out(box(height=1, width=1, border="o", fill=" "))
    out(point())
    out(point(z=3))
    out(point(1, z=3))
    out(point(y=2, x=1))
    return 0
