"""32-bit ARM calls from compiled code to C, under the AAPCS: the ABI only.

Ints and refs go in r0-r3, then on the stack (4 bytes each). Doubles depend on the float
ABI of the target:
- "hard" (armhf): in d0-d7, then on the stack, 8-byte aligned; the result in d0.
- "softfp" (armel-vfp): in an even/odd core register pair (r0:r1 or r2:r3, skipping an odd
  register), or, once those run out, on the stack 8-byte aligned, after which no core
  register is used any more; the result in r0:r1. The arithmetic is still VFP, so the
  values travel through d registers on the way.
- "soft" (armel): no VFP unit; the assembler rejects floats before a call is built.
The stack stays 8-byte aligned at the call (the loop prologue keeps sp aligned). The
function address goes to lr, which no argument and no move of the assembler uses, and the
call is `blx lr`. Written in Kiln's subset.

The caller (the assembler) has already moved every value that lives past the call out of
the caller-saved registers. Stack arguments are stored first (their sources may be
argument registers); then one parallel move fills the argument registers and lr. A softfp
double is first moved to a caller-saved d register of its own (d0, d1) by that same
parallel move, and copied to its core pair afterwards: a core pair is never the source of
another argument by then, since every core argument is already in place.
"""

from __future__ import annotations

from jit.backend.arm.codebuilder import CodeBuilder, encode_imm12
from jit.backend.arm.registers import (ARG_FPRS, ARG_GPRS, DREGS, LR, RREGS, SCRATCH_FPR,
                                       SCRATCH_GPR, SP)
from jit.backend.model import BackendError
from jit.backend.regalloc import Emitter, Loc, RegAlloc, parallel_move, reg_loc
from jit.metainterp.resoperation import FLOAT, INT

FLOAT_ABI_HARD = "hard"
FLOAT_ABI_SOFTFP = "softfp"
FLOAT_ABI_SOFT = "soft"

_VSTR_REACH = 1020     # vstr's largest offset from sp


def _align8(size: int) -> int:
    return (size + 7) // 8 * 8


class CallBuilder:
    def __init__(self, mc: CodeBuilder, ra: RegAlloc, emitter: Emitter,
                 float_abi: str) -> None:
        self.mc = mc
        self.ra = ra
        self.emitter = emitter
        self.float_abi = float_abi

    def emit_call(self, func: Loc, args: list[Loc]) -> None:
        """Call the function at `func` with `args` (ints/refs as words, floats as doubles).
        The result is in r0, or in d0 (hard) or r0:r1 (softfp: the assembler moves it to
        d0, since only it knows the result's kind)."""
        reg_srcs: list[Loc] = []
        reg_dsts: list[Loc] = []
        stack_srcs: list[Loc] = []
        stack_offsets: list[int] = []
        pair_lows: list[int] = []      # softfp: the pair's first core register number
        core = 0                       # next core argument register
        vfp = 0                        # next d argument register (hard-float)
        stack = 0
        for arg in args:
            if arg.kind == FLOAT:
                if self.float_abi == FLOAT_ABI_SOFT:
                    raise BackendError("armel has no FPU: no calls with float arguments")
                if self.float_abi == FLOAT_ABI_HARD and vfp < len(ARG_FPRS):
                    reg_srcs.append(arg)
                    reg_dsts.append(reg_loc(ARG_FPRS[vfp], FLOAT))
                    vfp += 1
                    continue
                if self.float_abi == FLOAT_ABI_SOFTFP:
                    core += core % 2
                    if core <= len(ARG_GPRS) - 2:
                        reg_srcs.append(arg)
                        reg_dsts.append(reg_loc(DREGS[len(pair_lows)], FLOAT))
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
                if src.kind == FLOAT:
                    if stack_offsets[i] > _VSTR_REACH:
                        raise BackendError("too many stack arguments for one call")
                    self.emitter.emit_move(src, reg_loc(SCRATCH_FPR, FLOAT))
                    mc.store_f64(SCRATCH_FPR, SP, stack_offsets[i])
                else:
                    self.emitter.emit_move(src, reg_loc(SCRATCH_GPR, INT))
                    mc.store(SCRATCH_GPR, SP, stack_offsets[i])
        reg_srcs.append(func)
        reg_dsts.append(reg_loc(LR, INT))
        parallel_move(self.emitter, reg_srcs, reg_dsts, self.ra.move_slot())
        for i in range(len(pair_lows)):
            low = pair_lows[i]
            mc.vmov_rr_d(RREGS[low], RREGS[low + 1], DREGS[i])
        mc.blx(LR)
        if stack_bytes > 0:
            self.add_sp(stack_bytes)

    def add_sp(self, amount: int) -> None:
        size = amount if amount > 0 else -amount
        if encode_imm12(size) < 0:
            raise BackendError("too many stack arguments for one call")
        if amount > 0:
            self.mc.add_ri(SP, SP, size)
        else:
            self.mc.sub_ri(SP, SP, size)
