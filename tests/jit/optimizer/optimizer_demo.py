"""Builds traces, optimizes them, runs both forms with the reference executor and prints
everything: run untranslated and translated, the output must be the same.

The struct layout is the same on 32- and 64-bit targets (a word field is 4 or 8 bytes
at offset 8, the double at 16, a pointer at 24, a byte at 32), so the printed traces
are too.
"""

import os

from jit.metainterp import resoperation as rop
from jit.metainterp.executor import ExecResult, execute_trace, word_bits
from jit.metainterp.resoperation import (
    FLOAT, INT, REF, VOID, AbstractValue, ArrayDescr, CallDescr, ConstFloat, ConstInt, FieldDescr, InputArg,
    ResOperation, SizeDescr, TargetToken, format_trace,
)
from jit.optimizer.base import InvalidLoop
from jit.optimizer.optimizer import DEFAULT_ENABLE_OPTS, optimize_trace
from jit.optimizer.resumedescr import ResumeGuardDescr
from toolchain.rlib.rawmem import (
    raw_load_double, raw_load_word, raw_malloc, raw_store_double, raw_store_word,
)

VTABLE = 4660
SIZE = 40


class Layout:
    def __init__(self) -> None:
        word = word_bits() // 8
        self.w = FieldDescr("S.w", 8, word, True, INT, False)
        self.b = FieldDescr("S.b", 32, 1, True, INT, False)
        self.d = FieldDescr("S.d", 16, 8, True, FLOAT, False)
        self.r = FieldDescr("S.r", 24, word, False, REF, False)
        self.plain = SizeDescr(SIZE, 0)
        self.vtable = SizeDescr(SIZE, VTABLE)


def op(opnum: int, args: list[AbstractValue], layout_descr: FieldDescr | None) -> ResOperation:
    return ResOperation(opnum, args, layout_descr)


def guard(opnum: int, args: list[AbstractValue], fail_args: list[AbstractValue]) -> ResOperation:
    result = ResOperation(opnum, args, None)
    result.fail_args = fail_args
    return result


def straight_line(layout: Layout) -> tuple[list[InputArg], list[ResOperation]]:
    i0 = InputArg(INT, 0)
    r1 = InputArg(REF, 1)
    f2 = InputArg(FLOAT, 2)
    i3 = op(rop.INT_ADD, [i0, ConstInt(0)], None)
    i4 = op(rop.INT_MUL, [i3, ConstInt(3)], None)
    i5 = op(rop.INT_MUL, [i0, ConstInt(3)], None)
    r6 = ResOperation(rop.NEW_WITH_VTABLE, [], layout.vtable)
    s1 = op(rop.SETFIELD_GC, [r6, i4], layout.w)
    s2 = op(rop.SETFIELD_GC, [r6, f2], layout.d)
    s3 = op(rop.SETFIELD_GC, [r6, i0], layout.b)
    i7 = op(rop.GETFIELD_GC_I, [r1], layout.w)
    i8 = op(rop.GETFIELD_GC_I, [r1], layout.w)
    i9 = op(rop.INT_LT, [i7, ConstInt(100)], None)
    g1 = guard(rop.GUARD_TRUE, [i9], [r6, i5])
    i10 = op(rop.GETFIELD_GC_I, [r6], layout.w)
    i11 = op(rop.INT_ADD_OVF, [i10, i8], None)
    g2 = guard(rop.GUARD_NO_OVERFLOW, [], [i0])
    g3 = guard(rop.GUARD_CLASS, [r6, ConstInt(VTABLE)], [i0])
    i12 = op(rop.GETFIELD_GC_I, [r6], layout.b)
    s4 = op(rop.SETFIELD_GC, [r1, i11], layout.w)
    f13 = op(rop.FLOAT_MUL, [f2, ConstFloat(2.5)], None)
    i14 = op(rop.UINT_RSHIFT, [ConstInt(0x70000000), ConstInt(28)], None)
    i15 = op(rop.UINT_LT, [i0, ConstInt(-1)], None)
    fin = op(rop.FINISH, [i11, i12, i14, i15, f13], None)
    return [i0, r1, f2], [i3, i4, i5, r6, s1, s2, s3, i7, i8, i9, g1, i10, i11, g2, g3, i12,
                          s4, f13, i14, i15, fin]


