"""What a guard needs to rebuild the objects the optimizer removed (virtuals).

Why this shape: a backend can only save real values at a guard exit.  So after the
virtualize pass a guard's fail_args hold only real values or constants: each slot that held
a virtual holds `ConstPtr(0)` instead, and the values of the virtuals' fields are appended
after the original slots.  The guard's descr, a `ResumeGuardDescr`, says which slot is
which virtual and where each field's value comes from, so resume code (and the reference
executor) can allocate and fill the objects when the guard fails.
"""

from __future__ import annotations

from jit.metainterp.resoperation import AbstractDescr, FieldDescr, SizeDescr


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


class ResumeGuardDescr(AbstractDescr):
    """The descr of a guard whose fail_args reach virtuals.

    `virtual_slots` has one entry per original fail_args slot: -1 for a plain value, k
    for virtual k (that slot's fail_arg is a placeholder NULL).  fail_args beyond
    `len(virtual_slots)` exist only to feed the virtuals' fields."""

    def __init__(self) -> None:
        self.virtuals: list[VirtualInfo] = []
        self.virtual_slots: list[int] = []

    def repr_of_descr(self) -> str:
        slots = ",".join([str(s) for s in self.virtual_slots])
        text = "<Resume slots=" + slots
        for i in range(len(self.virtuals)):
            text += " v" + str(i) + "=" + self.virtuals[i].describe()
        return text + ">"
