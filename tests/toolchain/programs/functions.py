from support import line, say


def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def mul(a, b):
    return a * b


OPS = [add, sub, mul]
TABLE = {b"add": add, b"sub": sub}


def make_adder(n):
    def adder(x):
        return x + n
    return adder


ADD5 = make_adder(5)
ADD7 = make_adder(7)


def apply(f, x):
    return f(x)


def scaled(x, factor=2, offset=0):
    return x * factor + offset


def entry_point(argv):
    for op in OPS:
        say(b"op", op(7, 3))
    say(b"table", TABLE[b"sub"](10, 4))
    say(b"closure", ADD5(1) + ADD7(1))
    say(b"apply", apply(ADD5, 1) + apply(ADD7, 2))
    f = add
    if len(argv) > 0:
        f = mul
    say(b"chosen", f(6, 7))
    say(b"defaults", scaled(3) + scaled(3, 3) + scaled(3, offset=1) + scaled(x=1, factor=5))
    names = [b"add", b"sub"]
    total = 0
    for name in names:
        total += TABLE[name](100, 1)
    say(b"dispatch", total)
    line(b"done")
    return 0
