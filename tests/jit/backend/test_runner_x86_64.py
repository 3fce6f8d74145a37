"""The shared backend suite on the x86-64 backend, executing natively."""

from __future__ import annotations

import platform

import pytest
from runner import helpers
from runner.suite import BackendSuite

from jit.backend.model import AbstractCPU
from jit.backend.x86_64.assembler import CPU_X86_64

pytestmark = pytest.mark.skipif(platform.machine() != "x86_64",
                                reason="the x86-64 backend runs natively on an x86-64 host")


class TestX86_64(BackendSuite):
    def make_cpu(self) -> AbstractCPU:
        return CPU_X86_64(helpers.MALLOC)
