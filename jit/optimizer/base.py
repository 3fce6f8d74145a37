"""The optimizer's core: the chain of passes, value forwarding, and final emission.

Each operation of the input trace is copied (the input trace stays as it was, so it can
still be run or printed) and sent through the enabled passes in order, as in RPython:
a pass receives an operation in `propagate_forward`, and either drops it (after saying
what its value equals, with `make_equal_to`), or passes it on with `emit`, possibly
after emitting new operations of its own.  Whatever leaves the last pass is appended to
the new trace with every argument replaced by what it is now known to equal.
"""

from __future__ import annotations

from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (
    AbstractValue, ConstFloat, ConstInt, ConstPtr, InputArg, ResOperation,
)
from jit.optimizer.resumedescr import ResumeGuardDescr


class InvalidLoop(Exception):
    """The trace cannot be right: a guard is certain to fail (or the trace breaks a rule
    the optimizer relies on).  `index` is the position of the operation in the input."""

    def __init__(self, message: str, index: int) -> None:
        self.message = message
        self.index = index


class Optimization:
    """One pass.  Subclasses override `propagate_forward` and, if they keep state that a
    LABEL invalidates, `at_label`."""

    def __init__(self, optimizer: Optimizer, position: int) -> None:
        self.optimizer = optimizer
        self.position = position

    def propagate_forward(self, op: ResOperation) -> None:
        self.emit(op)

    def emit(self, op: ResOperation) -> None:
        self.optimizer.send(op, self.position + 1)

    def at_label(self) -> None:
        """Forget what held before the label: its arguments are rebound on every jump."""

    # Shortcuts into the shared state.
    def get(self, value: AbstractValue) -> AbstractValue:
        return self.optimizer.get(value)

    def make_equal_to(self, op: ResOperation, value: AbstractValue) -> None:
        self.optimizer.make_equal_to(op, value)

    def invalid(self, op: ResOperation, why: str) -> InvalidLoop:
        return self.optimizer.invalid(op, why)


class RunCounter:
    def __init__(self) -> None:
        self.last = 0


# Numbers the optimizer runs, so that an operation's `copy`/`forward` fields left by
# another run (the preamble's, an abandoned body's) are not taken for this one's.
RUNS = RunCounter()


