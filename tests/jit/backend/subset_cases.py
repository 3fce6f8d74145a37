"""Writes a backend's golden and error cases as one subset program, so that the encoders
can be checked translated against the very goldens GNU as made (test_translated_encoders).

The program has one function per case and prints, per case, its number and the emitted
bytes in hex, or `error: MESSAGE`. Calls are rewritten the way translated code has to make
them: every argument positional (the translator accepts neither keyword arguments nor
defaults in method calls), conditions as ints, and constants as the target's signed
machine word (the encoders take a word as signed or unsigned; translated, it is signed).
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from encoder_harness import Cond

from jit.backend.codebuf import Register


@dataclass(frozen=True)
class SubsetBackend:
    builder: type                  # the CodeBuilder class
    builder_module: str            # where it is imported from
    registers: ModuleType
    constructor: str               # the builder's construction, all arguments given
    word_bits: int                 # the target's word


class Untranslatable(Exception):
    """A case whose operands a translated program cannot even express."""


def _register_names(registers: ModuleType) -> dict[int, str]:
    names: dict[int, str] = {}
    for name, value in vars(registers).items():
        if isinstance(value, Register) and name.isupper():
            names.setdefault(id(value), name)
    return names


def _render(value: Any, backend: SubsetBackend, names: dict[int, str]) -> str:
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        bits = backend.word_bits
        if not -(1 << (bits - 1)) <= value < (1 << bits):
            raise Untranslatable(f"{value} is not a {bits}-bit word")
        value &= (1 << bits) - 1
        return str(value - (1 << bits) if value >> (bits - 1) else value)
    if isinstance(value, Register):
        return names[id(value)]
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_render(item, backend, names) for item in value) + "]"
    raise Untranslatable(f"no subset spelling for {value!r}")


def positional_call(call: str, backend: SubsetBackend, namespace: dict[str, Any]) -> str:
    """`call` ("method(args, kw=...)") with every argument positional and rendered."""
    node = ast.parse(call, mode="eval").body
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name), call

    def value(expr: ast.expr) -> Any:
        return eval(compile(ast.Expression(expr), "<case>", "eval"), dict(namespace))
    method = node.func.id
    bound = inspect.signature(getattr(backend.builder, method)).bind(
        None, *[value(a) for a in node.args], **{k.arg: value(k.value) for k in node.keywords})
    bound.apply_defaults()
    names = _register_names(backend.registers)
    args = [_render(a, backend, names) for a in list(bound.arguments.values())[1:]]
    return f"{method}({', '.join(args)})"


def program_source(groups: Sequence[tuple[SubsetBackend, Sequence[str]]]
                   ) -> tuple[str, list[int]]:
    """One program for the calls of every (backend, calls) group, numbered across the
    groups, and the numbers it contains (the rest are untranslatable)."""
    modules = sorted({(b.builder_module, b.registers.__name__) for b, _ in groups})
    assert len(modules) == 1, "one program serves the builders of one backend module"
    builder_module, registers_module = modules[0]
    lines = ["import os", "",
             f"from {builder_module} import CodeBuilder",
             f"from {registers_module} import *  # noqa: F403",
             "from jit.backend.codebuf import EncodingError", "",
             'DIGITS = "0123456789abcdef"', "", "",
             "def report(number, b):",
             "    parts = []",
             "    for byte in b.getvalue():",
             "        parts.append(DIGITS[byte >> 4] + DIGITS[byte & 15])",
             '    return "%d %s" % (number, " ".join(parts))', ""]
    included = []
    number = 0
    for backend, calls in groups:
        namespace: dict[str, Any] = {k: v for k, v in vars(backend.registers).items()
                                     if not k.startswith("_")}
        namespace["Cond"] = Cond
        for call in calls:
            try:
                source = positional_call(call, backend, namespace)
            except Untranslatable:
                number += 1
                continue
            included.append(number)
            lines += ["", f"def case{number}():",
                      f"    b = {backend.constructor}",
                      "    try:",
                      f"        b.{source}",
                      "    except EncodingError as e:",
                      f'        return "{number} error: " + e.message',
                      f"    return report({number}, b)", ""]
            number += 1
    lines += ["", "def entry_point(argv):", "    out = []"]
    lines += [f"    out.append(case{n}())" for n in included]
    lines += ['    os.write(1, ("\\n".join(out) + "\\n").encode("latin-1"))', "    return 0"]
    return "\n".join(lines) + "\n", included
