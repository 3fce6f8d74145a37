"""The encoders translated with the JIT runtime.

- Each backend's subset program in programs/ emits add(a, b), a summing loop with labels
  and multi-instruction constants, copies the code to W^X memory, and calls it through a
  FuncSig. Untranslated, the x86-64 program runs on the host through ctypes.
- Every golden and error case of a backend, written as one subset program
  (subset_cases.py), prints the bytes the translated encoder makes, which must equal
  the golden files, and the messages of the operands it must refuse.

Translated with toolchain.driver and compiled with the host's real (cross) gcc, run
natively (x86_64) or under QEMU with the pinned CPU models.
"""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

import pytest
from encoder_harness import Backend, read_golden
from subset_cases import SubsetBackend, program_source

import cases_aarch64
import cases_arm
import cases_x86_64
import test_encoder_errors as errors
from jit.backend.aarch64 import codebuilder as a64
from jit.backend.aarch64 import registers as a64_regs
from jit.backend.arm import codebuilder as arm
from jit.backend.arm import registers as arm_regs
from jit.backend.x86_64 import codebuilder as x86
from jit.backend.x86_64 import registers as x86_regs
from targets.config import REPO_ROOT, Target, load_targets
from targets.environments.host import HostEnvironment
from targets.runners.base import RunResult
from toolchain.driver import translate

PROGRAMS = Path(__file__).parent / "programs"
ARGS = ["40", "2", "1000"]
ADD_AND_SUM = b"add 42\nsum 500500 0\n"
X86_64_OUT = ADD_AND_SUM + b"const %d\n" % 0x123456789AB
AARCH64_OUT = ADD_AND_SUM + b"const %d %d\n" % (0x123456789ABC, 0x123456789ABC + 0x55)
ARM_OUT = ADD_AND_SUM + b"const %d %d\n" % (0x12345678 + 1, -100000)

# target -> (program, leading arguments, expected stdout)
CASES: dict[str, tuple[str, list[str], bytes]] = {
    "x86_64": ("encoders_x86_64.py", [], X86_64_OUT),
    "aarch64": ("encoders_aarch64.py", [], AARCH64_OUT),
    "armhf": ("encoders_arm.py", ["armv7"], ARM_OUT),
    "armel-vfp": ("encoders_arm.py", ["armv7"], ARM_OUT),
    "armel": ("encoders_arm.py", ["armv5te"], ARM_OUT),
}
NO_BACKEND = {"i686": "no JIT backend for i686: the x86 encoder makes 64-bit code only"}
# The sysroots live where `scons` puts them, so the suite and the build share one download.
BUILD_DIR = REPO_ROOT / "build"


def _params() -> list[object]:
    params: list[object] = []
    for name in load_targets():
        if name in NO_BACKEND:
            params.append(pytest.param(name, marks=pytest.mark.skip(reason=NO_BACKEND[name])))
        else:
            params.append(name)
    return params


@pytest.fixture(scope="module")
def binaries() -> dict[str, Path]:
    """Binaries built so far, by target: each is translated and compiled once."""
    return {}


def compile_program(program: Path, target: Target, out: Path) -> Path:
    translation = translate(program, target, out / "c")
    binary = out / program.stem
    HostEnvironment().compile(target, translation, binary, BUILD_DIR)
    return binary


def build(target: Target, binaries: dict[str, Path], tmp: Path) -> Path:
    if target.name not in binaries:
        binaries[target.name] = compile_program(PROGRAMS / CASES[target.name][0], target,
                                                tmp / target.name)
    return binaries[target.name]


def run(target: Target, binary: Path, args: list[str]) -> RunResult:
    with HostEnvironment().runner(target).session(binary, []) as session:
        return session.run(args, timeout=120)


def test_every_target_is_covered() -> None:
    assert set(load_targets()) == set(CASES) | set(NO_BACKEND)
    for name, target in load_targets().items():
        assert (target.jit_backend is None) == (name in NO_BACKEND), name


@pytest.mark.parametrize("target_name", _params())
def test_translated_encoder_runs_its_code(target_name: str, binaries: dict[str, Path],
                                          tmp_path_factory: pytest.TempPathFactory) -> None:
    target = load_targets()[target_name]
    binary = build(target, binaries, tmp_path_factory.mktemp("encoders"))
    _, leading, expected = CASES[target_name]
    result = run(target, binary, leading + ARGS)
    assert (result.returncode, result.stdout) == (0, expected), result.stderr.decode()


