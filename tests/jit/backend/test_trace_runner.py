"""The QEMU suite's own machinery (runner/qemu_suite.py, programs/trace_runner.py),
cross-checked on the x86-64 backend natively: the same cases the other backends run must
pass; a backend that gets one value wrong, a bad line and a crash must each be caught,
with the case named."""

from __future__ import annotations

import platform

import pytest
from runner.qemu_suite import Backend, CaseWriter, random_cases, suite_cases

pytestmark = pytest.mark.skipif(platform.machine() != "x86_64",
                                reason="the x86-64 backend runs natively on an x86-64 host")

BACKEND = Backend("x86_64", "from jit.backend.x86_64.assembler import CPU_X86_64",
                  "CPU_X86_64(malloc)", random_traces=300, random_bridges=200)

test_suite_cases, test_random_traces, test_random_bridges = BACKEND.tests(__file__)

# A backend that reads back one int wrong: 7 comes out as 8.
BROKEN = Backend("x86_64", '''from jit.backend.model import DeadFrame
from jit.backend.x86_64.assembler import CPU_X86_64


class OffByOne(CPU_X86_64):
    def get_int_value(self, deadframe: DeadFrame, index: int) -> int:
        value = CPU_X86_64.get_int_value(self, deadframe, index)
        return 8 if value == 7 else value''', "OffByOne(malloc)")

# A backend whose GUARD_NO_EXCEPTION never fails: compiled code ignores a raising call.
DEAF = Backend("x86_64", '''from jit.backend.codebuf import Label
from jit.backend.model import LoopToken
from jit.backend.traceasm import TraceAssembler
from jit.backend.x86_64.assembler import CPU_X86_64, X86TraceAssembler


class DeafAssembler(X86TraceAssembler):
    def emit_branch_if_word_set(self, address: int, label: Label) -> None:
        self.mc.nop()


class Deaf(CPU_X86_64):
    def new_assembler(self, looptoken: LoopToken) -> TraceAssembler:
        return DeafAssembler(self, looptoken)''', "Deaf(malloc)")


def test_a_backend_that_ignores_exceptions_is_caught() -> None:
    cases = [case for case in suite_cases(64) if "exception" in case.name]
    assert len(cases) == 2
    outcome = DEAF.run(cases)
    assert outcome.returncode == 1
    for case in cases:
        assert outcome.results[case.name].startswith("FAIL left through "), outcome.output


def test_a_wrong_backend_is_caught_and_named() -> None:
    cases = suite_cases(64) + random_cases(40, 64)
    outcome = BROKEN.run(cases)
    failed = {name for name, result in outcome.results.items() if result != "ok"}
    assert outcome.returncode == 1
    assert "suite test_every_guard_kind_fails" in failed
    assert "suite test_fields_of_every_size" not in failed
    assert outcome.results["suite test_every_guard_kind_fails"].startswith("FAIL ints [8")
    assert f"summary: {len(cases) - len(failed)} ok, {len(failed)} failed" in outcome.output


def test_a_bad_line_fails_its_case_only() -> None:
    cases = random_cases(3, 64)
    cases[1].lines.insert(1, "nonsense 1 2 3")
    outcome = BACKEND.run(cases)
    assert outcome.results["seed 0"] == "ok" and outcome.results["seed 2"] == "ok"
    assert outcome.results["seed 1"].startswith("FAIL bad line 'nonsense 1 2 3'")
    with pytest.raises(AssertionError, match="1 of 3 cases failed"):
        BACKEND.check(cases, __file__)


def test_a_crash_names_the_case_it_stopped_in() -> None:
    crash = CaseWriter("null load", 64)
    crash.lines += ["trace 0 r", "getfield_gc_i field:0:8:1:i v0", "finish exit:0:f v1",
                    "end", "loop 0 ok", "run 0 p0"]
    cases = random_cases(1, 64) + [crash] + random_cases(2, 64)[1:]
    outcome = BACKEND.run(cases)
    assert outcome.results == {"seed 0": "ok", "null load": None, "seed 1": None}
    with pytest.raises(AssertionError, match="stopped in or before 'null load'"):
        BACKEND.check(cases, __file__)
