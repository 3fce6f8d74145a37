"""The `intbounds` pass: a range [lower, upper] for every int value.

Ranges come from constants, from arithmetic whose range arithmetic does not overflow,
from the sizes of small fields, and from guards (after `guard_true(int_lt(a, b))`, a is
below b's upper bound).  They decide comparisons, prove that `int_add_ovf` and friends
cannot overflow (the operation becomes the plain one and its guard goes), and drop guards
whose condition the ranges decide.  A guard's fail_args get its condition as the
constant it is when the guard fails.

Ranges are per value, but an interpreter's bounds checks relate two values that both
vary, an index and a length: a BF tape moving right tests `p + 1 == len` (grow the list)
and then `p + 1 <u len` (the read's bounds check), which `p < len` and `p + 1 != len`
decide.  So the pass also keeps *order facts* `base + offset < limit`, in exact
arithmetic, where `base + offset` is a value reached from `base` by adding constants that
the ranges prove cannot wrap (`LessThan`): `p + 7 < len` then decides tests of `p + 3`.
"""

from __future__ import annotations

from jit.metainterp import executor
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import AbstractValue, ConstInt, FieldDescr, ResOperation
from jit.optimizer.base import Optimization, Optimizer
from toolchain.rlib.rarithmetic import intmask, ovfcheck


def word_min() -> int:
    return -(1 << (executor.word_bits() - 1))


def word_max() -> int:
    return intmask(word_min() - 1)


class IntBound:
    def __init__(self, lower: int, upper: int) -> None:
        self.lower = lower
        self.upper = upper

    def is_constant(self) -> bool:
        return self.lower == self.upper

    def contains(self, value: int) -> bool:
        return self.lower <= value <= self.upper

    def known_lt(self, other: IntBound) -> bool:
        return self.upper < other.lower

    def known_le(self, other: IntBound) -> bool:
        return self.upper <= other.lower


def full_bound() -> IntBound:
    return IntBound(word_min(), word_max())


def add_bound(a: IntBound, b: IntBound) -> IntBound:
    try:
        return IntBound(ovfcheck(a.lower + b.lower), ovfcheck(a.upper + b.upper))
    except OverflowError:
        return full_bound()


def sub_bound(a: IntBound, b: IntBound) -> IntBound:
    try:
        return IntBound(ovfcheck(a.lower - b.upper), ovfcheck(a.upper - b.lower))
    except OverflowError:
        return full_bound()


def mul_bound(a: IntBound, b: IntBound) -> IntBound:
    try:
        p1 = ovfcheck(a.lower * b.lower)
        p2 = ovfcheck(a.lower * b.upper)
        p3 = ovfcheck(a.upper * b.lower)
        p4 = ovfcheck(a.upper * b.upper)
    except OverflowError:
        return full_bound()
    return IntBound(min(min(p1, p2), min(p3, p4)), max(max(p1, p2), max(p3, p4)))


def field_bound(size: int, signed: bool) -> IntBound:
    if size * 8 >= executor.word_bits():
        return full_bound()
    if signed:
        return IntBound(-(1 << (8 * size - 1)), (1 << (8 * size - 1)) - 1)
    return IntBound(0, (1 << (8 * size)) - 1)


# How many additions of constants an order fact's value is followed back through (a BF
# loop moves its position by one per step).
MAX_STEPS = 32


class Offset:
    """A value as base + offset, exactly (no step on the way can wrap)."""

    def __init__(self, base: AbstractValue, offset: int) -> None:
        self.base = base
        self.offset = offset


class LessThan:
    """base + offset < limit."""

    def __init__(self, base: AbstractValue, offset: int, limit: AbstractValue) -> None:
        self.base = base
        self.offset = offset
        self.limit = limit


