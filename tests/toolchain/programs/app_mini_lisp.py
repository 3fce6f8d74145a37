"""A tiny Lisp: reader, environments, special forms, closures and recursion."""

import os


def out(s):
    os.write(1, (s + "\n").encode("latin-1"))


class LispError(Exception):
    def __init__(self, what):
        self.what = what


class Obj:
    def show(self):
        return "?"


class Int(Obj):
    def __init__(self, n):
        self.n = n

    def show(self):
        return str(self.n)


class Sym(Obj):
    def __init__(self, name):
        self.name = name

    def show(self):
        return self.name


class List(Obj):
    def __init__(self, items):
        self.items = items

    def show(self):
        return "(" + " ".join([x.show() for x in self.items]) + ")"


class Lambda(Obj):
    def __init__(self, params, body, env):
        self.params = params
        self.body = body
        self.env = env

    def show(self):
        return "<lambda>"


class Env:
    def __init__(self, parent):
        self.vars = {}
        self.parent = parent

    def lookup(self, name):
        env = self
        while env is not None:
            if name in env.vars:
                return env.vars[name]
            env = env.parent
        raise LispError("unbound " + name)


def tokenize(src):
    return src.replace("(", " ( ").replace(")", " ) ").split()


def read(tokens, pos):
    tok = tokens[pos]
    if tok == "(":
        items = []
        pos += 1
        while tokens[pos] != ")":
            item, pos = read(tokens, pos)
            items.append(item)
        return List(items), pos + 1
    try:
        return Int(int(tok)), pos + 1
    except ValueError:
        return Sym(tok), pos + 1


def as_int(obj):
    if isinstance(obj, Int):
        return obj.n
    raise LispError("not a number: " + obj.show())


def evaluate(x, env):
    if isinstance(x, Int):
        return x
    if isinstance(x, Sym):
        return env.lookup(x.name)
    if not isinstance(x, List) or len(x.items) == 0:
        raise LispError("cannot evaluate")
    head = x.items[0]
    if isinstance(head, Sym):
        name = head.name
        if name == "if":
            if as_int(evaluate(x.items[1], env)) != 0:
                return evaluate(x.items[2], env)
            return evaluate(x.items[3], env)
        if name == "define":
            target = x.items[1]
            if isinstance(target, Sym):
                env.vars[target.name] = evaluate(x.items[2], env)
                return target
            raise LispError("bad define")
        if name == "lambda":
            params = x.items[1]
            if isinstance(params, List):
                return Lambda([p.show() for p in params.items], x.items[2], env)
            raise LispError("bad lambda")
        if name in ["+", "-", "*", "<", "="]:
            a = as_int(evaluate(x.items[1], env))
            b = as_int(evaluate(x.items[2], env))
            if name == "+":
                return Int(a + b)
            if name == "-":
                return Int(a - b)
            if name == "*":
                return Int(a * b)
            if name == "<":
                return Int(1 if a < b else 0)
            return Int(1 if a == b else 0)
    fn = evaluate(head, env)
    if not isinstance(fn, Lambda):
        raise LispError("not callable: " + fn.show())
    if len(fn.params) != len(x.items) - 1:
        raise LispError("arity")
    call_env = Env(fn.env)
    for i in range(len(fn.params)):
        call_env.vars[fn.params[i]] = evaluate(x.items[i + 1], env)
    return evaluate(fn.body, call_env)


PROGRAM = [
    "(define fact (lambda (n) (if (< n 2) 1 (* n (fact (- n 1))))))",
    "(fact 10)",
    "(define fib (lambda (n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))))",
    "(fib 15)",
    "(define make-adder (lambda (k) (lambda (x) (+ x k))))",
    "((make-adder 5) 37)",
    "(undefined 1)",
    "(1 2)",
    "(fact 1 2)",
]


def entry_point(argv):
    env = Env(None)
    for src in PROGRAM:
        try:
            expr, pos = read(tokenize(src), 0)
            out(evaluate(expr, env).show())
        except LispError as e:
            out("error: " + e.what)
    return 0
