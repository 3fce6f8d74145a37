"""Compilation around the optimizer: guard descrs survive virtualize; and the whole
metainterp (tracer, resume, compile, warm state) translates and runs natively."""

from __future__ import annotations

import platform
import re
import subprocess
import sys
from pathlib import Path

import pytest

from jit.metainterp import resoperation as rop
from jit.metainterp.blackhole import BlackholeInterpreter
from jit.metainterp.compile import free_all_loops, restore_descrs
from jit.metainterp.resoperation import ConstInt, ConstPtr, FieldDescr, InputArg, ResOperation
from jit.metainterp.resume import ResumeDescr
from jit.optimizer.optimizer import optimize_trace
from jit.optimizer.resumedescr import ResumeGuardDescr, VirtualInfo
from targets.config import REPO_ROOT, load_targets
from tests.jit.metainterp import tracer_interp as toy
from tests.jit.metainterp import tracer_raising, tracer_source
from tests.jit.metainterp.tracer_fixtures import pristine_jitlog  # noqa: F401 (autouse)
from tests.jit.metainterp.test_tracer import make_sd
from targets.environments.host import HostEnvironment
from toolchain.driver import translate

DEMO = Path(__file__).parent / "tracer_demo.py"
VAL = FieldDescr("Box.val", 8, 8, True, rop.INT, False)


def test_restore_descrs_moves_virtuals_onto_the_tracers_descr() -> None:
    """A guard that reaches a virtual gets a fresh ResumeGuardDescr from virtualize; the
    naming fail_arg finds ours again, and field numbers after it shift down."""
    ours = [ResumeDescr(0, rop.GUARD_TRUE), ResumeDescr(1, rop.GUARD_FALSE)]
    i0 = InputArg(rop.INT, 0)
    i1 = InputArg(rop.INT, 1)
    plain = ResOperation(rop.GUARD_TRUE, [i0], ours[0])
    plain.fail_args = [i0, i1, ConstInt(0)]
    virtual = ResOperation(rop.GUARD_FALSE, [i0], None)
    fresh = ResumeGuardDescr()
    info = VirtualInfo(rop.SizeDescr(16, 0), 0)
    info.fielddescrs = [VAL, VAL]
    info.fieldnums = [0, 3]              # fail_args[0] and the appended fail_args[3]
    fresh.virtuals = [info]
    fresh.virtual_slots = [-1, 0, -1]    # slot 2 is the naming constant
    virtual.descr = fresh
    null = ConstPtr(0)
    virtual.fail_args = [i0, null, ConstInt(1), i1]
    restore_descrs([plain, virtual], ours)
    assert plain.descr is ours[0] and plain.fail_args == [i0, i1]
    assert virtual.descr is ours[1] and virtual.fail_args == [i0, null, i1]
    assert ours[1].virtual_slots == [-1, 0] and ours[1].virtuals[0].fieldnums == [0, 2]


def test_optimizer_keeps_the_naming_constant_last_among_the_original_slots() -> None:
    """What restore_descrs relies on: virtualize keeps the original slots in order and
    appends the virtuals' field values after them."""
    i0 = InputArg(rop.INT, 0)
    box = ResOperation(rop.NEW, [], rop.SizeDescr(16, 0))
    i1 = ResOperation(rop.INT_ADD, [i0, ConstInt(5)], None)
    store = ResOperation(rop.SETFIELD_GC, [box, i1], VAL)
    guard = ResOperation(rop.GUARD_TRUE, [i0], ResumeDescr(0, rop.GUARD_TRUE))
    guard.fail_args = [i0, box, ConstInt(0)]
    finish = ResOperation(rop.FINISH, [i0], None)
    ops = optimize_trace([i0], [box, i1, store, guard, finish], "virtualize")
    guards = [op for op in ops if op.is_guard()]
    descr = guards[0].descr
    assert isinstance(descr, ResumeGuardDescr) and not isinstance(descr, ResumeDescr)
    assert guards[0].fail_args[len(descr.virtual_slots) - 1].value == 0  # type: ignore
    restore_descrs(ops, [guard.descr])  # type: ignore[list-item]
    assert guards[0].descr is guard.descr