class Optimizer:
    def __init__(self) -> None:
        self.passes: list[Optimization] = []
        RUNS.last += 1
        self.run = RUNS.last
        # Operations keep their copy and forwarding on themselves (ResOperation.copy_value,
        # .forward_value); these dicts hold them for the other values (inputs).
        self.copies: dict[AbstractValue, AbstractValue] = {}
        self.forwarded: dict[AbstractValue, AbstractValue] = {}
        self.newops: list[ResOperation] = []
        self.index = 0
        # The ResumeGuardDescrs this run gave guards (virtualize and heap both add to them).
        self.resume_descrs: dict[ResumeGuardDescr, bool] = {}

    # -- values -------------------------------------------------------------------------

    def get(self, value: AbstractValue) -> AbstractValue:
        """What `value` of the new trace is now known to be."""
        while True:
            if isinstance(value, ResOperation):
                if value.forward_run != self.run:
                    return value
                value = value.forward_value
            elif isinstance(value, InputArg) and value in self.forwarded:
                value = self.forwarded[value]
            else:
                return value

    def is_forwarded(self, value: AbstractValue) -> bool:
        if isinstance(value, ResOperation):
            return value.forward_run == self.run
        return value in self.forwarded

    def get_input(self, value: AbstractValue) -> AbstractValue:
        """What `value` of the input trace is now known to be.  Kept apart from `get`
        because a value may be in both traces with different meanings: peeling renames
        the loop's inputs in the body to values of the preamble, inputs among them."""
        return self.get(self.copy_of(value))

    def copy_of(self, value: AbstractValue) -> AbstractValue:
        """The value that stands for input `value` in the new trace (itself if none)."""
        if isinstance(value, ResOperation):
            if value.copy_run == self.run:
                return value.copy_value
        elif value in self.copies:
            return self.copies[value]
        return value

    def set_copy(self, value: AbstractValue, copy: AbstractValue) -> None:
        """Input `value` stands for `copy` in the new trace."""
        if isinstance(value, ResOperation):
            value.copy_run = self.run
            value.copy_value = copy
        else:
            self.copies[value] = copy

    def make_equal_to(self, op: AbstractValue, value: AbstractValue) -> None:
        target = self.get(value)
        if target is op:
            return
        if isinstance(op, ResOperation):
            op.forward_run = self.run
            op.forward_value = target
        else:
            self.forwarded[op] = target

    def resume_descr(self, guard: ResOperation) -> ResumeGuardDescr | None:
        """The descr that says how to resume from `guard` beyond its plain fail_args:
        made by this run on first need (it replaces the tracer's descr, which
        compile.restore_descrs puts back), with one slot per fail_arg so far.  None when
        the guard's descr belongs to someone else: then there must be nothing to add."""
        descr = guard.descr
        if isinstance(descr, ResumeGuardDescr) and descr in self.resume_descrs:
            return descr
        if descr is not None and not isinstance(descr, ResumeGuardDescr):
            return None
        fresh = ResumeGuardDescr()
        fresh.virtual_slots = [-1] * len(guard.fail_args)
        self.resume_descrs[fresh] = True
        guard.descr = fresh
        return fresh

    def invalid(self, op: ResOperation, why: str) -> InvalidLoop:
        text = op.opname() + " (operation " + str(self.index) + " of the trace) " + why
        return InvalidLoop(text, self.index)

    # -- the chain ----------------------------------------------------------------------

    def propagate_all(self, operations: list[ResOperation]) -> list[ResOperation]:
        for i in range(len(operations)):
            self.index = i
            self.send(self.copy(operations[i]), 0)
        return self.newops

    def copy(self, op: ResOperation) -> ResOperation:
        if op.opnum == rop.LABEL:
            # A label's arguments are the loop's variables: never replaced by values.
            args = [self.copy_of(a) for a in op.args]
        else:
            args = [self.get_input(a) for a in op.args]
        new = ResOperation(op.opnum, args, op.descr)
        if len(op.fail_args) > 0:
            new.fail_args = [self.get_input(a) for a in op.fail_args]
        self.set_copy(op, new)
        return new

    def send(self, op: ResOperation, position: int) -> None:
        if position >= len(self.passes):
            self.emit_final(op)
            return
        if op.opnum == rop.LABEL:
            self.passes[position].at_label()
            self.send(op, position + 1)
            return
        self.passes[position].propagate_forward(op)

    def emit_final(self, op: ResOperation) -> None:
        if op.opnum == rop.LABEL:
            self.define_label_args(op)
        else:
            op.args = [self.get(a) for a in op.args]
        op.fail_args = [self.get(a) for a in op.fail_args]
        self.newops.append(op)

    def define_label_args(self, label: ResOperation) -> None:
        # An argument known before the label to equal another value was dropped from the
        # trace; it is defined again, as a copy of that value, so the loop can rebind it.
        for arg in label.args:
            if not self.is_forwarded(arg):
                continue
            value = self.get(arg)
            if isinstance(arg, ResOperation):
                arg.forward_run = 0
            else:
                del self.forwarded[arg]
            if isinstance(arg, ResOperation):
                arg.opnum = same_as_for(arg.kind)
                arg.args = [value]
                arg.descr = None
                self.newops.append(arg)
            elif not isinstance(arg, InputArg):
                raise InvalidLoop("a label argument must be a variable", self.index)


def same_as_for(kind: int) -> int:
    if kind == rop.FLOAT:
        return rop.SAME_AS_F
    if kind == rop.REF:
        return rop.SAME_AS_R
    return rop.SAME_AS_I


def zero_of_kind(kind: int) -> AbstractValue:
    """The value of a field nobody wrote: allocations start zeroed."""
    if kind == rop.FLOAT:
        return ConstFloat(0.0)
    if kind == rop.REF:
        return ConstPtr(0)
    return ConstInt(0)


def same_value(a: AbstractValue, b: AbstractValue) -> bool:
    """Identity, or equal constants (constants are not shared objects)."""
    if a is b:
        return True
    if isinstance(a, ConstInt) and isinstance(b, ConstInt):
        return a.value == b.value
    if isinstance(a, ConstPtr) and isinstance(b, ConstPtr):
        return a.value == b.value
    if isinstance(a, ConstFloat) and isinstance(b, ConstFloat):
        return repr(a.value) == repr(b.value)
    return False


def const_int(value: AbstractValue) -> ConstInt | None:
    if isinstance(value, ConstInt):
        return value
    return None
