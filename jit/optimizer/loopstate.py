"""What the peeled loop body assumes about the values it starts from, and the check that
its JUMP hands them over again (the induction that makes peeling sound; see `unroll`).

A *slot* is one value the body starts from: one per argument of the loop's JUMP, then one
per field or array item the heap cache knew at the end of the preamble.  Each slot
carries what the passes knew of its value there: a constant (then it is no LABEL
argument: the body uses the constant), an int range, non-null, a class.  A `Fact`
relates slots (or constants): field `descr` of object A holds slot V; item I of array A
holds slot V; the pure operation `opnum(A, B)` gives R (a slot or a constant: a
comparison a guard decided).  The body is optimized assuming all of it; at its end
every fact must hold again for the values the JUMP passes, or it is dropped (with the
slots that exist only through it) and the body optimized again (`check_end`).  Facts
only ever go, so this ends.

A field slot's value at the body's end is what the body's heap cache knows of that
field, or else the field is read there (only from an object known not to be null: one
whose fields the loop accessed, or a non-null constant).  An array item is never read
there: its index may be out of bounds by then.
"""

from __future__ import annotations

from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (
    AbstractDescr, AbstractValue, ArrayDescr, ConstPtr, FieldDescr, InputArg, ResOperation,
)
from jit.optimizer.base import same_as_for, same_value
from jit.optimizer.chain import Chain
from jit.optimizer.intbounds import word_max, word_min

FIELD = 0       # operands: the object; value: the field's slot
ITEM = 1        # operands: the array, the index; value: the item's slot
PURE = 2        # operands: the arguments; value: the result's slot, or -1 for `result`


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


class Fact:
    def __init__(self, kind: int, opnum: int, descr: AbstractDescr | None) -> None:
        self.kind = kind
        self.opnum = opnum
        self.descr = descr
        self.slots: list[int] = []                  # per operand: a slot, or -1...
        self.consts: list[AbstractValue] = []       # ...and then this constant
        self.value = -1
        self.result: AbstractValue = ConstPtr(0)    # PURE with value -1: the constant
        self.alive = True


