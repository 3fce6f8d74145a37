"""ARMv5 literal pools: a constant that takes more than two mov/orr (or mvn/bic) pieces
is loaded with `ldr rd, [pc, #...]` from a word placed after the code. Written in Kiln's
subset.

Pools go where the flow never falls through (after the epilogue, between exit stubs) or,
once the oldest pending load is POOL_FLUSH bytes behind (ldr reaches 4 KB), right where
the code is, behind a branch around them (a branch leaves the flags alone, so a pool may
sit between a comparison and the guard that tests it).
"""

from __future__ import annotations

from jit.backend.arm.codebuilder import CodeBuilder, load_literal_word
from jit.backend.codebuf import Register

# A pending literal load is resolved once it is this far behind: nothing emitted between
# two checks comes near the 4095 - POOL_FLUSH bytes left.
POOL_FLUSH = 2048


class LiteralPool:
    """The pending `ldr rd, [pc, #...]` sites of one trace and the words they load."""

    def __init__(self, mc: CodeBuilder) -> None:
        self.mc = mc
        self.sites: list[int] = []
        self.regs: list[Register] = []
        self.values: list[int] = []

    def load(self, reg: Register, value: int) -> None:
        """`ldr reg, <literal value>`, the literal placed by a later `flush`."""
        if self.far():
            self.flush(True)
        self.sites.append(self.mc.position())
        self.regs.append(reg)
        self.values.append(value)
        self.mc.word(load_literal_word(reg, 8))     # re-encoded by flush

    def far(self) -> bool:
        """The oldest pending load is far enough behind to place the pool now."""
        return len(self.sites) > 0 and self.mc.position() - self.sites[0] > POOL_FLUSH

    def flush(self, branch_around: bool) -> None:
        """Emit the pending literals here (each value once) and point their loads at
        them; inside the code, a branch jumps over the pool."""
        if len(self.sites) == 0:
            return
        mc = self.mc
        after = mc.new_label()
        if branch_around:
            mc.b_label(after)
        placed: dict[int, int] = {}
        for i in range(len(self.sites)):
            value = self.values[i]
            if value not in placed:
                placed[value] = mc.position()
                mc.word(value)
            site = self.sites[i]
            mc.patch_word(site, load_literal_word(self.regs[i], placed[value] - site))
        self.sites = []
        self.regs = []
        self.values = []
        if branch_around:
            mc.bind(after)
