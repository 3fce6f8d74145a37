"""Generated AArch64 and ARM code executed under QEMU user mode on the pinned CPU models.

Flags and CPU models come from configs/targets: cortex-a53 (aarch64), cortex-a8 without
NEON (armhf: ARMv7-A + VFPv3, no idiv) and arm926 with its VFP switched off (armel:
ARMv5TE, no FPU). Any instruction beyond a target's baseline traps there.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from exec_harness import Call, CrossTarget, Function, build_and_run, run_cross

from jit.backend.aarch64 import codebuilder as a64
from jit.backend.aarch64.registers import (D0, D1, D2, SP, X0, X1, X2, X3, X4, X16, X29,
                                           X30)
from jit.backend.arm import codebuilder as arm
from jit.backend.arm.registers import D8, D9, LR, PC, R0, R1, R2, R3, R4, R12, S0
from jit.backend.arm.registers import D0 as AD0
from jit.backend.arm.registers import D1 as AD1
from jit.backend.codebuf import LE, MI, NE, VC, VS, CodeBuffer

AARCH64 = CrossTarget.from_config("aarch64")
ARMHF = CrossTarget.from_config("armhf")
ARMEL = CrossTarget.from_config("armel")
ARMEL_VFP = CrossTarget.from_config("armel-vfp")


def fn(name: str, builder: Callable[[], CodeBuffer], body: Callable[[CodeBuffer], None],
       signature: str, *calls: tuple[tuple[str, ...], int | float]) -> Function:
    b = builder()
    body(b)
    return Function(name, b.getvalue(), signature,
                    tuple(Call(args, expected) for args, expected in calls))


def check(target: CrossTarget, functions: list[Function]) -> None:
    missing = target.available()
    if missing:
        pytest.skip(missing)
    problems = run_cross(target, functions)
    assert not problems, "\n".join(problems)


# -- AArch64 -----------------------------------------------------------------------------

def _a64_sum(b: a64.CodeBuilder) -> None:
    top, done = b.new_label(), b.new_label()
    b.load_imm(X2, 0)
    b.bind(top)
    b.cbz_label(X0, done)
    b.add_rr(X2, X2, X0)
    b.sub_ri(X0, X0, 1)
    b.b_label(top)
    b.bind(done)
    b.mov_rr(X0, X2)
    b.ret()


def _a64_mul_overflows(b: a64.CodeBuilder) -> None:
    b.mul(X2, X0, X1)
    b.smulh(X3, X0, X1)
    b.asr_ri(X4, X2, 63)
    b.cmp_rr(X3, X4)
    b.cset(NE, X0)
    b.ret()


def _a64_div_rem(b: a64.CodeBuilder) -> None:
    b.sdiv(X2, X0, X1)
    b.msub(X3, X2, X1, X0)
    b.load_imm(X4, 1000)
    b.mul(X2, X2, X4)
    b.add_rr(X0, X2, X3)
    b.ret()


def _a64_memory(b: a64.CodeBuilder) -> None:
    # words[3] = words[1] + bytes[1] + words[x2 / 8]; bytes[2] = low byte; return words[3]
    b.load(X3, X0, 8)
    b.load_u8(X4, X1, 1)
    b.add_rr(X3, X3, X4)
    b.load_rr(X4, X0, X2)
    b.add_rr(X3, X3, X4)
    b.store(X3, X0, 24)
    b.store8(X3, X1, 2)
    b.load(X0, X0, 24)
    b.ret()


def _a64_call(b: a64.CodeBuilder) -> None:
    b.stp(X29, X30, SP, -16, "pre")
    b.mov_rr(X29, SP)
    b.mov_rr(X16, X0)
    b.mov_rr(X0, X1)
    b.mov_rr(X1, X2)
    b.blr(X16)
    b.add_ri(X0, X0, 1)
    b.ldp(X29, X30, SP, 16, "post")
    b.ret()


def _a64_float(b: a64.CodeBuilder) -> None:
    # sqrt(double(x0)) * doubles[0], truncated; doubles[1] receives the double.
    b.scvtf(D0, X0)
    b.fsqrt(D0, D0)
    b.load_f64(D1, X1, 0)
    b.fmul(D0, D0, D1)
    b.store_f64(D0, X1, 8)
    b.fcvtzs(X0, D0)
    b.ret()


def _a64_fcmp(b: a64.CodeBuilder) -> None:
    b.fcmp(D0, D1)
    b.cset(MI, X0)
    b.ret()


def _a64_const(value: int) -> Callable[[a64.CodeBuilder], None]:
    def body(b: a64.CodeBuilder) -> None:
        b.load_imm(X0, value)
        b.ret()
    return body


def test_aarch64_runs_under_qemu() -> None:
    B = a64.CodeBuilder

    def add(b: a64.CodeBuilder) -> None:
        b.add_rr(X0, X0, X1)
        b.ret()

    def adds_vs(b: a64.CodeBuilder) -> None:
        b.adds_rr(X0, X0, X1)
        b.cset(VS, X0)
        b.ret()

    def dmul(b: a64.CodeBuilder) -> None:
        b.fmul(D2, D0, D1)
        b.fadd(D0, D2, D2)
        b.ret()

    def mask(b: a64.CodeBuilder) -> None:
        b.and_ri(X0, X0, 0xFF00FF00FF00FF00)
        b.eor_ri(X0, X0, 1)
        b.ret()
    big = "0x7fffffffffffffffL"
    functions = [
        fn("add", B, add, "long(long, long)", (("3", "4"), 7), (("-5", "2"), -3)),
        fn("sum", B, _a64_sum, "long(long)", (("100",), 5050), (("0",), 0)),
        fn("adds_vs", B, adds_vs, "long(long, long)", ((big, "1"), 1), ((big, "0"), 0)),
        fn("mul_overflows", B, _a64_mul_overflows, "long(long, long)",
           (("1L << 32", "1L << 31"), 1), (("1L << 31", "1L << 31"), 0), (("-1", big), 0)),
        fn("div_rem", B, _a64_div_rem, "long(long, long)", (("47", "5"), 9002),
           (("-47", "5"), -9002)),
        fn("dmul", B, dmul, "double(double, double)", (("1.5", "4.0"), 12.0)),
        fn("memory", B, _a64_memory, "long(long *, unsigned char *, long)",
           (("words", "bytes", "16"), -20 + 200 + 30)),
        fn("call", B, _a64_call, "long(long (*)(long, long), long, long)",
           (("helper", "4", "2"), 43)),
        fn("float", B, _a64_float, "long(long, double *)", (("10", "doubles"), 4)),
        fn("fcmp", B, _a64_fcmp, "long(double, double)", (("1.0", "2.0"), 1),
           (("2.0", "1.0"), 0)),
        fn("mask", B, mask, "long(long)", (("-1", ), 0xFF00FF00FF00FF01 - (1 << 64))),
    ]
    for value in (0x123456789ABCDEF0, -2, 0xFFFFFFFF12345678 - (1 << 64),
                  0x5555555555555555, 0x100000002, -(1 << 63)):
        functions.append(fn(f"const {value:#x}", B, _a64_const(value), "long(void)",
                            ((), value)))
    check(AARCH64, functions)


# -- ARM ---------------------------------------------------------------------------------

def _arm_sum(b: arm.CodeBuilder) -> None:
    top, done = b.new_label(), b.new_label()
    b.mov_ri(R1, 0)
    b.bind(top)
    b.cmp_ri(R0, 0)
    b.b_label(done, LE)
    b.add_rr(R1, R1, R0)
    b.sub_ri(R0, R0, 1)
    b.b_label(top)
    b.bind(done)
    b.mov_rr(R0, R1)
    b.ret()


def _arm_mul_overflows(b: arm.CodeBuilder) -> None:
    b.smull(R2, R3, R0, R1)
    b.cmp_rr(R3, R2, "asr", 31)
    b.mov_ri(R0, 0)
    b.mov_ri(R0, 1, NE)
    b.ret()


def _arm_call(b: arm.CodeBuilder) -> None:
    b.push([R4, LR])
    b.mov_rr(R4, R0)
    b.mov_rr(R0, R1)
    b.mov_rr(R1, R2)
    b.blx(R4)
    b.add_ri(R0, R0, 1)
    b.pop([R4, PC])


def _arm_memory(b: arm.CodeBuilder) -> None:
    # words[3] = words[1] + bytes[1] + words[r2 / 4]; bytes[2] = low byte; return words[3]
    b.load(R3, R0, 4)
    b.load_u8(R12, R1, 1)
    b.add_rr(R3, R3, R12)
    b.load_rr(R12, R0, R2)
    b.add_rr(R3, R3, R12)
    b.store(R3, R0, 12)
    b.store8(R3, R1, 2)
    b.load(R0, R0, 12)
    b.ret()


def _arm_mul(b: arm.CodeBuilder) -> None:
    b.mul(R2, R0, R1)
    b.mov_rr(R0, R2)
    b.ret()


def _arm_const(value: int) -> Callable[[arm.CodeBuilder], None]:
    def body(b: arm.CodeBuilder) -> None:
        b.load_imm(R0, value)
        b.ret()
    return body


def _arm_integer_functions(builder: Callable[[], arm.CodeBuilder]) -> list[Function]:
    def add(b: arm.CodeBuilder) -> None:
        b.add_rr(R0, R0, R1)
        b.ret()

    def adds_vs(b: arm.CodeBuilder) -> None:
        b.adds_rr(R0, R0, R1)
        b.mov_ri(R0, 0, VC)
        b.mov_ri(R0, 1, VS)
        b.ret()
    functions = [
        fn("add", builder, add, "long(long, long)", (("3", "4"), 7), (("-5", "2"), -3)),
        fn("sum", builder, _arm_sum, "long(long)", (("100",), 5050), (("0",), 0)),
        fn("adds_vs", builder, adds_vs, "long(long, long)", (("0x7fffffff", "1"), 1),
           (("0x7fffffff", "0"), 0)),
        fn("mul", builder, _arm_mul, "long(long, long)", (("-6", "7"), -42)),
        fn("mul_overflows", builder, _arm_mul_overflows, "long(long, long)",
           (("1 << 16", "1 << 15"), 1), (("1 << 15", "1 << 15"), 0), (("-1", "0x7fffffff"), 0)),
        fn("call", builder, _arm_call, "long(long (*)(long, long), long, long)",
           (("helper", "4", "2"), 43)),
        fn("memory", builder, _arm_memory, "long(long *, unsigned char *, long)",
           (("words", "bytes", "8"), -20 + 200 + 30)),
    ]
    for value in (0, 0xFF00, -1, 0x1234, 0x12345678, -100000, 0xFFFF1234 - (1 << 32),
                  0x80000001 - (1 << 32), 0x00FF00FF):
        functions.append(fn(f"const {value:#x}", builder, _arm_const(value), "long(void)",
                            ((), value)))
    return functions


def _arm_float(b: arm.CodeBuilder) -> None:
    # Hard-float: sqrt(double(r0)) * doubles[0], truncated; doubles[1] receives the double.
    b.vmov_s_r(S0, R0)
    b.vcvt_f64_s32(AD0, S0)
    b.vsqrt(AD0, AD0)
    b.load_f64(AD1, R1, 0)
    b.vmul(AD0, AD0, AD1)
    b.store_f64(AD0, R1, 8)
    b.vcvt_s32_f64(S0, AD0)
    b.vmov_r_s(R0, S0)
    b.ret()


def _arm_callee_saved_double(b: arm.CodeBuilder) -> None:
    # (a + a) via a core-register round trip, kept in callee-saved d8 across the work.
    b.vpush([D8, D9])
    b.vmov_rr_d(R0, R1, AD0)
    b.vmov_d_rr(D8, R0, R1)
    b.vadd(D9, D8, AD0)
    b.vsub(AD0, D9, AD1)
    b.vdiv(AD0, AD0, AD1)
    b.vpop([D8, D9])
    b.ret()


def _arm_vcmp(b: arm.CodeBuilder) -> None:
    b.vcmp(AD0, AD1)
    b.vmrs()
    b.mov_ri(R0, 0)
    b.mov_ri(R0, 1, MI)
    b.ret()


def test_armv7_runs_under_qemu_cortex_a8() -> None:
    def builder() -> arm.CodeBuilder:
        return arm.CodeBuilder("armv7")

    def dmul(b: arm.CodeBuilder) -> None:
        b.vmul(AD0, AD0, AD1)
        b.ret()
    functions = _arm_integer_functions(builder) + [
        fn("dmul", builder, dmul, "double(double, double)", (("1.5", "4.0"), 6.0)),
        fn("float", builder, _arm_float, "long(long, double *)", (("10", "doubles"), 4)),
        fn("callee_saved_double", builder, _arm_callee_saved_double,
           "double(double, double)", (("3.0", "2.0"), 2.0)),
        fn("vcmp", builder, _arm_vcmp, "long(double, double)", (("1.0", "2.0"), 1),
           (("2.0", "1.0"), 0)),
    ]
    check(ARMHF, functions)


def _softfp_dmul(b: arm.CodeBuilder) -> None:
    # softfp: doubles arrive in r0:r1 and r2:r3 and return in r0:r1; the math is VFP.
    b.vmov_d_rr(AD0, R0, R1)
    b.vmov_d_rr(AD1, R2, R3)
    b.vmul(AD0, AD0, AD1)
    b.vmov_rr_d(R0, R1, AD0)
    b.ret()


def test_armel_vfp_softfp_calls_under_qemu() -> None:
    builder = lambda: arm.CodeBuilder("armv7")  # noqa: E731
    check(ARMEL_VFP, _arm_integer_functions(builder) + [
        fn("softfp_dmul", builder, _softfp_dmul, "double(double, double)",
           (("1.5", "-4.0"), -6.0), (("1e300", "1e10"), float("inf")))])


def test_armv5te_runs_under_qemu_arm926() -> None:
    check(ARMEL, _arm_integer_functions(lambda: arm.CodeBuilder("armv5te")))


def _movw(b: arm.CodeBuilder) -> None:
    b.movw(R0, 0x1234)
    b.ret()


def _vadd(b: arm.CodeBuilder) -> None:
    b.vadd(AD0, AD0, AD1)
    b.ret()


def _sdiv(b: arm.CodeBuilder) -> None:
    b.sdiv(R0, R0, R1)
    b.ret()


def test_pinned_cpus_trap_beyond_their_baseline() -> None:
    """Why the CPU models are pinned: armel's CPU has no VFP and no movw (ARMv6T2), and
    cortex-a8 has no sdiv (so armhf division is a helper call), while cortex-a7 has it."""
    for target in (ARMEL, ARMHF):
        if target.available():
            pytest.skip(target.available())
    v7 = lambda: arm.CodeBuilder("armv7")  # noqa: E731
    movw = fn("movw", v7, _movw, "long(void)", ((), 0x1234))
    vadd = fn("vadd", v7, _vadd, "double(double, double)", (("1.0", "2.0"), 3.0))
    assert build_and_run(ARMEL, [movw]).returncode != 0
    assert run_cross(ARMHF, [movw, vadd]) == []
    soft_abi_vadd = fn("vadd", v7, _vadd, "long(void)", ((), 0))
    assert build_and_run(ARMEL, [soft_abi_vadd]).returncode != 0
    sdiv = fn("sdiv", lambda: arm.CodeBuilder("armv7", idiv=True), _sdiv,
              "long(long, long)", (("-47", "5"), -9))
    assert build_and_run(ARMHF, [sdiv]).returncode != 0
    cortex_a7 = CrossTarget("armhf-a7", ARMHF.gcc, ("qemu-arm", "-cpu", "cortex-a7"))
    assert run_cross(cortex_a7, [sdiv]) == []
