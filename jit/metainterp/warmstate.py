"""The warm state: what happens at each merge point of a translated interpreter, from a
counter tick to running machine code.  Subset code; the woven hook does the cold path
inline and calls `cell_reached` or `bound_reached` (`jit_merge_point_reached` is the
same for untranslated tests; see docs/design.md, "The JIT runtime contract").

- Cold (the common case, once per interpreted instruction for a BF-like loop): the
  counter slot of the green hash holds no cell, so a tick and a compare, then 0.  A
  driver with a `can_enter_jit` reaches the hook only there and at the portal's entry
  (toolchain/flow/weave.py).
- A hash whose slot has cells: the greens are compared exactly; a cell with code runs
  it, otherwise the counter ticks.
- A counter that reaches `threshold` starts tracing from here (`pyjitpl.MetaInterp`);
  arrivals from the portal's start (`entry`, a call of the portal) count separately
  towards `function_threshold` (RPython's increment_function_threshold): the trace
  then starts where the function does, and if the portal returns before a loop
  closes, it ends with a FINISH and every later call of the portal with these greens
  runs it.
- Compiled code runs until a guard fails.  The guard counts its failures: at
  `trace_eagerness` a bridge is traced from its resume data, otherwise the blackhole
  interpreter finishes the frames to the next merge point (status 1, unless that merge
  point has code: it runs at once) or the portal's return (status 2).  A bridge, once
  compiled, jumps to a loop, which runs next.

Statuses: 0 carry on interpreting, 1 continue from `sd.out_*` (the interpreter is at a
merge point), 2 the portal returned with `sd.result_*`.
"""

from __future__ import annotations

from jit.metainterp.counters import JitCell, green_hash
from jit.metainterp.jitdriver import DoneWithThisFrameDescr, JitDriverStaticData
from jit.metainterp.jitlog import CALLS, GUARDS, JITLOG, OPS, RECORDED_OPS, TRACING
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import ResOperation
from jit.metainterp.pyjitpl import STATUS_RUN, MetaInterp, raiser_frame
from jit.metainterp.resume import ResumeDescr, ResumeReader, blackhole_frames
from toolchain.rlib.rawmem import fetch_exception

# A key whose tracing was aborted this many times is not traced again; so is a guard
# whose bridge was.
MAX_ABORTS = 3


def jit_merge_point_reached(sd: JitDriverStaticData, green_hash: int, entry: bool) -> int:
    """`entry`: the portal's merge point reached from the portal's start (a call of the
    portal), which counts towards function_threshold; otherwise towards threshold."""
    if not sd.params.enabled:
        return 0
    counter = sd.counter
    if counter.celltable[green_hash & counter.mask] is None:
        if not tick(sd, green_hash, entry):
            return 0
        return bound_reached(sd, green_hash, None)
    return cell_reached(sd, green_hash, entry)


def tick(sd: JitDriverStaticData, green_hash: int, entry: bool) -> bool:
    if entry:
        return sd.counter.tick_entry(green_hash, sd.params.function_threshold)
    return sd.counter.tick(green_hash, sd.params.threshold)


def cell_reached(sd: JitDriverStaticData, green_hash: int, entry: bool) -> int:
    cell = sd.counter.find_cell(green_hash, sd.in_i, sd.in_r, sd.in_f)
    if cell is not None and cell.has_code():
        return run_compiled(sd, cell, sd.in_i, sd.in_r, sd.in_f)
    if not tick(sd, green_hash, entry):
        return 0
    return bound_reached(sd, green_hash, cell)


def bound_reached(sd: JitDriverStaticData, green_hash: int, cell: JitCell | None) -> int:
    """The counter of these greens is hot: trace from here."""
    sd.counter.set_decay(sd.params.decay)      # (set_param may have changed it)
    sd.counter.decay_all_counters()
    if sd.tracing:
        return 0     # a residual call re-entered the interpreter while tracing
    if cell is None:
        cell = JitCell(sd.in_i[:sd.num_green_i], sd.in_r[:sd.num_green_r],
                       sd.in_f[:sd.num_green_f])
        sd.counter.install_cell(green_hash, cell)
    if cell.aborts >= MAX_ABORTS:
        return 0
    tracer = MetaInterp(sd)
    tracer.start_from_interp(cell)
    status = trace(sd, tracer)
    if status == STATUS_RUN:
        return run_compiled(sd, tracer.run_cell, sd.out_i, sd.out_r, sd.out_f)
    cell.aborts += 1
    return status