class LoopState:
    def __init__(self) -> None:
        self.slots: list[Slot] = []
        self.facts: list[Fact] = []
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

    def add_operand(self, fact: Fact, value: AbstractValue) -> bool:
        """False when `value` is neither a slot's value nor a constant."""
        k = self.slot_of(value)
        if k < 0 and not value.is_constant():
            return False
        fact.slots.append(k)
        fact.consts.append(value)
        return True

    def add_facts(self, chain: Chain) -> None:
        """Facts about the slots' objects (each field or item value a new slot, whose
        own fields may follow), then the pure operations on slots."""
        optimizer = chain.optimizer
        heap = chain.heap
        if heap is not None:
            fields_taken = [False] * len(heap.entries)
            items_taken = [False] * len(heap.items)
            changed = True
            while changed:
                changed = False
                for i in range(len(heap.entries)):
                    entry = heap.entries[i]
                    fact = Fact(FIELD, 0, entry.descr)
                    struct = optimizer.get(entry.struct)
                    if fields_taken[i] or (isinstance(struct, ConstPtr) and struct.value == 0) \
                            or not self.add_operand(fact, struct):
                        continue
                    fields_taken[i] = True
                    changed = True
                    fact.value = self.add_slot(chain, optimizer.get(entry.value))
                    self.facts.append(fact)
                for i in range(len(heap.items)):
                    item = heap.items[i]
                    fact = Fact(ITEM, 0, item.descr)
                    array = optimizer.get(item.array)
                    if items_taken[i] or (isinstance(array, ConstPtr) and array.value == 0) \
                            or not self.add_operand(fact, array) \
                            or not self.add_operand(fact, optimizer.get(item.index)):
                        continue
                    items_taken[i] = True
                    changed = True
                    fact.value = self.add_slot(chain, optimizer.get(item.value))
                    self.facts.append(fact)
        pure = chain.pure
        if pure is None:
            return
        for entry in pure.entries:
            fact = Fact(PURE, entry.opnum, entry.descr)
            complete = True
            for arg in entry.args:
                if not self.add_operand(fact, optimizer.get(arg)):
                    complete = False
            result = optimizer.get(entry.result)
            fact.value = self.slot_of(result)
            fact.result = result
            if complete and (fact.value >= 0 or result.is_constant()):
                self.facts.append(fact)

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

    def operand_args(self, fact: Fact) -> list[AbstractValue]:
        """The fact's operands as the body's LABEL sees them."""
        args: list[AbstractValue] = []
        for i in range(len(fact.slots)):
            k = fact.slots[i]
            args.append(self.slots[k].arg if k >= 0 else fact.consts[i])
        return args

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
        for fact in self.facts:
            if not fact.alive:
                continue
            args = self.operand_args(fact)
            descr = fact.descr
            heap = chain.heap
            pure = chain.pure
            if fact.kind == FIELD and heap is not None and isinstance(descr, FieldDescr):
                heap.remember(descr, args[0], self.slots[fact.value].arg)
                heap.accessed[args[0]] = True   # it was, in the preamble or last time
            elif fact.kind == ITEM and heap is not None and isinstance(descr, ArrayDescr):
                heap.remember_item(descr, args[0], args[1], self.slots[fact.value].arg)
            elif fact.kind == PURE and pure is not None:
                result = fact.result if fact.value < 0 else self.slots[fact.value].arg
                pure.assume(fact.opnum, args, descr, result)

    # -- at the end of the body -----------------------------------------------------------

    def check_end(self, chain: Chain, jump_values: list[AbstractValue]) -> bool:
        """Finds what the JUMP passes for every slot (reading fields where the cache lost
        them) and checks every fact.  False when some did not hold: they are dropped."""
        holds = True
        for i in range(len(jump_values)):
            self.slots[i].end = chain.optimizer.get_input(jump_values[i])
        for fact in self.facts:
            if fact.alive and not self.fact_holds(chain, fact):
                self.drop(fact)
                holds = False
        for slot in self.slots:
            if slot.alive and not self.slot_holds(chain, slot):
                slot.drop_facts()
                holds = False
        return holds

    def operand_ends(self, chain: Chain, fact: Fact) -> list[AbstractValue]:
        ends: list[AbstractValue] = []
        for i in range(len(fact.slots)):
            k = fact.slots[i]
            ends.append(chain.optimizer.get(self.slots[k].end) if k >= 0 else fact.consts[i])
        return ends

    def fact_holds(self, chain: Chain, fact: Fact) -> bool:
        """Checks a fact at the end; for a field or an item, finds its slot's value."""
        ends = self.operand_ends(chain, fact)
        descr = fact.descr
        found: AbstractValue | None = None
        heap = chain.heap
        if fact.kind == FIELD and heap is not None and isinstance(descr, FieldDescr):
            found = heap.known_value(descr, ends[0])
            if found is None and known_nonnull(chain, ends[0]):
                read = ResOperation(getfield_for(descr.kind), [ends[0]], descr)
                chain.optimizer.send(read, 0)
                found = chain.optimizer.get(read)
        elif fact.kind == ITEM and heap is not None and isinstance(descr, ArrayDescr):
            found = heap.known_item(descr, ends[0], ends[1])
        elif fact.kind == PURE:
            pure = chain.pure
            if pure is None:
                return False
            found = pure.lookup(fact.opnum, ends, descr)
            if found is None:
                return False
            if fact.value < 0:
                return same_value(found, fact.result)
            return found is chain.optimizer.get(self.slots[fact.value].end)
        if found is None:
            return False
        self.slots[fact.value].end = found
        return True

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

    def drop(self, fact: Fact) -> None:
        """The fact goes; a field's or item's slot with it (see `kill`)."""
        fact.alive = False
        if fact.kind != PURE:
            self.kill(fact.value)

    def kill(self, k: int) -> None:
        """Slot k goes, with every fact that mentions it."""
        self.slots[k].alive = False
        for fact in self.facts:
            if fact.alive and (k in fact.slots or (fact.kind == PURE and fact.value == k)):
                self.drop(fact)

    def drop_all(self) -> None:
        for fact in self.facts:
            if fact.alive:
                self.drop(fact)
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
