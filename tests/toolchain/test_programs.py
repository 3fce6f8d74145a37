"""Differential tests: every subset program gives the same output and exit status on
CPython and translated, on all six targets (under QEMU with the pinned CPU model).

All programs are translated together, as one binary per target that runs the program
named by its first argument: one translation and one compile per target instead of one
per program, and the translator is exercised on a large program besides.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SYSROOT_BUILD_DIR, TARGETS, run_untranslated

from targets.config import load_targets
from targets.environments.host import HostEnvironment
from targets.runners.base import RunResult
from toolchain.driver import translate

PROGRAMS_DIR = Path(__file__).parent / "programs"
PROGRAMS = sorted(p for p in PROGRAMS_DIR.glob("[a-z]*.py") if p.stem != "support")


def write_driver(directory: Path) -> Path:
    """A module whose entry point dispatches to each program's entry point."""
    lines = ["import sys", f"sys.path.insert(0, {str(PROGRAMS_DIR)!r})"]
    lines += [f"import {p.stem} as program_{p.stem}" for p in PROGRAMS]
    lines += ["", "", "def entry_point(argv):", "    name = argv[1]"]
    for p in PROGRAMS:
        lines += [f"    if name == {p.stem!r}:",
                  f"        return program_{p.stem}.entry_point(argv[1:])"]
    lines.append("    return 99")
    driver = directory / "all_programs.py"
    driver.write_text("\n".join(lines) + "\n")
    return driver


class Runner:
    def __init__(self, target_name: str, workdir: Path) -> None:
        target = load_targets()[target_name]
        env = HostEnvironment()
        translation = translate(write_driver(workdir), target, workdir / "c")
        self.binary = workdir / "all_programs"
        env.compile(target, translation, self.binary, SYSROOT_BUILD_DIR)
        self.runner = env.runner(target)

    def run(self, program: str) -> RunResult:
        with self.runner.session(self.binary, []) as session:
            return session.run([program], timeout=120)


@pytest.fixture(scope="module")
def binaries(tmp_path_factory: pytest.TempPathFactory):
    built: dict[str, Runner] = {}

    def get(target_name: str) -> Runner:
        if target_name not in built:
            built[target_name] = Runner(target_name, tmp_path_factory.mktemp(target_name))
        return built[target_name]

    return get


@pytest.mark.parametrize("target_name", TARGETS)
@pytest.mark.parametrize("program", PROGRAMS, ids=lambda p: p.stem)
def test_translated_matches_cpython(program: Path, target_name: str, binaries) -> None:
    expected = run_untranslated(program, [])
    assert expected.stdout, f"{program.name} printed nothing on CPython"
    got = binaries(target_name).run(program.stem)
    assert got.stdout == expected.stdout
    assert got.returncode == expected.returncode, got.stderr

