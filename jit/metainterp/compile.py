"""Loop and bridge compilation: a recorded trace through the optimizer and the CPU, and
the guards' descrs made ready for guard failures.  Subset code.

Every guard the tracer records has a `ResumeDescr`, and its last fail_arg is a constant
naming it (its index in the trace's list of descrs).  Why: after `virtualize`, a guard whose fail_args
reach virtuals gets a fresh `ResumeGuardDescr` describing them, and the tracer's descr
(its frames) would be lost.  `restore_descrs` finds ours again through that constant,
moves the virtuals' description onto it, and drops the constant, so the backend sees
only real fail_args and every exit's descr is the tracer's.

Objects that only compiled code refers to (a promoted or folded ref, a constant in resume
data) would be invisible to the GC: code memory is not scanned, and neither are the
`list[int]`s of resume data.  `keep_alive` copies every such address into a raw block,
which the GC scans, for as long as the code exists.

Loops are never freed while running: a bridge or an entry trace of another key may jump
into any loop.  `free_all_loops` gives every loop's code back at once (when the JIT is
switched off).
"""

from __future__ import annotations

from jit.backend.model import LoopToken
from jit.metainterp import resoperation as rop
from jit.metainterp.counters import NO_LOOP, JitCell
from jit.metainterp.executor import word_bits
from jit.metainterp.jitdriver import JitDriverStaticData
from jit.metainterp.jitlog import (BACKEND, JITLOG, OPT_GUARDS, OPT_OPS, NVIRTUALS,
                                   TOTAL_COMPILED_BRIDGES, TOTAL_COMPILED_LOOPS,
                                   TOTAL_FREED_LOOPS)
from jit.metainterp.resoperation import (AbstractValue, ConstInt, ConstPtr, InputArg,
                                         ResOperation, TargetToken, format_trace)
from jit.metainterp.resume import ResumeDescr, fold_constant_slots, pending_writes
from jit.optimizer.optimizer import optimize_trace
from jit.optimizer.resumedescr import ResumeGuardDescr
from toolchain.rlib.rawmem import raw_free, raw_malloc, raw_store_word


def restore_descrs(operations: list[ResOperation], descrs: list[ResumeDescr]) -> None:
    """Puts the tracer's descr back on every guard and drops the naming fail_arg.  A
    guard the optimizer copied (`unroll` optimizes a loop twice: preamble and body) gets
    a copy of the descr: each exit has its own fail_args, virtuals and bridge."""
    claimed: dict[ResumeDescr, bool] = {}
    for op in operations:
        if not op.is_guard():
            continue
        descr = op.descr
        if isinstance(descr, ResumeDescr):
            ours = descr
            if ours in claimed:
                ours = ours.copy()
                op.descr = ours
            claimed[ours] = True
            op.fail_args = op.fail_args[:len(op.fail_args) - 1]
            continue
        assert isinstance(descr, ResumeGuardDescr)
        last = len(descr.virtual_slots) - 1
        marker = op.fail_args[last]
        assert isinstance(marker, ConstInt)
        ours = descrs[marker.value]
        if ours in claimed:
            ours = ours.copy()
        claimed[ours] = True
        ours.virtuals = descr.virtuals
        ours.virtual_slots = descr.virtual_slots[:last]
        ours.pending = descr.pending
        for info in ours.virtuals:
            for i in range(len(info.fieldnums)):
                if info.fieldnums[i] > last:
                    info.fieldnums[i] -= 1
        for pending in ours.pending:
            if pending.struct > last:
                pending.struct -= 1
            if pending.value > last:
                pending.value -= 1
        op.fail_args = op.fail_args[:last] + op.fail_args[last + 1:]
        op.descr = ours


def optimize(sd: JitDriverStaticData, inputargs: list[InputArg],
             operations: list[ResOperation], descrs: list[ResumeDescr]) -> list[ResOperation]:
    """Raises the optimizer's InvalidLoop."""
    newops = optimize_trace(inputargs, operations, sd.params.enable_opts)
    restore_descrs(newops, descrs)
    guards = 0
    for op in newops:
        if op.is_guard():
            guards += 1
            sd.stats.fail_args += len(op.fail_args)
            descr = op.descr
            if isinstance(descr, ResumeDescr):
                fold_constant_slots(sd.codeset, descr, op.fail_args)
                JITLOG.count(NVIRTUALS, len(descr.virtuals))
    sd.stats.guards += guards
    sd.stats.optimized_ops += len(newops)
    JITLOG.count(OPT_OPS, len(newops))
    JITLOG.count(OPT_GUARDS, guards)
    return newops


