"""The `rewrite` pass: constant folding, algebraic identities, and guards whose outcome
is known.

Folding uses the reference executor's own operations, so a folded value is exactly what
running the operation would give.  A guard that is known to pass is dropped; one known to
fail makes the trace invalid.  After a guard passes, what it proved is recorded: the
value a guard_value compared with, the class of a guard_class, non-null-ness, and the
0/1 result of a comparison that a guard_true or guard_false tested.
"""

from __future__ import annotations

from jit.metainterp import executor
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (
    AbstractValue, ArrayDescr, ConstFloat, ConstInt, ConstPtr, FieldDescr, ResOperation,
)
from toolchain.rlib.rawmem import raw_load_word
from jit.optimizer.base import Optimization, Optimizer

# The outcome of the last _OVF operation this pass removed: the guard after it is decided.
NO_PENDING = -1
DID_NOT_OVERFLOW = 0
OVERFLOWED = 1


def is_comparison(opnum: int) -> bool:
    """Operations whose result is 0 or 1."""
    return ((rop.INT_LT <= opnum <= rop.INT_GE) or opnum == rop.UINT_LT
            or opnum == rop.UINT_GE or opnum == rop.INT_IS_TRUE or opnum == rop.INT_IS_ZERO
            or executor.is_float_compare(opnum) or opnum == rop.PTR_EQ
            or opnum == rop.PTR_NE)


def is_int_const(value: AbstractValue, expected: int) -> bool:
    if isinstance(value, ConstInt):
        return value.value == expected
    return False


def word_of(value: AbstractValue) -> int:
    if isinstance(value, ConstInt):
        return value.value
    if isinstance(value, ConstPtr):
        return value.value
    raise executor.ExecError("not a word constant")


