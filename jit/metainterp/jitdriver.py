"""Per-driver static data of the JIT runtime (RPython's `JitDriverStaticData`): what the
woven merge-point hook talks to, and everything the warm state, the tracer and the
compiled loops of one JitDriver share.  Subset code; one prebuilt instance per driver.

The hook writes the merge point's values into `in_i/in_r/in_f` (greens then reds of
each kind, in merge-point order; refs as addresses) and calls the warm state
(`cell_reached(sd, green_hash, entry)` or `bound_reached`; `jit_merge_point_reached`
does the hook's work for untranslated tests).  When the JIT stops at a merge
point it leaves the values in `out_*` (same layout), and when the portal returned
inside the JIT, its value in `result_*`.  The class extends the blackhole's
`BlackholeOutput` because the blackhole writes those same fields.

The CPU is set at start-up (`set_cpu`): its allocator's address exists only at run time.
"""

from __future__ import annotations

from jit.backend.model import AbstractCPU
from jit.codewriter.callshapes import CallShapes
from jit.codewriter.jitcode import JitCode, JitCodeSet, JitDriverInfo
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (AbstractDescr, ArrayDescr, CallDescr, FieldDescr,
                                         SizeDescr)
from jit.metainterp.blackhole import BlackholeInterpreter, BlackholeOutput
from jit.metainterp.counters import JitCell, JitCounter
from jit.metainterp.executor import word_bits
from jit.metainterp.jitlog import JITLOG
from jit.metainterp.jitlog import OBJDUMP_X86_64
from jit.metainterp.params import JIT_PARAMS, JitParams
from jit.metainterp.resume import Liveness
from toolchain.rlib.rawmem import raw_malloc, raw_store_word

COUNTER_TABLE_SIZE = 4096

# Abort reasons, RPython's where it has one (jit-summary prints each count).
ABORT_TOO_LONG = 0
ABORT_BAD_LOOP = 1
ABORT_BACKEND = 2
ABORT_GREEN_NOT_CONSTANT = 3
ABORT_LOOP_PREFIX = 4
ABORT_EXCEPTION = 5
ABORT_REASONS = ["trace too long", "bad loop", "backend error", "green not constant",
                 "loop uses a value from before it", "exception"]


# One prebuilt instance of every descr class the JIT runtime reads, reachable from every
# driver: an interpreter whose jitcodes have no field (or no allocation, no call) still
# translates the code that reads them, and the annotator wants each attribute it reads
# set somewhere.
EVERY_DESCR_CLASS: list[AbstractDescr] = [
    FieldDescr("", 0, 1, False, rop.INT, False), ArrayDescr(0, 1, 0, False, rop.INT, False),
    SizeDescr(0, 0), CallDescr([], rop.VOID, False, False)]


class DoneWithThisFrameDescr(AbstractDescr):
    """The descr of the FINISH that ends a trace where the portal returned (RPython's
    done_with_this_frame): running that code returns the portal's result, of `kind`."""

    def __init__(self, kind: int) -> None:
        self.kind = kind

    def repr_of_descr(self) -> str:
        return "<DoneWithThisFrame " + rop.KIND_NAMES[self.kind] + ">"


class JitStats:
    """Counts of what the JIT did, for tests and for the jit-summary log."""

    def __init__(self) -> None:
        self.traces = 0            # tracings started (loops and bridges)
        self.loops = 0
        self.bridges = 0
        self.aborts = [0] * len(ABORT_REASONS)
        self.recorded_ops = 0
        self.optimized_ops = 0
        self.guards = 0            # guards in the optimized traces
        self.fail_args = 0         # their fail_args, summed (resume data size)
        self.guard_failures = 0
        self.blackholes = 0        # runs of the blackhole interpreter
        self.loop_runs = 0         # execute_token calls
        self.finishes = 0          # runs that ended with the portal returning
        self.freed_loops = 0

    def total_aborts(self) -> int:
        total = 0
        for n in self.aborts:
            total += n
        return total


