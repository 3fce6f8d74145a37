"""The tracer, loop and bridge compilation, resume data and the warm state together,
against the real x86-64 backend: the toy interpreter of tracer_interp.py runs with the
JIT (aggressive parameters, so that traces, guard failures, blackhole resumes and
bridges all happen) and must give what the same jitcode gives run purely in the
blackhole interpreter, the oracle."""

from __future__ import annotations

import ctypes
import platform

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jit.backend.x86_64.assembler import CPU_X86_64
from jit.codewriter.callshapes import write_module
from jit.codewriter.codewriter import make_jitcodes
from jit.metainterp import blackhole, traceops, warmstate
from jit.metainterp.blackhole import BlackholeInterpreter
from jit.metainterp.jitdriver import ABORT_REASONS, JitDriverStaticData
from jit.metainterp.params import JitParams
from tests.jit.backend.runner import helpers
from targets.config import load_targets
from tests.jit.metainterp import tracer_interp as toy
from tests.jit.metainterp.tracer_fixtures import pristine_jitlog  # noqa: F401 (autouse)
from tests.jit.metainterp import tracer_source
from toolchain.driver import annotate_and_rtype
from toolchain.rlib.rawmem import raw_load_word
from toolchain.rlib.symbolic import Symbolic

pytestmark = pytest.mark.skipif(platform.machine() != "x86_64",
                                reason="the x86-64 backend runs natively on an x86-64 host")


def make_sd(threshold: int = 3, trace_eagerness: int = 2, trace_limit: int = 6000,
            enable_opts: str | None = None,
            immutable_table: bool = True) -> JitDriverStaticData:
    codeset = toy.build_portal(helpers.SUB3, immutable_table)
    sd = JitDriverStaticData(codeset.drivers[0], codeset, toy.Shapes())
    params = JitParams()
    params.threshold = threshold
    params.trace_eagerness = trace_eagerness
    params.trace_limit = trace_limit
    if enable_opts is not None:
        params.enable_opts = enable_opts
    sd.params = params
    sd.set_cpu(CPU_X86_64(helpers.MALLOC))
    return sd


def run_both(ops: list[int], args: list[int], acc: int, cnt: int, f: float = 0.0,
             **kw: object) -> tuple[int, JitDriverStaticData]:
    sd = make_sd(**kw)  # type: ignore[arg-type]
    interp = BlackholeInterpreter(sd.codeset, sd.callshapes)
    expected = toy.interpret(sd, interp, toy.make_program(ops, args), acc, cnt,
                             toy.make_objects(), f, False)
    got = toy.interpret(sd, interp, toy.make_program(ops, args), acc, cnt,
                        toy.make_objects(), f, True)
    assert got == expected, (got, expected, sd.stats.__dict__)
    # Every exit its own descr (unroll copies guards: each copy has its own fail_args).
    exits = sd.get_cpu().exits
    assert len({id(exit.descr) for exit in exits}) == len(exits)
    return got, sd


def test_counting_loop_compiles_and_exits_through_the_blackhole() -> None:
    result, sd = run_both([toy.ADD, toy.DJNZ, toy.HALT], [3, 0, 0], 0, 1000)
    assert result == 3 * 1001
    assert sd.stats.loops == 1
    # The loop ran compiled: one guard failure (cnt reached 0), resumed in the blackhole.
    assert sd.stats.guard_failures == 1 and sd.stats.blackholes == 1
    assert sd.stats.total_aborts() == 0


def test_compiled_code_keeps_its_constant_refs_alive() -> None:
    """The DJNZ instruction is a green constant in the resume data of the loop's exit
    guard: a raw block, which the GC scans, holds its address."""
    sd = make_sd()
    interp = BlackholeInterpreter(sd.codeset, sd.callshapes)
    program = toy.make_program([toy.ADD, toy.DJNZ, toy.HALT], [3, 0, 0])
    toy.interpret(sd, interp, program, 0, 100, toy.make_objects(), 0.0, True)
    held = set()
    for block in sd.keepalive:
        for i in range(raw_load_word(block, 0)):
            held.add(raw_load_word(block, 8 * (i + 1)))
    assert raw_load_word(program, 16) in held


