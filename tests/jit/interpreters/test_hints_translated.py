"""JIT hints in a translated binary: set_param changes the threshold at run time,
jit-log-opt names a loop by the driver's get_printable_location, and calls of the
portal count towards function_threshold."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from targets.config import REPO_ROOT, resolve_target
from targets.environments.host import HostEnvironment
from toolchain.driver import translate

PROGRAMS = Path(__file__).parent / "programs"


def build(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    out = tmp_path_factory.mktemp(name)
    target = resolve_target("x86_64")
    translation = translate(PROGRAMS / f"{name}.py", target, out / "c", jit=True)
    binary = out / name
    HostEnvironment().compile(target, translation, binary, REPO_ROOT / "build")
    return binary


@pytest.fixture(scope="module")
def countdown(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory, "countdown")


@pytest.fixture(scope="module")
def entries(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory, "entries")


def loops_compiled(binary: Path, *args: str) -> tuple[str, int]:
    done = subprocess.run([str(binary), *args], capture_output=True, text=True, check=True,
                          env={"KILNLOG": "jit-summary:-"}, timeout=60)
    loops = re.search(r"Total # of loops:\s+(\d+)", done.stderr)
    assert loops, done.stderr
    return done.stdout, int(loops.group(1))


def test_set_param_lowers_the_threshold(countdown: Path) -> None:
    expected = f"{sum(3 * n for n in range(1, 201))}\n"
    # 200 iterations stay below the default threshold (1039): nothing is compiled
    assert loops_compiled(countdown, "200") == (expected, 0)
    # set_param(driver, "threshold", 5) makes the same loop hot
    assert loops_compiled(countdown, "200", "5") == (expected, 1)


def test_jit_log_opt_names_the_loop_by_its_printable_location(countdown: Path) -> None:
    done = subprocess.run([str(countdown), "200", "5"], capture_output=True, text=True,
                          check=True, env={"KILNLOG": "jit-log-opt-loop:-"}, timeout=60)
    assert "{jit-log-opt-loop" in done.stderr
    assert "# Loop 1 (countdown at 0) : loop with" in done.stderr, done.stderr


def test_jit_backend_dump_writes_code_that_objdump_reads(countdown: Path,
                                                         tmp_path: Path) -> None:
    log = tmp_path / "log"
    subprocess.run([str(countdown), "200", "5"], capture_output=True, check=True,
                   env={"KILNLOG": f"jit-backend-dump:{log}"}, timeout=60)
    text = log.read_text()
    command = next(line for line in text.splitlines() if line.startswith("objdump "))
    listing = subprocess.run(command.split(), capture_output=True, text=True, check=True)
    # the loop's code: the prologue pushes callee-saved registers, the body adds
    assert "push" in listing.stdout and "add" in listing.stdout, listing.stdout[:2000]


def test_calls_of_the_portal_count_towards_function_threshold(entries: Path) -> None:
    """1000 calls, each reaching the merge point once from the portal's start and twice
    from inside: below both thresholds by default; with function_threshold=10 the 10th
    call traces from the start to the portal's return (a trace ending in FINISH) and
    the later calls run it; a high function_threshold with a low threshold compiles
    nothing from the entries, only from the merge points reached from inside."""
    expected = f"{sum((i * 3 + 7) % 1000 for i in range(1000))}\n"
    assert loops_compiled(entries, "1000") == (expected, 0)
    assert loops_compiled(entries, "--jit", "function_threshold=10", "1000") == (expected, 1)
    assert loops_compiled(entries, "--jit", "function_threshold=1001", "1000") == (
        expected, 0)
    done = subprocess.run([str(entries), "--jit", "function_threshold=10", "1000"],
                          capture_output=True, text=True, check=True, timeout=60,
                          env={"KILNLOG": "jit-log-opt-loop,jit-summary:-"})
    assert "# Loop 1 (entries at 0) : loop with" in done.stderr, done.stderr
    assert "finish(" in done.stderr, done.stderr
