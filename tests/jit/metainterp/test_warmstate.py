"""The counters and the warm state's decisions, without running machine code where it
can be avoided."""

from __future__ import annotations

import platform

import pytest

from jit.metainterp.counters import JitCell, JitCounter, green_hash
from jit.metainterp.resoperation import FLOAT, INT, REF
from jit.metainterp.warmstate import MAX_ABORTS, jit_merge_point_reached
from tests.jit.metainterp import tracer_interp as toy
from tests.jit.metainterp.tracer_fixtures import pristine_jitlog  # noqa: F401 (autouse)
from tests.jit.metainterp.test_tracer import make_sd
from toolchain.rlib.rarithmetic import intmask


def test_tick_fires_at_threshold_and_restarts() -> None:
    counter = JitCounter(16)
    fired = [counter.tick(5, 4) for _ in range(8)]
    assert fired == [False, False, False, True, False, False, False, True]


def test_decay() -> None:
    counter = JitCounter(16)
    counter.set_decay(100)              # keep 90% at each decay
    for _ in range(50):
        counter.tick(1, 1000)
    counter.decay_all_counters()
    assert counter.timetable[1] == 45
    counter.set_decay(5000)             # clamped to 1000: everything is forgotten
    counter.decay_all_counters()
    assert counter.timetable[1] == 0


@pytest.mark.skipif(platform.machine() != "x86_64", reason="runs x86-64 code")
def test_reaching_a_bound_decays_every_counter_by_the_current_decay() -> None:
    sd = make_sd(threshold=20)
    sd.params.decay = 500
    sd.in_r[0] = toy.make_program([toy.HALT], [0])
    for _ in range(10):
        jit_merge_point_reached(sd, 1, False)
    sd.params.threshold = 1
    jit_merge_point_reached(sd, 2, False)    # hot: traces HALT (the portal returns)
    assert sd.counter.timetable[1] == 5


def test_cells_chain_per_slot_and_compare_greens_exactly() -> None:
    counter = JitCounter(4)
    a = JitCell([1, 2], [], [])
    b = JitCell([1, 3], [], [0.5])
    counter.install_cell(6, a)
    counter.install_cell(2, b)          # same slot (6 & 3 == 2 & 3)
    assert counter.find_cell(2, [1, 2, 99], [], [0.5]) is a
    assert counter.find_cell(2, [1, 3], [], [0.5]) is b
    assert counter.find_cell(2, [1, 3], [], [1.5]) is None
    assert counter.lookup_chain(1) is None


def test_green_hash_is_the_hooks() -> None:
    """toolchain/jitweave.py's hook hashes the non-float greens in merge-point order as
    h = intmask(h * 1000003) ^ value; the tracer finds cells with the same hash."""
    kinds = [INT, REF, FLOAT, INT]
    h = 0
    for value in [7, 0x7F001234, -2]:
        h = intmask(h * 1000003) ^ value
    assert green_hash(kinds, [7, -2, 555], [0x7F001234, 1]) == h


@pytest.mark.skipif(platform.machine() != "x86_64", reason="runs x86-64 code")
def test_jit_off_counts_nothing() -> None:
    sd = make_sd(threshold=1)
    sd.params.enabled = False
    sd.in_r[0] = toy.make_program([toy.HALT], [0])
    for _ in range(10):
        assert jit_merge_point_reached(sd, 12345, False) == 0
    assert sum(sd.counter.timetable) == 0 and sd.stats.traces == 0


@pytest.mark.skipif(platform.machine() != "x86_64", reason="runs x86-64 code")
def test_cold_merge_points_make_no_cells() -> None:
    sd = make_sd(threshold=100)
    for h in range(50):
        assert jit_merge_point_reached(sd, h, False) == 0
    assert all(cell is None for cell in sd.counter.celltable)


@pytest.mark.skipif(platform.machine() != "x86_64", reason="runs x86-64 code")
def test_a_key_that_keeps_aborting_is_left_alone() -> None:
    """Every trace of this loop is too long: after MAX_ABORTS tries the key is no
    longer traced, and the program still gives the blackhole's result."""
    ops = [toy.ADD, toy.BOX, toy.BOX, toy.DJNZ, toy.HALT]
    sd = make_sd(threshold=2, trace_limit=3)
    interp = toy.BlackholeInterpreter(sd.codeset, sd.callshapes)
    expected = toy.interpret(sd, interp, toy.make_program(ops, [1, 0, 0, 0, 0]), 0, 300,
                             toy.make_objects(), 0.0, False)
    got = toy.interpret(sd, interp, toy.make_program(ops, [1, 0, 0, 0, 0]), 0, 300,
                        toy.make_objects(), 0.0, True)
    assert got == expected
    assert sd.stats.loops == 0
    assert sd.stats.traces <= MAX_ABORTS * 4     # at most 4 keys, each tried 3 times


@pytest.mark.skipif(platform.machine() != "x86_64", reason="runs x86-64 code")
@pytest.mark.parametrize("function_threshold", [5, 1000])
def test_calls_of_the_portal_count_towards_function_threshold(
        function_threshold: int) -> None:
    """A portal called 30 times whose merge points are each reached once per call from
    inside (far below threshold): only the function entries can make it hot.  Traced
    from its start, it returns before any loop closes: the trace ends with a FINISH,
    which every later call runs (each run that returns counts in `finishes`)."""
    ops = [toy.ADD, toy.CLASS, toy.HALT]
    sd = make_sd(threshold=1000)
    sd.params.function_threshold = function_threshold
    interp = toy.BlackholeInterpreter(sd.codeset, sd.callshapes)
    program = toy.make_program(ops, [4, 0, 0])
    for acc in range(30):
        expected = toy.interpret(sd, interp, program, acc, 0, toy.make_objects(), 0.5,
                                 False)
        assert toy.interpret(sd, interp, program, acc, 0, toy.make_objects(), 0.5,
                             True) == expected
    if function_threshold == 5:
        assert sd.stats.loops == 1 and sd.stats.traces == 1
        assert sd.stats.finishes == 30 - 5
    else:
        assert sd.stats.loops == 0 and sd.stats.traces == 0
        assert sum(sd.counter.timetable) == 30 * 2   # the other merge points' ticks
        assert sum(sd.counter.entrytable) == 30


def test_entries_count_apart_and_decay_with_the_rest() -> None:
    counter = JitCounter(16)
    fired = [counter.tick_entry(3, 3) for _ in range(6)]
    assert fired == [False, False, True, False, False, True]
    assert counter.timetable[3] == 0
    counter.tick_entry(3, 100)
    counter.tick_entry(3, 100)
    counter.set_decay(500)
    counter.decay_all_counters()
    assert counter.entrytable[3] == 1
