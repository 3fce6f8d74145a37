"""Each pass on small hand-written traces: the optimized trace as jit-log-opt prints it."""

from __future__ import annotations

import textwrap

import pytest

from jit.metainterp.executor import execute_trace
from jit.metainterp.resoperation import (
    INT, REF, VOID, ArrayDescr, CallDescr, FieldDescr, SizeDescr, TargetToken, format_trace,
)
from jit.optimizer.base import InvalidLoop
from jit.optimizer.optimizer import BadEnableOpts, optimize_trace, parse_enable_opts
from tests.jit.optimizer.tracetext import optimize_text, parse_trace
from toolchain.rlib import rawmem

DESCRS = {
    "w": FieldDescr("S.w", 16, 8, True, INT, False),
    "v": FieldDescr("S.v", 24, 8, True, INT, False),
    "b": FieldDescr("S.b", 8, 1, True, INT, False),
    "ub": FieldDescr("S.ub", 9, 1, False, INT, False),
    "r": FieldDescr("S.r", 32, 8, False, REF, False),
    "imm": FieldDescr("S.imm", 24, 8, True, INT, True),
    "S": SizeDescr(40, 0),
    "V": SizeDescr(40, 0x5000),
    "loop": TargetToken(0),
    "call": CallDescr([REF], VOID, False, False),
}


def check(source: str, enable_opts: str, expected: str) -> None:
    got = optimize_text(textwrap.dedent(source), enable_opts, DESCRS)
    assert got == textwrap.dedent(expected).lstrip("\n")


# -- rewrite ------------------------------------------------------------------------------

def test_rewrite_folds_constants_and_identities() -> None:
    check("""
        [i0]
        i1 = int_add(3, 4)
        i2 = int_mul(i0, i1)
        i3 = int_add(i2, 0)
        i4 = int_sub(i3, i3)
        i5 = int_and(i0, -1)
        i6 = float_add(1.5, 2.25)
        i7 = uint_rshift(-1, 60)
        finish(i3, i4, i5, i6, i7)
        """, "rewrite", """
        [i0]
        i1 = int_mul(i0, 7)
        finish(i1, 0, i0, 3.75, 15)
        """)


def test_rewrite_leaves_undefined_shifts_to_run_time() -> None:
    check("""
        [i0]
        i1 = int_lshift(1, 99)
        finish(i1)
        """, "rewrite", """
        [i0]
        i1 = int_lshift(1, 99)
        finish(i1)
        """)


def test_rewrite_drops_guards_that_pass_and_learns_from_others() -> None:
    check("""
        [i0, r1]
        guard_true(1) [i0]
        guard_value(i0, 5) [i0]
        i1 = int_add(i0, 1)
        i2 = int_lt(i1, i0)
        guard_false(i2) [i0]
        guard_nonnull(r1) []
        guard_nonnull(r1) []
        guard_class(r1, 77) []
        guard_class(r1, 77) []
        i3 = int_add_ovf(i0, 2)
        guard_no_overflow() []
        finish(i1, i3)
        """, "rewrite", """
        [i0, r1]
        guard_value(i0, 5) [i0]
        guard_nonnull(r1) []
        guard_class(r1, 77) []
        finish(6, 7)
        """)


def test_rewrite_makes_a_tested_comparison_constant() -> None:
    check("""
        [i0, i1]
        i2 = int_lt(i0, i1)
        guard_true(i2) [i0]
        guard_true(i2) [i1]
        finish(i2)
        """, "rewrite", """
        [i0, i1]
        i2 = int_lt(i0, i1)
        guard_true(i2) [i0]
        finish(1)
        """)


@pytest.mark.parametrize("source", [
    "[i0]\nguard_true(0) [i0]\nfinish()",
    "[i0]\nguard_value(7, 5) [i0]\nfinish()",
    "[i0]\nguard_isnull(ConstPtr(8)) []\nfinish()",
    "[i0]\ni1 = int_add_ovf(9223372036854775807, 1)\nguard_no_overflow() []\nfinish()",
    "[r0]\nguard_class(r0, 1) []\nguard_class(r0, 2) []\nfinish()",
])
def test_rewrite_reports_a_guard_that_always_fails(source: str) -> None:
    inputargs, operations = parse_trace(source, DESCRS)
    with pytest.raises(InvalidLoop) as info:
        optimize_trace(inputargs, operations, "rewrite")
    assert "always fails" in info.value.message
    assert info.value.index == len(operations) - 2


