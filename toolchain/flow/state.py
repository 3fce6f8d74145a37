"""The flow-graph builder's vocabulary: operator tables and the records of its position
(the open block and live locals, enclosing loops and `try`s)."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from toolchain.flow.model import Block, Variable

BINOPS: dict[type, str] = {
    ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.FloorDiv: "floordiv",
    ast.Mod: "mod", ast.BitAnd: "and_", ast.BitOr: "or_", ast.BitXor: "xor",
    ast.LShift: "lshift", ast.RShift: "rshift", ast.Div: "truediv", ast.Pow: "pow",
}
COMPARES: dict[type, str] = {
    ast.Lt: "lt", ast.LtE: "le", ast.Eq: "eq", ast.NotEq: "ne", ast.Gt: "gt",
    ast.GtE: "ge", ast.Is: "is_", ast.IsNot: "is_not", ast.In: "contains",
    ast.NotIn: "not_contains",
}
UNARYOPS: dict[type, str] = {ast.USub: "neg", ast.Invert: "invert", ast.UAdd: "pos"}
# Operations that may raise, and so end their block when inside `try`.
MAY_RAISE = {"simple_call", "call_kw", "call_method", "call_method_kw", "getitem", "setitem",
             "floordiv", "mod", "truediv", "pow", "getslice", "add_ovf", "sub_ovf",
             "mul_ovf", "delitem", "assert_"}
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
