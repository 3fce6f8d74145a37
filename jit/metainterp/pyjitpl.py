"""The tracer (RPython's MetaInterp and MIFrame): runs the portal's jitcode on real values
and records what it does as a trace.  Subset code; it runs inside the translated binary.

Every register holds two things: the concrete value (the tracer really runs the
program) and the box it came from (an InputArg, a recorded ResOperation or a Const).
An operation whose arguments are all constants is folded, not recorded: that is what
makes greens constant (`program[pc]` with a green program and pc folds) and what
`promote` is for.  Branches on non-constant values record guard_true/guard_false,
`promote` a guard_value, `guard_class` a guard_class, each with resume data
(`resume.py`) for the frames as they are before the instruction, which the blackhole
then runs again on the real value.  Residual calls record call_* (elidable ones
call_pure_*, folded on constants) and guard_no_exception when the callee can raise.
Inline calls push a frame; a caller's pc stays on its call instruction until the callee
returns (the blackhole's convention, so frames convert one to one).

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

Exceptions abort the trace (RPython records guard_exception and traces the handler;
there is no such guard here yet): a residual call that left one pending
(`rawmem.fetch_exception`), or a `raise`, hands the frames to the blackhole, which
catches or propagates it.  A call that raised is resumed as a raise at the call: a
one-instruction frame (`RAISER`) raising the exception is put on top of the frames, and
the frame of the call is the caller that receives it.  A call that can raise records
guard_no_exception (the backend tests the runtime's exception word), resumed the same
way when it fails (warmstate.py).
"""

from __future__ import annotations

from jit.codewriter import jitcode as jc
from jit.codewriter.jitcode import JitCode
from jit.metainterp import executor
from jit.metainterp import resoperation as rop
from jit.metainterp.blackhole import BlackholeFrame
from jit.backend.model import BackendError
from jit.metainterp.compile import compile_bridge, compile_loop, new_target
from jit.metainterp.counters import NO_CELL, JitCell, green_hash
from jit.metainterp.miframe import MergePoint, MIFrame, const_of
from jit.metainterp.jitdriver import (ABORT_BACKEND, ABORT_BAD_LOOP, ABORT_EXCEPTION,
                                      ABORT_GREEN_NOT_CONSTANT, ABORT_LOOP_PREFIX,
                                      ABORT_TOO_LONG,
                                      JitDriverStaticData)
from jit.metainterp.resoperation import (AbstractDescr, AbstractValue, ArrayDescr,
                                         CallDescr, ConstFloat, ConstInt, ConstPtr,
                                         FieldDescr, InputArg, ResOperation, SizeDescr)
from jit.metainterp.resume import (NO_GUARD, TAG_BOX, TAG_FCONST, Liveness, ResumeDescr,
                                   ResumeReader, ResumeWriter, tag_kind, tag_value)
from jit.optimizer.base import InvalidLoop
from toolchain.rlib.rawmem import (WORD, FuncSig, fetch_exception, malloc_function_address,
                                   raw_load_byte, raw_load_double, raw_load_word,
                                   raw_store_byte, raw_store_double,
                                   raw_store_word)

# What a finished tracing tells the warm state (0..2 are jit_merge_point_reached's).
STATUS_CONTINUE = 1     # at a merge point: the interpreter goes on from sd.out_*
STATUS_RETURNED = 2     # the portal returned: sd.result_*
STATUS_RUN = 10         # at a merge point with compiled code: run `run_cell`'s (never
                        # returned to the hook; 3 is the blackhole's "the portal raised")

RUNNING = 0
SIG_MALLOC = FuncSig([WORD], WORD)
# Raw byte accesses are raw_load_i/raw_store with a one-byte unsigned item descr.
BYTE_DESCR = ArrayDescr(0, 1, 0, False, rop.INT)


# `raise %r0`: the innermost frame of a resumed raising call (see the docstring).
RAISER = JitCode("jit_raise_pending", [jc.RAISE, 0], 0, 1, 0, [], [], [])


