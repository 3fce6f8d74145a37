"""Resume data on its own: tags, what becomes a fail_arg, frames rebuilt from a dead
frame with virtuals allocated first, and the pending writes done before them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jit.backend.model import AbstractCPU, DeadFrame
from jit.codewriter.jitcode import JitCode, JitCodeSet
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (ConstFloat, ConstInt, ConstPtr, FieldDescr,
                                         InputArg, SizeDescr)
from jit.metainterp.resume import (SMALL_INT, TAG_BOX, TAG_CONST, TAG_FCONST, TAG_INT,
                                   ResumeDescr, ResumeReader, ResumeWriter,
                                   blackhole_frames, fold_constant_slots, pending_writes,
                                   tag, tag_kind, tag_value)
from jit.optimizer.resumedescr import PendingField, VirtualInfo
from toolchain.rlib.rawmem import raw_load_byte, raw_load_double, raw_load_word, raw_malloc

WORDS = st.integers(-(1 << 63), (1 << 63) - 1)


@given(st.integers(-SMALL_INT, SMALL_INT - 1), st.sampled_from([TAG_BOX, TAG_INT,
                                                                TAG_CONST, TAG_FCONST]))
def test_tags_round_trip(value: int, kind: int) -> None:
    tagged = tag(value, kind)
    assert (tag_kind(tagged), tag_value(tagged)) == (kind, value)


@given(WORDS, st.floats(allow_nan=False))
def test_writer_keeps_constants_out_of_fail_args(word: int, double: float) -> None:
    descr = ResumeDescr(7, rop.GUARD_TRUE)
    writer = ResumeWriter(descr)
    box = InputArg(rop.INT, 0)
    writer.begin_frame(3, 11)
    for value in [ConstInt(word), box, ConstPtr(word), box, ConstFloat(double)]:
        writer.add(value)
    assert writer.fail_args == [box]            # one fail_arg, however often it is saved
    assert descr.code[:3] == [1, 3, 11]
    reader = ResumeReader(AbstractCPU(), descr, dead_frame([rop.INT], [42], [0.0]))
    assert [reader.read_word(t) for t in descr.code[3:7]] == [word, 42, word, 42]
    assert reader.read_float(descr.code[7]) == double
    small = -SMALL_INT <= word < SMALL_INT
    assert len(descr.consts_i) == (0 if small else 2)


def dead_frame(kinds: list[int], words: list[int], floats: list[float]) -> DeadFrame:
    dead = DeadFrame(ResumeDescr(0, rop.GUARD_TRUE))
    dead.kinds = kinds
    dead.words = words
    dead.floats = floats
    return dead


def test_frames_rebuilt_with_virtuals() -> None:
    """Two frames; the inner one's r0 is a virtual whose fields are a fail_arg and a
    second virtual (allocated before either is filled)."""
    outer = JitCode("outer", [0], 2, 0, 1, [], [], [])
    inner = JitCode("inner", [0], 1, 2, 0, [], [], [])
    codeset = JitCodeSet([outer, inner], [], [], [])
    descr = ResumeDescr(0, rop.GUARD_TRUE)
    writer = ResumeWriter(descr)
    i0 = InputArg(rop.INT, 0)
    f1 = InputArg(rop.FLOAT, 1)
    virtual_slot = InputArg(rop.REF, 2)       # the slot the optimizer made a NULL
    writer.begin_frame(0, 5)
    writer.add(i0)
    writer.add(ConstInt(-3))
    writer.add(f1)
    writer.begin_frame(1, 9)
    writer.add(ConstInt(1 << 40))
    writer.add(virtual_slot)
    writer.add(ConstPtr(0))
    assert writer.fail_args == [i0, f1, virtual_slot]
    value = FieldDescr("V.value", 8, 8, True, rop.INT, False)
    link = FieldDescr("V.link", 16, 8, False, rop.REF, False)
    first = VirtualInfo(SizeDescr(24, 0x77), 0x77)
    first.fielddescrs = [value, link]
    first.fieldnums = [3, -2]                  # fail_args[3] (appended), virtual 1
    second = VirtualInfo(SizeDescr(24, 0), 0)
    second.fielddescrs = [value]
    second.fieldnums = [0]
    descr.virtuals = [first, second]
    descr.virtual_slots = [-1, -1, 0]
    dead = dead_frame([rop.INT, rop.FLOAT, rop.REF, rop.INT], [5, 0, 0, 99],
                      [0.0, 2.5, 0.0, 0.0])
    frames = blackhole_frames(codeset, ResumeReader(AbstractCPU(), descr, dead))
    assert [(f.jitcode.name, f.pc) for f in frames] == [("outer", 5), ("inner", 9)]
    assert frames[0].regs_i == [5, -3] and frames[0].regs_f == [2.5]
    assert frames[1].regs_i == [1 << 40]
    obj = frames[1].get_r(0)
    assert frames[1].get_r(1) == 0
    assert raw_load_word(obj, 0) == 0x77 and raw_load_word(obj, 8) == 99
    other = raw_load_word(obj, 16)
    assert raw_load_word(other, 8) == 5


def test_pending_writes_are_done_when_the_guard_fails() -> None:
    """The reader does the held writes (small fields truncated) as soon as it is made,
    before the blackhole or a bridge's tracer reads memory; a bridge's code starts with
    the same writes, on its inputargs (the guard's fail_args)."""
    small = FieldDescr("S.ub", 9, 1, False, rop.INT, False)
    double = FieldDescr("S.d", 16, 8, True, rop.FLOAT, False)
    descr = ResumeDescr(0, rop.GUARD_TRUE)
    descr.code = [0]
    descr.pending = [PendingField(small, 0, 1), PendingField(double, 0, 2)]
    obj = raw_malloc(24)
    dead = dead_frame([rop.REF, rop.INT, rop.FLOAT], [obj, 0x1234, 0], [0.0, 0.0, -1.5])
    ResumeReader(AbstractCPU(), descr, dead).free()
    assert raw_load_byte(obj, 9) == 0x34 and raw_load_double(obj, 16) == -1.5
    inputargs = [InputArg(rop.REF, 0), InputArg(rop.INT, 1), InputArg(rop.FLOAT, 2)]
    ops = pending_writes(descr, inputargs)
    assert [(op.opnum, op.args, op.descr) for op in ops] == [
        (rop.SETFIELD_GC, [inputargs[0], inputargs[1]], small),
        (rop.SETFIELD_GC, [inputargs[0], inputargs[2]], double)]


def test_registers_of_fail_args_made_constant_read_the_constant() -> None:
    """The optimizer replaced fail_args 0 and 1 by constants (fail_arg 2 is a virtual's
    placeholder: it stays): their registers take the constant from the tag, in this copy
    of the guard only."""
    jitcode = JitCode("f", [0], 3, 2, 0, [], [], [])
    codeset = JitCodeSet([jitcode], [], [], [])
    descr = ResumeDescr(0, rop.GUARD_TRUE)
    writer = ResumeWriter(descr)
    boxes = [InputArg(rop.INT, 0), InputArg(rop.REF, 1), InputArg(rop.REF, 2),
             InputArg(rop.INT, 3)]
    writer.begin_frame(0, 4)
    for box in [boxes[0], boxes[3], boxes[0], boxes[1], boxes[2]]:
        writer.add(box)
    assert writer.fail_args == [boxes[0], boxes[3], boxes[1], boxes[2]]
    other = descr.copy()
    descr.virtual_slots = [-1, -1, -1, 0]
    fold_constant_slots(codeset, descr, [ConstInt(1), boxes[3], ConstPtr(1 << 40),
                                         ConstPtr(0)])
    assert [tag_kind(t) for t in descr.code[3:]] == [TAG_INT, TAG_BOX, TAG_INT, TAG_CONST,
                                                     TAG_BOX]
    assert [tag_kind(t) for t in other.code[3:]] == [TAG_BOX] * 5
    dead = dead_frame([rop.INT, rop.INT, rop.REF, rop.REF], [7, 8, 9, 0], [0.0] * 4)
    reader = ResumeReader(AbstractCPU(), descr, dead)
    assert [reader.read_word(t) for t in descr.code[3:7]] == [1, 8, 1, 1 << 40]
    assert other.consts_i == []
