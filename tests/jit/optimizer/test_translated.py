"""The optimizer and the executor translate: a subset program that optimizes and runs
traces prints the same on CPython, on x86_64 and on armel (32-bit, no FPU, QEMU)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from targets.config import REPO_ROOT, load_targets
from targets.environments.host import HostEnvironment
from toolchain.driver import translate

DEMO = Path(__file__).parent / "optimizer_demo.py"


@pytest.fixture(scope="module")
def untranslated_output() -> bytes:
    done = subprocess.run([sys.executable, "-m", "targets.untranslated", str(DEMO)],
                          capture_output=True, cwd=REPO_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    # The demo's outcomes are known: both forms of each trace agree, the last is invalid.
    assert b"-- optimized" in done.stdout and b"invalid: guard_true" in done.stdout
    return done.stdout


@pytest.mark.parametrize("target_name", ["x86_64", "armel"])
def test_translated_output_equals_cpython(target_name: str, tmp_path: Path,
                                          untranslated_output: bytes) -> None:
    target = load_targets()[target_name]
    env = HostEnvironment()
    binary = tmp_path / "optimizer_demo"
    env.compile(target, translate(DEMO, target, tmp_path / "c"), binary, REPO_ROOT / "build")
    with env.runner(target).session(binary, []) as session:
        result = session.run([], timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("latin-1") == untranslated_output.decode("latin-1")