def test_cold_loop_is_not_traced() -> None:
    _, sd = run_both([toy.ADD, toy.DJNZ, toy.HALT], [3, 0, 0], 0, 5, threshold=1000)
    assert sd.stats.traces == 0 and sd.stats.loops == 0


@pytest.mark.parametrize("op", [toy.MULOVF, toy.CALL, toy.PROMOTE, toy.BOX, toy.CLASS,
                                toy.FADD, toy.INLINE, toy.TABLE])
def test_each_operation_in_a_loop(op: int) -> None:
    arg = 3 if op == toy.MULOVF else 0
    result, sd = run_both([toy.ADD, op, toy.DJNZ, toy.HALT], [1, arg, 0, 0], 5, 200,
                          f=1.5)
    assert sd.stats.loops >= 1


def test_immutable_arrays_fold_on_constants() -> None:
    """TABLE reads an array through a constant instruction: immutable, its length
    folds away while tracing, but not the item at a varying index."""
    ops = [toy.TABLE, toy.TABLE, toy.DJNZ, toy.HALT]
    recorded = []
    for immutable in [False, True]:
        _, sd = run_both(ops, [2, 4, 0, 0], 0, 50, immutable_table=immutable)
        recorded.append(sd.stats.recorded_ops)
    assert recorded[1] <= recorded[0] - 2, recorded      # the two arraylen_gc


def test_guards_fail_and_get_bridges() -> None:
    """PROMOTE's guard_value, CLASS's guard_class and BOX's parity guard fail often;
    with trace_eagerness=2 they get bridges, and the results still match."""
    ops = [toy.ADD, toy.PROMOTE, toy.CLASS, toy.BOX, toy.FADD, toy.DJNZ, toy.HALT]
    args = [1, 0, 0, 0, 0, 0, 0]
    _, sd = run_both(ops, args, 0, 500, f=0.25)
    assert sd.stats.bridges >= 3, sd.stats.__dict__
    assert sd.stats.guard_failures > sd.stats.bridges


def test_overflow_guard_fails() -> None:
    """acc * 7**k overflows every 17 to 22 iterations: the loop's guard_no_overflow fails
    then (and only then: a guard that fails more than it should shows here)."""
    ops = [toy.MULOVF, toy.DJNZ, toy.HALT]
    _, sd = run_both(ops, [7, 0, 0], 1, 300, trace_eagerness=1000)
    assert 5 <= sd.stats.guard_failures <= 300 // 15


@pytest.mark.parametrize("eagerness", [1000, 2])
def test_virtual_rebuilt_at_failing_guard(eagerness: int) -> None:
    """BOX's parity guard fails every other iteration with the Box virtual: resumed in
    the blackhole (the virtual allocated from resume data), or as bridges that start
    by allocating it again."""
    _, sd = run_both([toy.ADD, toy.BOX, toy.DJNZ, toy.HALT], [1, 0, 0, 0], 0, 100,
                     trace_eagerness=eagerness)
    assert sd.stats.guard_failures >= (40 if eagerness > 100 else 1)
    if eagerness == 2:
        assert sd.stats.bridges >= 1


def test_no_bridge_before_trace_eagerness() -> None:
    ops = [toy.ADD, toy.PROMOTE, toy.DJNZ, toy.HALT]
    _, sd = run_both(ops, [1, 0, 0, 0], 0, 300, trace_eagerness=100000)
    assert sd.stats.bridges == 0 and sd.stats.guard_failures > 100


def test_without_optimizations() -> None:
    ops = [toy.ADD, toy.PROMOTE, toy.CLASS, toy.BOX, toy.DJNZ, toy.HALT]
    _, sd = run_both(ops, [2, 0, 0, 0, 0, 0], 1, 300, enable_opts="")
    assert sd.stats.loops >= 1 and sd.stats.bridges >= 1


