"""The `virtualize` pass: allocation removal.

A NEW or NEW_WITH_VTABLE is not emitted; its object becomes *virtual*, a record of its
field values kept by the optimizer.  Field writes update the record, field reads become
the recorded value, null and class guards on it are decided, and comparing it with
anything else is decided too (a virtual is a fresh object nobody else can reach).

The object is *forced* (really allocated: the NEW, then one SETFIELD per written field,
forcing virtuals it points to first) at the point where it escapes: passed to a call,
stored into a real object, given to FINISH, JUMP or a LABEL, or used by any operation
this pass does not understand.  A guard whose fail_args reach a virtual does not force
it: the guard's descr records how to rebuild it (see `resumedescr`), so the allocation
happens only when the guard fails.
"""

from __future__ import annotations

from jit.metainterp import executor
from jit.metainterp import resoperation as rop
from jit.metainterp.jitlog import JITLOG, OPT_FORCINGS
from jit.metainterp.resoperation import (
    AbstractValue, ConstInt, ConstPtr, FieldDescr, ResOperation, SizeDescr,
)
from jit.optimizer.base import Optimization, Optimizer, zero_of_kind
from jit.optimizer.resumedescr import VirtualInfo, slot_of
from jit.optimizer.rewrite import word_of


class VirtualState:
    def __init__(self, op: ResOperation, size_descr: SizeDescr) -> None:
        self.op = op
        self.size_descr = size_descr
        self.fielddescrs: list[FieldDescr] = []
        self.values: list[AbstractValue] = []

    def vtable(self) -> int:
        return self.size_descr.vtable if self.op.opnum == rop.NEW_WITH_VTABLE else 0

    def field_index(self, descr: FieldDescr) -> int:
        for i in range(len(self.fielddescrs)):
            if self.fielddescrs[i] is descr:
                return i
        return -1

    def write(self, descr: FieldDescr, value: AbstractValue) -> None:
        i = self.field_index(descr)
        if i < 0:
            self.fielddescrs.append(descr)
            self.values.append(value)
        else:
            self.values[i] = value


