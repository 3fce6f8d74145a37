"""AArch64 register file: encodings and the AAPCS64 allocation classes (no allocation logic).

Register number 31 means the stack pointer in some operand positions and the zero
register in others, so `SP` and `XZR` are distinct records with the same number and the
encoder checks which one each position accepts.
"""

from __future__ import annotations

from jit.backend.codebuf import KIND_FPR, KIND_GPR, KIND_SP, KIND_ZR, Register

XREGS = [Register("x%d" % n, n, KIND_GPR) for n in range(31)]
DREGS = [Register("d%d" % n, n, KIND_FPR) for n in range(32)]
SP = Register("sp", 31, KIND_SP)
XZR = Register("xzr", 31, KIND_ZR)

(X0, X1, X2, X3, X4, X5, X6, X7, X8, X9, X10, X11, X12, X13, X14, X15,
 X16, X17, X18, X19, X20, X21, X22, X23, X24, X25, X26, X27, X28, X29, X30) = XREGS
(D0, D1, D2, D3, D4, D5, D6, D7, D8, D9, D10, D11, D12, D13, D14, D15,
 D16, D17, D18, D19, D20, D21, D22, D23, D24, D25, D26, D27, D28, D29, D30, D31) = DREGS

FP = X29
LR = X30
ARG_GPRS = XREGS[:8]
ARG_FPRS = DREGS[:8]
RETURN_GPR = X0
RETURN_FPR = D0
CALLEE_SAVED_GPRS = XREGS[19:29]
# x16/x17 are the intra-procedure-call scratch registers; x18 is the platform register.
SCRATCH_GPRS = [X16, X17]
CALLER_SAVED_GPRS = XREGS[:16]
# Only the low 64 bits of d8-d15 survive a call; a double lives exactly there.
CALLEE_SAVED_FPRS = DREGS[8:16]
CALLER_SAVED_FPRS = DREGS[:8] + DREGS[16:]

# -- allocation classes (read by jit.backend.regalloc through the assembler) ---------------
# x19 holds the jitframe for the whole run of compiled code (callee-saved, so calls keep
# it). x16 is the scratch register of moves and constants, x17 of call targets and
# addresses; d31 is the float scratch. x18 (platform), x29/x30 (frame record, link) and
# sp are never allocated either.
FRAME_REG = X19
SCRATCH_GPR = X16
SCRATCH2_GPR = X17
SCRATCH_FPR = D31
# Caller-saved registers first: they are free in a trace without calls, and values the
# allocator keeps across calls land in the callee-saved ones at the end.
ALLOCATABLE_GPRS = XREGS[:16] + XREGS[20:29]
ALLOCATABLE_FPRS = DREGS[:8] + DREGS[16:31] + DREGS[8:16]
# What a loop's prologue saves: every callee-saved register a trace may use, and the
# frame record (x29, x30: the link register is clobbered by calls).
SAVED_GPRS = [X29, X30] + XREGS[19:29]
SAVED_FPRS = DREGS[8:16]