# -- intbounds ----------------------------------------------------------------------------

def test_intbounds_decides_comparisons_and_overflow() -> None:
    check("""
        [i0, r1]
        i1 = getfield_gc_i(r1, descr=b)
        i2 = int_add_ovf(i1, 1000)
        guard_no_overflow() [i1]
        i3 = int_lt(i2, 2000)
        guard_true(i3) [i1]
        i4 = int_lt(i0, 10)
        guard_true(i4) [i0]
        i5 = int_lt(i0, 20)
        i6 = int_and(i0, 255)
        i7 = int_gt(i6, -1)
        finish(i5, i7)
        """, "intbounds", """
        [i0, r1]
        i2 = getfield_gc_i(r1, descr=<Field S.b>)
        i3 = int_add(i2, 1000)
        i4 = int_lt(i0, 10)
        guard_true(i4) [i0]
        i6 = int_and(i0, 255)
        finish(1, 1)
        """)


def test_intbounds_puts_a_guards_condition_in_its_fail_args_as_it_fails() -> None:
    # guard_true fails on 0; guard_false on a 0/1 value fails on 1, on another on anything.
    source = """
        [i0, i1]
        i2 = int_lt(i0, i1)
        guard_true(i2) [i0, i2]
        i3 = int_eq(i0, 5)
        guard_false(i3) [i3, i1, i3]
        guard_false(i1) [i1]
        finish(i0)
        """
    check(source, "intbounds", """
        [i0, i1]
        i2 = int_lt(i0, i1)
        guard_true(i2) [i0, 0]
        i4 = int_eq(i0, 5)
        guard_false(i4) [1, i1, 1]
        guard_false(i1) [i1]
        finish(i0)
        """)
    inputargs, ops = parse_trace(textwrap.dedent(source))
    optimized = optimize_trace(inputargs, ops, "intbounds")
    for ints in [[1, 0], [5, 9], [4, 9], [2, 3]]:
        before = execute_trace(inputargs, ops, ints, [], [])
        after = execute_trace(inputargs, optimized, ints, [], [])
        assert before.ints == after.ints


def test_intbounds_keeps_an_overflow_check_it_cannot_prove() -> None:
    check("""
        [i0]
        i1 = int_mul_ovf(i0, 3)
        guard_no_overflow() [i0]
        finish(i1)
        """, "intbounds", """
        [i0]
        i1 = int_mul_ovf(i0, 3)
        guard_no_overflow() [i0]
        finish(i1)
        """)


def test_intbounds_reports_an_impossible_overflow_guard() -> None:
    inputargs, operations = parse_trace("""
        [r0]
        i1 = getfield_gc_i(r0, descr=ub)
        i2 = int_add_ovf(i1, 1)
        guard_overflow() []
        finish()
        """, DESCRS)
    with pytest.raises(InvalidLoop) as info:
        optimize_trace(inputargs, operations, "intbounds")
    assert info.value.index == 2


# -- pure ---------------------------------------------------------------------------------

def test_pure_shares_equal_operations() -> None:
    check("""
        [i0, i1, f2]
        i3 = int_add(i0, i1)
        i4 = int_add(i1, i0)
        i5 = int_sub(i0, i1)
        i6 = int_sub(i1, i0)
        f7 = float_mul(f2, 2.0)
        f8 = float_mul(f2, 2.0)
        i9 = int_add(i0, 1)
        i10 = int_add(i0, 1)
        finish(i3, i4, i5, i6, f7, f8, i9, i10)
        """, "pure", """
        [i0, i1, f2]
        i3 = int_add(i0, i1)
        i4 = int_sub(i0, i1)
        i5 = int_sub(i1, i0)
        f6 = float_mul(f2, 2.0)
        i7 = int_add(i0, 1)
        finish(i3, i3, i4, i5, f6, f6, i7, i7)
        """)


# -- heap ---------------------------------------------------------------------------------

