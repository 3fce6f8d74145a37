"""32-bit ARM backend (ARM mode, not Thumb): turns a trace into machine code for armhf,
armel-vfp and armel (operations, guards and their exit paths, LABEL/JUMP loops, the frame),
on top of the shared register allocator.

Written in Kiln's subset; the word is 32 bits. One class serves the three targets:
`CPU_ARM(malloc_address, float_abi)` with float_abi "hard" (armhf: ARMv7, VFP, doubles
passed in d registers), "softfp" (armel-vfp: ARMv7, VFP arithmetic, doubles passed in core
register pairs) or "soft" (armel: ARMv5TE, no FPU at all).

armel floats: there is no float register class, so every float value lives in a jitframe
slot of its own (or is a constant). Arithmetic, comparisons and casts are calls to
softfloat.py's helpers (gcc makes them the libgcc `__aeabi_d*` calls), with doubles in
core register pairs as the soft-float ABI wants; NEG, ABS, SAME_AS, moves and memory
accesses copy the two words through a core register (NEG/ABS flip or clear bit 31 of
the high one). The backend never emits a VFP instruction there, which the armel test CPU
(`arm926,vfp=off`) would trap.

Frame and registers (see registers.py): r11 holds the jitframe; ip (r12) and lr are
scratch; d15 (s30/s31) is the VFP scratch. The loop prologue pushes r4-r12 and lr (ten
words, so sp stays 8-byte aligned for calls) and, with VFP, d8-d15; every trace of the
loop, bridges included, shares that machine frame and returns through the same epilogue
shape, so bridges have no prologue.

Guard exits: a guard is one conditional branch on the main path to an exit path emitted
after the trace. The exit path writes the guard's fail_args to jitframe slots 0..k-1 (one
parallel move), puts the exit's number in r0 and jumps with `ldr pc, [pc, #-4]` through
the literal word that follows, the address of the trace's epilogue. Attaching a bridge
rewrites that one word (a data write: nothing has to be re-decoded, though the shared
`redirect_exit` flushes the icache anyway). JUMPs to another loop use the same form.

Constants: one mov/mvn when the value is a rotated 8-bit immediate, else movw/movt on
ARMv7. ARMv5TE has no movw: two mov/orr (or mvn/bic) pieces when they suffice, else one
`ldr rd, [pc, #...]` from a literal pool (literals.py), placed after the epilogue,
between exit stubs, or behind a branch around it once the oldest load is 2 KB behind.

Comparisons set the flags; one that only feeds the next GUARD_TRUE/FALSE stays there
(cmp + b<cond>), otherwise `mov rd, #0; mov<cond> rd, #1`. Float comparisons are vcmp +
vmrs with conditions false on unordered operands (MI, LS, GT, GE, EQ; NE is true then).
INT_MUL_OVF is smull into ip:lr and `cmp lr, ip, asr #31`: NE means overflow, so the
overflow condition of the last _OVF operation (VS or NE) is what its guard tests.
"""

from __future__ import annotations

from jit.backend import model
from jit.backend.arm import registers as r
from jit.backend.arm.callbuilder import (FLOAT_ABI_SOFT, FLOAT_ABI_SOFTFP, CallBuilder,
                                         DoubleWords)
from jit.backend.arm.codebuilder import (ARCH_V5TE, ARCH_V7, CodeBuilder, encode_imm12,
                                         imm_cost)
from jit.backend.arm.literals import LiteralPool
from jit.backend.arm.softfloat import HELPERS, check_helpers
from jit.backend.codebuf import (EQ, NE, VS, Label,
                                 Register, invert_cond)
from jit.backend.model import BackendError, LoopToken
from jit.backend.regalloc import Loc, RegisterClass, const_loc, reg_loc
from jit.backend.traceasm import (FLOAT_COND, INT_COND, AssemblerCPU, Stub, TraceAssembler,
                                 compare_operands, const_int, decode_memory, zero_compared)
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (FLOAT, INT, AbstractValue, ArrayDescr, ConstInt,
                                         ResOperation)

SCRATCH = r.SCRATCH_GPR
SCRATCH2 = r.SCRATCH2_GPR
FRAME = r.FRAME_REG
SAVED = [r.R4, r.R5, r.R6, r.R7, r.R8, r.R9, r.R10, r.R11, r.R12, r.LR]
RESTORED = [r.R4, r.R5, r.R6, r.R7, r.R8, r.R9, r.R10, r.R11, r.R12, r.PC]
SAVED_FPRS = r.DREGS[8:16]
WORD = 4
INT_MIN = -0x80000000
# ldr/str reach 4095 bytes from the frame register: slots 0..511 of 8 bytes.
MAX_SLOT = 4095 // model.SLOT_SIZE
VLDR_REACH = 1020
SIGN_FLIP = 1     # soft_copy: FLOAT_NEG
SIGN_CLEAR = 2    # soft_copy: FLOAT_ABS


