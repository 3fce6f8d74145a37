"""The tracer (RPython's MetaInterp and MIFrame): runs the portal's jitcode on real values
and records what it does as a trace.  Subset code; it runs inside the translated binary.

At each `jit_merge_point` of the portal frame the tracer decides (RPython's
`reached_loop_header`):
- the greens have compiled code: end the trace with a JUMP to it (a bridge, or an
  entry trace for the key tracing started from);
- the greens were seen before in this trace: close a loop from there (LABEL with the
  reds as they were, JUMP with the reds now);
- otherwise remember the merge point and trace on.  Past `trace_limit` recorded
  operations the trace is aborted there, where the state is a merge point's.
Whatever happens, the tracer's concrete state is real progress: an aborted trace hands
the frames to the blackhole (or, at a merge point, to the interpreter) and the program
goes on from exactly there.

The operation handlers (folding, guards, calls, memory) are `traceops.TraceRecorder`.
Exceptions abort the trace: the frames go to the blackhole, which catches or propagates
the exception.  A call that raised is resumed as a raise at the call: a one-instruction
frame (`RAISER`) raising the exception is put on top of the frames, and the frame of
the call is the caller that receives it.  A call that can raise records
guard_no_exception (the backend tests the runtime's exception word), resumed the same
way when it fails (warmstate.py).
"""

from __future__ import annotations

from jit.codewriter import jitcode as jc
from jit.codewriter.jitcode import JitCode
from jit.metainterp import resoperation as rop
from jit.metainterp.blackhole import BlackholeFrame
from jit.backend.model import BackendError
from jit.metainterp.compile import compile_bridge, compile_loop, new_target
from jit.metainterp.counters import NO_CELL, JitCell, green_hash
from jit.metainterp.miframe import MergePoint, MIFrame, const_of
from jit.metainterp.jitdriver import (ABORT_BACKEND, ABORT_BAD_LOOP,
                                      ABORT_GREEN_NOT_CONSTANT, ABORT_LOOP_PREFIX,
                                      ABORT_TOO_LONG)
from jit.metainterp.resoperation import (AbstractValue, ConstFloat, InputArg,
                                         ResOperation)
from jit.metainterp.resume import (NO_GUARD, TAG_BOX, TAG_FCONST, ResumeReader, tag_kind,
                                   tag_value)
from jit.metainterp.traceops import RUNNING, TraceAborted, TraceRecorder
from jit.optimizer.base import InvalidLoop

# What a finished tracing tells the warm state (0..2 are jit_merge_point_reached's).
STATUS_CONTINUE = 1     # at a merge point: the interpreter goes on from sd.out_*
STATUS_RETURNED = 2     # the portal returned: sd.result_*
STATUS_RUN = 10         # at a merge point with compiled code: run `run_cell`'s (never
                        # returned to the hook; 3 is the blackhole's "the portal raised")

# `raise %r0`: the innermost frame of a resumed raising call (see the docstring).
RAISER = JitCode("jit_raise_pending", [jc.RAISE, 0], 0, 1, 0, [], [], [])


def raiser_frame(exception: int) -> BlackholeFrame:
    frame = BlackholeFrame(RAISER)
    frame.set_r(0, exception)
    return frame


