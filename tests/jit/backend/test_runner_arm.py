"""The 32-bit ARM backend on armhf, armel-vfp and armel, translated and run under QEMU
(ARM code cannot run on the host), each target on its pinned CPU: armel on
`arm926,vfp=off`, where any VFP instruction traps.

- The shared suite (runner/qemu_suite.py): the hand-written BackendSuite cases, 1000
  random traces and the random bridges of 500 seeds, against the reference executor,
  one QEMU run per target. armel's floats are soft-float helper calls: the same cases.
- The ARM driver (runner/programs/backend_arm.py): traces aimed at what is ARM-specific
  (AAPCS hard/softfp/soft argument passing incl. pair skipping and stack doubles,
  halfword and signed-byte memory, constants of every shape and ARMv5 literal pools,
  smull overflow, a frame deeper than vldr reaches, raw doubles at odd addresses, NaN
  comparisons) and 1000 random traces of its own.

Rerun one shared case alone: `.venv/bin/python tests/jit/backend/runner/qemu_suite.py
tests/jit/backend/test_runner_arm.py "seed 17"` (on BACKEND, armhf).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from runner.qemu_suite import Backend, CaseWriter, bridge_cases, random_cases, suite_cases

from targets.config import REPO_ROOT, load_targets
from targets.environments.host import HostEnvironment
from toolchain.driver import translate

IMPORTS = "from jit.backend.arm.assembler import CPU_ARM"
FLOAT_ABI = {"armhf": "hard", "armel-vfp": "softfp", "armel": "soft"}
BACKENDS = {name: Backend(name, IMPORTS, f'CPU_ARM(malloc, "{abi}")')
            for name, abi in FLOAT_ABI.items()}
BACKEND = BACKENDS["armhf"]
WORD_BITS = 32

# Shared cases the 32-bit executor cannot check (no recorded expectation replaces it for
# a 32-bit word), so they prove nothing about the backend: they must pass or say so.
EXECUTOR_CANNOT_RUN = "FAIL the executor cannot run it"
EXECUTOR_LIMITS = {
    # casts 1e18, which does not fit a 32-bit word (undefined: the executor refuses it)
    "suite test_float_to_int_truncates",
    # shift counts of 32 and 63 stay in the recorded 32-bit case.
    "suite test_shifts[int_lshift]", "suite test_shifts[int_rshift]",
    "suite test_shifts[uint_rshift]",
    # No executor signature for eight words, and a bridge jumping into its loop.
    "suite test_calls_with_stack_arguments", "suite test_bridge_finishes_and_jumps_back",
}

PROGRAM = Path(__file__).parent / "runner" / "programs" / "backend_arm.py"
RANDOM_TRACES = 1000


def shared_cases() -> list[CaseWriter]:
    cases = suite_cases(WORD_BITS)
    return cases + random_cases(RANDOM_TRACES, WORD_BITS) + bridge_cases(500, WORD_BITS)


def acceptable(name: str, result: str | None) -> bool:
    if result == "ok":
        return True
    return (name in EXECUTOR_LIMITS and result is not None
            and result.startswith(EXECUTOR_CANNOT_RUN))


@pytest.mark.parametrize("target_name", list(FLOAT_ABI))
def test_shared_suite(target_name: str) -> None:
    cases = shared_cases()
    outcome = BACKENDS[target_name].run(cases, timeout=110)
    bad = [f"{name}: {result}" for name, result in outcome.results.items()
           if not acceptable(name, result)]
    # The runner exits 1 when a case failed (accepted ones included), not on a crash.
    finished = outcome.returncode in (0, 1) and "\nsummary: " in outcome.output
    assert not bad and finished, (
        "\n".join(bad[:10]) + f"\n{len(bad)} of {len(cases)} failed; exit "
        f"{outcome.returncode}; output ends:\n" + "\n".join(outcome.output.splitlines()[-15:]))
    passed = [name for name, result in outcome.results.items() if result == "ok"]
    assert len([name for name in passed if name.startswith("seed ")]) == RANDOM_TRACES
    assert len([name for name in passed if name.startswith("bridge seed ")]) > 250


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


@pytest.mark.parametrize("target_name", list(FLOAT_ABI))
def test_arm_driver(target_name: str, tmp_path: Path) -> None:
    lines = run_driver(target_name, tmp_path)
    assert not verdicts(lines, "FAIL"), "\n".join(verdicts(lines, "FAIL"))
    assert not verdicts(lines, "refused"), "\n".join(verdicts(lines, "refused"))
    assert lines[-1] == "failures 0"
    ok = verdicts(lines, "ok")
    assert len([line for line in ok if line.startswith("ok random ")]) == RANDOM_TRACES
    for name in ["ok stack calls", "ok calls", "ok float_le", "ok float memory",
                 "ok unaligned raw floats", "ok register pressure", "ok long trace",
                 "ok long trace failing", "ok bridge 1000", "ok allocation", "ok guards",
                 "ok int_mul_ovf", "ok memory", "ok uint_rshift"]:
        assert name in ok, name
    assert any(line.startswith("ok too deep: ") for line in ok)
    # The driver skips a check only where the executor cannot run the trace.
    skipped = verdicts(lines, "skip")
    assert all("cast_float_to_int" in line for line in skipped), skipped