def _encodable(value: AbstractValue) -> bool:
    return isinstance(value, ConstInt) and encode_imm12(value.value) >= 0


def _negatable(value: AbstractValue) -> bool:
    """A constant whose negation is an immediate (and which negates without wrapping)."""
    return (isinstance(value, ConstInt) and value.value != INT_MIN
            and encode_imm12(-value.value) >= 0)


def _log2(size: int) -> int:
    """The shift that multiplies by `size`, or -1 if it is no power of two."""
    shift = 0
    while (1 << shift) < size:
        shift += 1
    if (1 << shift) != size:
        return -1
    return shift


class CPU_ARM(AssemblerCPU):
    """The 32-bit ARM backend. `malloc_address`: see AssemblerCPU; `float_abi` is
    "hard", "softfp" or "soft" (armhf, armel-vfp, armel)."""

    def __init__(self, malloc_address: int, float_abi: str) -> None:
        vfp = float_abi != FLOAT_ABI_SOFT
        fprs: list[Register] = []
        if vfp:
            fprs = r.ALLOCATABLE_FPRS
        AssemblerCPU.__init__(self, malloc_address,
                              RegisterClass(r.ALLOCATABLE_GPRS, r.CALLER_SAVED_GPRS),
                              RegisterClass(fprs, r.CALLER_SAVED_FPRS), WORD)
        self.float_abi = float_abi
        self.vfp = vfp
        self.arch = ARCH_V7 if vfp else ARCH_V5TE
        self.words = DoubleWords()
        if not vfp and not check_helpers():
            raise BackendError("armel's soft-float helpers compute wrong results")

    def new_assembler(self, looptoken: LoopToken) -> TraceAssembler:
        return ArmTraceAssembler(self, looptoken)


