"""AArch64 backend: turns a trace into machine code (operations, guards and their exit
paths, LABEL/JUMP loops, the frame) on top of the shared trace assembler
(`jit.backend.traceasm`) and register allocator. Written in Kiln's subset.

AArch64 is a three-operand machine: an operation reads its argument registers and writes
a result register that may be one of them (`free_dying` first lets a dying argument's
register be reused), so no copies are needed. x19 holds the jitframe; x16/x17 and d31
are scratch (see registers.py).

Frame: a loop's prologue pushes x29, x30, x19-x28 and d8-d15 (160 bytes, keeping sp
16-byte aligned) and takes the jitframe from x0; every trace of the loop, bridges
included, returns through the same epilogue shape, with the exit number in x0.

Exits: a guard is one conditional branch (b.cond, cbz or cbnz) to an exit path after
the trace. The exit path writes the fail_args to jitframe slots 0..k-1, puts the exit's
number in x0, then `ldr x16, literal; br x16` with the 8-byte literal right after, aligned
to 8 bytes. Attaching a bridge rewrites that literal with one aligned 64-bit store (single
-copy atomic on AArch64), so the instructions themselves never change; the data is read
by a load, not fetched, so no stale instruction can be executed, and `redirect_exit`
still flushes the block's instruction cache as the model prescribes.

Conditions: integer compares set NZCV with `cmp`; fcmp leaves NZCV such that MI, LS, GT,
GE, EQ are false and NE true when either side is NaN, which is the executor's meaning of
FLOAT_LT/LE/GT/GE/EQ/NE, so every comparison is one condition and can be fused with the
guard that consumes it. INT_MUL_OVF computes smulh and mul and compares the high half
with the low half's sign: overflow is then NE, not VS, so the overflow operation records
which condition its guard tests.
"""

from __future__ import annotations

from jit.backend import model
from jit.backend.aarch64 import registers as r
from jit.backend.aarch64.callbuilder import CallBuilder
from jit.backend.aarch64.codebuilder import CodeBuilder, encode_bitmask
from jit.backend.codebuf import (EQ, NE, VS, Label,
                                 Register, invert_cond)
from jit.backend.model import BackendError, LoopToken
from jit.backend.regalloc import Loc, RegisterClass, reg_loc
from jit.backend.traceasm import (FLOAT_COND, INT_COND, AssemblerCPU, Stub, TraceAssembler,
                                 const_int, decode_memory)
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (FLOAT, INT, AbstractValue, ArrayDescr, ConstInt,
                                         ResOperation)

SCRATCH = r.SCRATCH_GPR
SCRATCH2 = r.SCRATCH2_GPR
FSCRATCH = r.SCRATCH_FPR
FRAME = r.FRAME_REG
FRAME_BYTES = 8 * (len(r.SAVED_GPRS) + len(r.SAVED_FPRS))
# The largest displacement folded into a memory operand; a bigger one goes through x17.
MAX_DISP = 0xFFFFFF


def _is_arith_imm(value: AbstractValue) -> bool:
    """An add/sub/cmp immediate, possibly negated (the other instruction then)."""
    return isinstance(value, ConstInt) and -4096 < value.value < 4096


def _is_logical_imm(value: AbstractValue) -> bool:
    return isinstance(value, ConstInt) and encode_bitmask(value.value) >= 0


def _log2(scale: int) -> int:
    shift = 0
    while (1 << shift) < scale:
        shift += 1
    return shift


class CPU_AARCH64(AssemblerCPU):
    """The AArch64 backend. `malloc_address`: see AssemblerCPU."""

    def __init__(self, malloc_address: int) -> None:
        AssemblerCPU.__init__(self, malloc_address,
                              RegisterClass(r.ALLOCATABLE_GPRS, r.CALLER_SAVED_GPRS),
                              RegisterClass(r.ALLOCATABLE_FPRS, r.CALLER_SAVED_FPRS), 8)

    def new_assembler(self, looptoken: LoopToken) -> TraceAssembler:
        return AArch64TraceAssembler(self, looptoken)


