"""x86-64 backend: turns a trace into machine code (operations, guards and their exit
paths, LABEL/JUMP loops, the frame), on top of the shared register allocator.

Written in Kiln's subset. x86 is a two-operand machine, so results are mostly computed
in place in the first argument's register (`RegAlloc.result_in_arg_reg`).

Guard exits: a guard is one conditional jump on the main path to an exit path emitted
after the trace. The exit path writes the guard's fail_args to jitframe slots 0..k-1 (one
parallel move from wherever the values were at the guard), puts the exit's number in
rax and jumps through r11 to an absolute address, the trace's epilogue. Attaching a
bridge rewrites that one 8-byte address, so the guard itself never changes and a bridge
starts exactly like a loop does, from the slots. Every trace shares the loop's machine
stack frame (the six callee-saved registers and 8 bytes of alignment), so a bridge has no
prologue and returns through the same epilogue shape.
"""

from __future__ import annotations

from jit.backend import model
from jit.backend.codebuf import (EQ, GE, GT, HI, HS, LE, LO, LT, NE, VC, VS, Label,
                                 Register, invert_cond)
from jit.backend.model import AbstractCPU, BackendError, ExitInfo, LoopToken
from jit.backend.regalloc import (Emitter, Loc, RegAlloc, RegisterClass, exit_slots,
                                  frame_loc, parallel_move, reg_loc)
from jit.backend.x86_64 import registers as r
from jit.backend.x86_64.callbuilder import CallBuilder
from jit.backend.x86_64.codebuilder import CodeBuilder
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (FLOAT, INT, AbstractDescr, AbstractValue,
                                         ArrayDescr, ConstInt, FieldDescr, InputArg,
                                         ResOperation, SizeDescr, TargetToken)
from toolchain.rlib.rawmem import (raw_load_word, raw_malloc, raw_store_double,
                                   raw_store_word)

SCRATCH = r.SCRATCH_GPR
FSCRATCH = r.SCRATCH_FPR
FRAME = r.FRAME_REG
SAVED = [r.RBX, r.RBP, r.R12, r.R13, r.R14, r.R15]
SIGN_BIT = -0x8000000000000000

# Comparison operations: the condition that makes them true after `cmp a, b`.
_INT_COND = {rop.INT_LT: LT, rop.INT_LE: LE, rop.INT_EQ: EQ, rop.INT_NE: NE,
             rop.INT_GT: GT, rop.INT_GE: GE, rop.UINT_LT: LO, rop.UINT_GE: HS,
             rop.PTR_EQ: EQ, rop.PTR_NE: NE, rop.INT_IS_TRUE: NE, rop.INT_IS_ZERO: EQ}


class TargetInfo:
    """A compiled LABEL: its address and where each of its arguments lives."""

    def __init__(self, address: int, locs: list[Loc]) -> None:
        self.address = address
        self.locs = locs


class Stub:
    """An exit path still to emit: its label and the fail_args' locations at the guard."""

    def __init__(self, label: Label, locs: list[Loc], number: int) -> None:
        self.label = label
        self.locs = locs
        self.number = number
        self.patch_position = -1


class LocalLabel:
    def __init__(self, token: AbstractDescr, label: Label, locs: list[Loc]) -> None:
        self.token = token
        self.label = label
        self.locs = locs


def _fits32(value: int) -> bool:
    return -0x80000000 <= value <= 0x7FFFFFFF


def _is_imm32(value: AbstractValue) -> bool:
    return isinstance(value, ConstInt) and _fits32(value.value)


def _imm(value: AbstractValue) -> int:
    assert isinstance(value, ConstInt)
    return value.value


