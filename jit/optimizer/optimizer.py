"""The optimizer's driver: `optimize_trace(inputargs, operations, enable_opts)`.

`enable_opts` names the passes to run, separated by colons, as RPython's
`--jit enable_opts=...` does.  The passes always run in RPython's order (intbounds,
rewrite, virtualize, pure, heap), whatever the order of the names: each pass relies on
the ones before it having simplified its input.  `unroll` is not a pass of the chain but
a way of running it: a loop is optimized twice, as a preamble and as a peeled body
(see `unroll`).
"""

from __future__ import annotations

from jit.metainterp.resoperation import InputArg, ResOperation
from jit.optimizer.chain import Chain
from jit.optimizer.unroll import optimize_loop, peeled_label

ALL_OPTS = ["intbounds", "rewrite", "virtualize", "pure", "heap", "unroll"]
DEFAULT_ENABLE_OPTS = "intbounds:rewrite:virtualize:pure:heap:unroll"


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
    names = parse_enable_opts(enable_opts)
    passes = [name for name in names if name != "unroll"]
    if "unroll" in names:
        start = peeled_label(operations)
        if start >= 0:
            return optimize_loop(passes, operations, start)
    return Chain(passes).run(operations)
