"""Builds a flow graph from a live function object.

The function's source is parsed with `ast`; names that are not local resolve, at build
time, through the live function's globals, closure cells and builtins to `Constant`s,
exactly as RPython treats module globals as frozen after import.  Attribute reads on
constant modules and classes (``os.write``, ``Tape.SIZE``) fold to constants too.

Local variables are tracked as a map name -> Variable while walking the statements.
Whenever control flow splits or joins, a new block is started whose input arguments are
fresh variables for every live local, and links pass the current values.  A name that
is defined on only some of the paths into a join point is dropped there; using it later
is reported as "might be used before assignment".

Expression temporaries live in the same map under hidden names (`$t<nr>`) until their
statement ends, so a split in the middle of an expression (`and`, `x if c else y`, or an
operation that may raise inside `try`) carries them into the next block like any local.
Every value the expression walker holds is resolved through `use()` before it is used.

Inside `try`, each operation that may raise ends its block: the block's exitswitch is
`LAST_EXCEPTION`, with a normal link and an exception link.  The exception paths of a
`try` are joined into one handler block that tests the `except` clauses in order and
re-raises when none matches; `finally` runs on both the normal and the exception path.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import textwrap
from dataclasses import dataclass, field
from typing import Any, Callable

from toolchain.errors import TranslationError
from toolchain.flow.model import (
    CAUGHT_EXCEPTION, LAST_EXCEPTION, Block, Constant, FunctionGraph, Link, Location,
    SpaceOperation, Value, Variable,
)
from toolchain.rlib.jit import JitDriver
from toolchain.rlib.rarithmetic import ovfcheck

BINOPS: dict[type, str] = {
    ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.FloorDiv: "floordiv",
    ast.Mod: "mod", ast.BitAnd: "and_", ast.BitOr: "or_", ast.BitXor: "xor",
    ast.LShift: "lshift", ast.RShift: "rshift", ast.Div: "truediv",
}
COMPARES: dict[type, str] = {
    ast.Lt: "lt", ast.LtE: "le", ast.Eq: "eq", ast.NotEq: "ne", ast.Gt: "gt",
    ast.GtE: "ge", ast.Is: "is_", ast.IsNot: "is_not", ast.In: "contains",
    ast.NotIn: "not_contains",
}
UNARYOPS: dict[type, str] = {ast.USub: "neg", ast.Invert: "invert", ast.UAdd: "pos"}
# Operations that may raise, and so end their block when inside `try`.
MAY_RAISE = {"simple_call", "call_kw", "call_method", "call_method_kw", "getitem", "setitem", "floordiv",
             "mod", "truediv", "getslice", "add_ovf", "sub_ovf", "mul_ovf"}
OVERFLOW_CHECKED = {ast.Add: "add_ovf", ast.Sub: "sub_ovf", ast.Mult: "mul_ovf"}


@dataclass
class State:
    """The builder's position: the open block and the live locals."""

    block: Block
    locals: dict[str, Variable]


@dataclass
class TryContext:
    """The exception paths of one `try` body, each with the caught value as `$exc`."""

    raised: list[State] = field(default_factory=list)
    in_finally: bool = False


@dataclass
class LoopContext:
    header: Block
    header_names: list[str]
    breaks: list[State] = field(default_factory=list)


def build_flow_graph(func: Callable[..., Any]) -> FunctionGraph:
    return GraphBuilder(func).build()


