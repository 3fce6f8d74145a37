"""The expression half of the flow-graph builder: operators, comparisons, `and`/`or`,
displays, comprehensions, f-strings, calls, and the JIT hints.  Mixed into
`GraphBuilder` (builder.py), which owns the state these methods use."""

from __future__ import annotations

import ast
import inspect
import builtins
from typing import Any, Callable

from toolchain.flow.model import Constant, Value
from toolchain.flow.state import BINOPS, COMPARES, OVERFLOW_CHECKED, UNARYOPS, State
from toolchain.rlib.jit import JitDriver
from toolchain.rlib.rarithmetic import ovfcheck


class ExpressionBuilder:
    def expr(self, node: ast.expr) -> Value:
        method = getattr(self, f"expr_{type(node).__name__}", None)
        if method is None:
            raise self.unsupported(node, f"expression '{type(node).__name__}'")
        return method(node)

    def truth(self, node: ast.expr) -> Value:
        if isinstance(node, ast.BoolOp):
            # only the truth is used: `items and n > 0` need not unify a list with a bool
            return self.expr_BoolOp(node, as_truth=True)
        value = self.expr(node)
        if isinstance(value, Constant):
            return Constant(bool(value.value))
        return self.emit("bool", [value], node)

    def expr_Constant(self, node: ast.Constant) -> Value:
        return Constant(node.value)

    def expr_Name(self, node: ast.Name) -> Value:
        return self.load_name(node.id, node)

    def load_name(self, name: str, node: ast.AST) -> Value:
        if name in self.localnames:
            assert self.state is not None
            if name not in self.state.locals:
                raise self.error(f"local variable '{name}' might be used before assignment",
                                 node)
            return self.temp(self.state.locals[name])
        if name in self.closure:
            return Constant(self.closure[name])
        try:
            return Constant(self.resolve_global(name))
        except KeyError:
            raise self.error(f"name '{name}' is not defined", node) from None

    def resolve_global(self, name: str) -> Any:
        if name in self.localnames:
            raise KeyError(name)
        if name in self.func.__globals__:
            return self.func.__globals__[name]
        return getattr(builtins, name) if hasattr(builtins, name) else \
            self.func.__globals__[name]

    def expr_Attribute(self, node: ast.Attribute) -> Value:
        base = self.expr(node.value)
        if isinstance(base, Constant) and (inspect.ismodule(base.value)
                                           or inspect.isclass(base.value)):
            if not hasattr(base.value, node.attr):
                raise self.error(f"'{ast.unparse(node.value)}' has no attribute "
                                 f"'{node.attr}'", node)
            return Constant(getattr(base.value, node.attr))
        return self.emit("getattr", [base, Constant(node.attr)], node)

    def expr_BinOp(self, node: ast.BinOp) -> Value:
        opname = BINOPS.get(type(node.op))
        if opname is None:
            raise self.unsupported(node, f"operator '{type(node.op).__name__}'")
        return self.emit(opname, [self.expr(node.left), self.expr(node.right)], node)

    def expr_UnaryOp(self, node: ast.UnaryOp) -> Value:
        if isinstance(node.op, ast.Not):
            return self.emit("bool_not", [self.truth(node.operand)], node)
        opname = UNARYOPS[type(node.op)]
        operand = self.expr(node.operand)
        if isinstance(operand, Constant) and type(operand.value) in (int, float):
            # fold literals such as -3 so that they stay constants (range steps, defaults)
            folded = {"neg": lambda v: -v, "pos": lambda v: +v, "invert": lambda v: ~v}
            if opname != "invert" or isinstance(operand.value, int):
                return Constant(folded[opname](operand.value))
        return self.emit(opname, [operand], node)

    def expr_Compare(self, node: ast.Compare) -> Value:
        if len(node.ops) == 1:
            return self.compare(node.ops[0], self.expr(node.left),
                                self.expr(node.comparators[0]), node)
        # a < b < c  ==  a < b and b < c, evaluating b once
        left = self.expr(node.left)
        result_name = self.new_hidden("cmp")
        exits: list[State] = []
        for i, (op, right_node) in enumerate(zip(node.ops, node.comparators)):
            right = self.expr(right_node)
            result = self.compare(op, left, right, node)
            assert self.state is not None
            if i == len(node.ops) - 1:
                self.state.locals[result_name] = self.use(result)  # type: ignore[assignment]
                exits.append(self.state)
                break
            true_state, false_state = self.split(result, node)
            self.state = false_state
            false_state.locals[result_name] = self.emit("same_as", [Constant(False)], node)
            exits.append(false_state)
            self.state = true_state
            left = right
        return self.join_value(exits, result_name)

    def compare(self, op: ast.cmpop, left: Value, right: Value, node: ast.AST) -> Value:
        opname = COMPARES[type(op)]
        if opname == "contains":
            return self.emit("contains", [right, left], node)
        if opname == "not_contains":
            return self.emit("bool_not", [self.emit("contains", [right, left], node)], node)
        return self.emit(opname, [left, right], node)

    def join_value(self, states: list[State], name: str) -> Value:
        self.state = self.join(states)
        assert self.state is not None
        return self.temp(self.state.locals.pop(name))

    def expr_BoolOp(self, node: ast.BoolOp, as_truth: bool = False) -> Value:
        result_name = self.new_hidden("boolop")
        exits: list[State] = []
        is_and = isinstance(node.op, ast.And)
        for i, value_node in enumerate(node.values):
            value = self.truth(value_node) if as_truth else self.expr(value_node)
            assert self.state is not None
            if isinstance(value, Constant):
                value = self.emit("same_as", [value], value_node)
            value = self.use(value)
            if i == len(node.values) - 1:
                self.state.locals[result_name] = value  # type: ignore[assignment]
                exits.append(self.state)
                break
            self.state.locals[result_name] = value  # type: ignore[assignment]
            true_state, false_state = self.split(self.emit("bool", [value], value_node), node)
            done, more = (false_state, true_state) if is_and else (true_state, false_state)
            exits.append(done)
            more.locals.pop(result_name)
            self.state = more
            self.narrow(value_node, holds=is_and)
        return self.join_value(exits, result_name)

    def expr_IfExp(self, node: ast.IfExp) -> Value:
        result_name = self.new_hidden("ifexp")
        true_state, false_state = self.split(self.truth(node.test), node)
        exits = []
        for state, branch, holds in ((true_state, node.body, True),
                                     (false_state, node.orelse, False)):
            self.state = state
            self.narrow(node.test, holds)
            value = self.expr(branch)
            assert self.state is not None
            if isinstance(value, Constant):
                value = self.emit("same_as", [value], branch)
            self.state.locals[result_name] = self.use(value)  # type: ignore[assignment]
            exits.append(self.state)
        return self.join_value(exits, result_name)

    def expr_List(self, node: ast.List) -> Value:
        if any(isinstance(e, ast.Starred) for e in node.elts):
            raise self.unsupported(node, "starred list display")
        return self.emit("newlist", [self.expr(e) for e in node.elts], node, hint="lst")

    def expr_Tuple(self, node: ast.Tuple) -> Value:
        if any(isinstance(e, ast.Starred) for e in node.elts):
            raise self.unsupported(node, "starred tuple display")
        return self.emit("newtuple", [self.expr(e) for e in node.elts], node, hint="tup")

    def expr_Dict(self, node: ast.Dict) -> Value:
        args: list[Value] = []
        for key, value in zip(node.keys, node.values):
            if key is None:
                raise self.unsupported(node, "'**' in a dict display")
            args += [self.expr(key), self.expr(value)]
        return self.emit("newdict", args, node, hint="d")

    def expr_JoinedStr(self, node: ast.JoinedStr) -> Value:
        """f-strings with plain fields: str() (or repr() for !r) of each, joined."""
        pieces: list[Value] = []
        for part in node.values:
            if isinstance(part, ast.Constant):
                pieces.append(Constant(part.value))
                continue
            assert isinstance(part, ast.FormattedValue)
            if part.format_spec is not None:
                raise self.unsupported(part, "format spec in an f-string field")
            convert = repr if part.conversion == ord("r") else str
            pieces.append(self.emit("simple_call", [Constant(convert), self.expr(part.value)],
                                    part))
        listing = self.emit("newlist", pieces, node)
        return self.emit("call_method", [Constant(""), Constant("join"), listing], node)

    def expr_ListComp(self, node: ast.ListComp) -> Value:
        return self.comprehension(node, "newlist", lambda target: ast.Expr(ast.Call(
            func=ast.Attribute(value=target, attr="append", ctx=ast.Load()),
            args=[node.elt], keywords=[])))

    def expr_DictComp(self, node: ast.DictComp) -> Value:
        return self.comprehension(node, "newdict", lambda target: ast.Assign(
            targets=[ast.Subscript(value=target, slice=node.key, ctx=ast.Store())],
            value=node.value))

    def comprehension(self, node: ast.ListComp | ast.DictComp, create: str,
                      store: Callable[[ast.expr], ast.stmt]) -> Value:
        """Desugars into a loop that fills a fresh container; the loop variables do not
        leak, as in Python 3."""
        assert self.state is not None
        name = self.new_hidden("comp")
        self.localnames.add(name)
        targets = {n.id for g in node.generators for n in ast.walk(g.target)
                   if isinstance(n, ast.Name)}
        saved = {n: self.state.locals[n] for n in targets if n in self.state.locals}
        self.state.locals[name] = self.emit(create, [], node)
        body: list[ast.stmt] = [store(ast.Name(id=name, ctx=ast.Load()))]
        for gen in reversed(node.generators):
            if gen.is_async:
                raise self.unsupported(node, "async comprehension")
            for cond in reversed(gen.ifs):
                body = [ast.If(test=cond, body=body, orelse=[])]
            body = [ast.For(target=gen.target, iter=gen.iter, body=body, orelse=[])]
        for stmt in body:
            for sub in ast.walk(stmt):
                ast.copy_location(sub, node)
        self.statement(body[0])
        assert self.state is not None
        for n in targets:
            self.state.locals.pop(n, None)
        self.state.locals.update(saved)
        return self.temp(self.state.locals.pop(name))

    def expr_Subscript(self, node: ast.Subscript) -> Value:
        obj = self.expr(node.value)
        if isinstance(node.slice, ast.Slice):
            sl = node.slice
            if sl.step is not None:
                raise self.unsupported(node, "slice with a step")
            start = self.expr(sl.lower) if sl.lower else Constant(None)
            stop = self.expr(sl.upper) if sl.upper else Constant(None)
            return self.emit("getslice", [obj, start, stop], node)
        return self.emit("getitem", [obj, self.expr(node.slice)], node)

    def expr_Call(self, node: ast.Call) -> Value:
        if any(isinstance(a, ast.Starred) for a in node.args) or \
                any(k.arg is None for k in node.keywords):
            raise self.unsupported(node, "call with *args or **kwargs")
        if isinstance(node.func, ast.Attribute):
            base = self.expr(node.func.value)
            if not (isinstance(base, Constant) and (inspect.ismodule(base.value)
                                                     or inspect.isclass(base.value))):
                if isinstance(base, Constant) and isinstance(base.value, JitDriver):
                    return self.jit_hint(base.value, node)
                args = [self.expr(a) for a in node.args]
                if node.keywords:
                    names = tuple(k.arg for k in node.keywords)
                    kwvalues = [self.expr(k.value) for k in node.keywords]
                    return self.emit("call_method_kw", [base, Constant(node.func.attr),
                                                        Constant(names), *args, *kwvalues],
                                     node)
                return self.emit("call_method",
                                 [base, Constant(node.func.attr), *args], node)
        callee = self.expr(node.func)
        if isinstance(callee, Constant) and callee.value is ovfcheck:
            return self.overflow_checked(node)
        args = [self.expr(a) for a in node.args]
        if node.keywords:
            names = tuple(k.arg for k in node.keywords)
            kwvalues = [self.expr(k.value) for k in node.keywords]
            return self.emit("call_kw", [callee, Constant(names), *args, *kwvalues], node)
        return self.emit("simple_call", [callee, *args], node)

    def overflow_checked(self, node: ast.Call) -> Value:
        """`ovfcheck(a + b)`: the operation itself raises OverflowError on overflow."""
        arg = node.args[0] if len(node.args) == 1 and not node.keywords else None
        if not (isinstance(arg, ast.BinOp) and type(arg.op) in OVERFLOW_CHECKED):
            raise self.error("ovfcheck() must directly wrap one +, - or * of ints, "
                             "as in ovfcheck(a + b)", node)
        if not self.tries:
            raise self.error("ovfcheck() must be inside a 'try' that catches "
                             "OverflowError", node)
        return self.emit(OVERFLOW_CHECKED[type(arg.op)],
                         [self.expr(arg.left), self.expr(arg.right)], node)

    def jit_hint(self, driver: JitDriver, node: ast.Call) -> Value:
        assert isinstance(node.func, ast.Attribute)
        method = node.func.attr
        if method not in ("jit_merge_point", "can_enter_jit"):
            raise self.error(f"JitDriver has no method '{method}'", node)
        if node.args:
            raise self.error(f"{method}() takes the greens and reds as keyword "
                             "arguments only", node)
        given = {k.arg: k for k in node.keywords}
        expected = driver.greens + driver.reds
        for name in expected:
            if name not in given:
                kind = "green" if name in driver.greens else "red"
                raise self.error(f"{method}() is missing the {kind} variable '{name}'",
                                 node)
        for name in given:
            if name not in expected:
                raise self.error(f"{method}() got '{name}', which is neither a green "
                                 f"nor a red of the JitDriver", node)
        args = [self.expr(given[name].value) for name in expected]  # type: ignore[arg-type]
        return self.emit(method, [Constant(driver), *args], node)
