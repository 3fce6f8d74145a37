"""The trace IR runs on CPython and translates: the same trace prints the same text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from targets.config import REPO_ROOT, load_targets
from targets.environments.host import HostEnvironment
from toolchain.driver import translate

DEMO = Path(__file__).parent / "trace_demo.py"
EXPECTED = b"""[i0, r1, f2]
label(i0, r1, f2, descr=<Target 0>)
i4 = int_add(i0, 1)
f5 = float_add(f2, 0.5)
i6 = getfield_gc_i(r1, descr=<Field Counter.value>)
i7 = int_lt(i4, i6)
guard_true(i7) [i4, r1, f5]
jump(i4, r1, f5, descr=<Target 0>)
"""


def test_untranslated_trace_text() -> None:
    done = subprocess.run([sys.executable, "-m", "targets.untranslated", str(DEMO)],
                          capture_output=True, cwd=REPO_ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == EXPECTED


@pytest.mark.parametrize("target_name", ["x86_64", "armel"])
def test_translated_trace_text(target_name: str, tmp_path: Path) -> None:
    target = load_targets()[target_name]
    env = HostEnvironment()
    binary = tmp_path / "trace_demo"
    env.compile(target, translate(DEMO, target, tmp_path / "c"), binary, REPO_ROOT / "build")
    with env.runner(target).session(binary, []) as session:
        result = session.run([], timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == EXPECTED
