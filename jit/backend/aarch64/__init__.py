"""The AArch64 backend (ARMv8-A, AAPCS64, FP/SIMD scalar doubles)."""