class MetaInterp(TraceRecorder):
    """One tracing: from the interpreter at a merge point (`start_from_interp`) or from
    a failing guard (`start_from_guard`), then `run()` until it ends."""

    # -- starting ------------------------------------------------------------------------

    def start_from_interp(self, cell: JitCell) -> None:
        """The portal frame at its merge point, greens constant and reds the inputs,
        from the values the hook left in sd.in_*."""
        sd = self.sd
        info = sd.info
        self.start_cell = cell
        frame = MIFrame(info.portal, sd.portal_index)
        frame.pc = info.merge_point_pc
        self.frames.append(frame)
        counts = [0, 0, 0]
        for i in range(len(info.green_kinds)):
            kind = info.green_kinds[i]
            self.load_in(frame, kind, info.green_regs[i], counts[kind], True)
            counts[kind] += 1
        for i in range(len(info.red_kinds)):
            kind = info.red_kinds[i]
            self.load_in(frame, kind, info.red_regs[i], counts[kind], False)
            counts[kind] += 1

    def load_in(self, frame: MIFrame, kind: int, n: int, slot: int, green: bool) -> None:
        sd = self.sd
        box: AbstractValue
        if kind == rop.FLOAT:
            value_f = sd.in_f[slot]
            if green:
                box = ConstFloat(value_f)
            else:
                box = InputArg(kind, len(self.inputargs))
                self.inputargs.append(box)
            if n < frame.jitcode.num_regs_f:
                frame.set_f(n, box, value_f)
            return
        value = sd.in_r[slot] if kind == rop.REF else sd.in_i[slot]
        if green:
            box = const_of(kind, value)
        else:
            box = InputArg(kind, len(self.inputargs))
            self.inputargs.append(box)
        num_regs = frame.jitcode.num_regs_r if kind == rop.REF else frame.jitcode.num_regs_i
        if n < num_regs:
            frame.set_word(kind, n, box, value)

    def start_from_guard(self, reader: ResumeReader) -> None:
        """The guard's frames, each fail_arg an input (virtuals allocated again in the
        trace, so that the optimizer can keep them virtual)."""
        descr = reader.descr
        self.origin = descr
        dead = reader.deadframe
        slots: list[AbstractValue] = []
        for i in range(len(dead.kinds)):
            arg = InputArg(dead.kinds[i], i)
            self.inputargs.append(arg)
            slots.append(arg)
        virtual_boxes: list[AbstractValue] = []
        for k in range(len(descr.virtuals)):
            info = descr.virtuals[k]
            opnum = rop.NEW_WITH_VTABLE if info.vtable != 0 else rop.NEW
            virtual_boxes.append(self.record(opnum, [], info.size_descr))
        for k in range(len(descr.virtuals)):
            info = descr.virtuals[k]
            for i in range(len(info.fielddescrs)):
                num = info.fieldnums[i]
                value = virtual_boxes[-1 - num] if num < 0 else slots[num]
                self.record(rop.SETFIELD_GC, [virtual_boxes[k], value], info.fielddescrs[i])
        for i in range(len(descr.virtual_slots)):
            if descr.virtual_slots[i] >= 0:
                slots[i] = virtual_boxes[descr.virtual_slots[i]]
        code = descr.code
        pos = 1
        for _ in range(code[0]):
            frame = MIFrame(self.codeset.jitcodes[code[pos]], code[pos])
            frame.pc = code[pos + 1]
            pos += 2
            jitcode = frame.jitcode
            for n in range(jitcode.num_regs_i):
                frame.set_i(n, self.resumed_box(code[pos], rop.INT, slots, reader),
                            reader.read_word(code[pos]))
                pos += 1
            for n in range(jitcode.num_regs_r):
                frame.set_r(n, self.resumed_box(code[pos], rop.REF, slots, reader),
                            reader.read_word(code[pos]))
                pos += 1
            for n in range(jitcode.num_regs_f):
                frame.set_f(n, self.resumed_box(code[pos], rop.FLOAT, slots, reader),
                            reader.read_float(code[pos]))
                pos += 1
            self.frames.append(frame)

    def resumed_box(self, tagged: int, kind: int, slots: list[AbstractValue],
                    reader: ResumeReader) -> AbstractValue:
        t = tag_kind(tagged)
        if t == TAG_BOX:
            return slots[tag_value(tagged)]
        if t == TAG_FCONST or kind == rop.FLOAT:
            return ConstFloat(reader.read_float(tagged))
        return const_of(kind, reader.read_word(tagged))

    # -- running -------------------------------------------------------------------------

    def run(self) -> int:
        """Traces until the trace ends; returns a STATUS_* with sd.out_*/result_* (and
        `run_cell` for STATUS_RUN) set."""
        try:
            while True:
                if len(self.ops) > self.limit + self.limit // 2:
                    # No merge point for far too long (deep inlining): give up here.
                    raise TraceAborted(ABORT_TOO_LONG)
                self.steps += 1
                status = self.step()
                if status != RUNNING:
                    return status
        except TraceAborted as e:
            self.sd.abort(e.reason)
            return self.finish_in_blackhole()

    def finish_in_blackhole(self) -> int:
        """Hands the frames, as they are now, to the blackhole interpreter."""
        frames: list[BlackholeFrame] = []
        for frame in self.frames:
            frames.append(frame.to_blackhole())
            frame.free()
        self.frames = []
        if self.exception != 0:
            frames.append(raiser_frame(self.exception))
            self.exception = 0
        self.sd.stats.blackholes += 1
        return self.sd.blackhole.run(frames, self.sd)

    def free_frames(self) -> None:
        for frame in self.frames:
            frame.free()
        self.frames = []

    # -- merge points ----------------------------------------------------------------------

    def merge_point(self, frame: MIFrame, pc: int) -> int:
        """The portal's merge point: end the trace here, or note it and go on."""
        code = frame.jitcode.code
        greens_i: list[int] = []
        greens_r: list[int] = []
        greens_f: list[float] = []
        pos = pc + 1
        for k in range(code[pos]):
            n = code[pos + 1 + k]
            check_green(frame.box_i(n))
            greens_i.append(frame.int_(n))
        pos += 1 + code[pos]
        for k in range(code[pos]):
            n = code[pos + 1 + k]
            check_green(frame.box_r(n))
            greens_r.append(frame.ref(n))
        pos += 1 + code[pos]
        for k in range(code[pos]):
            n = code[pos + 1 + k]
            check_green(frame.box_f(n))
            greens_f.append(frame.float_(n))
        pos += 1 + code[pos]
        reds = self.red_boxes(frame, pos)
        if len(self.ops) > self.limit:
            self.sd.abort(ABORT_TOO_LONG)
            return self.stop_at_merge_point(frame, pc)
        status = RUNNING
        try:
            status = self.close_trace(greens_i, greens_r, greens_f, reds)
        except TraceAborted as e:
            self.sd.abort(e.reason)
            return self.stop_at_merge_point(frame, pc)
        if status != RUNNING:
            self.write_out(frame, pc)
            self.free_frames()
            return status
        self.make_reds_variables(frame, pos)
        self.merge_points.append(MergePoint(greens_i, greens_r, greens_f, len(self.ops),
                                            self.red_boxes(frame, pos)))
        frame.pc = jc.next_pc(code, pc)
        return RUNNING

    def close_trace(self, greens_i: list[int], greens_r: list[int], greens_f: list[float],
                    reds: list[AbstractValue]) -> int:
        """RUNNING, or STATUS_RUN once the trace is compiled (`run_cell` is the code to
        run now).  Compiled code for these greens wins (RPython's compile_trace); else a
        loop closes where the same greens were met before."""
        sd = self.sd
        h = green_hash(sd.info.green_kinds, greens_i, greens_r)
        cell = sd.counter.find_cell(h, greens_i, greens_r, greens_f)
        if cell is not None and cell.target is not None:
            self.compile_ending(self.ops, ResOperation(rop.JUMP, reds, cell.target))
            self.run_cell = cell
            return STATUS_RUN
        for j in range(len(self.merge_points) - 1, -1, -1):
            mp = self.merge_points[j]
            if not mp.same_greens(greens_i, greens_r, greens_f):
                continue
            if cell is None:
                cell = JitCell(greens_i, greens_r, greens_f)
                sd.counter.install_cell(h, cell)
            self.compile_loop_from(mp, reds, cell)
            target = cell.target
            assert target is not None
            if self.origin is not NO_GUARD or mp.position > 0:
                self.compile_ending(self.ops[:mp.position],
                                    ResOperation(rop.JUMP, mp.reds, target))
            self.run_cell = cell
            return STATUS_RUN
        return RUNNING

    def compile_loop_from(self, mp: MergePoint, reds: list[AbstractValue],
                          cell: JitCell) -> None:
        """The operations since `mp` as a loop: its reds then become the inputs."""
        renamed: dict[AbstractValue, AbstractValue] = {}
        inputargs: list[InputArg] = []
        for box in mp.reds:
            arg = InputArg(box.kind, len(inputargs))
            inputargs.append(arg)
            renamed[box] = arg
        body = self.ops[mp.position:]
        for op in body:
            op.args = rename(op.args, renamed)
            op.fail_args = rename(op.fail_args, renamed)
            renamed[op] = op
        target = new_target(self.sd)
        label_args: list[AbstractValue] = []
        for arg in inputargs:
            label_args.append(arg)
        ops = [ResOperation(rop.LABEL, label_args, target)]
        ops.extend(body)
        ops.append(ResOperation(rop.JUMP, rename(reds, renamed), target))
        try:
            compile_loop(self.sd, cell, inputargs, ops, self.descrs)
        except InvalidLoop:
            raise TraceAborted(ABORT_BAD_LOOP)
        except BackendError:
            raise TraceAborted(ABORT_BACKEND)

    def portal_returned(self, kind: int, box: AbstractValue) -> int:
        """The trace ends with a FINISH that returns the value (RPython's
        done_with_this_frame); the value is already in sd.result_*."""
        args: list[AbstractValue] = []
        if kind != rop.VOID:
            args.append(box)
        try:
            self.compile_ending(self.ops,
                                ResOperation(rop.FINISH, args, self.sd.done_descrs[kind]))
        except TraceAborted as e:
            self.sd.abort(e.reason)
        return STATUS_RETURNED

    def compile_ending(self, ops: list[ResOperation], end: ResOperation) -> None:
        """`ops` then `end` (a JUMP to compiled code, or a FINISH): a bridge from the
        guard this trace started at, or the code of the key it started from."""
        body = list_copy(ops)
        body.append(end)
        try:
            if self.origin is not NO_GUARD:
                compile_bridge(self.sd, self.origin, self.inputargs, body, self.descrs)
                return
            cell = self.start_cell
            assert cell is not NO_CELL
            label_args: list[AbstractValue] = []
            for arg in self.inputargs:
                label_args.append(arg)
            entry = [ResOperation(rop.LABEL, label_args, new_target(self.sd))]
            entry.extend(body)
            compile_loop(self.sd, cell, self.inputargs, entry, self.descrs)
        except InvalidLoop:
            raise TraceAborted(ABORT_BAD_LOOP)
        except BackendError:
            raise TraceAborted(ABORT_BACKEND)

    def make_reds_variables(self, frame: MIFrame, pos: int) -> None:
        """A red that is a constant, or the same box as another red, gets a box of its
        own (same_as): a loop starting here takes the reds as distinct inputs, and the
        rest of the trace must compute on them, not on what they were this time."""
        code = frame.jitcode.code
        seen: dict[AbstractValue, bool] = {}
        for k in range(code[pos]):
            n = code[pos + 1 + k]
            if n < frame.jitcode.num_regs_i:
                box = frame.boxes_i[n]
                if box.is_constant() or box in seen:
                    box = self.record(rop.SAME_AS_I, [box], None)
                    frame.boxes_i[n] = box
                seen[box] = True
        pos += 1 + code[pos]
        for k in range(code[pos]):
            n = code[pos + 1 + k]
            if n < frame.jitcode.num_regs_r:
                box = frame.boxes_r[n]
                if box.is_constant() or box in seen:
                    box = self.record(rop.SAME_AS_R, [box], None)
                    frame.boxes_r[n] = box
                seen[box] = True
        pos += 1 + code[pos]
        for k in range(code[pos]):
            n = code[pos + 1 + k]
            if n < frame.jitcode.num_regs_f:
                box = frame.boxes_f[n]
                if box.is_constant() or box in seen:
                    box = self.record(rop.SAME_AS_F, [box], None)
                    frame.boxes_f[n] = box
                seen[box] = True

    def red_boxes(self, frame: MIFrame, pos: int) -> list[AbstractValue]:
        """The reds' boxes in the driver's order (the order of loop inputs)."""
        code = frame.jitcode.code
        info = self.sd.info
        reds: list[AbstractValue] = []
        counts = [0, 0, 0]
        pos_r = pos + 1 + code[pos]
        pos_f = pos_r + 1 + code[pos_r]
        for kind in info.red_kinds:
            k = counts[kind]
            counts[kind] += 1
            if kind == rop.INT:
                reds.append(frame.box_i(code[pos + 1 + k]))
            elif kind == rop.REF:
                reds.append(frame.box_r(code[pos_r + 1 + k]))
            else:
                reds.append(frame.box_f(code[pos_f + 1 + k]))
        return reds

    def stop_at_merge_point(self, frame: MIFrame, pc: int) -> int:
        self.write_out(frame, pc)
        self.free_frames()
        return STATUS_CONTINUE

    def write_out(self, frame: MIFrame, pc: int) -> None:
        """The merge point's greens and reds, concretely, into sd.out_* (what the
        blackhole writes at a merge point)."""
        code = frame.jitcode.code
        out_i: list[int] = []
        out_r: list[int] = []
        out_f: list[float] = []
        pos = pc + 1
        for _ in range(2):
            for k in range(code[pos]):
                out_i.append(frame.int_(code[pos + 1 + k]))
            pos += 1 + code[pos]
            for k in range(code[pos]):
                out_r.append(frame.ref(code[pos + 1 + k]))
            pos += 1 + code[pos]
            for k in range(code[pos]):
                out_f.append(frame.float_(code[pos + 1 + k]))
            pos += 1 + code[pos]
        self.sd.out_i = out_i
        self.sd.out_r = out_r
        self.sd.out_f = out_f
        self.sd.hold_out_refs()


def check_green(box: AbstractValue) -> None:
    """A green the trace computed from reds cannot name a loop: give up."""
    if not box.is_constant():
        raise TraceAborted(ABORT_GREEN_NOT_CONSTANT)


def rename(values: list[AbstractValue],
           renamed: dict[AbstractValue, AbstractValue]) -> list[AbstractValue]:
    result: list[AbstractValue] = []
    for value in values:
        if value.is_constant():
            result.append(value)
        elif value in renamed:
            result.append(renamed[value])
        else:
            raise TraceAborted(ABORT_LOOP_PREFIX)
    return result


def list_copy(ops: list[ResOperation]) -> list[ResOperation]:
    result: list[ResOperation] = []
    for op in ops:
        result.append(op)
    return result