def test_armel_cpu_traps_on_armv7_constants(binaries: dict[str, Path],
                                            tmp_path_factory: pytest.TempPathFactory) -> None:
    """The same armel binary asked for ARMv7 code dies on movw: the armel run above
    really executes only the ARMv5TE subset."""
    target = load_targets()["armel"]
    binary = build(target, binaries, tmp_path_factory.mktemp("encoders"))
    result = run(target, binary, ["armv7"] + ARGS)
    assert result.returncode == -4, (result.returncode, result.stdout, result.stderr)
    assert result.stdout == ADD_AND_SUM   # add and the loop need no movw; the constant does


@pytest.mark.skipif(platform.machine() != "x86_64", reason="the host must run x86-64 code")
def test_untranslated_x86_64_program_runs_on_the_host() -> None:
    done = subprocess.run([sys.executable, "-m", "targets.untranslated",
                           str(PROGRAMS / "encoders_x86_64.py"), *ARGS],
                          capture_output=True, cwd=REPO_ROOT, timeout=120)
    assert (done.returncode, done.stdout) == (0, X86_64_OUT), done.stderr.decode()


# -- every golden and error case, translated -----------------------------------------------

X86_64 = SubsetBackend(x86.CodeBuilder, x86.__name__, x86_regs, "CodeBuilder()", 64)
AARCH64 = SubsetBackend(a64.CodeBuilder, a64.__name__, a64_regs, "CodeBuilder()", 64)
ARMV7 = SubsetBackend(arm.CodeBuilder, arm.__name__, arm_regs,
                      'CodeBuilder("armv7", False)', 32)
ARMV7_IDIV = SubsetBackend(arm.CodeBuilder, arm.__name__, arm_regs,
                           'CodeBuilder("armv7", True)', 32)
ARMV5TE = SubsetBackend(arm.CodeBuilder, arm.__name__, arm_regs,
                        'CodeBuilder("armv5te", False)', 32)

Group = tuple[SubsetBackend, Backend, list[tuple[str, str]]]
# program -> (target it runs on, groups of (builder, golden cases, error cases)); the ARM
# builders run on armel, whose CPU is the most restricted (their code is only printed).
GOLDEN_PROGRAMS: dict[str, tuple[str, list[Group]]] = {
    "x86_64": ("x86_64", [(X86_64, cases_x86_64.BACKEND, errors.X86)]),
    "aarch64": ("aarch64", [(AARCH64, cases_aarch64.BACKEND, errors.AARCH64)]),
    "arm": ("armel", [(ARMV7, cases_arm.BACKEND_V7, errors.ARMV7),
                      (ARMV7_IDIV, cases_arm.BACKEND_IDIV, []),
                      (ARMV5TE, cases_arm.BACKEND_V5, errors.ARMV5)]),
}


@pytest.mark.parametrize("name", list(GOLDEN_PROGRAMS))
def test_translated_encoder_matches_the_goldens(name: str, tmp_path: Path) -> None:
    target_name, groups = GOLDEN_PROGRAMS[name]
    expected: list[tuple[str, str | None, str | None]] = []   # call, hex, error pattern
    for _, backend, error_cases in groups:
        for call, insns in read_golden(backend):
            expected.append((call, b"".join(data for data, _ in insns).hex(" "), None))
        expected += [(call, None, message) for call, message in error_cases]
    source, included = program_source(
        [(subset, [call for call, _ in backend.cases] + [call for call, _ in error_cases])
         for subset, backend, error_cases in groups])
    assert all(number in included for number, (_, want, _) in enumerate(expected) if want), \
        "every golden case must be expressible in the subset"
    program = tmp_path / f"golden_{name}.py"
    program.write_text(source)
    target = load_targets()[target_name]
    result = run(target, compile_program(program, target, tmp_path / "out"), [])
    assert result.returncode == 0, result.stderr.decode()
    lines = dict(line.split(" ", 1) for line in result.stdout.decode().splitlines())
    problems = []
    for number in included:
        call, want, pattern = expected[number]
        got = lines.get(str(number), "<no output>")
        if want is not None and got != want:
            problems.append(f"{call}: translated {got}, golden {want}")
        if pattern is not None and not (got.startswith("error: ") and pattern in got):
            problems.append(f"{call}: translated {got}, expected an error with {pattern!r}")
    assert not problems, "\n".join(problems)