class JitDriverStaticData(BlackholeOutput):
    def __init__(self, info: JitDriverInfo, codeset: JitCodeSet,
                 callshapes: CallShapes) -> None:
        BlackholeOutput.__init__(self)
        self.info = info
        self.codeset = codeset
        self.callshapes = callshapes
        self.num_green_i = count_kind(info.green_kinds, rop.INT)
        self.num_green_r = count_kind(info.green_kinds, rop.REF)
        self.num_green_f = count_kind(info.green_kinds, rop.FLOAT)
        num_i = self.num_green_i + count_kind(info.red_kinds, rop.INT)
        num_r = self.num_green_r + count_kind(info.red_kinds, rop.REF)
        num_f = self.num_green_f + count_kind(info.red_kinds, rop.FLOAT)
        self.in_i = [0] * num_i
        self.in_r = [0] * num_r
        self.in_f = [0.0] * num_f
        self.out_i = [0] * num_i
        self.out_r = [0] * num_r
        self.out_f = [0.0] * num_f
        # The reds alone, as execute_token takes them: filled in place at each entry
        # into compiled code (a loop may be entered once per call of a small function).
        self.red_i = [0] * (num_i - self.num_green_i)
        self.red_r = [0] * (num_r - self.num_green_r)
        self.red_f = [0.0] * (num_f - self.num_green_f)
        self.portal_index = jitcode_index(codeset, info.portal)
        # how jit-backend-dump disassembles this target's code (the woven entry sets it)
        self.objdump = OBJDUMP_X86_64
        self.params: JitParams = JIT_PARAMS
        self.counter = JitCounter(COUNTER_TABLE_SIZE)
        self.blackhole = BlackholeInterpreter(codeset, callshapes)
        self.stats = JitStats()
        self.cells: list[JitCell] = []     # every cell with compiled code
        self.tracing = False
        self.cpu_box: list[AbstractCPU] = []
        self.next_loop_number = 0
        self.next_target_number = 0
        self.next_guard_number = 0
        self.keepalive: list[int] = []     # raw blocks of the refs compiled code holds
        # A copy of out_r in memory the GC scans (made at start-up: a raw block cannot
        # be prebuilt): the tracer's new objects may be referred to by nothing else
        # while the next loop is being entered.
        self.hold_r = 0
        self.done_descrs = [DoneWithThisFrameDescr(rop.INT), DoneWithThisFrameDescr(rop.REF),
                            DoneWithThisFrameDescr(rop.FLOAT), DoneWithThisFrameDescr(rop.VOID)]
        self.every_descr_class = EVERY_DESCR_CLASS
        # Per jitcode index, computed when a guard first needs it.
        self.liveness: list[Liveness | None] = [None] * len(codeset.jitcodes)

    def get_cpu(self) -> AbstractCPU:
        assert len(self.cpu_box) == 1, "set_cpu was not called"
        return self.cpu_box[0]

    def printable_location(self, greens_i: list[int], greens_r: list[int],
                           greens_f: list[float]) -> str:
        """What jit-log-opt names a loop by: the driver's get_printable_location, which
        the woven subclass calls (toolchain/jitweave.py); here, the green values."""
        parts: list[str] = []
        for value in greens_i:
            parts.append(str(value))
        for value in greens_r:
            parts.append("0x%x" % value)
        for value_f in greens_f:
            parts.append(repr(value_f))
        return "greens " + " ".join(parts)

    def set_cpu(self, cpu: AbstractCPU) -> None:
        """The woven entry point makes the target's CPU at start-up (its allocator's
        address exists only at run time); tests pass their own."""
        if len(self.cpu_box) == 0:
            self.cpu_box.append(cpu)
        else:
            self.cpu_box[0] = cpu
        if self.hold_r == 0:
            self.hold_r = raw_malloc((len(self.out_r) + 1) * (word_bits() // 8))

    def load_reds(self, ints: list[int], refs: list[int], floats: list[float]) -> None:
        """red_* from the values after the greens in `ints`, `refs`, `floats`."""
        for k in range(len(self.red_i)):
            self.red_i[k] = ints[self.num_green_i + k]
        for k in range(len(self.red_r)):
            self.red_r[k] = refs[self.num_green_r + k]
        for k in range(len(self.red_f)):
            self.red_f[k] = floats[self.num_green_f + k]

    def hold_out_refs(self) -> None:
        """Copies out_r where the GC sees it, before anything else allocates."""
        word = word_bits() // 8
        for k in range(len(self.out_r)):
            raw_store_word(self.hold_r, k * word, self.out_r[k])

    def abort(self, reason: int) -> None:
        self.stats.aborts[reason] += 1
        JITLOG.abort(ABORT_REASONS[reason])


def count_kind(kinds: list[int], kind: int) -> int:
    n = 0
    for k in kinds:
        if k == kind:
            n += 1
    return n


def jitcode_index(codeset: JitCodeSet, jitcode: JitCode) -> int:
    for i in range(len(codeset.jitcodes)):
        if codeset.jitcodes[i] is jitcode:
            return i
    raise ValueError("the portal is not in the JitCodeSet: " + jitcode.name)
