"""32-bit ARM calls from compiled code to C, under the AAPCS: the ABI only.

Ints and refs go in r0-r3, then on the stack (4 bytes each). Doubles depend on the float
ABI of the target:
- "hard" (armhf): in d0-d7, then on the stack, 8-byte aligned; the result in d0.
- "softfp" (armel-vfp): in an even/odd core register pair (r0:r1 or r2:r3, skipping an odd
  register), or, once those run out, on the stack 8-byte aligned, after which no core
  register is used any more; the result in r0:r1. The arithmetic is still VFP, so the
  values travel through d registers on the way.
- "soft" (armel): no VFP unit. Doubles pass as under softfp, straight from the jitframe
  slots or constants where armel keeps every float (see assembler.py).
The stack stays 8-byte aligned at the call (the loop prologue keeps sp aligned). The
function address goes to lr, which no argument and no move of the assembler uses, and the
call is `blx lr`. Written in Kiln's subset.

The caller (the assembler) has already moved every value that lives past the call out of
the caller-saved registers. Stack arguments are stored first (their sources may be
argument registers); then one parallel move fills the argument registers and lr. A softfp
double is first moved to a caller-saved d register of its own (d0, d1) by that same
parallel move, and copied to its core pair afterwards (armel loads the pair from the
slot or constant instead): a core pair is never the source of another argument by then,
since every core argument is already in place.
"""

from __future__ import annotations

from jit.backend.arm.codebuilder import CodeBuilder, encode_imm12
from jit.backend.arm.registers import (ARG_FPRS, ARG_GPRS, DREGS, FRAME_REG, LR, RREGS,
                                       SCRATCH_FPR, SCRATCH_GPR, SP)
from jit.backend.codebuf import Register
from jit.backend.model import SLOT_SIZE, BackendError
from jit.backend.regalloc import Emitter, Loc, RegAlloc, const_loc, parallel_move, reg_loc
from jit.metainterp.resoperation import FLOAT, INT, ConstInt
from toolchain.rlib.rarithmetic import intmask
from toolchain.rlib.rawmem import raw_load_byte, raw_malloc, raw_store_double

FLOAT_ABI_HARD = "hard"
FLOAT_ABI_SOFTFP = "softfp"
FLOAT_ABI_SOFT = "soft"

_VSTR_REACH = 1020     # vstr's largest offset from sp


def _align8(size: int) -> int:
    return (size + 7) // 8 * 8


class DoubleWords:
    """Splits double constants into their two words (through a scratch buffer, byte by
    byte, so that untranslated on a 64-bit host it gives the 32-bit target's words)."""

    def __init__(self) -> None:
        self.scratch = raw_malloc(8)

    def word(self, value: float, half: int) -> int:
        """The low (half 0) or high (half 1) word of `value`'s bits."""
        raw_store_double(self.scratch, 0, value)
        word = 0
        for i in range(4):
            word |= raw_load_byte(self.scratch, 4 * half + i) << (8 * i)
        return intmask(word)


