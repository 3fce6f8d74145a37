"""JIT hints, with RPython's names and signatures.

On CPython every hint is a no-op, so an interpreter runs untranslated unchanged.  The
translator recognises them by identity: without the JIT they translate to nothing (or
the identity), with it the codewriter turns them into jitcode operations.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class JitDriver:
    """Marks an interpreter's dispatch loop: `greens` identify a position in the user
    program, `reds` are everything else live at the merge point."""

    def __init__(self, greens: Sequence[str] = (), reds: Sequence[str] = (),
                 get_printable_location: Callable[..., str] | None = None,
                 name: str = "jitdriver") -> None:
        self.greens = list(greens)
        self.reds = list(reds)
        self.get_printable_location = get_printable_location
        self.name = name

    def jit_merge_point(self, **live: Any) -> None:
        """Marks the top of the dispatch loop; every green and red is passed by name."""

    def can_enter_jit(self, **live: Any) -> None:
        """Marks a backward jump in the user program, where a loop may start."""


def elidable(func: F) -> F:
    """The function's result depends only on its arguments and it has no side effects."""
    func._elidable_function_ = True  # type: ignore[attr-defined]
    return func


def dont_look_inside(func: F) -> F:
    """The tracer calls the function instead of tracing through it."""
    func._jit_look_inside_ = False  # type: ignore[attr-defined]
    return func


def unroll_safe(func: F) -> F:
    """The function's loops may be unrolled while tracing."""
    func._jit_unroll_safe_ = True  # type: ignore[attr-defined]
    return func


def promote(value: Any) -> Any:
    """Asks the JIT to treat a red value as a constant after a guard."""
    return value


# Any value may be promoted (an int, a float, a string, an instance of any class): the
# annotator gives promote one graph per kind of argument, as RPython's
# `@specialize.argtype(0)` does, and the codewriter knows each by its `func`.
promote._annspecialcase_ = "specialize:argtype(0)"  # type: ignore[attr-defined]


def set_param(driver: JitDriver, name: str, value: int) -> None:
    """Sets the JIT parameter `name` (threshold, trace_eagerness, ...) at run time, for
    every driver (as `--jit` does).  A no-op untranslated and without the JIT; with it,
    an unknown name or a value out of range leaves the parameters unchanged."""


def we_are_jitted() -> bool:
    """True only in code compiled by the JIT."""
    return False
