"""The shared backend suite on the x86-64 backend, executing natively."""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

import pytest
from runner import helpers
from runner.suite import BackendSuite

from jit.backend.model import AbstractCPU
from jit.backend.x86_64.assembler import CPU_X86_64
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
