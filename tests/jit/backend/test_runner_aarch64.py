"""The shared backend suite on the AArch64 backend, under the target's pinned QEMU: the
hand-written cases, 1000 random traces and the random bridges (runner/qemu_suite.py);
then what only AArch64 has: memory displacements beyond the load/store immediates,
add/sub/logical/compare immediates at their limits, and calls with stack arguments of
both register classes."""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from runner import helpers
from runner.qemu_suite import ISUM10, MIXED20, Backend, CaseWriter, trace_case
from runner.traces import Exit, Memory, Trace

from jit.backend.aarch64.assembler import CPU_AARCH64
from jit.backend.model import CodeBlock, LoopToken
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (FLOAT, INT, REF, ArrayDescr, CallDescr,
                                         ConstFloat, ConstInt, FieldDescr, TargetToken)
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


# -- the code itself, as GNU objdump reads it -------------------------------------------------
# The assembler is plain subset code, so it also runs on the host: traces are compiled
# into host memory (never executed) and their disassembly is kept as a golden file, to be
# reviewed like code when it changes (KILN_BLESS=1 rewrites it).

GOLDEN = Path(__file__).parent / "golden" / "aarch64_traces.txt"
OBJDUMP = ("aarch64-linux-gnu-objdump", "-D", "-b", "binary", "-m", "aarch64")


def disassemble(cpu: CPU_AARCH64, block: CodeBlock, literals: set[int]) -> list[str]:
    """The block's instructions up to its trailing zeros; the exit literals (addresses
    that differ from run to run) are shown by name."""
    code = ctypes.string_at(block.address, block.size).rstrip(b"\0")
    code += bytes(-len(code) % 4)
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(code)
        f.flush()
        out = subprocess.run([*OBJDUMP, f.name], capture_output=True, text=True,
                             check=True).stdout
    lines = []
    for line in out.splitlines():
        match = re.match(r"\s*([0-9a-f]+):\s+([0-9a-f]{8})\s+(.*)", line)
        if not match:
            continue
        offset = int(match.group(1), 16)
        text = " ".join(match.group(3).split())
        if offset in literals or offset - 4 in literals:
            text = ".quad <exit target>" if offset in literals else ""
            if not text:
                continue
        lines.append(f"{offset:4x}: {text}")
    return lines


def golden_traces() -> str:
    cpu = CPU_AARCH64(helpers.MALLOC)
    sections = []

    def compile_and_dump(title: str, t: Trace, token: LoopToken, bridge_on: object) -> None:
        before = len(token.blocks)
        if bridge_on is None:
            cpu.compile_loop(t.inputargs, t.ops, token)
        else:
            cpu.compile_bridge(bridge_on, t.inputargs, t.ops, token)  # type: ignore[arg-type]
        block = token.blocks[before]
        literals = {e.patch_address - block.address for e in cpu.exits if e.block is block}
        sections.append(f"== {title}\n{t.text()}--\n" +
                        "\n".join(disassemble(cpu, block, literals)) + "\n")

    # A counting loop: the compare fuses with its guard, the JUMP is one branch.
    loop = Trace()
    n, acc = loop.input(INT), loop.input(INT)
    tok = TargetToken(1)
    loop.op(rop.LABEL, [n, acc], tok)
    acc2 = loop.op(rop.INT_ADD, [acc, n])
    n2 = loop.op(rop.INT_SUB, [n, ConstInt(1)])
    done = loop.guard(rop.GUARD_TRUE, [loop.op(rop.INT_GT, [n2, ConstInt(0)])], [acc2],
                      "done")
    loop.op(rop.JUMP, [n2, acc2], tok)
    token = LoopToken(1)
    compile_and_dump("counting loop", loop, token, None)
    bridge = Trace()
    total = bridge.input(INT)
    bridge.op(rop.FINISH, [bridge.op(rop.INT_MUL_OVF, [total, ConstInt(3)])], Exit("end"))
    compile_and_dump("bridge on its guard", bridge, token, done.descr)

    # Memory, a call through a value, floats.
    t = Trace()
    p, i, func, x = t.input(REF), t.input(INT), t.input(INT), t.input(FLOAT)
    items = ArrayDescr(16, 4, 8, True, INT)
    item = t.op(rop.GETARRAYITEM_GC_I, [p, i], items)
    t.op(rop.SETFIELD_GC, [p, item], FieldDescr("f", 40000, 2, False, INT, False))
    r = t.op(rop.CALL_I, [func, item, i], CallDescr([INT, INT], INT, False, False))
    y = t.op(rop.FLOAT_MUL, [x, ConstFloat(2.5)])
    t.guard(rop.GUARD_FALSE, [t.op(rop.FLOAT_LT, [y, x])], [r, y], "lt")
    t.op(rop.FINISH, [r, t.op(rop.CAST_FLOAT_TO_INT, [y])], Exit("finish"))
    compile_and_dump("memory, call, floats", t, LoopToken(2), None)
    return "".join(sections)


def test_generated_code_matches_golden() -> None:
    if shutil.which(OBJDUMP[0]) is None:
        pytest.skip(f"{OBJDUMP[0]} is not installed")
    text = golden_traces()
    if os.environ.get("KILN_BLESS") == "1":
        GOLDEN.write_text(text)
    assert GOLDEN.read_text() == text, (
        f"the generated code differs from {GOLDEN.name}: rerun with KILN_BLESS=1 and "
        "review the diff")
