"""Subset program: x86-64 code emitted by the translated encoder, run from W^X memory.

`encoders_x86_64 A B N` prints add(A, B), the sum 1..N (a loop with a backward branch
through a label and a forward exit), and a constant that needs movabs.
"""

import os

from jit.backend.codebuf import LE
from jit.backend.x86_64.codebuilder import CodeBuilder
from jit.backend.x86_64.registers import RAX, RDI, RSI
from toolchain.rlib.rawmem import (WORD, FuncSig, code_alloc, code_free,
                                   code_make_executable, flush_icache)

BINARY = FuncSig([WORD, WORD], WORD)
UNARY = FuncSig([WORD], WORD)
CODE_SIZE = 4096
CONSTANT = 0x123456789AB


def emit_add() -> CodeBuilder:
    b = CodeBuilder()
    b.mov_rr(RAX, RDI)
    b.add_rr(RAX, RSI)
    b.ret()
    return b


def emit_sum() -> CodeBuilder:
    b = CodeBuilder()
    top = b.new_label()
    done = b.new_label()
    b.load_imm(RAX, 0)
    b.bind(top)
    b.test_rr(RDI, RDI)
    b.jcc_label(LE, done)
    b.add_rr(RAX, RDI)
    b.sub_ri(RDI, 1)
    b.jmp_label(top)
    b.bind(done)
    b.ret()
    return b


def emit_constant() -> CodeBuilder:
    # Returns CONSTANT + its argument, so the result is not folded anywhere.
    b = CodeBuilder()
    b.load_imm(RAX, CONSTANT)
    b.add_rr(RAX, RDI)
    b.ret()
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
    constant = install(emit_constant())
    say("add %d" % BINARY.call(add, a, b))
    say("sum %d %d" % (UNARY.call(total, n), UNARY.call(total, 0)))
    say("const %d" % UNARY.call(constant, 0))
    code_free(add, CODE_SIZE)
    code_free(total, CODE_SIZE)
    code_free(constant, CODE_SIZE)
    return 0