def loop(layout: Layout) -> tuple[list[InputArg], list[ResOperation]]:
    i0 = InputArg(INT, 0)
    i1 = InputArg(INT, 1)
    r2 = InputArg(REF, 2)
    token = TargetToken(0)
    label = op(rop.LABEL, [i0, i1, r2], None)
    label.descr = token
    i3 = op(rop.GETFIELD_GC_I, [r2], layout.w)
    i4 = op(rop.INT_ADD, [i1, i3], None)
    i5 = op(rop.INT_SUB, [i0, ConstInt(1)], None)
    r6 = ResOperation(rop.NEW, [], layout.plain)
    s1 = op(rop.SETFIELD_GC, [r6, i5], layout.w)
    i7 = op(rop.INT_GT, [i5, ConstInt(0)], None)
    g1 = guard(rop.GUARD_TRUE, [i7], [i4, r6])
    jump = op(rop.JUMP, [i5, i4, r6], None)
    jump.descr = token
    return [i0, i1, r2], [label, i3, i4, i5, r6, s1, i7, g1, jump]


def countup(layout: Layout) -> tuple[list[InputArg], list[ResOperation]]:
    """A loop over cell i1 of an array (the struct's double d seen as an array of one
    double: the same text on every word size): peeling carries the bounds check (a
    pure comparison a guard decided) and the cell's value into the body."""
    items = ArrayDescr(layout.d.offset, 8, 0, True, FLOAT)
    r0 = InputArg(REF, 0)
    i1 = InputArg(INT, 1)
    token = TargetToken(5)
    label = op(rop.LABEL, [r0, i1], None)
    label.descr = token
    i2 = op(rop.UINT_LT, [i1, ConstInt(1)], None)
    g1 = guard(rop.GUARD_TRUE, [i2], [i1])
    f3 = op(rop.GETARRAYITEM_GC_F, [r0, i1], None)
    f3.descr = items
    f4 = op(rop.FLOAT_ADD, [f3, ConstFloat(1.0)], None)
    s1 = op(rop.SETARRAYITEM_GC, [r0, i1, f4], None)
    s1.descr = items
    f5 = op(rop.GETARRAYITEM_GC_F, [r0, i1], None)
    f5.descr = items
    i6 = op(rop.FLOAT_LT, [f5, ConstFloat(3.0)], None)
    g2 = guard(rop.GUARD_TRUE, [i6], [i1, f5])
    jump = op(rop.JUMP, [r0, i1], None)
    jump.descr = token
    return [r0, i1], [label, i2, g1, f3, f4, s1, f5, i6, g2, jump]


def describe_object(address: int, layout: Layout) -> str:
    if address == 0:
        return "null"
    return ("obj(vtable=" + str(raw_load_word(address, 0)) + " w="
            + str(raw_load_word(address, layout.w.offset))
            + " d=" + repr(raw_load_double(address, layout.d.offset)) + ")")


def describe(result: ExecResult, operations: list[ResOperation], layout: Layout) -> str:
    where = "finish"
    if result.guard is not None:
        for i in range(len(operations)):
            if operations[i] is result.guard:
                where = "guard at " + str(i) + " (" + result.guard.opname() + ")"
    text = where + " ints=" + ", ".join([str(v) for v in result.ints])
    text += " floats=" + ", ".join([repr(v) for v in result.floats])
    text += " refs=" + ", ".join([describe_object(v, layout) for v in result.refs])
    return text + "\n"


def new_struct(w: int) -> int:
    address = raw_malloc(SIZE)
    raw_store_word(address, 8, w)
    raw_store_double(address, 16, 0.25)
    return address


