"""What the peeled loop body assumes about the values it starts from, and the check that
its JUMP hands them over again (the induction that makes peeling sound; see `unroll`).

A *slot* is one value the body starts from: one per argument of the loop's JUMP, then one
per field the heap cache knew at the end of the preamble (a `FieldFact`: field `descr` of
the object in slot `struct`, or of a constant object, holds slot `value`).  Each slot
carries what the passes knew of its value there: a constant (then it is no LABEL
argument: the body uses the constant), an int range, non-null, a class.  The body is
optimized assuming all of it; at its end every fact must hold again for the values the
JUMP passes, or it is dropped and the body optimized again (`check_end`).  Facts only
ever go, so this ends.

A field slot's value at the body's end is what the body's heap cache knows of that field,
or else the field is read there (only from an object known not to be null: a struct
whose field the loop accessed, or a non-null constant).
"""

from __future__ import annotations

from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (
    AbstractValue, ConstPtr, FieldDescr, InputArg, ResOperation,
)
from jit.optimizer.base import same_as_for, same_value
from jit.optimizer.chain import Chain
from jit.optimizer.intbounds import word_max, word_min


class Slot:
    def __init__(self, value: AbstractValue) -> None:
        self.value = value                  # at the end of the preamble
        self.const = value.is_constant()    # assumed equal to `value` in the body
        self.has_bound = False
        self.lower = 0
        self.upper = 0
        self.nonnull = False
        self.cls = 0                        # a vtable address; 0: unknown
        self.alive = True
        self.arg: AbstractValue = value     # the body's LABEL argument (or the constant)
        self.end: AbstractValue = value     # what the body's JUMP passes for it

    def drop_facts(self) -> None:
        self.const = False
        self.has_bound = False
        self.nonnull = False
        self.cls = 0


class FieldFact:
    def __init__(self, descr: FieldDescr, struct: int, struct_const: AbstractValue,
                 value: int) -> None:
        self.descr = descr
        self.struct = struct                # a slot, or -1: the object is struct_const
        self.struct_const = struct_const
        self.value = value                  # the slot holding the field's value
        self.alive = True