def test_heap_caches_reads_and_writes() -> None:
    check("""
        [r0, r1, i2]
        i3 = getfield_gc_i(r0, descr=w)
        i4 = getfield_gc_i(r0, descr=w)
        setfield_gc(r0, i2, descr=v)
        i5 = getfield_gc_i(r0, descr=v)
        setfield_gc(r0, i2, descr=v)
        setfield_gc(r1, 7, descr=v)
        i6 = getfield_gc_i(r0, descr=v)
        i7 = getfield_gc_i(r0, descr=w)
        finish(i3, i4, i5, i6, i7)
        """, "heap", """
        [r0, r1, i2]
        i3 = getfield_gc_i(r0, descr=<Field S.w>)
        setfield_gc(r0, i2, descr=<Field S.v>)
        setfield_gc(r1, 7, descr=<Field S.v>)
        i6 = getfield_gc_i(r0, descr=<Field S.v>)
        finish(i3, i3, i2, i6, i3)
        """)


def test_heap_forgets_mutable_fields_on_calls_and_truncates_small_fields() -> None:
    check("""
        [r0, i1]
        i2 = getfield_gc_i(r0, descr=w)
        i3 = getfield_gc_i(r0, descr=imm)
        call_n(12345, r0, descr=call)
        i4 = getfield_gc_i(r0, descr=w)
        i5 = getfield_gc_i(r0, descr=imm)
        setfield_gc(r0, 300, descr=b)
        i6 = getfield_gc_i(r0, descr=b)
        setfield_gc(r0, i1, descr=b)
        i7 = getfield_gc_i(r0, descr=b)
        finish(i4, i5, i6, i7)
        """, "heap", """
        [r0, i1]
        i2 = getfield_gc_i(r0, descr=<Field S.w>)
        i3 = getfield_gc_i(r0, descr=<Field S.imm>)
        call_n(12345, r0, descr=<Call r->v>)
        i5 = getfield_gc_i(r0, descr=<Field S.w>)
        setfield_gc(r0, i1, descr=<Field S.b>)
        i7 = getfield_gc_i(r0, descr=<Field S.b>)
        finish(i5, i3, 44, i7)
        """)


def test_heap_holds_writes_back_until_something_could_observe_them() -> None:
    # A write overwritten before anything could observe it is never emitted; one still
    # held at a guard goes into its resume data (done only if the guard fails), and is
    # then overwritten too.  r1 may be r0: the read of r1.w needs r0's write of w first,
    # and the writes of v to r0 and r1 keep their order.
    check("""
        [r0, r1, i2]
        setfield_gc(r0, 1, descr=v)
        setfield_gc(r0, i2, descr=w)
        setfield_gc(r0, 2, descr=v)
        i3 = getfield_gc_i(r1, descr=w)
        setfield_gc(r1, 5, descr=v)
        setfield_gc(r0, 3, descr=v)
        i4 = int_add(i3, 1)
        guard_true(i4) [i4]
        setfield_gc(r0, 4, descr=v)
        setfield_gc(r0, i4, descr=v)
        finish(i4)
        """, "heap", """
        [r0, r1, i2]
        setfield_gc(r0, i2, descr=<Field S.w>)
        i4 = getfield_gc_i(r1, descr=<Field S.w>)
        setfield_gc(r0, 2, descr=<Field S.v>)
        setfield_gc(r1, 5, descr=<Field S.v>)
        i7 = int_add(i4, 1)
        guard_true(i7, descr=<Resume slots=-1 #1.S.v=#2>) [i7, r0, 3]
        setfield_gc(r0, i7, descr=<Field S.v>)
        finish(i7)
        """)


def test_heap_drops_writes_that_end_with_what_memory_holds() -> None:
    # The field goes back to the value read from it: nothing is written, but the guard
    # in between still owes the intermediate value if it fails.
    source = """
        [r0, i1]
        i2 = getfield_gc_i(r0, descr=v)
        i3 = int_add(i2, 1)
        setfield_gc(r0, i3, descr=v)
        guard_true(i1) [i1]
        setfield_gc(r0, i2, descr=v)
        finish()
        """
    check(source, "heap", """
        [r0, i1]
        i2 = getfield_gc_i(r0, descr=<Field S.v>)
        i3 = int_add(i2, 1)
        guard_true(i1, descr=<Resume slots=-1 #1.S.v=#2>) [i1, r0, i3]
        finish()
        """)
    inputargs, ops = parse_trace(textwrap.dedent(source), DESCRS)
    optimized = optimize_trace(inputargs, ops, "heap")
    for condition in [0, 1]:
        memory = []
        for trace in [ops, optimized]:
            obj = rawmem.raw_malloc(32)
            rawmem.raw_store_word(obj, 24, 41)
            execute_trace(inputargs, trace, [condition], [obj], [])
            memory.append(rawmem.raw_load_word(obj, 24))
        assert memory == [41 if condition else 42] * 2


