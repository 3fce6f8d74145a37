"""Loop peeling (`unroll`): the peeled traces as jit-log-opt prints them, the end-of-body
check that keeps it sound, and a bridge entering a peeled loop on the x86-64 backend."""

from __future__ import annotations

import platform
import textwrap

import pytest

from jit.backend.model import LoopToken
from jit.backend.x86_64.assembler import CPU_X86_64
from jit.metainterp import resoperation as rop
from jit.metainterp.executor import execute_trace
from jit.metainterp.resoperation import (
    INT, REF, AbstractDescr, AbstractValue, ConstInt, FieldDescr, InputArg, ResOperation,
    TargetToken,
)
from jit.optimizer.chain import Chain
from jit.optimizer.loopstate import FIELD, Fact, LoopState
from jit.optimizer.optimizer import optimize_trace
from tests.jit.optimizer.test_passes import DESCRS, check
from tests.jit.optimizer.tracetext import parse_trace
from toolchain.rlib import rawmem

ALL = "intbounds:rewrite:virtualize:pure:heap:unroll"
NO_UNROLL = "intbounds:rewrite:virtualize:pure:heap"

# A BF-like loop: r0.r (the tape's list) and its w (the list's length) are read every
# iteration but never written; r0.v (the position) is read back after each write.
FIELDS_LOOP = """
    [r0, i1]
    label(r0, i1, descr=loop)
    r2 = getfield_gc_r(r0, descr=r)
    i3 = getfield_gc_i(r2, descr=w)
    i4 = getfield_gc_i(r0, descr=v)
    i5 = int_add(i4, i3)
    setfield_gc(r0, i5, descr=v)
    i6 = int_sub(i1, 1)
    i7 = int_gt(i6, 0)
    guard_true(i7) [r0, i6]
    jump(r0, i6, descr=loop)
    """


def test_unroll_carries_field_reads_into_the_body() -> None:
    # The body's LABEL takes r0.r, its w and r0.v as extra arguments: no read is left in
    # the loop, and the write of v (read back by the next iteration) waits past the guard, whose
    # resume data does it if the guard fails.
    check(FIELDS_LOOP, ALL, """
        [r0, i1]
        label(r0, i1, descr=<Target 0>)
        r3 = getfield_gc_r(r0, descr=<Field S.r>)
        i4 = getfield_gc_i(r3, descr=<Field S.w>)
        i5 = getfield_gc_i(r0, descr=<Field S.v>)
        i6 = int_add(i5, i4)
        i7 = int_sub(i1, 1)
        i8 = int_gt(i7, 0)
        guard_true(i8, descr=<Resume slots=-1,-1 #0.S.v=#2>) [r0, i7, i6]
        setfield_gc(r0, i6, descr=<Field S.v>)
        label(r0, i7, r3, i4, i6, descr=<Target 0>)
        i12 = int_add(i6, i4)
        i13 = int_sub(i7, 1)
        i14 = int_gt(i13, 0)
        guard_true(i14, descr=<Resume slots=-1,-1 #0.S.v=#2>) [r0, i13, i12]
        setfield_gc(r0, i12, descr=<Field S.v>)
        jump(r0, i13, r3, i4, i12, descr=<Target 0>)
        """)


def test_unroll_keeps_the_range_of_a_field_the_body_reads_from_the_cache() -> None:
    # A BF tape: the body reads the position and the length (a count: not negative) from
    # the heap cache, i.e. as its LABEL arguments, whose ranges the preamble proved
    # (0 <= i3 < i4); the read must not widen them again, so that position + 1 != 0.
    # The position, moved and moved back, is never written.
    DESCRS["len"] = FieldDescr("L.length", 0, 8, True, INT, False, True)
    try:
        check("""
            [r0]
            label(r0, descr=loop)
            r1 = getfield_gc_r(r0, descr=r)
            i0 = getfield_gc_i(r0, descr=v)
            i1 = getfield_gc_i(r1, descr=len)
            i2 = uint_lt(i0, i1)
            guard_true(i2) [i0]
            i3 = int_add(i0, 1)
            i4 = int_eq(i3, i1)
            guard_false(i4) [i0]
            setfield_gc(r0, i3, descr=v)
            i5 = int_eq(i3, 0)
            guard_false(i5) [i0]
            setfield_gc(r0, i0, descr=v)
            jump(r0, descr=loop)
            """, ALL, """
            [r0]
            label(r0, descr=<Target 0>)
            r2 = getfield_gc_r(r0, descr=<Field S.r>)
            i3 = getfield_gc_i(r0, descr=<Field S.v>)
            i4 = getfield_gc_i(r2, descr=<Field L.length>)
            i5 = uint_lt(i3, i4)
            guard_true(i5) [i3]
            i7 = int_add(i3, 1)
            i8 = int_eq(i7, i4)
            guard_false(i8) [i3]
            label(r0, r2, i4, i3, descr=<Target 0>)
            i11 = int_add(i3, 1)
            i12 = int_eq(i11, i4)
            guard_false(i12) [i3]
            jump(r0, r2, i4, i3, descr=<Target 0>)
            """)
    finally:
        del DESCRS["len"]