class LoopState:
    def __init__(self) -> None:
        self.slots: list[Slot] = []
        self.fields: list[FieldFact] = []
        self.copies: list[ResOperation] = []    # same_as ops the preamble must end with

    # -- at the end of the preamble -----------------------------------------------------

    def add_slot(self, chain: Chain, value: AbstractValue) -> int:
        slot = Slot(value)
        if not slot.const:
            intbounds = chain.intbounds
            if intbounds is not None and value.kind == rop.INT:
                bound = intbounds.bound(value)
                if word_min() < bound.lower or bound.upper < word_max():
                    slot.has_bound = True
                    slot.lower = bound.lower
                    slot.upper = bound.upper
            rewrite = chain.rewrite
            if rewrite is not None and value.kind == rop.REF:
                slot.nonnull = rewrite.known_nonnull(value) == 1
                if value in rewrite.classes:
                    slot.cls = rewrite.classes[value]
        self.slots.append(slot)
        return len(self.slots) - 1

    def slot_of(self, value: AbstractValue) -> int:
        for i in range(len(self.slots)):
            if self.slots[i].alive and same_value(self.slots[i].value, value):
                return i
        return -1

    def add_fields(self, chain: Chain) -> None:
        """A fact for each cached field of a slot's object or of a constant object; the
        value of such a field is a new slot, whose own fields may follow."""
        heap = chain.heap
        if heap is None:
            return
        entries = heap.entries
        taken = [False] * len(entries)
        changed = True
        while changed:
            changed = False
            for i in range(len(entries)):
                if taken[i]:
                    continue
                struct = chain.optimizer.get(entries[i].struct)
                k = self.slot_of(struct)
                if k < 0 and not (isinstance(struct, ConstPtr) and struct.value != 0):
                    continue
                taken[i] = True
                changed = True
                value = self.add_slot(chain, chain.optimizer.get(entries[i].value))
                self.fields.append(FieldFact(entries[i].descr, k, struct, value))

    # -- before optimizing the body -----------------------------------------------------

    def label_args(self) -> list[AbstractValue]:
        """The body's LABEL arguments, one distinct variable per slot that is not a
        constant; a repeated value or a constant gets a same_as (in `copies`)."""
        self.copies = []
        used: dict[AbstractValue, bool] = {}
        args: list[AbstractValue] = []
        for slot in self.slots:
            slot.arg = slot.value
            if not slot.alive or slot.const:
                continue
            value = slot.value
            if value in used or not (isinstance(value, InputArg)
                                     or isinstance(value, ResOperation)):
                copy = ResOperation(same_as_for(value.kind), [value], None)
                self.copies.append(copy)
                slot.arg = copy
            used[slot.arg] = True
            args.append(slot.arg)
        return args

    def struct_arg(self, fact: FieldFact) -> AbstractValue:
        return self.slots[fact.struct].arg if fact.struct >= 0 else fact.struct_const

    def assume(self, chain: Chain) -> None:
        """Tells the body's passes what holds at its LABEL."""
        for slot in self.slots:
            if not slot.alive or slot.const:
                continue
            intbounds = chain.intbounds
            if intbounds is not None and slot.has_bound:
                intbounds.assume(slot.arg, slot.lower, slot.upper)
            rewrite = chain.rewrite
            if rewrite is not None:
                if slot.nonnull:
                    rewrite.nonnull[slot.arg] = True
                if slot.cls != 0:
                    rewrite.classes[slot.arg] = slot.cls
        heap = chain.heap
        if heap is None:
            return
        for fact in self.fields:
            if fact.alive:
                struct = self.struct_arg(fact)
                heap.remember(fact.descr, struct, self.slots[fact.value].arg)
                heap.accessed[struct] = True     # it was, in the preamble or last time

    # -- at the end of the body -----------------------------------------------------------

    def check_end(self, chain: Chain, jump_values: list[AbstractValue]) -> bool:
        """Finds what the JUMP passes for every slot (reading fields where the cache lost
        them) and checks every fact.  False when some did not hold: they are dropped."""
        holds = True
        for i in range(len(jump_values)):
            self.slots[i].end = chain.optimizer.get_input(jump_values[i])
        for fact in self.fields:
            if not fact.alive:
                continue
            struct = fact.struct_const
            if fact.struct >= 0:
                struct = chain.optimizer.get(self.slots[fact.struct].end)
            value = self.field_at_end(chain, fact.descr, struct)
            if value is None:
                self.drop_field(fact)
                holds = False
            else:
                self.slots[fact.value].end = value
        for slot in self.slots:
            if slot.alive and not self.slot_holds(chain, slot):
                slot.drop_facts()
                holds = False
        return holds

    def field_at_end(self, chain: Chain, descr: FieldDescr,
                     struct: AbstractValue) -> AbstractValue | None:
        heap = chain.heap
        assert heap is not None     # there are field facts only with the heap pass
        value = heap.known_value(descr, struct)
        if value is not None:
            return value
        if not known_nonnull(chain, struct):
            return None
        read = ResOperation(getfield_for(descr.kind), [struct], descr)
        chain.optimizer.send(read, 0)
        return chain.optimizer.get(read)

    def slot_holds(self, chain: Chain, slot: Slot) -> bool:
        end = chain.optimizer.get(slot.end)
        if slot.const:
            return same_value(end, slot.value)
        intbounds = chain.intbounds
        if slot.has_bound and intbounds is not None:
            bound = intbounds.bound(end)
            if bound.lower < slot.lower or bound.upper > slot.upper:
                return False
        if slot.nonnull and not known_nonnull(chain, end):
            return False
        rewrite = chain.rewrite
        if slot.cls != 0 and rewrite is not None:
            if end not in rewrite.classes or rewrite.classes[end] != slot.cls:
                return False
        return True

    def drop_field(self, fact: FieldFact) -> None:
        """The fact goes, with its value's slot and every fact about that value."""
        fact.alive = False
        self.slots[fact.value].alive = False
        for other in self.fields:
            if other.alive and other.struct == fact.value:
                self.drop_field(other)

    def drop_all(self) -> None:
        for fact in self.fields:
            if fact.alive:
                self.drop_field(fact)
        for slot in self.slots:
            slot.drop_facts()


def known_nonnull(chain: Chain, value: AbstractValue) -> bool:
    if isinstance(value, ConstPtr):
        return value.value != 0
    rewrite = chain.rewrite
    if rewrite is not None and rewrite.known_nonnull(value) == 1:
        return True
    heap = chain.heap
    return heap is not None and value in heap.accessed


def getfield_for(kind: int) -> int:
    if kind == rop.FLOAT:
        return rop.GETFIELD_GC_F
    if kind == rop.REF:
        return rop.GETFIELD_GC_R
    return rop.GETFIELD_GC_I