# -- virtualize ---------------------------------------------------------------------------

def test_virtualize_removes_an_allocation_that_does_not_escape() -> None:
    check("""
        [i0]
        r1 = new(descr=S)
        setfield_gc(r1, i0, descr=w)
        i2 = getfield_gc_i(r1, descr=w)
        i3 = getfield_gc_i(r1, descr=v)
        guard_nonnull(r1) []
        i4 = ptr_eq(r1, ConstPtr(0))
        finish(i2, i3, i4)
        """, "virtualize", """
        [i0]
        finish(i0, 0, 0)
        """)


def test_virtualize_keeps_virtuals_in_guards_and_forces_on_escape() -> None:
    check("""
        [i0, r5]
        r1 = new_with_vtable(descr=V)
        r2 = new(descr=S)
        setfield_gc(r1, r2, descr=r)
        setfield_gc(r2, r1, descr=r)
        setfield_gc(r2, i0, descr=w)
        guard_class(r1, 20480) []
        i3 = int_lt(i0, 5)
        guard_true(i3) [r1, i0]
        setfield_gc(r5, r2, descr=r)
        finish()
        """, "virtualize", """
        [i0, r1]
        i2 = int_lt(i0, 5)
        guard_true(i2, descr=<Resume slots=0,-1 v0=<Virtual 40 S.r=v1> v1=<Virtual 40 S.r=v0 S.w=#1>>) [ConstPtr(0), i0]
        r4 = new(descr=<Size 40>)
        r5 = new_with_vtable(descr=<Size 40>)
        setfield_gc(r5, r4, descr=<Field S.r>)
        setfield_gc(r4, r5, descr=<Field S.r>)
        setfield_gc(r4, i0, descr=<Field S.w>)
        setfield_gc(r1, r4, descr=<Field S.r>)
        finish()
        """)


def test_virtualize_reads_small_fields_through_their_width() -> None:
    check("""
        [i0]
        r1 = new(descr=S)
        setfield_gc(r1, i0, descr=b)
        i2 = getfield_gc_i(r1, descr=b)
        finish(i2)
        """, "virtualize", """
        [i0]
        i1 = int_and(i0, 255)
        i2 = int_xor(i1, 128)
        i3 = int_sub(i2, 128)
        finish(i3)
        """)


def test_label_forces_virtuals_and_forgets_what_it_knew() -> None:
    check("""
        [i0, r1]
        label(i0, r1, descr=loop)
        i2 = getfield_gc_i(r1, descr=w)
        r3 = new(descr=S)
        setfield_gc(r3, i2, descr=w)
        i4 = int_add(i2, 1)
        i5 = int_add(i2, 1)
        jump(i4, r3, descr=loop)
        """, "intbounds:rewrite:virtualize:pure:heap", """
        [i0, r1]
        label(i0, r1, descr=<Target 0>)
        i3 = getfield_gc_i(r1, descr=<Field S.w>)
        i4 = int_add(i3, 1)
        r5 = new(descr=<Size 40>)
        setfield_gc(r5, i3, descr=<Field S.w>)
        jump(i4, r5, descr=<Target 0>)
        """)


# -- the driver ---------------------------------------------------------------------------

def test_enable_opts_runs_passes_in_rpython_order() -> None:
    assert parse_enable_opts("heap:pure:intbounds") == ["intbounds", "pure", "heap"]
    assert parse_enable_opts("") == []


def test_enable_opts_rejects_unknown_names() -> None:
    with pytest.raises(BadEnableOpts) as info:
        parse_enable_opts("rewrite:string")
    assert info.value.message == ("enable_opts: unknown optimization 'string' (known: "
                                  "intbounds, rewrite, virtualize, pure, heap, unroll)")


