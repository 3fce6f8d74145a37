"""The shared backend suite on the AArch64 backend, under the target's pinned QEMU: the
hand-written cases, 1000 random traces and the random bridges (runner/qemu_suite.py);
then what only AArch64 has: memory displacements beyond the load/store immediates,
add/sub/logical/compare immediates at their limits, and calls with stack arguments of
both register classes."""

from __future__ import annotations

import ctypes

from runner import helpers
from runner.qemu_suite import ISUM10, MIXED20, Backend, CaseWriter, trace_case
from runner.traces import Exit, Memory, Trace

from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (FLOAT, INT, REF, ArrayDescr, CallDescr,
                                         ConstFloat, ConstInt, FieldDescr)
from toolchain.rlib.rawmem import raw_malloc

BACKEND = Backend("aarch64", "from jit.backend.aarch64.assembler import CPU_AARCH64",
                  "CPU_AARCH64(malloc)")

test_suite_cases, test_random_traces, test_random_bridges = BACKEND.tests(__file__)

BIG_BUFFER = 1 << 17


def displacements() -> CaseWriter:
    """Fields at scaled, unscaled, unaligned and huge offsets, of every size, and array
    items at constant indexes too far for an immediate."""
    memory = Memory()
    buf = raw_malloc(BIG_BUFFER)
    memory.add(buf, BIG_BUFFER)
    ctypes.memmove(buf, bytes((i * 89 + 7) & 0xFF for i in range(BIG_BUFFER)), BIG_BUFFER)
    t = Trace()
    p, v, x = t.input(REF), t.input(INT), t.input(FLOAT)
    out = []
    for offset in [0, 1, 3, 255, 4095, 8190, 16380, 32760, 32768, 40001, 100000]:
        for size in [1, 2, 4, 8]:
            for signed in [True, False]:
                field = FieldDescr("f", offset, size, signed, INT, False)
                out.append(t.op(rop.GETFIELD_GC_I, [p], field))
                t.op(rop.SETFIELD_GC, [p, v], FieldDescr("g", offset + 16, size, signed,
                                                        INT, False))
        fd = FieldDescr("d", offset + 8, 8, True, FLOAT, False)
        out.append(t.op(rop.GETFIELD_GC_F, [p], fd))
        t.op(rop.SETFIELD_GC, [p, x], FieldDescr("e", offset + 24, 8, True, FLOAT, False))
    items = ArrayDescr(8, 8, 0, True, INT)
    for index in [0, 4095, 2 ** 21, -2 ** 21]:
        base = t.op(rop.INT_SUB, [p, ConstInt(index * 8)])
        out.append(t.op(rop.GETARRAYITEM_GC_I, [base, ConstInt(index)], items))
        t.op(rop.SETARRAYITEM_GC, [base, ConstInt(index + 1), v], items)
    out.append(t.op(rop.RAW_LOAD_I, [p, ConstInt(-0)]))
    t.op(rop.FINISH, out, Exit("finish"))
    return trace_case("aarch64 displacements", t, [-0x123456789ABCDEF], [buf], [2.5],
                      memory, 64)


def immediates() -> CaseWriter:
    t = Trace()
    a = t.input(INT)
    out = []
    for value in [0, 1, 4095, 4096, -1, -4095, -4096, 0xFF, 0xFF00FF00FF00FF00,
                  0x5555555555555555, 0x1234, 2 ** 63 - 1, -2 ** 63]:
        for opnum in [rop.INT_ADD, rop.INT_SUB, rop.INT_AND, rop.INT_OR, rop.INT_XOR,
                      rop.INT_LT, rop.INT_EQ, rop.UINT_GE, rop.INT_MUL]:
            out.append(t.op(opnum, [a, ConstInt(value)]))
        for opnum in [rop.INT_ADD_OVF, rop.INT_SUB_OVF, rop.INT_MUL_OVF]:
            out.append(t.op(opnum, [a, ConstInt(value)]))
            t.guard(rop.GUARD_NO_OVERFLOW, [], [a], f"ovf{len(t.ops)}")
    for count in [0, 1, 63]:
        for opnum in [rop.INT_LSHIFT, rop.INT_RSHIFT, rop.UINT_RSHIFT]:
            out.append(t.op(opnum, [a, ConstInt(count)]))
    t.op(rop.FINISH, out, Exit("finish"))
    return trace_case("aarch64 immediates", t, [3], [], [], Memory(), 64)


def stack_arguments() -> CaseWriter:
    """Ten ints (two on the stack); ten doubles (two on the stack, one a constant); ten
    ints and ten doubles interleaved (the stack holds i8, d8, i9, d9 in that order). The
    executor has no such signatures, so the results are given."""
    t = Trace()
    ints = [t.input(INT) for _ in range(10)]
    floats = [t.input(FLOAT) for _ in range(10)]
    s = t.op(rop.CALL_I, [ConstInt(ISUM10)] + ints[::-1], CallDescr([INT] * 10, INT,
                                                                     False, False))
    f = t.op(rop.CALL_F, [ConstInt(helpers.FSUM10)] + floats[:9] + [ConstFloat(0.5)],
             CallDescr([FLOAT] * 10, FLOAT, False, False))
    mixed = []
    for k in range(10):
        mixed += [ints[k], floats[9 - k]]
    m = t.op(rop.CALL_F, [ConstInt(MIXED20)] + mixed, CallDescr([INT, FLOAT] * 10, FLOAT,
                                                                 False, False))
    t.op(rop.FINISH, [s, f, m] + ints + floats, Exit("finish"))
    iv = [3, -1, 7, 100, 2 ** 40, -5, 11, 2, 13, -17]
    fv = [0.5 * k - 1 for k in range(10)]
    writer = CaseWriter("aarch64 stack arguments", 64)
    tid = writer.trace(t.inputargs, t.ops)
    writer.lines.append(f"loop {tid} ok")
    want_s = sum((i + 1) * v for i, v in enumerate(iv[::-1]))
    want_f = sum((i + 1) * v for i, v in enumerate(fv[:9] + [0.5]))
    mixed_values = []
    for k in range(10):
        mixed_values += [iv[k], fv[9 - k]]
    want_m = sum((i + 1) * v for i, v in enumerate(mixed_values))
    kinds = [INT] * 10 + [FLOAT] * 10
    values = writer.values([want_s] + iv, [], [want_f, want_m] + fv,
                           [INT, FLOAT, FLOAT] + kinds)
    expect = f"{writer.descr_token(t.ops[-1].descr)} {values}"
    writer.run(tid, iv, [], fv, kinds, expect)
    return writer


def frame_too_deep() -> CaseWriter:
    """More values at an exit than slots addressable from x19: refused, not miscompiled."""
    t = Trace()
    a = t.input(INT)
    values = [t.op(rop.INT_ADD, [a, ConstInt(k)]) for k in range(4100)]
    t.op(rop.FINISH, values, Exit("finish"))
    writer = CaseWriter("aarch64 frame too deep", 64)
    tid = writer.trace(t.inputargs, t.ops)
    writer.lines.append(f"loop {tid} raises the jitframe is deeper than the 4096 slots "
                        "AArch64 addresses directly")
    return writer


def test_aarch64_forms() -> None:
    BACKEND.check([displacements(), immediates(), stack_arguments(), frame_too_deep()],
                  __file__)
