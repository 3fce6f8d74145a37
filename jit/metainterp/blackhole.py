"""The blackhole interpreter: runs jitcodes on concrete values, without recording.

After a guard fails, resume code rebuilds the interpreter's frames as `BlackholeFrame`s
(the jitcode, the pc, the registers) and `BlackholeInterpreter.run` finishes them: from
the innermost frame, returning into its callers, until the portal frame (frames[0])
reaches its `jit_merge_point` (status 1: the greens and reds are in `sd.out_*`), returns
(status 2: its value is in `sd.result_*`) or raises (status 3: the exception's address is
in `sd.exception`).  Written in the subset.

Exceptions: after a residual call, `rawmem.fetch_exception()` takes the exception the
callee left pending, if any; the frame's `catch_exception` right after the call jumps to
its handler, or else the frame is left and its caller's call raises in turn.

Frame conventions: the innermost frame's pc is the next instruction to run; every other
frame's pc is at its `inline_call_<k>` instruction, which the callee's return completes
(the value goes to that instruction's result register).  Ref registers live in a
`raw_malloc` block, which the GC scans (a `list[int]` would be allocated atomic, so the
GC would not see the objects); `run` consumes the frames and frees those blocks.

Every pure operation means what the executor says (`jit/metainterp/executor.py`), so the
blackhole, the tracer's constant folding and the optimizer agree.
"""

from __future__ import annotations

from jit.codewriter import jitcode as jc
from jit.codewriter.callshapes import CallShapes
from jit.codewriter.jitcode import JitCode, JitCodeSet
from jit.metainterp import resoperation as rop
from jit.metainterp.executor import (
    cast_float_to_int, eval_float_binary, eval_float_compare, eval_float_unary,
    eval_int_binary, eval_int_unary, int_overflows, load_int, ovf_base, store_int, word_bits,
)
from jit.metainterp.resoperation import ArrayDescr, CallDescr, FieldDescr, SizeDescr
from toolchain.rlib.rarithmetic import intmask
from toolchain.rlib.rawmem import (
    WORD, FuncSig, fetch_exception, malloc_function_address, raw_free, raw_load_byte,
    raw_load_double, raw_load_word, raw_malloc, raw_store_byte, raw_store_double,
    raw_store_word,
)

# The GC's allocator (Boehm translated): objects the blackhole creates are real objects.
SIG_MALLOC = FuncSig([WORD], WORD)

RUNNING = 0
MERGE_POINT = 1
RETURNED = 2
RAISED = 3


class BlackholeError(Exception):
    """The jitcode asked for something it cannot mean (a bad descr, an unknown opcode)."""

    def __init__(self, message: str) -> None:
        self.message = message


class BlackholeFrame:
    """One jitcode's activation: its registers and pc."""

    def __init__(self, jitcode: JitCode) -> None:
        self.jitcode = jitcode
        self.pc = 0
        self.word_bytes = word_bits() // 8
        self.regs_i = [0] * jitcode.num_regs_i
        self.regs_f = [0.0] * jitcode.num_regs_f
        self.regs_r = raw_malloc(jitcode.num_regs_r * self.word_bytes)

    def free(self) -> None:
        if self.regs_r != 0:
            raw_free(self.regs_r)
            self.regs_r = 0

    # An operand n below num_regs_<k> is a register, otherwise a constant.
    def get_i(self, n: int) -> int:
        if n < self.jitcode.num_regs_i:
            return self.regs_i[n]
        return self.jitcode.consts_i[n - self.jitcode.num_regs_i]

    def get_r(self, n: int) -> int:
        if n < self.jitcode.num_regs_r:
            return raw_load_word(self.regs_r, n * self.word_bytes)
        return self.jitcode.consts_r[n - self.jitcode.num_regs_r]

    def get_f(self, n: int) -> float:
        if n < self.jitcode.num_regs_f:
            return self.regs_f[n]
        return self.jitcode.consts_f[n - self.jitcode.num_regs_f]

    def set_i(self, n: int, value: int) -> None:
        self.regs_i[n] = value

    def set_r(self, n: int, value: int) -> None:
        raw_store_word(self.regs_r, n * self.word_bytes, value)

    def set_f(self, n: int, value: float) -> None:
        self.regs_f[n] = value


