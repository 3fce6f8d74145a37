"""The shared backend suite on the AArch64 backend, under the target's pinned QEMU: the
hand-written cases, 1000 random traces and the random bridges (runner/qemu_suite.py)."""

from __future__ import annotations

from runner.qemu_suite import Backend

BACKEND = Backend("aarch64", "from jit.backend.aarch64.assembler import CPU_AARCH64",
                  "CPU_AARCH64(malloc)")

test_suite_cases, test_random_traces, test_random_bridges = BACKEND.tests(__file__)