def test_unroll_is_off_without_its_name() -> None:
    check(FIELDS_LOOP, NO_UNROLL, """
        [r0, i1]
        label(r0, i1, descr=<Target 0>)
        r3 = getfield_gc_r(r0, descr=<Field S.r>)
        i4 = getfield_gc_i(r3, descr=<Field S.w>)
        i5 = getfield_gc_i(r0, descr=<Field S.v>)
        i6 = int_add(i5, i4)
        i7 = int_sub(i1, 1)
        i8 = int_gt(i7, 0)
        guard_true(i8, descr=<Resume slots=-1,-1 #0.S.v=#2>) [r0, i7, i6]
        setfield_gc(r0, i6, descr=<Field S.v>)
        jump(r0, i7, descr=<Target 0>)
        """)


def test_unroll_drops_guards_the_preamble_proved() -> None:
    # After the preamble, i0 is in [1, 99] and r1 has class 77: the body keeps only the
    # guard on the new value.
    check("""
        [i0, r1]
        label(i0, r1, descr=loop)
        guard_class(r1, 77) [r1]
        i2 = int_lt(i0, 100)
        guard_true(i2) [i0]
        i3 = int_ge(i0, 0)
        guard_true(i3) [i0]
        i4 = int_add(i0, 1)
        i5 = int_lt(i4, 100)
        guard_true(i5) [i4]
        jump(i4, r1, descr=loop)
        """, ALL, """
        [i0, r1]
        label(i0, r1, descr=<Target 0>)
        guard_class(r1, 77) [r1]
        i4 = int_lt(i0, 100)
        guard_true(i4) [i0]
        i6 = int_ge(i0, 0)
        guard_true(i6) [i0]
        i8 = int_add(i0, 1)
        i9 = int_lt(i8, 100)
        guard_true(i9) [i8]
        label(i8, r1, descr=<Target 0>)
        i12 = int_add(i8, 1)
        i13 = int_lt(i12, 100)
        guard_true(i13) [i12]
        jump(i12, r1, descr=<Target 0>)
        """)


def test_unroll_gives_up_on_a_body_that_cannot_pass() -> None:
    # The preamble makes the next i0 the constant 5, which the body's guard_value would
    # reject: the loop is left unpeeled (the JUMP goes back to the only LABEL).
    check("""
        [i0]
        label(i0, descr=loop)
        guard_value(i0, 4) [i0]
        jump(5, descr=loop)
        """, ALL, """
        [i0]
        label(i0, descr=<Target 0>)
        guard_value(i0, 4) [i0]
        jump(5, descr=<Target 0>)
        """)


def test_unroll_leaves_bridges_and_entry_traces_alone() -> None:
    # A JUMP to a label elsewhere (a bridge, an entry trace) is not a loop to peel.
    DESCRS["other"] = TargetToken(9)
    try:
        check("""
            [i0]
            label(i0, descr=loop)
            i1 = int_add(i0, 1)
            jump(i1, descr=other)
            """, ALL, """
            [i0]
            label(i0, descr=<Target 0>)
            i2 = int_add(i0, 1)
            jump(i2, descr=<Target 9>)
            """)
    finally:
        del DESCRS["other"]


def test_a_peeled_loop_computes_what_the_loop_computes() -> None:
    inputargs, operations = parse_trace(textwrap.dedent(FIELDS_LOOP), DESCRS)
    results = []
    for form in (operations, optimize_trace(inputargs, operations, ALL)):
        tape, cells = rawmem.raw_malloc(40), rawmem.raw_malloc(40)
        rawmem.raw_store_word(tape, 32, cells)       # S.r
        rawmem.raw_store_word(cells, 16, 3)          # S.w
        rawmem.raw_store_word(tape, 24, 100)         # S.v
        result = execute_trace(inputargs, form, [6], [tape], [], 100)
        results.append((result.ints, rawmem.raw_load_word(tape, 24)))
    assert results[0] == results[1] == ([0], 118)


# -- the check at the end of the body ----------------------------------------------------

def field_fact(state: LoopState, chain: Chain, descr: AbstractDescr, struct: int,
               struct_value: AbstractValue, value: AbstractValue) -> int:
    fact = Fact(FIELD, 0, descr)
    fact.slots.append(struct)
    fact.consts.append(struct_value)
    fact.value = state.add_slot(chain, value)
    state.facts.append(fact)
    return fact.value


