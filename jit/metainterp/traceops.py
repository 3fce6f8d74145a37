"""The tracer's operation handlers: running one jitcode instruction on real values and
recording what it does.  Subset code; `pyjitpl.MetaInterp` extends `TraceRecorder` with
starting, merge points and compiling.

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

Exceptions abort the trace (RPython records guard_exception and traces the handler;
there is no such guard here yet): a residual call that left one pending
(`rawmem.fetch_exception`, kept in `exception`), or a `raise`, raises TraceAborted and
the frames go to the blackhole (pyjitpl.py).
"""

from __future__ import annotations

from jit.codewriter import jitcode as jc
from jit.metainterp import executor
from jit.metainterp import resoperation as rop
from jit.metainterp.counters import NO_CELL
from jit.metainterp.miframe import MergePoint, MIFrame, const_of
from jit.metainterp.jitdriver import ABORT_EXCEPTION, JitDriverStaticData
from jit.metainterp.resoperation import (AbstractDescr, AbstractValue, ArrayDescr,
                                         CallDescr, ConstFloat, ConstInt, ConstPtr,
                                         FieldDescr, InputArg, ResOperation, SizeDescr)
from jit.metainterp.resume import NO_GUARD, Liveness, ResumeDescr, ResumeWriter
from toolchain.rlib.rawmem import (WORD, FuncSig, fetch_exception, malloc_function_address,
                                   raw_load_byte, raw_load_double, raw_load_word,
                                   raw_store_byte, raw_store_double,
                                   raw_store_word)

RUNNING = 0
SIG_MALLOC = FuncSig([WORD], WORD)
# Raw byte accesses are raw_load_i/raw_store with a one-byte unsigned item descr.
BYTE_DESCR = ArrayDescr(0, 1, 0, False, rop.INT)


class TraceAborted(Exception):
    def __init__(self, reason: int) -> None:
        self.reason = reason


class TraceRecorder:
    """The state of one tracing and the handlers of every jitcode instruction; the
    portal's merge points and its return are the subclass's (`merge_point`,
    `portal_returned`)."""

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
        self.steps = 0                  # jitcode instructions executed (jit-summary's ops)

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

    # -- running one instruction ---------------------------------------------------------

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
        """Any op of the `RESOP_OF` table with one or two operands of one kind and one
        result: folded when every operand is a constant."""
        code = frame.jitcode.code
        resop = jc.RESOP_OF[opcode]
        nargs = PURE_NARGS[opcode]
        kind = PURE_ARG_KIND[opcode]
        a = self.operand_box(frame, kind, code[pc + 1])
        b = a
        if nargs == 2:
            b = self.operand_box(frame, kind, code[pc + 2])
        word_a = 0
        word_b = 0
        double_a = 0.0
        double_b = 0.0
        if kind == rop.FLOAT:
            double_a = frame.float_(code[pc + 1])
            if nargs == 2:
                double_b = frame.float_(code[pc + 2])
        elif kind == rop.REF:
            word_a = frame.ref(code[pc + 1])
            if nargs == 2:
                word_b = frame.ref(code[pc + 2])
        else:
            word_a = frame.int_(code[pc + 1])
            if nargs == 2:
                word_b = frame.int_(code[pc + 2])
        constant = a.is_constant() and b.is_constant()
        target = code[pc + 1 + nargs]
        frame.pc = pc + 2 + nargs
        if PURE_RESULT_FLOAT[opcode]:
            value_f = eval_float(resop, nargs, word_a, double_a, double_b)
            frame.set_f(target, ConstFloat(value_f) if constant
                        else self.record(resop, operands(nargs, a, b), None), value_f)
        else:
            value = eval_word(resop, word_a, word_b, double_a, double_b)
            frame.set_i(target, ConstInt(value) if constant
                        else self.record(resop, operands(nargs, a, b), None), value)

    def operand_box(self, frame: MIFrame, kind: int, n: int) -> AbstractValue:
        if kind == rop.FLOAT:
            return frame.box_f(n)
        if kind == rop.REF:
            return frame.box_r(n)
        return frame.box_i(n)

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
            # The portal returned: the value is the program's now.
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
            return self.portal_returned(kind, box)
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

    # -- what the subclass decides -----------------------------------------------------

    def merge_point(self, frame: MIFrame, pc: int) -> int:
        """The portal frame at its jit_merge_point: a STATUS, or RUNNING to go on."""
        raise NotImplementedError

    def portal_returned(self, kind: int, box: AbstractValue) -> int:
        """The portal frame returned `box` (of `kind`; VOID: nothing): a STATUS."""
        raise NotImplementedError


def operands(nargs: int, a: AbstractValue, b: AbstractValue) -> list[AbstractValue]:
    if nargs == 2:
        return [a, b]
    return [a]


def eval_word(resop: int, word_a: int, word_b: int, double_a: float, double_b: float) -> int:
    """The concrete value of a pure operation with an int result (the executor's)."""
    if executor.is_int_binary(resop):
        return executor.eval_int_binary(resop, word_a, word_b)
    if executor.is_int_unary(resop):
        return executor.eval_int_unary(resop, word_a)
    if executor.is_float_compare(resop):
        return executor.eval_float_compare(resop, double_a, double_b)
    if resop == rop.CAST_FLOAT_TO_INT:
        return executor.cast_float_to_int(double_a)
    raise ValueError("no int result: " + rop.OPNAMES[resop])


def eval_float(resop: int, nargs: int, word_a: int, double_a: float,
               double_b: float) -> float:
    if resop == rop.CAST_INT_TO_FLOAT:
        return float(word_a)
    if nargs == 2:
        return executor.eval_float_binary(resop, double_a, double_b)
    return executor.eval_float_unary(resop, double_a)


def pure_shapes() -> tuple[list[int], list[int], list[bool]]:
    """Per opcode of the pure range, from its argcodes ("ii>i", "f>f", ...): how many
    operands, their kind, whether the result is a float.  Tables, because indexing a
    string translated makes a one-character string each time."""
    nargs: list[int] = []
    kinds: list[int] = []
    floats: list[bool] = []
    for opcode in range(jc.CAST_PTR_TO_INT + 1):
        argcodes = jc.ARGCODES[opcode]
        operands_part, result = argcodes.split(">")
        nargs.append(len(operands_part))
        kinds.append(rop.FLOAT if operands_part[:1] == "f" else
                     rop.REF if operands_part[:1] == "r" else rop.INT)
        floats.append(result == "f")
    return nargs, kinds, floats


PURE_NARGS, PURE_ARG_KIND, PURE_RESULT_FLOAT = pure_shapes()
