"""The shared backend suite on the x86-64 backend, executing natively."""

from __future__ import annotations

import ctypes
import platform
import subprocess
import sys
from pathlib import Path

import pytest
from runner import helpers
from runner.suite import BackendSuite, finish
from runner.traces import Trace, split

from jit.backend.codealloc import PAGE_SIZE
from jit.backend.model import AbstractCPU, LoopToken
from jit.backend.x86_64.assembler import CPU_X86_64
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import INT, CallDescr, ConstInt
from targets.config import resolve_target
from targets.environments.host import HostEnvironment
from toolchain.driver import translate

REPO_ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.skipif(platform.machine() != "x86_64",
                                reason="the x86-64 backend runs natively on an x86-64 host")


class TestX86_64(BackendSuite):
    def make_cpu(self) -> AbstractCPU:
        return CPU_X86_64(helpers.MALLOC)


def test_backend_translates_and_runs(tmp_path: Path) -> None:
    """The backend is subset code: translated with a program that drives it, it compiles
    and runs traces natively and prints what the untranslated program prints."""
    program = Path(__file__).parent / "runner" / "programs" / "backend_x86_64.py"
    target = resolve_target("x86_64")
    translation = translate(program, target, tmp_path / "c")
    binary = tmp_path / "backend_x86_64"
    HostEnvironment().compile(target, translation, binary, REPO_ROOT / "build")
    expected = ("loop 5000050000 50000.0 0 True\nmemory -7 5 0\n"
                "<Size 16><Call i->i>\n").encode()
    translated = subprocess.run([str(binary), "100000"], capture_output=True, timeout=60)
    assert (translated.returncode, translated.stdout) == (0, expected), translated.stderr
    untranslated = subprocess.run([sys.executable, "-m", "targets.untranslated",
                                   str(program), "100000"], capture_output=True,
                                  timeout=60, cwd=REPO_ROOT)
    assert (untranslated.returncode, untranslated.stdout) == (0, expected), (
        untranslated.stderr)


def test_code_compiled_during_a_residual_call_shares_the_callers_page() -> None:
    """Compiled code calls out; the callee compiles (and runs) a new loop into the page
    the caller's code is on, which is writable while that compile runs. When the call
    returns, the page is executable again and the caller carries on in it (W^X, single
    threaded: see jit/backend/codealloc.py)."""
    cpu = CPU_X86_64(helpers.MALLOC)
    caller = LoopToken(1)
    seen: list[object] = []

    def compile_and_run(value: int) -> int:
        t = Trace()
        a = t.input(INT)
        finish(t, [t.op(rop.INT_MUL, [a, ConstInt(3)])])
        inner = LoopToken(2)
        cpu.compile_loop(t.inputargs, t.ops, inner)
        here, there = caller.blocks[0].address, inner.blocks[0].address
        seen.append((here // PAGE_SIZE == there // PAGE_SIZE,
                     helpers.mapping_permissions(here)[:3]))
        return split(cpu, cpu.execute_token(inner, [value], [], []))[0][0]

    function = helpers.callback(ctypes.c_long, [ctypes.c_long], compile_and_run)
    t = Trace()
    a = t.input(INT)
    result = t.op(rop.CALL_I, [ConstInt(function), a], CallDescr([INT], INT, False, False))
    finish(t, [t.op(rop.INT_ADD, [result, ConstInt(1)])])
    cpu.compile_loop(t.inputargs, t.ops, caller)
    assert split(cpu, cpu.execute_token(caller, [14], [], []))[0] == [43]
    assert seen == [(True, "r-x")]
