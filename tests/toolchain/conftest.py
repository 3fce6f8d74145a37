"""Fixtures for the translator tests: translate a subset program for a target, compile
it with the real (cross) gcc, and run it with the target's real runner."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from targets.config import REPO_ROOT, Target, load_targets
from targets.environments.host import HostEnvironment
from targets.runners.base import RunResult
from toolchain.driver import translate

TARGETS = list(load_targets())
# The sysroots live where `scons` puts them, so the suite and the build share one download.
SYSROOT_BUILD_DIR = REPO_ROOT / "build"


@dataclass
class Outcome:
    returncode: int
    stdout: bytes
    stderr: bytes


def run_untranslated(module: Path, args: list[str], stdin: bytes = b"") -> Outcome:
    done = subprocess.run([sys.executable, "-m", "targets.untranslated", str(module), *args],
                          input=stdin, capture_output=True, cwd=REPO_ROOT, timeout=300)
    return Outcome(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="session")
def targets_by_name() -> dict[str, Target]:
    return load_targets()


@pytest.fixture
def build_and_run(tmp_path: Path) -> Callable[..., RunResult]:
    env = HostEnvironment()

    def build_and_run(module: Path, target: Target, args: list[str] | None = None,
                      stdin: bytes = b"") -> RunResult:
        out = tmp_path / target.name
        translation = translate(module, target, out / "c")
        binary = out / module.stem
        env.compile(target, translation, binary, SYSROOT_BUILD_DIR)
        with env.runner(target).session(binary, []) as session:
            return session.run(list(args or []), stdin=stdin, timeout=120)

    return build_and_run
