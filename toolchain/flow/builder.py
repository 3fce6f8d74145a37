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
import inspect
import textwrap
from typing import Any, Callable

from toolchain.errors import TranslationError
from toolchain.flow.expressions import ExpressionBuilder
from toolchain.flow.model import (
    CAUGHT_EXCEPTION, LAST_EXCEPTION, Block, Constant, FunctionGraph, Link, Location,
    SpaceOperation, Value, Variable,
)
from toolchain.flow.state import MAY_RAISE, LoopContext, State, TryContext
from toolchain.flow.statements import StatementBuilder
from toolchain.flow.weave import Weave
from toolchain.rlib.jit import JitDriver


def build_flow_graph(func: Callable[..., Any],
                     weaves: dict[JitDriver, Weave] | None = None) -> FunctionGraph:
    """`weaves` (with jit=1): what each driver's merge points become (flow/weave.py)."""
    return GraphBuilder(func, weaves or {}).build()


class GraphBuilder(StatementBuilder, ExpressionBuilder):
    def __init__(self, func: Callable[..., Any], weaves: dict[JitDriver, Weave]) -> None:
        self.func = func
        self.weaves = weaves
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
