"""x86-64 backend: turns a trace into machine code (operations, guards and their exit
paths, LABEL/JUMP loops, the frame): the hooks of the shared trace assembler
(`jit.backend.traceasm`), on top of the shared register allocator.

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
from jit.backend.codebuf import (EQ, HI, HS, LO, NE, VC, VS, Label,
                                 Register, invert_cond)
from jit.backend.model import BackendError, LoopToken
from jit.backend.regalloc import Loc, RegisterClass, reg_loc
from jit.backend.traceasm import (INT_COND, AssemblerCPU, Stub, TraceAssembler,
                                 compare_operands, const_int, decode_memory, zero_compared)
from jit.backend.x86_64 import registers as r
from jit.backend.x86_64.callbuilder import CallBuilder
from jit.backend.x86_64.codebuilder import CodeBuilder
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (FLOAT, INT, AbstractValue, ArrayDescr, ConstInt,
                                         ResOperation)

SCRATCH = r.SCRATCH_GPR
FSCRATCH = r.SCRATCH_FPR
FRAME = r.FRAME_REG
SAVED = [r.RBX, r.RBP, r.R12, r.R13, r.R14, r.R15]
SIGN_BIT = -0x8000000000000000


def _fits32(value: int) -> bool:
    return -0x80000000 <= value <= 0x7FFFFFFF


def _is_imm32(value: AbstractValue) -> bool:
    return isinstance(value, ConstInt) and _fits32(value.value)


class CPU_X86_64(AssemblerCPU):
    """The x86-64 backend. `malloc_address`: see AssemblerCPU."""

    def __init__(self, malloc_address: int) -> None:
        AssemblerCPU.__init__(self, malloc_address,
                              RegisterClass(r.ALLOCATABLE_GPRS, r.CALLER_SAVED_GPRS),
                              RegisterClass(r.ALLOCATABLE_FPRS, r.CALLER_SAVED_FPRS), 8)

    def new_assembler(self, looptoken: LoopToken) -> TraceAssembler:
        return X86TraceAssembler(self, looptoken)


class X86TraceAssembler(TraceAssembler):
    """Compiles one trace (a loop or a bridge) into one code block."""

    def __init__(self, cpu: CPU_X86_64, looptoken: LoopToken) -> None:
        self.mc = CodeBuilder()
        TraceAssembler.__init__(self, cpu, looptoken, self.mc)
        self.calls = CallBuilder(self.mc, self.ra, self)

    def buffer(self) -> CodeBuilder:
        return self.mc

    def return_regs(self) -> list[Register]:
        return [r.RETURN_GPR, r.RETURN_FPR]

    # -- frame and exits -----------------------------------------------------------------

    def emit_prologue(self) -> None:
        for reg in SAVED:
            self.mc.push_r(reg)
        self.mc.sub_ri(r.RSP, 8)
        self.mc.mov_rr(FRAME, r.RDI)

    def emit_epilogue(self) -> None:
        mc = self.mc
        mc.bind(self.epilogue)
        mc.add_ri(r.RSP, 8)
        for i in range(len(SAVED) - 1, -1, -1):
            mc.pop_r(SAVED[i])
        mc.ret()

    def emit_stub(self, stub: Stub) -> None:
        mc = self.mc
        mc.bind(stub.label)
        self.move_to_exit_slots(stub.locs)
        self.emit_exit_number(stub.number)
        stub.patch_position = mc.position() + 2      # after REX.W and the opcode
        mc.movabs_ri(SCRATCH, 0)
        mc.jmp_r(SCRATCH)

    def emit_exit_number(self, number: int) -> None:
        self.mc.mov_ri_u32(r.RAX, number)

    def emit_jump_to_label(self, label: Label) -> None:
        self.mc.jmp_label(label)

    def emit_jump_to_address(self, address: int) -> None:
        self.mc.load_imm(SCRATCH, address)
        self.mc.jmp_r(SCRATCH)

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
            if dst.is_frame() and _fits32(bits):
                mc.store_imm32(bits, FRAME, self.frame_offset(dst.slot))
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

    # -- guards ------------------------------------------------------------------------

    def emit_guard(self, op: ResOperation) -> None:
        """Tests the guard's condition; every failing case jumps to its exit path."""
        mc = self.mc
        opnum = op.opnum
        if opnum == rop.GUARD_TRUE or opnum == rop.GUARD_FALSE:
            cond = self.take_fused(op.args[0])
            if cond < 0:
                reg = self.ra.reg_for(op.args[0], [])
                mc.test_rr(reg, reg)
                cond = NE
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
                mc.cmp_ri(SCRATCH, const_int(op.args[1]))
            else:
                mc.cmp_rr(SCRATCH, vtable)
            mc.jcc_label(NE, self.exit_path(op))
        elif opnum == rop.GUARD_NONNULL or opnum == rop.GUARD_ISNULL:
            reg = self.ra.reg_for(op.args[0], [])
            mc.test_rr(reg, reg)
            mc.jcc_label(EQ if opnum == rop.GUARD_NONNULL else NE, self.exit_path(op))
        elif opnum == rop.GUARD_NO_OVERFLOW:
            mc.jcc_label(VS, self.exit_path(op))
        else:
            mc.jcc_label(VC, self.exit_path(op))     # GUARD_OVERFLOW

    def emit_branch_if_word_set(self, address: int, label: Label) -> None:
        self.mc.load_imm(SCRATCH, address)
        self.mc.load(SCRATCH, SCRATCH, 0, None, 1)
        self.mc.test_rr(SCRATCH, SCRATCH)
        self.mc.jcc_label(NE, label)

    # -- integers ------------------------------------------------------------------------

    def compare(self, a: AbstractValue, b: AbstractValue) -> None:
        ra = self.ra.reg_for(a, [])
        if isinstance(b, ConstInt) and b.value == 0:
            # Shorter, and the same flags as `cmp ra, 0` for every condition (CF = OF = 0).
            self.mc.test_rr(ra, ra)
        elif _is_imm32(b):
            self.mc.cmp_ri(ra, const_int(b))
        else:
            self.mc.cmp_rr(ra, self.ra.reg_for(b, [ra]))

    def set_result(self, i: int, op: ResOperation, cond: int) -> None:
        if self.keep_in_flags(i, op, cond):
            return
        # Neither setcc nor movzx writes the flags: a fused guard still tests them.
        dst = self.ra.result_reg(op, [])
        self.mc.setcc(cond, dst)
        self.mc.movzx_rr8(dst, dst)

    def emit_int_compare(self, i: int, op: ResOperation) -> None:
        zero = zero_compared(op)
        if zero is None or not self.take_zero_flag(zero):
            args = compare_operands(op)
            self.compare(args[0], args[1])
        self.set_result(i, op, INT_COND[op.opnum])

    def emit_int_binop(self, op: ResOperation) -> None:
        mc = self.mc
        opnum = op.opnum
        a = op.args[0]
        b = op.args[1]
        # add/sub/and/or/xor set ZF from the result (lea does not): a comparison with 0
        # right after needs no test.
        if (rop.INT_ADD <= opnum <= rop.INT_XOR and opnum != rop.INT_MUL
                and self.zero_test_follows(op)):
            self.note_zero_flag(op)
        elif self.emit_lea(op, a, b):
            return
        if _is_imm32(b):
            dst = self.ra.result_in_arg_reg(op, a, [])
            imm = const_int(b)
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

    def emit_lea(self, op: ResOperation, a: AbstractValue, b: AbstractValue) -> bool:
        """INT_ADD and INT_SUB of a constant, and INT_ADD of two values, whose first
        argument lives on: `lea` computes into a fresh register at once, where the
        two-operand form would copy the argument first. False if not such a case."""
        opnum = op.opnum
        if a.is_constant() or (a in self.ra.reg_of and self.ra.dies_here(a)):
            return False
        if opnum == rop.INT_SUB and isinstance(b, ConstInt) and _fits32(-b.value):
            disp = -b.value
        elif opnum == rop.INT_ADD and _is_imm32(b):
            disp = const_int(b)
        elif opnum == rop.INT_ADD and not b.is_constant():
            src = self.ra.reg_for(a, [])
            other = self.ra.reg_for(b, [src])
            self.ra.free_dying(op.args)
            self.mc.lea(self.ra.result_reg(op, [src]), src, 0, other, 1)
            return True
        else:
            return False
        src = self.ra.reg_for(a, [])
        self.ra.free_dying(op.args)
        self.mc.lea(self.ra.result_reg(op, [src]), src, disp, None, 1)
        return True

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

    def emit_int_unary(self, op: ResOperation) -> None:
        reg = self.ra.result_in_arg_reg(op, op.args[0], [])
        if op.opnum == rop.INT_NEG:
            self.mc.neg_r(reg)
        else:
            self.mc.not_r(reg)

    def emit_same_as(self, op: ResOperation) -> None:
        self.ra.result_in_arg_reg(op, op.args[0], [])

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

    def emit_cast(self, op: ResOperation) -> None:
        src = self.ra.reg_for(op.args[0], [])
        self.ra.free_dying(op.args)
        dst = self.ra.result_reg(op, [])
        if op.opnum == rop.CAST_INT_TO_FLOAT:
            self.mc.cvtsi2sd(dst, src)
        else:
            self.mc.cvttsd2si(dst, src)

    # -- calls and allocation ------------------------------------------------------------

    def emit_array_size(self, length: Loc, descr: ArrayDescr, dst: Loc) -> None:
        self.emit_move(length, reg_loc(SCRATCH, INT))
        self.mc.imul_rri(SCRATCH, SCRATCH, descr.item_size)
        self.mc.add_ri(SCRATCH, descr.base_offset)
        self.emit_move(reg_loc(SCRATCH, INT), dst)

    def emit_store_to_result(self, value: Loc, offset: int) -> None:
        self.emit_move(value, reg_loc(SCRATCH, INT))
        self.mc.store(SCRATCH, r.RAX, offset, None, 1)

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
        access = decode_memory(op, 8, 0x7FFFFFFF)
        base = self.ra.reg_for(access.base, [])
        index: Register | None = None
        if access.index is not None:
            index = self.ra.reg_for(access.index, [base])
        disp = access.disp
        scale = access.scale
        value = access.value
        if value is not None and access.size == 8 and _is_imm32(value):
            self.mc.store_imm32(const_int(value), base, disp, index, scale)
            return
        if value is not None:
            forbidden = [base]
            if index is not None:
                forbidden.append(index)
            src = self.ra.reg_for(value, forbidden)
            if value.kind == FLOAT:
                self.mc.store_f64(src, base, disp, index, scale)
            else:
                self.store_int(src, base, disp, index, scale, access.size)
            return
        self.ra.free_dying(op.args)
        dst = self.ra.result_reg(op, [])
        if op.kind == FLOAT:
            self.mc.load_f64(dst, base, disp, index, scale)
        else:
            self.load_int(dst, base, disp, index, scale, access.size, access.signed)