def keep_alive(sd: JitDriverStaticData, operations: list[ResOperation]) -> None:
    """The refs `operations` and their resume data hold, in a GC-scanned raw block."""
    addresses: list[int] = []
    for op in operations:
        collect_refs(op.args, addresses)
        collect_refs(op.fail_args, addresses)
        descr = op.descr
        if op.is_guard() and isinstance(descr, ResumeDescr):
            for value in descr.consts_i:    # ints too: the GC scans conservatively
                addresses.append(value)
    if len(addresses) == 0:
        return
    word = word_bits() // 8
    block = raw_malloc((len(addresses) + 1) * word)
    raw_store_word(block, 0, len(addresses))        # the count, then the addresses
    for i in range(len(addresses)):
        raw_store_word(block, (i + 1) * word, addresses[i])
    sd.keepalive.append(block)


def collect_refs(values: list[AbstractValue], addresses: list[int]) -> None:
    for value in values:
        if isinstance(value, ConstPtr) and value.value != 0:
            addresses.append(value.value)


def set_loop_token(operations: list[ResOperation], token: LoopToken) -> None:
    """The guards' code now belongs to `token` (a bridge of theirs is added to it)."""
    for op in operations:
        descr = op.descr
        if op.is_guard() and isinstance(descr, ResumeDescr):
            descr.loop_token = token


def new_target(sd: JitDriverStaticData) -> TargetToken:
    sd.next_target_number += 1
    return TargetToken(sd.next_target_number)


def compile_loop(sd: JitDriverStaticData, cell: JitCell, inputargs: list[InputArg],
                 operations: list[ResOperation], descrs: list[ResumeDescr]) -> None:
    """`operations` start with their LABEL (whose descr is the loop's TargetToken) and
    end with a JUMP; the loop becomes `cell`'s.  Raises InvalidLoop or BackendError."""
    newops = optimize(sd, inputargs, operations, descrs)
    keep_alive(sd, newops)
    sd.next_loop_number += 1
    token = LoopToken(sd.next_loop_number)
    JITLOG.start_timer(BACKEND)
    try:
        sd.get_cpu().compile_loop(inputargs, newops, token)
    finally:
        JITLOG.stop_timer(BACKEND)
    set_loop_token(newops, token)
    label = newops[0]
    assert label.opnum == rop.LABEL
    target = label.descr
    assert isinstance(target, TargetToken)
    cell.token = token
    cell.target = target
    sd.cells.append(cell)
    sd.stats.loops += 1
    JITLOG.count(TOTAL_COMPILED_LOOPS, 1)
    dump_newest_code(sd, token)
    if JITLOG.enabled("jit-log-opt-loop"):
        JITLOG.log_loop("loop", token.number,
                        sd.printable_location(cell.greens_i, cell.greens_r, cell.greens_f),
                        format_trace(inputargs, newops))


def dump_newest_code(sd: JitDriverStaticData, token: LoopToken) -> None:
    """jit-backend-dump: the code block just compiled (the loop's, or the bridge's), with
    the objdump command for the target's instruction set."""
    if JITLOG.enabled("jit-backend-dump") and len(token.blocks) > 0:
        block = token.blocks[len(token.blocks) - 1]
        JITLOG.dump_code(block.address, block.size, sd.objdump)


def compile_bridge(sd: JitDriverStaticData, origin: ResumeDescr, inputargs: list[InputArg],
                   operations: list[ResOperation], descrs: list[ResumeDescr]) -> None:
    """Attaches the trace to the guard `origin`; its inputs are that guard's fail_args.
    Raises InvalidLoop or BackendError."""
    # The guard's pending writes were done in memory for the tracer (by the
    # ResumeReader); the bridge's code must do them too.
    newops = optimize(sd, inputargs, pending_writes(origin, inputargs) + operations, descrs)
    keep_alive(sd, newops)
    token = origin.loop_token
    assert token is not NO_LOOP
    JITLOG.start_timer(BACKEND)
    try:
        sd.get_cpu().compile_bridge(origin, inputargs, newops, token)
    finally:
        JITLOG.stop_timer(BACKEND)
    set_loop_token(newops, token)
    origin.bridged = True
    sd.stats.bridges += 1
    JITLOG.count(TOTAL_COMPILED_BRIDGES, 1)
    dump_newest_code(sd, token)
    if JITLOG.enabled("jit-log-opt-bridge"):
        JITLOG.log_loop("bridge", origin.number, "", format_trace(inputargs, newops))


def free_all_loops(sd: JitDriverStaticData) -> None:
    """Every loop's code (bridges included) back to the CPU's allocator; the merge
    points count from zero again."""
    cpu = sd.get_cpu()
    for cell in sd.cells:
        if cell.has_code():
            cpu.free_loop(cell.token)
            sd.stats.freed_loops += 1
            JITLOG.count(TOTAL_FREED_LOOPS, 1)
        cell.token = NO_LOOP
        cell.target = None
    sd.cells = []
    for block in sd.keepalive:
        raw_free(block)
    sd.keepalive = []
