"""The encoders translated with the JIT runtime: each backend's subset program in
programs/ emits add(a, b), a summing loop with labels and multi-instruction constants,
copies the code to W^X memory, and calls it through a FuncSig.

Translated with toolchain.driver and compiled with the host's real (cross) gcc for every
target with a JIT backend, run natively (x86_64) or under QEMU with the pinned CPU
models; untranslated, the x86-64 program runs on the host through ctypes.
"""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

import pytest

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


def build(target: Target, binaries: dict[str, Path], tmp: Path) -> Path:
    if target.name not in binaries:
        program = PROGRAMS / CASES[target.name][0]
        out = tmp / target.name
        translation = translate(program, target, out / "c")
        binary = out / program.stem
        HostEnvironment().compile(target, translation, binary, BUILD_DIR)
        binaries[target.name] = binary
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
