"""The statement half of the flow-graph builder: assignments, `if`, loops, `try`,
`raise`, and the isinstance narrowing that `if` and `assert` give.  Mixed into
`GraphBuilder` (builder.py), which owns the state these methods use."""

from __future__ import annotations

import ast
import inspect
from typing import Any, Callable

from toolchain.flow.model import Constant, Link, Value
from toolchain.flow.state import BINOPS, LoopContext, State, TryContext
from toolchain.flow.weave import STATUS, unnamed_arguments, woven_driver, woven_statements


class StatementBuilder:
    def statements(self, body: list[ast.stmt]) -> None:
        for stmt in body:
            if self.state is None:
                return  # unreachable code after return/break/continue
            before = set(self.state.locals)
            self.statement(stmt)
            if self.state is not None:
                for name in [n for n in self.state.locals
                             if n.startswith("$t") and n not in before]:
                    del self.state.locals[name]  # the statement's temporaries are dead

    def statement(self, node: ast.stmt) -> None:
        method = getattr(self, f"stmt_{type(node).__name__}", None)
        if method is None:
            raise self.unsupported(node, f"statement '{type(node).__name__}'")
        method(node)

    def stmt_Pass(self, node: ast.Pass) -> None:
        pass

    def stmt_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return  # docstring
        driver = woven_driver(node, self.resolve_global) if self.weaves else None
        if driver is not None and driver in self.weaves:
            self.expr(node.value)  # checks the hint's arguments as without the JIT
            bad = unnamed_arguments(node, driver)
            if bad:
                raise self.error(f"with jit=1, '{bad[0]}' must be passed to the JitDriver "
                                 "as a plain local variable (the JIT reassigns it)", node)
            weave = self.weaves[driver]
            self.closure.update(weave.closure)
            self.localnames.add(STATUS)
            self.statements(woven_statements(node, driver, weave))
            return
        self.expr(node.value)

    def stmt_Assign(self, node: ast.Assign) -> None:
        value = self.expr(node.value)
        for target in node.targets:
            self.assign(target, value)

    def stmt_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.assign(node.target, self.expr(node.value))

    def stmt_AugAssign(self, node: ast.AugAssign) -> None:
        opname = BINOPS.get(type(node.op))
        if opname is None:
            raise self.unsupported(node)
        if isinstance(node.target, ast.Name):
            current = self.load_name(node.target.id, node.target)
            self.assign(node.target, self.emit("inplace_" + opname,
                                               [current, self.expr(node.value)], node))
        elif isinstance(node.target, ast.Attribute):
            obj = self.expr(node.target.value)
            attr = Constant(node.target.attr)
            current = self.emit("getattr", [obj, attr], node)
            result = self.emit("inplace_" + opname, [current, self.expr(node.value)], node)
            self.emit("setattr", [obj, attr, result], node)
        elif isinstance(node.target, ast.Subscript):
            obj = self.expr(node.target.value)
            index = self.expr(node.target.slice)
            current = self.emit("getitem", [obj, index], node)
            result = self.emit("inplace_" + opname, [current, self.expr(node.value)], node)
            self.emit("setitem", [obj, index, result], node)
        else:
            raise self.unsupported(node)

    def assign(self, target: ast.expr, value: Value) -> None:
        assert self.state is not None
        value = self.use(value)
        if isinstance(target, ast.Name):
            if isinstance(value, Constant):
                value = self.emit("same_as", [value], target, hint=target.id)
            self.state.locals[target.id] = value
        elif isinstance(target, ast.Attribute):
            base = self.expr(target.value)
            if isinstance(base, Constant) and (inspect.ismodule(base.value)
                                               or inspect.isclass(base.value)):
                raise self.error(f"'{ast.unparse(target)}' is a global that would be "
                                 "mutated after import; module and class attributes are "
                                 "constants (keep mutable state in an instance)", target)
            self.emit("setattr", [base, Constant(target.attr), value], target)
        elif isinstance(target, ast.Subscript):
            if isinstance(target.slice, ast.Slice):
                raise self.unsupported(target, "slice assignment")
            obj = self.expr(target.value)
            self.emit("setitem", [obj, self.expr(target.slice), value], target)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for i, elt in enumerate(target.elts):
                if isinstance(elt, ast.Starred):
                    raise self.unsupported(elt, "starred assignment")
                self.assign(elt, self.emit("getitem", [value, Constant(i)], target))
        else:
            raise self.unsupported(target, "assignment target")

    def stmt_Return(self, node: ast.Return) -> None:
        assert self.state is not None
        value = self.expr(node.value) if node.value is not None else Constant(None)
        if any(t.in_finally for t in self.tries):
            raise self.unsupported(node, "'return' inside 'try' with 'finally'")
        self.state.block.closeblock(Link([self.use(value)], self.returnblock))
        self.state = None

    def stmt_If(self, node: ast.If) -> None:
        cond = self.truth(node.test)
        true_state, false_state = self.split(cond, node)
        self.state = true_state
        self.narrow(node.test)
        self.statements(node.body)
        after_true = self.state
        self.state = false_state
        self.narrow(node.test, holds=False)
        self.statements(node.orelse)
        after_false = self.state
        self.state = self.join([s for s in (after_true, after_false) if s is not None])

    def loop(self, node: ast.While | ast.For, test: Callable[[], Value],
             body_setup: Callable[[], None]) -> None:
        """Shared shape of `while` and `for`: header, test, body, else, breaks."""
        assert self.state is not None
        names = sorted(self.state.locals)
        header, inputs = self.fresh_block(names)
        self.goto(self.state, header, names)
        self.state = State(header, dict(inputs))
        body_state, exit_state = self.split(test(), node)
        ctx = LoopContext(header, names)
        self.loops.append(ctx)
        self.state = body_state
        body_setup()
        self.statements(node.body)
        if self.state is not None:
            self.goto(self.state, header, names)
        self.loops.pop()
        self.state = exit_state
        self.statements(node.orelse)
        self.state = self.join(([self.state] if self.state else []) + ctx.breaks)

    def stmt_While(self, node: ast.While) -> None:
        self.loop(node, lambda: self.truth(node.test), lambda: None)

    def stmt_For(self, node: ast.For) -> None:
        it = node.iter
        if (isinstance(it, ast.Call) and isinstance(it.func, ast.Name)
                and self.resolve_global(it.func.id) is range):
            self.for_range(node, it)
        else:
            self.for_sequence(node)

    def for_range(self, node: ast.For, call: ast.Call) -> None:
        if call.keywords or not 1 <= len(call.args) <= 3:
            raise self.unsupported(call, "range() call")
        step = 1
        if len(call.args) == 3:
            step_value = self.expr(call.args[2])
            if not isinstance(step_value, Constant) or not isinstance(step_value.value, int) \
                    or step_value.value == 0:
                raise self.error("range() step must be a non-zero constant", call.args[2])
            step = step_value.value
        start: Value = Constant(0) if len(call.args) == 1 else self.expr(call.args[0])
        stop = self.expr(call.args[-1] if len(call.args) == 1 else call.args[1])
        counter, limit = self.new_hidden("i"), self.new_hidden("stop")
        assert self.state is not None
        self.state.locals[counter] = self.emit("int_of", [start], call, hint="i")
        self.state.locals[limit] = self.emit("int_of", [stop], call, hint="stop")

        def test() -> Value:
            assert self.state is not None
            return self.emit("lt" if step > 0 else "gt",
                             [self.state.locals[counter], self.state.locals[limit]], node)

        def setup() -> None:
            assert self.state is not None
            current = self.state.locals[counter]
            self.state.locals[counter] = self.emit("add", [current, Constant(step)], node)
            self.assign(node.target, current)
        self.loop(node, test, setup)

    def for_sequence(self, node: ast.For) -> None:
        seq_name, index = self.new_hidden("seq"), self.new_hidden("idx")
        assert self.state is not None
        seq = self.emit("iter_sequence", [self.expr(node.iter)], node.iter, hint="seq")
        self.state.locals[seq_name] = seq
        self.state.locals[index] = self.emit("same_as", [Constant(0)], node, hint="idx")

        def test() -> Value:
            assert self.state is not None
            length = self.emit("len", [self.state.locals[seq_name]], node)
            return self.emit("lt", [self.state.locals[index], length], node)

        def setup() -> None:
            assert self.state is not None
            current = self.state.locals[index]
            item = self.emit("iter_item", [self.state.locals[seq_name], current], node)
            self.state.locals[index] = self.emit("add", [current, Constant(1)], node)
            self.assign(node.target, item)
        self.loop(node, test, setup)

    def stmt_Break(self, node: ast.Break) -> None:
        assert self.state is not None
        if not self.loops:
            raise self.error("'break' outside a loop", node)
        if any(t.in_finally for t in self.tries):
            raise self.unsupported(node, "'break' inside 'try' with 'finally'")
        self.loops[-1].breaks.append(self.state)
        self.state = None

    def stmt_Continue(self, node: ast.Continue) -> None:
        assert self.state is not None
        if not self.loops:
            raise self.error("'continue' outside a loop", node)
        if any(t.in_finally for t in self.tries):
            raise self.unsupported(node, "'continue' inside 'try' with 'finally'")
        ctx = self.loops[-1]
        missing = [n for n in ctx.header_names if n not in self.state.locals]
        if missing:
            raise self.error(f"variable '{missing[0]}' is undefined at 'continue'", node)
        self.goto(self.state, ctx.header, ctx.header_names)
        self.state = None

    def stmt_Assert(self, node: ast.Assert) -> None:
        self.emit("assert_", [self.truth(node.test), Constant(str(self.loc(node)))], node)
        self.narrow(node.test)

    def narrow(self, test: ast.expr, holds: bool = True) -> None:
        """Where `isinstance(x, C)` is known to hold, the local x is a C (RPython-style).
        `holds` says whether `test` is known true or known false at this point."""
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            self.narrow(test.operand, not holds)
            return
        if isinstance(test, ast.BoolOp):
            if isinstance(test.op, ast.And) == holds:  # all of an `and`, none of an `or`
                for value in test.values:
                    self.narrow(value, holds)
            return
        if not holds or not (isinstance(test, ast.Call) and isinstance(test.func, ast.Name)
                             and len(test.args) == 2 and isinstance(test.args[0], ast.Name)
                             and test.args[0].id in self.localnames):
            return
        if self.resolve_global_or_none(test.func.id) is not isinstance:
            return
        cls = self.expr(test.args[1])
        assert self.state is not None
        name = test.args[0].id
        if isinstance(cls, Constant) and inspect.isclass(cls.value) and name in self.state.locals:
            self.state.locals[name] = self.emit("downcast", [self.state.locals[name], cls],
                                                test, hint=name)

    def resolve_global_or_none(self, name: str) -> Any:
        try:
            return self.resolve_global(name)
        except KeyError:
            return None

    def stmt_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            if not isinstance(target, ast.Subscript) or isinstance(target.slice, ast.Slice):
                raise self.unsupported(node, "'del' of anything but one item")
            self.emit("delitem", [self.expr(target.value), self.expr(target.slice)], node)

    def stmt_Raise(self, node: ast.Raise) -> None:
        if node.cause is not None:
            raise self.unsupported(node, "'raise ... from ...'")
        if node.exc is None:
            if "$caught" not in (self.state.locals if self.state else {}):
                raise self.error("bare 'raise' outside an 'except' block", node)
            assert self.state is not None
            self.raise_value(self.state.locals["$caught"], node)
            return
        value = self.expr(node.exc)
        if isinstance(value, Constant) and inspect.isclass(value.value):
            value = self.emit("simple_call", [value], node)  # `raise E` means `raise E()`
        self.raise_value(value, node)

    def stmt_Try(self, node: ast.Try) -> None:
        if node.finalbody:
            self.try_finally(node)
        else:
            self.try_except(node)

    def try_finally(self, node: ast.Try) -> None:
        ctx = TryContext(in_finally=True)
        self.tries.append(ctx)
        self.try_except(node)
        self.tries.pop()
        normal = self.state
        if normal is not None:
            self.statements(node.finalbody)
        after_normal = self.state
        self.state = self.join(ctx.raised)
        if self.state is not None:
            caught = self.state.locals.pop("$exc")
            self.state.locals["$finally_exc"] = caught
            self.statements(node.finalbody)
            if self.state is not None:
                self.raise_value(self.state.locals.pop("$finally_exc"), node)
        self.state = after_normal

    def try_except(self, node: ast.Try) -> None:
        if not node.handlers:
            self.statements(node.body)
            return
        ctx = TryContext()
        self.tries.append(ctx)
        self.statements(node.body)
        self.tries.pop()
        if self.state is not None:
            self.statements(node.orelse)
        exits = [self.state] if self.state is not None else []
        self.state = self.join(ctx.raised)
        for handler in node.handlers:
            if self.state is None:
                break
            caught = self.state.locals["$exc"]
            if handler.type is None:
                matched, self.state = self.state, None
            else:
                classes = self.handler_classes(handler.type)
                test = self.emit("exc_match", [caught, *classes], handler)
                matched, self.state = self.split(test, handler)
            saved, self.state = self.state, matched
            exc = self.state.locals.pop("$exc")
            self.state.locals["$caught"] = exc
            if handler.name is not None:
                value: Value = exc
                if handler.type is not None and len(classes) == 1:
                    value = self.emit("downcast", [exc, classes[0]], handler, hint=handler.name)
                self.state.locals[handler.name] = value  # type: ignore[assignment]
            self.statements(handler.body)
            if self.state is not None:
                self.state.locals.pop("$caught", None)
                exits.append(self.state)
            self.state = saved
        if self.state is not None:
            self.raise_value(self.state.locals.pop("$exc"), node)
        self.state = self.join(exits)

    def handler_classes(self, node: ast.expr) -> list[Constant]:
        elements = node.elts if isinstance(node, ast.Tuple) else [node]
        classes = []
        for element in elements:
            value = self.expr(element)
            if not (isinstance(value, Constant) and inspect.isclass(value.value)
                    and issubclass(value.value, BaseException)):
                raise self.error("an 'except' clause must name exception classes", element)
            classes.append(value)
        return classes

