"""The optimizer's driver: `optimize_trace(inputargs, operations, enable_opts)`.

`enable_opts` names the passes to run, separated by colons, as RPython's
`--jit enable_opts=...` does.  The passes always run in RPython's order (intbounds,
rewrite, virtualize, pure, heap), whatever the order of the names: each pass relies on
the ones before it having simplified its input.
"""

from __future__ import annotations

from jit.metainterp.resoperation import InputArg, ResOperation
from jit.optimizer.base import Optimizer
from jit.optimizer.heap import OptHeap
from jit.optimizer.intbounds import OptIntBounds
from jit.optimizer.pure import OptPure
from jit.optimizer.rewrite import OptRewrite
from jit.optimizer.virtualize import OptVirtualize

ALL_OPTS = ["intbounds", "rewrite", "virtualize", "pure", "heap"]
DEFAULT_ENABLE_OPTS = "intbounds:rewrite:virtualize:pure:heap"


class BadEnableOpts(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


def parse_enable_opts(text: str) -> list[str]:
    """The pass names in `text`, checked, in the order they run."""
    names: list[str] = []
    if text != "":
        names = text.split(":")
    for name in names:
        if name not in ALL_OPTS:
            raise BadEnableOpts("enable_opts: unknown optimization '" + name
                                + "' (known: " + ", ".join(ALL_OPTS) + ")")
    return [name for name in ALL_OPTS if name in names]


def optimize_trace(inputargs: list[InputArg], operations: list[ResOperation],
                   enable_opts: str) -> list[ResOperation]:
    """The optimized operations: new operation objects (the input is left unchanged) over
    the same inputargs.  Raises InvalidLoop when a guard is certain to fail and
    BadEnableOpts for an unknown pass name."""
    optimizer = Optimizer()
    for name in parse_enable_opts(enable_opts):
        position = len(optimizer.passes)
        if name == "intbounds":
            optimizer.passes.append(OptIntBounds(optimizer, position))
        elif name == "rewrite":
            optimizer.passes.append(OptRewrite(optimizer, position))
        elif name == "virtualize":
            optimizer.passes.append(OptVirtualize(optimizer, position))
        elif name == "pure":
            optimizer.passes.append(OptPure(optimizer, position))
        else:
            optimizer.passes.append(OptHeap(optimizer, position))
    return optimizer.propagate_all(operations)