def show(title: str, inputargs: list[InputArg], operations: list[ResOperation],
         inputs: list[list[int]], floats: list[float], layout: Layout) -> str:
    text = "== " + title + "\n" + format_trace(inputargs, operations)
    try:
        optimized = optimize_trace(inputargs, operations, DEFAULT_ENABLE_OPTS)
    except InvalidLoop as error:
        return text + "invalid: " + error.message + "\n"
    text += "-- optimized\n" + format_trace(inputargs, optimized)
    for case in inputs:
        ints = [case[0], case[1]] if len(case) == 3 else [case[0]]
        for form in [operations, optimized]:
            refs = [new_struct(case[len(case) - 1])]
            text += describe(execute_trace(inputargs, form, ints, refs, floats), form, layout)
    return text


def calls(layout: Layout) -> tuple[list[InputArg], list[ResOperation]]:
    """Optimized only (the call address is not a function): the heap cache across calls."""
    r0 = InputArg(REF, 0)
    i1 = op(rop.GETFIELD_GC_I, [r0], layout.w)
    c1 = op(rop.CALL_PURE_I, [ConstInt(0), i1], None)
    c1.descr = CallDescr([INT], INT, False, True)
    i2 = op(rop.GETFIELD_GC_I, [r0], layout.w)
    c2 = op(rop.CALL_N, [ConstInt(0), r0], None)
    c2.descr = CallDescr([REF], VOID, True, False)
    i3 = op(rop.GETFIELD_GC_I, [r0], layout.w)
    c3 = op(rop.CALL_PURE_I, [ConstInt(0), i1], None)
    c3.descr = c1.descr
    return [r0], [i1, c1, i2, c2, i3, c3, op(rop.FINISH, [i2, i3, c3], None)]


def arrays() -> tuple[list[InputArg], list[ResOperation]]:
    """Arrays of signed 16-bit items after the length word (the same text on every word
    size), and raw memory inside the array."""
    descr = ArrayDescr(8, 2, 0, True, INT)
    i0 = InputArg(INT, 0)
    r1 = op(rop.NEW_ARRAY, [ConstInt(16)], None)
    r1.descr = descr
    s1 = op(rop.SETARRAYITEM_GC, [r1, ConstInt(3), i0], None)
    s1.descr = descr
    i2 = op(rop.GETARRAYITEM_GC_I, [r1, ConstInt(3)], None)
    i2.descr = descr
    i3 = op(rop.ARRAYLEN_GC, [r1], None)
    i3.descr = descr
    s2 = op(rop.RAW_STORE, [r1, ConstInt(24), ConstFloat(-0.5)], None)
    f4 = op(rop.RAW_LOAD_F, [r1, ConstInt(24)], None)
    i5 = op(rop.RAW_LOAD_I, [r1, ConstInt(14)], None)
    i5.descr = descr
    return [i0], [r1, s1, i2, i3, s2, f4, i5, op(rop.FINISH, [i2, i3, i5, f4], None)]


def invalid_trace() -> tuple[list[InputArg], list[ResOperation]]:
    i0 = InputArg(INT, 0)
    i1 = op(rop.INT_ADD, [ConstInt(2), ConstInt(3)], None)
    i2 = op(rop.INT_EQ, [i1, ConstInt(6)], None)
    g = guard(rop.GUARD_TRUE, [i2], [i0])
    return [i0], [i1, i2, g, op(rop.FINISH, [i0], None)]


def entry_point(argv: list[str]) -> int:
    # Works around a translator bug: a method override of a class that first appears after
    # a call site was annotated (repr_of_descr in format_trace) gets no graph.  Calling it
    # here, before any trace is printed, annotates it.
    ResumeGuardDescr().repr_of_descr()
    layout = Layout()
    inputargs, operations = straight_line(layout)
    text = show("straight line", inputargs, operations, [[7, 5], [7, 500], [-9, 40]], [1.5],
                layout)
    inputargs, operations = loop(layout)
    text += show("loop", inputargs, operations, [[10, 0, 3]], [], layout)
    inputargs, operations = countup(layout)
    text += show("count up", inputargs, operations, [[0, 3]], [], layout)
    inputargs, operations = arrays()
    text += show("arrays", inputargs, operations, [[40000]], [], layout)
    inputargs, operations = calls(layout)
    text += show("calls", inputargs, operations, [], [], layout)
    inputargs, operations = invalid_trace()
    text += show("invalid", inputargs, operations, [], [], layout)
    os.write(1, text.encode("latin-1"))
    return 0
