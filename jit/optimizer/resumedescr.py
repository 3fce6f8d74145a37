"""What a guard needs to rebuild the objects the optimizer removed (virtuals).

Why this shape: a backend can only save real values at a guard exit.  So after the
virtualize pass a guard's fail_args hold only real values or constants: each slot that held
a virtual holds `ConstPtr(0)` instead, and the values of the virtuals' fields are appended
after the original slots.  The guard's descr, a `ResumeGuardDescr`, says which slot is
which virtual and where each field's value comes from, so resume code (and the reference
executor) can allocate and fill the objects when the guard fails.

The same descr carries the guard's *pending writes* (RPython's pending_setfields): field
writes the `heap` pass still holds back when the guard comes.  Emitting them before every
guard would cost a store per guard in the loop (a BF loop writes its tape position before
each of its guards); instead the guard fails with the writes undone, and whoever resumes
performs them first (virtuals are built before, though no pending write reaches one: a
virtual stored into a real object is forced by then).
"""

from __future__ import annotations

from jit.metainterp.resoperation import AbstractDescr, AbstractValue, FieldDescr, SizeDescr


class VirtualInfo:
    """One removed allocation: NEW (vtable 0) or NEW_WITH_VTABLE of `size_descr`.

    `fieldnums[i]` gives the value of `fielddescrs[i]`: an index >= 0 into the guard's
    fail_args, or -1-k for the guard's virtual number k (virtuals may point at each other).
    Fields not listed are zero, as in a fresh allocation."""

    def __init__(self, size_descr: SizeDescr, vtable: int) -> None:
        self.size_descr = size_descr
        self.vtable = vtable
        self.fielddescrs: list[FieldDescr] = []
        self.fieldnums: list[int] = []

    def describe(self) -> str:
        parts = []
        for i in range(len(self.fielddescrs)):
            num = self.fieldnums[i]
            where = "v" + str(-1 - num) if num < 0 else "#" + str(num)
            parts.append(self.fielddescrs[i].name + "=" + where)
        return "<Virtual " + str(self.size_descr.size) + " " + " ".join(parts) + ">"


class PendingField:
    """A write the guard's failure still owes memory: `descr` of the object in fail_arg
    `struct` gets the value of fail_arg `value` (constants are fail_args too)."""

    def __init__(self, descr: FieldDescr, struct: int, value: int) -> None:
        self.descr = descr
        self.struct = struct
        self.value = value

    def describe(self) -> str:
        return "#" + str(self.struct) + "." + self.descr.name + "=#" + str(self.value)


class ResumeGuardDescr(AbstractDescr):
    """The descr of a guard whose fail_args reach virtuals or which has pending writes.

    `virtual_slots` has one entry per original fail_args slot: -1 for a plain value, k
    for virtual k (that slot's fail_arg is a placeholder NULL).  fail_args beyond
    `len(virtual_slots)` exist only to feed the virtuals' fields and the pending writes.
    On failure: allocate the virtuals, fill their fields, then do the pending writes in
    order."""

    def __init__(self) -> None:
        self.virtuals: list[VirtualInfo] = []
        self.virtual_slots: list[int] = []
        self.pending: list[PendingField] = []

    def repr_of_descr(self) -> str:
        slots = ",".join([str(s) for s in self.virtual_slots])
        text = "<Resume slots=" + slots
        for i in range(len(self.virtuals)):
            text += " v" + str(i) + "=" + self.virtuals[i].describe()
        for pending in self.pending:
            text += " " + pending.describe()
        return text + ">"


def slot_of(fail_args: list[AbstractValue], value: AbstractValue) -> int:
    """The index of `value` in the fail_args, appended if it is not there yet."""
    for i in range(len(fail_args)):
        if fail_args[i] is value:
            return i
    fail_args.append(value)
    return len(fail_args) - 1
