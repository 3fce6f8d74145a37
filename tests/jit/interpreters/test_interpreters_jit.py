"""The interpreters translated with the JIT, on every target that has a JIT backend: each
whole corpus gives the expected output (made by CPython) with `--jit off`, with the
default parameters, and with aggressive ones that make tracing, bridges and guard
failures happen all the time; and the JIT really compiles (jit-summary counts loops)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from targets.config import REPO_ROOT, Target, load_targets
from targets.corpus import discover, judge
from targets.environments.host import HostEnvironment
from toolchain.driver import translate

INTERPRETERS = REPO_ROOT / "interpreters"
# interpreter -> the program whose jit-summary must show loops and bridges
HOT_PROGRAM = {"bf": "primes.b", "ember": "while_loops.em"}
JIT_TARGETS = [t for t in load_targets().values() if t.jit_backend]
SETTINGS = {
    "off": ["--jit", "off"],
    "default": [],
    "aggressive": ["--jit", "threshold=3,function_threshold=3,trace_eagerness=2"],
}
BUILDS = [(interp, target) for interp in HOT_PROGRAM for target in JIT_TARGETS]


@pytest.fixture(scope="module", params=BUILDS, ids=lambda b: f"{b[0]}-{b[1].name}")
def jit_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[str, Target, Path]:
    interp, target = request.param
    out = tmp_path_factory.mktemp(f"{interp}-jit-{target.name}")
    module = INTERPRETERS / interp / f"{interp}.py"
    translation = translate(module, target, out / "c", jit=True)
    binary = out / interp
    HostEnvironment().compile(target, translation, binary, REPO_ROOT / "build")
    return interp, target, binary


@pytest.mark.parametrize("setting", SETTINGS)
def test_corpus_agrees_under_every_jit_setting(jit_build: tuple[str, Target, Path],
                                               setting: str) -> None:
    interp, target, binary = jit_build
    failures = []
    with HostEnvironment().runner(target).session(binary, []) as session:
        for case in discover(INTERPRETERS / interp / "tests"):
            result = session.run([*SETTINGS[setting], str(case.program), *case.args()],
                                 stdin=case.stdin_bytes(), timeout=300)
            message = judge(case.expected.read_bytes(), result)
            if message is not None:
                failures.append(f"{case.name}: {message}")
    assert not failures, "\n".join(failures)


def test_the_jit_compiles_loops_and_bridges(jit_build: tuple[str, Target, Path],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    interp, target, binary = jit_build
    monkeypatch.setenv("KILNLOG", "jit-summary:-")   # QEMU passes it to the guest
    program = INTERPRETERS / interp / "tests" / HOT_PROGRAM[interp]
    with HostEnvironment().runner(target).session(binary, []) as session:
        result = session.run([*SETTINGS["aggressive"], str(program)], timeout=300)
    summary = result.stderr.decode()
    loops = int(re.search(r"Total # of loops:\s+(\d+)", summary).group(1))  # type: ignore
    bridges = int(re.search(r"Total # of bridges:\s+(\d+)", summary).group(1))  # type: ignore
    assert loops > 0 and bridges > 0, summary
    counts = {name: int(re.search(rf"^{name}:\s+(\d+)$", summary, re.M).group(1))  # type: ignore
              for name in ("ops", "recorded ops", "  calls", "guards", "opt ops",
                           "opt guards", "forcings")}
    # Every counter is a real count: the tracer executes and records operations and
    # guards, the optimizer keeps some; Ember's traces also make residual calls and
    # force virtuals (BF's make neither).
    for name in ("ops", "recorded ops", "guards", "opt ops", "opt guards"):
        assert counts[name] > 0, summary
    assert counts["opt ops"] < counts["recorded ops"], summary
    if interp == "ember":
        assert counts["  calls"] > 0 and counts["forcings"] > 0, summary
