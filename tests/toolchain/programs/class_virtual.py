"""Virtual dispatch through a base-class reference, with methods calling methods."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class Expr:
    def eval(self):
        return 0

    def show(self):
        return "?"

    def report(self):
        out(self.show() + " = " + str(self.eval()))


class Num(Expr):
    def __init__(self, value):
        self.value = value

    def eval(self):
        return self.value

    def show(self):
        return str(self.value)


class BinOp(Expr):
    def __init__(self, left, right):
        self.left = left
        self.right = right

    def op(self, a, b):
        return 0

    def symbol(self):
        return "?"

    def eval(self):
        return self.op(self.left.eval(), self.right.eval())

    def show(self):
        return "(" + self.left.show() + " " + self.symbol() + " " + self.right.show() + ")"


class Add(BinOp):
    def op(self, a, b):
        return a + b

    def symbol(self):
        return "+"


class Mul(BinOp):
    def op(self, a, b):
        return a * b

    def symbol(self):
        return "*"


class Neg(Expr):
    def __init__(self, inner):
        self.inner = inner

    def eval(self):
        return -self.inner.eval()

    def show(self):
        return "-" + self.inner.show()


def entry_point(argv):
    e = Add(Num(2), Mul(Num(3), Neg(Num(4))))
    e.report()
    Mul(e, e).report()
    Num(7).report()
    exprs = [Num(1), Neg(Num(2)), Add(Num(1), Num(1))]
    total = 0
    for x in exprs:
        total += x.eval()
    out(str(total))
    return 0