class GraphBuilder:
    def __init__(self, func: Callable[..., Any]) -> None:
        self.func = func
        code = func.__code__
        self.filename = code.co_filename
        self.funcname = func.__qualname__
        try:
            lines, firstline = inspect.getsourcelines(func)
        except (OSError, TypeError) as exc:
            raise TranslationError(
                f"cannot read the source of function '{self.funcname}' ({exc})",
                Location(self.filename, code.co_firstlineno, self.funcname)) from None
        tree = ast.parse(textwrap.dedent("".join(lines)))
        ast.increment_lineno(tree, firstline - 1)
        node = tree.body[0]
        if not isinstance(node, ast.FunctionDef):
            raise self.error("only plain 'def' functions can be translated", node)
        self.node = node
        self.closure = dict(zip(code.co_freevars,
                                (cell.cell_contents for cell in func.__closure__ or ())))
        self.localnames = self._collect_local_names(node)
        self.state: State | None = None
        self.loops: list[LoopContext] = []
        self.tries: list[TryContext] = []
        self.hidden = 0

    # -- errors and small helpers ---------------------------------------------------

    def loc(self, node: ast.AST | None) -> Location:
        lineno = getattr(node, "lineno", None) or self.node.lineno
        return Location(self.filename, lineno, self.funcname)

    def error(self, message: str, node: ast.AST | None) -> TranslationError:
        return TranslationError(message, self.loc(node))

    def unsupported(self, node: ast.AST, what: str | None = None) -> TranslationError:
        construct = what or type(node).__name__
        try:
            snippet = ast.unparse(node)
        except Exception:  # noqa: BLE001 - unparse is only for a nicer message
            snippet = ""
        if len(snippet) > 60:
            snippet = snippet[:57] + "..."
        detail = f" `{snippet}`" if snippet else ""
        return self.error(f"unsupported construct: {construct}{detail}", node)

    def _collect_local_names(self, node: ast.FunctionDef) -> set[str]:
        names = {a.arg for a in node.args.args}
        if node.args.vararg:
            names.add(node.args.vararg.arg)
        for sub in ast.walk(node):
            if isinstance(sub, (ast.Global, ast.Nonlocal)):
                raise self.error(
                    f"'{type(sub).__name__.lower()}' is not supported: module globals are "
                    "constants after import", sub)
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                names.add(sub.id)
            if isinstance(sub, ast.ExceptHandler) and sub.name:
                names.add(sub.name)
            if isinstance(sub, (ast.FunctionDef, ast.Lambda, ast.ClassDef)) and sub is not node:
                raise self.unsupported(sub, "nested function or class definition")
        return names

    def new_hidden(self, base: str) -> str:
        self.hidden += 1
        return f"${base}{self.hidden}"

    def temp(self, value: Value) -> Value:
        """Registers a value the expression walker holds, so splits carry it along."""
        if isinstance(value, Variable):
            assert self.state is not None
            self.state.locals.setdefault(f"$t{value.nr}", value)
        return value

    def use(self, value: Value) -> Value:
        """The current block's copy of a value the expression walker holds."""
        if isinstance(value, Variable) and self.state is not None:
            return self.state.locals.get(f"$t{value.nr}", value)
        return value

    def emit(self, opname: str, args: list[Value], node: ast.AST | None,
             hint: str = "v") -> Variable:
        assert self.state is not None
        result = Variable(hint)
        self.state.block.operations.append(
            SpaceOperation(opname, [self.use(a) for a in args], result, self.loc(node)))
        self.temp(result)
        if opname.removeprefix("inplace_") in MAY_RAISE and self.tries:
            self.catch_here(result)
        return result

    def catch_here(self, result: Variable) -> None:
        """Ends the block after an operation that may raise inside `try`; the exception
        path does not see the operation's result."""
        assert self.state is not None
        state = self.state
        names = sorted(state.locals)
        exc_names = [n for n in names if n != f"$t{result.nr}"]
        normal_block, normal_locals = self.fresh_block(names)
        exc_block, exc_locals = self.fresh_block(exc_names + ["$exc"])
        state.block.exitswitch = LAST_EXCEPTION
        exc_link = Link([state.locals[n] for n in exc_names] + [CAUGHT_EXCEPTION], exc_block,
                        "exception")
        state.block.closeblock(self.link_to(state, normal_block, names), exc_link)
        self.tries[-1].raised.append(State(exc_block, exc_locals))
        self.state = State(normal_block, normal_locals)

    def raise_value(self, value: Value, node: ast.AST) -> None:
        """Ends the current path by raising `value` (an exception instance)."""
        assert self.state is not None
        if self.tries:
            self.state.locals["$exc"] = self.use(value)  # type: ignore[assignment]
            self.tries[-1].raised.append(self.state)
        else:
            self.state.block.closeblock(Link([self.use(value)], self.exceptblock))
        self.state = None

    # -- blocks and joins -------------------------------------------------------------

    def fresh_block(self, names: list[str]) -> tuple[Block, dict[str, Variable]]:
        inputs = {name: Variable(name.lstrip("$")) for name in names}
        return Block(list(inputs.values())), inputs

    def link_to(self, state: State, target: Block, names: list[str],
                exitcase: Any = None) -> Link:
        return Link([state.locals[name] for name in names], target, exitcase)

    def goto(self, state: State, target: Block, names: list[str]) -> None:
        state.block.closeblock(self.link_to(state, target, names))

    def split(self, cond: Value, node: ast.AST) -> tuple[State, State]:
        """Ends the current block on a boolean; returns the (true, false) states."""
        assert self.state is not None
        state = self.state
        names = sorted(state.locals)
        true_block, true_locals = self.fresh_block(names)
        false_block, false_locals = self.fresh_block(names)
        if isinstance(cond, Constant):
            cond = self.emit("same_as", [cond], node)
        state.block.exitswitch = self.use(cond)
        state.block.closeblock(self.link_to(state, true_block, names, True),
                               self.link_to(state, false_block, names, False))
        return State(true_block, true_locals), State(false_block, false_locals)

    def join(self, states: list[State]) -> State | None:
        if not states:
            return None
        if len(states) == 1:
            return states[0]
        names = sorted(set.intersection(*(set(s.locals) for s in states)))
        block, inputs = self.fresh_block(names)
        for s in states:
            self.goto(s, block, names)
        return State(block, inputs)

    # -- the graph --------------------------------------------------------------------

    def build(self) -> FunctionGraph:
        args = self.node.args
        if args.kwarg or args.kwonlyargs or args.posonlyargs:
            raise self.unsupported(self.node, "**kwargs or keyword-only parameters")
        if self.node.decorator_list and not self._decorators_are_hints():
            raise self.unsupported(self.node.decorator_list[0], "decorator")
        argnames = [a.arg for a in args.args] + ([args.vararg.arg] if args.vararg else [])
        start, inputs = self.fresh_block(argnames)
        self.returnblock = Block([Variable("result")])
        self.exceptblock = Block([Variable("exc")])
        self.state = State(start, dict(inputs))
        self.statements(self.node.body)
        if self.state is not None:
            self.state.block.closeblock(Link([Constant(None)], self.returnblock))
        return FunctionGraph(self.funcname, start, self.returnblock, self.exceptblock,
                             self.func,
                             self.loc(self.node), tuple(self.func.__defaults__ or ()),
                             argnames, has_varargs=args.vararg is not None)

    def _decorators_are_hints(self) -> bool:
        # jit hint decorators return the function itself; anything else changed it.
        return inspect.unwrap(self.func) is self.func and all(
            isinstance(d, (ast.Name, ast.Attribute)) for d in self.node.decorator_list)

    # -- statements -------------------------------------------------------------------

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

    # -- expressions ------------------------------------------------------------------

    def expr(self, node: ast.expr) -> Value:
        method = getattr(self, f"expr_{type(node).__name__}", None)
        if method is None:
            raise self.unsupported(node, f"expression '{type(node).__name__}'")
        return method(node)

    def truth(self, node: ast.expr) -> Value:
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

    def expr_BoolOp(self, node: ast.BoolOp) -> Value:
        result_name = self.new_hidden("boolop")
        exits: list[State] = []
        is_and = isinstance(node.op, ast.And)
        for i, value_node in enumerate(node.values):
            value = self.expr(value_node)
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
        for state, branch in ((true_state, node.body), (false_state, node.orelse)):
            self.state = state
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