def raiser_frame(exception: int) -> BlackholeFrame:
    frame = BlackholeFrame(RAISER)
    frame.set_r(0, exception)
    return frame


class TraceAborted(Exception):
    def __init__(self, reason: int) -> None:
        self.reason = reason


class MetaInterp:
    """One tracing: from the interpreter at a merge point (`start_from_interp`) or from
    a failing guard (`start_from_guard`), then `run()` until it ends."""

    def __init__(self, sd: JitDriverStaticData) -> None:
        self.sd = sd
        self.codeset = sd.codeset
        self.frames: list[MIFrame] = []
        self.inputargs: list[InputArg] = []
        self.ops: list[ResOperation] = []
        self.merge_points: list[MergePoint] = []
        self.descrs: list[ResumeDescr] = []
        self.origin = NO_GUARD          # the guard a bridge starts from
        self.start_cell = NO_CELL       # the key a trace from the interpreter starts at
        self.run_cell = NO_CELL         # STATUS_RUN: whose code to run
        self.exception = 0          # raised by the last residual call (then aborted)
        self.limit = sd.params.trace_limit

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

    # -- recording -----------------------------------------------------------------------

    def record(self, opnum: int, args: list[AbstractValue],
               descr: AbstractDescr | None) -> ResOperation:
        op = ResOperation(opnum, args, descr)
        self.ops.append(op)
        return op

    def record_guard(self, opnum: int, args: list[AbstractValue], resume_pc: int) -> None:
        """A guard whose failure resumes the innermost frame at `resume_pc`."""
        marker = ConstInt(len(self.descrs))
        descr = ResumeDescr(self.sd.next_guard_number, opnum)
        self.sd.next_guard_number += 1
        self.descrs.append(descr)
        writer = ResumeWriter(descr)
        dead = ConstInt(0)
        top = len(self.frames) - 1
        for i in range(len(self.frames)):
            frame = self.frames[i]
            live = self.liveness_of(frame)
            pc = resume_pc if i == top else frame.pc
            writer.begin_frame(frame.index, pc)
            for kind in range(3):
                boxes = frame.boxes_i
                if kind == rop.REF:
                    boxes = frame.boxes_r
                elif kind == rop.FLOAT:
                    boxes = frame.boxes_f
                for n in range(len(boxes)):
                    if i == top:
                        alive = live.is_live(pc, kind, n)
                    else:
                        alive = live.is_live_after_call(pc, kind, n)
                    writer.add(boxes[n] if alive else dead)
        op = self.record(opnum, args, descr)
        # The last fail_arg names the guard (its place in self.descrs): the optimizer
        # replaces the descr of a guard that reaches virtuals by a fresh
        # ResumeGuardDescr, and compile.py puts ours back.
        writer.fail_args.append(marker)
        op.fail_args = writer.fail_args

    def liveness_of(self, frame: MIFrame) -> Liveness:
        live = self.sd.liveness[frame.index]
        if live is None:
            live = Liveness(frame.jitcode)
            self.sd.liveness[frame.index] = live
        return live

    # -- running -------------------------------------------------------------------------

    def run(self) -> int:
        """Traces until the trace ends; returns a STATUS_* with sd.out_*/result_* (and
        `run_cell` for STATUS_RUN) set."""
        try:
            while True:
                if len(self.ops) > self.limit + self.limit // 2:
                    # No merge point for far too long (deep inlining): give up here.
                    raise TraceAborted(ABORT_TOO_LONG)
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

    def step(self) -> int:
        frame = self.frames[len(self.frames) - 1]
        code = frame.jitcode.code
        pc = frame.pc
        opcode = code[pc]
        if opcode <= jc.CAST_PTR_TO_INT:
            self.pure_op(frame, opcode, pc)
        elif opcode == jc.INT_COPY or opcode == jc.PROMOTE_I:
            n = code[pc + 1]
            box = frame.box_i(n)
            value = frame.int_(n)
            if opcode == jc.PROMOTE_I and not box.is_constant():
                self.record_guard(rop.GUARD_VALUE, [box, ConstInt(value)], pc)
                box = ConstInt(value)
            frame.set_i(code[pc + 2], box, value)
            frame.pc = pc + 3
        elif opcode == jc.REF_COPY or opcode == jc.PROMOTE_R:
            n = code[pc + 1]
            box = frame.box_r(n)
            value = frame.ref(n)
            if opcode == jc.PROMOTE_R and not box.is_constant():
                self.record_guard(rop.GUARD_VALUE, [box, ConstPtr(value)], pc)
                box = ConstPtr(value)
            frame.set_r(code[pc + 2], box, value)
            frame.pc = pc + 3
        elif opcode == jc.FLOAT_COPY or opcode == jc.PROMOTE_F:
            n = code[pc + 1]
            box = frame.box_f(n)
            value_f = frame.float_(n)
            if opcode == jc.PROMOTE_F and not box.is_constant():
                self.record_guard(rop.GUARD_VALUE, [box, ConstFloat(value_f)], pc)
                box = ConstFloat(value_f)
            frame.set_f(code[pc + 2], box, value_f)
            frame.pc = pc + 3
        elif opcode == jc.GUARD_CLASS:
            box = frame.box_r(code[pc + 1])
            vtable = raw_load_word(frame.ref(code[pc + 1]), 0)   # the typeptr header
            if not box.is_constant():
                self.record_guard(rop.GUARD_CLASS, [box, ConstInt(vtable)], pc)
            frame.set_i(code[pc + 2], ConstInt(vtable), vtable)
            frame.pc = pc + 3
        elif opcode == jc.GOTO:
            frame.pc = code[pc + 1]
        elif opcode == jc.GOTO_IF_NOT:
            box = frame.box_i(code[pc + 1])
            value = frame.int_(code[pc + 1])
            if not box.is_constant():
                self.record_guard(rop.GUARD_TRUE if value != 0 else rop.GUARD_FALSE,
                                  [box], pc)
            frame.pc = pc + 3 if value != 0 else code[pc + 2]
        elif jc.INT_ADD_JUMP_IF_OVF <= opcode <= jc.INT_MUL_JUMP_IF_OVF:
            self.ovf_op(frame, opcode, pc)
        elif jc.INT_RETURN <= opcode <= jc.VOID_RETURN:
            return self.return_op(frame, opcode, pc)
        elif jc.INLINE_CALL_I <= opcode <= jc.INLINE_CALL_V:
            self.inline_call(frame, pc)
        elif jc.RESIDUAL_CALL_I <= opcode <= jc.RESIDUAL_CALL_V:
            self.residual_call(frame, opcode, pc)
        elif opcode == jc.JIT_MERGE_POINT:
            if len(self.frames) == 1:
                return self.merge_point(frame, pc)
            frame.pc = jc.next_pc(code, pc)
        elif opcode == jc.LOOP_HEADER or opcode == jc.CATCH_EXCEPTION:
            frame.pc = pc + 2        # (catch_exception: nothing was raised)
        elif opcode == jc.RAISE or opcode == jc.LAST_EXC_VALUE:
            raise TraceAborted(ABORT_EXCEPTION)      # the blackhole runs it
        else:
            self.memory_op(frame, opcode, pc)
        return RUNNING

    # -- pure operations -----------------------------------------------------------------

    def pure_op(self, frame: MIFrame, opcode: int, pc: int) -> None:
        """Any op of the `RESOP_OF` table with one or two operands and one result:
        folded when every operand is a constant."""
        code = frame.jitcode.code
        argcodes = jc.ARGCODES[opcode]
        resop = jc.RESOP_OF[opcode]
        args: list[AbstractValue] = []
        words: list[int] = []
        doubles: list[float] = []
        constant = True
        i = 0
        while argcodes[i] != ">":
            n = code[pc + 1 + i]
            letter = argcodes[i]
            box: AbstractValue
            if letter == "f":
                box = frame.box_f(n)
                doubles.append(frame.float_(n))
            elif letter == "r":
                box = frame.box_r(n)
                words.append(frame.ref(n))
            else:
                box = frame.box_i(n)
                words.append(frame.int_(n))
            if not box.is_constant():
                constant = False
            args.append(box)
            i += 1
        target = code[pc + 1 + i]
        frame.pc = pc + 2 + i
        if argcodes[i + 1] == "f":
            value_f = eval_float(resop, words, doubles)
            frame.set_f(target, ConstFloat(value_f) if constant
                        else self.record(resop, args, None), value_f)
        else:
            value = eval_word(resop, words, doubles)
            frame.set_i(target, ConstInt(value) if constant
                        else self.record(resop, args, None), value)

    def ovf_op(self, frame: MIFrame, opcode: int, pc: int) -> None:
        code = frame.jitcode.code
        resop = jc.RESOP_OF[opcode]
        a = frame.box_i(code[pc + 2])
        b = frame.box_i(code[pc + 3])
        va = frame.int_(code[pc + 2])
        vb = frame.int_(code[pc + 3])
        overflowed = executor.int_overflows(resop, va, vb)
        value = executor.eval_int_binary(executor.ovf_base(resop), va, vb)
        box: AbstractValue = ConstInt(value)
        if not (a.is_constant() and b.is_constant()):
            box = self.record(resop, [a, b], None)
            self.record_guard(rop.GUARD_OVERFLOW if overflowed else rop.GUARD_NO_OVERFLOW,
                              [], pc)
        frame.set_i(code[pc + 4], box, value)
        frame.pc = code[pc + 1] if overflowed else pc + 5

    # -- calls and returns -----------------------------------------------------------------

    def inline_call(self, frame: MIFrame, pc: int) -> None:
        code = frame.jitcode.code
        index = code[pc + 1]
        callee = MIFrame(self.codeset.jitcodes[index], index)
        pos = pc + 2
        for k in range(code[pos]):
            n = code[pos + 1 + k]
            callee.set_i(k, frame.box_i(n), frame.int_(n))
        pos += 1 + code[pos]
        for k in range(code[pos]):
            n = code[pos + 1 + k]
            callee.set_r(k, frame.box_r(n), frame.ref(n))
        pos += 1 + code[pos]
        for k in range(code[pos]):
            n = code[pos + 1 + k]
            callee.set_f(k, frame.box_f(n), frame.float_(n))
        self.frames.append(callee)

    def return_op(self, frame: MIFrame, opcode: int, pc: int) -> int:
        code = frame.jitcode.code
        box: AbstractValue = ConstInt(0)
        value = 0
        value_f = 0.0
        if opcode == jc.INT_RETURN:
            box = frame.box_i(code[pc + 1])
            value = frame.int_(code[pc + 1])
        elif opcode == jc.REF_RETURN:
            box = frame.box_r(code[pc + 1])
            value = frame.ref(code[pc + 1])
        elif opcode == jc.FLOAT_RETURN:
            box = frame.box_f(code[pc + 1])
            value_f = frame.float_(code[pc + 1])
        self.frames.pop()
        frame.free()
        if len(self.frames) == 0:
            # The portal returned: the trace ends with a FINISH that returns the value
            # (RPython's done_with_this_frame), and the value is the program's now.
            sd = self.sd
            kind = rop.VOID
            if opcode == jc.FLOAT_RETURN:
                sd.result_f = value_f
                kind = rop.FLOAT
            elif opcode == jc.REF_RETURN:
                sd.result_r = value
                kind = rop.REF
            elif opcode == jc.INT_RETURN:
                sd.result_i = value
                kind = rop.INT
            args: list[AbstractValue] = []
            if kind != rop.VOID:
                args.append(box)
            try:
                self.compile_ending(self.ops,
                                    ResOperation(rop.FINISH, args, sd.done_descrs[kind]))
            except TraceAborted as e:
                sd.abort(e.reason)
            return STATUS_RETURNED
        caller = self.frames[len(self.frames) - 1]
        ccode = caller.jitcode.code
        after = jc.next_pc(ccode, caller.pc)
        call = ccode[caller.pc]
        if call == jc.INLINE_CALL_I:
            caller.set_i(ccode[after - 1], box, value)
        elif call == jc.INLINE_CALL_R:
            caller.set_r(ccode[after - 1], box, value)
        elif call == jc.INLINE_CALL_F:
            caller.set_f(ccode[after - 1], box, value_f)
        caller.pc = after
        return RUNNING

    def residual_call(self, frame: MIFrame, opcode: int, pc: int) -> None:
        code = frame.jitcode.code
        func = frame.box_i(code[pc + 1])
        address = frame.int_(code[pc + 1])
        d = code[pc + 2]
        descr = self.codeset.descrs[d]
        assert isinstance(descr, CallDescr)
        shape = self.codeset.call_shapes[d]
        pos_i = pc + 3
        pos_r = pos_i + 1 + code[pos_i]
        pos_f = pos_r + 1 + code[pos_r]
        after = pos_f + 1 + code[pos_f]
        args: list[AbstractValue] = [func]
        constant = func.is_constant()
        words: list[int] = []
        doubles: list[float] = []
        next_i = 0
        next_r = 0
        next_f = 0
        for kind in descr.arg_kinds:
            box: AbstractValue
            if kind == rop.INT:
                n = code[pos_i + 1 + next_i]
                next_i += 1
                box = frame.box_i(n)
                words.append(frame.int_(n))
            elif kind == rop.REF:
                n = code[pos_r + 1 + next_r]
                next_r += 1
                box = frame.box_r(n)
                words.append(frame.ref(n))
            else:
                n = code[pos_f + 1 + next_f]
                next_f += 1
                box = frame.box_f(n)
                doubles.append(frame.float_(n))
            if not box.is_constant():
                constant = False
            args.append(box)
        calls = self.sd.callshapes
        fold = descr.is_elidable and constant
        # The exception, if any, is taken right after the call: translated, any other
        # call in between would see it pending and raise it as its own.
        value = 0
        value_f = 0.0
        if opcode == jc.RESIDUAL_CALL_F:
            value_f = calls.do_call_f(shape, address, words, doubles)
        elif opcode == jc.RESIDUAL_CALL_V:
            calls.do_call_v(shape, address, words, doubles)
        else:
            value = calls.do_call_i(shape, address, words, doubles)
        exception = fetch_exception()
        if exception != 0:
            self.exception = exception     # resumed as the call raising (see RAISER)
            raise TraceAborted(ABORT_EXCEPTION)
        result: AbstractValue = ConstInt(0)
        if opcode == jc.RESIDUAL_CALL_F:
            result = ConstFloat(value_f)
            if not fold:
                result = self.record(rop.CALL_PURE_F if descr.is_elidable else rop.CALL_F,
                                     args, descr)
            frame.set_f(code[after], result, value_f)
            frame.pc = after + 1
        elif opcode == jc.RESIDUAL_CALL_V:
            self.record(rop.CALL_N, args, descr)
            frame.pc = after
        else:
            kind = rop.REF if opcode == jc.RESIDUAL_CALL_R else rop.INT
            result = const_of(kind, value)
            if not fold:
                if kind == rop.REF:
                    opnum = rop.CALL_PURE_R if descr.is_elidable else rop.CALL_R
                else:
                    opnum = rop.CALL_PURE_I if descr.is_elidable else rop.CALL_I
                result = self.record(opnum, args, descr)
            frame.set_word(kind, code[after], result, value)
            frame.pc = after + 1
        if descr.can_raise and not fold:
            self.record_guard(rop.GUARD_NO_EXCEPTION, [], pc)

    # -- memory --------------------------------------------------------------------------

    def memory_op(self, frame: MIFrame, opcode: int, pc: int) -> None:
        code = frame.jitcode.code
        descrs = self.codeset.descrs
        if jc.GETFIELD_GC_I <= opcode <= jc.GETFIELD_GC_F:
            fd = descrs[code[pc + 2]]
            assert isinstance(fd, FieldDescr)
            obj = frame.box_r(code[pc + 1])
            address = frame.ref(code[pc + 1])
            # An immutable field of a constant object is a constant.
            fold = fd.is_immutable and obj.is_constant()
            target = code[pc + 3]
            frame.pc = pc + 4
            if opcode == jc.GETFIELD_GC_F:
                value_f = raw_load_double(address, fd.offset)
                frame.set_f(target, ConstFloat(value_f) if fold else
                            self.record(rop.GETFIELD_GC_F, [obj], fd), value_f)
                return
            value = executor.load_int(address, fd.offset, fd.size, fd.is_signed)
            kind = rop.REF if opcode == jc.GETFIELD_GC_R else rop.INT
            opnum = rop.GETFIELD_GC_R if kind == rop.REF else rop.GETFIELD_GC_I
            frame.set_word(kind, target, const_of(kind, value) if fold else
                           self.record(opnum, [obj], fd), value)
            return
        if jc.SETFIELD_GC_I <= opcode <= jc.SETFIELD_GC_F:
            fd = descrs[code[pc + 3]]
            assert isinstance(fd, FieldDescr)
            obj = frame.box_r(code[pc + 1])
            address = frame.ref(code[pc + 1])
            n = code[pc + 2]
            if opcode == jc.SETFIELD_GC_F:
                raw_store_double(address, fd.offset, frame.float_(n))
                self.record(rop.SETFIELD_GC, [obj, frame.box_f(n)], fd)
            elif opcode == jc.SETFIELD_GC_R:
                executor.store_int(address, fd.offset, fd.size, frame.ref(n))
                self.record(rop.SETFIELD_GC, [obj, frame.box_r(n)], fd)
            else:
                executor.store_int(address, fd.offset, fd.size, frame.int_(n))
                self.record(rop.SETFIELD_GC, [obj, frame.box_i(n)], fd)
            frame.pc = pc + 4
            return
        if jc.GETARRAYITEM_GC_I <= opcode <= jc.GETARRAYITEM_GC_F:
            ad = descrs[code[pc + 3]]
            assert isinstance(ad, ArrayDescr)
            array = frame.box_r(code[pc + 1])
            index = frame.box_i(code[pc + 2])
            address = frame.ref(code[pc + 1])
            offset = ad.base_offset + frame.int_(code[pc + 2]) * ad.item_size
            fold = ad.is_immutable and array.is_constant() and index.is_constant()
            target = code[pc + 4]
            frame.pc = pc + 5
            if opcode == jc.GETARRAYITEM_GC_F:
                value_f = raw_load_double(address, offset)
                frame.set_f(target, ConstFloat(value_f) if fold else
                            self.record(rop.GETARRAYITEM_GC_F, [array, index], ad), value_f)
                return
            value = executor.load_int(address, offset, ad.item_size, ad.is_signed)
            kind = rop.REF if opcode == jc.GETARRAYITEM_GC_R else rop.INT
            opnum = rop.GETARRAYITEM_GC_R if kind == rop.REF else rop.GETARRAYITEM_GC_I
            frame.set_word(kind, target, const_of(kind, value) if fold else
                           self.record(opnum, [array, index], ad), value)
            return
        if jc.SETARRAYITEM_GC_I <= opcode <= jc.SETARRAYITEM_GC_F:
            ad = descrs[code[pc + 4]]
            assert isinstance(ad, ArrayDescr)
            array = frame.box_r(code[pc + 1])
            index = frame.box_i(code[pc + 2])
            address = frame.ref(code[pc + 1])
            offset = ad.base_offset + frame.int_(code[pc + 2]) * ad.item_size
            n = code[pc + 3]
            value_box: AbstractValue
            if opcode == jc.SETARRAYITEM_GC_F:
                raw_store_double(address, offset, frame.float_(n))
                value_box = frame.box_f(n)
            elif opcode == jc.SETARRAYITEM_GC_R:
                executor.store_int(address, offset, ad.item_size, frame.ref(n))
                value_box = frame.box_r(n)
            else:
                executor.store_int(address, offset, ad.item_size, frame.int_(n))
                value_box = frame.box_i(n)
            self.record(rop.SETARRAYITEM_GC, [array, index, value_box], ad)
            frame.pc = pc + 5
            return
        if opcode == jc.ARRAYLEN_GC:
            ad = descrs[code[pc + 2]]
            assert isinstance(ad, ArrayDescr)
            array = frame.box_r(code[pc + 1])
            length = raw_load_word(frame.ref(code[pc + 1]), ad.length_offset)
            fold = ad.is_immutable and array.is_constant()
            frame.set_i(code[pc + 3], ConstInt(length) if fold else
                        self.record(rop.ARRAYLEN_GC, [array], ad), length)
            frame.pc = pc + 4
            return
        if opcode == jc.NEW or opcode == jc.NEW_WITH_VTABLE:
            sdescr = descrs[code[pc + 1]]
            assert isinstance(sdescr, SizeDescr)
            address = SIG_MALLOC.call(malloc_function_address(), sdescr.size)
            opnum = rop.NEW
            if opcode == jc.NEW_WITH_VTABLE:
                raw_store_word(address, 0, sdescr.vtable)
                opnum = rop.NEW_WITH_VTABLE
            frame.set_r(code[pc + 2], self.record(opnum, [], sdescr), address)
            frame.pc = pc + 3
            return
        self.raw_op(frame, opcode, pc)

    def raw_op(self, frame: MIFrame, opcode: int, pc: int) -> None:
        code = frame.jitcode.code
        base = frame.box_i(code[pc + 1])
        offset_box = frame.box_i(code[pc + 2])
        address = frame.int_(code[pc + 1])
        offset = frame.int_(code[pc + 2])
        n = code[pc + 3]
        frame.pc = pc + 4
        if opcode == jc.RAW_LOAD_WORD:
            frame.set_i(n, self.record(rop.RAW_LOAD_I, [base, offset_box], None),
                        raw_load_word(address, offset))
        elif opcode == jc.RAW_LOAD_BYTE:
            frame.set_i(n, self.record(rop.RAW_LOAD_I, [base, offset_box], BYTE_DESCR),
                        raw_load_byte(address, offset))
        elif opcode == jc.RAW_LOAD_DOUBLE:
            frame.set_f(n, self.record(rop.RAW_LOAD_F, [base, offset_box], None),
                        raw_load_double(address, offset))
        elif opcode == jc.RAW_STORE_WORD:
            raw_store_word(address, offset, frame.int_(n))
            self.record(rop.RAW_STORE, [base, offset_box, frame.box_i(n)], None)
        elif opcode == jc.RAW_STORE_BYTE:
            raw_store_byte(address, offset, frame.int_(n))
            self.record(rop.RAW_STORE, [base, offset_box, frame.box_i(n)], BYTE_DESCR)
        elif opcode == jc.RAW_STORE_DOUBLE:
            raw_store_double(address, offset, frame.float_(n))
            self.record(rop.RAW_STORE, [base, offset_box, frame.box_f(n)], None)
        else:
            raise ValueError("the tracer does not know opcode " + jc.OPNAMES[opcode])

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


def eval_word(resop: int, words: list[int], doubles: list[float]) -> int:
    """The concrete value of a pure operation with an int result (the executor's)."""
    if executor.is_int_binary(resop):
        return executor.eval_int_binary(resop, words[0], words[1])
    if executor.is_int_unary(resop):
        return executor.eval_int_unary(resop, words[0])
    if executor.is_float_compare(resop):
        return executor.eval_float_compare(resop, doubles[0], doubles[1])
    if resop == rop.CAST_FLOAT_TO_INT:
        return executor.cast_float_to_int(doubles[0])
    raise ValueError("no int result: " + rop.OPNAMES[resop])


def eval_float(resop: int, words: list[int], doubles: list[float]) -> float:
    if resop == rop.CAST_INT_TO_FLOAT:
        return float(words[0])
    if len(doubles) == 2:
        return executor.eval_float_binary(resop, doubles[0], doubles[1])
    return executor.eval_float_unary(resop, doubles[0])