def test_no_passes_copies_the_trace_and_leaves_the_input_alone() -> None:
    source = "[i0]\ni1 = int_add(i0, 0)\nfinish(i1)\n"
    inputargs, operations = parse_trace(source, DESCRS)
    new = optimize_trace(inputargs, operations, "")
    assert all(a is not b for a, b in zip(new, operations))
    optimize_trace(inputargs, operations, "rewrite")
    assert operations[1].args[0] is operations[0]


def test_rewrite_pins_a_double_only_when_it_is_not_zero() -> None:
    check("""
        [f0, f1]
        guard_value(f0, 1.5) []
        guard_value(f1, 0.0) []
        f2 = float_add(f0, f1)
        finish(f2)
        """, "rewrite", """
        [f0, f1]
        guard_value(f0, 1.5) []
        guard_value(f1, 0.0) []
        f4 = float_add(1.5, f1)
        finish(f4)
        """)


LOOP = """
    [i0, i1, r2]
    guard_value(i1, 0) [i1]
    label(i0, i1, r2, descr=loop)
    i3 = getfield_gc_i(r2, descr=w)
    i4 = int_add(i1, i3)
    i5 = int_add(i1, i3)
    i6 = int_sub(i0, 1)
    r7 = new(descr=S)
    setfield_gc(r7, i6, descr=w)
    i8 = int_gt(i6, 0)
    guard_true(i8) [i5, r7]
    jump(i6, i4, r7, descr=loop)
    """


def test_a_loop_runs_the_same_after_optimization() -> None:
    """A LABEL argument known before the label (i1 is 0) is rebound by the jump: the
    optimizer must not keep treating it as the constant."""
    inputargs, operations = parse_trace(textwrap.dedent(LOOP), DESCRS)
    optimized = optimize_trace(inputargs, operations, "intbounds:rewrite:virtualize:pure:heap")
    results = []
    for form in (operations, optimized):
        struct = rawmem.raw_malloc(40)
        rawmem.raw_store_word(struct, 16, 3)
        result = execute_trace(inputargs, form, [10, 0], [struct], [])
        results.append((result.ints, rawmem.raw_load_word(result.refs[0], 16)))
    # 3 + 9 + 8 + ... + 1, and the last object (materialised from a virtual) holds 0.
    assert results[0] == results[1] == ([48], 0)
    assert "guard_value(i1, 0)" in format_trace(inputargs, optimized)


def test_rewrite_folds_reads_of_immutable_constants() -> None:
    """A green `program[pc]`: a str (immutable array) read at a constant index, and an
    immutable field of a constant object, fold; mutable or out-of-range reads stay."""
    string = rawmem.raw_malloc(16)
    rawmem.raw_store_word(string, 0, 3)              # length word, then the bytes
    for i, byte in enumerate(b"+-\xff"):
        rawmem.raw_store_byte(string, 8 + i, byte)
    obj = rawmem.raw_malloc(40)
    rawmem.raw_store_word(obj, 24, -5)               # S.imm (immutable) and S.v
    DESCRS["str"] = ArrayDescr(8, 1, 0, False, INT, True)
    DESCRS["mutable"] = ArrayDescr(8, 1, 0, False, INT)
    try:
        check(f"""
            [i0]
            i1 = arraylen_gc(ConstPtr({string}), descr=str)
            i2 = getarrayitem_gc_i(ConstPtr({string}), 2, descr=str)
            i3 = getarrayitem_gc_i(ConstPtr({string}), 3, descr=str)
            i4 = getarrayitem_gc_i(ConstPtr({string}), i0, descr=str)
            i5 = getarrayitem_gc_i(ConstPtr({string}), 0, descr=mutable)
            i6 = getfield_gc_i(ConstPtr({obj}), descr=imm)
            i7 = getfield_gc_i(ConstPtr({obj}), descr=v)
            finish(i1, i2, i3, i4, i5, i6, i7)
            """, "rewrite", f"""
            [i0]
            i1 = getarrayitem_gc_i(ConstPtr({string}), 3, descr=<Array i 1>)
            i2 = getarrayitem_gc_i(ConstPtr({string}), i0, descr=<Array i 1>)
            i3 = getarrayitem_gc_i(ConstPtr({string}), 0, descr=<Array i 1>)
            i4 = getfield_gc_i(ConstPtr({obj}), descr=<Field S.v>)
            finish(3, 255, i1, i2, i3, -5, i4)
            """)
    finally:
        del DESCRS["str"], DESCRS["mutable"]


