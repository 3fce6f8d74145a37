"""Assembling: a flattened, colored instruction list becomes a JitCode.

Each Variable operand becomes its register; each Constant goes to the constant pool of
the kind its argcode letter says (ints: ints, bools and symbolics; refs: None is 0, any
other prebuilt object a `PrebuiltAddress`; floats).
"""

from __future__ import annotations

from typing import Any

from jit.codewriter.descrs import kind_of_type
from jit.codewriter.jitcode import JitCode, JitCodeBuilder, Label
from jit.codewriter.regalloc import Insn
from jit.metainterp import resoperation as rop
from toolchain.flow.model import Constant, Variable
from toolchain.rlib.symbolic import PrebuiltAddress, Symbolic

LETTER_KIND = {"i": rop.INT, "r": rop.REF, "f": rop.FLOAT}


def constant_value(letter: str, value: Any) -> Any:
    """What the constant pool of kind `letter` holds for a flow-graph constant."""
    if letter == "i":
        if isinstance(value, Symbolic):
            return value
        if isinstance(value, (bool, int)):
            return int(value)
        raise TypeError(f"{value!r} is not an int constant")
    if letter == "f":
        return float(value)
    return 0 if value is None else PrebuiltAddress(value)


class Assembler:
    def __init__(self, name: str, colors: dict[Variable, int]) -> None:
        self.colors = colors
        counts = {rop.INT: 0, rop.REF: 0, rop.FLOAT: 0}
        for v, n in colors.items():
            kind = kind_of_type(v.concretetype)
            counts[kind] = max(counts[kind], n + 1)
        self.builder = JitCodeBuilder(name, counts[rop.INT], counts[rop.REF],
                                      counts[rop.FLOAT])
        self.pcs: dict[Insn, int] = {}

    def operand(self, letter: str, value: Any) -> Any:
        if isinstance(value, Variable):
            assert kind_of_type(value.concretetype) == LETTER_KIND[letter], (letter, value)
            return self.colors[value]
        assert isinstance(value, Constant), value
        pool = constant_value(letter, value.value)
        if letter == "i":
            return self.builder.const_i(pool)
        if letter == "r":
            return self.builder.const_r(pool)
        return self.builder.const_f(pool)

    def assemble(self, code: list[Any]) -> JitCode:
        for item in code:
            if isinstance(item, Label):
                self.builder.mark(item)
                continue
            operands: list[Any] = []
            for letter, arg in zip(item.letters(), item.args):
                if letter in "IRF":
                    operands.append([self.operand(letter.lower(), a) for a in arg])
                elif letter in "irf":
                    operands.append(self.operand(letter, arg))
                else:
                    operands.append(arg)        # d, j, c: ints; L: a Label
            self.pcs[item] = self.builder.emit(item.opname, *operands)
        return self.builder.finish()