class OptIntBounds(Optimization):
    def __init__(self, optimizer: Optimizer, position: int) -> None:
        Optimization.__init__(self, optimizer, position)
        self.bounds: dict[AbstractValue, IntBound] = {}
        self.less: list[LessThan] = []
        self.last_ovf: ResOperation | None = None
        self.removed_ovf = False

    def at_label(self) -> None:
        self.bounds = {}
        self.less = []
        self.last_ovf = None
        self.removed_ovf = False

    def bound(self, value: AbstractValue) -> IntBound:
        value = self.get(value)
        if isinstance(value, ConstInt):
            return IntBound(value.value, value.value)
        if value in self.bounds:
            return self.bounds[value]
        return full_bound()

    def assume(self, value: AbstractValue, lower: int, upper: int) -> None:
        """`value` lies in [lower, upper] (loop peeling: what held at the LABEL)."""
        self.bounds[value] = IntBound(lower, upper)

    def set_bound(self, value: AbstractValue, bound: IntBound) -> None:
        """`value` lies in `bound` too.  What was known stays known: `value` may be an
        earlier value that a later pass made this operation's result equal to (a field
        read the heap cache answered with a LABEL argument whose range peeling assumed)."""
        value = self.get(value)
        if value.is_constant():
            return
        if value in self.bounds:
            known = self.bounds[value]
            lower = max(known.lower, bound.lower)
            upper = min(known.upper, bound.upper)
            if lower > upper:
                return      # cannot happen where the trace goes on
            bound = IntBound(lower, upper)
        self.bounds[value] = bound
        if bound.is_constant():
            self.optimizer.make_equal_to(value, ConstInt(bound.lower))

    def propagate_forward(self, op: ResOperation) -> None:
        opnum = op.opnum
        last_ovf = self.last_ovf
        removed = self.removed_ovf
        self.last_ovf = None
        self.removed_ovf = False
        if opnum == rop.GUARD_NO_OVERFLOW or opnum == rop.GUARD_OVERFLOW:
            if removed:
                if opnum == rop.GUARD_OVERFLOW:
                    raise self.invalid(op, "always fails: the operation cannot overflow")
                return
            self.emit(op)
            if last_ovf is not None and opnum == rop.GUARD_NO_OVERFLOW:
                result = self.result_bound(last_ovf, executor.ovf_base(last_ovf.opnum))
                if result is not None:
                    self.set_bound(last_ovf, result)
            return
        if executor.is_ovf(opnum):
            self.overflow_op(op)
            return
        if op.is_guard():
            self.guard(op)
            return
        if executor.is_int_binary(opnum) and self.decide(op):
            return
        result = self.result_bound(op, opnum)
        if result is not None and result.is_constant():
            self.make_equal_to(op, ConstInt(result.lower))
            return
        self.emit(op)
        if result is not None:
            self.set_bound(op, result)
        decided = self.get(op)
        if isinstance(decided, ConstInt) and executor.is_int_binary(opnum):
            # A later pass knew the result (a peeled body's `pure` facts): learn from it
            # as from a guard.
            self.learn(op, decided.value != 0)

    def overflow_op(self, op: ResOperation) -> None:
        a = self.bound(op.args[0])
        b = self.bound(op.args[1])
        base = executor.ovf_base(op.opnum)
        full = full_bound()
        result = self.arith_bound(base, a, b)
        if full.lower < result.lower or result.upper < full.upper:
            # The range arithmetic did not overflow, so neither can the operation.
            op.opnum = base
            self.removed_ovf = True
            if result.is_constant():
                self.make_equal_to(op, ConstInt(result.lower))
                return
            self.emit(op)
            self.set_bound(op, result)
            return
        self.emit(op)
        self.last_ovf = op

    def arith_bound(self, opnum: int, a: IntBound, b: IntBound) -> IntBound:
        if opnum == rop.INT_ADD:
            return add_bound(a, b)
        if opnum == rop.INT_SUB:
            return sub_bound(a, b)
        return mul_bound(a, b)

    def result_bound(self, op: ResOperation, opnum: int) -> IntBound | None:
        """The range of op's result, computed as if op were `opnum`; None if unknown."""
        if op.kind != rop.INT:
            return None
        if opnum == rop.INT_ADD or opnum == rop.INT_SUB or opnum == rop.INT_MUL:
            result = self.arith_bound(opnum, self.bound(op.args[0]), self.bound(op.args[1]))
            full = full_bound()
            if full.lower < result.lower or result.upper < full.upper:
                return result
        elif opnum == rop.INT_AND:
            a = self.bound(op.args[0])
            b = self.bound(op.args[1])
            if a.lower >= 0 and b.lower >= 0:
                return IntBound(0, min(a.upper, b.upper))
            elif a.lower >= 0:
                return IntBound(0, a.upper)
            elif b.lower >= 0:
                return IntBound(0, b.upper)
        elif opnum == rop.INT_RSHIFT:
            count = self.get(op.args[1])
            if isinstance(count, ConstInt) and 0 <= count.value < executor.word_bits():
                a = self.bound(op.args[0])
                return IntBound(a.lower >> count.value, a.upper >> count.value)
        elif executor.is_int_binary(opnum) and not (rop.INT_ADD <= opnum <= rop.UINT_RSHIFT):
            return IntBound(0, 1)     # a comparison
        elif opnum == rop.INT_IS_TRUE or opnum == rop.INT_IS_ZERO or \
                executor.is_float_compare(opnum):
            return IntBound(0, 1)
        elif opnum == rop.GETFIELD_GC_I:
            descr = op.descr
            if isinstance(descr, FieldDescr):
                bound = field_bound(descr.size, descr.is_signed)
                if descr.is_nonneg and bound.lower < 0:
                    return IntBound(0, bound.upper)
                return bound
        elif opnum == rop.ARRAYLEN_GC:
            return IntBound(0, word_max())
        return None

    def decide(self, op: ResOperation) -> bool:
        """Replaces a comparison that the ranges decide by its constant result."""
        a = self.bound(op.args[0])
        b = self.bound(op.args[1])
        opnum = op.opnum
        result = -1
        if opnum == rop.INT_LT or opnum == rop.INT_GE:
            if a.known_lt(b):
                result = 1
            elif b.known_le(a):
                result = 0
            if result != -1 and opnum == rop.INT_GE:
                result = 1 - result
        elif opnum == rop.INT_LE or opnum == rop.INT_GT:
            if a.known_le(b):
                result = 1
            elif b.known_lt(a):
                result = 0
            if result != -1 and opnum == rop.INT_GT:
                result = 1 - result
        elif opnum == rop.INT_EQ or opnum == rop.INT_NE:
            if a.known_lt(b) or b.known_lt(a):
                result = 0
            elif a.is_constant() and b.is_constant():
                result = 1
            if result != -1 and opnum == rop.INT_NE:
                result = 1 - result
        if result == -1:
            result = self.decide_by_order(op)
        if result == -1:
            return False
        self.make_equal_to(op, ConstInt(result))
        return True

    def decide_by_order(self, op: ResOperation) -> int:
        """The comparison's result if the order facts decide it, else -1."""
        opnum = op.opnum
        a = op.args[0]
        b = op.args[1]
        result = -1
        if opnum == rop.INT_LT or opnum == rop.INT_GE:
            if self.known_less(a, b, 0):
                result = 1
            elif self.known_less(b, a, 1):
                result = 0
            if result != -1 and opnum == rop.INT_GE:
                result = 1 - result
        elif opnum == rop.INT_LE or opnum == rop.INT_GT:
            if self.known_less(a, b, 1):
                result = 1
            elif self.known_less(b, a, 0):
                result = 0
            if result != -1 and opnum == rop.INT_GT:
                result = 1 - result
        elif opnum == rop.INT_EQ or opnum == rop.INT_NE:
            if self.known_less(a, b, 0) or self.known_less(b, a, 0):
                result = 1 if opnum == rop.INT_NE else 0
        elif opnum == rop.UINT_LT or opnum == rop.UINT_GE:
            # 0 <= a < b: unsigned and signed order agree.
            if self.bound(a).lower >= 0 and self.known_less(a, b, 0):
                result = 1 if opnum == rop.UINT_LT else 0
        return result

    def guard(self, op: ResOperation) -> None:
        opnum = op.opnum
        if opnum != rop.GUARD_TRUE and opnum != rop.GUARD_FALSE:
            self.emit(op)
            if opnum == rop.GUARD_VALUE and op.args[0].kind == rop.INT:
                expected = self.get(op.args[1])
                if isinstance(expected, ConstInt):
                    self.set_bound(op.args[0], IntBound(expected.value, expected.value))
            return
        cond = self.bound(op.args[0])
        if not cond.contains(0):
            if opnum == rop.GUARD_FALSE:
                raise self.invalid(op, "always fails: its condition cannot be zero")
            return
        if cond.is_constant():
            if opnum == rop.GUARD_TRUE:
                raise self.invalid(op, "always fails: its condition is zero")
            return
        # Read before emitting: later passes may replace the tested value by a constant.
        test = self.get(op.args[0])
        # If the guard fails, its condition is 0 (guard_true) or, for a 0/1 value, 1: the
        # fail_args need not keep it (so the backend can leave a comparison in the flags).
        if opnum == rop.GUARD_TRUE:
            replace_in_fail_args(self.optimizer, op, test, ConstInt(0))
        elif cond.lower == 0 and cond.upper == 1:
            replace_in_fail_args(self.optimizer, op, test, ConstInt(1))
        self.emit(op)
        if isinstance(test, ResOperation):
            self.learn(test, opnum == rop.GUARD_TRUE)

    def learn(self, test: ResOperation, holds: bool) -> None:
        """Narrows the arguments of a comparison known to give `holds`."""
        self.learn_order(test, holds)
        opnum = test.opnum
        if opnum == rop.UINT_LT or opnum == rop.UINT_GE:
            if (opnum == rop.UINT_LT) == holds:
                self.learn_unsigned_below(test.args[0], test.args[1])
            return
        if (opnum == rop.INT_NE) == holds and (opnum == rop.INT_NE or opnum == rop.INT_EQ):
            self.learn_unequal(test.args[0], test.args[1])
            self.learn_unequal(test.args[1], test.args[0])
            return
        if not holds:
            opnum = negated_comparison(opnum)
        if opnum != rop.INT_LT and opnum != rop.INT_LE and opnum != rop.INT_GT \
                and opnum != rop.INT_GE and opnum != rop.INT_EQ:
            return
        a_value = test.args[0]
        b_value = test.args[1]
        if opnum == rop.INT_GT or opnum == rop.INT_GE:
            a_value, b_value = b_value, a_value      # a > b is b < a
            opnum = rop.INT_LT if opnum == rop.INT_GT else rop.INT_LE
        if opnum == rop.INT_EQ:
            a = self.bound(a_value)
            b = self.bound(b_value)
            both = IntBound(max(a.lower, b.lower), min(a.upper, b.upper))
            if both.lower > both.upper:
                return      # the guard can never pass: nothing to learn after it
            self.set_bound(a_value, both)
            self.set_bound(b_value, both)
            return
        self.narrow_less(a_value, b_value, 1 if opnum == rop.INT_LT else 0)

    def narrow_less(self, a_value: AbstractValue, b_value: AbstractValue, gap: int) -> None:
        """a + gap <= b (gap 1: a < b; 0: a <= b): a's upper is below b's upper, b's
        lower above a's lower."""
        a = self.bound(a_value)
        b = self.bound(b_value)
        if b.upper - gap >= a.lower and b.upper != word_min():
            self.set_bound(a_value, IntBound(a.lower, min(a.upper, b.upper - gap)))
        if a.lower + gap <= b.upper and a.lower != word_max():
            self.set_bound(b_value, IntBound(max(b.lower, a.lower + gap), b.upper))

    def learn_unequal(self, a_value: AbstractValue, b_value: AbstractValue) -> None:
        """a != b, b a constant: a range ending at b loses that end (x != 0 with x >= 0
        gives x >= 1)."""
        b = self.bound(b_value)
        if not b.is_constant():
            return
        a = self.bound(a_value)
        if a.lower == b.lower and a.lower < a.upper:
            self.set_bound(a_value, IntBound(a.lower + 1, a.upper))
        elif a.upper == b.lower and a.lower < a.upper:
            self.set_bound(a_value, IntBound(a.lower, a.upper - 1))

    def learn_unsigned_below(self, a_value: AbstractValue, b_value: AbstractValue) -> None:
        """a < b as unsigned words, with b known not negative: then 0 <= a < b."""
        a = self.bound(a_value)
        b = self.bound(b_value)
        if b.lower < 0:
            return
        lower = max(a.lower, 0)
        upper = min(a.upper, b.upper - 1)
        if lower > upper:
            return      # the guard can never pass: nothing to learn after it
        self.set_bound(a_value, IntBound(lower, upper))
        self.set_bound(b_value, IntBound(max(b.lower, lower + 1), b.upper))

    # -- order facts ----------------------------------------------------------------------

    def offset_of(self, value: AbstractValue) -> Offset:
        """`value` as base + offset, following additions of constants that the ranges
        prove cannot wrap."""
        offset = 0
        value = self.get(value)
        for _ in range(MAX_STEPS):
            if not isinstance(value, ResOperation) or value.numargs() != 2:
                break
            opnum = value.opnum
            step = self.get(value.args[1])
            if not isinstance(step, ConstInt) or (opnum != rop.INT_ADD
                                                  and opnum != rop.INT_SUB):
                break
            delta = step.value
            inner = self.get(value.args[0])
            bound = self.bound(inner)
            try:
                if opnum == rop.INT_SUB:
                    delta = ovfcheck(0 - delta)
                ovfcheck(bound.lower + delta)
                ovfcheck(bound.upper + delta)
                offset = ovfcheck(offset + delta)
            except OverflowError:
                break
            value = inner
        return Offset(value, offset)

    def add_less(self, a: AbstractValue, b: AbstractValue, slack: int) -> None:
        """a - slack < b holds (slack 0: a < b, slack 1: a <= b)."""
        where = self.offset_of(a)
        try:
            offset = ovfcheck(where.offset - slack)
        except OverflowError:
            return
        self.less.append(LessThan(where.base, offset, self.get(b)))

    def known_less(self, a: AbstractValue, b: AbstractValue, slack: int) -> bool:
        """Whether a - slack < b is known."""
        limit = self.get(b)
        where: Offset | None = None
        for fact in self.less:
            if self.get(fact.limit) is not limit:
                continue
            if where is None:
                where = self.offset_of(a)
            if self.get(fact.base) is where.base and where.offset - slack <= fact.offset:
                return True
        return False

    def learn_order(self, test: ResOperation, holds: bool) -> None:
        """The order facts a comparison known to give `holds` adds."""
        opnum = test.opnum
        if test.numargs() != 2:
            return
        a = test.args[0]
        b = test.args[1]
        if not holds:
            opnum = negated_comparison(opnum)
        if opnum == rop.INT_LT:
            self.add_less(a, b, 0)
        elif opnum == rop.INT_LE:
            self.add_less(a, b, 1)
        elif opnum == rop.INT_GT:
            self.add_less(b, a, 0)
        elif opnum == rop.INT_GE:
            self.add_less(b, a, 1)
        elif opnum == rop.UINT_LT:
            if self.bound(b).lower >= 0:     # then 0 <= a < b
                self.add_less(a, b, 0)
        elif opnum == rop.INT_NE:
            # a <= b and a != b give a < b (and a's range ends below b's: what lets the
            # next a + 1 be followed back to a exactly).
            if self.known_less(a, b, 1):
                self.add_less(a, b, 0)
                self.narrow_less(a, b, 1)
            if self.known_less(b, a, 1):
                self.add_less(b, a, 0)
                self.narrow_less(b, a, 1)


def negated_comparison(opnum: int) -> int:
    """The comparison that holds exactly when `opnum`'s does not (-1: not a comparison)."""
    if opnum == rop.INT_LT:
        return rop.INT_GE
    if opnum == rop.INT_GE:
        return rop.INT_LT
    if opnum == rop.INT_LE:
        return rop.INT_GT
    if opnum == rop.INT_GT:
        return rop.INT_LE
    if opnum == rop.INT_EQ:
        return rop.INT_NE
    if opnum == rop.INT_NE:
        return rop.INT_EQ
    if opnum == rop.UINT_LT:
        return rop.UINT_GE
    if opnum == rop.UINT_GE:
        return rop.UINT_LT
    return -1


def replace_in_fail_args(optimizer: Optimizer, guard: ResOperation, value: AbstractValue,
                         known: AbstractValue) -> None:
    """`value` is `known` wherever the guard fails."""
    for i in range(len(guard.fail_args)):
        if optimizer.get(guard.fail_args[i]) is value:
            guard.fail_args[i] = known

