"""Generated x86-64 code executed natively: mmap RW, write, mprotect RX, call through ctypes."""

from __future__ import annotations

import ctypes
import math
import platform
from collections.abc import Callable
from typing import Any

import pytest
from exec_harness import NativeCode

from jit.backend.codebuf import LE, LO, VS
from jit.backend.x86_64.codebuilder import CodeBuilder
from jit.backend.x86_64.registers import (R11, RAX, RBX, RCX, RDI, RDX, RSI, XMM0, XMM1,
                                          XMM2)

pytestmark = pytest.mark.skipif(platform.machine() != "x86_64",
                                reason="native execution needs an x86-64 host")

L = ctypes.c_long
D = ctypes.c_double


def native(build: Callable[[CodeBuilder], None], restype: type,
           *argtypes: type) -> tuple[NativeCode, Any]:
    b = CodeBuilder()
    build(b)
    code = NativeCode(b.getvalue())
    return code, code.function(restype, *argtypes)


def test_add_two_ints() -> None:
    def build(b: CodeBuilder) -> None:
        b.mov_rr(RAX, RDI)
        b.add_rr(RAX, RSI)
        b.ret()
    code, f = native(build, L, L, L)
    with code:
        assert f(3, 4) == 7
        assert f(-5, 2) == -3


def test_loop_sums_one_to_n() -> None:
    def build(b: CodeBuilder) -> None:
        top, done = b.new_label(), b.new_label()
        b.load_imm(RAX, 0)
        b.bind(top)
        b.test_rr(RDI, RDI)
        b.jcc_label(LE, done)
        b.add_rr(RAX, RDI)
        b.sub_ri(RDI, 1)
        b.jmp_label(top)
        b.bind(done)
        b.ret()
    code, f = native(build, L, L)
    with code:
        assert f(100) == 5050
        assert f(0) == 0
        assert f(100000) == 5000050000


def test_double_multiply_and_divide() -> None:
    def build(b: CodeBuilder) -> None:
        b.mulsd(XMM0, XMM1)
        b.movsd_rr(XMM2, XMM0)
        b.addsd(XMM0, XMM2)
        b.subsd(XMM0, XMM1)
        b.divsd(XMM0, XMM1)
        b.ret()
    code, f = native(build, D, D, D)
    with code:
        assert f(1.5, 4.0) == (1.5 * 4.0 * 2 - 4.0) / 4.0


def test_signed_division_and_remainder() -> None:
    def build(b: CodeBuilder) -> None:
        b.mov_rr(RAX, RDI)
        b.cqo()
        b.idiv_r(RSI)
        b.imul_rri(RAX, RAX, 1000)
        b.add_rr(RAX, RDX)
        b.ret()
    code, f = native(build, L, L, L)
    with code:
        assert f(47, 5) == 9 * 1000 + 2
        assert f(-47, 5) == -9 * 1000 - 2


def test_overflow_flags_of_add_and_imul() -> None:
    def build_add(b: CodeBuilder) -> None:
        b.mov_rr(RAX, RDI)
        b.add_rr(RAX, RSI)
        b.setcc(VS, RAX)
        b.movzx_rr8(RAX, RAX)
        b.ret()

    def build_mul(b: CodeBuilder) -> None:
        b.imul_rr(RDI, RSI)
        b.setcc(VS, RAX)
        b.movzx_rr8(RAX, RAX)
        b.ret()
    big = (1 << 63) - 1
    add_code, add = native(build_add, L, L, L)
    mul_code, mul = native(build_mul, L, L, L)
    with add_code, mul_code:
        assert (add(big, 1), add(big, 0), add(-big, -2), add(-big, -1)) == (1, 0, 1, 0)
        assert (mul(1 << 32, 1 << 31), mul(1 << 31, 1 << 31), mul(-1, -big)) == (1, 0, 0)


def test_memory_words_bytes_and_doubles() -> None:
    words = (L * 4)(10, -20, 30, 40)
    data = (ctypes.c_ubyte * 4)(1, 200, 3, 255)

    def build(b: CodeBuilder) -> None:
        # bytes[2] = words[3] = words[rsi] + bytes[1]; return words[3]
        b.load(RAX, RDI, 0, RSI, 8)
        b.load_u8(RCX, RDX, 1)
        b.add_rr(RAX, RCX)
        b.store(RAX, RDI, 24)
        b.store8(RAX, RDX, 2)
        b.ret()
    code, f = native(build, L, ctypes.c_void_p, L, ctypes.c_void_p)
    with code:
        assert f(ctypes.addressof(words), 1, ctypes.addressof(data)) == -20 + 200
        assert words[3] == 180 and data[2] == 180


def test_double_loads_stores_and_conversions() -> None:
    doubles = (D * 3)(2.0, 0.0, 0.0)

    def build(b: CodeBuilder) -> None:
        # doubles[1] = sqrt(double(rsi)) * doubles[0]; return trunc(doubles[1])
        b.cvtsi2sd(XMM0, RSI)
        b.sqrtsd(XMM0, XMM0)
        b.load_f64(XMM1, RDI)
        b.mulsd(XMM0, XMM1)
        b.store_f64(XMM0, RDI, 8)
        b.movq_rx(RCX, XMM0)
        b.movq_xr(XMM2, RCX)
        b.store_f64(XMM2, RDI, 16)
        b.cvttsd2si(RAX, XMM0)
        b.ret()
    code, f = native(build, L, ctypes.c_void_p, L)
    with code:
        assert f(ctypes.addressof(doubles), 10) == int(math.sqrt(10) * 2.0)
        assert doubles[1] == doubles[2] == math.sqrt(10) * 2.0


def test_float_compare_sets_unsigned_conditions() -> None:
    def build(b: CodeBuilder) -> None:
        b.ucomisd(XMM0, XMM1)
        b.setcc(LO, RAX)
        b.movzx_rr8(RAX, RAX)
        b.ret()
    code, f = native(build, L, D, D)
    with code:
        assert (f(1.0, 2.0), f(2.0, 1.0), f(1.0, 1.0)) == (1, 0, 0)


def test_call_through_a_register() -> None:
    callback = ctypes.CFUNCTYPE(L, L, L)(lambda a, b: a * 10 + b)

    def build(b: CodeBuilder) -> None:
        # The pushed rbx realigns rsp to 16 bytes for the call, as the SysV ABI requires.
        b.push_r(RBX)
        b.mov_rr(R11, RDI)
        b.mov_rr(RDI, RSI)
        b.mov_rr(RSI, RDX)
        b.call_r(R11)
        b.add_ri(RAX, 1)
        b.pop_r(RBX)
        b.ret()
    code, f = native(build, L, ctypes.c_void_p, L, L)
    with code:
        assert f(ctypes.cast(callback, ctypes.c_void_p).value, 4, 2) == 43


@pytest.mark.parametrize("value", [0, 1, -1, 0xFFFFFFFF, -(1 << 31), 0x123456789ABCDEF0,
                                   -(1 << 63), (1 << 63) - 1])
def test_load_imm_materialises_any_constant(value: int) -> None:
    def build(b: CodeBuilder) -> None:
        b.load_imm(RAX, value)
        b.ret()
    code, f = native(build, L)
    with code:
        assert f() == value