class OptVirtualize(Optimization):
    def __init__(self, optimizer: Optimizer, position: int) -> None:
        Optimization.__init__(self, optimizer, position)
        self.virtuals: dict[AbstractValue, VirtualState] = {}

    def at_label(self) -> None:
        # The loop body runs many times; a virtual's record would only be right once.
        waiting = [value for value in self.virtuals]    # forcing changes the dict
        for value in waiting:
            self.force(value)

    def virtual_of(self, value: AbstractValue) -> VirtualState | None:
        value = self.get(value)
        if value in self.virtuals:
            return self.virtuals[value]
        return None

    def propagate_forward(self, op: ResOperation) -> None:
        opnum = op.opnum
        descr = op.descr
        if (opnum == rop.NEW or opnum == rop.NEW_WITH_VTABLE) and isinstance(descr, SizeDescr):
            self.virtuals[op] = VirtualState(op, descr)
            return
        if opnum == rop.SETFIELD_GC and isinstance(descr, FieldDescr):
            state = self.virtual_of(op.args[0])
            if state is not None:
                state.write(descr, self.get(op.args[1]))
                return
        elif (opnum == rop.GETFIELD_GC_I or opnum == rop.GETFIELD_GC_R
              or opnum == rop.GETFIELD_GC_F) and isinstance(descr, FieldDescr):
            state = self.virtual_of(op.args[0])
            if state is not None:
                self.read_field(op, state, descr)
                return
        elif op.is_guard():
            self.guard(op)
            return
        elif opnum == rop.PTR_EQ or opnum == rop.PTR_NE:
            if self.compare(op):
                return
        elif opnum == rop.SAME_AS_R:
            if self.virtual_of(op.args[0]) is not None:
                self.make_equal_to(op, op.args[0])
                return
        for arg in op.args:
            self.force(arg)
        self.emit(op)

    def read_field(self, op: ResOperation, state: VirtualState, descr: FieldDescr) -> None:
        i = state.field_index(descr)
        if i < 0:
            self.make_equal_to(op, zero_of_kind(descr.kind))
            return
        value = self.get(state.values[i])
        if descr.kind != rop.INT or descr.size * 8 >= executor.word_bits():
            self.make_equal_to(op, value)
        elif isinstance(value, ConstInt):
            self.make_equal_to(op, ConstInt(executor.truncate_to_field(
                value.value, descr.size, descr.is_signed)))
        else:
            self.make_equal_to(op, self.truncate(value, descr))

    def truncate(self, value: AbstractValue, descr: FieldDescr) -> AbstractValue:
        """What reading a small field gives after `value` was written: its low bytes,
        sign-extended for a signed field ((v & mask) ^ sign) - sign."""
        bits = 8 * descr.size
        low = ResOperation(rop.INT_AND, [value, ConstInt((1 << bits) - 1)], None)
        self.emit(low)
        if not descr.is_signed:
            return low
        sign = ConstInt(1 << (bits - 1))
        flipped = ResOperation(rop.INT_XOR, [low, sign], None)
        self.emit(flipped)
        result = ResOperation(rop.INT_SUB, [flipped, sign], None)
        self.emit(result)
        return result

    def compare(self, op: ResOperation) -> bool:
        a = self.get(op.args[0])
        b = self.get(op.args[1])
        if self.virtual_of(a) is None and self.virtual_of(b) is None:
            return False
        equal = a is b
        same = 1 if equal == (op.opnum == rop.PTR_EQ) else 0
        self.make_equal_to(op, ConstInt(same))
        return True

    def guard(self, op: ResOperation) -> None:
        """Decides guards on a virtual; other guards keep their virtuals in resume data."""
        opnum = op.opnum
        if op.numargs() > 0:
            state = self.virtual_of(op.args[0])
            if state is not None:
                if opnum == rop.GUARD_NONNULL:
                    return
                if opnum == rop.GUARD_ISNULL:
                    raise self.invalid(op, "always fails: the object was just allocated")
                if opnum == rop.GUARD_CLASS and state.vtable() != 0:
                    expected = self.get(op.args[1])
                    if expected.is_constant():
                        if word_of(expected) != state.vtable():
                            raise self.invalid(op, "always fails: the class is known")
                        return
        for arg in op.args:
            self.force(arg)
        self.record_virtuals(op)
        self.emit(op)

    def record_virtuals(self, op: ResOperation) -> None:
        """Replaces virtuals in the guard's fail_args by a description of them."""
        reached: list[VirtualState] = []
        for arg in op.fail_args:
            self.collect(arg, reached)
        if len(reached) == 0:
            return
        descr = self.optimizer.resume_descr(op)
        if descr is None:
            # Someone else owns this guard's descr: keep it, and really allocate.
            for arg in op.fail_args:
                self.force(arg)
            return
        fail_args: list[AbstractValue] = []
        for i in range(len(op.fail_args)):
            arg = op.fail_args[i]
            state = self.virtual_of(arg)
            if state is None:
                fail_args.append(self.get(arg))
            else:
                descr.virtual_slots[i] = index_of(reached, state)
                fail_args.append(ConstPtr(0))
        for state in reached:
            info = VirtualInfo(state.size_descr, state.vtable())
            for i in range(len(state.fielddescrs)):
                info.fielddescrs.append(state.fielddescrs[i])
                value = self.get(state.values[i])
                inner = self.virtual_of(value)
                if inner is not None:
                    info.fieldnums.append(-1 - index_of(reached, inner))
                else:
                    info.fieldnums.append(slot_of(fail_args, value))
            descr.virtuals.append(info)
        op.fail_args = fail_args

    def collect(self, value: AbstractValue, reached: list[VirtualState]) -> None:
        state = self.virtual_of(value)
        if state is None or index_of(reached, state) >= 0:
            return
        reached.append(state)
        for inner in state.values:
            self.collect(inner, reached)

    def force(self, value: AbstractValue) -> None:
        value = self.get(value)
        if value not in self.virtuals:
            return
        state = self.virtuals[value]
        del self.virtuals[value]     # first, so that a cycle back to it stops here
        JITLOG.count(OPT_FORCINGS, 1)
        self.emit(state.op)
        for i in range(len(state.fielddescrs)):
            field_value = self.get(state.values[i])
            self.force(field_value)
            self.emit(ResOperation(rop.SETFIELD_GC, [state.op, field_value],
                                   state.fielddescrs[i]))


def index_of(states: list[VirtualState], state: VirtualState) -> int:
    for i in range(len(states)):
        if states[i] is state:
            return i
    return -1
