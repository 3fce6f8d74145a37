"""The `heap` pass: a cache of field contents, and lazy field writes.

A field read whose value is known (read or written before, with nothing in between that
could have changed it) is replaced by that value; a write of the value a field is known
to hold is dropped.  A write to a field forgets that field of every object that may be
the same one; a call that may have side effects forgets every mutable field; a raw store
forgets everything.  Two objects are known to be distinct when both are allocations of
this trace, or when one is an allocation and the other existed before it (an input or a
constant).  Array items are cached the same way, by array and index: a write forgets the
items of that descr whose array may be the same and whose index may be equal (two
constant indexes that differ cannot be).  Fields and arrays never overlap: a well-typed
trace never reaches a field through an array operation.

Writes are lazy (RPython's lazy_setfields): a SETFIELD_GC is held back until something
could observe memory, so that a write overwritten before then is never emitted, and
writes that end with the value memory already holds come to nothing.  What
observes memory: a read of the same field that the cache cannot answer, a write of the
same field to an object that may be the same one (the order of the two matters), and
every operation other than pure arithmetic, array accesses, allocations and guards.  A
guard does not observe memory itself, but a failing guard resumes in the blackhole
interpreter (or a bridge), which reads the objects from memory: so the writes held at a
guard go into its resume data (RPython's pending fields, see `resumedescr`), and are done
only if it fails.  Guards that follow a call (GUARD_NO_EXCEPTION) find nothing held: the
call observed memory first.  A guard whose descr is not ours to extend gets them emitted
before it, as every guard did before resume data had room for them.
"""

from __future__ import annotations

from jit.metainterp import executor
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (
    AbstractValue, ArrayDescr, CallDescr, ConstInt, ConstPtr, FieldDescr, InputArg, ResOperation,
)
from jit.optimizer.base import Optimization, Optimizer, same_value
from jit.optimizer.resumedescr import PendingField, slot_of
from toolchain.rlib.rarithmetic import intmask


class CacheEntry:
    def __init__(self, descr: FieldDescr, struct: AbstractValue, value: AbstractValue) -> None:
        self.descr = descr
        self.struct = struct
        self.value = value


class ArrayEntry:
    def __init__(self, descr: ArrayDescr, array: AbstractValue, index: AbstractValue,
                 value: AbstractValue) -> None:
        self.descr = descr
        self.array = array
        self.index = index
        self.value = value


def is_allocation(value: AbstractValue) -> bool:
    if not isinstance(value, ResOperation):
        return False
    opnum = value.opnum
    return opnum == rop.NEW or opnum == rop.NEW_WITH_VTABLE or opnum == rop.NEW_ARRAY


def known_distinct(a: AbstractValue, b: AbstractValue) -> bool:
    if isinstance(a, ConstPtr) and isinstance(b, ConstPtr):
        return a.value != b.value
    if is_allocation(a) and (is_allocation(b) or isinstance(b, InputArg)
                             or isinstance(b, ConstPtr)):
        return a is not b
    if is_allocation(b) and (isinstance(a, InputArg) or isinstance(a, ConstPtr)):
        return True
    return False


class Offset:
    """A value as base + offset, seen through additions and subtractions of constants."""

    def __init__(self, base: AbstractValue, offset: int) -> None:
        self.base = base
        self.offset = offset


def leaves_fields_alone(op: ResOperation) -> bool:
    """Operations that neither read nor write a field: held writes may wait past them."""
    opnum = op.opnum
    if rop.CALL_I <= opnum <= rop.CALL_PURE_F:
        return False        # even an elidable callee may read the object
    return (op.is_pure() or opnum == rop.GETARRAYITEM_GC_I or opnum == rop.GETARRAYITEM_GC_R
            or opnum == rop.GETARRAYITEM_GC_F or opnum == rop.SETARRAYITEM_GC
            or opnum == rop.ARRAYLEN_GC or opnum == rop.NEW or opnum == rop.NEW_WITH_VTABLE
            or opnum == rop.NEW_ARRAY)


