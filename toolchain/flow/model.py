"""The flow-graph data model shared by every translator stage.

A function becomes a `FunctionGraph`: `Block`s of `SpaceOperation`s joined by `Link`s.
Values are `Variable`s (each assigned exactly once, SSA style) or `Constant`s.  A block's
`inputargs` receive the values its incoming links carry, so no stage needs phi nodes.
The names follow RPython's flow model so that its literature applies directly.

The annotator attaches types in a side table; the rtyper then sets `concretetype` on
every value and rewrites the operations into low-level ones in place.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

_counter = itertools.count()


@dataclass(frozen=True)
class Location:
    """Where a piece of a graph came from in the user's source."""

    filename: str
    lineno: int
    funcname: str

    def __str__(self) -> str:
        return f"{self.filename}:{self.lineno}"


class Variable:
    __slots__ = ("hint", "nr", "concretetype")

    def __init__(self, hint: str = "v") -> None:
        self.hint = hint
        self.nr = next(_counter)
        self.concretetype: Any = None

    def __repr__(self) -> str:
        return f"{self.hint}_{self.nr}"


class Constant:
    __slots__ = ("value", "concretetype")

    def __init__(self, value: Any, concretetype: Any = None) -> None:
        self.value = value
        self.concretetype = concretetype

    def __repr__(self) -> str:
        return f"Const({self.value!r})"


Value = Variable | Constant


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


# The exitswitch of a block whose last operation may raise: its exits are the normal
# link (exitcase None) and one exception link (exitcase "exception").
LAST_EXCEPTION = Constant(_Marker("last_exception"))
# In an exception link's args: the exception instance that was just caught.
CAUGHT_EXCEPTION = Constant(_Marker("caught_exception"))


class SpaceOperation:
    __slots__ = ("opname", "args", "result", "loc")

    def __init__(self, opname: str, args: list[Value], result: Variable,
                 loc: Location | None = None) -> None:
        self.opname = opname
        self.args = args
        self.result = result
        self.loc = loc

    def __repr__(self) -> str:
        return f"{self.result} = {self.opname}({', '.join(map(repr, self.args))})"


class Link:
    __slots__ = ("args", "target", "exitcase", "prevblock")

    def __init__(self, args: list[Value], target: Block, exitcase: Any = None) -> None:
        self.args = args
        self.target = target
        self.exitcase = exitcase
        self.prevblock: Block | None = None


class Block:
    __slots__ = ("inputargs", "operations", "exits", "exitswitch", "nr")

    def __init__(self, inputargs: list[Variable]) -> None:
        self.inputargs = inputargs
        self.operations: list[SpaceOperation] = []
        self.exits: list[Link] = []
        self.exitswitch: Value | None = None
        self.nr = next(_counter)

    def closeblock(self, *links: Link) -> None:
        assert not self.exits, "block already closed"
        for link in links:
            link.prevblock = self
        self.exits = list(links)

    @property
    def is_final(self) -> bool:
        return not self.exits

    @property
    def raising_op(self) -> SpaceOperation | None:
        """The operation whose exception the block's exception link catches, if any."""
        return self.operations[-1] if self.exitswitch is LAST_EXCEPTION else None

    def __repr__(self) -> str:
        return f"Block#{self.nr}({self.inputargs})"


@dataclass(eq=False)
class FunctionGraph:
    name: str
    startblock: Block
    returnblock: Block
    exceptblock: Block
    func: Callable[..., Any] | None
    loc: Location
    defaults: tuple[Any, ...] = ()
    argnames: list[str] = field(default_factory=list)
    has_varargs: bool = False  # the last argname is `*args`, a tuple of fixed length

    def iterblocks(self) -> Iterator[Block]:
        """Every reachable block, in a stable depth-first order (stable C output)."""
        seen: set[int] = set()
        stack = [self.startblock]
        while stack:
            block = stack.pop()
            if id(block) in seen:
                continue
            seen.add(id(block))
            yield block
            stack.extend(reversed([link.target for link in block.exits]))

    def iterlinks(self) -> Iterator[Link]:
        for block in self.iterblocks():
            yield from block.exits

    def __repr__(self) -> str:
        return f"<graph {self.name}>"
