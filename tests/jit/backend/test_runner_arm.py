"""The 32-bit ARM backend on armhf, armel-vfp and armel, translated and run under QEMU.

ARM code cannot run on the host, so the backend is tested translated:
`runner/programs/backend_arm.py` compiles hand-written traces aimed at the ARM code paths
and 1000 random ones, runs each through the backend and through the reference executor,
and prints a verdict per run. Each target runs on its pinned QEMU CPU (armel on
`arm926,vfp=off`, where any VFP instruction traps), so the armel run also shows that
integer traces need nothing beyond ARMv5TE and that float traces are refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from targets.config import REPO_ROOT, load_targets
from targets.environments.host import HostEnvironment
from toolchain.driver import translate

PROGRAM = Path(__file__).parent / "runner" / "programs" / "backend_arm.py"
RANDOM_TRACES = 1000
FLOAT_ABI = {"armhf": "hard", "armel-vfp": "softfp", "armel": "soft"}


def run_driver(target_name: str, tmp_path: Path) -> list[str]:
    target = load_targets()[target_name]
    assert target.jit_backend == "arm"
    translation = translate(PROGRAM, target, tmp_path / "c")
    binary = tmp_path / "backend_arm"
    HostEnvironment().compile(target, translation, binary, REPO_ROOT / "build")
    with HostEnvironment().runner(target).session(binary, []) as session:
        result = session.run([FLOAT_ABI[target_name], str(RANDOM_TRACES)], timeout=110)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode().splitlines()


def verdicts(lines: list[str], word: str) -> list[str]:
    return [line for line in lines if line.startswith(word + " ")]


@pytest.mark.parametrize("target_name", ["armhf", "armel-vfp"])
def test_vfp_targets_match_the_executor(target_name: str, tmp_path: Path) -> None:
    lines = run_driver(target_name, tmp_path)
    assert not verdicts(lines, "FAIL"), "\n".join(verdicts(lines, "FAIL"))
    assert not verdicts(lines, "refused"), "\n".join(verdicts(lines, "refused"))
    assert lines[-1] == "failures 0"
    ok = verdicts(lines, "ok")
    assert len([line for line in ok if line.startswith("ok random ")]) == RANDOM_TRACES
    for name in ["ok stack calls", "ok calls", "ok float_le", "ok float memory",
                 "ok register pressure", "ok bridge 1000", "ok allocation", "ok guards",
                 "ok int_mul_ovf", "ok memory"]:
        assert name in ok, name
    # The executor (translated, 32-bit) refuses every cast_float_to_int: see the report;
    # nothing else may be skipped.
    skipped = verdicts(lines, "skip")
    assert all("cast_float_to_int" in line for line in skipped), skipped


def test_armel_runs_integer_traces_and_refuses_floats(tmp_path: Path) -> None:
    lines = run_driver("armel", tmp_path)
    assert not verdicts(lines, "FAIL"), "\n".join(verdicts(lines, "FAIL"))
    assert lines[-1] == "failures 0"
    ok = verdicts(lines, "ok")
    assert len([line for line in ok if line.startswith("ok random ")]) == RANDOM_TRACES
    for name in ["ok bridge 1000", "ok allocation", "ok guards", "ok int_mul_ovf",
                 "ok memory", "ok uint_rshift"]:
        assert name in ok, name
    refused = verdicts(lines, "refused")
    assert refused and all("armel has no FPU" in line for line in refused)
    assert {line.split(":")[0] for line in refused} >= {"refused float_add",
                                                        "refused stack calls"}