def test_restore_descrs_moves_pending_writes_onto_the_tracers_descr() -> None:
    """The heap pass appends a held write's object and value after the naming constant;
    restore_descrs drops the constant and renumbers them."""
    ours = [ResumeDescr(0, rop.GUARD_TRUE)]
    r0 = InputArg(rop.REF, 0)
    i1 = InputArg(rop.INT, 1)
    guard = ResOperation(rop.GUARD_TRUE, [i1], ours[0])
    guard.fail_args = [i1, ConstInt(0)]
    store = ResOperation(rop.SETFIELD_GC, [r0, i1], VAL)
    ops = optimize_trace([r0, i1], [store, guard, ResOperation(rop.FINISH, [], None)],
                         "heap")
    assert [op.opnum for op in ops] == [rop.GUARD_TRUE, rop.SETFIELD_GC, rop.FINISH]
    marker = guard.fail_args[1]
    assert ops[0].fail_args == [i1, marker, r0]
    restore_descrs(ops, ours)
    assert ops[0].descr is ours[0] and ops[0].fail_args == [i1, r0]
    pending = ours[0].pending
    assert [(p.descr, p.struct, p.value) for p in pending] == [(VAL, 1, 0)]


def test_heap_off_or_a_foreign_descr_emits_the_writes_before_the_guard() -> None:
    r0 = InputArg(rop.REF, 0)
    i1 = InputArg(rop.INT, 1)
    store = ResOperation(rop.SETFIELD_GC, [r0, i1], VAL)
    guard = ResOperation(rop.GUARD_TRUE, [i1], VAL)    # a descr the optimizer cannot extend
    guard.fail_args = [i1]
    ops = optimize_trace([r0, i1], [store, guard, ResOperation(rop.FINISH, [], None)],
                         "heap")
    assert [op.opnum for op in ops] == [rop.SETFIELD_GC, rop.GUARD_TRUE, rop.FINISH]
    guard.descr = None
    ops = optimize_trace([r0, i1], [store, guard, ResOperation(rop.FINISH, [], None)],
                         "intbounds:rewrite:virtualize:pure:unroll")
    assert [op.opnum for op in ops] == [rop.SETFIELD_GC, rop.GUARD_TRUE, rop.FINISH]
    assert ops[1].descr is None


@pytest.mark.skipif(platform.machine() != "x86_64",
                    reason="the x86-64 backend runs natively on an x86-64 host")
