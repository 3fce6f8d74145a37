"""The shared backend suite. A backend's test module subclasses `BackendSuite` and
provides `make_cpu()`; every test builds traces by hand and checks the backend against the
reference executor (or, where the executor has no signature for a call, against Python).
"""

from __future__ import annotations

import ctypes
import math

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runner import helpers
from runner.randomtrace import random_bridge, random_case
from runner.traces import (Exit, Memory, Trace, expected_descr, float_key, run_both,
                           same_memory, split)

from jit.backend.codealloc import PAGE_SIZE
from jit.backend.model import AbstractCPU, BackendError, LoopToken
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (FLOAT, INT, REF, ArrayDescr, CallDescr, ConstFloat,
                                         ConstInt, ConstPtr, FieldDescr, SizeDescr,
                                         TargetToken)
from jit.metainterp.executor import execute_trace
from toolchain.rlib.rawmem import raw_malloc

BIG = 0x123456789AB
INTS = [0, 1, -1, 7, -100, 2**31, -2**31 - 1, BIG, 2**63 - 1, -2**63]
INT_BINOPS = [rop.INT_ADD, rop.INT_SUB, rop.INT_MUL, rop.INT_AND, rop.INT_OR, rop.INT_XOR,
              rop.INT_LT, rop.INT_LE, rop.INT_EQ, rop.INT_NE, rop.INT_GT, rop.INT_GE,
              rop.UINT_LT, rop.UINT_GE, rop.PTR_EQ, rop.PTR_NE]
INT_UNARY = [rop.INT_NEG, rop.INT_INVERT, rop.INT_IS_TRUE, rop.INT_IS_ZERO, rop.SAME_AS_I]
FLOATS = [0.0, -0.0, 1.5, -2.25, 1e300, math.inf, -math.inf, math.nan]
FLOAT_BINOPS = [rop.FLOAT_ADD, rop.FLOAT_SUB, rop.FLOAT_MUL, rop.FLOAT_TRUEDIV]
FLOAT_COMPARES = [rop.FLOAT_LT, rop.FLOAT_LE, rop.FLOAT_EQ, rop.FLOAT_NE, rop.FLOAT_GT,
                  rop.FLOAT_GE]
COMPARES = INT_BINOPS[6:]


def finish(t: Trace, values: list) -> None:
    t.op(rop.FINISH, values, Exit("finish"))


