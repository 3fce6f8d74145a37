"""What the call builders of the 64-bit backends share: a call passes ints and refs in
the ABI's integer argument registers and doubles in its float argument registers, in
order of appearance within each class, and the rest on the stack, one 8-byte slot each
in order of appearance, in an area rounded up to 16 bytes (SysV x86-64 and AAPCS64 both).

Written in Kiln's subset. A backend's CallBuilder subclasses `CallBuilder` with its
argument registers, the register the function address travels in (neither an argument
register nor one its moves use as scratch) and four instructions: reserve and release
stack, store one stack argument, call through a register.

The caller (the assembler) has already moved every value that lives past the call out of
the caller-saved registers; the argument registers are filled by one parallel move, so an
argument may sit in another argument's register. Stack arguments are stored first, since
their sources may be argument registers.
"""

from __future__ import annotations

from jit.backend.codebuf import Register
from jit.backend.regalloc import Emitter, Loc, RegAlloc, parallel_move, reg_loc
from jit.metainterp.resoperation import FLOAT, INT


class CallBuilder:
    def __init__(self, ra: RegAlloc, emitter: Emitter, arg_gprs: list[Register],
                 arg_fprs: list[Register], func_reg: Register) -> None:
        self.ra = ra
        self.emitter = emitter
        self.arg_gprs = arg_gprs
        self.arg_fprs = arg_fprs
        self.func_reg = func_reg

    # -- what a backend provides ---------------------------------------------------------

    def reserve_stack(self, size: int) -> None:
        raise NotImplementedError

    def release_stack(self, size: int) -> None:
        raise NotImplementedError

    def store_stack_arg(self, arg: Loc, offset: int) -> None:
        """Store `arg` (any location) at [stack pointer + offset]."""
        raise NotImplementedError

    def call_reg(self, reg: Register) -> None:
        raise NotImplementedError

    # -- the call ------------------------------------------------------------------------

    def emit_call(self, func: Loc, args: list[Loc]) -> None:
        """Call the function at `func` with `args` (ints/refs as words, floats as doubles)."""
        reg_srcs: list[Loc] = []
        reg_dsts: list[Loc] = []
        stack: list[Loc] = []
        ints = 0
        floats = 0
        for arg in args:
            if arg.kind == FLOAT:
                if floats < len(self.arg_fprs):
                    reg_srcs.append(arg)
                    reg_dsts.append(reg_loc(self.arg_fprs[floats], FLOAT))
                    floats += 1
                else:
                    stack.append(arg)
            elif ints < len(self.arg_gprs):
                reg_srcs.append(arg)
                reg_dsts.append(reg_loc(self.arg_gprs[ints], arg.kind))
                ints += 1
            else:
                stack.append(arg)
        stack_bytes = (len(stack) * 8 + 15) // 16 * 16
        if stack_bytes > 0:
            self.reserve_stack(stack_bytes)
            for i in range(len(stack)):
                self.store_stack_arg(stack[i], 8 * i)
        reg_srcs.append(func)
        reg_dsts.append(reg_loc(self.func_reg, INT))
        parallel_move(self.emitter, reg_srcs, reg_dsts, self.ra.move_slot())
        self.call_reg(self.func_reg)
        if stack_bytes > 0:
            self.release_stack(stack_bytes)
