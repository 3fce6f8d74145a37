"""AArch64 calls from compiled code to C, under AAPCS64: the ABI only.

Ints and refs go in x0-x7, doubles in d0-d7, the rest in 8-byte stack slots in order of
appearance (AAPCS64 on Linux gives every word or double its own slot), in an area
rounded up to 16 bytes since sp stays 16-byte aligned (shared: jit/backend/callbuilder.py).
The function address travels in x17 (IP1): no argument register, and the moves into the
argument registers use only x16 as scratch. The result comes back in x0 or d0. Written
in Kiln's subset.
"""

from __future__ import annotations

from jit.backend import callbuilder
from jit.backend.aarch64.codebuilder import CodeBuilder
from jit.backend.aarch64.registers import (ARG_FPRS, ARG_GPRS, SCRATCH2_GPR, SCRATCH_FPR,
                                           SCRATCH_GPR, SP)
from jit.backend.codebuf import Register
from jit.backend.regalloc import Emitter, Loc, RegAlloc, reg_loc
from jit.metainterp.resoperation import FLOAT, INT


class CallBuilder(callbuilder.CallBuilder):
    def __init__(self, mc: CodeBuilder, ra: RegAlloc, emitter: Emitter) -> None:
        callbuilder.CallBuilder.__init__(self, ra, emitter, ARG_GPRS, ARG_FPRS,
                                         SCRATCH2_GPR)
        self.mc = mc

    def reserve_stack(self, size: int) -> None:
        self.mc.sub_ri(SP, SP, size)

    def release_stack(self, size: int) -> None:
        self.mc.add_ri(SP, SP, size)

    def store_stack_arg(self, arg: Loc, offset: int) -> None:
        if arg.kind == FLOAT:
            self.emitter.emit_move(arg, reg_loc(SCRATCH_FPR, FLOAT))
            self.mc.store_f64(SCRATCH_FPR, SP, offset)
        else:
            self.emitter.emit_move(arg, reg_loc(SCRATCH_GPR, INT))
            self.mc.store(SCRATCH_GPR, SP, offset)

    def call_reg(self, reg: Register) -> None:
        self.mc.blr(reg)
