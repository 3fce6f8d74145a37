"""x86-64 calls from compiled code to C, under the SysV ABI: the ABI only.

Ints and refs go in rdi, rsi, rdx, rcx, r8, r9 and floats in xmm0-xmm7, the rest on the
stack, 8 bytes each in order, with the stack 16-byte aligned at the call (compiled code
keeps rsp aligned between calls; shared: jit/backend/callbuilder.py). The function
address travels in rax, which is not an argument register. The result comes back in rax
or xmm0. Written in Kiln's subset.
"""

from __future__ import annotations

from jit.backend import callbuilder
from jit.backend.codebuf import Register
from jit.backend.regalloc import Emitter, Loc, RegAlloc, reg_loc
from jit.backend.x86_64.codebuilder import CodeBuilder
from jit.backend.x86_64.registers import (ARG_FPRS, ARG_GPRS, RAX, RSP, SCRATCH_FPR,
                                          SCRATCH_GPR)
from jit.metainterp.resoperation import FLOAT, INT


class CallBuilder(callbuilder.CallBuilder):
    def __init__(self, mc: CodeBuilder, ra: RegAlloc, emitter: Emitter) -> None:
        callbuilder.CallBuilder.__init__(self, ra, emitter, ARG_GPRS, ARG_FPRS, RAX)
        self.mc = mc

    def reserve_stack(self, size: int) -> None:
        self.mc.sub_ri(RSP, size)

    def release_stack(self, size: int) -> None:
        self.mc.add_ri(RSP, size)

    def store_stack_arg(self, arg: Loc, offset: int) -> None:
        if arg.kind == FLOAT:
            self.emitter.emit_move(arg, reg_loc(SCRATCH_FPR, FLOAT))
            self.mc.store_f64(SCRATCH_FPR, RSP, offset, None, 1)
        else:
            self.emitter.emit_move(arg, reg_loc(SCRATCH_GPR, INT))
            self.mc.store(SCRATCH_GPR, RSP, offset, None, 1)

    def call_reg(self, reg: Register) -> None:
        self.mc.call_r(reg)
