"""The reference executor on hand-written traces with known results (CPython)."""

from __future__ import annotations

import ctypes
import math

import pytest

from jit.metainterp import resoperation as rop
from jit.metainterp.executor import ExecError, execute_trace, word_bits
from jit.metainterp.resoperation import (
    FLOAT, INT, REF, CallDescr, ConstFloat, ConstInt, ConstPtr, FieldDescr, InputArg,
    ResOperation, SizeDescr, TargetToken,
)
from jit.optimizer.resumedescr import PendingField, ResumeGuardDescr, VirtualInfo
from toolchain.rlib import rawmem

F_BYTE = FieldDescr("S.b", 0, 1, True, INT, False)
F_UBYTE = FieldDescr("S.ub", 1, 1, False, INT, False)
F_SHORT = FieldDescr("S.s", 2, 2, True, INT, False)
F_INT = FieldDescr("S.i", 4, 4, True, INT, False)
F_WORD = FieldDescr("S.w", 8, 8, True, INT, False)
F_DBL = FieldDescr("S.d", 16, 8, True, FLOAT, False)
F_REF = FieldDescr("S.r", 24, 8, False, REF, False)
S_SIZE = SizeDescr(32, 0)


def op(opnum: int, *args: rop.AbstractValue, descr: rop.AbstractDescr | None = None,
       fail: list[rop.AbstractValue] | None = None) -> ResOperation:
    result = ResOperation(opnum, list(args), descr)
    if fail is not None:
        result.fail_args = fail
    return result


def test_word_bits_on_cpython() -> None:
    assert word_bits() == 64


def test_arithmetic_wraps_at_the_word() -> None:
    i0 = InputArg(INT, 0)
    a = op(rop.INT_ADD, i0, ConstInt(1))
    m = op(rop.INT_MUL, a, ConstInt(2))
    s = op(rop.UINT_RSHIFT, ConstInt(-1), ConstInt(60))
    lt = op(rop.UINT_LT, ConstInt(1), ConstInt(-1))
    fin = op(rop.FINISH, a, m, s, lt)
    result = execute_trace([i0], [a, m, s, lt, fin], [2**63 - 1], [], [])
    assert result.guard is None
    assert result.ints == [-2**63, 0, 15, 1]


def test_overflow_flag_feeds_the_guard() -> None:
    i0 = InputArg(INT, 0)
    add = op(rop.INT_ADD_OVF, i0, ConstInt(1))
    guard = op(rop.GUARD_NO_OVERFLOW, fail=[i0])
    fin = op(rop.FINISH, add)
    ops = [add, guard, fin]
    assert execute_trace([i0], ops, [5], [], []).ints == [6]
    failed = execute_trace([i0], ops, [2**63 - 1], [], [])
    assert failed.guard is guard
    assert failed.ints == [2**63 - 1]


def test_loop_sums_until_the_guard_fails() -> None:
    i0, i1 = InputArg(INT, 0), InputArg(INT, 1)
    token = TargetToken(0)
    label = op(rop.LABEL, i0, i1, descr=token)
    total = op(rop.INT_ADD, i1, i0)
    nxt = op(rop.INT_SUB, i0, ConstInt(1))
    cond = op(rop.INT_GT, nxt, ConstInt(0))
    guard = op(rop.GUARD_TRUE, cond, fail=[nxt, total])
    jump = op(rop.JUMP, nxt, total, descr=token)
    result = execute_trace([i0, i1], [label, total, nxt, cond, guard, jump], [10, 0], [], [])
    assert result.guard is guard
    assert result.ints == [0, 55]


def test_fields_sign_and_zero_extend() -> None:
    p0 = InputArg(REF, 0)
    ops = [op(rop.SETFIELD_GC, p0, ConstInt(value), descr=descr)
           for descr, value in [(F_BYTE, 0x1FF), (F_UBYTE, -1), (F_SHORT, 0x18000),
                                (F_INT, 2**31), (F_WORD, -7)]]
    ops.append(op(rop.SETFIELD_GC, p0, ConstFloat(2.5), descr=F_DBL))
    reads = [op(rop.GETFIELD_GC_I, p0, descr=d) for d in (F_BYTE, F_UBYTE, F_SHORT, F_INT,
                                                          F_WORD)]
    fread = op(rop.GETFIELD_GC_F, p0, descr=F_DBL)
    ops += reads + [fread, op(rop.FINISH, *reads, fread)]
    struct = rawmem.raw_malloc(32)
    result = execute_trace([p0], ops, [], [struct], [])
    assert result.ints == [-1, 255, -32768, -2**31, -7]
    assert result.floats == [2.5]
    assert rawmem.raw_load_word(struct, 8) == -7