class OptRewrite(Optimization):
    def __init__(self, optimizer: Optimizer, position: int) -> None:
        Optimization.__init__(self, optimizer, position)
        self.pending_ovf = NO_PENDING
        self.nonnull: dict[AbstractValue, bool] = {}
        self.classes: dict[AbstractValue, int] = {}

    def at_label(self) -> None:
        self.pending_ovf = NO_PENDING
        self.nonnull = {}
        self.classes = {}

    def propagate_forward(self, op: ResOperation) -> None:
        opnum = op.opnum
        if self.pending_ovf != NO_PENDING:
            outcome = self.pending_ovf
            self.pending_ovf = NO_PENDING
            if opnum == rop.GUARD_NO_OVERFLOW or opnum == rop.GUARD_OVERFLOW:
                if (outcome == OVERFLOWED) != (opnum == rop.GUARD_OVERFLOW):
                    raise self.invalid(op, "always fails: the overflow outcome is known")
                return
        if op.is_guard():
            self.guard(op)
        elif executor.is_ovf(opnum):
            self.overflow_op(op)
        elif op.is_pure() and self.fold(op):
            return
        elif self.fold_immutable_read(op):
            return
        elif op.is_pure() and self.identity(op):
            return
        else:
            if opnum == rop.NEW or opnum == rop.NEW_WITH_VTABLE or opnum == rop.NEW_ARRAY:
                self.nonnull[op] = True
            self.emit(op)

    # -- folding ------------------------------------------------------------------------

    def fold(self, op: ResOperation) -> bool:
        """Replaces an operation whose arguments are all constants by its value."""
        for arg in op.args:
            if not self.get(arg).is_constant():
                return False
        if op.opnum == rop.SAME_AS_I or op.opnum == rop.SAME_AS_R or op.opnum == rop.SAME_AS_F:
            self.make_equal_to(op, self.get(op.args[0]))
            return True
        try:
            result = self.evaluate(op)
        except executor.ExecError:
            return False    # undefined (a shift out of range): left for run time
        if result is None:
            return False
        self.make_equal_to(op, result)
        return True

    def fold_immutable_read(self, op: ResOperation) -> bool:
        """A read of an immutable field, or of a str's length or bytes, from a constant
        object at a constant index is its value now: that is what makes a green
        `program[pc]` free.  (Reading memory here is safe: the object is a constant the
        trace keeps alive, and it never changes.)"""
        opnum = op.opnum
        descr = op.descr
        if opnum == rop.ARRAYLEN_GC or opnum == rop.GETARRAYITEM_GC_I:
            if not (isinstance(descr, ArrayDescr) and descr.is_immutable):
                return False
        elif opnum == rop.GETFIELD_GC_I or opnum == rop.GETFIELD_GC_R:
            if not (isinstance(descr, FieldDescr) and descr.is_immutable):
                return False
        else:
            return False
        args = [self.get(a) for a in op.args]
        for arg in args:
            if not arg.is_constant():
                return False
        address = word_of(args[0])
        if address == 0:
            return False
        if isinstance(descr, ArrayDescr):
            if opnum == rop.ARRAYLEN_GC:
                value = raw_load_word(address, descr.length_offset)
            else:
                index = word_of(args[1])
                if index < 0 or index >= raw_load_word(address, descr.length_offset):
                    return False
                value = executor.load_int(address, descr.base_offset + index * descr.item_size,
                                          descr.item_size, descr.is_signed)
        else:
            assert isinstance(descr, FieldDescr)
            value = executor.load_int(address, descr.offset, descr.size, descr.is_signed)
        if op.kind == rop.REF:
            self.make_equal_to(op, ConstPtr(value))
        else:
            self.make_equal_to(op, ConstInt(value))
        return True

    def evaluate(self, op: ResOperation) -> AbstractValue | None:
        opnum = op.opnum
        args = [self.get(a) for a in op.args]
        if executor.is_int_unary(opnum):
            return ConstInt(executor.eval_int_unary(opnum, word_of(args[0])))
        if executor.is_int_binary(opnum):
            return ConstInt(executor.eval_int_binary(opnum, word_of(args[0]),
                                                     word_of(args[1])))
        floats: list[float] = []
        for arg in args:
            if isinstance(arg, ConstFloat):
                floats.append(arg.value)
        if opnum == rop.CAST_INT_TO_FLOAT:
            return ConstFloat(float(word_of(args[0])))
        if len(floats) != len(args):
            return None     # a pure call: its arguments may mix kinds; not folded
        if opnum == rop.CAST_FLOAT_TO_INT:
            return ConstInt(executor.cast_float_to_int(floats[0]))
        if executor.is_float_compare(opnum):
            return ConstInt(executor.eval_float_compare(opnum, floats[0], floats[1]))
        if rop.FLOAT_ADD <= opnum <= rop.FLOAT_TRUEDIV:
            return ConstFloat(executor.eval_float_binary(opnum, floats[0], floats[1]))
        if opnum == rop.FLOAT_NEG or opnum == rop.FLOAT_ABS:
            return ConstFloat(executor.eval_float_unary(opnum, floats[0]))
        return None

    def overflow_op(self, op: ResOperation) -> None:
        a = self.get(op.args[0])
        b = self.get(op.args[1])
        if isinstance(a, ConstInt) and isinstance(b, ConstInt):
            if executor.int_overflows(op.opnum, a.value, b.value):
                self.pending_ovf = OVERFLOWED
            else:
                self.pending_ovf = DID_NOT_OVERFLOW
            base = executor.ovf_base(op.opnum)
            self.make_equal_to(op, ConstInt(executor.eval_int_binary(base, a.value,
                                                                     b.value)))
            return
        self.emit(op)

    # -- identities ---------------------------------------------------------------------

    def identity(self, op: ResOperation) -> bool:
        """x+0, x*1, x-x, x&0, ...: the result is an argument or a constant."""
        if op.numargs() != 2 or not executor.is_int_binary(op.opnum):
            return False
        opnum = op.opnum
        a = self.get(op.args[0])
        b = self.get(op.args[1])
        result: AbstractValue | None = None
        if a is b:
            result = self.same_args(opnum)
        elif opnum == rop.INT_ADD or opnum == rop.INT_OR or opnum == rop.INT_XOR:
            if is_int_const(b, 0):
                result = a
            elif is_int_const(a, 0):
                result = b
            elif opnum == rop.INT_OR and (is_int_const(a, -1) or is_int_const(b, -1)):
                result = ConstInt(-1)
        elif opnum == rop.INT_SUB or opnum == rop.INT_LSHIFT or opnum == rop.INT_RSHIFT \
                or opnum == rop.UINT_RSHIFT:
            if is_int_const(b, 0):
                result = a
        elif opnum == rop.INT_MUL:
            if is_int_const(b, 1):
                result = a
            elif is_int_const(a, 1):
                result = b
            elif is_int_const(a, 0) or is_int_const(b, 0):
                result = ConstInt(0)
        elif opnum == rop.INT_AND:
            if is_int_const(a, 0) or is_int_const(b, 0):
                result = ConstInt(0)
            elif is_int_const(b, -1):
                result = a
            elif is_int_const(a, -1):
                result = b
        if result is None:
            return False
        self.make_equal_to(op, result)
        return True

    def same_args(self, opnum: int) -> AbstractValue | None:
        if opnum == rop.INT_SUB or opnum == rop.INT_XOR:
            return ConstInt(0)
        if opnum == rop.INT_LT or opnum == rop.INT_GT or opnum == rop.INT_NE \
                or opnum == rop.UINT_LT or opnum == rop.PTR_NE:
            return ConstInt(0)
        if opnum == rop.INT_LE or opnum == rop.INT_GE or opnum == rop.INT_EQ \
                or opnum == rop.UINT_GE or opnum == rop.PTR_EQ:
            return ConstInt(1)
        return None

    # -- guards -------------------------------------------------------------------------

    def guard(self, op: ResOperation) -> None:
        opnum = op.opnum
        if opnum == rop.GUARD_NO_OVERFLOW or opnum == rop.GUARD_OVERFLOW \
                or opnum == rop.GUARD_NO_EXCEPTION:
            self.emit(op)
            return
        x = self.get(op.args[0])
        if opnum == rop.GUARD_TRUE or opnum == rop.GUARD_FALSE:
            if isinstance(x, ConstInt):
                if (x.value != 0) != (opnum == rop.GUARD_TRUE):
                    raise self.invalid(op, "always fails: its condition is constant")
                return
            self.emit(op)
            if isinstance(x, ResOperation) and is_comparison(x.opnum):
                self.make_equal_to(x, ConstInt(1 if opnum == rop.GUARD_TRUE else 0))
        elif opnum == rop.GUARD_VALUE:
            self.guard_value(op, x, self.get(op.args[1]))
        elif opnum == rop.GUARD_NONNULL or opnum == rop.GUARD_ISNULL:
            known = self.known_nonnull(x)
            if known != -1:
                if (known == 1) != (opnum == rop.GUARD_NONNULL):
                    raise self.invalid(op, "always fails: whether it is null is known")
                return
            self.emit(op)
            if opnum == rop.GUARD_NONNULL:
                self.nonnull[x] = True
            else:
                self.optimizer.make_equal_to(x, ConstPtr(0))
        elif opnum == rop.GUARD_CLASS:
            expected = word_of(self.get(op.args[1]))
            if x in self.classes:
                if self.classes[x] != expected:
                    raise self.invalid(op, "always fails: the class is known to differ")
                return
            self.emit(op)
            self.classes[x] = expected
            self.nonnull[x] = True
        else:
            self.emit(op)

    def known_nonnull(self, x: AbstractValue) -> int:
        """1 if x is known not null, 0 if known null, -1 if unknown."""
        if isinstance(x, ConstPtr):
            return 1 if x.value != 0 else 0
        if x in self.nonnull:
            return 1
        return -1

    def guard_value(self, op: ResOperation, x: AbstractValue, expected: AbstractValue) -> None:
        if x.is_constant():
            if not self.constants_equal(x, expected):
                raise self.invalid(op, "always fails: the value is a different constant")
            return
        self.emit(op)
        # A double equal to 0.0 may be -0.0: only a non-zero one is pinned down.
        if isinstance(expected, ConstFloat) and expected.value == 0.0:
            return
        self.optimizer.make_equal_to(x, expected)

    def constants_equal(self, a: AbstractValue, b: AbstractValue) -> bool:
        if isinstance(a, ConstFloat) and isinstance(b, ConstFloat):
            return a.value == b.value
        return word_of(a) == word_of(b)