class CallBuilder:
    def __init__(self, mc: CodeBuilder, ra: RegAlloc, emitter: Emitter, float_abi: str,
                 words: DoubleWords) -> None:
        self.mc = mc
        self.ra = ra
        self.emitter = emitter
        self.float_abi = float_abi
        self.words = words

    def emit_call(self, func: Loc, args: list[Loc]) -> None:
        """Call the function at `func` with `args` (ints/refs as words, floats as doubles).
        The result is in r0, or in d0 (hard) or r0:r1 (softfp and soft: the assembler
        moves it on, since only it knows the result's kind)."""
        reg_srcs: list[Loc] = []
        reg_dsts: list[Loc] = []
        stack_srcs: list[Loc] = []
        stack_offsets: list[int] = []
        pair_srcs: list[Loc] = []      # softfp/soft: doubles in core register pairs
        pair_lows: list[int] = []      # and each pair's first core register number
        core = 0                       # next core argument register
        vfp = 0                        # next d argument register (hard-float)
        stack = 0
        for arg in args:
            if arg.kind == FLOAT:
                if self.float_abi == FLOAT_ABI_HARD:
                    if vfp < len(ARG_FPRS):
                        reg_srcs.append(arg)
                        reg_dsts.append(reg_loc(ARG_FPRS[vfp], FLOAT))
                        vfp += 1
                        continue
                else:
                    core += core % 2
                    if core <= len(ARG_GPRS) - 2:
                        if self.float_abi == FLOAT_ABI_SOFTFP:
                            # Staged in a d register of its own (see the module doc).
                            reg_srcs.append(arg)
                            reg_dsts.append(reg_loc(DREGS[len(pair_lows)], FLOAT))
                        pair_srcs.append(arg)
                        pair_lows.append(core)
                        core += 2
                        continue
                    core = len(ARG_GPRS)
                stack = _align8(stack)
                stack_srcs.append(arg)
                stack_offsets.append(stack)
                stack += 8
            elif core < len(ARG_GPRS):
                reg_srcs.append(arg)
                reg_dsts.append(reg_loc(ARG_GPRS[core], arg.kind))
                core += 1
            else:
                stack_srcs.append(arg)
                stack_offsets.append(stack)
                stack += 4
        stack_bytes = _align8(stack)
        mc = self.mc
        if stack_bytes > 0:
            self.add_sp(-stack_bytes)
            for i in range(len(stack_srcs)):
                src = stack_srcs[i]
                offset = stack_offsets[i]
                if src.kind != FLOAT:
                    self.emitter.emit_move(src, reg_loc(SCRATCH_GPR, INT))
                    mc.store(SCRATCH_GPR, SP, offset)
                elif self.float_abi == FLOAT_ABI_SOFT:
                    for half in range(2):
                        self.load_double_word(src, half, SCRATCH_GPR)
                        mc.store(SCRATCH_GPR, SP, offset + 4 * half)
                else:
                    if offset > _VSTR_REACH:
                        raise BackendError("too many stack arguments for one call")
                    self.emitter.emit_move(src, reg_loc(SCRATCH_FPR, FLOAT))
                    mc.store_f64(SCRATCH_FPR, SP, offset)
        reg_srcs.append(func)
        reg_dsts.append(reg_loc(LR, INT))
        parallel_move(self.emitter, reg_srcs, reg_dsts, self.ra.move_slot())
        for i in range(len(pair_lows)):
            low = pair_lows[i]
            if self.float_abi == FLOAT_ABI_SOFTFP:
                mc.vmov_rr_d(RREGS[low], RREGS[low + 1], DREGS[i])
            else:
                self.load_double_word(pair_srcs[i], 0, RREGS[low])
                self.load_double_word(pair_srcs[i], 1, RREGS[low + 1])
        mc.blx(LR)
        if stack_bytes > 0:
            self.add_sp(stack_bytes)

    def load_double_word(self, src: Loc, half: int, dst: Register) -> None:
        """armel: one word of a double that lives in a frame slot or is a constant."""
        if src.is_const():
            self.emitter.emit_move(const_loc(ConstInt(self.words.word(src.fvalue, half))),
                                   reg_loc(dst, INT))
        elif src.is_frame():
            offset = src.slot * SLOT_SIZE + 4 * half
            if offset > 4095:
                raise BackendError("the jitframe is deeper than ldr reaches")
            self.mc.load(dst, FRAME_REG, offset)
        else:
            raise BackendError("armel keeps no double in a register")

    def add_sp(self, amount: int) -> None:
        size = amount if amount > 0 else -amount
        if encode_imm12(size) < 0:
            raise BackendError("too many stack arguments for one call")
        if amount > 0:
            self.mc.add_ri(SP, SP, size)
        else:
            self.mc.sub_ri(SP, SP, size)