def test_translated_metainterp_runs_like_untranslated(tmp_path: Path) -> None:
    untranslated = subprocess.run([sys.executable, "-m", "targets.untranslated", str(DEMO)],
                                  capture_output=True, cwd=REPO_ROOT, timeout=300)
    assert untranslated.returncode == 0, untranslated.stderr
    lines = untranslated.stdout.decode().splitlines()
    for line in lines[:-1]:
        _, plain, jitted = line.rsplit(" ", 2)
        assert plain == jitted, line
    assert lines[-1] == "loops True bridges True aborts 0"
    target = load_targets()["x86_64"]
    env = HostEnvironment()
    binary = tmp_path / "tracer_demo"
    env.compile(target, translate(DEMO, target, tmp_path / "c"), binary, REPO_ROOT / "build")
    done = subprocess.run([str(binary)], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == untranslated.stdout


@pytest.mark.skipif(platform.machine() != "x86_64",
                    reason="the x86-64 backend runs natively on an x86-64 host")
def test_free_all_loops_gives_the_code_back_and_the_jit_starts_over() -> None:
    sd = make_sd()
    interp = BlackholeInterpreter(sd.codeset, sd.callshapes)
    ops = [toy.ADD, toy.PROMOTE, toy.DJNZ, toy.HALT]

    def run() -> int:
        return toy.interpret(sd, interp, toy.make_program(ops, [1, 0, 0, 0]), 0, 200,
                             toy.make_objects(), 0.0, True)

    first = run()
    cpu = sd.get_cpu()
    assert sd.stats.loops >= 1 and cpu.code.allocated >= 1
    free_all_loops(sd)
    assert cpu.code.allocated == 0 and sd.keepalive == [] and sd.cells == []
    assert run() == first
    assert cpu.code.allocated >= 1 and len(cpu.code.free_blocks) == 0   # reused


BUILD_WOVEN = """
import sys
from pathlib import Path
from targets.config import REPO_ROOT, load_targets
from targets.environments.host import HostEnvironment
from toolchain.driver import translate
out = Path(sys.argv[1])
name = sys.argv[2]
target = load_targets()["x86_64"]
source = REPO_ROOT / "tests" / "jit" / "metainterp" / (name + ".py")
HostEnvironment().compile(target, translate(source, target, out / "c", jit=True),
                          out / name, REPO_ROOT / "build")
"""


def build_woven(tmp_path: Path, name: str) -> Path:
    """tests/jit/metainterp/NAME.py translated with jit=1, in a fresh process:
    translation freezes prebuilt objects as they are, and tests in this one have used
    the prebuilt JIT log."""
    build = subprocess.run([sys.executable, "-c", BUILD_WOVEN, str(tmp_path), name],
                           capture_output=True, cwd=REPO_ROOT, timeout=600)
    assert build.returncode == 0, build.stderr
    return tmp_path / name


@pytest.mark.skipif(platform.machine() != "x86_64",
                    reason="the x86-64 backend runs natively on an x86-64 host")
def test_woven_interpreter_runs_like_cpython(tmp_path: Path) -> None:
    """tracer_source.py translated with the JIT woven in (jit=1): its merge point calls
    the warm state, whose loops and bridges give CPython's results (the exit status
    is the result's low byte), whatever --jit says."""
    binary = build_woven(tmp_path, "tracer_source")
    for b in [0, 3, 100, 5000]:
        expected = tracer_source.entry_point(["tracer_source", str(b)]) & 0xFF
        for jit in [[], ["--jit", "threshold=3,trace_eagerness=2"], ["--jit", "off"]]:
            done = subprocess.run([str(binary), *jit, str(b)], capture_output=True,
                                  timeout=60, env={"KILNLOG": "jit-summary:-"})
            assert done.returncode == expected, (b, jit, done.stderr)
            loops = re.search(rb"Total # of loops:\s*(\d+)", done.stderr)
            assert loops is not None, done.stderr
            if jit and jit[1] != "off" and b >= 100:
                assert int(loops.group(1)) >= 1, done.stderr
            if jit and jit[1] == "off":
                assert int(loops.group(1)) == 0, done.stderr


@pytest.mark.skipif(platform.machine() != "x86_64",
                    reason="the x86-64 backend runs natively on an x86-64 host")
def test_exceptions_raised_in_compiled_code_reach_their_handler(tmp_path: Path) -> None:
    """tracer_raising.py's loop calls a function that raises every 7th time: once the
    loop is compiled, each raise fails the trace's exception check and the blackhole
    runs the handler; the results are CPython's under every --jit setting."""
    binary = build_woven(tmp_path, "tracer_raising")
    for n in [5, 100, 3000]:
        expected = tracer_raising.entry_point(["tracer_raising", str(n)])
        for jit in [[], ["--jit", "threshold=3,trace_eagerness=2"], ["--jit", "off"]]:
            done = subprocess.run([str(binary), *jit, str(n)], capture_output=True,
                                  timeout=60, env={"KILNLOG": "jit-summary:-"})
            assert done.returncode == expected, (n, jit, done.stderr)
