"""Subset program: AArch64 code emitted by the translated encoder, run from W^X memory.

`encoders_aarch64 A B N` prints add(A, B), the sum 1..N (a loop with a backward branch
through a label and a forward cbz exit), and constants built by movz/movk and by orr with
a logical immediate.
"""

import os

from jit.backend.aarch64.codebuilder import CodeBuilder
from jit.backend.aarch64.registers import X0, X1, X2
from toolchain.rlib.rawmem import (WORD, FuncSig, code_alloc, code_free,
                                   code_make_executable, flush_icache)

BINARY = FuncSig([WORD, WORD], WORD)
UNARY = FuncSig([WORD], WORD)
CODE_SIZE = 4096
WIDE = 0x123456789ABC          # movz + movk + movk
PATTERN = 0x5555555555555555   # orr x1, xzr, #pattern


def emit_add() -> CodeBuilder:
    b = CodeBuilder()
    b.add_rr(X0, X0, X1)
    b.ret(None)
    return b


def emit_sum() -> CodeBuilder:
    b = CodeBuilder()
    top = b.new_label()
    done = b.new_label()
    b.load_imm(X2, 0)
    b.bind(top)
    b.cbz_label(X0, done)
    b.add_rr(X2, X2, X0)
    b.sub_ri(X0, X0, 1)
    b.b_label(top)
    b.bind(done)
    b.mov_rr(X0, X2)
    b.ret(None)
    return b


def emit_constants() -> CodeBuilder:
    # WIDE + (PATTERN & the argument): both constants must be right.
    b = CodeBuilder()
    b.load_imm(X1, PATTERN)
    b.and_rr(X1, X1, X0)
    b.load_imm(X0, WIDE)
    b.add_rr(X0, X0, X1)
    b.ret(None)
    return b


def install(b: CodeBuilder) -> int:
    """Copy the code into fresh code memory, switch it to read/execute, return it."""
    address = code_alloc(CODE_SIZE)
    b.copy_to_raw(address)
    code_make_executable(address, CODE_SIZE)
    flush_icache(address, CODE_SIZE)
    return address


def say(line: str) -> None:
    os.write(1, (line + "\n").encode("latin-1"))


def entry_point(argv: list[str]) -> int:
    a, b, n = int(argv[1]), int(argv[2]), int(argv[3])
    add = install(emit_add())
    total = install(emit_sum())
    constants = install(emit_constants())
    say("add %d" % BINARY.call(add, a, b))
    say("sum %d %d" % (UNARY.call(total, n), UNARY.call(total, 0)))
    say("const %d %d" % (UNARY.call(constants, 0), UNARY.call(constants, 0xFF)))
    code_free(add, CODE_SIZE)
    code_free(total, CODE_SIZE)
    code_free(constants, CODE_SIZE)
    return 0