def test_trace_too_long_aborts_and_keeps_interpreting() -> None:
    ops = [toy.ADD, toy.BOX, toy.ADD, toy.DJNZ, toy.HALT]
    _, sd = run_both(ops, [1, 0, 2, 0, 0], 0, 100, trace_limit=5)
    assert sd.stats.aborts[ABORT_REASONS.index("trace too long")] >= 1
    assert sd.stats.loops == 0


def test_portal_return_while_tracing_compiles_a_finish() -> None:
    """ADD becomes hot on its 4th and last visit: the trace runs into HALT and ends
    with a FINISH (done_with_this_frame).  Run again, the program enters that code at
    each ADD: the guard on cnt == 0 fails until the last visit, which returns through
    the FINISH."""
    ops = [toy.ADD, toy.DJNZ, toy.HALT]
    sd = make_sd(threshold=4)
    interp = BlackholeInterpreter(sd.codeset, sd.callshapes)
    program = toy.make_program(ops, [1, 0, 0])
    expected = toy.interpret(sd, interp, program, 0, 3, toy.make_objects(), 0.0, False)
    results = []
    for _ in range(2):
        results.append(toy.interpret(sd, interp, program, 0, 3, toy.make_objects(), 0.0,
                                     True))
        assert sd.stats.total_aborts() == 0 and sd.stats.loops == 1
    assert results == [expected, expected] == [4, 4]
    assert sd.stats.finishes == 1 and sd.stats.guard_failures >= 2


def test_nested_loops_jump_between_compiled_code() -> None:
    """An inner loop compiles first; the outer one's trace ends by jumping into it."""
    # outer: ADD 1; inner: ADD 2, DJNZ inner ... cnt is shared, so use CLASS to vary.
    ops = [toy.ADD, toy.ADD, toy.DJNZ, toy.CLASS, toy.DJNZ, toy.HALT]
    args = [1, 2, 1, 0, 0, 0]
    _, sd = run_both(ops, args, 0, 400)
    assert sd.stats.loops >= 1


@pytest.mark.parametrize("eagerness", [1000, 2])
@pytest.mark.parametrize("cnt", [200, 201])
def test_guard_in_an_inlined_call(eagerness: int, cnt: int) -> None:
    """The helper's parity guard fails every other iteration inside the inlined frame:
    the blackhole (or a bridge) resumes two frames, the caller's at its call.  The two
    counts make the trace take one branch or the other."""
    _, sd = run_both([toy.ADD, toy.INLINE, toy.DJNZ, toy.HALT], [1, 0, 0, 0], 3, cnt,
                     trace_eagerness=eagerness)
    assert sd.stats.guard_failures >= (90 if eagerness > 100 else 1)