def trace(sd: JitDriverStaticData, tracer: MetaInterp) -> int:
    sd.tracing = True
    sd.stats.traces += 1
    JITLOG.start_timer(TRACING)
    try:
        status = tracer.run()
    finally:
        JITLOG.stop_timer(TRACING)
        sd.tracing = False
    sd.stats.recorded_ops += len(tracer.ops)
    JITLOG.count(OPS, tracer.steps)
    JITLOG.count(RECORDED_OPS, len(tracer.ops))
    JITLOG.count(CALLS, count_calls(tracer.ops))
    JITLOG.count(GUARDS, len(tracer.descrs))
    return status


def count_calls(ops: list[ResOperation]) -> int:
    """The residual calls among recorded operations (plain and elidable ones)."""
    n = 0
    for op in ops:
        if rop.CALL_I <= op.opnum and op.opnum <= rop.CALL_PURE_F:
            n += 1
    return n


def run_compiled(sd: JitDriverStaticData, cell: JitCell, ints: list[int], refs: list[int],
                 floats: list[float]) -> int:
    """Runs the cell's code with the reds found after the greens in `ints`, `refs` and
    `floats`, and whatever code its exits lead to, until the JIT hands back."""
    cpu = sd.get_cpu()
    while True:
        assert cell.has_code()
        token = cell.token
        sd.stats.loop_runs += 1
        sd.load_reds(ints, refs, floats)
        exit = cpu.enter(token, sd.red_i, sd.red_r, sd.red_f)
        descr = exit.descr
        if isinstance(descr, DoneWithThisFrameDescr):
            # The common way out of a function's trace: nothing is allocated.
            sd.stats.finishes += 1
            if descr.kind == rop.FLOAT:
                sd.result_f = cpu.last_float(0)
            elif descr.kind == rop.REF:
                sd.result_r = cpu.last_word(0)
            elif descr.kind == rop.INT:
                sd.result_i = cpu.last_word(0)
            return 2
        assert isinstance(descr, ResumeDescr)
        dead = cpu.dead_frame(exit)
        # A failing guard_no_exception means its call raised: the exception is taken
        # before anything else is called (translated, the next call would raise it).
        # No bridge traces from there: the blackhole resumes the call as raising.
        raised = descr.opnum == rop.GUARD_NO_EXCEPTION
        exception = 0
        if raised:
            exception = fetch_exception()
        sd.stats.guard_failures += 1
        descr.fail_count += 1
        reader = ResumeReader(cpu, descr, dead)
        if (not raised and not descr.bridged and descr.fail_count >= sd.params.trace_eagerness
                and descr.bridge_aborts < MAX_ABORTS and not sd.tracing):
            tracer = MetaInterp(sd)
            tracer.start_from_guard(reader)
            reader.free()
            status = trace(sd, tracer)
            if status != STATUS_RUN:
                descr.bridge_aborts += 1
                descr.fail_count = 0
                return status
            cell = tracer.run_cell
            ints = sd.out_i
            refs = sd.out_r
            floats = sd.out_f
        else:
            sd.stats.blackholes += 1
            frames = blackhole_frames(sd.codeset, reader)
            reader.free()
            if raised:
                frames.append(raiser_frame(exception))
            status = sd.blackhole.run(frames, sd)
            if status != 1:
                return status
            sd.hold_out_refs()
            # At a merge point: if it has code, run it now, as RPython does when the
            # portal is re-entered after blackholing.
            found = sd.counter.find_cell(green_hash(sd.info.green_kinds, sd.out_i, sd.out_r),
                                         sd.out_i, sd.out_r, sd.out_f)
            if found is None or not found.has_code():
                return status
            cell = found
            ints = sd.out_i
            refs = sd.out_r
            floats = sd.out_f
