"""Symbolic ints in prebuilt data: offsets, sizes and addresses the C compiler fills in
(what the JIT's descrs and jitcodes are built from), on a 64-bit and a 32-bit target."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolchain.rlib.rawmem import WORD, FuncSig
from toolchain.rlib.symbolic import FieldOffset, FunctionAddress, SymbolicError

PROGRAM = Path(__file__).parent / "jitsupport" / "symbolic_program.py"


@pytest.mark.parametrize("target_name", ["x86_64", "armhf"])
def test_symbolics_translate_to_the_c_compilers_numbers(build_and_run, targets_by_name,
                                                       target_name: str) -> None:
    result = build_and_run(PROGRAM, targets_by_name[target_name], ["a", "b"])
    # x = len(argv) + 4, y = 7, a = 1; the vtable matches; add(3, 4) through the wrapper;
    # kiln_list.length is the first field
    assert (result.returncode, result.stdout) == (0, b"7 7 1 True True 34 0 12\n"), \
        result.stderr


def test_untranslated_function_address_is_callable() -> None:
    address = FunctionAddress(lambda a, b: a - b, 2, [WORD, WORD], WORD)
    assert FuncSig([WORD, WORD], WORD).call(address.value(), 10, 3) == 7


def test_untranslated_offset_has_no_value() -> None:
    class Point:
        pass

    with pytest.raises(SymbolicError, match="only in translated code"):
        int(FieldOffset(Point, "x"))
