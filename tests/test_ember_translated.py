"""The Ember interpreter translated to C by `python -m toolchain translate`, compiled by
the host environment's (cross) gcc for x86_64 and for the 32-bit i686, and run natively
or under QEMU: every corpus program prints exactly what CPython printed, and every
failing program fails with the same message and exit status as untranslated.  The
translation itself stays within issue 3's budget for the second interpreter."""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from targets.config import REPO_ROOT, load_targets
from targets.corpus import Case, discover
from targets.environments.host import HostEnvironment
from targets.runners.base import Session
from toolchain.driver import translation_in

EMBER_DIR = REPO_ROOT / "interpreters" / "ember"
CASES = discover(EMBER_DIR / "tests")
ERROR_PROGRAMS = sorted((EMBER_DIR / "errors").glob("*.em"))
TARGET_NAMES = ["x86_64", "i686"]
# The sysroots live where `scons` puts them, so the suite and the build share them.
SYSROOT_BUILD_DIR = REPO_ROOT / "build"
TRANSLATE_BUDGET_S = 20.0
RSS_BUDGET_KB = 500 * 1024


@dataclass
class Built:
    binary: Path
    translate_seconds: float
    session: Session


@pytest.fixture(scope="module", params=TARGET_NAMES)
def built(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    target = load_targets()[request.param]
    out = tmp_path_factory.mktemp(f"ember-{target.name}")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "toolchain", "translate", str(EMBER_DIR / "ember.py"),
         "--target", target.name, "-o", str(out / "c")],
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=600)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        pytest.fail(f"translating Ember for {target.name} failed:\n{done.stderr}")
    env = HostEnvironment()
    binary = out / "ember"
    env.compile(target, translation_in(out / "c", "ember"), binary, SYSROOT_BUILD_DIR)
    files = [case.program for case in CASES] + ERROR_PROGRAMS
    with env.runner(target).session(binary, files) as session:
        yield Built(binary, seconds, session)


def test_translation_is_within_budget(built: Built) -> None:
    assert built.translate_seconds < TRANSLATE_BUDGET_S
    # The largest of this process's children so far, the translator included.
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < RSS_BUDGET_KB


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_corpus_output_matches_cpython(built: Built, case: Case) -> None:
    result = built.session.run([built.session.path(case.program), *case.args()],
                               stdin=case.stdin_bytes(), timeout=120)
    assert result.returncode == 0, result.describe_exit() + "\n" + result.stderr.decode()
    assert result.stdout == case.expected.read_bytes()


@pytest.mark.parametrize("program", ERROR_PROGRAMS, ids=[p.stem for p in ERROR_PROGRAMS])
def test_failing_program_fails_the_same_way(built: Built, program: Path) -> None:
    status = int(re.match(r"# status: (\d+)\n", program.read_text()).group(1))  # type: ignore[union-attr]
    staged = built.session.path(program)
    result = built.session.run([staged], timeout=120)
    stdout_file = program.with_suffix(".out")
    assert result.returncode == status, result.describe_exit()
    # Syntax errors name the program as it was given; the corpus expects its bare name.
    assert result.stderr.replace(staged.encode(), program.name.encode()) == \
        program.with_suffix(".err").read_bytes()
    assert result.stdout == (stdout_file.read_bytes() if stdout_file.is_file() else b"")


def test_without_a_program_prints_usage(built: Built) -> None:
    result = built.session.run([], timeout=60)
    assert result.returncode == 2
    assert result.stderr == b"ember: usage: ember PROGRAM.em [ARGS...]\n"
