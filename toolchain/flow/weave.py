"""Weaving the JIT into a portal: what a `jit_merge_point` becomes with `jit=1`.

The hint becomes a call of the driver's generated hook, then, when the hook says the JIT
ran, a reload of every green and red (or a return, when the portal finished inside the
JIT).  Because every variable live at the merge point is a green or a red, reloading them
is exactly re-entering the portal at its merge point: RPython's ContinueRunningNormally
without an exception, since exceptions here are plain C returns.

The hook's first argument says whether this arrival comes from the portal's start (a
call of the portal, which counts towards function_threshold) or from inside its loop:
the portal translated with the JIT is a copy whose first statement sets the local
`ENTRY` (toolchain/jitweave.py); the woven jit_merge_point passes it and clears it,
`can_enter_jit` passes False.  As in RPython, a driver that has a `can_enter_jit`
counts and enters compiled code only there and at the portal's entry: its
jit_merge_point, reached at every instruction of a bytecode interpreter, calls the
hook only on the entry (loops start at back edges, not at whichever instruction got
hot first, and the interpreter skips the hook's hashing at every other instruction).

The statements are written as Python and built like the user's own code; the hook and
its helpers are bound as closure constants of the portal, so no module is touched.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, Callable

from toolchain.rlib.jit import JitDriver

HOOK_NAMES = ("jit_merge_point", "can_enter_jit")
STATUS = "_kiln_jit_status"
ENTRY = "_kiln_jit_entry"


@dataclass
class Weave:
    """The generated functions woven in for one driver (see toolchain/jitweave.py)."""

    hook: Callable[..., int]          # (entry, greens..., reds...) -> 0 | 1 | 2 | 3
    getters: list[Callable[..., Any]]         # one per green/red: (current) -> new value
    result: Callable[[], Any] | None          # the portal's return value; None: void
    reraise: Callable[[], None] | None = None  # status 3: re-raises what escaped the JIT
    entry_only: bool = False      # the driver has a can_enter_jit (see the docstring)
    closure: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.closure = {"_kiln_jit_hook": self.hook, "_kiln_jit_result": self.result,
                        "_kiln_jit_reraise": self.reraise}
        for i, getter in enumerate(self.getters):
            self.closure[f"_kiln_jit_get{i}"] = getter


def woven_driver(node: ast.Expr, resolve: Callable[[str], Any]) -> JitDriver | None:
    """The driver of a `driver.jit_merge_point(...)` statement, else None."""
    call = node.value
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr in HOOK_NAMES and isinstance(call.func.value, ast.Name)):
        return None
    try:
        driver = resolve(call.func.value.id)
    except KeyError:
        return None
    return driver if isinstance(driver, JitDriver) else None


def woven_statements(node: ast.Expr, driver: JitDriver, weave: Weave) -> list[ast.stmt]:
    """The statements replacing one hint; its arguments are checked by the caller."""
    call = node.value
    assert isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
    given = {k.arg: k.value for k in call.keywords}
    names = []
    for name in driver.greens + driver.reds:
        value = given.get(name)
        names.append(value.id if isinstance(value, ast.Name) else None)
    args = ", ".join(n or "None" for n in names)
    if call.func.attr == "jit_merge_point" and weave.entry_only:
        lines = [f"{STATUS} = 0", f"if {ENTRY}:",
                 f"    {STATUS} = _kiln_jit_hook(True, {args})", f"{ENTRY} = False"]
    elif call.func.attr == "jit_merge_point":
        lines = [f"{STATUS} = _kiln_jit_hook({ENTRY}, {args})", f"{ENTRY} = False"]
    else:
        lines = [f"{STATUS} = _kiln_jit_hook(False, {args})"]
    lines.append(f"if {STATUS} != 0:")
    if weave.reraise:
        lines += [f"    if {STATUS} == 3:", "        _kiln_jit_reraise()"]
    lines += [f"    if {STATUS} == 2:",
              "        return _kiln_jit_result()" if weave.result else "        return"]
    for i, name in enumerate(names):
        lines.append(f"    {name} = _kiln_jit_get{i}({name})")
    statements = ast.parse("\n".join(lines)).body
    for stmt in statements:
        for sub in ast.walk(stmt):
            ast.copy_location(sub, node)
    return statements


def unnamed_arguments(node: ast.Expr, driver: JitDriver) -> list[str]:
    """Greens and reds passed as something other than a plain local variable."""
    call = node.value
    assert isinstance(call, ast.Call)
    return [k.arg for k in call.keywords if k.arg in driver.greens + driver.reds
            and not isinstance(k.value, ast.Name)]
