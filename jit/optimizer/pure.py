"""The `pure` pass: common-subexpression elimination of pure operations.

A pure operation (no side effect, result from its arguments only; calls to elidable
functions included) that was already computed with the same arguments and descr is
replaced by the earlier result.  Operations are keyed by a string, because constants
are separate objects that must compare by value.

Additions and subtractions also record their inverses, as RPython's pure_from_args
does: after `z = x + y`, `z - y` is x and `z - x` is y; after `z = x - y`, `z + y` and
`y + z` are x and `x - z` is y.  (Word arithmetic wraps, so these hold always.)  An
interpreter that moves right then left (`>` then `<` in BF) gets its first value back.
"""

from __future__ import annotations

from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (
    AbstractDescr, AbstractValue, ConstFloat, ConstInt, ConstPtr, ResOperation,
)
from jit.optimizer.base import Optimization, Optimizer


def is_commutative(opnum: int) -> bool:
    return (opnum == rop.INT_ADD or opnum == rop.INT_MUL or opnum == rop.INT_AND
            or opnum == rop.INT_OR or opnum == rop.INT_XOR or opnum == rop.INT_EQ
            or opnum == rop.INT_NE or opnum == rop.PTR_EQ or opnum == rop.PTR_NE
            or opnum == rop.FLOAT_ADD or opnum == rop.FLOAT_MUL or opnum == rop.FLOAT_EQ
            or opnum == rop.FLOAT_NE)


class PureEntry:
    """`opnum(args, descr)` gives `result` (what loop peeling carries into the body)."""

    def __init__(self, opnum: int, args: list[AbstractValue], descr: AbstractDescr | None,
                 result: AbstractValue) -> None:
        self.opnum = opnum
        self.args = args
        self.descr = descr
        self.result = result


class OptPure(Optimization):
    def __init__(self, optimizer: Optimizer, position: int) -> None:
        Optimization.__init__(self, optimizer, position)
        self.known: dict[str, AbstractValue] = {}
        self.entries: list[PureEntry] = []      # what `known` holds, readable
        self.ids: dict[AbstractValue, int] = {}
        self.descr_ids: dict[AbstractDescr, int] = {}

    def at_label(self) -> None:
        self.known = {}
        self.entries = []

    def value_key(self, value: AbstractValue) -> str:
        value = self.get(value)
        if isinstance(value, ConstInt):
            return "i" + str(value.value)
        if isinstance(value, ConstPtr):
            return "p" + str(value.value)
        if isinstance(value, ConstFloat):
            return "f" + repr(value.value)
        if value not in self.ids:
            self.ids[value] = len(self.ids)
        return "#" + str(self.ids[value])

    def key(self, opnum: int, args: list[AbstractValue], descr: AbstractDescr | None) -> str:
        keys = [self.value_key(a) for a in args]
        if is_commutative(opnum) and keys[1] < keys[0]:
            keys = [keys[1], keys[0]]
        text = str(opnum) + "(" + ",".join(keys) + ")"
        if descr is not None:
            if descr not in self.descr_ids:
                self.descr_ids[descr] = len(self.descr_ids)
            text += "d" + str(self.descr_ids[descr])
        return text

    def propagate_forward(self, op: ResOperation) -> None:
        if not op.is_pure():
            self.emit(op)
            return
        key = self.key(op.opnum, op.args, op.descr)
        if key in self.known:
            self.make_equal_to(op, self.known[key])
            return
        self.emit(op)
        self.known[key] = op
        self.entries.append(PureEntry(op.opnum, op.args, op.descr, op))
        if op.opnum == rop.INT_ADD:
            x = self.get(op.args[0])
            y = self.get(op.args[1])
            self.learn(rop.INT_SUB, op, y, x)
            self.learn(rop.INT_SUB, op, x, y)
        elif op.opnum == rop.INT_SUB:
            x = self.get(op.args[0])
            y = self.get(op.args[1])
            self.learn(rop.INT_ADD, op, y, x)
            self.learn(rop.INT_SUB, x, op, y)

    def learn(self, opnum: int, a: AbstractValue, b: AbstractValue,
              result: AbstractValue) -> None:
        """`opnum(a, b)` is `result`, unless something else already answers it."""
        self.assume(opnum, [a, b], None, result)

    def assume(self, opnum: int, args: list[AbstractValue], descr: AbstractDescr | None,
               result: AbstractValue) -> None:
        key = self.key(opnum, args, descr)
        if key not in self.known:
            self.known[key] = result
            self.entries.append(PureEntry(opnum, args, descr, result))

    def lookup(self, opnum: int, args: list[AbstractValue],
               descr: AbstractDescr | None) -> AbstractValue | None:
        key = self.key(opnum, args, descr)
        if key in self.known:
            return self.get(self.known[key])
        return None
