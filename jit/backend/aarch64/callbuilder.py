"""AArch64 calls from compiled code to C, under AAPCS64: the ABI only.

Ints and refs go in x0-x7 and doubles in d0-d7, in order of appearance within each
class; the rest go on the stack, 8 bytes each in order of appearance (AAPCS64 gives every
word or double argument its own 8-byte slot), in an area rounded up to 16 bytes, since
sp must stay 16-byte aligned. The function address travels in x17 (IP1), which is no
argument register and which the moves into the argument registers never use (their
scratch is x16). The result comes back in x0 or d0. Written in Kiln's subset.

The caller (the assembler) has already moved every value that lives past the call out of
the caller-saved registers; the argument registers are filled by one parallel move, so an
argument may sit in another argument's register.
"""

from __future__ import annotations

from jit.backend.aarch64.codebuilder import CodeBuilder
from jit.backend.aarch64.registers import (ARG_FPRS, ARG_GPRS, SCRATCH2_GPR, SCRATCH_FPR,
                                           SCRATCH_GPR, SP)
from jit.backend.regalloc import Emitter, Loc, RegAlloc, parallel_move, reg_loc
from jit.metainterp.resoperation import FLOAT, INT


class CallBuilder:
    def __init__(self, mc: CodeBuilder, ra: RegAlloc, emitter: Emitter) -> None:
        self.mc = mc
        self.ra = ra
        self.emitter = emitter

    def emit_call(self, func: Loc, args: list[Loc]) -> None:
        """Call the function at `func` with `args` (ints/refs as words, floats as doubles)."""
        reg_srcs: list[Loc] = []
        reg_dsts: list[Loc] = []
        stack: list[Loc] = []
        ints = 0
        floats = 0
        for arg in args:
            if arg.kind == FLOAT:
                if floats < len(ARG_FPRS):
                    reg_srcs.append(arg)
                    reg_dsts.append(reg_loc(ARG_FPRS[floats], FLOAT))
                    floats += 1
                else:
                    stack.append(arg)
            elif ints < len(ARG_GPRS):
                reg_srcs.append(arg)
                reg_dsts.append(reg_loc(ARG_GPRS[ints], arg.kind))
                ints += 1
            else:
                stack.append(arg)
        stack_bytes = (len(stack) * 8 + 15) // 16 * 16
        if stack_bytes > 0:
            self.mc.sub_ri(SP, SP, stack_bytes)
            for i in range(len(stack)):
                # Stack arguments first: their sources may be argument registers.
                if stack[i].kind == FLOAT:
                    self.emitter.emit_move(stack[i], reg_loc(SCRATCH_FPR, FLOAT))
                    self.mc.store_f64(SCRATCH_FPR, SP, 8 * i)
                else:
                    self.emitter.emit_move(stack[i], reg_loc(SCRATCH_GPR, INT))
                    self.mc.store(SCRATCH_GPR, SP, 8 * i)
        reg_srcs.append(func)
        reg_dsts.append(reg_loc(SCRATCH2_GPR, INT))
        parallel_move(self.emitter, reg_srcs, reg_dsts, self.ra.move_slot())
        self.mc.blr(SCRATCH2_GPR)
        if stack_bytes > 0:
            self.mc.add_ri(SP, SP, stack_bytes)