class OptHeap(Optimization):
    def __init__(self, optimizer: Optimizer, position: int) -> None:
        Optimization.__init__(self, optimizer, position)
        self.entries: list[CacheEntry] = []
        self.items: list[ArrayEntry] = []
        self.pending: list[ResOperation] = []       # held SETFIELD_GCs, in trace order
        # For a held write: what memory holds in that field, when the cache knew it.
        self.under: dict[ResOperation, AbstractValue] = {}
        # Objects whose fields this trace has accessed: not null where the trace goes on.
        self.accessed: dict[AbstractValue, bool] = {}

    def at_label(self) -> None:
        self.flush()
        self.entries = []
        self.items = []

    def flush(self) -> None:
        """Emits every held write, in the order the trace made them."""
        pending = self.pending
        self.pending = []
        for op in pending:
            self.emit(op)

    def flush_field(self, descr: FieldDescr, struct: AbstractValue, keep_same: bool) -> None:
        """Emits the held writes of `descr` to objects that may be `struct` (but not to
        `struct` itself when keep_same)."""
        waiting: list[ResOperation] = []
        for op in self.pending:
            other = self.get(op.args[0])
            if op.descr is not descr or known_distinct(other, struct) \
                    or (keep_same and same_value(other, struct)):
                waiting.append(op)
            else:
                self.emit(op)
        self.pending = waiting

    def lookup(self, descr: FieldDescr, struct: AbstractValue) -> CacheEntry | None:
        for entry in self.entries:
            if entry.descr is descr and same_value(self.get(entry.struct), struct):
                return entry
        return None

    def known_value(self, descr: FieldDescr, struct: AbstractValue) -> AbstractValue | None:
        """What reading `descr` of `struct` would give now, if the cache knows."""
        entry = self.lookup(descr, self.get(struct))
        if entry is None:
            return None
        return self.get(entry.value)

    def remember(self, descr: FieldDescr, struct: AbstractValue, value: AbstractValue) -> None:
        entry = self.lookup(descr, struct)
        if entry is None:
            self.entries.append(CacheEntry(descr, struct, value))
        else:
            entry.value = value

    def propagate_forward(self, op: ResOperation) -> None:
        opnum = op.opnum
        descr = op.descr
        if (opnum == rop.GETFIELD_GC_I or opnum == rop.GETFIELD_GC_R
                or opnum == rop.GETFIELD_GC_F) and isinstance(descr, FieldDescr):
            struct = self.get(op.args[0])
            entry = self.lookup(descr, struct)
            if entry is not None:
                self.make_equal_to(op, entry.value)
                return
            self.flush_field(descr, struct, False)
            self.emit(op)
            self.accessed[struct] = True
            self.remember(descr, struct, op)
            return
        if opnum == rop.SETFIELD_GC and isinstance(descr, FieldDescr):
            self.setfield(op, descr)
            return
        if (opnum == rop.GETARRAYITEM_GC_I or opnum == rop.GETARRAYITEM_GC_R
                or opnum == rop.GETARRAYITEM_GC_F) and isinstance(descr, ArrayDescr):
            self.getarrayitem(op, descr)
            return
        if opnum == rop.SETARRAYITEM_GC and isinstance(descr, ArrayDescr):
            self.setarrayitem(op, descr)
            return
        if op.is_guard():
            self.hold_for_guard(op)
        elif not leaves_fields_alone(op):
            self.flush()
        if opnum == rop.RAW_STORE:
            self.entries = []
            self.items = []
        elif (rop.CALL_I <= opnum <= rop.CALL_N) and not self.is_elidable(op):
            self.entries = [e for e in self.entries if e.descr.is_immutable]
            self.items = [e for e in self.items if e.descr.is_immutable]
        self.emit(op)

    def hold_for_guard(self, guard: ResOperation) -> None:
        """The held writes stay held past `guard`: its failure does them."""
        if len(self.pending) == 0:
            return
        descr = self.optimizer.resume_descr(guard)
        if descr is None:
            self.flush()
            return
        fail_args = [self.get(arg) for arg in guard.fail_args]
        for op in self.pending:
            field = op.descr
            assert isinstance(field, FieldDescr)
            descr.pending.append(PendingField(field, slot_of(fail_args, self.get(op.args[0])),
                                              slot_of(fail_args, self.get(op.args[1]))))
        guard.fail_args = fail_args

    # -- array items ----------------------------------------------------------------------

    def lookup_item(self, descr: ArrayDescr, array: AbstractValue,
                    index: AbstractValue) -> ArrayEntry | None:
        for entry in self.items:
            if entry.descr is descr and same_value(self.get(entry.array), array) \
                    and same_value(self.get(entry.index), index):
                return entry
        return None

    def known_item(self, descr: ArrayDescr, array: AbstractValue,
                   index: AbstractValue) -> AbstractValue | None:
        """What reading item `index` of `array` would give now, if the cache knows."""
        entry = self.lookup_item(descr, self.get(array), self.get(index))
        if entry is None:
            return None
        return self.get(entry.value)

    def remember_item(self, descr: ArrayDescr, array: AbstractValue, index: AbstractValue,
                      value: AbstractValue) -> None:
        entry = self.lookup_item(descr, array, index)
        if entry is None:
            self.items.append(ArrayEntry(descr, array, index, value))
        else:
            entry.value = value

    def offset_of(self, value: AbstractValue) -> Offset:
        offset = 0
        value = self.get(value)
        for _ in range(8):      # a few steps: enough for neighbouring indexes
            if not isinstance(value, ResOperation) or value.numargs() != 2:
                break
            opnum = value.opnum
            step = self.get(value.args[1])
            if not isinstance(step, ConstInt) or (opnum != rop.INT_ADD
                                                  and opnum != rop.INT_SUB):
                break
            offset = intmask(offset + step.value if opnum == rop.INT_ADD
                             else offset - step.value)
            value = self.get(value.args[0])
        return Offset(value, offset)

    def known_unequal(self, a: AbstractValue, b: AbstractValue) -> bool:
        """Two indexes that cannot be equal: different constants, or the same value
        plus different constants (x - 2 and x + 1)."""
        if isinstance(a, ConstInt) and isinstance(b, ConstInt):
            return a.value != b.value
        x = self.offset_of(a)
        y = self.offset_of(b)
        return x.base is y.base and x.offset != y.offset

    def getarrayitem(self, op: ResOperation, descr: ArrayDescr) -> None:
        array = self.get(op.args[0])
        index = self.get(op.args[1])
        entry = self.lookup_item(descr, array, index)
        if entry is not None:
            self.make_equal_to(op, entry.value)
            return
        self.emit(op)
        self.remember_item(descr, array, index, op)

    def setarrayitem(self, op: ResOperation, descr: ArrayDescr) -> None:
        array = self.get(op.args[0])
        index = self.get(op.args[1])
        value = self.get(op.args[2])
        entry = self.lookup_item(descr, array, index)
        if entry is not None and same_value(self.get(entry.value), value):
            return      # the item already holds this value
        self.emit(op)
        self.items = [e for e in self.items
                      if e.descr is not descr or known_distinct(self.get(e.array), array)
                      or self.known_unequal(self.get(e.index), index)]
        if descr.kind != rop.INT or descr.item_size * 8 >= executor.word_bits():
            self.remember_item(descr, array, index, value)
        elif isinstance(value, ConstInt):
            self.remember_item(descr, array, index, ConstInt(
                executor.truncate_to_field(value.value, descr.item_size, descr.is_signed)))

    def is_elidable(self, op: ResOperation) -> bool:
        descr = op.descr
        return isinstance(descr, CallDescr) and descr.is_elidable

    def setfield(self, op: ResOperation, descr: FieldDescr) -> None:
        struct = self.get(op.args[0])
        value = self.get(op.args[1])
        entry = self.lookup(descr, struct)
        if entry is not None and same_value(self.get(entry.value), value):
            return      # the field already holds this value (or will, once written)
        # Earlier writes to what may be the same field go first; one to this very field
        # of this very object is overwritten: it is never emitted.
        self.flush_field(descr, struct, True)
        held: ResOperation | None = None
        for p in self.pending:
            if p.descr is descr and same_value(self.get(p.args[0]), struct):
                held = p
        # What memory holds under the writes held for this field (None: unknown).
        under: AbstractValue | None = None
        if held is not None:
            if held in self.under:
                under = self.get(self.under[held])
            self.pending = [p for p in self.pending if p is not held]
        elif entry is not None:
            under = self.get(entry.value)   # nothing held: what the cache knows is memory
        if under is not None and same_value(under, value):
            pass        # back to what memory holds (a BF loop's position): nothing to write
        else:
            self.pending.append(op)
            if under is not None:
                self.under[op] = under
        self.accessed[struct] = True
        self.entries = [e for e in self.entries
                        if e.descr is not descr or known_distinct(self.get(e.struct), struct)]
        if descr.kind != rop.INT or descr.size * 8 >= executor.word_bits():
            self.remember(descr, struct, value)
        elif isinstance(value, ConstInt):
            # A small field keeps only the low bytes: remember what a read gives back.
            self.remember(descr, struct, ConstInt(
                executor.truncate_to_field(value.value, descr.size, descr.is_signed)))
