"""Operands an instruction cannot encode raise EncodingError with a message that says why."""

from __future__ import annotations

import pytest
from encoder_harness import Cond

from jit.backend.aarch64 import registers as a64_regs
from jit.backend.aarch64.codebuilder import CodeBuilder as A64Builder
from jit.backend.arm import registers as arm_regs
from jit.backend.arm.codebuilder import CodeBuilder as ArmBuilder
from jit.backend.codebuf import EncodingError
from jit.backend.x86_64 import registers as x86_regs
from jit.backend.x86_64.codebuilder import CodeBuilder as X86Builder

X86 = [
    ("add_ri(RAX, 1 << 31)", "does not fit in a signed 32-bit field"),
    ("cmp_ri(RAX, -(1 << 31) - 1)", "signed 32-bit"),
    ("imul_rri(RAX, RAX, 1 << 40)", "imul_rri immediate"),
    ("shl_ri(RAX, 64)", "unsigned 6-bit"),
    ("mov_ri_u32(RAX, -1)", "unsigned 32-bit"),
    ("load_imm(RAX, 1 << 64)", "not a 64-bit value"),
    ("load(RAX, RDI, 1 << 31)", "memory displacement"),
    ("load(RAX, RDI, 0, RSP, 1)", "rsp cannot be a memory index"),
    ("store(RAX, RDI, 0, RCX, 3)", "scale 3"),
    ("addsd(XMM0, RAX)", "rax is not allowed here"),
    ("load(XMM0, RDI)", "xmm0 is not allowed here"),
    ("jmp(1 << 33)", "jmp"),
    ("setcc(Cond.AL, RAX)", "no x86 encoding"),
]

AARCH64 = [
    ("add_ri(X0, X1, 4097)", "neither 0..4095 nor a multiple of 4096"),
    ("add_ri(X0, X1, -1)", "unsigned 24-bit"),
    ("and_ri(X0, X1, 0)", "not a logical (bitmask) immediate"),
    ("orr_ri(X0, X1, 0x1234)", "not a logical"),
    ("eor_ri(X0, X1, -1)", "not a logical"),
    ("add_rr(X0, SP, X1)", "sp is not allowed here"),
    ("add_ri(XZR, X1, 1)", "xzr is not allowed here"),
    ("fadd(D0, D1, X2)", "x2 is not allowed here"),
    ("load(X0, X1, 260)", "neither a multiple of 8"),
    ("load(X0, X1, 32768)", "neither a multiple of 8"),
    ("load_u8(X0, X1, 4096)", "in -256..255"),
    ("stp(X0, X1, SP, 4)", "multiple of 8"),
    ("stp(X0, X1, SP, 512)", "signed 7-bit"),
    ("stp(X0, X1, SP, 16, 'preindex')", "not offset, pre or post"),
    ("b(2)", "multiple of 4"),
    ("b(1 << 27)", "signed 28-bit"),
    ("b_cond(Cond.EQ, 1 << 20)", "signed 21-bit"),
    ("cbz(X0, -(1 << 20) - 4)", "signed 21-bit"),
    ("movz(X0, 0x10000)", "unsigned 16-bit"),
    ("movk(X0, 1, 8)", "not 0, 16, 32 or 48"),
    ("lsl_ri(X0, X1, 64)", "unsigned 6-bit"),
    ("cset(Cond.AL, X0)", "no inverse"),
    ("load_imm(X0, -(1 << 63) - 1)", "not a 64-bit value"),
]

ARMV7 = [
    ("mov_ri(R0, 0x101)", "not an 8-bit value rotated right by an even amount"),
    ("add_ri(R0, R1, 0x1234)", "not an 8-bit value rotated"),
    ("add_ri(R0, R1, 1 << 32)", "not a 32-bit value"),
    ("load(R0, R1, 4096)", "outside -4095..4095"),
    ("load_f64(D0, R0, 2)", "multiple of 4"),
    ("load_f64(D0, R0, 1024)", "outside -1020..1020"),
    ("b(2)", "multiple of 4"),
    ("b(1 << 26)", "signed 26-bit"),
    ("movw(R0, 0x10000)", "unsigned 16-bit"),
    ("lsl_ri(R0, R1, 32)", "outside 0..31"),
    ("asr_ri(R0, R1, 0)", "outside 1..32"),
    ("add_rr(R0, R1, R2, 'rol', 1)", "shift 'rol'"),
    ("sdiv(R0, R1, R2)", "no hardware divide"),
    ("push([])", "register list is empty"),
    ("vpush([D8, D10])", "consecutive range"),
    ("vmov_rr_d(R0, R0, D0)", "must differ"),
    ("smull(R0, R0, R1, R2)", "must differ"),
    ("vadd(D0, D1, S2)", "s2 is not allowed here"),
    ("vcvt_f64_s32(D0, D1)", "d1 is not allowed here"),
]

ARMV5 = [
    ("movw(R0, 1)", "movw needs ARMv7-A"),
    ("movt(R0, 1)", "movt needs ARMv7-A"),
    ("vadd(D0, D1, D2)", "armv5te has no VFP unit"),
    ("vmrs()", "no VFP unit"),
    ("load_f64(D0, R0)", "no VFP unit"),
    ("vmov_s_r(S0, R0)", "no VFP unit"),
    ("mul(R0, R0, R1)", "ARMv5 requires rd and rn to differ"),
    ("smull(R0, R1, R0, R2)", "must differ"),
]


def _namespace(regs: object) -> dict[str, object]:
    return {**{k: v for k, v in vars(regs).items() if k.isupper()}, "Cond": Cond}


@pytest.mark.parametrize("call,message", X86, ids=[c for c, _ in X86])
def test_x86_64_rejects(call: str, message: str) -> None:
    with pytest.raises(EncodingError, match=message.replace("(", r"\(")):
        eval(f"_b.{call}", {"_b": X86Builder(), **_namespace(x86_regs)})


@pytest.mark.parametrize("call,message", AARCH64, ids=[c for c, _ in AARCH64])
def test_aarch64_rejects(call: str, message: str) -> None:
    with pytest.raises(EncodingError, match=message.replace("(", r"\(").replace(")", r"\)")):
        eval(f"_b.{call}", {"_b": A64Builder(), **_namespace(a64_regs)})


@pytest.mark.parametrize("call,message", ARMV7, ids=[c for c, _ in ARMV7])
def test_armv7_rejects(call: str, message: str) -> None:
    with pytest.raises(EncodingError, match=message):
        eval(f"_b.{call}", {"_b": ArmBuilder("armv7"), **_namespace(arm_regs)})


@pytest.mark.parametrize("call,message", ARMV5, ids=[c for c, _ in ARMV5])
def test_armv5te_rejects(call: str, message: str) -> None:
    with pytest.raises(EncodingError, match=message):
        eval(f"_b.{call}", {"_b": ArmBuilder("armv5te"), **_namespace(arm_regs)})


def test_unknown_arm_architecture() -> None:
    with pytest.raises(EncodingError, match="unknown ARM architecture 'armv6'.*armv7, armv5te"):
        ArmBuilder("armv6")


def test_rejected_instruction_emits_nothing() -> None:
    b = A64Builder()
    with pytest.raises(EncodingError):
        b.add_ri(a64_regs.X0, a64_regs.X1, 4097)
    assert b.getvalue() == b""