@pytest.fixture(scope="module")
def source_codeset(tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """tracer_source.py's jitcodes from the codewriter, with the function addresses
    (symbolics, which untranslated have a value) made ints."""
    annotator, rtyper, _ = annotate_and_rtype(tracer_source.entry_point,
                                              load_targets()["x86_64"], {})
    codeset = make_jitcodes(annotator, rtyper)
    callshapes = write_module(codeset, tmp_path_factory.mktemp("shapes") / "shapes.py")
    for jitcode in codeset.jitcodes:
        jitcode.consts_i = [c.value() if isinstance(c, Symbolic) else c
                            for c in jitcode.consts_i]
    return codeset, callshapes


def run_source(codeset_and_shapes: tuple, words: list[int], b: int,
               threshold: int = 3) -> JitDriverStaticData:
    """The program with the JIT and in the blackhole alone, each against CPython."""
    codeset, callshapes = codeset_and_shapes
    sd = JitDriverStaticData(codeset.drivers[0], codeset, callshapes)
    params = JitParams()
    params.threshold = threshold
    params.trace_eagerness = 2
    sd.params = params
    sd.set_cpu(CPU_X86_64(helpers.MALLOC))
    program = tracer_source.load(words)
    expected = tracer_source.run(program, b)
    interp = BlackholeInterpreter(codeset, callshapes)
    assert toy.run_portal(sd, interp, [program, b], [], [], False) == expected
    assert toy.run_portal(sd, interp, [program, b], [], [], True) == expected
    return sd


@pytest.mark.parametrize("b", [1, 2, 7, 50, 333])
def test_codewriter_portal_matches_cpython(source_codeset: tuple, b: int) -> None:
    sd = run_source(source_codeset, tracer_source.PROGRAM, b)
    if b >= 50:
        assert sd.stats.loops >= 1 and sd.stats.bridges >= 1, sd.stats.__dict__


@st.composite
def programs(draw: st.DrawFn) -> list[int]:
    """Straight-line ops, and loops: `b -= 1; jump back if b != 0` to an earlier op."""
    words: list[int] = []
    for _ in range(draw(st.integers(1, 12))):
        if len(words) > 0 and draw(st.booleans()):
            target = 2 * draw(st.integers(0, len(words) // 2 - 1))
            words += [1, 0, 2, target]
        else:
            op = draw(st.sampled_from([0, 3, 4, 6]))
            words += [op, draw(st.integers(0, 15))]
    return words + [5, 0]


@settings(max_examples=60, deadline=None)
@given(programs(), st.integers(0, 120), st.integers(1, 5))
def test_random_programs_match_cpython(source_codeset: tuple, words: list[int], b: int,
                                       threshold: int) -> None:
    run_source(source_codeset, words, b, threshold)


class FakeRuntime:
    """Untranslated, C calls cannot raise: RAISING (a * 3 - b) "raises" the first time
    b is one of `raise_at`, by leaving an exception pending for fetch_exception."""

    EXCEPTION = 0x5EED0

    def __init__(self, raise_at: list[int]) -> None:
        self.raise_at = raise_at
        self.pending = 0
        self.address = helpers.callback(ctypes.c_long, [ctypes.c_long, ctypes.c_long],
                                        self.call)

    def call(self, a: int, b: int) -> int:
        if b in self.raise_at:
            self.raise_at.remove(b)         # once: calling again must not raise again
            self.pending = self.EXCEPTION
        return ctypes.c_long(a * 3 - b).value

    def fetch_exception(self) -> int:
        pending = self.pending
        self.pending = 0
        return pending


@pytest.mark.parametrize("raise_at", [[198], [200, 199, 198]])
def test_exception_while_tracing_is_caught_in_the_blackhole(
        monkeypatch: pytest.MonkeyPatch, raise_at: list[int]) -> None:
    """TRY's call raises while the loop is traced (threshold 3: cnt is 198 then), and
    before, interpreted: the trace is aborted and the blackhole runs the handler.
    (Compiled code does not look at exceptions yet: its guard_no_exception never
    fails, so no call may raise once the loop is compiled.)"""
    runtime = FakeRuntime(list(raise_at))
    for module in [traceops, warmstate, blackhole]:
        monkeypatch.setattr(module, "fetch_exception", runtime.fetch_exception)
    codeset = toy.build_portal(helpers.SUB3, raising_address=runtime.address)
    sd = JitDriverStaticData(codeset.drivers[0], codeset, toy.Shapes())
    params = JitParams()
    params.threshold = 3
    params.trace_eagerness = 2
    sd.params = params
    sd.set_cpu(CPU_X86_64(helpers.MALLOC))
    interp = BlackholeInterpreter(codeset, sd.callshapes)
    ops = [toy.ADD, toy.TRY, toy.DJNZ, toy.HALT]
    expected = toy.interpret(sd, interp, toy.make_program(ops, [1, 0, 0, 0]), 0, 200,
                             toy.make_objects(), 0.0, False)
    assert runtime.raise_at == []
    runtime.raise_at = list(raise_at)
    got = toy.interpret(sd, interp, toy.make_program(ops, [1, 0, 0, 0]), 0, 200,
                        toy.make_objects(), 0.0, True)
    assert got == expected
    assert sd.stats.aborts[ABORT_REASONS.index("exception")] == 1
    assert sd.stats.loops >= 1
