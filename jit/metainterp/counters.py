"""The warm-up counters: which merge points are hot, and the cells of the ones that have
compiled code.  Subset code; it runs inside the translated binary.

RPython's `JitCounter`, in integers: a table of `size` counters (a power of two) indexed
by the green key's hash, so counting costs one load, one add and one compare, with no
allocation and no exact key comparison.  Two keys that share a slot share a counter,
which only makes one of them hot a little early.  RPython adds `1/threshold` to a float
and fires at 1.0; adding 1 and firing at `threshold` is the same thing, and the
threshold can change at run time (`set_param`) without touching the table.

Decay (RPython's `decay`, per mille): every counter is multiplied by `1 - decay/1000`
each time some counter reaches its bound, so a merge point that is only visited now and
then never becomes hot.  RPython also decays on every minor collection; Boehm gives no
such hook, so the bound is the only clock here.

Function entries (the portal's merge point reached from the portal's start, not from a
back edge) count in a table of their own, `entrytable`, towards `function_threshold`:
RPython adds `1/function_threshold` to the key's one counter instead, which makes a
loop header that is also a function entry hot a little early; two exact counts say
what each parameter means.  Both tables decay together.

Exact keys live in `JitCell`s, chained per slot (`celltable`): only merge points that
have compiled code (or are being traced) get one, so the cold path finds `None`.
"""

from __future__ import annotations

from jit.backend.model import LoopToken
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import TargetToken
from toolchain.rlib.rarithmetic import intmask


def green_hash(kinds: list[int], ints: list[int], refs: list[int]) -> int:
    """The hash of a green key whose values of each kind lead `ints`/`refs`, `kinds`
    giving the greens' kinds in merge-point order.  The woven hook computes the same
    inline (toolchain/jitweave.py): float greens do not take part."""
    h = 0
    next_i = 0
    next_r = 0
    for kind in kinds:
        if kind == rop.INT:
            h = intmask(h * 1000003) ^ ints[next_i]
            next_i += 1
        elif kind == rop.REF:
            h = intmask(h * 1000003) ^ refs[next_r]
            next_r += 1
    return h


# What a cell's `token` is while it has no code, and what "no cell" is where one is
# expected: prebuilt objects rather than None, so that every read of these attributes
# has one type whatever order the annotator meets the code in (an attribute read on a
# value it has only seen None for is an error there).
NO_LOOP = LoopToken(0)


class JitCell:
    """One green key (its values by kind, compared exactly) and the loop compiled for
    it.  `next` chains the cells whose hashes share a slot."""

    def __init__(self, greens_i: list[int], greens_r: list[int],
                 greens_f: list[float]) -> None:
        self.greens_i = greens_i
        self.greens_r = greens_r
        self.greens_f = greens_f
        self.token = NO_LOOP
        self.target: TargetToken | None = None    # the LABEL its code starts with
        self.tracing = False       # a trace from this key is being recorded
        self.aborts = 0            # traces from this key that were aborted
        self.next: JitCell | None = None

    def has_code(self) -> bool:
        return self.token is not NO_LOOP

    def matches(self, ints: list[int], refs: list[int], floats: list[float]) -> bool:
        """Whether the leading values of `ints`/`refs`/`floats` are this cell's key."""
        for i in range(len(self.greens_i)):
            if ints[i] != self.greens_i[i]:
                return False
        for i in range(len(self.greens_r)):
            if refs[i] != self.greens_r[i]:
                return False
        for i in range(len(self.greens_f)):
            # Bit equality would be exact; == differs only for NaN and -0.0 greens.
            if floats[i] != self.greens_f[i]:
                return False
        return True


class JitCounter:
    def __init__(self, size: int) -> None:
        assert size > 0 and size & (size - 1) == 0, "the table size is a power of two"
        self.mask = size - 1
        self.timetable = [0] * size
        self.entrytable = [0] * size
        self.celltable: list[JitCell | None] = [None] * size
        self.decay_keep = 960          # per mille kept at each decay (decay 40)

    def set_decay(self, decay: int) -> None:
        if decay < 0:
            decay = 0
        elif decay > 1000:
            decay = 1000
        self.decay_keep = 1000 - decay

    def tick(self, hash: int, threshold: int) -> bool:
        """Counts one visit; True when the slot reaches `threshold` (it restarts from
        zero; the caller then decays every counter)."""
        index = hash & self.mask
        count = self.timetable[index] + 1
        if count < threshold:
            self.timetable[index] = count
            return False
        self.timetable[index] = 0
        return True

    def tick_entry(self, hash: int, function_threshold: int) -> bool:
        """`tick` for an entry into the portal, in the entry counters."""
        index = hash & self.mask
        count = self.entrytable[index] + 1
        if count < function_threshold:
            self.entrytable[index] = count
            return False
        self.entrytable[index] = 0
        return True

    def reset(self, hash: int) -> None:
        self.timetable[hash & self.mask] = 0

    def decay_all_counters(self) -> None:
        keep = self.decay_keep
        table = self.timetable
        entries = self.entrytable
        for i in range(len(table)):
            table[i] = table[i] * keep // 1000
            entries[i] = entries[i] * keep // 1000

    def lookup_chain(self, hash: int) -> JitCell | None:
        return self.celltable[hash & self.mask]

    def find_cell(self, hash: int, ints: list[int], refs: list[int],
                  floats: list[float]) -> JitCell | None:
        cell = self.celltable[hash & self.mask]
        while cell is not None:
            if cell.matches(ints, refs, floats):
                return cell
            cell = cell.next
        return None

    def install_cell(self, hash: int, cell: JitCell) -> None:
        index = hash & self.mask
        cell.next = self.celltable[index]
        self.celltable[index] = cell


NO_CELL = JitCell([], [], [])
