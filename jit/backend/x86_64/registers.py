"""x86-64 register file: encodings and the SysV allocation classes (no allocation logic)."""

from __future__ import annotations

from jit.backend.codebuf import KIND_FPR, KIND_GPR, Register

RAX = Register("rax", 0, KIND_GPR)
RCX = Register("rcx", 1, KIND_GPR)
RDX = Register("rdx", 2, KIND_GPR)
RBX = Register("rbx", 3, KIND_GPR)
RSP = Register("rsp", 4, KIND_GPR)
RBP = Register("rbp", 5, KIND_GPR)
RSI = Register("rsi", 6, KIND_GPR)
RDI = Register("rdi", 7, KIND_GPR)
R8 = Register("r8", 8, KIND_GPR)
R9 = Register("r9", 9, KIND_GPR)
R10 = Register("r10", 10, KIND_GPR)
R11 = Register("r11", 11, KIND_GPR)
R12 = Register("r12", 12, KIND_GPR)
R13 = Register("r13", 13, KIND_GPR)
R14 = Register("r14", 14, KIND_GPR)
R15 = Register("r15", 15, KIND_GPR)
GPRS = [RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15]

XMMS = [Register("xmm%d" % n, n, KIND_FPR) for n in range(16)]
(XMM0, XMM1, XMM2, XMM3, XMM4, XMM5, XMM6, XMM7,
 XMM8, XMM9, XMM10, XMM11, XMM12, XMM13, XMM14, XMM15) = XMMS

ARG_GPRS = [RDI, RSI, RDX, RCX, R8, R9]
ARG_FPRS = XMMS[:8]
RETURN_GPR = RAX
RETURN_FPR = XMM0
CALLEE_SAVED_GPRS = [RBX, RBP, R12, R13, R14, R15]
CALLER_SAVED_GPRS = [RAX, RCX, RDX, RSI, RDI, R8, R9, R10, R11]
# Every xmm register is caller-saved under SysV.
CALLER_SAVED_FPRS = XMMS
# r11 is the scratch register of call sequences (neither argument nor callee-saved).
SCRATCH_GPR = R11

# -- allocation classes (read by jit.backend.regalloc through the assembler) ---------------
# rbp holds the jitframe (the spill and exit-value slots) for the whole run of compiled
# code; rsp is the machine stack; r11 and xmm15 are the scratch registers of moves, calls
# and float constants, so none of the four is ever handed to a value.
FRAME_REG = RBP
SCRATCH_FPR = XMM15
# Caller-saved registers come first: they are free to use in a trace without calls, and
# values the allocator keeps across calls land in the callee-saved ones at the end.
ALLOCATABLE_GPRS = [RAX, RCX, RDX, RSI, RDI, R8, R9, R10, RBX, R12, R13, R14, R15]
ALLOCATABLE_FPRS = XMMS[:15]
