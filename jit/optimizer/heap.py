"""The `heap` pass: a cache of field contents.

A field read whose value is known (read or written before, with nothing in between that
could have changed it) is replaced by that value; a write of the value a field is known
to hold is dropped.  A write to a field forgets that field of every object that may be
the same one; a call that may have side effects forgets every mutable field; a raw store
forgets everything.  Two objects are known to be distinct when both are allocations of
this trace, or when one is an allocation and the other existed before it (an input or a
constant).  Arrays are not cached: a well-typed trace never reaches a field through an
array operation.
"""

from __future__ import annotations

from jit.metainterp import executor
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (
    AbstractValue, CallDescr, ConstInt, ConstPtr, FieldDescr, InputArg, ResOperation,
)
from jit.optimizer.base import Optimization, Optimizer, same_value


class CacheEntry:
    def __init__(self, descr: FieldDescr, struct: AbstractValue, value: AbstractValue) -> None:
        self.descr = descr
        self.struct = struct
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


class OptHeap(Optimization):
    def __init__(self, optimizer: Optimizer, position: int) -> None:
        Optimization.__init__(self, optimizer, position)
        self.entries: list[CacheEntry] = []

    def at_label(self) -> None:
        self.entries = []

    def lookup(self, descr: FieldDescr, struct: AbstractValue) -> CacheEntry | None:
        for entry in self.entries:
            if entry.descr is descr and same_value(entry.struct, struct):
                return entry
        return None

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
            self.emit(op)
            self.remember(descr, struct, op)
        elif opnum == rop.SETFIELD_GC and isinstance(descr, FieldDescr):
            self.setfield(op, descr)
        elif opnum == rop.RAW_STORE:
            self.entries = []
            self.emit(op)
        elif (rop.CALL_I <= opnum <= rop.CALL_N) and not self.is_elidable(op):
            self.entries = [e for e in self.entries if e.descr.is_immutable]
            self.emit(op)
        else:
            self.emit(op)

    def is_elidable(self, op: ResOperation) -> bool:
        descr = op.descr
        return isinstance(descr, CallDescr) and descr.is_elidable

    def setfield(self, op: ResOperation, descr: FieldDescr) -> None:
        struct = self.get(op.args[0])
        value = self.get(op.args[1])
        entry = self.lookup(descr, struct)
        if entry is not None and same_value(entry.value, value):
            return      # the field already holds this value
        self.emit(op)
        self.entries = [e for e in self.entries
                        if e.descr is not descr or known_distinct(e.struct, struct)]
        if descr.kind != rop.INT or descr.size * 8 >= executor.word_bits():
            self.remember(descr, struct, value)
        elif isinstance(value, ConstInt):
            # A small field keeps only the low bytes: remember what a read gives back.
            self.remember(descr, struct, ConstInt(
                executor.truncate_to_field(value.value, descr.size, descr.is_signed)))