def test_new_with_vtable_and_guard_class() -> None:
    descr = SizeDescr(32, 0x1234)
    new = op(rop.NEW_WITH_VTABLE, descr=descr)
    setf = op(rop.SETFIELD_GC, new, ConstInt(9), descr=F_WORD)
    ok = op(rop.GUARD_CLASS, new, ConstInt(0x1234), fail=[])
    bad = op(rop.GUARD_CLASS, new, ConstInt(0x999), fail=[new])
    result = execute_trace([], [new, setf, ok, bad, op(rop.FINISH)], [], [], [])
    assert result.guard is bad
    assert rawmem.raw_load_word(result.refs[0], 0) == 0x1234
    assert rawmem.raw_load_word(result.refs[0], 8) == 9


def test_float_operations_follow_ieee() -> None:
    f0 = InputArg(FLOAT, 0)
    div = op(rop.FLOAT_TRUEDIV, f0, ConstFloat(0.0))
    ndiv = op(rop.FLOAT_TRUEDIV, f0, ConstFloat(-0.0))
    nan = op(rop.FLOAT_TRUEDIV, ConstFloat(0.0), ConstFloat(0.0))
    absn = op(rop.FLOAT_ABS, ConstFloat(-0.0))
    cast = op(rop.CAST_FLOAT_TO_INT, ConstFloat(-3.9))
    lt = op(rop.FLOAT_LT, nan, f0)
    ops = [div, ndiv, nan, absn, cast, lt, op(rop.FINISH, div, ndiv, nan, absn, cast, lt)]
    result = execute_trace([f0], ops, [], [], [1.5])
    assert result.floats[:2] == [math.inf, -math.inf]
    assert math.isnan(result.floats[2])
    assert math.copysign(1.0, result.floats[3]) == 1.0
    assert result.ints == [-3, 0]


def test_calls_through_an_address() -> None:
    libc = ctypes.CDLL(None)
    labs = ctypes.cast(libc.labs, ctypes.c_void_p).value
    libm = ctypes.CDLL("libm.so.6")
    sqrt = ctypes.cast(libm.sqrt, ctypes.c_void_p).value
    i0 = InputArg(INT, 0)
    c1 = op(rop.CALL_I, ConstInt(labs), i0, descr=CallDescr([INT], INT, False, False))
    c2 = op(rop.CALL_F, ConstInt(sqrt), ConstFloat(2.25),
            descr=CallDescr([FLOAT], FLOAT, False, True))
    result = execute_trace([i0], [c1, c2, op(rop.FINISH, c1, c2)], [-42], [], [])
    assert result.ints == [42] and result.floats == [1.5]


def test_guard_no_exception_reads_the_exception_word() -> None:
    """A callee raises by leaving its exception in the word at exception_address(); the
    guard after the call fails then, and passes when the callee left it 0. The executor
    takes the exception out of the word into its result."""
    word = ctypes.c_long.from_address(rawmem.exception_address())

    def raise_if(flag: int) -> int:
        if flag:
            word.value = 0x1230
        return flag * 2

    callback = ctypes.CFUNCTYPE(ctypes.c_long, ctypes.c_long)(raise_if)
    address = ctypes.cast(callback, ctypes.c_void_p).value
    i0 = InputArg(INT, 0)
    call = op(rop.CALL_I, ConstInt(address), i0, descr=CallDescr([INT], INT, True, False))
    guard = op(rop.GUARD_NO_EXCEPTION, fail=[i0, call])
    ops = [call, guard, op(rop.FINISH, call)]
    assert word.value == 0
    passed = execute_trace([i0], ops, [0], [], [])
    assert passed.guard is None and passed.ints == [0] and passed.exception == 0
    failed = execute_trace([i0], ops, [5], [], [])
    assert failed.guard is guard and failed.ints == [5, 10]
    assert failed.exception == 0x1230 and word.value == 0