class BlackholeInterpreter:
    """Runs frames of the jitcodes in `jitcodes`; residual calls go through `callshapes`."""

    def __init__(self, jitcodes: JitCodeSet, callshapes: CallShapes) -> None:
        self.jitcodes = jitcodes
        self.callshapes = callshapes
        # The value of the last return, until the caller's call instruction takes it.
        self.ret_i = 0
        self.ret_f = 0.0
        self.ret_kind = rop.VOID
        # The exception in flight, or being handled (an address; 0: none).
        self.exception = 0

    def run(self, frames: list[BlackholeFrame], sd: BlackholeOutput) -> int:
        """Runs until the portal frame frames[0] reaches its merge point (returns 1) or
        returns (2); see the module docstring.  Consumes `frames`."""
        while True:
            frame = frames[-1]
            status = self._run_frame(frame, len(frames) == 1, frames)
            if status == MERGE_POINT:
                self._write_merge_point(frame, sd)
                for f in frames:
                    f.free()
                return MERGE_POINT
            if status == RAISED:
                if not self._unwind(frames):
                    sd.exception = self.exception
                    self.exception = 0
                    return RAISED
            elif status == RETURNED:
                frames.pop()
                frame.free()
                if len(frames) == 0:
                    if self.ret_kind == rop.FLOAT:
                        sd.result_f = self.ret_f
                    elif self.ret_kind == rop.REF:
                        sd.result_r = self.ret_i
                    else:
                        sd.result_i = self.ret_i
                    return RETURNED
                self._finish_call(frames[-1])
            # otherwise a call pushed a frame: run it

    def _unwind(self, frames: list[BlackholeFrame]) -> bool:
        """The innermost frame raised: leaves frames until a caller catches at its call
        (True, that frame is at its handler) or none is left (False)."""
        while True:
            frames.pop().free()
            if len(frames) == 0:
                return False
            caller = frames[-1]
            caller.pc = jc.next_pc(caller.jitcode.code, caller.pc)
            if self._catch(caller):
                return True

    def _catch(self, frame: BlackholeFrame) -> bool:
        """An exception was raised just before frame.pc: jumps to its handler, if any."""
        code = frame.jitcode.code
        if frame.pc < len(code) and code[frame.pc] == jc.CATCH_EXCEPTION:
            frame.pc = code[frame.pc + 1]
            return True
        return False

    def _finish_call(self, caller: BlackholeFrame) -> None:
        """The caller's inline_call_<k> completes with the value just returned."""
        code = caller.jitcode.code
        opcode = code[caller.pc]
        after = jc.next_pc(code, caller.pc)
        if opcode == jc.INLINE_CALL_I:
            caller.set_i(code[after - 1], self.ret_i)
        elif opcode == jc.INLINE_CALL_R:
            caller.set_r(code[after - 1], self.ret_i)
        elif opcode == jc.INLINE_CALL_F:
            caller.set_f(code[after - 1], self.ret_f)
        elif opcode != jc.INLINE_CALL_V:
            raise BlackholeError("a caller frame is not at a call: " + jc.OPNAMES[opcode])
        caller.pc = after

    def _write_merge_point(self, frame: BlackholeFrame, sd: BlackholeOutput) -> None:
        """Greens then reds of each kind, in merge-point order (the I R F I R F lists)."""
        code = frame.jitcode.code
        pc = frame.pc + 1
        out_i: list[int] = []
        out_r: list[int] = []
        out_f: list[float] = []
        for _ in range(2):
            for k in range(code[pc]):
                out_i.append(frame.get_i(code[pc + 1 + k]))
            pc += 1 + code[pc]
            for k in range(code[pc]):
                out_r.append(frame.get_r(code[pc + 1 + k]))
            pc += 1 + code[pc]
            for k in range(code[pc]):
                out_f.append(frame.get_f(code[pc + 1 + k]))
            pc += 1 + code[pc]
        sd.out_i = out_i
        sd.out_r = out_r
        sd.out_f = out_f
        sd.keep_refs()          # before the frames, which hold them too, are freed

    def _call_inline(self, frame: BlackholeFrame, frames: list[BlackholeFrame]) -> None:
        """Pushes the callee's frame with its arguments in registers 0.. of each kind."""
        code = frame.jitcode.code
        pc = frame.pc
        callee = BlackholeFrame(self.jitcodes.jitcodes[code[pc + 1]])
        pc += 2
        for k in range(code[pc]):
            callee.set_i(k, frame.get_i(code[pc + 1 + k]))
        pc += 1 + code[pc]
        for k in range(code[pc]):
            callee.set_r(k, frame.get_r(code[pc + 1 + k]))
        pc += 1 + code[pc]
        for k in range(code[pc]):
            callee.set_f(k, frame.get_f(code[pc + 1 + k]))
        frames.append(callee)

    def _call_residual(self, frame: BlackholeFrame, opcode: int) -> int:
        """Calls the function; stores its result; returns the next pc.  It cannot raise
        (asserts are fatal): the callee's exception must still be pending when the
        caller fetches it."""
        code = frame.jitcode.code
        pc = frame.pc
        address = intmask(frame.get_i(code[pc + 1]))
        d = code[pc + 2]
        descr = self.jitcodes.descrs[d]
        assert isinstance(descr, CallDescr), "a residual call without a CallDescr"
        shape = self.jitcodes.call_shapes[d]
        pos_i = pc + 3
        pos_r = pos_i + 1 + code[pos_i]
        pos_f = pos_r + 1 + code[pos_r]
        after = pos_f + 1 + code[pos_f]
        # Words in call order: ints and refs interleaved as the descr's arg_kinds say.
        ints: list[int] = []
        floats: list[float] = []
        next_i = 0
        next_r = 0
        for kind in descr.arg_kinds:
            if kind == rop.INT:
                ints.append(frame.get_i(code[pos_i + 1 + next_i]))
                next_i += 1
            elif kind == rop.REF:
                ints.append(frame.get_r(code[pos_r + 1 + next_r]))
                next_r += 1
        for k in range(code[pos_f]):
            floats.append(frame.get_f(code[pos_f + 1 + k]))
        if opcode == jc.RESIDUAL_CALL_I:
            frame.set_i(code[after], self.callshapes.do_call_i(shape, address, ints, floats))
            return after + 1
        if opcode == jc.RESIDUAL_CALL_R:
            frame.set_r(code[after], self.callshapes.do_call_i(shape, address, ints, floats))
            return after + 1
        if opcode == jc.RESIDUAL_CALL_F:
            frame.set_f(code[after], self.callshapes.do_call_f(shape, address, ints, floats))
            return after + 1
        self.callshapes.do_call_v(shape, address, ints, floats)
        return after

    def _field(self, d: int) -> FieldDescr:
        descr = self.jitcodes.descrs[d]
        if not isinstance(descr, FieldDescr):
            raise BlackholeError("a field access without a FieldDescr")
        return descr

    def _array(self, d: int) -> ArrayDescr:
        descr = self.jitcodes.descrs[d]
        if not isinstance(descr, ArrayDescr):
            raise BlackholeError("an array access without an ArrayDescr")
        return descr

    def _memory(self, frame: BlackholeFrame, opcode: int) -> int:
        """Field, array, allocation and raw memory instructions; returns the next pc."""
        code = frame.jitcode.code
        pc = frame.pc
        if opcode == jc.GETFIELD_GC_I or opcode == jc.GETFIELD_GC_R:
            fd = self._field(code[pc + 2])
            value = load_int(frame.get_r(code[pc + 1]), fd.offset, fd.size, fd.is_signed)
            if opcode == jc.GETFIELD_GC_I:
                frame.set_i(code[pc + 3], value)
            else:
                frame.set_r(code[pc + 3], value)
            return pc + 4
        if opcode == jc.GETFIELD_GC_F:
            fd = self._field(code[pc + 2])
            frame.set_f(code[pc + 3], raw_load_double(frame.get_r(code[pc + 1]), fd.offset))
            return pc + 4
        if opcode == jc.SETFIELD_GC_I or opcode == jc.SETFIELD_GC_R:
            fd = self._field(code[pc + 3])
            if opcode == jc.SETFIELD_GC_I:
                value = frame.get_i(code[pc + 2])
            else:
                value = frame.get_r(code[pc + 2])
            store_int(frame.get_r(code[pc + 1]), fd.offset, fd.size, value)
            return pc + 4
        if opcode == jc.SETFIELD_GC_F:
            fd = self._field(code[pc + 3])
            raw_store_double(frame.get_r(code[pc + 1]), fd.offset, frame.get_f(code[pc + 2]))
            return pc + 4
        if jc.GETARRAYITEM_GC_I <= opcode <= jc.GETARRAYITEM_GC_F:
            ad = self._array(code[pc + 3])
            offset = ad.base_offset + frame.get_i(code[pc + 2]) * ad.item_size
            array = frame.get_r(code[pc + 1])
            if opcode == jc.GETARRAYITEM_GC_F:
                frame.set_f(code[pc + 4], raw_load_double(array, offset))
            elif opcode == jc.GETARRAYITEM_GC_I:
                frame.set_i(code[pc + 4], load_int(array, offset, ad.item_size, ad.is_signed))
            else:
                frame.set_r(code[pc + 4], load_int(array, offset, ad.item_size, ad.is_signed))
            return pc + 5
        if jc.SETARRAYITEM_GC_I <= opcode <= jc.SETARRAYITEM_GC_F:
            ad = self._array(code[pc + 4])
            offset = ad.base_offset + frame.get_i(code[pc + 2]) * ad.item_size
            array = frame.get_r(code[pc + 1])
            if opcode == jc.SETARRAYITEM_GC_F:
                raw_store_double(array, offset, frame.get_f(code[pc + 3]))
            elif opcode == jc.SETARRAYITEM_GC_I:
                store_int(array, offset, ad.item_size, frame.get_i(code[pc + 3]))
            else:
                store_int(array, offset, ad.item_size, frame.get_r(code[pc + 3]))
            return pc + 5
        if opcode == jc.ARRAYLEN_GC:
            ad = self._array(code[pc + 2])
            frame.set_i(code[pc + 3], raw_load_word(frame.get_r(code[pc + 1]),
                                                    ad.length_offset))
            return pc + 4
        if opcode == jc.NEW or opcode == jc.NEW_WITH_VTABLE:
            descr = self.jitcodes.descrs[code[pc + 1]]
            if not isinstance(descr, SizeDescr):
                raise BlackholeError("an allocation without a SizeDescr")
            address = SIG_MALLOC.call(malloc_function_address(), descr.size)
            if opcode == jc.NEW_WITH_VTABLE:
                raw_store_word(address, 0, descr.vtable)   # the typeptr header
            frame.set_r(code[pc + 2], address)
            return pc + 3
        address = frame.get_i(code[pc + 1])
        offset = frame.get_i(code[pc + 2])
        if opcode == jc.RAW_LOAD_WORD:
            frame.set_i(code[pc + 3], raw_load_word(address, offset))
        elif opcode == jc.RAW_LOAD_BYTE:
            frame.set_i(code[pc + 3], raw_load_byte(address, offset))
        elif opcode == jc.RAW_LOAD_DOUBLE:
            frame.set_f(code[pc + 3], raw_load_double(address, offset))
        elif opcode == jc.RAW_STORE_WORD:
            raw_store_word(address, offset, frame.get_i(code[pc + 3]))
        elif opcode == jc.RAW_STORE_BYTE:
            raw_store_byte(address, offset, frame.get_i(code[pc + 3]))
        elif opcode == jc.RAW_STORE_DOUBLE:
            raw_store_double(address, offset, frame.get_f(code[pc + 3]))
        else:
            raise BlackholeError("unknown opcode " + str(opcode))
        return pc + 4

    def _run_frame(self, frame: BlackholeFrame, is_portal: bool,
                   frames: list[BlackholeFrame]) -> int:
        """Runs `frame` until it returns (RETURNED, value in ret_*), calls a jitcode
        (RUNNING, callee pushed), raises without catching (RAISED, the exception in
        `exception`) or, as the portal, reaches its merge point."""
        code = frame.jitcode.code
        while True:
            pc = frame.pc
            opcode = code[pc]
            if opcode <= jc.UINT_GE:
                frame.set_i(code[pc + 3], eval_int_binary(
                    jc.RESOP_OF[opcode], frame.get_i(code[pc + 1]), frame.get_i(code[pc + 2])))
                frame.pc = pc + 4
            elif opcode <= jc.INT_IS_ZERO:
                frame.set_i(code[pc + 2], eval_int_unary(jc.RESOP_OF[opcode],
                                                         frame.get_i(code[pc + 1])))
                frame.pc = pc + 3
            elif opcode <= jc.PTR_NE:
                frame.set_i(code[pc + 3], eval_int_binary(
                    jc.RESOP_OF[opcode], frame.get_r(code[pc + 1]), frame.get_r(code[pc + 2])))
                frame.pc = pc + 4
            elif opcode <= jc.FLOAT_TRUEDIV:
                frame.set_f(code[pc + 3], eval_float_binary(
                    jc.RESOP_OF[opcode], frame.get_f(code[pc + 1]), frame.get_f(code[pc + 2])))
                frame.pc = pc + 4
            elif opcode <= jc.FLOAT_ABS:
                frame.set_f(code[pc + 2], eval_float_unary(jc.RESOP_OF[opcode],
                                                           frame.get_f(code[pc + 1])))
                frame.pc = pc + 3
            elif opcode <= jc.FLOAT_GE:
                frame.set_i(code[pc + 3], eval_float_compare(
                    jc.RESOP_OF[opcode], frame.get_f(code[pc + 1]), frame.get_f(code[pc + 2])))
                frame.pc = pc + 4
            elif opcode == jc.CAST_INT_TO_FLOAT:
                frame.set_f(code[pc + 2], float(frame.get_i(code[pc + 1])))
                frame.pc = pc + 3
            elif opcode == jc.CAST_FLOAT_TO_INT:
                frame.set_i(code[pc + 2], cast_float_to_int(frame.get_f(code[pc + 1])))
                frame.pc = pc + 3
            elif opcode == jc.CAST_PTR_TO_INT or opcode == jc.GUARD_CLASS:
                value = frame.get_r(code[pc + 1])
                if opcode == jc.GUARD_CLASS:
                    value = raw_load_word(value, 0)           # the typeptr header
                frame.set_i(code[pc + 2], value)
                frame.pc = pc + 3
            elif opcode == jc.INT_COPY or opcode == jc.PROMOTE_I:
                frame.set_i(code[pc + 2], frame.get_i(code[pc + 1]))
                frame.pc = pc + 3
            elif opcode == jc.REF_COPY or opcode == jc.PROMOTE_R:
                frame.set_r(code[pc + 2], frame.get_r(code[pc + 1]))
                frame.pc = pc + 3
            elif opcode == jc.FLOAT_COPY or opcode == jc.PROMOTE_F:
                frame.set_f(code[pc + 2], frame.get_f(code[pc + 1]))
                frame.pc = pc + 3
            elif opcode == jc.GOTO:
                frame.pc = code[pc + 1]
            elif opcode == jc.GOTO_IF_NOT:
                if frame.get_i(code[pc + 1]) == 0:
                    frame.pc = code[pc + 2]
                else:
                    frame.pc = pc + 3
            elif jc.INT_ADD_JUMP_IF_OVF <= opcode <= jc.INT_MUL_JUMP_IF_OVF:
                resop = jc.RESOP_OF[opcode]
                a = frame.get_i(code[pc + 2])
                b = frame.get_i(code[pc + 3])
                frame.set_i(code[pc + 4], eval_int_binary(ovf_base(resop), a, b))
                if int_overflows(resop, a, b):
                    frame.pc = code[pc + 1]
                else:
                    frame.pc = pc + 5
            elif opcode == jc.INT_RETURN or opcode == jc.REF_RETURN:
                if opcode == jc.INT_RETURN:
                    self.ret_i = frame.get_i(code[pc + 1])
                    self.ret_kind = rop.INT
                else:
                    self.ret_i = frame.get_r(code[pc + 1])
                    self.ret_kind = rop.REF
                return RETURNED
            elif opcode == jc.FLOAT_RETURN:
                self.ret_f = frame.get_f(code[pc + 1])
                self.ret_kind = rop.FLOAT
                return RETURNED
            elif opcode == jc.VOID_RETURN:
                self.ret_kind = rop.VOID
                return RETURNED
            elif jc.INLINE_CALL_I <= opcode <= jc.INLINE_CALL_V:
                self._call_inline(frame, frames)
                return RUNNING
            elif jc.RESIDUAL_CALL_I <= opcode <= jc.RESIDUAL_CALL_V:
                frame.pc = self._call_residual(frame, opcode)
                exception = fetch_exception()
                if exception != 0:
                    self.exception = exception
                    if not self._catch(frame):
                        return RAISED
            elif opcode == jc.JIT_MERGE_POINT:
                if is_portal:
                    return MERGE_POINT
                frame.pc = jc.next_pc(code, pc)
            elif opcode == jc.LOOP_HEADER or opcode == jc.CATCH_EXCEPTION:
                frame.pc = pc + 2           # (catch_exception: nothing was raised)
            elif opcode == jc.LAST_EXC_VALUE:
                frame.set_r(code[pc + 1], self.exception)
                self.exception = 0
                frame.pc = pc + 2
            elif opcode == jc.RAISE:
                self.exception = frame.get_r(code[pc + 1])
                return RAISED
            else:
                frame.pc = self._memory(frame, opcode)