def test_pure_knows_that_adding_then_subtracting_gives_the_value_back() -> None:
    check("""
        [i0, i1]
        i2 = int_add(i0, 1)
        i3 = int_sub(i2, 1)
        i4 = int_sub(i2, i0)
        i5 = int_sub(i0, i1)
        i6 = int_add(i1, i5)
        i7 = int_sub(i0, i5)
        i8 = int_sub(i2, 2)
        finish(i3, i4, i6, i7, i8)
        """, "pure", """
        [i0, i1]
        i2 = int_add(i0, 1)
        i3 = int_sub(i0, i1)
        i4 = int_sub(i2, 2)
        finish(i0, 1, i0, i1, i4)
        """)


def test_heap_caches_array_items_by_array_and_index() -> None:
    # Items at the same index come back (a small item truncated); a write to an array
    # that may be the same at an equal index forgets the item, one at a different
    # constant index does not; writing the value an item holds is dropped; a call
    # forgets them all.
    DESCRS["items"] = ArrayDescr(8, 8, 0, True, INT)
    DESCRS["bytes"] = ArrayDescr(8, 1, 0, False, INT)
    try:
        check("""
            [r0, r1, i2, i3]
            i4 = getarrayitem_gc_i(r0, i2, descr=items)
            i5 = getarrayitem_gc_i(r0, i2, descr=items)
            setarrayitem_gc(r0, 1, i3, descr=items)
            setarrayitem_gc(r0, 2, 7, descr=items)
            i6 = getarrayitem_gc_i(r0, 1, descr=items)
            setarrayitem_gc(r1, 1, 5, descr=items)
            i7 = getarrayitem_gc_i(r0, 1, descr=items)
            i8 = getarrayitem_gc_i(r0, 2, descr=items)
            setarrayitem_gc(r0, 2, 7, descr=items)
            setarrayitem_gc(r0, 3, 300, descr=bytes)
            i9 = getarrayitem_gc_i(r0, 3, descr=bytes)
            call_n(12345, r0, descr=call)
            i10 = getarrayitem_gc_i(r0, 2, descr=items)
            finish(i4, i5, i6, i7, i8, i9, i10)
            """, "heap", """
            [r0, r1, i2, i3]
            i4 = getarrayitem_gc_i(r0, i2, descr=<Array i 8>)
            setarrayitem_gc(r0, 1, i3, descr=<Array i 8>)
            setarrayitem_gc(r0, 2, 7, descr=<Array i 8>)
            setarrayitem_gc(r1, 1, 5, descr=<Array i 8>)
            i8 = getarrayitem_gc_i(r0, 1, descr=<Array i 8>)
            setarrayitem_gc(r0, 3, 300, descr=<Array i 1>)
            call_n(12345, r0, descr=<Call r->v>)
            i11 = getarrayitem_gc_i(r0, 2, descr=<Array i 8>)
            finish(i4, i4, i3, i8, 7, 44, i11)
            """)
    finally:
        del DESCRS["items"], DESCRS["bytes"]


def test_intbounds_learns_from_unsigned_compares_and_inequalities() -> None:
    # i0 <u i2 with i2 in [0, 15] puts i0 in [0, 14]; then i0 != 0 makes it [1, 14].
    check("""
        [i0, i1]
        i2 = int_and(i1, 15)
        i3 = uint_lt(i0, i2)
        guard_true(i3) [i0]
        i4 = int_lt(i0, 15)
        i5 = int_ge(i0, 0)
        i6 = int_eq(i0, 0)
        guard_false(i6) [i0]
        i7 = int_ge(i0, 1)
        i8 = int_lt(i0, 14)
        finish(i4, i5, i7, i8)
        """, "intbounds", """
        [i0, i1]
        i2 = int_and(i1, 15)
        i3 = uint_lt(i0, i2)
        guard_true(i3) [i0]
        i5 = int_eq(i0, 0)
        guard_false(i5) [i0]
        i7 = int_lt(i0, 14)
        finish(1, 1, 1, i7)
        """)


