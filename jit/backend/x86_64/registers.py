"""x86-64 register file: encodings and the SysV allocation classes (no allocation logic)."""

from __future__ import annotations

from jit.backend.codebuf import Register

_GPR_NAMES = ("rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
              "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15")

GPRS = tuple(Register(name, n, "gpr") for n, name in enumerate(_GPR_NAMES))
XMMS = tuple(Register(f"xmm{n}", n, "fpr") for n in range(16))

(RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI,
 R8, R9, R10, R11, R12, R13, R14, R15) = GPRS
(XMM0, XMM1, XMM2, XMM3, XMM4, XMM5, XMM6, XMM7,
 XMM8, XMM9, XMM10, XMM11, XMM12, XMM13, XMM14, XMM15) = XMMS

ARG_GPRS = (RDI, RSI, RDX, RCX, R8, R9)
ARG_FPRS = XMMS[:8]
RETURN_GPR = RAX
RETURN_FPR = XMM0
CALLEE_SAVED_GPRS = (RBX, RBP, R12, R13, R14, R15)
CALLER_SAVED_GPRS = (RAX, RCX, RDX, RSI, RDI, R8, R9, R10, R11)
# Every xmm register is caller-saved under SysV.
CALLER_SAVED_FPRS = XMMS
# r11 is the scratch register of call sequences (neither argument nor callee-saved).
SCRATCH_GPR = R11
