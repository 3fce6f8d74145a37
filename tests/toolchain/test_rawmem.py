"""Code memory and calls through an address (toolchain/rlib/rawmem.py), translated for
every target and run under QEMU: a few bytes of the target's own machine code are
written to W^X memory, made executable, and called through a FuncSig.  Untranslated,
the same program runs the x86-64 bytes through ctypes."""

from __future__ import annotations

import platform
import textwrap
from pathlib import Path

import pytest
from conftest import TARGETS, run_untranslated

# add(a, b) for each ABI, checked with the cross binutils' objdump
ADD_CODE = {
    "x86_64": "488d0437c3",                 # lea (%rdi,%rsi),%rax; ret
    "i686": "8b44240403442408c3",           # mov 4(%esp),%eax; add 8(%esp),%eax; ret
    "aarch64": "0000018bc0035fd6",          # add x0, x0, x1; ret
    "armhf": "010080e01eff2fe1",            # add r0, r0, r1; bx lr (ARM state)
}
ADD_CODE["armel-vfp"] = ADD_CODE["armel"] = ADD_CODE["armhf"]

PROGRAM = textwrap.dedent("""
    import os

    from toolchain.rlib.rawmem import (
        WORD, FuncSig, code_alloc, code_free, code_make_executable, flush_icache,
        malloc_function_address, raw_load_word, raw_store_byte,
    )

    ADD = FuncSig([WORD, WORD], WORD)
    MALLOC = FuncSig([WORD], WORD)


    def entry_point(argv):
        hexcode = argv[1]
        size = 4096
        code = code_alloc(size)
        for i in range(len(hexcode) // 2):
            raw_store_byte(code, i, int(hexcode[2 * i:2 * i + 2], 16))
        code_make_executable(code, size)
        flush_icache(code, size)
        result = ADD.call(code, 40, 2)
        code_free(code, size)
        block = MALLOC.call(malloc_function_address(), 64)
        zeroed = raw_load_word(block, 0) == 0 and raw_load_word(block, 56) == 0
        os.write(1, (str(result) + " " + str(zeroed) + "\\n").encode("latin-1"))
        return 0
""")


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rawcode") / "rawcode.py"
    path.write_text(PROGRAM)
    return path


@pytest.mark.skipif(platform.machine() != "x86_64", reason="the host must run x86-64 code")
def test_untranslated_calls_host_code(program: Path) -> None:
    result = run_untranslated(program, [ADD_CODE["x86_64"]])
    assert result.stdout == b"42 True\n", result.stderr


@pytest.mark.parametrize("target_name", TARGETS)
def test_translated_calls_target_code(program: Path, target_name: str, targets_by_name,
                                      build_and_run) -> None:
    result = build_and_run(program, targets_by_name[target_name], [ADD_CODE[target_name]])
    assert result.stdout == b"42 True\n", result.stderr
    assert result.returncode == 0
