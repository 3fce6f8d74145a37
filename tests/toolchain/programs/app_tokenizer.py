"""A tokenizer for a small expression language: numbers, names, strings, operators."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class Token:
    def __init__(self, kind, text, pos):
        self.kind = kind
        self.text = text
        self.pos = pos


OPERATORS = ["==", "!=", "<=", ">=", "+", "-", "*", "/", "(", ")", "=", "<", ">", ","]


class LexError(Exception):
    def __init__(self, pos):
        self.pos = pos


def tokenize(src):
    tokens = []
    i = 0
    while i < len(src):
        c = src[i]
        if c.isspace():
            i += 1
        elif c.isdigit():
            start = i
            while i < len(src) and (src[i].isdigit() or src[i] == "."):
                i += 1
            tokens.append(Token("num", src[start:i], start))
        elif c.isalpha() or c == "_":
            start = i
            while i < len(src) and (src[i].isalnum() or src[i] == "_"):
                i += 1
            tokens.append(Token("name", src[start:i], start))
        elif c == '"':
            end = src.find('"', i + 1)
            if end < 0:
                raise LexError(i)
            tokens.append(Token("str", src[i + 1:end], i))
            i = end + 1
        else:
            for op in OPERATORS:
                if src[i:i + len(op)] == op:
                    tokens.append(Token("op", op, i))
                    i += len(op)
                    break
            else:
                raise LexError(i)
    return tokens


def entry_point(argv):
    for src in ['x = foo(1, 2.5) + "hi there"', "if a_1 >= 10 == b", "3 $ 4", 'x = "open']:
        try:
            toks = tokenize(src)
            out(" ".join([t.kind + ":" + t.text for t in toks]))
            out(str(len(toks)) + " tokens, last at " + str(toks[-1].pos))
        except LexError as e:
            out("lex error at " + str(e.pos))
    return 0