def test_intbounds_knows_lengths_are_not_negative() -> None:
    # A BF tape: the position is below the list's length, so it and the positions
    # after it are never 0 (the devance checks fold); the growth checks cannot.
    DESCRS["len"] = FieldDescr("L.length", 0, 8, True, INT, False, True)
    try:
        check("""
            [r0, i0]
            i1 = getfield_gc_i(r0, descr=len)
            i2 = uint_lt(i0, i1)
            guard_true(i2) [i0]
            i3 = int_add(i0, 1)
            i4 = int_eq(i3, i1)
            guard_false(i4) [i0]
            i5 = int_eq(i3, 0)
            guard_false(i5) [i0]
            i6 = int_ge(i0, 0)
            finish(i3, i6)
            """, "intbounds", """
            [r0, i1]
            i2 = getfield_gc_i(r0, descr=<Field L.length>)
            i3 = uint_lt(i1, i2)
            guard_true(i3) [i1]
            i5 = int_add(i1, 1)
            i6 = int_eq(i5, i2)
            guard_false(i6) [i1]
            finish(i5, 1)
            """)
    finally:
        del DESCRS["len"]


def test_intbounds_orders_an_index_moving_against_a_length() -> None:
    # i0 < i1 and i0 + 1 != i1 give i0 + 1 < i1, then i0 + 2 < i1: the bounds checks of
    # the reads after each move go, and so do tests of i0 + 1 (= i0 + 2 - 1).
    DESCRS["len"] = FieldDescr("L.length", 0, 8, True, INT, False, True)
    try:
        check("""
            [r0, i0]
            i1 = getfield_gc_i(r0, descr=len)
            i2 = uint_lt(i0, i1)
            guard_true(i2) [i0]
            i3 = int_add(i0, 1)
            i4 = int_eq(i3, i1)
            guard_false(i4) [i0]
            i5 = int_add(i3, 1)
            i6 = int_eq(i5, i1)
            guard_false(i6) [i0]
            i7 = uint_lt(i5, i1)
            guard_true(i7) [i0]
            i8 = int_sub(i5, 1)
            i9 = int_lt(i1, i8)
            i10 = int_le(i3, i1)
            i11 = int_lt(i5, i1)
            finish(i9, i10, i11)
            """, "intbounds", """
            [r0, i1]
            i2 = getfield_gc_i(r0, descr=<Field L.length>)
            i3 = uint_lt(i1, i2)
            guard_true(i3) [i1]
            i5 = int_add(i1, 1)
            i6 = int_eq(i5, i2)
            guard_false(i6) [i1]
            i8 = int_add(i5, 1)
            i9 = int_eq(i8, i2)
            guard_false(i9) [i1]
            i11 = int_sub(i8, 1)
            finish(0, 1, 1)
            """)
    finally:
        del DESCRS["len"]


def test_heap_knows_that_neighbouring_indexes_differ() -> None:
    # i3 = i2 + 1 and i4 = i3 - 3 = i2 - 2: writes there leave item i2 known; a write
    # at i5 (unrelated) does not.
    DESCRS["items"] = ArrayDescr(8, 8, 0, True, INT)
    try:
        check("""
            [r0, i1, i2]
            i3 = int_add(i2, 1)
            i4 = int_sub(i3, 3)
            setarrayitem_gc(r0, i2, 5, descr=items)
            setarrayitem_gc(r0, i3, 6, descr=items)
            setarrayitem_gc(r0, i4, 7, descr=items)
            i5 = getarrayitem_gc_i(r0, i2, descr=items)
            setarrayitem_gc(r0, i1, 8, descr=items)
            i6 = getarrayitem_gc_i(r0, i2, descr=items)
            i7 = getarrayitem_gc_i(r0, i3, descr=items)
            finish(i5, i6, i7)
            """, "heap", """
            [r0, i1, i2]
            i3 = int_add(i2, 1)
            i4 = int_sub(i3, 3)
            setarrayitem_gc(r0, i2, 5, descr=<Array i 8>)
            setarrayitem_gc(r0, i3, 6, descr=<Array i 8>)
            setarrayitem_gc(r0, i4, 7, descr=<Array i 8>)
            setarrayitem_gc(r0, i1, 8, descr=<Array i 8>)
            i9 = getarrayitem_gc_i(r0, i2, descr=<Array i 8>)
            i10 = getarrayitem_gc_i(r0, i3, descr=<Array i 8>)
            finish(5, i9, i10)
            """)
    finally:
        del DESCRS["items"]