class CPU_X86_64(AbstractCPU):
    """The x86-64 backend. `malloc_address` is a C function `void *f(long size)` that
    returns zeroed memory (untranslated: a ctypes callback around raw_malloc; translated:
    the GC's allocator)."""

    def __init__(self, malloc_address: int) -> None:
        AbstractCPU.__init__(self)
        self.malloc_address = malloc_address
        self.targets: dict[AbstractDescr, TargetInfo] = {}
        self.scratch = raw_malloc(8)     # converts double constants to their bits
        self.gprs = RegisterClass(r.ALLOCATABLE_GPRS, r.CALLER_SAVED_GPRS)
        self.fprs = RegisterClass(r.ALLOCATABLE_FPRS, r.CALLER_SAVED_FPRS)

    def float_bits(self, value: float) -> int:
        raw_store_double(self.scratch, 0, value)
        return raw_load_word(self.scratch, 0)

    def assemble_loop(self, inputargs: list[InputArg], operations: list[ResOperation],
                      looptoken: LoopToken) -> None:
        asm = TraceAssembler(self, looptoken)
        looptoken.entry = asm.assemble(inputargs, operations, True)

    def assemble_bridge(self, exit: ExitInfo, inputargs: list[InputArg],
                        operations: list[ResOperation], looptoken: LoopToken) -> None:
        asm = TraceAssembler(self, looptoken)
        self.redirect_exit(exit, asm.assemble(inputargs, operations, False))

    def patch_exit(self, exit: ExitInfo, target: int) -> None:
        raw_store_word(exit.patch_address, 0, target)