class BlackholeOutput:
    """The part of the driver's static data (jit/metainterp/jitdriver.py's
    JitDriverStaticData) the blackhole writes; run_jitcode uses this one.

    `out_r` is a list of ints, which the GC does not scan, and after a merge point the
    objects may be referenced from nowhere else: `keep_refs` copies them into a raw
    block (scanned), where they stay until the next merge point."""

    def __init__(self) -> None:
        self.kept_r = 0
        self.kept_size = 0
        self.out_i: list[int] = []
        self.out_r: list[int] = []
        self.out_f: list[float] = []
        self.result_i = 0
        self.result_r = 0
        self.result_f = 0.0
        self.exception = 0
        self.status = RUNNING

    def keep_refs(self) -> None:
        word_bytes = word_bits() // 8
        if self.kept_size < len(self.out_r):
            if self.kept_r != 0:
                raw_free(self.kept_r)
            self.kept_size = len(self.out_r)
            self.kept_r = raw_malloc(self.kept_size * word_bytes)
        for k in range(len(self.out_r)):
            raw_store_word(self.kept_r, k * word_bytes, self.out_r[k])


def run_jitcode(interp: BlackholeInterpreter, jitcode: JitCode, args_i: list[int],
                args_r: list[int], args_f: list[float]) -> BlackholeOutput:
    """Runs `jitcode` from its start with the arguments in registers 0.. of each kind, as
    a portal (it stops at a merge point); `status` says which way it ended."""
    frame = BlackholeFrame(jitcode)
    for k in range(len(args_i)):
        frame.set_i(k, args_i[k])
    for k in range(len(args_r)):
        frame.set_r(k, args_r[k])
    for k in range(len(args_f)):
        frame.set_f(k, args_f[k])
    out = BlackholeOutput()
    out.status = interp.run([frame], out)
    return out
