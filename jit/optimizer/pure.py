"""The `pure` pass: common-subexpression elimination of pure operations.

A pure operation (no side effect, result from its arguments only; calls to elidable
functions included) that was already computed with the same arguments and descr is
replaced by the earlier result.  Operations are found by a hash of the operation, its
descr and its arguments (constants by value: they are separate objects), then compared
argument by argument; hashing builds nothing, unlike the string keys this replaced,
whose allocation showed in the warm-up.

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
from jit.optimizer.base import Optimization, Optimizer, same_value
from toolchain.rlib.rarithmetic import intmask


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
        self.known: dict[int, list[PureEntry]] = {}    # by hash
        self.entries: list[PureEntry] = []      # everything `known` holds, in order
        self.ids: dict[AbstractValue, int] = {}
        self.descr_ids: dict[AbstractDescr, int] = {}

    def at_label(self) -> None:
        self.known = {}
        self.entries = []

    def value_hash(self, value: AbstractValue) -> int:
        value = self.get(value)
        if isinstance(value, ConstInt):
            return value.value
        if isinstance(value, ConstPtr):
            return value.value
        if isinstance(value, ConstFloat):
            return 17       # rare: found by comparing
        if value not in self.ids:
            self.ids[value] = len(self.ids) + 1
        return intmask(self.ids[value] * 1000003)

    def hash_of(self, opnum: int, args: list[AbstractValue],
                descr: AbstractDescr | None) -> int:
        h = opnum
        if descr is not None:
            if descr not in self.descr_ids:
                self.descr_ids[descr] = len(self.descr_ids) + 1
            h = intmask(h + self.descr_ids[descr] * 7919)
        if is_commutative(opnum):
            # The same for both orders (`matches` accepts either).
            return intmask(h * 31 + self.value_hash(args[0]) + self.value_hash(args[1]))
        for arg in args:
            h = intmask((h * 1000003) ^ self.value_hash(arg))
        return h

    def matches(self, entry: PureEntry, opnum: int, args: list[AbstractValue],
                descr: AbstractDescr | None) -> bool:
        if entry.opnum != opnum or entry.descr is not descr \
                or len(entry.args) != len(args):
            return False
        same = True
        for i in range(len(args)):
            if not same_value(self.get(entry.args[i]), self.get(args[i])):
                same = False
        if not same and is_commutative(opnum):
            same = same_value(self.get(entry.args[0]), self.get(args[1])) \
                and same_value(self.get(entry.args[1]), self.get(args[0]))
        return same

    def find(self, h: int, opnum: int, args: list[AbstractValue],
             descr: AbstractDescr | None) -> PureEntry | None:
        if h not in self.known:
            return None
        for entry in self.known[h]:
            if self.matches(entry, opnum, args, descr):
                return entry
        return None

    def add(self, h: int, entry: PureEntry) -> None:
        if h in self.known:
            self.known[h].append(entry)
        else:
            self.known[h] = [entry]
        self.entries.append(entry)

    def propagate_forward(self, op: ResOperation) -> None:
        if not op.is_pure():
            self.emit(op)
            return
        h = self.hash_of(op.opnum, op.args, op.descr)
        found = self.find(h, op.opnum, op.args, op.descr)
        if found is not None:
            self.make_equal_to(op, found.result)
            return
        self.emit(op)
        self.add(h, PureEntry(op.opnum, op.args, op.descr, op))
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
        h = self.hash_of(opnum, args, descr)
        if self.find(h, opnum, args, descr) is None:
            self.add(h, PureEntry(opnum, args, descr, result))

    def lookup(self, opnum: int, args: list[AbstractValue],
               descr: AbstractDescr | None) -> AbstractValue | None:
        found = self.find(self.hash_of(opnum, args, descr), opnum, args, descr)
        if found is None:
            return None
        return self.get(found.result)
