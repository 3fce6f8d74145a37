"""A reverse-Polish calculator over floats, with errors for bad input."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class CalcError(Exception):
    def __init__(self, message):
        self.message = message


def evaluate(text):
    stack = []
    for tok in text.split():
        if tok in ["+", "-", "*", "/"]:
            if len(stack) < 2:
                raise CalcError("underflow at " + tok)
            b = stack.pop()
            a = stack.pop()
            if tok == "+":
                stack.append(a + b)
            elif tok == "-":
                stack.append(a - b)
            elif tok == "*":
                stack.append(a * b)
            else:
                try:
                    stack.append(a / b)
                except ZeroDivisionError:
                    raise CalcError("division by zero")
        else:
            try:
                stack.append(float(tok))
            except ValueError:
                raise CalcError("bad token " + repr(tok))
    if len(stack) != 1:
        raise CalcError("leftover " + str(len(stack)))
    return stack[0]


def entry_point(argv):
    for expr in ["3 4 +", "5 1 2 + 4 * + 3 -", "2 3 4 * +", "1 3 /", "1 0 /", "1 +",
                 "1 2", "2 x *", "0.1 0.2 +"]:
        try:
            out(expr + " = " + repr(evaluate(expr)))
        except CalcError as e:
            out(expr + " ! " + e.message)
    return 0
