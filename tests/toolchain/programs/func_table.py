"""Functions as values in prebuilt lists and dicts: dispatch tables with one signature."""

from support import line, say


def op_add(a, b):
    return a + b


def op_sub(a, b):
    return a - b


def op_mul(a, b):
    return a * b


def op_max(a, b):
    return a if a > b else b


TABLE = [op_add, op_sub, op_mul, op_max]
BY_NAME = {b"add": op_add, b"sub": op_sub, b"mul": op_mul, b"max": op_max}
NAMES = [b"add", b"sub", b"mul", b"max"]


def apply(index, a, b):
    return TABLE[index](a, b)


def entry_point(argv):
    for i in range(len(TABLE)):
        say(NAMES[i], apply(i, 7, 3))
    acc = 1
    for name in [b"add", b"mul", b"mul", b"sub", b"max"]:
        fn = BY_NAME[name]
        acc = fn(acc, 4)
        say(name, acc)
    if b"div" not in BY_NAME:
        line(b"no div")
    return 0
