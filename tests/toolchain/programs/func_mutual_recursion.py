"""Mutually recursive functions: even/odd and a small recursive-descent parser."""

from support import say


def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)


def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)


class Parser:
    def __init__(self, text):
        self.text = text
        self.pos = 0


def parse_expr(p):
    value = parse_term(p)
    while p.pos < len(p.text) and p.text[p.pos] in "+-":
        op = p.text[p.pos]
        p.pos += 1
        rhs = parse_term(p)
        value = value + rhs if op == "+" else value - rhs
    return value


def parse_term(p):
    value = parse_atom(p)
    while p.pos < len(p.text) and p.text[p.pos] == "*":
        p.pos += 1
        value *= parse_atom(p)
    return value


def parse_atom(p):
    if p.text[p.pos] == "(":
        p.pos += 1
        value = parse_expr(p)
        p.pos += 1
        return value
    start = p.pos
    while p.pos < len(p.text) and p.text[p.pos].isdigit():
        p.pos += 1
    return int(p.text[start:p.pos])


def entry_point(argv):
    say(b"even10", 1 if is_even(10) else 0)
    say(b"odd7", 1 if is_odd(7) else 0)
    say(b"even301", 1 if is_even(301) else 0)
    for text in ["1+2*3", "(1+2)*3", "2*(3+4)*5-6", "((7))", "10-2-3"]:
        say(b"expr", parse_expr(Parser(text)))
    return 0
