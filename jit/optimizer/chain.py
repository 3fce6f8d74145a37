"""The chain of passes for one optimization run: an `Optimizer` with the enabled passes in
RPython's order, and a typed handle on each (None when disabled), through which loop
peeling asks a pass what it knows and tells it what to assume."""

from __future__ import annotations

from jit.metainterp.resoperation import ResOperation
from jit.optimizer.base import Optimizer
from jit.optimizer.heap import OptHeap
from jit.optimizer.intbounds import OptIntBounds
from jit.optimizer.pure import OptPure
from jit.optimizer.rewrite import OptRewrite
from jit.optimizer.virtualize import OptVirtualize


class Chain:
    def __init__(self, names: list[str]) -> None:
        """`names`: the passes to run, in the order they run (see parse_enable_opts)."""
        self.optimizer = Optimizer()
        self.intbounds: OptIntBounds | None = None
        self.rewrite: OptRewrite | None = None
        self.virtualize: OptVirtualize | None = None
        self.pure: OptPure | None = None
        self.heap: OptHeap | None = None
        passes = self.optimizer.passes
        for name in names:
            if name == "intbounds":
                intbounds = OptIntBounds(self.optimizer, len(passes))
                self.intbounds = intbounds
                passes.append(intbounds)
            elif name == "rewrite":
                rewrite = OptRewrite(self.optimizer, len(passes))
                self.rewrite = rewrite
                passes.append(rewrite)
            elif name == "virtualize":
                virtualize = OptVirtualize(self.optimizer, len(passes))
                self.virtualize = virtualize
                passes.append(virtualize)
            elif name == "pure":
                pure = OptPure(self.optimizer, len(passes))
                self.pure = pure
                passes.append(pure)
            elif name == "heap":
                heap = OptHeap(self.optimizer, len(passes))
                self.heap = heap
                passes.append(heap)

    def run(self, operations: list[ResOperation]) -> list[ResOperation]:
        return self.optimizer.propagate_all(operations)