def test_failing_guard_materialises_virtuals() -> None:
    i0 = InputArg(INT, 0)
    placeholder = ConstPtr(0)
    guard = op(rop.GUARD_TRUE, ConstInt(0), fail=[i0, placeholder, ConstFloat(0.5)])
    descr = ResumeGuardDescr()
    outer = VirtualInfo(S_SIZE, 0)
    outer.fielddescrs = [F_WORD, F_REF, F_DBL]
    outer.fieldnums = [0, -2, 2]
    inner = VirtualInfo(SizeDescr(32, 0x77), 0x77)
    inner.fielddescrs = [F_REF]
    inner.fieldnums = [-1]        # points back at the outer one: a cycle
    descr.virtuals = [outer, inner]
    descr.virtual_slots = [-1, 0]
    guard.descr = descr
    result = execute_trace([i0], [guard, op(rop.FINISH)], [5], [], [])
    assert result.guard is guard
    assert result.ints == [5] and result.floats == []
    obj = result.refs[0]
    assert rawmem.raw_load_word(obj, 8) == 5
    assert rawmem.raw_load_double(obj, 16) == 0.5
    other = rawmem.raw_load_word(obj, 24)
    assert rawmem.raw_load_word(other, 0) == 0x77
    assert rawmem.raw_load_word(other, 24) == obj


def test_failing_guard_does_its_pending_writes() -> None:
    """Writes the optimizer held past the guard reach memory when it fails (small fields
    truncated), and only then."""
    r0 = InputArg(REF, 0)
    f1 = InputArg(FLOAT, 1)
    i2 = InputArg(INT, 2)
    guard = op(rop.GUARD_TRUE, i2, fail=[i2, r0, ConstInt(0x1FF), f1])
    descr = ResumeGuardDescr()
    descr.virtual_slots = [-1]
    descr.pending = [PendingField(F_UBYTE, 1, 2), PendingField(F_DBL, 1, 3),
                     PendingField(F_WORD, 1, 0)]
    guard.descr = descr
    ops = [guard, op(rop.FINISH)]
    for condition, written in [(1, False), (0, True)]:
        obj = rawmem.raw_malloc(32)
        result = execute_trace([r0, f1, i2], ops, [condition], [obj], [2.5])
        assert (result.guard is guard) == written
        assert rawmem.raw_load_byte(obj, 1) == (0xFF if written else 0)
        assert rawmem.raw_load_double(obj, 16) == (2.5 if written else 0.0)
        assert rawmem.raw_load_word(obj, 8) == 0
        assert result.ints == ([0] if written else [])


@pytest.mark.parametrize("ops, message", [
    ([op(rop.INT_LSHIFT, ConstInt(1), ConstInt(64))], "shift count 64"),
    ([op(rop.INT_ADD, ConstInt(1), ConstInt(2))], "ends without FINISH"),
    ([op(rop.JUMP, descr=TargetToken(3))], "not in the trace"),
    ([op(rop.CAST_FLOAT_TO_INT, ConstFloat(1e30))], "does not fit a word"),
])
def test_malformed_traces_are_reported(ops: list[ResOperation], message: str) -> None:
    with pytest.raises(ExecError) as info:
        execute_trace([], ops, [], [], [])
    assert message in info.value.message


def test_a_loop_that_does_not_end_is_stopped() -> None:
    token = TargetToken(1)
    ops = [op(rop.LABEL, descr=token), op(rop.JUMP, descr=token)]
    with pytest.raises(ExecError) as info:
        execute_trace([], ops, [], [], [], 50)
    assert info.value.message == "the loop did not end after 50 jumps"


def test_missing_inputs_are_reported() -> None:
    with pytest.raises(ExecError) as info:
        execute_trace([InputArg(INT, 0), InputArg(FLOAT, 1)], [op(rop.FINISH)], [1], [], [])
    assert info.value.message == "too few float inputs"