def test_facts_that_do_not_hold_at_the_end_are_dropped() -> None:
    chain = Chain(["intbounds", "rewrite", "heap"])
    i0, r1, r2 = InputArg(INT, 0), InputArg(REF, 1), InputArg(REF, 2)
    state = LoopState()
    for value in (i0, r1, r2):
        state.add_slot(chain, value)
    bounded, null_or_not, accessed = state.slots
    bounded.has_bound, bounded.lower, bounded.upper = True, 0, 5
    null_or_not.nonnull = True
    # Fields of r1 (not known non-null at the end: cannot be read there), of r2 (read
    # by the loop: read again), and of r1's field's object (goes with it).
    first = field_fact(state, chain, DESCRS["r"], 1, r1, InputArg(REF, 3))
    field_fact(state, chain, DESCRS["w"], first, r1, InputArg(INT, 4))
    field_fact(state, chain, DESCRS["v"], 2, r2, InputArg(INT, 5))
    chain.heap.accessed[r2] = True
    assert not state.check_end(chain, [i0, r1, r2])
    assert not bounded.has_bound and not null_or_not.nonnull
    assert [fact.alive for fact in state.facts] == [False, False, True]
    assert [slot.alive for slot in state.slots] == [True, True, True, False, False, True]
    read = chain.optimizer.newops[-1]
    assert read.opnum == rop.GETFIELD_GC_I and read.args == [r2] and state.slots[5].end is read
    # What is left holds: a second body would be accepted.
    assert state.check_end(chain, [i0, r1, r2])


def test_a_constant_must_come_back_as_the_same_constant() -> None:
    chain = Chain(["rewrite"])
    state = LoopState()
    state.add_slot(chain, ConstInt(5))
    assert state.slots[0].const
    assert state.check_end(chain, [ConstInt(5)])
    assert not state.check_end(chain, [ConstInt(6)]) and not state.slots[0].const


# -- a bridge enters a peeled loop through its preamble ----------------------------------

class Exit(AbstractDescr):
    def __init__(self, name: str) -> None:
        self.name = name


@pytest.mark.skipif(platform.machine() != "x86_64", reason="runs x86-64 code natively")
def test_a_bridge_jumps_to_the_preamble_of_a_peeled_loop() -> None:
    """v += w for every even counter; the guard on odd counters fails in the body, and a
    bridge (v += 100) jumps back to the loop's token with the loop's two inputs: the
    preamble's LABEL, since the body's takes more."""
    DESCRS["odd"], DESCRS["done"] = Exit("odd"), Exit("done")
    try:
        inputargs, operations = parse_trace(textwrap.dedent("""
            [r0, i1]
            label(r0, i1, descr=loop)
            i2 = getfield_gc_i(r0, descr=w)
            i3 = int_and(i1, 1)
            guard_false(i3, descr=odd) [r0, i1]
            i4 = getfield_gc_i(r0, descr=v)
            i5 = int_add(i4, i2)
            setfield_gc(r0, i5, descr=v)
            i6 = int_sub(i1, 1)
            i7 = int_gt(i6, 0)
            guard_true(i7, descr=done) [r0, i6]
            jump(r0, i6, descr=loop)
            """), DESCRS)
        ops = optimize_trace(inputargs, operations, ALL)
    finally:
        del DESCRS["odd"], DESCRS["done"]
    labels = [op for op in ops if op.opnum == rop.LABEL]
    assert len(labels) == 2 and labels[0].descr is DESCRS["loop"]
    assert len(labels[1].args) > 2 and ops[-1].descr is labels[1].descr
    # Each copy of a guard gets its own descr, as compile.restore_descrs does.
    exits: dict[str, Exit] = {}
    for op in ops:
        if op.is_guard():
            name = op.descr.name + ("-body" if op.descr.name in exits else "")
            op.descr = exits[name] = Exit(name)
    cpu = CPU_X86_64(0)
    token = LoopToken(1)
    cpu.compile_loop(inputargs, ops, token)
    tape = rawmem.raw_malloc(40)
    rawmem.raw_store_word(tape, 16, 3)           # w
    dead = cpu.execute_token(token, [10], [tape], [])
    assert cpu.get_latest_descr(dead) is exits["odd-body"]
    assert cpu.get_int_value(dead, 1) == 9 and rawmem.raw_load_word(tape, 24) == 3
    b0, b1 = InputArg(REF, 0), InputArg(INT, 1)
    v = ResOperation(rop.GETFIELD_GC_I, [b0], DESCRS["v"])
    more = ResOperation(rop.INT_ADD, [v, ConstInt(100)], None)
    n = ResOperation(rop.INT_SUB, [b1, ConstInt(1)], None)
    positive = ResOperation(rop.INT_GT, [n, ConstInt(0)], None)
    guard = ResOperation(rop.GUARD_TRUE, [positive], Exit("bridge-done"))
    guard.fail_args = [b0, n]
    bridge = [v, more, ResOperation(rop.SETFIELD_GC, [b0, more], DESCRS["v"]), n, positive,
              guard, ResOperation(rop.JUMP, [b0, n], DESCRS["loop"])]
    cpu.compile_bridge(exits["odd-body"], [b0, b1], bridge, token)
    for start in (10, 4, 2):       # even: an odd counter fails only in the body
        rawmem.raw_store_word(tape, 24, 0)
        dead = cpu.execute_token(token, [start], [tape], [])
        assert cpu.get_latest_descr(dead).name in ("done-body", "bridge-done")
        assert cpu.get_int_value(dead, 1) == 0
        want = sum(3 if k % 2 == 0 else 100 for k in range(1, start + 1))
        assert rawmem.raw_load_word(tape, 24) == want, start