class ArmTraceAssembler(TraceAssembler):
    """Compiles one trace (a loop or a bridge) into one code block."""

    def __init__(self, cpu: CPU_ARM, looptoken: LoopToken) -> None:
        self.mc = CodeBuilder(cpu.arch, False)
        TraceAssembler.__init__(self, cpu, looptoken, self.mc)
        self.arm = cpu
        self.calls = CallBuilder(self.mc, self.ra, self, cpu.float_abi, cpu.words)
        self.overflow_cond = VS        # what the last _OVF operation left in the flags
        self.pool = LiteralPool(self.mc)     # ARMv5's constants (see load_const)

    def buffer(self) -> CodeBuilder:
        return self.mc

    def return_regs(self) -> list[Register]:
        return [r.RETURN_GPR, r.RETURN_FPR]

    def finish_call(self, op: ResOperation) -> None:
        if op.kind == FLOAT and not self.arm.vfp:
            self.ra.forget_caller_saved()
            offset = self.frame_offset(self.ra.result_slot(op))
            self.mc.store(r.R0, FRAME, offset)
            self.mc.store(r.R1, FRAME, offset + WORD)
            return
        if op.kind == FLOAT and self.arm.float_abi == FLOAT_ABI_SOFTFP:
            self.mc.vmov_d_rr(r.RETURN_FPR, r.R0, r.R1)
        TraceAssembler.finish_call(self, op)

    # -- frame and exits -----------------------------------------------------------------

    def emit_prologue(self) -> None:
        self.mc.push(SAVED)
        if self.arm.vfp:
            self.mc.vpush(SAVED_FPRS)
        self.mc.mov_rr(FRAME, r.R0)

    def emit_epilogue(self) -> None:
        mc = self.mc
        mc.bind(self.epilogue)
        if self.arm.vfp:
            mc.vpop(SAVED_FPRS)
        mc.pop(RESTORED)
        self.pool.flush(False)

    def jump_absolute(self) -> int:
        """`ldr pc, [pc, #-4]` and its literal word (0 for now): the word's position."""
        self.mc.load(r.PC, r.PC, -4)
        position = self.mc.position()
        self.mc.word(0)
        return position

    def emit_stub(self, stub: Stub) -> None:
        # Stubs end in `ldr pc`: a pool fits between two of them with no branch around.
        if self.pool.far():
            self.pool.flush(False)
        self.mc.bind(stub.label)
        self.move_to_exit_slots(stub.locs)
        self.emit_exit_number(stub.number)
        stub.patch_position = self.jump_absolute()
        if stub is self.stubs[len(self.stubs) - 1]:
            self.pool.flush(False)

    # -- constants -----------------------------------------------------------------------

    def load_const(self, reg: Register, value: int) -> None:
        """Any word into `reg`: mov/mvn, movw/movt on ARMv7; on ARMv5 up to two mov/orr
        (or mvn/bic) pieces, else one `ldr rd, [pc, #...]` from a literal pool."""
        if self.arm.arch == ARCH_V7 or imm_cost(ARCH_V5TE, value) <= 2:
            self.mc.load_imm(reg, value)
            return
        self.pool.load(reg, value)

    def emit_operation(self, i: int, op: ResOperation) -> None:
        if self.pool.far():
            self.pool.flush(True)
        TraceAssembler.emit_operation(self, i, op)

    def emit_exit_number(self, number: int) -> None:
        self.load_const(r.R0, number)

    def emit_jump_to_label(self, label: Label) -> None:
        self.mc.b_label(label)

    def emit_jump_to_address(self, address: int) -> None:
        self.mc.patch_word(self.jump_absolute(), address)

    # -- moves (the allocator's Emitter) -------------------------------------------------

    def frame_offset(self, slot: int) -> int:
        if slot > MAX_SLOT:
            raise BackendError("the jitframe would need more than %d slots" % MAX_SLOT)
        return slot * model.SLOT_SIZE

    def vldst_frame(self, load: bool, reg: Register, slot: int) -> None:
        """vldr/vstr of a frame slot; beyond vldr's reach the address goes through ip."""
        offset = self.frame_offset(slot)
        base = FRAME
        if offset > VLDR_REACH:
            self.mc.add_ri(SCRATCH, FRAME, offset & ~1023)
            base = SCRATCH
            offset = offset & 1023
        if load:
            self.mc.load_f64(reg, base, offset)
        else:
            self.mc.store_f64(reg, base, offset)

    def load_float_const(self, dst: Register, value: float) -> None:
        """A double constant into a d register, word by word through ip (d0-d15 are
        s0-s31 pairwise, so each half is one vmov)."""
        mc = self.mc
        for half in range(2):
            self.load_const(SCRATCH, self.arm.words.word(value, half))
            mc.vmov_s_r(r.SREGS[2 * dst.number + half], SCRATCH)

    def emit_move(self, src: Loc, dst: Loc) -> None:
        mc = self.mc
        if self.pool.far():
            # Parallel moves grow with the values moved: never let a literal fall behind.
            self.pool.flush(True)
        if src.is_const():
            if src.kind == FLOAT:
                if dst.is_reg():
                    assert dst.reg is not None
                    self.load_float_const(dst.reg, src.fvalue)
                else:
                    offset = self.frame_offset(dst.slot)
                    for half in range(2):
                        self.load_const(SCRATCH, self.arm.words.word(src.fvalue, half))
                        mc.store(SCRATCH, FRAME, offset + WORD * half)
            elif dst.is_reg():
                assert dst.reg is not None
                self.load_const(dst.reg, src.value)
            else:
                self.load_const(SCRATCH, src.value)
                mc.store(SCRATCH, FRAME, self.frame_offset(dst.slot))
        elif src.is_reg():
            assert src.reg is not None
            if dst.is_reg():
                assert dst.reg is not None
                if src.kind == FLOAT:
                    mc.vmov_dd(dst.reg, src.reg)
                else:
                    mc.mov_rr(dst.reg, src.reg)
            elif src.kind == FLOAT:
                self.vldst_frame(False, src.reg, dst.slot)
            else:
                mc.store(src.reg, FRAME, self.frame_offset(dst.slot))
        elif dst.is_reg():
            assert dst.reg is not None
            if dst.kind == FLOAT:
                self.vldst_frame(True, dst.reg, src.slot)
            else:
                mc.load(dst.reg, FRAME, self.frame_offset(src.slot))
        else:
            # Slot to slot, word by word: a double is two.
            words = 2 if src.kind == FLOAT else 1
            for half in range(words):
                mc.load(SCRATCH, FRAME, self.frame_offset(src.slot) + WORD * half)
                mc.store(SCRATCH, FRAME, self.frame_offset(dst.slot) + WORD * half)

    # -- guards ------------------------------------------------------------------------

    def emit_guard(self, op: ResOperation) -> None:
        """Tests the guard's condition; the failing case branches to its exit path."""
        mc = self.mc
        opnum = op.opnum
        if opnum == rop.GUARD_TRUE or opnum == rop.GUARD_FALSE:
            cond = self.take_fused(op.args[0])
            if cond < 0:
                mc.cmp_ri(self.ra.reg_for(op.args[0], []), 0)
                cond = NE
            if opnum == rop.GUARD_TRUE:
                cond = invert_cond(cond)
            mc.b_label(self.exit_path(op), cond)
        elif opnum == rop.GUARD_VALUE:
            if op.args[0].kind == FLOAT and not self.arm.vfp:
                self.soft_guard_equal(op.args[0], op.args[1])
            elif op.args[0].kind == FLOAT:
                a = self.ra.reg_for(op.args[0], [])
                b = self.ra.reg_for(op.args[1], [a])
                mc.vcmp(a, b)
                mc.vmrs()
            else:
                self.compare(op.args[0], op.args[1])
            mc.b_label(self.exit_path(op), NE)
        elif opnum == rop.GUARD_CLASS:
            obj = self.ra.reg_for(op.args[0], [])
            vtable = op.args[1]
            if _encodable(vtable) or _negatable(vtable):
                mc.load(SCRATCH, obj, 0)
                self.compare_imm(SCRATCH, const_int(vtable))
            else:
                other = self.ra.reg_for(vtable, [obj])
                mc.load(SCRATCH, obj, 0)
                mc.cmp_rr(SCRATCH, other)
            mc.b_label(self.exit_path(op), NE)
        elif opnum == rop.GUARD_NONNULL or opnum == rop.GUARD_ISNULL:
            mc.cmp_ri(self.ra.reg_for(op.args[0], []), 0)
            mc.b_label(self.exit_path(op), EQ if opnum == rop.GUARD_NONNULL else NE)
        elif opnum == rop.GUARD_NO_OVERFLOW:
            mc.b_label(self.exit_path(op), self.overflow_cond)
        else:
            mc.b_label(self.exit_path(op), invert_cond(self.overflow_cond))   # OVERFLOW

    def emit_branch_if_word_set(self, address: int, label: Label) -> None:
        self.load_const(SCRATCH, address)
        self.mc.load(SCRATCH, SCRATCH, 0)
        self.mc.cmp_ri(SCRATCH, 0)
        self.mc.b_label(label, NE)

    # -- integers ------------------------------------------------------------------------

    def compare_imm(self, reg: Register, value: int) -> None:
        """cmp reg, #value when value or -value is an immediate (the caller checked)."""
        if encode_imm12(value) >= 0:
            self.mc.cmp_ri(reg, value)
        else:
            # cmn adds: the same N, Z, V, and C as cmp, for value != 0 and != INT_MIN.
            self.mc.cmn_ri(reg, -value)

    def compare(self, a: AbstractValue, b: AbstractValue) -> None:
        ra = self.ra.reg_for(a, [])
        if _encodable(b) or _negatable(b):
            self.compare_imm(ra, const_int(b))
        else:
            self.mc.cmp_rr(ra, self.ra.reg_for(b, [ra]))

    def keeps_flags(self, op: ResOperation) -> bool:
        """Also the integer operations without overflow check: none uses an S form."""
        return (TraceAssembler.keeps_flags(self, op)
                or rop.INT_ADD <= op.opnum <= rop.INT_INVERT)

    def set_result(self, i: int, op: ResOperation, cond: int) -> None:
        if self.keep_in_flags(i, op, cond):
            return
        self.ra.free_dying(op.args)
        dst = self.ra.result_reg(op, [])
        # Neither mov sets the flags: the second still sees the comparison.
        self.mc.mov_ri(dst, 0)
        self.mc.mov_ri(dst, 1, cond)

    def emit_int_compare(self, i: int, op: ResOperation) -> None:
        zero = zero_compared(op)
        if zero is None or not self.take_zero_flag(zero):
            args = compare_operands(op)
            self.compare(args[0], args[1])
        self.set_result(i, op, INT_COND[op.opnum])

    def emit_int_unary(self, op: ResOperation) -> None:
        src = self.ra.reg_for(op.args[0], [])
        self.ra.free_dying(op.args)
        dst = self.ra.result_reg(op, [])
        if op.opnum == rop.INT_NEG:
            self.mc.rsb_ri(dst, src, 0)
        else:
            self.mc.mvn_rr(dst, src)

    def emit_same_as(self, op: ResOperation) -> None:
        if op.kind == FLOAT and not self.arm.vfp:
            self.soft_copy(op, op.args[0], 0)
        else:
            self.ra.result_in_arg_reg(op, op.args[0], [])

    def emit_int_binop(self, op: ResOperation) -> None:
        mc = self.mc
        opnum = op.opnum
        if rop.INT_ADD_OVF <= opnum <= rop.INT_MUL_OVF:
            self.emit_int_ovf(op)
            return
        a = op.args[0]
        b = op.args[1]
        if opnum != rop.INT_MUL and (_encodable(b) or (
                (opnum == rop.INT_ADD or opnum == rop.INT_SUB) and _negatable(b))):
            src = self.ra.reg_for(a, [])
            self.ra.free_dying(op.args)
            dst = self.ra.result_reg(op, [])
            imm = const_int(b)
            if opnum == rop.INT_SUB:
                opnum = rop.INT_ADD
                imm = -imm
            # adds/subs set Z from the result: a comparison with 0 right after needs no cmp.
            flags = opnum == rop.INT_ADD and self.zero_test_follows(op)
            if flags:
                self.note_zero_flag(op)
            if opnum == rop.INT_ADD and encode_imm12(imm) >= 0:
                if flags:
                    mc.adds_ri(dst, src, imm)
                else:
                    mc.add_ri(dst, src, imm)
            elif opnum == rop.INT_ADD:
                if flags:
                    mc.subs_ri(dst, src, -imm)
                else:
                    mc.sub_ri(dst, src, -imm)
            elif opnum == rop.INT_AND:
                mc.and_ri(dst, src, imm)
            elif opnum == rop.INT_OR:
                mc.orr_ri(dst, src, imm)
            else:
                mc.eor_ri(dst, src, imm)
            return
        ra = self.ra.reg_for(a, [])
        rb = self.ra.reg_for(b, [ra])
        self.ra.free_dying(op.args)
        dst = self.ra.result_reg(op, [])
        flags = (opnum == rop.INT_ADD or opnum == rop.INT_SUB) and self.zero_test_follows(op)
        if flags:
            self.note_zero_flag(op)
        if opnum == rop.INT_ADD and flags:
            mc.adds_rr(dst, ra, rb)
        elif opnum == rop.INT_ADD:
            mc.add_rr(dst, ra, rb)
        elif opnum == rop.INT_SUB and flags:
            mc.subs_rr(dst, ra, rb)
        elif opnum == rop.INT_SUB:
            mc.sub_rr(dst, ra, rb)
        elif opnum == rop.INT_MUL:
            self.mul(dst, ra, rb)
        elif opnum == rop.INT_AND:
            mc.and_rr(dst, ra, rb)
        elif opnum == rop.INT_OR:
            mc.orr_rr(dst, ra, rb)
        else:
            mc.eor_rr(dst, ra, rb)

    def mul(self, dst: Register, ra: Register, rb: Register) -> None:
        # ARMv5 wants the destination to differ from the encoder's `rn` (Rm in the ARM ARM).
        if dst is not ra:
            self.mc.mul(dst, ra, rb)
        elif dst is not rb:
            self.mc.mul(dst, rb, ra)
        else:
            self.mc.mul(SCRATCH, ra, rb)
            self.mc.mov_rr(dst, SCRATCH)

    def emit_int_ovf(self, op: ResOperation) -> None:
        """The operation, leaving its overflow as `self.overflow_cond` in the flags."""
        mc = self.mc
        opnum = op.opnum
        ra = self.ra.reg_for(op.args[0], [])
        b = op.args[1]
        if opnum != rop.INT_MUL_OVF and _encodable(b):
            self.ra.free_dying(op.args)
            dst = self.ra.result_reg(op, [])
            if opnum == rop.INT_ADD_OVF:
                mc.adds_ri(dst, ra, const_int(b))
            else:
                mc.subs_ri(dst, ra, const_int(b))
            self.overflow_cond = VS
            return
        rb = self.ra.reg_for(b, [ra])
        self.ra.free_dying(op.args)
        dst = self.ra.result_reg(op, [])
        if opnum == rop.INT_ADD_OVF:
            mc.adds_rr(dst, ra, rb)
            self.overflow_cond = VS
        elif opnum == rop.INT_SUB_OVF:
            mc.subs_rr(dst, ra, rb)
            self.overflow_cond = VS
        else:
            # The 64-bit product fits 32 bits iff its high word is the low word's sign.
            mc.smull(SCRATCH, SCRATCH2, ra, rb)
            mc.cmp_rr(SCRATCH2, SCRATCH, "asr", 31)
            mc.mov_rr(dst, SCRATCH)
            self.overflow_cond = NE

    def emit_shift(self, op: ResOperation) -> None:
        mc = self.mc
        opnum = op.opnum
        count = op.args[1]
        if isinstance(count, ConstInt):
            src = self.ra.reg_for(op.args[0], [])
            self.ra.free_dying(op.args)
            dst = self.ra.result_reg(op, [])
            amount = count.value & 31
            if amount == 0:
                mc.mov_rr(dst, src)
            elif opnum == rop.INT_LSHIFT:
                mc.lsl_ri(dst, src, amount)
            elif opnum == rop.INT_RSHIFT:
                mc.asr_ri(dst, src, amount)
            else:
                mc.lsr_ri(dst, src, amount)
            return
        rc = self.ra.reg_for(count, [])
        src = self.ra.reg_for(op.args[0], [rc])
        self.ra.free_dying(op.args)
        dst = self.ra.result_reg(op, [])
        if opnum == rop.INT_LSHIFT:
            mc.lsl_rr(dst, src, rc)
        elif opnum == rop.INT_RSHIFT:
            mc.asr_rr(dst, src, rc)
        else:
            mc.lsr_rr(dst, src, rc)

    # -- floats (VFP) -------------------------------------------------------------------

    def emit_float_arith(self, op: ResOperation) -> None:
        mc = self.mc
        opnum = op.opnum
        if not self.arm.vfp:
            if opnum == rop.FLOAT_NEG:
                self.soft_copy(op, op.args[0], SIGN_FLIP)
            elif opnum == rop.FLOAT_ABS:
                self.soft_copy(op, op.args[0], SIGN_CLEAR)
            else:
                self.soft_call(op, HELPERS.binary(opnum), op.args)
            return
        if opnum == rop.FLOAT_NEG or opnum == rop.FLOAT_ABS:
            src = self.ra.reg_for(op.args[0], [])
            self.ra.free_dying(op.args)
            dst = self.ra.result_reg(op, [])
            if opnum == rop.FLOAT_NEG:
                mc.vneg(dst, src)
            else:
                mc.vabs(dst, src)
            return
        ra = self.ra.reg_for(op.args[0], [])
        rb = self.ra.reg_for(op.args[1], [ra])
        self.ra.free_dying(op.args)
        dst = self.ra.result_reg(op, [])
        if opnum == rop.FLOAT_ADD:
            mc.vadd(dst, ra, rb)
        elif opnum == rop.FLOAT_SUB:
            mc.vsub(dst, ra, rb)
        elif opnum == rop.FLOAT_MUL:
            mc.vmul(dst, ra, rb)
        else:
            mc.vdiv(dst, ra, rb)

    def emit_float_compare(self, i: int, op: ResOperation) -> None:
        if not self.arm.vfp:
            self.soft_call(op, HELPERS.binary(op.opnum), op.args)
            return
        ra = self.ra.reg_for(op.args[0], [])
        rb = self.ra.reg_for(op.args[1], [ra])
        self.mc.vcmp(ra, rb)
        self.mc.vmrs()
        self.set_result(i, op, FLOAT_COND[op.opnum])

    def emit_cast(self, op: ResOperation) -> None:
        mc = self.mc
        if not self.arm.vfp:
            self.soft_call(op, HELPERS.cast(op.opnum), op.args)
            return
        src = self.ra.reg_for(op.args[0], [])
        if op.opnum == rop.CAST_INT_TO_FLOAT:
            mc.vmov_s_r(r.SCRATCH_SPR, src)
            self.ra.free_dying(op.args)
            mc.vcvt_f64_s32(self.ra.result_reg(op, []), r.SCRATCH_SPR)
        else:
            # vcvt (not vcvtr) rounds toward zero, as the cast must.
            mc.vcvt_s32_f64(r.SCRATCH_SPR, src)
            self.ra.free_dying(op.args)
            mc.vmov_r_s(self.ra.result_reg(op, []), r.SCRATCH_SPR)

    # -- floats on armel: in jitframe slots, through core registers and helper calls ------
    # With no FPU there is no register class for floats: every float value lives in a
    # slot of its own (the allocator's `slot_of`), or is a constant.

    def soft_word(self, src: Loc, half: int, dst: Register) -> None:
        self.calls.load_double_word(src, half, dst)

    def soft_copy(self, op: ResOperation, arg: AbstractValue, sign: int) -> None:
        """SAME_AS_F (sign 0), FLOAT_NEG (SIGN_FLIP), FLOAT_ABS (SIGN_CLEAR): the sign is
        bit 31 of the high word."""
        src = self.ra.loc(arg)
        self.ra.free_dying(op.args)
        offset = self.frame_offset(self.ra.result_slot(op))
        for half in range(2):
            self.soft_word(src, half, SCRATCH)
            if half == 1 and sign == SIGN_FLIP:
                self.mc.eor_ri(SCRATCH, SCRATCH, INT_MIN)
            elif half == 1 and sign == SIGN_CLEAR:
                self.mc.bic_ri(SCRATCH, SCRATCH, INT_MIN)
            self.mc.store(SCRATCH, FRAME, offset + WORD * half)

    def soft_call(self, op: ResOperation, helper: int, args: list[AbstractValue]) -> None:
        """An operation done by a helper call; the result as a call's (finish_call)."""
        self.ra.spill_caller_saved()
        self.calls.emit_call(const_loc(ConstInt(helper)), self.arg_locs(args))
        self.finish_call(op)

    def soft_guard_equal(self, a: AbstractValue, b: AbstractValue) -> None:
        """GUARD_VALUE of floats: the helper's 0 means not equal (NaN included). The
        guard's fail_args are read after the call, so every value in a caller-saved
        register moves to its slot first, even one whose last use is this guard."""
        keep: list[AbstractValue] = []
        for value in self.ra.reg_of:
            if self.ra.gprs.is_caller_saved(self.ra.reg_of[value]):
                keep.append(value)
        for value in keep:
            self.ra.spill(value)
        self.calls.emit_call(const_loc(ConstInt(HELPERS.binary(rop.FLOAT_EQ))),
                             self.arg_locs([a, b]))
        self.mc.cmp_ri(r.RETURN_GPR, 1)


    # -- allocation ----------------------------------------------------------------------

    def emit_array_size(self, length: Loc, descr: ArrayDescr, dst: Loc) -> None:
        mc = self.mc
        self.emit_move(length, reg_loc(SCRATCH, INT))
        shift = _log2(descr.item_size)
        if shift > 0:
            mc.lsl_ri(SCRATCH, SCRATCH, shift)
        elif shift < 0:
            self.load_const(SCRATCH2, descr.item_size)
            mc.mul(SCRATCH, SCRATCH2, SCRATCH)
        self.load_const(SCRATCH2, descr.base_offset)
        mc.add_rr(SCRATCH, SCRATCH, SCRATCH2)
        self.emit_move(reg_loc(SCRATCH, INT), dst)

    def emit_store_to_result(self, value: Loc, offset: int) -> None:
        self.emit_move(value, reg_loc(SCRATCH, INT))
        self.store_int(SCRATCH, r.RETURN_GPR, offset, WORD)

    # -- memory --------------------------------------------------------------------------

    def address(self, base: Register, disp: int, reach: int) -> Register:
        """The base register for an access at base + disp by an instruction whose offset
        reaches `reach` bytes: `base` itself when disp fits (the caller then uses disp),
        else ip holding base + disp (the caller uses offset 0). `base` may be ip."""
        if -reach <= disp <= reach:
            return base
        self.load_const(SCRATCH2, disp)
        self.mc.add_rr(SCRATCH, base, SCRATCH2)
        return SCRATCH

    def load_int(self, dst: Register, base: Register, disp: int, size: int,
                 signed: bool) -> None:
        mc = self.mc
        if size == 4 or (size == 1 and not signed):
            at = self.address(base, disp, 4095)
            offset = disp if at is base else 0
            if size == 4:
                mc.load(dst, at, offset)
            else:
                mc.load_u8(dst, at, offset)
        elif size == 2 or size == 1:
            # ldrh, ldrsh and ldrsb have an 8-bit offset.
            at = self.address(base, disp, 255)
            offset = disp if at is base else 0
            if size == 1:
                mc.load_i8(dst, at, offset)
            elif signed:
                mc.load_i16(dst, at, offset)
            else:
                mc.load_u16(dst, at, offset)
        else:
            raise BackendError("no %d-byte integers on a 32-bit target" % size)

    def store_int(self, src: Register, base: Register, disp: int, size: int) -> None:
        mc = self.mc
        if size == 4 or size == 1:
            at = self.address(base, disp, 4095)
            offset = disp if at is base else 0
            if size == 4:
                mc.store(src, at, offset)
            else:
                mc.store8(src, at, offset)
        elif size == 2:
            at = self.address(base, disp, 255)
            mc.store16(src, at, disp if at is base else 0)
        else:
            raise BackendError("no %d-byte integers on a 32-bit target" % size)

    def float_access(self, load: bool, reg: Register, base: Register, disp: int,
                     aligned: bool) -> None:
        """vldr/vstr when the address is known to be word-aligned (they fault
        otherwise, whatever the alignment checking), else word by word through lr
        and the two s registers of `reg` (ldr/str allow unaligned addresses on ARMv7)."""
        mc = self.mc
        if aligned and disp % 4 == 0:
            at = self.address(base, disp, VLDR_REACH)
            offset = disp if at is base else 0
            if load:
                mc.load_f64(reg, at, offset)
            else:
                mc.store_f64(reg, at, offset)
            return
        at = self.address(base, disp, 4095 - WORD)
        offset = disp if at is base else 0
        for half in range(2):
            sreg = r.SREGS[2 * reg.number + half]
            if load:
                mc.load(SCRATCH2, at, offset + WORD * half)
                mc.vmov_s_r(sreg, SCRATCH2)
            else:
                mc.vmov_r_s(SCRATCH2, sreg)
                mc.store(SCRATCH2, at, offset + WORD * half)

    def emit_memory(self, op: ResOperation) -> None:
        """Field, array and raw accesses: base + disp (+ index << log2(scale)); with an
        index, [base, index, lsl #n] when ldr/str/ldrb/strb can and there is no disp,
        else the indexed address computed into ip first."""
        access = decode_memory(op, WORD, 4095)
        # Every operand is in a register before ip is used for the address.
        base = self.ra.reg_for(access.base, [])
        forbidden = [base]
        index: Register | None = None
        if access.index is not None:
            index = self.ra.reg_for(access.index, forbidden)
            forbidden.append(index)
        value = access.value
        is_float = access.size == 8 and (op.kind == FLOAT or (
            value is not None and value.kind == FLOAT))
        # GC objects keep their doubles aligned; raw memory may hold them anywhere.
        aligned = not (rop.RAW_LOAD_I <= op.opnum <= rop.RAW_STORE)
        if is_float and not self.arm.vfp:
            self.soft_memory(op, value, self.indexed(base, index, access.scale),
                             access.disp)
            return
        # [base, index, lsl #n] for words, byte stores and unsigned byte loads at disp 0.
        reg_offset = (index is not None and access.disp == 0 and not is_float and (
            access.size == WORD or (access.size == 1 and (value is not None
                                                          or not access.signed))))
        if value is not None:
            src = self.ra.reg_for(value, forbidden)
            if reg_offset and index is not None:
                self.access_rr(False, src, base, index, access.size, _log2(access.scale))
                return
            at = self.indexed(base, index, access.scale)
            if is_float:
                self.float_access(False, src, at, access.disp, aligned)
            else:
                self.store_int(src, at, access.disp, access.size)
            return
        self.ra.free_dying(op.args)
        dst = self.ra.result_reg(op, [])
        if reg_offset and index is not None:
            self.access_rr(True, dst, base, index, access.size, _log2(access.scale))
            return
        at = self.indexed(base, index, access.scale)
        if is_float:
            self.float_access(True, dst, at, access.disp, aligned)
        else:
            self.load_int(dst, at, access.disp, access.size, access.signed)

    def soft_memory(self, op: ResOperation, value: AbstractValue | None, base: Register,
                    disp: int) -> None:
        """armel: a double moves between memory and its slot (or from a constant) one
        word at a time through lr. (A raw double at an address that is not a multiple
        of 4 relies on the kernel's alignment fixup on real ARMv5 hardware.)"""
        at = self.address(base, disp, 4095 - WORD)
        offset = disp if at is base else 0
        if value is not None:
            src = self.ra.loc(value)
            for half in range(2):
                self.soft_word(src, half, SCRATCH2)
                self.mc.store(SCRATCH2, at, offset + WORD * half)
            return
        self.ra.free_dying(op.args)
        slot_offset = self.frame_offset(self.ra.result_slot(op))
        for half in range(2):
            self.mc.load(SCRATCH2, at, offset + WORD * half)
            self.mc.store(SCRATCH2, FRAME, slot_offset + WORD * half)

    def access_rr(self, load: bool, reg: Register, base: Register, index: Register,
                  size: int, shift: int) -> None:
        """ldr/str (a word) or ldrb/strb (a byte) of `reg` at [base, index, lsl #shift]."""
        if load and size == WORD:
            self.mc.load_rr(reg, base, index, shift)
        elif load:
            self.mc.load_u8_rr(reg, base, index, shift)
        elif size == WORD:
            self.mc.store_rr(reg, base, index, shift)
        else:
            self.mc.store8_rr(reg, base, index, shift)

    def indexed(self, base: Register, index: Register | None, scale: int) -> Register:
        if index is None:
            return base
        self.mc.add_rr(SCRATCH, base, index, "lsl", _log2(scale))
        return SCRATCH
