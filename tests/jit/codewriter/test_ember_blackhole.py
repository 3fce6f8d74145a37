"""Ember's test corpus with the main loop run by the blackhole interpreter, one bytecode
per portal run (ember_blackhole.py): the jitcodes the codewriter makes for a real
interpreter (exceptions, method calls on many classes, lists, strs, floats) behave as
Ember does.  Translated for x86_64, natively."""

from __future__ import annotations

import platform
import subprocess
from pathlib import Path

import pytest

from targets.config import REPO_ROOT, load_targets
from targets.environments.host import HostEnvironment
from toolchain.driver import translate

PROGRAM = Path(__file__).parent / "ember_blackhole.py"
CORPUS = REPO_ROOT / "interpreters" / "ember" / "tests"
CASES = sorted(p.stem for p in CORPUS.glob("*.em")
               if (CORPUS / (p.stem + ".out")).exists()
               and not (CORPUS / (p.stem + ".args")).exists())

pytestmark = pytest.mark.skipif(platform.machine() != "x86_64",
                                reason="runs the x86_64 translation natively")


@pytest.fixture(scope="module")
def binary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scratch = tmp_path_factory.mktemp("ember_blackhole")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KILN_CW_TARGET", "x86_64")
        patch.setenv("KILN_CW_SCRATCH", str(scratch))
        target = load_targets()["x86_64"]
        path = scratch / "ember_blackhole"
        HostEnvironment().compile(target, translate(PROGRAM, target, scratch / "c"), path,
                                  REPO_ROOT / "build")
    return path


def test_corpus_is_there() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES)
def test_case(binary: Path, case: str) -> None:
    stdin = CORPUS / (case + ".in")
    done = subprocess.run([str(binary), str(CORPUS / (case + ".em"))], capture_output=True,
                          timeout=120,
                          stdin=stdin.open("rb") if stdin.exists() else subprocess.DEVNULL)
    assert done.stdout == (CORPUS / (case + ".out")).read_bytes(), done.stderr[-2000:]


def test_corpus_on_a_32_bit_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same on armhf (4-byte words and items), under QEMU, without stdin cases."""
    monkeypatch.setenv("KILN_CW_TARGET", "armhf")
    monkeypatch.setenv("KILN_CW_SCRATCH", str(tmp_path))
    target = load_targets()["armhf"]
    env = HostEnvironment()
    path = tmp_path / "ember_blackhole"
    env.compile(target, translate(PROGRAM, target, tmp_path / "c"), path, REPO_ROOT / "build")
    failed = []
    with env.runner(target).session(path, []) as session:
        for case in CASES:
            if (CORPUS / (case + ".in")).exists():
                continue
            result = session.run([str(CORPUS / (case + ".em"))], timeout=120)
            if result.stdout != (CORPUS / (case + ".out")).read_bytes():
                failed.append(case)
    assert failed == []
