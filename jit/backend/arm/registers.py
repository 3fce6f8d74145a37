"""32-bit ARM register file: encodings and the AAPCS allocation classes (no allocation logic).

VFPv3-D16 (armhf, armel-vfp) has d0-d15. The single-precision views s0-s31 are needed
only to convert between integers and doubles. armel (ARMv5TE) has no VFP at all.
"""

from __future__ import annotations

from jit.backend.codebuf import KIND_FPR, KIND_GPR, KIND_SPR, Register

_RNAMES = ["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12",
           "sp", "lr", "pc"]
RREGS = [Register(_RNAMES[n], n, KIND_GPR) for n in range(16)]
DREGS = [Register("d%d" % n, n, KIND_FPR) for n in range(16)]
SREGS = [Register("s%d" % n, n, KIND_SPR) for n in range(32)]

(R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, SP, LR, PC) = RREGS
(D0, D1, D2, D3, D4, D5, D6, D7, D8, D9, D10, D11, D12, D13, D14, D15) = DREGS
(S0, S1, S2, S3, S4, S5, S6, S7, S8, S9, S10, S11, S12, S13, S14, S15,
 S16, S17, S18, S19, S20, S21, S22, S23, S24, S25, S26, S27, S28, S29, S30, S31) = SREGS

FP = R11
IP = R12
ARG_GPRS = [R0, R1, R2, R3]
RETURN_GPR = R0
# Hard-float calls pass doubles in d0-d7; softfp calls pass them in core register pairs.
ARG_FPRS = DREGS[:8]
RETURN_FPR = D0
CALLEE_SAVED_GPRS = [R4, R5, R6, R7, R8, R9, R10, R11]
CALLER_SAVED_GPRS = [R0, R1, R2, R3, R12]
CALLEE_SAVED_FPRS = DREGS[8:16]
CALLER_SAVED_FPRS = DREGS[:8]

# -- allocation classes (read by jit.backend.regalloc through the assembler) ---------------
# r11 holds the jitframe for the whole run of compiled code: it is callee-saved, so calls
# keep it, and it is the register AAPCS code uses as a frame pointer anyway. r12 (ip) is
# the scratch register of moves and calls; lr is a second scratch (far addresses, smull's
# high word, armel's double words) and the call target of `blx lr`: the prologue saves
# it, and a call clobbers it anyway. d15 (s30/s31) is the VFP scratch of float
# constants, conversions and stack arguments. None of them is handed to a value.
FRAME_REG = R11
SCRATCH_GPR = IP
SCRATCH2_GPR = LR
SCRATCH_FPR = D15
SCRATCH_SPR = S30
# Caller-saved registers first: free in traces without calls; values the allocator keeps
# across calls land in the callee-saved ones (the loop prologue saves r4-r10, d8-d15).
ALLOCATABLE_GPRS = [R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10]
ALLOCATABLE_FPRS = DREGS[:15]