class AArch64TraceAssembler(TraceAssembler):
    """Compiles one trace (a loop or a bridge) into one code block."""

    def __init__(self, cpu: CPU_AARCH64, looptoken: LoopToken) -> None:
        self.mc = CodeBuilder()
        TraceAssembler.__init__(self, cpu, looptoken, self.mc)
        self.calls = CallBuilder(self.mc, self.ra, self)
        self.ovf_cond = VS     # what the last _OVF operation leaves set on overflow
        # A comparison of a value with 0 left for its guard's cbz/cbnz (emit_int_compare).
        self.zero_tested: AbstractValue | None = None
        self.zero_reg = r.X0

    def buffer(self) -> CodeBuilder:
        return self.mc

    def return_regs(self) -> list[Register]:
        return [r.RETURN_GPR, r.RETURN_FPR]

    # -- frame and exits -----------------------------------------------------------------

    def emit_prologue(self) -> None:
        mc = self.mc
        mc.stp(r.SAVED_GPRS[0], r.SAVED_GPRS[1], r.SP, -FRAME_BYTES, "pre")
        for i in range(2, len(r.SAVED_GPRS), 2):
            mc.stp(r.SAVED_GPRS[i], r.SAVED_GPRS[i + 1], r.SP, 8 * i, "offset")
        base = 8 * len(r.SAVED_GPRS)
        for i in range(0, len(r.SAVED_FPRS), 2):
            mc.stp_d(r.SAVED_FPRS[i], r.SAVED_FPRS[i + 1], r.SP, base + 8 * i, "offset")
        mc.mov_rr(r.FP, r.SP)
        mc.mov_rr(FRAME, r.X0)

    def emit_epilogue(self) -> None:
        mc = self.mc
        mc.bind(self.epilogue)
        base = 8 * len(r.SAVED_GPRS)
        for i in range(0, len(r.SAVED_FPRS), 2):
            mc.ldp_d(r.SAVED_FPRS[i], r.SAVED_FPRS[i + 1], r.SP, base + 8 * i, "offset")
        for i in range(2, len(r.SAVED_GPRS), 2):
            mc.ldp(r.SAVED_GPRS[i], r.SAVED_GPRS[i + 1], r.SP, 8 * i, "offset")
        mc.ldp(r.SAVED_GPRS[0], r.SAVED_GPRS[1], r.SP, FRAME_BYTES, "post")
        mc.ret()

    def emit_stub(self, stub: Stub) -> None:
        mc = self.mc
        mc.bind(stub.label)
        self.move_to_exit_slots(stub.locs)
        self.emit_exit_number(stub.number)
        if (mc.position() + 8) % 8 != 0:
            mc.nop()
        mc.load_literal(SCRATCH, 8)
        mc.br(SCRATCH)
        stub.patch_position = mc.position()
        mc.emit_u64(0)

    def emit_exit_number(self, number: int) -> None:
        self.mc.load_imm(r.X0, number)

    def emit_jump_to_label(self, label: Label) -> None:
        self.mc.b_label(label)

    def emit_jump_to_address(self, address: int) -> None:
        self.mc.load_imm(SCRATCH, address)
        self.mc.br(SCRATCH)

    # -- moves (the allocator's Emitter) -------------------------------------------------

    def slot_offset(self, slot: int) -> int:
        """Slots are addressed with ldr/str's scaled 12-bit offset from x19."""
        if slot >= 4096:
            raise BackendError("the jitframe is deeper than the 4096 slots AArch64 "
                               "addresses directly")
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
            if bits == 0:
                source = r.XZR
            else:
                mc.load_imm(SCRATCH, bits)
                source = SCRATCH
            if dst.is_reg():
                mc.fmov_dx(dst.reg, source)
            else:
                mc.store(source, FRAME, self.slot_offset(dst.slot))
        elif src.is_reg():
            if dst.is_reg():
                if src.kind == FLOAT:
                    mc.fmov_dd(dst.reg, src.reg)
                else:
                    mc.mov_rr(dst.reg, src.reg)
            elif src.kind == FLOAT:
                mc.store_f64(src.reg, FRAME, self.slot_offset(dst.slot))
            else:
                mc.store(src.reg, FRAME, self.slot_offset(dst.slot))
        elif dst.is_reg():
            if dst.kind == FLOAT:
                mc.load_f64(dst.reg, FRAME, self.slot_offset(src.slot))
            else:
                mc.load(dst.reg, FRAME, self.slot_offset(src.slot))
        else:
            mc.load(SCRATCH, FRAME, self.slot_offset(src.slot))
            mc.store(SCRATCH, FRAME, self.slot_offset(dst.slot))

    # -- guards --------------------------------------------------------------------------

    def emit_guard(self, op: ResOperation) -> None:
        """Tests the guard's condition; every failing case branches to its exit path."""
        mc = self.mc
        opnum = op.opnum
        if opnum == rop.GUARD_TRUE or opnum == rop.GUARD_FALSE:
            cond = self.take_fused(op.args[0])
            zero = self.zero_tested
            if cond >= 0 and zero is not None:
                self.zero_tested = None
                reg = self.zero_reg
                if zero in self.ra.reg_of or zero in self.ra.slot_of:
                    reg = self.ra.reg_for(zero, [])
                # guard_true(x == 0) fails on x != 0, guard_true(x != 0) on x == 0, ...
                if (opnum == rop.GUARD_TRUE) == (cond == NE):
                    mc.cbz_label(reg, self.exit_path(op))
                else:
                    mc.cbnz_label(reg, self.exit_path(op))
                return
            if cond < 0:
                reg = self.ra.reg_for(op.args[0], [])
                if opnum == rop.GUARD_TRUE:
                    mc.cbz_label(reg, self.exit_path(op))
                else:
                    mc.cbnz_label(reg, self.exit_path(op))
                return
            if opnum == rop.GUARD_TRUE:
                cond = invert_cond(cond)
            mc.b_cond_label(cond, self.exit_path(op))
        elif opnum == rop.GUARD_VALUE:
            if op.args[0].kind == FLOAT:
                a = self.ra.reg_for(op.args[0], [])
                b = self.ra.reg_for(op.args[1], [a])
                mc.fcmp(a, b)
            else:
                self.compare(op.args[0], op.args[1])
            mc.b_cond_label(NE, self.exit_path(op))
        elif opnum == rop.GUARD_CLASS:
            obj = self.ra.reg_for(op.args[0], [])
            vtable = self.ra.reg_for(op.args[1], [obj])
            mc.load(SCRATCH, obj, 0)
            mc.cmp_rr(SCRATCH, vtable)
            mc.b_cond_label(NE, self.exit_path(op))
        elif opnum == rop.GUARD_NONNULL or opnum == rop.GUARD_ISNULL:
            reg = self.ra.reg_for(op.args[0], [])
            if opnum == rop.GUARD_NONNULL:
                mc.cbz_label(reg, self.exit_path(op))
            else:
                mc.cbnz_label(reg, self.exit_path(op))
        elif opnum == rop.GUARD_NO_OVERFLOW:
            mc.b_cond_label(self.ovf_cond, self.exit_path(op))
        else:
            mc.b_cond_label(invert_cond(self.ovf_cond), self.exit_path(op))   # OVERFLOW

    def emit_branch_if_word_set(self, address: int, label: Label) -> None:
        self.mc.load_imm(SCRATCH, address)
        self.mc.load(SCRATCH, SCRATCH, 0)
        self.mc.cbnz_label(SCRATCH, label)

    # -- integers ------------------------------------------------------------------------

    def compare(self, a: AbstractValue, b: AbstractValue) -> None:
        ra = self.ra.reg_for(a, [])
        if _is_arith_imm(b):
            imm = const_int(b)
            if imm >= 0:
                self.mc.cmp_ri(ra, imm)
            else:
                self.mc.cmn_ri(ra, -imm)
        else:
            self.mc.cmp_rr(ra, self.ra.reg_for(b, [ra]))

    def keeps_flags(self, op: ResOperation) -> bool:
        """Also the integer operations without overflow check (add, sub, logical, shifts,
        mul, neg = sub from xzr, mvn: no S forms), float arithmetic and the casts."""
        opnum = op.opnum
        return (TraceAssembler.keeps_flags(self, op)
                or rop.INT_ADD <= opnum <= rop.INT_INVERT
                or rop.FLOAT_ADD <= opnum <= rop.FLOAT_ABS
                or opnum == rop.CAST_INT_TO_FLOAT or opnum == rop.CAST_FLOAT_TO_INT)

    def set_result(self, i: int, op: ResOperation, cond: int) -> None:
        if self.keep_in_flags(i, op, cond):
            return
        # cset leaves the flags alone: a fused guard still tests them.
        self.ra.free_dying(op.args)
        self.mc.cset(cond, self.ra.result_reg(op, []))

    def emit_int_compare(self, i: int, op: ResOperation) -> None:
        a = op.args[0]
        b: AbstractValue = ConstInt(0)
        if op.opnum != rop.INT_IS_TRUE and op.opnum != rop.INT_IS_ZERO:
            b = op.args[1]
        cond = INT_COND[op.opnum]
        if ((cond == EQ or cond == NE) and isinstance(b, ConstInt) and b.value == 0
                and not a.is_constant() and self.keep_in_flags(i, op, cond)
                and (self.fused_guard == i + 1
                     or self.ra.last_use[a] >= self.fused_guard)):
            # Only its guard needs the comparison: no cmp, the guard is a cbz or cbnz
            # of `a`, which is still in this register or still bound at the guard.
            self.zero_tested = a
            self.zero_reg = self.ra.reg_for(a, [])
            return
        self.compare(a, b)
        self.set_result(i, op, cond)

    def emit_int_binop(self, op: ResOperation) -> None:
        mc = self.mc
        opnum = op.opnum
        a = self.ra.reg_for(op.args[0], [])
        b_arg = op.args[1]
        if opnum == rop.INT_ADD or opnum == rop.INT_SUB or opnum == rop.INT_ADD_OVF or (
                opnum == rop.INT_SUB_OVF):
            if _is_arith_imm(b_arg):
                imm = const_int(b_arg)
                negate = opnum == rop.INT_SUB or opnum == rop.INT_SUB_OVF
                if imm < 0:
                    imm = -imm
                    negate = not negate
                self.ra.free_dying(op.args)
                dst = self.ra.result_reg(op, [])
                flags = opnum == rop.INT_ADD_OVF or opnum == rop.INT_SUB_OVF
                if negate and flags:
                    mc.subs_ri(dst, a, imm)
                elif negate:
                    mc.sub_ri(dst, a, imm)
                elif flags:
                    mc.adds_ri(dst, a, imm)
                else:
                    mc.add_ri(dst, a, imm)
                self.ovf_cond = VS
                return
        elif (opnum == rop.INT_AND or opnum == rop.INT_OR or opnum == rop.INT_XOR) and (
                _is_logical_imm(b_arg)):
            self.ra.free_dying(op.args)
            dst = self.ra.result_reg(op, [])
            if opnum == rop.INT_AND:
                mc.and_ri(dst, a, const_int(b_arg))
            elif opnum == rop.INT_OR:
                mc.orr_ri(dst, a, const_int(b_arg))
            else:
                mc.eor_ri(dst, a, const_int(b_arg))
            return
        b = self.ra.reg_for(b_arg, [a])
        self.ra.free_dying(op.args)
        dst = self.ra.result_reg(op, [])
        if opnum == rop.INT_ADD:
            mc.add_rr(dst, a, b)
        elif opnum == rop.INT_ADD_OVF:
            mc.adds_rr(dst, a, b)
            self.ovf_cond = VS
        elif opnum == rop.INT_SUB:
            mc.sub_rr(dst, a, b)
        elif opnum == rop.INT_SUB_OVF:
            mc.subs_rr(dst, a, b)
            self.ovf_cond = VS
        elif opnum == rop.INT_MUL:
            mc.mul(dst, a, b)
        elif opnum == rop.INT_MUL_OVF:
            # The high half first: dst may be a or b.
            mc.smulh(SCRATCH, a, b)
            mc.mul(dst, a, b)
            mc.cmp_rr_asr(SCRATCH, dst, 63)
            self.ovf_cond = NE
        elif opnum == rop.INT_AND:
            mc.and_rr(dst, a, b)
        elif opnum == rop.INT_OR:
            mc.orr_rr(dst, a, b)
        else:
            mc.eor_rr(dst, a, b)

    def emit_shift(self, op: ResOperation) -> None:
        mc = self.mc
        opnum = op.opnum
        a = self.ra.reg_for(op.args[0], [])
        count = op.args[1]
        if isinstance(count, ConstInt):
            self.ra.free_dying(op.args)
            dst = self.ra.result_reg(op, [])
            amount = count.value & 63
            if opnum == rop.INT_LSHIFT:
                mc.lsl_ri(dst, a, amount)
            elif opnum == rop.INT_RSHIFT:
                mc.asr_ri(dst, a, amount)
            else:
                mc.lsr_ri(dst, a, amount)
            return
        n = self.ra.reg_for(count, [a])
        self.ra.free_dying(op.args)
        dst = self.ra.result_reg(op, [])
        if opnum == rop.INT_LSHIFT:
            mc.lsl_rr(dst, a, n)
        elif opnum == rop.INT_RSHIFT:
            mc.asr_rr(dst, a, n)
        else:
            mc.lsr_rr(dst, a, n)

    def emit_int_unary(self, op: ResOperation) -> None:
        a = self.ra.reg_for(op.args[0], [])
        self.ra.free_dying(op.args)
        dst = self.ra.result_reg(op, [])
        if op.opnum == rop.INT_NEG:
            self.mc.neg(dst, a)
        else:
            self.mc.mvn(dst, a)

    def emit_same_as(self, op: ResOperation) -> None:
        a = self.ra.reg_for(op.args[0], [])
        self.ra.free_dying(op.args)
        dst = self.ra.result_reg(op, [])
        if dst is not a:
            self.emit_move(reg_loc(a, op.kind), reg_loc(dst, op.kind))

    # -- floats --------------------------------------------------------------------------

    def emit_float_arith(self, op: ResOperation) -> None:
        mc = self.mc
        opnum = op.opnum
        a = self.ra.reg_for(op.args[0], [])
        if opnum == rop.FLOAT_NEG or opnum == rop.FLOAT_ABS:
            self.ra.free_dying(op.args)
            dst = self.ra.result_reg(op, [])
            if opnum == rop.FLOAT_NEG:
                mc.fneg(dst, a)
            else:
                mc.fabs(dst, a)
            return
        b = self.ra.reg_for(op.args[1], [a])
        self.ra.free_dying(op.args)
        dst = self.ra.result_reg(op, [])
        if opnum == rop.FLOAT_ADD:
            mc.fadd(dst, a, b)
        elif opnum == rop.FLOAT_SUB:
            mc.fsub(dst, a, b)
        elif opnum == rop.FLOAT_MUL:
            mc.fmul(dst, a, b)
        else:
            mc.fdiv(dst, a, b)

    def emit_float_compare(self, i: int, op: ResOperation) -> None:
        a = self.ra.reg_for(op.args[0], [])
        b = self.ra.reg_for(op.args[1], [a])
        self.mc.fcmp(a, b)
        self.set_result(i, op, FLOAT_COND[op.opnum])

    def emit_cast(self, op: ResOperation) -> None:
        src = self.ra.reg_for(op.args[0], [])
        self.ra.free_dying(op.args)
        dst = self.ra.result_reg(op, [])
        if op.opnum == rop.CAST_INT_TO_FLOAT:
            self.mc.scvtf(dst, src)
        else:
            self.mc.fcvtzs(dst, src)

    # -- calls and allocation ------------------------------------------------------------

    def emit_array_size(self, length: Loc, descr: ArrayDescr, dst: Loc) -> None:
        self.emit_move(length, reg_loc(SCRATCH, INT))
        self.mc.load_imm(SCRATCH2, descr.item_size)
        self.mc.mul(SCRATCH, SCRATCH, SCRATCH2)
        self.mc.load_imm(SCRATCH2, descr.base_offset)
        self.mc.add_rr(SCRATCH, SCRATCH, SCRATCH2)
        self.emit_move(reg_loc(SCRATCH, INT), dst)

    def emit_store_to_result(self, value: Loc, offset: int) -> None:
        self.emit_move(value, reg_loc(SCRATCH, INT))
        self.store_int(SCRATCH, r.RETURN_GPR, offset, 8, None, False)

    # -- memory --------------------------------------------------------------------------

    def address(self, base: Register, disp: int, index: Register | None, scale: int,
                size: int) -> int:
        """Computes base (+ index * scale) into x17, adding `disp` too unless a load or
        store of `size` bytes can hold it; returns the displacement left to encode."""
        mc = self.mc
        if index is not None:
            mc.add_rr_lsl(SCRATCH2, base, index, _log2(scale))
            base = SCRATCH2
            if self.fits(disp, size):
                return disp
        mc.load_imm(SCRATCH, disp)
        mc.add_rr(SCRATCH2, base, SCRATCH)
        return 0

    def load_int(self, dst: Register, base: Register, disp: int, size: int,
                 signed: bool, index: Register | None, shifted: bool) -> None:
        mc = self.mc
        if size == 8:
            mc.load(dst, base, disp, index, shifted)
        elif size == 4:
            if signed:
                mc.load_i32(dst, base, disp, index, shifted)
            else:
                mc.load_u32(dst, base, disp, index, shifted)
        elif size == 2:
            if signed:
                mc.load_i16(dst, base, disp, index, shifted)
            else:
                mc.load_u16(dst, base, disp, index, shifted)
        elif size == 1:
            if signed:
                mc.load_i8(dst, base, disp, index, shifted)
            else:
                mc.load_u8(dst, base, disp, index, shifted)
        else:
            raise BackendError("no %d-byte integer loads" % size)

    def store_int(self, src: Register, base: Register, disp: int, size: int,
                  index: Register | None, shifted: bool) -> None:
        mc = self.mc
        if size == 8:
            mc.store(src, base, disp, index, shifted)
        elif size == 4:
            mc.store32(src, base, disp, index, shifted)
        elif size == 2:
            mc.store16(src, base, disp, index, shifted)
        elif size == 1:
            mc.store8(src, base, disp, index, shifted)
        else:
            raise BackendError("no %d-byte integer stores" % size)

    def emit_memory(self, op: ResOperation) -> None:
        """Field, array and raw accesses: [base, #disp], [base, index{, lsl #n}], or
        an address computed into x17 for an index with a displacement, an index scaled
        otherwise than by the access size, or a displacement the forms cannot hold."""
        access = decode_memory(op, 8, MAX_DISP)
        base = self.ra.reg_for(access.base, [])
        index: Register | None = None
        if access.index is not None:
            index = self.ra.reg_for(access.index, [base])
        value = access.value
        src: Register | None = None
        if value is not None:
            forbidden = [base]
            if index is not None:
                forbidden.append(index)
            src = self.ra.reg_for(value, forbidden)
        disp = access.disp
        # [base, index{, lsl #log2(size)}] when there is no displacement to add.
        shifted = access.scale == access.size
        if index is not None and (disp != 0 or not (shifted or access.scale == 1)):
            disp = self.address(base, disp, index, access.scale, access.size)
            base = SCRATCH2
            index = None
        elif index is None and not self.fits(disp, access.size):
            disp = self.address(base, disp, None, access.scale, access.size)
            base = SCRATCH2
        if src is not None:
            assert value is not None
            if value.kind == FLOAT:
                self.mc.store_f64(src, base, disp, index, shifted)
            else:
                self.store_int(src, base, disp, access.size, index, shifted)
            return
        self.ra.free_dying(op.args)
        dst = self.ra.result_reg(op, [])
        if op.kind == FLOAT:
            self.mc.load_f64(dst, base, disp, index, shifted)
        else:
            self.load_int(dst, base, disp, access.size, access.signed, index, shifted)

    def fits(self, disp: int, size: int) -> bool:
        """The scaled unsigned 12-bit form, or the unscaled signed 9-bit one."""
        return (disp >= 0 and disp % size == 0 and disp // size < 4096) or (
            -256 <= disp < 256)