class TraceAssembler(Emitter):
    """Compiles one trace (a loop or a bridge) into one code block."""

    def __init__(self, cpu: CPU_X86_64, looptoken: LoopToken) -> None:
        self.cpu = cpu
        self.looptoken = looptoken
        self.mc = CodeBuilder()
        self.ra = RegAlloc(self, cpu.gprs, cpu.fprs)
        self.calls = CallBuilder(self.mc, self.ra, self)
        self.stubs: list[Stub] = []
        self.labels: list[LocalLabel] = []
        self.epilogue = self.mc.new_label()
        self.operations: list[ResOperation] = []
        self.fused: AbstractValue | None = None   # a comparison left in the flags
        self.fused_cond = -1

    # -- the trace -----------------------------------------------------------------------

    def assemble(self, inputargs: list[InputArg], operations: list[ResOperation],
                 is_loop: bool) -> int:
        """Emits, installs and returns the entry address."""
        mc = self.mc
        self.operations = operations
        if is_loop:
            for reg in SAVED:
                mc.push_r(reg)
            mc.sub_ri(r.RSP, 8)
            mc.mov_rr(FRAME, r.RDI)
        self.ra.prepare(inputargs, operations)
        self.ra.load_inputargs(inputargs)
        for i in range(len(operations)):
            self.ra.next_operation(i)
            self.emit_operation(i, operations[i])
        last = operations[len(operations) - 1] if len(operations) > 0 else None
        if last is None or (last.opnum != rop.JUMP and last.opnum != rop.FINISH):
            raise BackendError("a trace must end with JUMP or FINISH")
        mc.bind(self.epilogue)
        mc.add_ri(r.RSP, 8)
        for i in range(len(SAVED) - 1, -1, -1):
            mc.pop_r(SAVED[i])
        mc.ret()
        for stub in self.stubs:
            self.emit_stub(stub)
        block = self.cpu.code.allocate(mc.position())
        for stub in self.stubs:
            mc.patch_le(stub.patch_position, block.address + self.epilogue.position, 8)
        mc.copy_to_raw(block.address)
        self.cpu.install(block)
        for stub in self.stubs:
            exit = self.cpu.exits[stub.number]
            exit.patch_address = block.address + stub.patch_position
            exit.block = block
        for local in self.labels:
            self.cpu.targets[local.token] = TargetInfo(block.address + local.label.position,
                                                       local.locs)
        self.looptoken.blocks.append(block)
        self.cpu.note_frame_depth(self.ra.frame_depth)
        return block.address

    def emit_stub(self, stub: Stub) -> None:
        mc = self.mc
        mc.bind(stub.label)
        parallel_move(self, stub.locs, exit_slots(stub.locs), self.ra.move_slot())
        mc.mov_ri_u32(r.RAX, stub.number)
        stub.patch_position = mc.position() + 2      # after REX.W and the opcode
        mc.movabs_ri(SCRATCH, 0)
        mc.jmp_r(SCRATCH)

    # -- moves (the allocator's Emitter) -------------------------------------------------

    def frame_offset(self, slot: int) -> int:
        return slot * model.SLOT_SIZE

    def emit_move(self, src: Loc, dst: Loc) -> None:
        mc = self.mc
        if src.is_const():
            bits = src.value
            if src.kind == FLOAT:
                bits = self.cpu.float_bits(src.fvalue)
            if dst.is_reg() and dst.kind != FLOAT:
                mc.load_imm(dst.reg, bits)
                return
            mc.load_imm(SCRATCH, bits)
            if dst.is_reg():
                mc.movq_xr(dst.reg, SCRATCH)
            else:
                mc.store(SCRATCH, FRAME, self.frame_offset(dst.slot), None, 1)
        elif src.is_reg():
            if dst.is_reg():
                if src.kind == FLOAT:
                    mc.movsd_rr(dst.reg, src.reg)
                else:
                    mc.mov_rr(dst.reg, src.reg)
            elif src.kind == FLOAT:
                mc.store_f64(src.reg, FRAME, self.frame_offset(dst.slot), None, 1)
            else:
                mc.store(src.reg, FRAME, self.frame_offset(dst.slot), None, 1)
        elif dst.is_reg():
            if dst.kind == FLOAT:
                mc.load_f64(dst.reg, FRAME, self.frame_offset(src.slot), None, 1)
            else:
                mc.load(dst.reg, FRAME, self.frame_offset(src.slot), None, 1)
        else:
            mc.load(SCRATCH, FRAME, self.frame_offset(src.slot), None, 1)
            mc.store(SCRATCH, FRAME, self.frame_offset(dst.slot), None, 1)

    # -- dispatch ------------------------------------------------------------------------

    def emit_operation(self, i: int, op: ResOperation) -> None:
        opnum = op.opnum
        if op.is_guard():
            self.emit_guard(op)
        elif opnum == rop.LABEL:
            self.emit_label(op)
        elif opnum == rop.JUMP:
            self.emit_jump(op)
        elif opnum == rop.FINISH:
            self.emit_finish(op)
        elif opnum in _INT_COND:
            self.emit_int_compare(i, op)
        elif rop.FLOAT_LT <= opnum <= rop.FLOAT_GE:
            self.emit_float_compare(i, op)
        elif (rop.INT_ADD <= opnum <= rop.INT_XOR or rop.INT_ADD_OVF <= opnum <= rop.INT_MUL_OVF):
            self.emit_int_binop(op)
        elif rop.INT_LSHIFT <= opnum <= rop.UINT_RSHIFT:
            self.emit_shift(op)
        elif opnum == rop.INT_NEG or opnum == rop.INT_INVERT:
            reg = self.ra.result_in_arg_reg(op, op.args[0], [])
            if opnum == rop.INT_NEG:
                self.mc.neg_r(reg)
            else:
                self.mc.not_r(reg)
        elif opnum == rop.SAME_AS_I or opnum == rop.SAME_AS_R or opnum == rop.SAME_AS_F:
            self.ra.result_in_arg_reg(op, op.args[0], [])
        elif rop.FLOAT_ADD <= opnum <= rop.FLOAT_ABS:
            self.emit_float_arith(op)
        elif opnum == rop.CAST_INT_TO_FLOAT or opnum == rop.CAST_FLOAT_TO_INT:
            src = self.ra.reg_for(op.args[0], [])
            self.ra.free_dying(op.args)
            dst = self.ra.result_reg(op, [])
            if opnum == rop.CAST_INT_TO_FLOAT:
                self.mc.cvtsi2sd(dst, src)
            else:
                self.mc.cvttsd2si(dst, src)
        elif rop.CALL_I <= opnum <= rop.CALL_PURE_F:
            self.emit_call(op)
        elif opnum == rop.NEW or opnum == rop.NEW_WITH_VTABLE or opnum == rop.NEW_ARRAY:
            self.emit_new(op)
        else:
            self.emit_memory(op)

    # -- control -------------------------------------------------------------------------

    def emit_label(self, op: ResOperation) -> None:
        if not isinstance(op.descr, TargetToken):
            raise BackendError("LABEL needs a TargetToken descr")
        for i in range(len(op.args)):
            for j in range(i):
                if op.args[i] is op.args[j]:
                    raise BackendError("LABEL lists one value twice")
            if op.args[i].is_constant():
                raise BackendError("LABEL arguments must be values, not constants")
        locs = self.ra.at_label(op.args)
        label = self.mc.new_label()
        self.mc.bind(label)
        self.labels.append(LocalLabel(op.descr, label, locs))

    def emit_jump(self, op: ResOperation) -> None:
        descr = op.descr
        local: LocalLabel | None = None
        for candidate in self.labels:
            if candidate.token is descr:
                local = candidate
        if local is not None:
            dsts = local.locs
        elif descr is not None and descr in self.cpu.targets:
            dsts = self.cpu.targets[descr].locs
        else:
            raise BackendError("JUMP to a label that is neither in this trace nor compiled")
        if len(dsts) != len(op.args):
            raise BackendError("JUMP and its LABEL differ in their number of arguments")
        srcs: list[Loc] = []
        for arg in op.args:
            srcs.append(self.ra.loc(arg))
        parallel_move(self, srcs, dsts, self.ra.move_slot())
        if local is not None:
            self.mc.jmp_label(local.label)
        else:
            assert descr is not None
            self.mc.load_imm(SCRATCH, self.cpu.targets[descr].address)
            self.mc.jmp_r(SCRATCH)

    def new_exit(self, op: ResOperation, values: list[AbstractValue]) -> int:
        if op.descr is None:
            raise BackendError(op.opname() + " needs a descr")
        return self.cpu.new_exit(op.descr, values)

    def emit_finish(self, op: ResOperation) -> None:
        number = self.new_exit(op, op.args)
        locs = self.ra.exit_locs(op.args)
        parallel_move(self, locs, exit_slots(locs), self.ra.move_slot())
        self.mc.mov_ri_u32(r.RAX, number)
        self.mc.jmp_label(self.epilogue)

    # -- guards --------------------------------------------------------------------------

    def exit_path(self, op: ResOperation) -> Label:
        """The label of the guard's exit path. Called once the guard's operands are in
        registers and right before its first jump, because loading an operand may evict
        a fail_arg from its register: the exit path reads each value where it is then."""
        number = self.new_exit(op, op.fail_args)
        stub = Stub(self.mc.new_label(), self.ra.exit_locs(op.fail_args), number)
        self.stubs.append(stub)
        return stub.label

    def emit_guard(self, op: ResOperation) -> None:
        """Tests the guard's condition; every failing case jumps to its exit path."""
        mc = self.mc
        opnum = op.opnum
        if opnum == rop.GUARD_TRUE or opnum == rop.GUARD_FALSE:
            arg = op.args[0]
            if self.fused is arg:
                cond = self.fused_cond
            else:
                reg = self.ra.reg_for(arg, [])
                mc.test_rr(reg, reg)
                cond = NE
            self.fused = None
            if opnum == rop.GUARD_TRUE:
                cond = invert_cond(cond)
            mc.jcc_label(cond, self.exit_path(op))
        elif opnum == rop.GUARD_VALUE:
            if op.args[0].kind == FLOAT:
                # Equal means neither below the other; an unordered compare sets CF.
                a = self.ra.reg_for(op.args[0], [])
                b = self.ra.reg_for(op.args[1], [a])
                label = self.exit_path(op)
                mc.ucomisd(a, b)
                mc.jcc_label(LO, label)
                mc.ucomisd(b, a)
                mc.jcc_label(LO, label)
            else:
                self.compare(op.args[0], op.args[1])
                mc.jcc_label(NE, self.exit_path(op))
        elif opnum == rop.GUARD_CLASS:
            obj = self.ra.reg_for(op.args[0], [])
            vtable: Register | None = None
            if not _is_imm32(op.args[1]):
                vtable = self.ra.reg_for(op.args[1], [obj])
            mc.load(SCRATCH, obj, 0, None, 1)
            if vtable is None:
                mc.cmp_ri(SCRATCH, _imm(op.args[1]))
            else:
                mc.cmp_rr(SCRATCH, vtable)
            mc.jcc_label(NE, self.exit_path(op))
        elif opnum == rop.GUARD_NONNULL or opnum == rop.GUARD_ISNULL:
            reg = self.ra.reg_for(op.args[0], [])
            mc.test_rr(reg, reg)
            mc.jcc_label(EQ if opnum == rop.GUARD_NONNULL else NE, self.exit_path(op))
        elif opnum == rop.GUARD_NO_OVERFLOW:
            mc.jcc_label(VS, self.exit_path(op))
        elif opnum == rop.GUARD_OVERFLOW:
            mc.jcc_label(VC, self.exit_path(op))
        else:
            # GUARD_NO_EXCEPTION: calls cannot raise yet (as in the executor); the exit
            # path exists so that the guard is still a known exit.
            self.exit_path(op)

    # -- integers ------------------------------------------------------------------------

    def compare(self, a: AbstractValue, b: AbstractValue) -> None:
        ra = self.ra.reg_for(a, [])
        if _is_imm32(b):
            self.mc.cmp_ri(ra, _imm(b))
        else:
            self.mc.cmp_rr(ra, self.ra.reg_for(b, [ra]))

    def fusable(self, i: int, op: ResOperation) -> bool:
        """The comparison only feeds the next operation, a GUARD_TRUE/FALSE."""
        if i + 1 >= len(self.operations):
            return False
        guard = self.operations[i + 1]
        if guard.opnum != rop.GUARD_TRUE and guard.opnum != rop.GUARD_FALSE:
            return False
        if guard.args[0] is not op or self.ra.last_use[op] != i + 1:
            return False
        for value in guard.fail_args:
            if value is op:
                return False
        return True

    def set_result(self, i: int, op: ResOperation, cond: int) -> None:
        if self.fusable(i, op):
            self.fused = op
            self.fused_cond = cond
            return
        dst = self.ra.result_reg(op, [])
        self.mc.setcc(cond, dst)
        self.mc.movzx_rr8(dst, dst)

    def emit_int_compare(self, i: int, op: ResOperation) -> None:
        if op.opnum == rop.INT_IS_TRUE or op.opnum == rop.INT_IS_ZERO:
            self.compare(op.args[0], ConstInt(0))
        else:
            self.compare(op.args[0], op.args[1])
        self.set_result(i, op, _INT_COND[op.opnum])

    def emit_int_binop(self, op: ResOperation) -> None:
        mc = self.mc
        opnum = op.opnum
        a = op.args[0]
        b = op.args[1]
        if _is_imm32(b):
            dst = self.ra.result_in_arg_reg(op, a, [])
            imm = _imm(b)
            if opnum == rop.INT_ADD or opnum == rop.INT_ADD_OVF:
                mc.add_ri(dst, imm)
            elif opnum == rop.INT_SUB or opnum == rop.INT_SUB_OVF:
                mc.sub_ri(dst, imm)
            elif opnum == rop.INT_MUL or opnum == rop.INT_MUL_OVF:
                mc.imul_rri(dst, dst, imm)
            elif opnum == rop.INT_AND:
                mc.and_ri(dst, imm)
            elif opnum == rop.INT_OR:
                mc.or_ri(dst, imm)
            else:
                mc.xor_ri(dst, imm)
            return
        src = self.ra.reg_for(b, [])
        dst = self.ra.result_in_arg_reg(op, a, [src])
        if opnum == rop.INT_ADD or opnum == rop.INT_ADD_OVF:
            mc.add_rr(dst, src)
        elif opnum == rop.INT_SUB or opnum == rop.INT_SUB_OVF:
            mc.sub_rr(dst, src)
        elif opnum == rop.INT_MUL or opnum == rop.INT_MUL_OVF:
            mc.imul_rr(dst, src)
        elif opnum == rop.INT_AND:
            mc.and_rr(dst, src)
        elif opnum == rop.INT_OR:
            mc.or_rr(dst, src)
        else:
            mc.xor_rr(dst, src)

    def emit_shift(self, op: ResOperation) -> None:
        mc = self.mc
        opnum = op.opnum
        count = op.args[1]
        if isinstance(count, ConstInt):
            dst = self.ra.result_in_arg_reg(op, op.args[0], [])
            amount = count.value & 63
            if opnum == rop.INT_LSHIFT:
                mc.shl_ri(dst, amount)
            elif opnum == rop.INT_RSHIFT:
                mc.sar_ri(dst, amount)
            else:
                mc.shr_ri(dst, amount)
            return
        # A variable count must be in cl.
        if not (count in self.ra.reg_of and self.ra.reg_of[count] is r.RCX):
            self.ra.take_reg(r.RCX, INT)
            self.emit_move(self.ra.loc(count), reg_loc(r.RCX, INT))
        dst = self.ra.result_in_arg_reg(op, op.args[0], [r.RCX])
        if opnum == rop.INT_LSHIFT:
            mc.shl_cl(dst)
        elif opnum == rop.INT_RSHIFT:
            mc.sar_cl(dst)
        else:
            mc.shr_cl(dst)

    # -- floats --------------------------------------------------------------------------

    def emit_float_arith(self, op: ResOperation) -> None:
        mc = self.mc
        opnum = op.opnum
        if opnum == rop.FLOAT_NEG:
            dst = self.ra.result_in_arg_reg(op, op.args[0], [])
            mc.load_imm(SCRATCH, SIGN_BIT)
            mc.movq_xr(FSCRATCH, SCRATCH)
            mc.xorpd(dst, FSCRATCH)
            return
        if opnum == rop.FLOAT_ABS:
            dst = self.ra.result_in_arg_reg(op, op.args[0], [])
            mc.movq_rx(SCRATCH, dst)
            mc.shl_ri(SCRATCH, 1)
            mc.shr_ri(SCRATCH, 1)
            mc.movq_xr(dst, SCRATCH)
            return
        src = self.ra.reg_for(op.args[1], [])
        dst = self.ra.result_in_arg_reg(op, op.args[0], [src])
        if opnum == rop.FLOAT_ADD:
            mc.addsd(dst, src)
        elif opnum == rop.FLOAT_SUB:
            mc.subsd(dst, src)
        elif opnum == rop.FLOAT_MUL:
            mc.mulsd(dst, src)
        else:
            mc.divsd(dst, src)

    def emit_float_compare(self, i: int, op: ResOperation) -> None:
        mc = self.mc
        opnum = op.opnum
        a = self.ra.reg_for(op.args[0], [])
        b = self.ra.reg_for(op.args[1], [a])
        # ucomisd sets CF and ZF like an unsigned compare, and both (with PF) when either
        # side is NaN: "above" and "above or equal" are false then, as they must be.
        if opnum == rop.FLOAT_LT or opnum == rop.FLOAT_LE:
            mc.ucomisd(b, a)
            self.set_result(i, op, HI if opnum == rop.FLOAT_LT else HS)
        elif opnum == rop.FLOAT_GT or opnum == rop.FLOAT_GE:
            mc.ucomisd(a, b)
            self.set_result(i, op, HI if opnum == rop.FLOAT_GT else HS)
        else:
            # Equal: a >= b and b >= a (no parity condition in the shared vocabulary).
            dst = self.ra.result_reg(op, [])
            mc.ucomisd(a, b)
            mc.setcc(HS, dst)
            mc.movzx_rr8(dst, dst)
            mc.ucomisd(b, a)
            mc.setcc(HS, SCRATCH)
            mc.movzx_rr8(SCRATCH, SCRATCH)
            mc.and_rr(dst, SCRATCH)
            if opnum == rop.FLOAT_NE:
                mc.xor_ri(dst, 1)

    # -- calls and allocation ------------------------------------------------------------

    def arg_locs(self, args: list[AbstractValue]) -> list[Loc]:
        locs: list[Loc] = []
        for arg in args:
            locs.append(self.ra.loc(arg))
        return locs

    def finish_call(self, op: ResOperation) -> None:
        self.ra.forget_caller_saved()
        if op.kind == FLOAT:
            self.ra.bind_result(op, r.RETURN_FPR)
        elif op.kind != rop.VOID:
            self.ra.bind_result(op, r.RETURN_GPR)

    def emit_call(self, op: ResOperation) -> None:
        if not isinstance(op.descr, rop.CallDescr):
            raise BackendError(op.opname() + " needs a CallDescr")
        self.ra.spill_caller_saved()
        self.calls.emit_call(self.ra.loc(op.args[0]), self.arg_locs(op.args[1:]))
        self.finish_call(op)

    def emit_new(self, op: ResOperation) -> None:
        mc = self.mc
        self.ra.spill_caller_saved()
        func = self.ra.loc(ConstInt(self.cpu.malloc_address))
        if op.opnum == rop.NEW_ARRAY:
            descr = op.descr
            if not isinstance(descr, ArrayDescr):
                raise BackendError("new_array needs an ArrayDescr")
            length = op.args[0]
            # The length must survive the call: keep it in the frame (or as a constant).
            self.ra.spill(length)
            self.emit_move(self.ra.loc(length), reg_loc(SCRATCH, INT))
            mc.imul_rri(SCRATCH, SCRATCH, descr.item_size)
            mc.add_ri(SCRATCH, descr.base_offset)
            size = self.ra.new_slot()
            self.emit_move(reg_loc(SCRATCH, INT), frame_loc(size, INT))
            self.calls.emit_call(func, [frame_loc(size, INT)])
            self.ra.free_slots.append(size)
            self.emit_move(self.ra.loc(length), reg_loc(SCRATCH, INT))
            mc.store(SCRATCH, r.RAX, descr.length_offset, None, 1)
        else:
            descr = op.descr
            if not isinstance(descr, SizeDescr):
                raise BackendError(op.opname() + " needs a SizeDescr")
            self.calls.emit_call(func, [self.ra.loc(ConstInt(descr.size))])
            if op.opnum == rop.NEW_WITH_VTABLE:
                mc.load_imm(SCRATCH, descr.vtable)
                mc.store(SCRATCH, r.RAX, 0, None, 1)
        self.finish_call(op)

    # -- memory --------------------------------------------------------------------------

    def load_int(self, dst: Register, base: Register, disp: int, index: Register | None,
                 scale: int, size: int, signed: bool) -> None:
        mc = self.mc
        if size == 8:
            mc.load(dst, base, disp, index, scale)
        elif size == 4:
            if signed:
                mc.load_i32(dst, base, disp, index, scale)
            else:
                mc.load_u32(dst, base, disp, index, scale)
        elif size == 2:
            if signed:
                mc.load_i16(dst, base, disp, index, scale)
            else:
                mc.load_u16(dst, base, disp, index, scale)
        elif size == 1:
            if signed:
                mc.load_i8(dst, base, disp, index, scale)
            else:
                mc.load_u8(dst, base, disp, index, scale)
        else:
            raise BackendError("no %d-byte integer loads" % size)

    def store_int(self, src: Register, base: Register, disp: int, index: Register | None,
                  scale: int, size: int) -> None:
        mc = self.mc
        if size == 8:
            mc.store(src, base, disp, index, scale)
        elif size == 4:
            mc.store32(src, base, disp, index, scale)
        elif size == 2:
            mc.store16(src, base, disp, index, scale)
        elif size == 1:
            mc.store8(src, base, disp, index, scale)
        else:
            raise BackendError("no %d-byte integer stores" % size)

    def emit_memory(self, op: ResOperation) -> None:
        """Field, array and raw accesses: an address is base + disp (+ index * scale)."""
        opnum = op.opnum
        descr = op.descr
        base = self.ra.reg_for(op.args[0], [])
        disp = 0
        size = 8
        signed = True
        index: Register | None = None
        scale = 1
        value: AbstractValue | None = None
        if rop.GETFIELD_GC_I <= opnum <= rop.SETFIELD_GC:
            if not isinstance(descr, FieldDescr):
                raise BackendError(op.opname() + " needs a FieldDescr")
            disp = descr.offset
            size = descr.size
            signed = descr.is_signed
            if opnum == rop.SETFIELD_GC:
                value = op.args[1]
        elif opnum == rop.ARRAYLEN_GC:
            if not isinstance(descr, ArrayDescr):
                raise BackendError("arraylen_gc needs an ArrayDescr")
            disp = descr.length_offset
        elif rop.GETARRAYITEM_GC_I <= opnum <= rop.SETARRAYITEM_GC:
            if not isinstance(descr, ArrayDescr):
                raise BackendError(op.opname() + " needs an ArrayDescr")
            size = descr.item_size
            signed = descr.is_signed
            disp = descr.base_offset
            scale = size
            if opnum == rop.SETARRAYITEM_GC:
                value = op.args[2]
        elif rop.RAW_LOAD_I <= opnum <= rop.RAW_STORE:
            if isinstance(descr, ArrayDescr):
                size = descr.item_size
                signed = descr.is_signed
            if opnum == rop.RAW_STORE:
                value = op.args[2]
        else:
            raise BackendError("the x86-64 backend cannot compile " + op.opname())
        if opnum != rop.ARRAYLEN_GC and len(op.args) >= 2 and not (
                rop.GETFIELD_GC_I <= opnum <= rop.SETFIELD_GC):
            offset = op.args[1]
            if isinstance(offset, ConstInt) and _fits32(disp + offset.value * scale):
                disp += offset.value * scale
            else:
                if not (scale == 1 or scale == 2 or scale == 4 or scale == 8):
                    raise BackendError("array items of %d bytes cannot be indexed" % scale)
                index = self.ra.reg_for(offset, [base])
        if value is not None:
            forbidden = [base]
            if index is not None:
                forbidden.append(index)
            src = self.ra.reg_for(value, forbidden)
            if value.kind == FLOAT:
                self.mc.store_f64(src, base, disp, index, scale)
            else:
                self.store_int(src, base, disp, index, scale, size)
            return
        self.ra.free_dying(op.args)
        dst = self.ra.result_reg(op, [])
        if op.kind == FLOAT:
            self.mc.load_f64(dst, base, disp, index, scale)
        else:
            self.load_int(dst, base, disp, index, scale, size, signed)


