"""BF translated with the JIT, on every target that has a JIT backend: the whole corpus
gives the expected output (made by CPython) with `--jit off`, with the default
parameters, and with aggressive ones that make tracing, bridges and guard failures
happen all the time; and the JIT really compiles (jit-summary counts loops)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from targets.config import REPO_ROOT, Target, load_targets
from targets.corpus import discover, judge
from targets.environments.host import HostEnvironment
from toolchain.driver import translate

BF = REPO_ROOT / "interpreters" / "bf" / "bf.py"
CASES = discover(REPO_ROOT / "interpreters" / "bf" / "tests")
JIT_TARGETS = [t for t in load_targets().values() if t.jit_backend]
SETTINGS = {
    "off": ["--jit", "off"],
    "default": [],
    "aggressive": ["--jit", "threshold=3,function_threshold=3,trace_eagerness=2"],
}


@pytest.fixture(scope="module", params=JIT_TARGETS, ids=lambda t: t.name)
def bf_jit(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> tuple[Target, Path]:
    target: Target = request.param
    out = tmp_path_factory.mktemp(f"bf-jit-{target.name}")
    translation = translate(BF, target, out / "c", jit=True)
    binary = out / "bf"
    HostEnvironment().compile(target, translation, binary, REPO_ROOT / "build")
    return target, binary


@pytest.mark.parametrize("setting", SETTINGS)
def test_corpus_agrees_under_every_jit_setting(bf_jit: tuple[Target, Path],
                                               setting: str) -> None:
    target, binary = bf_jit
    failures = []
    with HostEnvironment().runner(target).session(binary, []) as session:
        for case in CASES:
            result = session.run([*SETTINGS[setting], str(case.program), *case.args()],
                                 stdin=case.stdin_bytes(), timeout=300)
            message = judge(case.expected.read_bytes(), result)
            if message is not None:
                failures.append(f"{case.name}: {message}")
    assert not failures, "\n".join(failures)


def test_the_jit_compiles_loops_and_bridges(bf_jit: tuple[Target, Path],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    target, binary = bf_jit
    monkeypatch.setenv("KILNLOG", "jit-summary:-")   # QEMU passes it to the guest
    primes = REPO_ROOT / "interpreters" / "bf" / "tests" / "primes.b"
    with HostEnvironment().runner(target).session(binary, []) as session:
        result = session.run([*SETTINGS["aggressive"], str(primes)], timeout=300)
    summary = result.stderr.decode()
    loops = int(re.search(r"Total # of loops:\s+(\d+)", summary).group(1))  # type: ignore
    bridges = int(re.search(r"Total # of bridges:\s+(\d+)", summary).group(1))  # type: ignore
    assert loops > 0 and bridges > 0, summary