class BackendSuite:
    """Subclass with `make_cpu` returning a fresh backend CPU."""

    RANDOM_TRACES = 1000        # seeds 0..N-1, each reproducible alone (see below)

    def make_cpu(self) -> AbstractCPU:
        raise NotImplementedError

    @pytest.fixture
    def cpu(self) -> AbstractCPU:
        return self.make_cpu()

    # -- integers ------------------------------------------------------------------------

    @pytest.mark.parametrize("opnum", INT_BINOPS, ids=lambda n: rop.OPNAMES[n])
    def test_int_binop_forms(self, cpu: AbstractCPU, opnum: int) -> None:
        """Register-register, register-immediate, a constant too big for an immediate,
        a constant first, the same value twice, and a result kept alongside its inputs."""
        t = Trace()
        a, b = t.input(INT), t.input(INT)
        rr = t.op(opnum, [a, b])
        ri = t.op(opnum, [a, ConstInt(-5)])
        big = t.op(opnum, [b, ConstInt(BIG)])
        first = t.op(opnum, [ConstInt(12), a])
        same = t.op(opnum, [b, b])
        finish(t, [rr, ri, big, first, same, a, b])
        for x in INTS[::3]:
            for y in INTS[1::2]:
                run_both(cpu, t, [x, y], [], [])

    @pytest.mark.parametrize("opnum", INT_UNARY, ids=lambda n: rop.OPNAMES[n])
    def test_int_unary(self, cpu: AbstractCPU, opnum: int) -> None:
        t = Trace()
        a = t.input(INT)
        res = t.op(opnum, [a])
        finish(t, [res, a])
        for x in INTS:
            run_both(cpu, t, [x], [], [])

    @pytest.mark.parametrize("opnum", [rop.INT_LSHIFT, rop.INT_RSHIFT, rop.UINT_RSHIFT],
                             ids=lambda n: rop.OPNAMES[n])
    def test_shifts(self, cpu: AbstractCPU, opnum: int) -> None:
        t = Trace()
        a, n = t.input(INT), t.input(INT)
        var = t.op(opnum, [a, n])
        const = t.op(opnum, [a, ConstInt(13)])
        count_first = t.op(opnum, [n, n])
        finish(t, [var, const, count_first, n, a])
        for x in [1, -1, BIG, -BIG, 2**63 - 1]:
            for count in [0, 1, 5, 31, 32, 63]:
                run_both(cpu, t, [x, count], [], [])

    @pytest.mark.parametrize("opnum", [rop.INT_ADD_OVF, rop.INT_SUB_OVF, rop.INT_MUL_OVF],
                             ids=lambda n: rop.OPNAMES[n])
    @pytest.mark.parametrize("guard", [rop.GUARD_NO_OVERFLOW, rop.GUARD_OVERFLOW],
                             ids=["no_overflow", "overflow"])
    def test_overflow_guards_pass_and_fail(self, cpu: AbstractCPU, opnum: int,
                                           guard: int) -> None:
        t = Trace()
        a, b = t.input(INT), t.input(INT)
        res = t.op(opnum, [a, b])
        t.guard(guard, [], [a, b], "ovf")
        finish(t, [res])
        exits = set()
        for x, y in [(3, 4), (2**62, 2**62), (-2**63, 1), (2**63 - 1, -1), (-2**62, 3)]:
            dead, result = run_both(cpu, t, [x, y], [], [])
            exits.add(result.guard is None)
        assert exits == {True, False}, "both the passing and the failing path must run"

    # -- floats --------------------------------------------------------------------------

    @pytest.mark.parametrize("opnum", FLOAT_BINOPS + FLOAT_COMPARES,
                             ids=lambda n: rop.OPNAMES[n])
    def test_float_binop(self, cpu: AbstractCPU, opnum: int) -> None:
        t = Trace()
        a, b = t.input(FLOAT), t.input(FLOAT)
        rr = t.op(opnum, [a, b])
        rc = t.op(opnum, [a, ConstFloat(2.5)])
        same = t.op(opnum, [b, b])
        finish(t, [rr, rc, same, a])
        for x in FLOATS:
            for y in FLOATS[::2] + [math.nan]:
                run_both(cpu, t, [], [], [x, y])

    def test_float_unary_and_casts(self, cpu: AbstractCPU) -> None:
        t = Trace()
        f, i = t.input(FLOAT), t.input(INT)
        neg = t.op(rop.FLOAT_NEG, [f])
        ab = t.op(rop.FLOAT_ABS, [f])
        same = t.op(rop.SAME_AS_F, [f])
        tofloat = t.op(rop.CAST_INT_TO_FLOAT, [i])
        back = t.op(rop.CAST_FLOAT_TO_INT, [tofloat])
        finish(t, [neg, ab, same, tofloat, back, f])
        for x in [0.0, -0.0, 1.75, -3.5, math.inf, -math.inf, math.nan]:
            for n in [0, -7, 2**53 + 1, -2**62]:
                run_both(cpu, t, [n], [], [x])

    def test_float_to_int_truncates(self, cpu: AbstractCPU) -> None:
        t = Trace()
        f = t.input(FLOAT)
        finish(t, [t.op(rop.CAST_FLOAT_TO_INT, [f])])
        for x in [0.5, -0.5, 2.999, -2.999, 1e18, -1e18]:
            run_both(cpu, t, [], [], [x])

    # -- memory --------------------------------------------------------------------------

    def test_fields_of_every_size(self, cpu: AbstractCPU) -> None:
        mem = Memory()
        buf = raw_malloc(64)
        mem.add(buf, 64)
        ctypes.memmove(buf, bytes(range(200, 256)) + bytes(range(8)), 64)
        t = Trace()
        p, v, f = t.input(REF), t.input(INT), t.input(FLOAT)
        out = []
        offset = 0
        for size in [1, 2, 4, 8]:
            for signed in [True, False]:
                d = FieldDescr(f"f{size}{signed}", offset, size, signed, INT, False)
                out.append(t.op(rop.GETFIELD_GC_I, [p], d))
                t.op(rop.SETFIELD_GC, [p, v], d)
                out.append(t.op(rop.GETFIELD_GC_I, [p], d))
                offset += 8
        fd = FieldDescr("f", 48, 8, True, FLOAT, False)
        out.append(t.op(rop.GETFIELD_GC_F, [p], fd))
        t.op(rop.SETFIELD_GC, [p, f], fd)
        rd = FieldDescr("r", 56, 8, False, REF, False)
        t.op(rop.SETFIELD_GC, [p, p], rd)
        out.append(t.op(rop.GETFIELD_GC_R, [p], rd))
        t.op(rop.SETFIELD_GC, [p, ConstInt(-3)], FieldDescr("c", 0, 2, True, INT, False))
        finish(t, out)
        for value in [-1, 0x1234_5678_9ABC_DEF0, 0x80, -129]:
            run_both(cpu, t, [value], [buf], [2.5], mem)

    @pytest.mark.parametrize("item_size", [1, 2, 4, 8])
    def test_array_items(self, cpu: AbstractCPU, item_size: int) -> None:
        mem = Memory()
        arr = raw_malloc(16 + 8 * 8)
        mem.add(arr, 16 + 8 * 8)
        ctypes.memmove(arr, bytes((i * 37) & 0xFF for i in range(80)), 80)
        ctypes.c_long.from_address(arr + 8).value = 8
        d = ArrayDescr(16, item_size, 8, True, INT)
        du = ArrayDescr(16, item_size, 8, False, INT)
        t = Trace()
        a, i, v = t.input(REF), t.input(INT), t.input(INT)
        out = [t.op(rop.GETARRAYITEM_GC_I, [a, i], d), t.op(rop.GETARRAYITEM_GC_I, [a, i], du),
               t.op(rop.GETARRAYITEM_GC_I, [a, ConstInt(3)], d), t.op(rop.ARRAYLEN_GC, [a], d)]
        t.op(rop.SETARRAYITEM_GC, [a, i, v], d)
        t.op(rop.SETARRAYITEM_GC, [a, ConstInt(7), v], d)
        out.append(t.op(rop.GETARRAYITEM_GC_I, [a, i], d))
        raw = ArrayDescr(0, item_size, 0, True, INT)
        out.append(t.op(rop.RAW_LOAD_I, [a, ConstInt(17)], raw))
        t.op(rop.RAW_STORE, [a, i, v], raw)
        out.append(t.op(rop.RAW_LOAD_I, [a, i], raw))
        finish(t, out)
        for index in [0, 2, 5]:
            for value in [-2, 0x7F7F_7F7F_7F7F, 200]:
                run_both(cpu, t, [index, value], [arr], [], mem)

    def test_float_and_ref_arrays_and_raw_floats(self, cpu: AbstractCPU) -> None:
        mem = Memory()
        arr = raw_malloc(8 + 8 * 4)
        mem.add(arr, 40)
        for k in range(4):
            ctypes.c_double.from_address(arr + 8 + 8 * k).value = k * 1.25
        fd = ArrayDescr(8, 8, 0, True, FLOAT)
        rd = ArrayDescr(8, 8, 0, False, REF)
        t = Trace()
        a, i, x = t.input(REF), t.input(INT), t.input(FLOAT)
        out = [t.op(rop.GETARRAYITEM_GC_F, [a, i], fd), t.op(rop.RAW_LOAD_F, [a, ConstInt(16)])]
        t.op(rop.SETARRAYITEM_GC, [a, i, x], fd)
        t.op(rop.RAW_STORE, [a, ConstInt(32), x])
        out.append(t.op(rop.GETARRAYITEM_GC_R, [a, ConstInt(0)], rd))
        out.append(t.op(rop.RAW_LOAD_F, [a, i]))
        finish(t, out)
        for index in [0, 3]:
            run_both(cpu, t, [index], [arr], [-7.5], mem)

    def test_new_objects_and_arrays(self, cpu: AbstractCPU) -> None:
        size = SizeDescr(32, 0)
        with_vtable = SizeDescr(24, 0xABCDEF12345)
        arr = ArrayDescr(16, 4, 8, True, INT)
        t = Trace()
        n, v = t.input(INT), t.input(INT)
        keep = t.op(rop.INT_ADD, [n, v])       # lives across the allocation calls
        obj = t.op(rop.NEW, [], size)
        field = FieldDescr("x", 8, 8, True, INT, False)
        t.op(rop.SETFIELD_GC, [obj, v], field)
        vobj = t.op(rop.NEW_WITH_VTABLE, [], with_vtable)
        array = t.op(rop.NEW_ARRAY, [n], arr)
        const_array = t.op(rop.NEW_ARRAY, [ConstInt(5)], arr)
        t.op(rop.SETARRAYITEM_GC, [array, ConstInt(0), keep], arr)
        out = [t.op(rop.GETFIELD_GC_I, [obj, ], field),
               t.op(rop.GETFIELD_GC_I, [obj], FieldDescr("z", 16, 8, True, INT, False)),
               t.op(rop.GETFIELD_GC_I, [vobj], FieldDescr("typeptr", 0, 8, False, INT, False)),
               t.op(rop.ARRAYLEN_GC, [array], arr), t.op(rop.ARRAYLEN_GC, [const_array], arr),
               t.op(rop.GETARRAYITEM_GC_I, [array, ConstInt(0)], arr),
               t.op(rop.GETARRAYITEM_GC_I, [const_array, ConstInt(4)], arr), keep, n]
        finish(t, out)
        for length in [1, 3, 100]:
            run_both(cpu, t, [length, -9], [], [])

    # -- calls ---------------------------------------------------------------------------

    def test_calls_match_the_executor(self, cpu: AbstractCPU) -> None:
        t = Trace()
        a, b, x = t.input(INT), t.input(INT), t.input(FLOAT)
        live = [t.op(rop.INT_ADD, [a, ConstInt(k)]) for k in range(12)]
        flive = [t.op(rop.FLOAT_ADD, [x, ConstFloat(k)]) for k in range(4)]
        c1 = t.op(rop.CALL_I, [ConstInt(helpers.SUB3), b, a], CallDescr([INT, INT], INT,
                                                                     False, False))
        c2 = t.op(rop.CALL_F, [ConstInt(helpers.POW), x, ConstFloat(0.5)],
                  CallDescr([FLOAT, FLOAT], FLOAT, False, False))
        c3 = t.op(rop.CALL_F, [ConstInt(helpers.POW), c2, x],
                  CallDescr([FLOAT, FLOAT], FLOAT, False, False))
        fn = t.op(rop.SAME_AS_I, [ConstInt(helpers.LABS)])
        c4 = t.op(rop.CALL_PURE_I, [fn, a], CallDescr([INT], INT, False, True))
        t.op(rop.CALL_N, [ConstInt(helpers.LABS), b], CallDescr([INT], INT, False, False))
        t.guard(rop.GUARD_NO_EXCEPTION, [], [a])
        finish(t, [c1, c2, c3, c4] + live + flive)
        for ia, ib in [(5, 100), (-7, 3), (BIG, -BIG)]:
            run_both(cpu, t, [ia, ib], [], [2.25])

    def test_calls_with_stack_arguments(self, cpu: AbstractCPU) -> None:
        """More arguments than registers (the executor has no such signatures: the
        expected values are computed here)."""
        t = Trace()
        ints = [t.input(INT) for _ in range(8)]
        floats = [t.input(FLOAT) for _ in range(10)]
        s8 = t.op(rop.CALL_I, [ConstInt(helpers.SUM8)] + ints[::-1],
                  CallDescr([INT] * 8, INT, False, False))
        f10 = t.op(rop.CALL_F, [ConstInt(helpers.FSUM10)] + floats,
                   CallDescr([FLOAT] * 10, FLOAT, False, False))
        mixed_args = []
        for k in range(6):
            mixed_args += [ints[k], floats[k]]
        m12 = t.op(rop.CALL_F, [ConstInt(helpers.MIXED12)] + mixed_args,
                   CallDescr([INT, FLOAT] * 6, FLOAT, False, False))
        finish(t, [s8, f10, m12] + ints + floats)
        token = LoopToken(1)
        cpu.compile_loop(t.inputargs, t.ops, token)
        iv = [3, -1, 7, 100, BIG, -5, 11, 2]
        fv = [0.5 * k - 1 for k in range(10)]
        dead = cpu.execute_token(token, iv, [], fv)
        got_ints, _, got_floats = split(cpu, dead)
        assert got_ints[0] == sum((i + 1) * v for i, v in enumerate(iv[::-1]))
        assert got_floats[0] == sum((i + 1) * v for i, v in enumerate(fv))
        mixed = []
        for k in range(6):
            mixed += [iv[k], fv[k]]
        assert got_floats[1] == sum((i + 1) * v for i, v in enumerate(mixed))
        assert got_ints[1:] == iv and got_floats[2:] == fv

    def test_guard_no_exception_after_a_raising_call(self, cpu: AbstractCPU) -> None:
        """RAISE_IF raises unless its argument is 0: the guard after it fails, handing
        back fail_args that lived across the call (spilled, constants, the call's own
        result), and the exception stays pending; with 0 the guard passes, and so does
        the guard after a second call that does not raise."""
        raising = CallDescr([INT], INT, True, False)
        t = Trace()
        a, b, x = t.input(INT), t.input(INT), t.input(FLOAT)
        live = [t.op(rop.INT_ADD, [b, ConstInt(k)]) for k in range(10)]
        f = t.op(rop.FLOAT_MUL, [x, ConstFloat(3.0)])
        res = t.op(rop.CALL_I, [ConstInt(helpers.RAISE_IF), a], raising)
        t.guard(rop.GUARD_NO_EXCEPTION, [], [res, f, ConstInt(-3)] + live, "raised")
        again = t.op(rop.CALL_I, [ConstInt(helpers.RAISE_IF), ConstInt(0)], raising)
        t.guard(rop.GUARD_NO_EXCEPTION, [], [again, a], "raised_again")
        finish(t, [res, again, f] + live)
        exits = set()
        for ia in [0, 7, -1, 0]:
            _, result = run_both(cpu, t, [ia, 100], [], [0.5])
            exits.add(result.guard.descr.name if result.guard else "finish")
        assert exits == {"raised", "finish"}

    def test_guard_no_exception_after_a_void_call(self, cpu: AbstractCPU) -> None:
        """CALL_N, the guard's exit path once the call has freed every caller-saved
        register, and a loop that leaves through the guard on its third iteration."""
        t = Trace()
        n, x = t.input(INT), t.input(FLOAT)
        tok = TargetToken(11)
        t.op(rop.LABEL, [n, x], tok)
        flag = t.op(rop.INT_EQ, [n, ConstInt(3)])
        t.op(rop.CALL_N, [ConstInt(helpers.RAISE_IF), flag], CallDescr([INT], INT, True,
                                                                       False))
        t.guard(rop.GUARD_NO_EXCEPTION, [], [n, x, flag], "raised")
        n2 = t.op(rop.INT_ADD, [n, ConstInt(1)])
        t.guard(rop.GUARD_TRUE, [t.op(rop.INT_LT, [n2, ConstInt(10)])], [n2], "bound")
        x2 = t.op(rop.FLOAT_ADD, [x, ConstFloat(0.25)])
        t.op(rop.JUMP, [n2, x2], tok)
        _, result = run_both(cpu, t, [0], [], [1.0])
        assert result.guard is not None and result.ints == [3, 1]

    # -- guards --------------------------------------------------------------------------

    @pytest.mark.parametrize("opnum", COMPARES, ids=lambda n: rop.OPNAMES[n])
    @pytest.mark.parametrize("guard", [rop.GUARD_TRUE, rop.GUARD_FALSE],
                             ids=["true", "false"])
    def test_compare_feeding_guard(self, cpu: AbstractCPU, opnum: int, guard: int) -> None:
        t = Trace()
        a, b = t.input(INT), t.input(INT)
        fused = t.op(opnum, [a, b])
        t.guard(guard, [fused], [b, a], "fused")
        kept = t.op(opnum, [a, ConstInt(3)])
        t.guard(guard, [kept], [kept, a], "kept")     # the result is a fail_arg too
        finish(t, [a])
        exits = set()
        for x in [-5, 1, 3, 4, 2**63 - 1]:
            for y in [-5, 0, 3, 2**63 - 1]:
                _, result = run_both(cpu, t, [x, y], [], [])
                exits.add(result.guard.descr.name if result.guard else "finish")
        assert exits == {"fused", "kept", "finish"}

    @pytest.mark.parametrize("opnum", FLOAT_COMPARES, ids=lambda n: rop.OPNAMES[n])
    def test_float_compare_feeding_guard(self, cpu: AbstractCPU, opnum: int) -> None:
        t = Trace()
        a, b = t.input(FLOAT), t.input(FLOAT)
        t.guard(rop.GUARD_TRUE, [t.op(opnum, [a, b])], [a, b], "true")
        t.guard(rop.GUARD_FALSE, [t.op(opnum, [b, ConstFloat(1.0)])], [b], "false")
        finish(t, [a])
        exits = set()
        for x in [0.0, 1.0, math.nan, -1.0, 3.0]:
            for y in [1.0, 0.0, math.nan, 2.0]:
                _, result = run_both(cpu, t, [], [], [x, y])
                exits.add(result.guard.descr.name if result.guard else "finish")
        assert exits == {"true", "false", "finish"}

    def test_every_guard_kind_fails(self, cpu: AbstractCPU) -> None:
        """Each guard kind passes for one input and fails for another, and the failing
        one hands back its fail_args (ints, refs and floats, constants among them)."""
        vtable = 0x5000
        obj = raw_malloc(16)
        ctypes.c_long.from_address(obj).value = vtable
        other = raw_malloc(16)
        ctypes.c_long.from_address(other).value = vtable + 8
        t = Trace()
        i, p, f = t.input(INT), t.input(REF), t.input(FLOAT)
        fail = [i, p, f, ConstInt(-4), ConstFloat(0.25), ConstPtr(obj)]
        t.guard(rop.GUARD_TRUE, [i], fail, "true")
        t.guard(rop.GUARD_FALSE, [t.op(rop.INT_EQ, [i, ConstInt(5)])], fail[::-1], "false")
        t.guard(rop.GUARD_VALUE, [i, ConstInt(7)], fail, "value")
        t.guard(rop.GUARD_VALUE, [f, ConstFloat(1.5)], fail, "fvalue")
        t.guard(rop.GUARD_NONNULL, [p], fail, "nonnull")
        t.guard(rop.GUARD_CLASS, [p, ConstInt(vtable)], fail, "class")
        q = t.op(rop.GETFIELD_GC_R, [p], FieldDescr("next", 8, 8, False, REF, False))
        t.guard(rop.GUARD_ISNULL, [q], [q] + fail, "isnull")
        t.guard(rop.GUARD_NO_EXCEPTION, [], fail, "no_exception")
        s = t.op(rop.INT_MUL_OVF, [i, i])
        t.guard(rop.GUARD_NO_OVERFLOW, [], [s] + fail, "no_overflow")
        s2 = t.op(rop.INT_ADD_OVF, [i, ConstInt(2**62)])
        t.guard(rop.GUARD_OVERFLOW, [], [s2] + fail, "overflow")
        finish(t, [s2])
        mem = Memory()
        mem.add(obj, 16)
        cases = {"true": ([0], [obj], [1.5]),
                 "false": ([5], [obj], [1.5]),
                 "value": ([8], [obj], [1.5]),
                 "fvalue": ([7], [obj], [math.nan]),
                 "nonnull": ([7], [0], [1.5]),
                 "class": ([7], [other], [1.5]),
                 "isnull": ([7], [obj], [1.5])}
        seen = set()
        for name, (ints, refs, floats) in cases.items():
            ctypes.c_long.from_address(obj + 8).value = obj if name == "isnull" else 0
            _, result = run_both(cpu, t, ints, refs, floats, mem)
            assert result.guard is not None and result.guard.descr.name == name
            seen.add(name)
        ctypes.c_long.from_address(obj + 8).value = 0
        # 7 passes every earlier guard; 2**32 + 7 does not fit the first ones, so these
        # two runs use a trace where only the overflow guards remain.
        t2 = Trace()
        j = t2.input(INT)
        s = t2.op(rop.INT_MUL_OVF, [j, j])
        t2.guard(rop.GUARD_NO_OVERFLOW, [], [s, j], "no_overflow")
        s2 = t2.op(rop.INT_ADD_OVF, [j, ConstInt(2**62)])
        t2.guard(rop.GUARD_OVERFLOW, [], [s2, j], "overflow")
        finish(t2, [s2])
        for value, name in [(2**32 + 7, "no_overflow"), (7, "overflow")]:
            _, result = run_both(cpu, t2, [value], [], [])
            assert result.guard is not None and result.guard.descr.name == name
            seen.add(name)
        assert seen == {"true", "false", "value", "fvalue", "nonnull", "class", "isnull",
                        "no_overflow", "overflow"}

    # -- loops, register pressure, bridges ---------------------------------------------

    def test_loop_with_preamble(self, cpu: AbstractCPU) -> None:
        """A preamble, then a LABEL; a value from the preamble (not a LABEL argument) is
        used in the body, and the JUMP swaps two arguments (a parallel-move cycle)."""
        t = Trace()
        n, x, y = t.input(INT), t.input(INT), t.input(INT)
        k = t.op(rop.INT_MUL, [n, ConstInt(3)])
        f = t.op(rop.CAST_INT_TO_FLOAT, [k])
        tok = TargetToken(7)
        t.op(rop.LABEL, [n, x, y], tok)
        acc = t.op(rop.INT_ADD, [x, k])
        left = t.op(rop.INT_SUB, [n, ConstInt(1)])
        t.guard(rop.GUARD_TRUE, [t.op(rop.INT_GT, [left, ConstInt(0)])], [acc, y, f], "end")
        t.op(rop.JUMP, [left, y, acc], tok)
        for count in [1, 2, 7, 1000]:
            run_both(cpu, t, [count, 1, 2], [], [])

    def test_register_pressure_spills(self, cpu: AbstractCPU) -> None:
        t = Trace()
        a, x = t.input(INT), t.input(FLOAT)
        ints = [t.op(rop.INT_MUL, [a, ConstInt(k + 2)]) for k in range(40)]
        floats = [t.op(rop.FLOAT_MUL, [x, ConstFloat(k + 0.5)]) for k in range(40)]
        total = ints[0]
        for v in ints[1:]:
            total = t.op(rop.INT_XOR, [total, v])
        ftotal = floats[0]
        for v in floats[1:]:
            ftotal = t.op(rop.FLOAT_SUB, [v, ftotal])
        t.guard(rop.GUARD_VALUE, [total, ConstInt(0)], ints + floats, "spilled")
        finish(t, [total, ftotal] + ints[::-1])
        for value in [0, 3, -BIG]:
            run_both(cpu, t, [value], [], [1.5])

    def test_bridge_finishes_and_jumps_back(self, cpu: AbstractCPU) -> None:
        """sum of 1..n where odd numbers count double: the loop's guard fails on odd
        numbers and a bridge, compiled after the first failure, handles them."""
        loop = Trace()
        n, acc = loop.input(INT), loop.input(INT)
        tok = TargetToken(3)
        loop.op(rop.LABEL, [n, acc], tok)
        odd = loop.op(rop.INT_AND, [n, ConstInt(1)])
        odd_guard = loop.guard(rop.GUARD_FALSE, [odd], [n, acc], "odd")
        acc2 = loop.op(rop.INT_ADD, [acc, n])
        n2 = loop.op(rop.INT_SUB, [n, ConstInt(1)])
        loop.guard(rop.GUARD_TRUE, [loop.op(rop.INT_GT, [n2, ConstInt(0)])], [acc2], "done")
        loop.op(rop.JUMP, [n2, acc2], tok)
        token = LoopToken(2)
        cpu.compile_loop(loop.inputargs, loop.ops, token)
        dead = cpu.execute_token(token, [10, 0], [], [])
        assert dead.descr is odd_guard.descr and split(cpu, dead)[0] == [9, 10]
        bridge = Trace()
        bn, bacc = bridge.input(INT), bridge.input(INT)
        twice = bridge.op(rop.INT_ADD, [bacc, bridge.op(rop.INT_MUL, [bn, ConstInt(2)])])
        bn2 = bridge.op(rop.INT_SUB, [bn, ConstInt(1)])
        bridge.guard(rop.GUARD_TRUE, [bridge.op(rop.INT_GT, [bn2, ConstInt(0)])], [twice],
                     "bridge_done")
        bridge.op(rop.JUMP, [bn2, twice], tok)
        cpu.compile_bridge(odd_guard.descr, bridge.inputargs, bridge.ops, token)
        for start in [10, 9, 1]:
            dead = cpu.execute_token(token, [start, 0], [], [])
            want = sum(k * (2 if k % 2 else 1) for k in range(1, start + 1))
            assert dead.descr.name in ("done", "bridge_done")
            assert split(cpu, dead)[0] == [want]
        for block in token.blocks:
            assert helpers.mapping_permissions(block.address)[:3] == "r-x"

    # -- code memory ---------------------------------------------------------------------

    def test_code_is_never_writable_and_executable(self, cpu: AbstractCPU) -> None:
        t = Trace()
        a = t.input(INT)
        g = t.guard(rop.GUARD_TRUE, [a], [a], "g")
        finish(t, [a])
        token = LoopToken(4)
        cpu.compile_loop(t.inputargs, t.ops, token)
        assert len(token.blocks) == 1
        assert helpers.mapping_permissions(token.blocks[0].address)[:3] == "r-x"
        b = Trace()
        x = b.input(INT)
        finish(b, [b.op(rop.INT_ADD, [x, ConstInt(1)])])
        cpu.compile_bridge(g.descr, b.inputargs, b.ops, token)
        for block in token.blocks:
            assert helpers.mapping_permissions(block.address)[:3] == "r-x"
        assert split(cpu, cpu.execute_token(token, [0], [], []))[0] == [1]

    def test_freed_code_is_reused(self, cpu: AbstractCPU) -> None:
        def make(constant: int) -> tuple[Trace, LoopToken]:
            t = Trace()
            a = t.input(INT)
            finish(t, [t.op(rop.INT_ADD, [a, ConstInt(constant)])])
            token = LoopToken(constant)
            cpu.compile_loop(t.inputargs, t.ops, token)
            return t, token
        _, first = make(1)
        address = first.blocks[0].address
        cpu.free_loop(first)
        assert cpu.code.allocated == 0
        _, second = make(2)
        assert second.blocks[0].address == address
        assert helpers.mapping_permissions(address)[:3] == "r-x"
        assert split(cpu, cpu.execute_token(second, [40], [], []))[0] == [42]

    def test_traces_share_pages_and_stay_executable(self, cpu: AbstractCPU) -> None:
        """Small traces are packed into shared pages; writing a later one switches the
        shared page to read/write and back, after which the earlier ones still run."""
        tokens = []
        for k in range(3):
            t = Trace()
            a = t.input(INT)
            finish(t, [t.op(rop.INT_ADD, [a, ConstInt(100 * k)])])
            token = LoopToken(30 + k)
            cpu.compile_loop(t.inputargs, t.ops, token)
            tokens.append(token)
        pages = {token.blocks[0].address // PAGE_SIZE for token in tokens}
        assert len(pages) < 3      # at most one chunk boundary falls between them
        for k, token in enumerate(tokens):
            assert helpers.mapping_permissions(token.blocks[0].address)[:3] == "r-x"
            assert split(cpu, cpu.execute_token(token, [k], [], []))[0] == [101 * k]
        allocated = cpu.code.allocated
        for token in tokens:
            cpu.free_loop(token)
        assert cpu.code.allocated == allocated - 3

    # -- errors --------------------------------------------------------------------------

    def test_malformed_traces_are_reported(self, cpu: AbstractCPU) -> None:
        t = Trace()
        a = t.input(INT)
        t.op(rop.JUMP, [a], TargetToken(99))
        with pytest.raises(BackendError, match="neither in this trace nor compiled"):
            cpu.compile_loop(t.inputargs, t.ops, LoopToken(5))
        t = Trace()
        a = t.input(INT)
        t.op(rop.GUARD_TRUE, [a], None)
        finish(t, [a])
        with pytest.raises(BackendError, match="needs a descr"):
            cpu.compile_loop(t.inputargs, t.ops, LoopToken(6))
        with pytest.raises(BackendError, match="no guard of compiled code"):
            cpu.compile_bridge(Exit("stranger"), [], [], LoopToken(7))

    # -- random traces -------------------------------------------------------------------

    def run_seed(self, cpu: AbstractCPU, seed: int) -> None:
        case = random_case(random.Random(seed))
        run_both(cpu, case.trace, case.ints, case.refs, case.floats, case.memory,
                 context=f"random trace seed {seed}: reproduce with "
                         f"{type(self).__name__}().run_seed(cpu, {seed})")

    def test_random_traces(self, cpu: AbstractCPU) -> None:
        for seed in range(self.RANDOM_TRACES):
            self.run_seed(cpu, seed)

    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rnd=st.randoms(use_true_random=False))
    def test_random_traces_hypothesis(self, cpu: AbstractCPU, rnd: random.Random) -> None:
        case = random_case(rnd)
        run_both(cpu, case.trace, case.ints, case.refs, case.floats, case.memory)

    def run_bridge_seed(self, cpu: AbstractCPU, seed: int) -> bool:
        """A random trace; if it leaves through a guard, a random bridge on that guard.
        The oracle runs the trace, then the bridge on the values the guard left; the
        backend runs the trace, which now continues into the bridge. False if the trace
        left through FINISH (nothing to bridge)."""
        rnd = random.Random(seed)
        case = random_case(rnd)
        start = case.memory.snapshot()
        first = execute_trace(case.trace.inputargs, case.trace.ops, case.ints, case.refs,
                              case.floats)
        if first.guard is None:
            return False
        kinds = [value.kind for value in first.guard.fail_args]
        bridge = random_bridge(rnd, kinds, case.refs[0])
        second = execute_trace(bridge.inputargs, bridge.ops, first.ints, first.refs,
                               first.floats)
        want_memory = case.memory.snapshot()
        case.memory.restore(start)
        token = LoopToken(seed)
        cpu.compile_loop(case.trace.inputargs, case.trace.ops, token)
        cpu.compile_bridge(first.guard.descr, bridge.inputargs, bridge.ops, token)
        dead = cpu.execute_token(token, case.ints, case.refs, case.floats)
        where = (f"\nbridge seed {seed} on {first.guard.descr.repr_of_descr()}\n"
                 f"{case.trace.text()}bridge:\n{bridge.text()}")
        assert dead.descr is expected_descr(bridge, second), where
        got_ints, got_refs, got_floats = split(cpu, dead)
        assert (got_ints, got_refs) == (second.ints, second.refs), where
        assert [float_key(x) for x in got_floats] == [float_key(x) for x in second.floats], (
            where)
        assert same_memory(case.memory.snapshot(), want_memory), "memory differs" + where
        for block in token.blocks:
            assert helpers.mapping_permissions(block.address)[:3] == "r-x"
        cpu.free_loop(token)
        return True

    def test_random_bridges(self, cpu: AbstractCPU) -> None:
        bridged = 0
        for seed in range(self.RANDOM_TRACES // 2):
            bridged += self.run_bridge_seed(cpu, seed)
        assert bridged > self.RANDOM_TRACES // 4, "most random traces leave by a guard"
