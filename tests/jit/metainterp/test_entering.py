"""Entering compiled code (`AbstractCPU.enter`): jitframes come from a pool, so a run
allocates none once the pool has one, and a run started from inside another (compiled
code calling the interpreter, which enters compiled code again) gets a frame of its
own; the exit's values are read from the frame until the next run ends."""

from __future__ import annotations

import ctypes
import platform

import pytest

from jit.backend.model import LoopToken
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import INT, CallDescr, ConstInt
from tests.jit.backend.runner import helpers
from tests.jit.backend.runner.traces import Exit, Trace

pytestmark = pytest.mark.skipif(platform.machine() != "x86_64",
                                reason="runs x86-64 code")


def make_cpu():  # type: ignore[no-untyped-def]
    from jit.backend.x86_64.assembler import CPU_X86_64
    return CPU_X86_64(helpers.MALLOC)


def compile_finish(cpu, call: int = 0) -> LoopToken:  # type: ignore[no-untyped-def]
    """finish(i0 + 1), or finish(call(i0) + 1) through the C function at `call`."""
    t = Trace()
    i0 = t.input(INT)
    value = i0
    if call:
        value = t.op(rop.CALL_I, [ConstInt(call), i0], CallDescr([INT], INT, False, False))
    t.op(rop.FINISH, [t.op(rop.INT_ADD, [value, ConstInt(1)])], Exit("done"))
    token = LoopToken(1)
    cpu.compile_loop(t.inputargs, t.ops, token)
    return token


def test_runs_reuse_two_frames() -> None:
    cpu = make_cpu()
    token = compile_finish(cpu)
    seen: set[int] = set()
    for n in range(10):
        exit = cpu.enter(token, [n], [], [])
        assert exit.descr.repr_of_descr() == "done" and cpu.last_word(0) == n + 1
        seen.add(cpu.last_frame)
    # one frame holds the last exit's values while the next run uses the other
    assert len(seen) == 2 and len(cpu.frame_pool) == 1
    assert cpu.dead_frame(exit).words == [10]


def test_a_run_inside_a_run_gets_its_own_frame() -> None:
    cpu = make_cpu()
    inner = compile_finish(cpu)
    frames: list[int] = []

    def interpreter(n: int) -> int:          # what a residual call of the portal does
        exit = cpu.enter(inner, [n * 10], [], [])
        frames.append(cpu.last_frame)
        assert exit.descr.repr_of_descr() == "done"
        return cpu.last_word(0)

    callback = ctypes.CFUNCTYPE(ctypes.c_long, ctypes.c_long)(interpreter)
    outer = compile_finish(cpu, ctypes.cast(callback, ctypes.c_void_p).value or 0)
    for n in range(3):
        cpu.enter(outer, [n], [], [])
        assert cpu.last_word(0) == n * 10 + 2
        assert frames[-1] != cpu.last_frame      # the outer run's frame was in use


def test_a_deeper_trace_retires_the_smaller_frames() -> None:
    cpu = make_cpu()
    token = compile_finish(cpu)
    cpu.enter(token, [1], [], [])
    cpu.enter(token, [2], [], [])
    old_depth = cpu.pool_depth
    cpu.note_frame_depth(old_depth + 50)
    cpu.enter(token, [3], [], [])            # both small frames are freed
    assert cpu.pool_depth == old_depth + 50 and cpu.frame_pool == []
    assert cpu.last_word(0) == 4
    third = cpu.last_frame
    cpu.enter(token, [4], [], [])
    assert cpu.frame_pool == [third]
